import ArgumentParser
import DeckCore
import DeckTerminal

/// `daemondeck scenario NAME`: internal programs. Lessons run `daemon-exit` and `job` as real child
/// processes; `crash` opens the dashboard and traps after a second (`stack-overflow` overflows the UI
/// thread's stack instead), to show that a fatal signal still leaves the terminal sane.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Run one of the child scenarios that lessons start, or crash (internal).",
        shouldDisplay: false
    )

    static let crash = "crash"
    /// The dashboard's UI thread overflows its stack: the rescue must run on its alternate signal stack.
    static let stackOverflow = "stack-overflow"
    static var names: [String] { ChildScenario.allCases.map(\.rawValue) + [crash, stackOverflow] }

    @Argument(help: "daemon-exit, job, crash or stack-overflow.")
    var name: String

    func validate() throws {
        guard Self.names.contains(name) else {
            throw ValidationError("unknown scenario '\(name)' (scenarios: \(Self.names.joined(separator: ", ")))")
        }
    }

    func run() throws {
        if name == Self.crash || name == Self.stackOverflow {
            var config = DeckConfig()
            config.snapshotWriter = false
            _ = try DashboardSession(config: config, color: true, ascii: false, crashAfterMs: 1000,
                                     crashKind: name == Self.crash ? .trap : .stackOverflow).run()
            return
        }
        guard let scenario = ChildScenario(rawValue: name) else { return }
        // main returns here; the process exits without waiting for threads it never joined.
        ChildScenarios.run(scenario)
    }
}
