import DeckCore
/// Time to render a full dashboard frame into the screen buffer, with a realistic state: a full log,
/// eight workers with live figures, the alarm half way.
public enum RenderBench {
    /// The state a busy dashboard is in, built through the reducer (no threads are started).
    public static func busyState(width: Int, height: Int, logEntries: Int = 10_000) -> AppState {
        var config = DeckConfig()
        config.monitors = 6
        config.seed = 7
        let start = Timestamp(milliseconds: 1_700_000_000_000)
        var state = AppState(config: config, now: start)
        _ = Reducer.start(&state)
        var at = start
        func apply(_ event: DeckEvent) {
            at = at.adding(milliseconds: 1)
            _ = Reducer.reduce(&state, PostedEvent(at: at, event: event))
        }
        apply(.resize(width: width, height: height))
        let ids = state.workers.map(\.id)
        for id in ids { apply(.workerRunning(worker: id)) }
        let monitors = state.workers.filter { $0.role == .monitor }.map(\.id)
        var random = SeededRandom(seed: 7)
        var version = 0
        while state.log.totalAppended < logEntries {
            version += Int(random.unit() * 3) + 1
            let reading = SharedValueReading(value: (random.unit() * 5000).rounded() / 1000, version: version)
            let monitor = monitors[version % monitors.count]
            let missed = version % 7 == 0 ? (version - 1)...(version - 1) : nil
            apply(.changeDetected(worker: monitor, index: version % 2, reading: reading, missedVersions: missed))
        }
        if let alarm = state.alarm.workerID {
            apply(.alarmTicked(worker: alarm, n: 1, total: state.alarm.total))
            apply(.alarmTicked(worker: alarm, n: 2, total: state.alarm.total))
        }
        apply(.workersSampled(ids.map { WorkerSample(id: $0, state: .sleeping, polls: 12_345 + $0, seen: 4_321, missed: 17, iterations: 12_345) }))
        return state
    }

    /// Milliseconds per full frame, `iterations` frames at `width` x `height`.
    public static func run(width: Int, height: Int, iterations: Int) -> SampleStats {
        let state = busyState(width: width, height: height)
        var buffer = ScreenBuffer(width: width, height: height)
        for _ in 0..<min(50, iterations) { DashboardView.render(state, into: &buffer) }  // warm caches
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let before = monotonicNanos()
            DashboardView.render(state, into: &buffer)
            samples.append(Double(monotonicNanos() - before) / 1e6)
        }
        return SampleStats(samples)
    }
}
