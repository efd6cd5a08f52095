import DeckCore
import Foundation

/// Waits for a condition with a deadline, checking again whenever the engine's inbox receives an event.
/// This is how tests wait for real threads: never a bare sleep.
public final class EngineDriver {
    public let engine: Engine
    public let waker: Waker

    public init(config: DeckConfig, clock: any WallClock = SystemWallClock(), gate: WorkerGate? = nil) {
        guard let waker = Waker() else { fatalError("cannot create a pipe") }
        self.waker = waker
        engine = Engine(config: config, clock: clock, waker: waker, gate: gate)
    }

    public var state: AppState { engine.state }

    /// Drains events until `condition` holds or `seconds` pass. Returns whether it held.
    @discardableResult
    public func run(until condition: (AppState) -> Bool, seconds: Double = 10) -> Bool {
        let deadline = monotonicNanos() + UInt64(seconds * 1e9)
        while true {
            engine.drain()
            engine.process(.tick)
            if condition(engine.state) { return true }
            let now = monotonicNanos()
            if now >= deadline { return false }
            waker.wait(timeoutMs: Int32(min(100, (deadline - now) / 1_000_000 + 1)))
        }
    }

    /// True once a log line from `source` (any source if nil) contains `text`.
    public func waitForLog(_ text: String, from source: String? = nil, seconds: Double = 10) -> Bool {
        run(until: { state in state.log.entries.contains { $0.text.contains(text) && (source == nil || $0.source == source) } },
            seconds: seconds)
    }

    /// Stops every worker it can (tests clean up after themselves).
    public func stopAll() {
        for row in engine.state.workers where row.isAlive {
            engine.runner.run(.stopWorker(row.id))
        }
    }
}

/// Checks `condition` until it holds or `seconds` pass, pausing briefly between checks with `poll(2)`.
/// For state that no inbox announces (a tmux pane, a child process).
public func waitUntil(seconds: Double = 10, pauseMs: Int32 = 20, _ condition: () -> Bool) -> Bool {
    let deadline = monotonicNanos() + UInt64(seconds * 1e9)
    while true {
        if condition() { return true }
        if monotonicNanos() >= deadline { return false }
        _ = poll(nil, 0, pauseMs)
    }
}

/// `waitUntil` for async tests: checks `condition` until it holds or `seconds` pass, suspending (not
/// blocking) between checks, so the tasks under test keep a thread of the cooperative pool to run on.
public func waitUntilAsync(seconds: Double = 10, _ condition: () -> Bool) async -> Bool {
    let deadline = monotonicNanos() + UInt64(seconds * 1e9)
    while true {
        if condition() { return true }
        if monotonicNanos() >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(2))
    }
}
