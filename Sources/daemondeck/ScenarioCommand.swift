import ArgumentParser
import DeckCore

/// `daemondeck scenario NAME`: an internal program that lessons run as a real child process.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Run one of the child scenarios that lessons start (internal).",
        shouldDisplay: false
    )

    @Argument(help: "daemon-exit or job.")
    var name: String

    func validate() throws {
        guard ChildScenario(rawValue: name) != nil else {
            throw ValidationError("unknown scenario '\(name)' (scenarios: \(ChildScenario.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    func run() throws {
        guard let scenario = ChildScenario(rawValue: name) else { return }
        // main returns here; the process exits without waiting for threads it never joined.
        ChildScenarios.run(scenario)
    }
}
