import DeckCore
import Foundation

/// One dashboard run from start to summary: signals first, then the terminal, the loop, the join of
/// non-daemon workers, the restore (on every way out), and the quit summary on standard output.
public struct DashboardSession {
    let config: DeckConfig
    let color: Bool
    let ascii: Bool
    let lesson: Lesson?

    public init(config: DeckConfig, color: Bool, ascii: Bool, lesson: Lesson? = nil) {
        var config = config
        lesson?.apply(to: &config)
        self.lesson = lesson
        self.config = config
        self.color = color
        self.ascii = ascii
    }

    public func run() throws -> Int32 {
        guard let waker = Waker() else { throw TerminalError.cannotOpen(term: "no pipe") }
        SignalTrap.install(waker: waker)
        let started = monotonicNanos()
        let terminal: Terminal
        do {
            terminal = try Terminal(color: color, ascii: ascii)
        } catch {
            FileHandle.standardError.write(Data("daemondeck: \(error)\n".utf8))
            return 1
        }
        let engine = Engine(config: config, waker: waker)
        let code: Int32
        do {
            defer { terminal.restore() }
            code = DashboardLoop(engine: engine, terminal: terminal, waker: waker, lesson: lesson).run()
            if case .exiting(_, let forced) = engine.state.quit, !forced {
                // A real join: the non-daemon workers have said they are done; wait until their threads are.
                _ = engine.runner.joinNonDaemonWorkers(timeout: 5)
            }
        }
        engine.drain()
        if let path = config.logPath { engine.exportLogNow(to: path) }
        if let path = config.tracePath { engine.exportTraceNow(to: path) }
        engine.sampleWorkers()
        print(QuitSummary.render(engine.state, runSeconds: Double(monotonicNanos() - started) / 1e9))
        return code
    }
}
