import DeckCore

/// The dashboard without a terminal: the real run loop with a headless frontend, so the bench measures
/// the frame policy and the loop the dashboard really uses.
public final class HeadlessDashboard {
    public let loop: SessionLoop
    private let frontend: HeadlessFrontend
    public var engine: Engine { loop.engine }
    public var frames: Int { frontend.frames }

    public init(config: DeckConfig, width: Int = 80, height: Int = 24) {
        guard let waker = Waker() else { fatalError("cannot create a pipe") }
        frontend = HeadlessFrontend(width: width, height: height)
        loop = SessionLoop(engine: Engine(config: config, waker: waker), frontend: frontend, waker: waker, interactive: true)
        loop.start()
    }

    /// Turns the loop for `seconds`.
    public func run(seconds: Double) {
        let end = monotonicNanos() + UInt64(seconds * 1e9)
        while true {
            let now = monotonicNanos()
            guard now < end, loop.turn(maxSleepMs: Int32((end - now) / 1_000_000 + 1)) else { return }
        }
    }

    /// One key the way the dashboard handles it: reduce, drain what it caused, draw. Returns nanoseconds
    /// from the key being handed over to the frame being in the buffer.
    public func press(_ key: Key) -> UInt64 {
        let read = monotonicNanos()
        engine.process(.key(key))
        engine.drain()
        _ = frontend.present(engine.state)
        return monotonicNanos() - read
    }

    /// Quits as `q` does (a force if a join takes longer than 5 s), so no worker outlives the measurement.
    public func stop() {
        engine.process(.quitRequested)
        let end = monotonicNanos() + 5_000_000_000
        while loop.turn(maxSleepMs: 50) {
            if monotonicNanos() > end { engine.process(.quitRequested) }
        }
        _ = loop.finish()
    }
}
