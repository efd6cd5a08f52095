import DeckCore
import Testing

/// The Workers panel scrolls to what the user just made or picked: a new monitor and a selected row are drawn.
@Suite struct WorkersWindowTests {
    func state(monitors: Int) -> AppState {
        var config = DeckConfig()
        config.seed = 1
        var state = AppState(config: config, now: Timestamp(milliseconds: 1000))
        _ = Reducer.start(&state)
        for _ in 0..<monitors { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("m")))) }
        return state
    }

    /// The Workers panel's rows as text.
    func workerRows(_ state: AppState) -> [String] {
        let layout = DashboardLayout(width: 80, height: 24, state: state)
        let lines = DashboardView.render(state, width: 80, height: 24).lines
        return lines[(layout.workers.y + 2)..<(layout.workers.maxY - 1)].map { String($0) }
    }

    @Test func theNewestMonitorIsDrawnNotCountedAsMore() throws {
        let state = state(monitors: 9)
        let alive = state.workers.filter(\.isAlive)
        let newest = try #require(alive.last)
        let rows = workerRows(state)
        #expect(rows.contains { $0.contains(newest.name) }, "after m the new \(newest.name) is on screen\n\(rows.joined(separator: "\n"))")
        #expect(rows.contains { $0.contains("more (a taller terminal shows them)") && $0.contains("above") },
                "the rows scrolled past are counted\n\(rows.joined(separator: "\n"))")
    }

    @Test func whileFrozenTabSelectsARowThatIsDrawn() throws {
        var state = state(monitors: 9)
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("z"))))
        var seen = Set<String>()
        for _ in 0..<12 {
            _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.tab)))
            let id = try #require(state.freeze.selectedWorker)
            let name = state.workerName(id)
            seen.insert(name)
            let rows = workerRows(state)
            #expect(rows.contains { $0.contains(name) }, "selected \(name) is drawn\n\(rows.joined(separator: "\n"))")
        }
        #expect(seen.count > 3, "Tab went through several workers")
    }
}

/// A status message longer than one row takes the row above the bar instead of being cut.
@Suite struct StatusMessageTests {
    @Test func aLongMessageIsReadWholeOnTwoRows() {
        var config = DeckConfig()
        config.seed = 1
        var state = AppState(config: config, now: Timestamp(milliseconds: 1000))
        _ = Reducer.start(&state)
        let path = "/tmp/exports/daemondeck-log-1796639858654.trace.json"
        let message = "trace written to \(path) (open it in ui.perfetto.dev)  then press e again"
        state.status = (text: message, at: state.now)
        let layout = DashboardLayout(width: 80, height: 24, state: state)
        #expect(layout.statusTwoRows)
        let lines = DashboardView.render(state, width: 80, height: 24).lines.map { String($0) }
        let bar = lines[22] + " " + lines[23]
        #expect(bar.contains(path), "the path is whole\n\(bar)")
        #expect(bar.contains("ui.perfetto.dev)  then press e again"), "spacing kept, nothing lost\n\(bar)")
        #expect(lines[23].hasSuffix("? help  q quit"), "the essentials stay\n\(bar)")
    }
}
