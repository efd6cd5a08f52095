import Foundation

/// Plain mode: no curses. The same engine runs, each event is printed as a line, then the quit summary.
/// It serves pipes, CI and screen readers, and reproduces the console output of the classic examples.
public final class PlainRunner {
    private let engine: Engine
    private let waker: Waker
    private let duration: Double
    private let output: (String) -> Void
    private var printed = 0

    public init(config: DeckConfig, duration: Double, output: @escaping (String) -> Void = PlainRunner.writeLine) {
        guard let waker = Waker() else { fatalError("cannot create a pipe") }
        self.waker = waker
        self.engine = Engine(config: config, waker: waker)
        self.duration = duration
        self.output = output
    }

    /// Runs for `duration` seconds (or until a signal), then quits the way `q` does. Returns the exit status.
    public func run(installSignals: Bool = true) -> Int32 {
        if installSignals { SignalTrap.install(waker: waker) }
        let started = monotonicNanos()
        let end = started + UInt64(duration * 1_000_000_000)
        engine.start()
        var askedToQuit = false
        while true {
            for number in SignalTrap.take() { engine.process(.signal(number)) }
            engine.drain()
            engine.process(.tick)
            printNewLines()
            if engine.exitCode != nil { break }
            if !askedToQuit && monotonicNanos() >= end {
                askedToQuit = true
                engine.process(.key(.char("q")))
                continue
            }
            var timeoutMs = askedToQuit ? 100 : Int((end - min(end, monotonicNanos())) / 1_000_000) + 1
            if let due = engine.state.nextDueAt {
                timeoutMs = min(timeoutMs, max(0, engine.now.milliseconds(until: due)))
            }
            waker.wait(timeoutMs: Int32(min(timeoutMs, 1000)))
        }
        finish(started: started)
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
