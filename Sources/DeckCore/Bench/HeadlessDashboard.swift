/// The dashboard without a terminal: the same engine, the same frame policy, rendering into a buffer.
/// The bench runs it to measure idle CPU and the headless key-to-frame latency.
public final class HeadlessDashboard {
    public let engine: Engine
    public let waker: Waker
    public private(set) var buffer: ScreenBuffer
    public private(set) var frames = 0
    private var scheduler = FrameScheduler()

    public init(config: DeckConfig, width: Int = 80, height: Int = 24) {
        guard let waker = Waker() else { fatalError("cannot create a pipe") }
        self.waker = waker
        engine = Engine(config: config, waker: waker)
        buffer = ScreenBuffer(width: width, height: height)
        engine.process(.resize(width: width, height: height))
        engine.start()
    }

    /// Runs the loop for `seconds`: sleep in poll(2) until an event or the next frame, drain, render.
    public func run(seconds: Double) {
        let end = monotonicNanos() + UInt64(seconds * 1e9)
        while true {
            if engine.drain() > 0 { scheduler.dirty = true }
            if engine.runDueWork() { scheduler.dirty = true }
            let now = monotonicNanos()
            if now >= end { return }
            if scheduler.isDue(now: now) { renderFrame() }
            let dueIn = engine.state.nextDueAt.map { engine.now.milliseconds(until: $0) }
            let untilEnd = Int32((end - now) / 1_000_000 + 1)
            waker.wait(timeoutMs: min(untilEnd, scheduler.sleepMilliseconds(now: monotonicNanos(), dueInMs: dueIn)))
        }
    }

    /// One key the way the dashboard handles it: reduce, drain what it caused, draw. Returns nanoseconds
    /// from the key being handed over to the frame being in the buffer.
    public func press(_ key: Key) -> UInt64 {
        let read = monotonicNanos()
        scheduler.keyPressed()
        engine.process(.key(key))
        engine.drain()
        renderFrame()
        return monotonicNanos() - read
    }

    /// Stops every worker cooperatively and waits (up to 5 s) for the non-daemon ones.
    public func stop() {
        for row in engine.state.workers where row.isAlive { engine.runner.run(.stopWorker(row.id)) }
        _ = engine.runner.joinNonDaemonWorkers(timeout: 5)
        engine.drain()
    }

    private func renderFrame() {
        engine.process(.tick)
        engine.sampleWorkers()
        DashboardView.render(engine.state, into: &buffer)
        frames += 1
        scheduler.frameDrawn(at: monotonicNanos())
    }
}
