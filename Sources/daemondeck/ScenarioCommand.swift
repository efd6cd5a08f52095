import ArgumentParser
import DeckCore
import DeckTerminal

/// `daemondeck scenario NAME`: internal programs. Lessons run `daemon-exit` and `job` as real child
/// processes; `crash` opens the dashboard and traps after a second, to show that a fatal signal still
/// leaves the terminal sane.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Run one of the child scenarios that lessons start, or crash (internal).",
        shouldDisplay: false
    )

    static let crash = "crash"
    static var names: [String] { ChildScenario.allCases.map(\.rawValue) + [crash] }

    @Argument(help: "daemon-exit, job or crash.")
    var name: String

    func validate() throws {
        guard Self.names.contains(name) else {
            throw ValidationError("unknown scenario '\(name)' (scenarios: \(Self.names.joined(separator: ", ")))")
        }
    }

    func run() throws {
        if name == Self.crash {
            var config = DeckConfig()
            config.snapshotWriter = false
            _ = try DashboardSession(config: config, color: true, ascii: false, crashAfterMs: 1000).run()
            return
        }
        guard let scenario = ChildScenario(rawValue: name) else { return }
        // main returns here; the process exits without waiting for threads it never joined.
        ChildScenarios.run(scenario)
    }
}
