@testable import DeckCore
import Testing

@Suite struct HelpGlossaryTests {
    @Test func glossaryExplainsEveryColumnAndEveryState() {
        let text = HelpOverlay.glossary.map { $0.0 + " " + $0.1 }.joined(separator: "\n")
        for column in WorkersPanel.columns { #expect(text.contains(column.title), "column \(column.title)") }
        for state in WorkerState.allCases { #expect(text.contains(state.label), "state \(state.label)") }
        for word in ["daemon", "non-daemon", "fate", "Thread", "Task", "Dispatch", "process"] {
            #expect(text.contains(word), "\(word)")
        }
    }

    @Test func helpFitsIn80x24WithEveryKeyAndTheWholeGlossary() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 0))
        state.overlay = .help
        let screen = DashboardView.render(state, width: 80, height: 24)
        for line in KeyMap.helpLines { #expect(screen.contains(line.help), "key help \(line.help)") }
        for (left, right) in HelpOverlay.glossary {
            #expect(screen.contains(left), "\(left)")
            #expect(screen.contains(right), "\(right)")
        }
    }

    @Test func selfCostShowsInTheStatusBar() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 0))
        state.selfCost = SelfCost(cpuPercent: 0.3, residentBytes: 12 * 1_048_576)
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.lines[23].contains("cpu 0.3% · 12.0 MB"))
    }
}
