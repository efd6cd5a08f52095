import Foundation

/// Plain mode: no curses. The same engine runs, each event is printed as a line, then the quit summary.
/// It serves pipes, CI and screen readers, and reproduces the console output of the classic examples.
public final class PlainRunner {
    private let engine: Engine
    private let waker: Waker
    private let duration: Double
    private let output: (String) -> Void
    private var printed = 0
    /// With a lesson, the run lasts as long as the lesson (not `duration`).
    private let lesson: Lesson?
    private let lessonSpeed: Double
    /// The first expectation that failed, once a lesson run is over.
    public private(set) var lessonFailure: String?

    public init(config: DeckConfig, duration: Double, lesson: Lesson? = nil, lessonSpeed: Double = 1,
                output: @escaping (String) -> Void = PlainRunner.writeLine) {
        guard let waker = Waker() else { fatalError("cannot create a pipe") }
        var config = config
        lesson?.apply(to: &config)
        self.waker = waker
        self.engine = Engine(config: config, waker: waker)
        self.duration = duration
        self.lesson = lesson
        self.lessonSpeed = lessonSpeed
        self.output = output
    }

    /// The engine, for tests that look at the state after a run.
    public var finalState: AppState { engine.state }

    /// Runs for `duration` seconds (or until a signal), then quits the way `q` does. Returns the exit status.
    public func run(installSignals: Bool = true) -> Int32 {
        if installSignals { SignalTrap.install(waker: waker) }
        let started = monotonicNanos()
        let end = lesson == nil ? started + UInt64(duration * 1_000_000_000) : UInt64.max
        engine.start()
        let player = lesson.map { lesson in
            let player = LessonPlayer(engine: engine, interactive: false, speed: lessonSpeed)
            player.begin(lesson)
            return player
        }
        var askedToQuit = false
        while true {
            for number in SignalTrap.take() { engine.process(.signal(number)) }
            engine.drain()
            engine.process(.tick)
            player?.advance()
            printNewLines()
            if engine.exitCode != nil { break }
            if !askedToQuit && (monotonicNanos() >= end || player?.finished == true) {
                askedToQuit = true
                engine.process(.key(.char("q")))
                continue
            }
            var timeoutMs = askedToQuit ? 100 : Int((end - min(end, monotonicNanos())) / 1_000_000) + 1
            if let due = engine.state.nextDueAt {
                timeoutMs = min(timeoutMs, max(0, engine.now.milliseconds(until: due)))
            }
            if let wake = player?.nextWakeMs { timeoutMs = min(timeoutMs, wake) }
            waker.wait(timeoutMs: Int32(min(timeoutMs, 1000)))
        }
        finish(started: started)
        if let player {
            let unfinished = player.finished ? nil : "\(player.lesson?.file ?? "lesson"): stopped before its last step"
            lessonFailure = player.firstFailure ?? unfinished
            if let failure = lessonFailure {
                output("lesson failed: \(failure)")
                return engine.exitCode.map { $0 == 0 ? 1 : $0 } ?? 1
            }
        }
        return engine.exitCode ?? 0
    }

    private func finish(started: UInt64) {
        _ = engine.runner.joinNonDaemonWorkers(timeout: 10)
        engine.drain()
        if let path = engine.state.config.logPath {
            engine.exportLogNow(to: path)
        }
        if let path = engine.state.config.tracePath { engine.exportTraceNow(to: path) }
        printNewLines()
        engine.sampleWorkers()
        let seconds = Double(monotonicNanos() - started) / 1e9
        output(QuitSummary.render(engine.state, runSeconds: seconds))
    }

    /// Writes one line straight to standard output, unbuffered, so a pipe (or a parent process) sees it at once.
    public static func writeLine(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
    }

    private func printNewLines() {
        let log = engine.state.log
        let fresh = log.totalAppended - printed
        guard fresh > 0 else { return }
        let available = min(fresh, log.count)
        if available < fresh { output("… \(fresh - available) events fell out of the log before they could be printed") }
        for index in (log.count - available)..<log.count { output(log[index].line) }
        printed = log.totalAppended
    }
}
