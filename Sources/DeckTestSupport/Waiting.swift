import DeckCore
import Foundation

/// Drives a run the way the dashboard does, through the same `SessionLoop`, with a headless frontend:
/// waits for a condition with a deadline, turning the loop whenever the inbox receives an event.
/// This is how tests wait for real threads: never a bare sleep.
public final class EngineDriver {
    public let loop: SessionLoop
    public let frontend: HeadlessFrontend
    public var engine: Engine { loop.engine }
    public var waker: Waker { loop.waker }

    public init(config: DeckConfig, clock: any WallClock = SystemWallClock(), gate: WorkerGate? = nil) {
        guard let waker = Waker() else { fatalError("cannot create a pipe") }
        frontend = HeadlessFrontend()
        loop = SessionLoop(engine: Engine(config: config, clock: clock, waker: waker, gate: gate),
                           frontend: frontend, waker: waker, interactive: false)
    }

    public var state: AppState { engine.state }

    /// Starts the run's workers (the configured monitors, writer, alarm).
    public func start() { loop.start() }

    /// Turns the loop until `condition` holds or `seconds` pass. Returns whether it held.
    @discardableResult
    public func run(until condition: (AppState) -> Bool, seconds: Double = 10) -> Bool {
        let deadline = monotonicNanos() + UInt64(seconds * 1e9)
        while true {
            engine.drain()
            if condition(engine.state) { return true }
            let now = monotonicNanos()
            if now >= deadline { return false }
            guard loop.turn(maxSleepMs: Int32(min(100, (deadline - now) / 1_000_000 + 1))) else {
                engine.drain()
                return condition(engine.state)
            }
            if condition(engine.state) { return true }
        }
    }

    /// True once a log line from `source` (any source if nil) contains `text`.
    public func waitForLog(_ text: String, from source: String? = nil, seconds: Double = 10) -> Bool {
        run(until: { state in state.log.entries.contains { $0.text.contains(text) && (source == nil || $0.source == source) } },
            seconds: seconds)
    }

    /// Quits as `q` does and turns the loop until the run has ended (a second quit forces after
    /// `seconds`), so no test leaves a worker behind that the next one would see. Returns the exit status.
    @discardableResult
    public func quit(seconds: Double = 10) -> Int32 {
        engine.process(.quitRequested)
        let deadline = monotonicNanos() + UInt64(seconds * 1e9)
        while loop.turn(maxSleepMs: 100) {
            if monotonicNanos() > deadline { engine.process(.quitRequested) }
        }
        let code = loop.finish()
        stopAll()  // the daemons a real exit would abandon: a test process lives on, so they are joined
        return code
    }

    /// Stops every worker still registered and joins it, so no test leaves a thread behind (or an
    /// ended thread unjoined) for the next one to see.
    public func stopAll() {
        let registry = engine.runner.registry
        for worker in registry.all { registry.requestStop(worker.id) }
        for worker in registry.all { registry.join(worker.id, timeoutMs: 10_000) }
        engine.drain()
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

/// Runs `body` on a thread of its own and waits for it at most `seconds`. Returns what `body` returned, or
/// nil when it had not returned by then. A test whose blocking part never ends (a join that never comes)
/// then fails at its deadline instead of hanging the suite; the stuck thread is left behind.
public func onThread<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
    let result = Guarded<T?>(nil)
    let thread = Thread {
        let value = body()
        result.update { $0 = value }
    }
    thread.stackSize = 8 << 20  // what a main thread has: the runs under test were written for one
    thread.start()
    return result.wait(until: { $0 != nil }, deadline: monotonicNanos() + UInt64(seconds * 1e9)) { value, _ in value }
}
