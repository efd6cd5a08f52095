import CDeckSystem
import DeckCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// One dashboard run from start to summary: signals first, then the terminal (and its rescue for fatal
/// signals), the run loop, the restore (on every way out), and the quit summary on standard output.
public struct DashboardSession {
    let config: DeckConfig
    let color: Bool
    let ascii: Bool
    let lesson: Lesson?
    let theme: Theme
    /// For `daemondeck scenario crash`: crash this long after the first frame, to prove the rescue works.
    let crashAfterMs: Int?
    /// How that crash happens: a trap (`fatalError`), or a stack overflow on the UI thread, which only a
    /// handler on an alternate signal stack can survive long enough to restore the terminal.
    let crashKind: DeliberateCrash
    /// Called after each frame with when the oldest key it shows was read (key-to-screen latency).
    let onFrame: ((_ keyReadAt: UInt64?, _ drawnAt: UInt64) -> Void)?
    /// Writes the run to a file as it goes (`--record`).
    let recorder: EventRecorder?
    /// `--answers`: the lesson's questions answered in order.
    let answers: [Int]
    /// The bench's flood (`EventFlood`): this many events posted into the running dashboard. Set only by
    /// the hidden `daemondeck flood --dashboard`, never by the shipped dashboard.
    let flood: Int?

    public init(config: DeckConfig, color: Bool, ascii: Bool, theme: Theme = .dark, lesson: Lesson? = nil,
                crashAfterMs: Int? = nil, crashKind: DeliberateCrash = .trap, recorder: EventRecorder? = nil, answers: [Int] = [], flood: Int? = nil,
                onFrame: ((_ keyReadAt: UInt64?, _ drawnAt: UInt64) -> Void)? = nil) {
        self.flood = flood
        self.recorder = recorder
        self.answers = answers
        self.onFrame = onFrame
        self.lesson = lesson
        self.theme = theme
        self.config = config
        self.color = color
        self.ascii = ascii
        self.crashAfterMs = crashAfterMs
        self.crashKind = crashKind
    }

    /// What puts a terminal back when the process dies of a signal: leave the alternate screen, show the
    /// cursor, turn mouse reporting off, reset colours.
    static let rescueBytes = Array("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n".utf8)

    /// Arms the rescue for fatal signals on the descriptor curses writes to (saving the terminal's settings
    /// before curses changes them), then
    /// opens the terminal. On failure it says why on standard error, disarms, and returns nil.
    static func openTerminal(color: Bool, ascii: Bool, theme: Theme) -> Terminal? {
        rescueBytes.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { _ = deck_rescue_arm(Terminal.outputDescriptor, $0.baseAddress, $0.count) }
        }
        do {
            return try Terminal(color: color, ascii: ascii, theme: theme)
        } catch {
            deck_rescue_disarm()
            LinePrinter.writeError("daemondeck: \(error)")
            return nil
        }
    }

    public func run() throws -> Int32 {
        guard let waker = Waker() else { throw TerminalError.cannotOpen(term: "no pipe") }
        SignalTrap.install(waker: waker)
        guard let terminal = Self.openTerminal(color: color, ascii: ascii, theme: theme) else { return 1 }
        let engine = Engine(config: config, waker: waker)
        engine.recorder = recorder
        let frontend = TerminalFrontend(terminal: terminal)
        let loop = SessionLoop(engine: engine, frontend: frontend, waker: waker, interactive: true)
        loop.onFrame = onFrame
        loop.player.answers = answers
        let code: Int32
        do {
            defer {
                terminal.restore()
                deck_rescue_disarm()
            }
            loop.start(lesson: lesson, catalog: LessonLibrary.loadShipped().lessons.map(LessonSummary.init))
            let flooder = flood.map { EventFlood(count: $0, into: engine.inbox) }
            defer { flooder?.stop() }
            let crashAt = crashAfterMs.map { monotonicNanos() + UInt64($0) * 1_000_000 }
            while loop.turn(maxSleepMs: crashAt == nil ? FrameScheduler.longestSleepMilliseconds : 50) {
                if let crashAt, monotonicNanos() >= crashAt {
                    switch crashKind {
                    case .trap: fatalError("daemondeck scenario crash: a deliberate trap with the dashboard open")
                    case .stackOverflow: _ = recurseWithoutEnd(0)
                    }
                }
            }
            code = loop.finish()
        }
        if let summary = frontend.summary { print(summary) }
        return code
    }
}

/// The crashes `daemondeck scenario` can cause on purpose.
public enum DeliberateCrash: Sendable {
    case trap
    case stackOverflow
}

/// Recursion that never ends and cannot become a loop (each frame's local is read after the call
/// returns): the UI thread's stack overflows, and the kernel sends SIGSEGV.
@inline(never)
func recurseWithoutEnd(_ depth: Int) -> Int {
    var local = depth
    return withUnsafeMutablePointer(to: &local) { pointer in recurseWithoutEnd(pointer.pointee &+ 1) &+ pointer.pointee }
}
