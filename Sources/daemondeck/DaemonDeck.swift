import ArgumentParser
import DeckCore

/// `daemondeck`: the root command. With no subcommand it opens the dashboard.
struct DaemonDeck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemondeck",
        abstract: "A live terminal dashboard that makes background work visible.",
        discussion: """
            The main loop (you at the keyboard, or a lesson) changes shared values; real background workers \
            (monitor threads, an alarm task, a non-daemon snapshot writer) notice and report it in the event log. \
            Press ? in the dashboard for every key.
            """,
        subcommands: [Dashboard.self, ReplayCommand.self, LessonsCommand.self, BoardsCommand.self, Bench.self, WatchCommand.self, ScenarioCommand.self,
                      Flood.self, MeasureKeysCommand.self],
        defaultSubcommand: Dashboard.self
    )
}
