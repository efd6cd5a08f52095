#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// `daemondeck watch --plain`: the same engine and run loop as every other run, with the line printer,
/// running until the watched program ends (or `q`, Ctrl-C, SIGTERM end the watch first).
public final class WatchRunner {
    public let loop: SessionLoop

    /// - Parameter recorder: `--record FILE`: every event of the watch, for `daemondeck replay`.
    public init(target: WatchTarget, keyboard: Bool = false, logPath: String? = nil, recorder: EventRecorder? = nil,
                output: @escaping (String) -> Bool = { LinePrinter.writeLine($0) }) {
        guard let waker = Waker() else { fatalError("cannot create a pipe") }
        var target = target
        target.quitWhenEnded = true
        let engine = Engine(config: Self.config(for: target, logPath: logPath), waker: waker)
        engine.recorder = recorder
        loop = SessionLoop(engine: engine, frontend: LinePrinter(output: output, keyboard: keyboard),
                           waker: waker, interactive: false)
    }

    /// The demonstration's workers stay off: the run is the watched program.
    public static func config(for target: WatchTarget, logPath: String? = nil) -> DeckConfig {
        var config = DeckConfig()
        config.watch = target
        config.monitors = 0
        config.snapshotWriter = false
        config.alarmAtLaunch = false
        config.auto = false
        config.logPath = logPath
        return config
    }

    /// Runs to the end; returns the exit status: the program's own (or 128 + its signal) when it ended by
    /// itself, daemondeck's (130 for Ctrl-C, 143 for SIGTERM) when the watch was ended first. Whatever
    /// way it ends, nothing of the program's process group is left running.
    public func run(installSignals: Bool = true) -> Int32 {
        if installSignals { SignalTrap.install(waker: loop.waker) }
        loop.start()
        while loop.turn() {}
        // A forced quit (q twice, or a signal's grace period over) leaves the program to this last act,
        // which the log and the summary still report.
        for killed in WatchedGroups.killAll(startedFor: loop.engine.inbox) {
            loop.engine.process(.watch(.signalled(SIGKILL, graceMs: nil)))
            loop.engine.process(.watch(.programEnded(killed.ending, seconds: loop.engine.state.watch?.runSeconds(now: loop.engine.now) ?? 0)))
        }
        // The run ends as soon as the program's end is reported, a moment before its worker's thread
        // returns: join it, so daemondeck leaves no thread of its own behind either.
        for case let watched as WatchedProgram in loop.engine.runner.registry.all { _ = watched.join(timeoutMs: 5000) }
        let code = loop.finish()
        return Self.status(code: code, state: loop.engine.state)
    }

    /// daemondeck's status unless the run simply ended with the program: then the program's.
    public static func status(code: Int32, state: AppState) -> Int32 {
        guard code == 0, let ending = state.watch?.ending, let status = ending.shellStatus else { return code }
        return status
    }

    public var finalState: AppState { loop.engine.state }
}
