/// The alarm as an unstructured `Task` (made with `Task.detached`): `>tick` once per period, N times,
/// then `ALARM!`. Nothing awaits it; it lives until it finishes or is cancelled, as an asyncio task made
/// with `create_task` does.
///
/// Cancelling is real task cancellation: `requestStop()` calls `Task.cancel()`, the pending `sleep`
/// throws `CancellationError`, and the task's own catch block reports `Alarm cancelled` and cleans up,
/// as the classic asyncio example does in its `except CancelledError`.
public final class AlarmWorker: Worker {
    public let life: WorkerLife
    private let ticks: Int
    private let periodMs: Int
    private let clock: any Clock<Duration>
    private let task = Guarded<Task<Void, Never>?>(nil)

    public init(life: WorkerLife, ticks: Int, periodMs: Int, clock: any Clock<Duration> = ContinuousClock()) {
        self.life = life
        self.ticks = ticks
        self.periodMs = periodMs
        self.clock = clock
    }

    public func start() {
        let clock: any Clock<Duration> = self.clock
        let started = Task.detached { [self] in
            let fate = await run(clock: clock)
            life.finish(fate)
        }
        task.withLock { $0 = started }
    }

    public func requestStop() {
        life.stopSignal.stop()
        task.withLock { $0 }?.cancel()
    }

    /// Waits for the task to end (tests use it; the dashboard never awaits a daemon task).
    public func wait() async {
        await task.withLock { $0 }?.value
    }

    private func run<C: Clock>(clock: C) async -> WorkerFate where C.Duration == Duration {
        let id = handle.id
        life.announceRunning()
        var start = clock.now
        do {
            // One loop iteration per tick, and a last one that fires: each begins at the gate's checkpoint.
            for n in 1...max(1, ticks) + 1 {
                let parkedFrom = clock.now
                // Time spent frozen does not count: the remaining ticks keep their period.
                if await life.checkpoint() { start = start.advanced(by: parkedFrom.duration(to: clock.now)) }
                try Task.checkCancellation()
                if n > max(1, ticks) { break }
                handle.setState(.ticking)
                handle.iterations.add(1, ordering: .relaxed)
                life.inbox.post(.alarmTicked(worker: id, n: n, total: ticks))
                handle.setState(.sleeping)
                // Sleep to a deadline measured from the start (monotonic), so ticks do not drift.
                try await clock.sleep(until: start.advanced(by: .milliseconds(periodMs * n)), tolerance: nil)
            }
            life.inbox.post(.alarmFired(worker: id))
            return .finished
        } catch {
            // The task's own cancellation path: report, clean up, end.
            life.inbox.post(.alarmCancelled(worker: id))
            life.say("cleanup: alarm disarmed")
            return .cancelled
        }
    }
}
