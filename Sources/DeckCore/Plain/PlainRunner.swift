import CDeckSystem
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Plain mode's frontend: no curses. Each new log line is printed as it comes, then the quit summary.
/// It serves pipes, CI and screen readers, and reproduces the console output of the classic examples.
/// On a terminal it reads keys too, so `q` quits (as Ctrl-C does); when nobody reads the output any
/// more (`| head` has gone), the run ends at once.
public final class LinePrinter: Frontend {
    private let output: (String) -> Bool
    private var printed = 0
    private var closed = false
    private let keyboard: PlainKeyboard?

    /// - Parameters:
    ///   - output: writes one line; returns false when the reader has gone.
    ///   - keyboard: read keys from the terminal on standard input.
    public init(output: @escaping (String) -> Bool = { LinePrinter.writeLine($0) }, keyboard: Bool = false) {
        self.output = output
        self.keyboard = keyboard ? PlainKeyboard() : nil
        var status = stat()
        let isPipe = fstat(STDOUT_FILENO, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO
        outputDescriptor = isPipe ? STDOUT_FILENO : nil
        if self.keyboard != nil { _ = output("daemondeck: printing events as lines; q or Ctrl-C quits") }
    }

    public var inputDescriptor: Int32? { keyboard == nil ? nil : STDIN_FILENO }
    /// Standard output when it is a pipe, watched so the run ends as soon as the reader has gone.
    public let outputDescriptor: Int32?
    public var drawsFrames: Bool { false }

    public func readInput() -> [FrontendInput] {
        var input = keyboard?.readKeys().map(FrontendInput.key) ?? []
        if !closed, let fd = outputDescriptor {
            var check = pollfd(fd: fd, events: 0, revents: 0)
            if poll(&check, 1, 0) > 0, check.revents & Int16(POLLERR | POLLHUP) != 0 { closed = true }
        }
        if closed { input.append(.outputClosed) }
        return input
    }

    public func present(_ state: AppState) -> [DeckEvent] {
        printNewLines(state.log)
        return []
    }

    public func finish(_ state: AppState, summary: String) {
        printNewLines(state.log)
        keyboard?.restore()
        guard !closed else { return }
        for line in summary.split(separator: "\n", omittingEmptySubsequences: false) where !output(String(line)) { return }
    }

    private func printNewLines(_ log: EventLog) {
        guard !closed else { return }
        let fresh = log.totalAppended - printed
        guard fresh > 0 else { return }
        let available = min(fresh, log.count)
        printed = log.totalAppended
        if available < fresh, !output("… \(fresh - available) events fell out of the log before they could be printed") {
            closed = true
            return
        }
        for index in (log.count - available)..<log.count where !output(log[index].line) {
            closed = true
            return
        }
    }

    /// A line on standard error (`daemondeck: no such file`), for messages that are not the run's output.
    @discardableResult
    public static func writeError(_ line: String) -> Bool { writeLine(line, to: STDERR_FILENO) }

    /// Writes one line straight to standard output (or `descriptor`), unbuffered, so a pipe (or a parent process) sees it at
    /// once. Returns false when the reader has gone (`EPIPE`: SIGPIPE is ignored, so `write` says so).
    public static func writeLine(_ line: String, to descriptor: Int32 = STDOUT_FILENO) -> Bool {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }
}

/// Keys for plain mode on a terminal: the terminal is put in non-canonical, no-echo mode (no curses), so
/// `q` needs no Enter; the settings are put back at the end.
final class PlainKeyboard {
    private var saved = termios()
    private let active: Bool

    init?() {
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        // A fatal signal puts these settings back before the process dies, as in the dashboard.
        _ = deck_rescue_arm(STDIN_FILENO, "", 0)
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        active = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0
    }

    func readKeys() -> [Key] {
        guard active else { return [] }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(STDIN_FILENO, &buffer, buffer.count)
        guard count > 0 else { return [] }
        return buffer[0..<count].compactMap { byte in byte == UInt8(ascii: "q") || byte == UInt8(ascii: "Q") ? .char("q") : nil }
    }

    func restore() {
        if active { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        deck_rescue_disarm()
    }
}

/// Plain mode from start to summary: the same engine and run loop as the dashboard, with a line printer.
public final class PlainRunner {
    public let loop: SessionLoop
    private let lesson: Lesson?

    public init(config: DeckConfig, duration: Double, lesson: Lesson? = nil, lessonSpeed: Double = 1,
                keyboard: Bool = false, recorder: EventRecorder? = nil, answers: [Int] = [],
                output: @escaping (String) -> Bool = { LinePrinter.writeLine($0) }) {
        guard let waker = Waker() else { fatalError("cannot create a pipe") }
        self.lesson = lesson
        var config = config
        lesson?.apply(to: &config)  // the command line has already put its own values into the lesson's settings
        let engine = Engine(config: config, waker: waker)
        engine.recorder = recorder
        loop = SessionLoop(engine: engine,
                           frontend: LinePrinter(output: output, keyboard: keyboard),
                           waker: waker, interactive: false, lessonSpeed: lessonSpeed, seconds: duration)
        loop.player.answers = answers
    }

    /// The state after a run, for tests.
    public var finalState: AppState { loop.engine.state }

    /// The first expectation that failed, once a lesson run is over.
    public var lessonFailure: String? { loop.lessonFailure }

    /// Runs for `duration` seconds, or the lesson's length, or until a signal or `q`; then quits the way
    /// `q` does. Returns the exit status.
    public func run(installSignals: Bool = true) -> Int32 {
        if installSignals { SignalTrap.install(waker: loop.waker) }
        return loop.run(lesson: lesson)
    }
}
