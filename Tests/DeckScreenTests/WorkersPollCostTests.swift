import DeckCore
import Testing

/// On a wide terminal the Workers panel shows what one poll costs each monitor, from its thread's CPU time.
@Suite struct WorkersPollCostTests {
    @Test func aMonitorsCPUPerPollIsShownOnWideScreens() {
        var config = DeckConfig()
        config.monitors = 1
        config.snapshotWriter = false
        config.alarmAtLaunch = false
        var state = AppState(config: config, now: Timestamp(milliseconds: 1_000))
        _ = Reducer.start(&state)
        let id = state.workers[0].id
        var sample = WorkerSample(id: id, state: .sleeping, polls: 200, tid: 4242, cpuMs: 3)
        sample.cpuMicros = 3_000
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .workersSampled([sample])))
        #expect(state.workers[0].microsPerPoll == 15)
        let wide = DashboardView.render(state, width: 140, height: 30).text
        #expect(wide.contains("µs/poll"))
        // 3,000 µs of CPU over 200 polls: 15 µs a poll, in the row beside the thread id.
        #expect(wide.split(separator: "\n").contains { $0.contains("Monitor-1") && $0.contains("4242") && $0.contains(" 15 ") })
        let narrow = DashboardView.render(state, width: 80, height: 24).text
        #expect(!narrow.contains("µs/poll"), "80 columns keep the essential columns")
    }
}
