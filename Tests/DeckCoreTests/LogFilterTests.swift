import DeckCore
import Testing

/// `f` filters the log by worker and `/` searches it, through the same reducer as every key.
@Suite struct LogFilterTests {
    func stateWithLog() -> AppState {
        var config = DeckConfig()
        config.monitors = 0
        var state = AppState(config: config, now: Timestamp(milliseconds: 1_000))
        for (source, text) in [("Monitor-1", "data has changed to 1.000"), ("Alarm", ">tick 1/5"),
                               ("Monitor-2", "data has changed to 2.000"), ("Main", "speed = 10.500 (v1)")] {
            _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .note(source: source, text: text)))
        }
        return state
    }

    func press(_ state: inout AppState, _ keys: Key...) {
        for key in keys { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(key))) }
    }

    func shown(_ state: AppState) -> [String] {
        state.logFilter.matchingIndices(in: state.log).map { state.log[$0].source }
    }

    @Test func fCyclesThroughSourcesThenBackToAll() {
        var state = stateWithLog()
        press(&state, .char("f"))
        #expect(state.logFilter.source == "Monitor-1")
        #expect(shown(state) == ["Monitor-1"])
        press(&state, .char("f"), .char("f"), .char("f"))
        #expect(state.logFilter.source == "Main")
        press(&state, .char("f"))
        #expect(state.logFilter.source == nil)
        #expect(shown(state).count == 4)
    }

    @Test func slashTypesASearchEnterAppliesEscClears() {
        var state = stateWithLog()
        press(&state, .char("/"), .char("d"), .char("A"), .char("x"), .backspace, .char("t"), .char("a"))
        #expect(state.logFilter.draft == "dAta")
        #expect(state.logFilter.search == "")  // nothing applied while typing
        press(&state, .enter)
        #expect(state.logFilter.draft == nil)
        #expect(state.logFilter.search == "dAta")
        #expect(shown(state) == ["Monitor-1", "Monitor-2"])  // case is ignored
        press(&state, .escape)
        #expect(!state.logFilter.isActive)
        #expect(shown(state).count == 4)
    }

    @Test func keysTypedIntoTheSearchDoNotRunTheirActions() {
        var state = stateWithLog()
        press(&state, .char("/"), .char("q"), .char("m"))
        #expect(state.quit == .running)
        #expect(state.workers.isEmpty)
        press(&state, .escape)
        #expect(state.logFilter.draft == nil && state.logFilter.search.isEmpty)
    }

    @Test func workerAndSearchCombineAndTheTitleSaysSo() {
        var state = stateWithLog()
        press(&state, .char("f"), .char("/"), .char("1"), .enter)
        #expect(shown(state) == ["Monitor-1"])
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains("worker Monitor-1 · search \"1\" · 1 of 4 lines"))
        #expect(screen.contains("data has changed to 1.000"))
        #expect(!screen.contains(">tick 1/5"))
    }

    @Test func theStatusBarShowsTheSearchBeingTyped() {
        var state = stateWithLog()
        press(&state, .char("/"), .char("t"), .char("i"))
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains("search the log: ti_"))
    }
}
