@testable import DeckCore
import Testing

@Suite struct HelpGlossaryTests {
    @Test func glossaryExplainsEveryColumnAndEveryState() {
        let text = HelpOverlay.glossary.map { $0.0 + " " + $0.1 }.joined(separator: "\n")
        for column in WorkersPanel.columns where column.title != "name" { #expect(text.contains(column.title), "column \(column.title)") }
        for state in WorkerState.allCases { #expect(text.contains(state.label), "state \(state.label)") }
        // The quit summary's words, and what the polls column counts for each kind of worker.
        for word in ["daemon", "non-daemon", "abandoned", "cut off", "joined", "Thread", "Task", "Dispatch", "process",
                     "ticks", "3t", "saves", "beats", "checks", "steps", "increments", "lines"] {
            #expect(text.contains(word), "\(word)")
        }
    }

    @Test func helpFitsIn80x24WithEveryKeyAndTheWholeGlossary() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 0))
        state.overlay = .help
        let screen = DashboardView.render(state, width: 80, height: 24)
        for line in KeyMap.helpLines { #expect(screen.contains(line.help), "key help \(line.help)") }
        for (left, right) in HelpOverlay.glossary {
            if !left.isEmpty { #expect(screen.lines.contains { $0.contains(left) }, "\(left)") }
            #expect(screen.lines.contains { $0.contains(right) }, "\(right)")
        }
        #expect(!screen.text.contains("…"), "nothing in help is cut")
        // Full width: no panel border shows beside the overlay.
        for line in screen.lines.dropLast() { #expect(line.hasPrefix("┌") || line.hasPrefix("│") || line.hasPrefix("└")) }
        #expect(screen.lines.last?.contains("any key closes") == true)
    }

    @Test func watchingTheHelpExplainsEveryColumnStateAndWhatTheKeysDoToTheProgram() {
        let text = HelpOverlay.watchGlossary.map { $0.0 + " " + $0.1 }.joined(separator: "\n")
        let watch = WatchView(name: "python3")
        for column in WatchedThreadsPanel.allColumns(watch) + WatchedThreadsPanel.pythonColumns {
            #expect(text.contains(column.title), "column \(column.title)")
        }
        for state in [ProcThreadState.running, .sleeping, .diskWait, .stopped, .zombie] {
            #expect(text.contains(state.rawValue), "state \(state.rawValue)")
        }
        for word in ["SIGSTOP", "SIGCONT", "SIGTERM", "SIGKILL", "--grace", "--pid", "futex", "preempted"] {
            #expect(text.contains(word), "\(word)")
        }

        var state = WatchTimelineTests.watchedSession()
        state.overlay = .help
        let screen = DashboardView.render(state, width: 80, height: 24)
        for (left, right) in HelpOverlay.watchGlossary {
            #expect(screen.lines.contains { $0.contains(left) }, "\(left)\n\(screen.text)")
            if !right.isEmpty { #expect(screen.lines.contains { $0.contains(right) }, "\(right)\n\(screen.text)") }
        }
        #expect(!screen.text.contains("…"), "nothing in help is cut: \(screen.text)")
    }

    @Test func selfCostShowsInTheStatusBar() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 0))
        state.selfCost = SelfCost(cpuPercent: 0.3, residentBytes: 12 * 1_048_576)
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.lines[23].contains("cpu 0.3% · 12.0 MB"))
    }
}
