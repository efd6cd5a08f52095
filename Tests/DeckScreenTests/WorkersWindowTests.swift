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
