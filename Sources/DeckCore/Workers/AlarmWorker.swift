import Foundation

/// The alarm as a structured-concurrency `Task`: `>tick` once per period, N times, then `ALARM!`.
///
/// Cancelling is real task cancellation: `cancel()` calls `Task.cancel()`, the pending `sleep` throws
/// `CancellationError`, and the task's own catch block reports `Alarm cancelled` and cleans up, as the
/// classic asyncio example does in its `except CancelledError`.
public final class AlarmWorker: Sendable {
    public let handle: WorkerHandle
    private let inbox: Inbox
    private let ticks: Int
    private let periodMs: Int
    private let clock: any Clock<Duration>
    private let taskBox = TaskBox()
    private let gate: WorkerGate?

    public init(handle: WorkerHandle, inbox: Inbox, ticks: Int, periodMs: Int,
                clock: any Clock<Duration> = ContinuousClock(), gate: WorkerGate? = nil) {
        self.gate = gate
        self.handle = handle
        self.inbox = inbox
        self.ticks = ticks
        self.periodMs = periodMs
        self.clock = clock
    }

    public func start() {
        let clock: any Clock<Duration> = self.clock
        let task = Task.detached { [self] in await run(clock: clock) }
        taskBox.set(task)
    }

    public func cancel() {
        taskBox.task?.cancel()
    }

    /// Waits for the task to end (tests use it; the dashboard never waits for a daemon task).
    public func wait() async {
        await taskBox.task?.value
    }

    private func run<C: Clock>(clock: C) async where C.Duration == Duration {
        let id = handle.id
        inbox.post(.workerRunning(worker: id))
        var start = clock.now
        do {
            // One loop iteration per tick, and a last one that fires: each begins at the gate's checkpoint.
            for n in 1...max(1, ticks) + 1 {
                if let gate {
                    let parkedFrom = clock.now
                    // Time spent frozen does not count: the remaining ticks keep their period.
                    if await gate.checkpointAsync(handle) { start = start.advanced(by: parkedFrom.duration(to: clock.now)) }
                    try Task.checkCancellation()
                }
                if n > max(1, ticks) { break }
                handle.setState(.ticking)
                handle.iterations.add(1, ordering: .relaxed)
                inbox.post(.alarmTicked(worker: id, n: n, total: ticks))
                handle.setState(.sleeping)
                // Sleep to a deadline measured from the start, so ticks do not drift.
                try await clock.sleep(until: start.advanced(by: .milliseconds(periodMs * n)), tolerance: nil)
            }
            inbox.post(.alarmFired(worker: id))
            handle.setState(.finished)
            inbox.post(.workerEnded(worker: id, fate: .finished))
        } catch {
            // The task's own cancellation path: report, clean up, end.
            handle.setState(.cancelled)
            inbox.post(.alarmCancelled(worker: id))
            inbox.post(.workerSaid(worker: id, text: "cleanup: alarm disarmed"))
            inbox.post(.workerEnded(worker: id, fate: .cancelled))
        }
    }
}

/// Holds the alarm's `Task` handle so `cancel()` can reach it from the UI thread.
final class TaskBox: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var stored: Task<Void, Never>? // safe: only touched with `lock` held

    func set(_ task: Task<Void, Never>) {
        lock.lock()
        stored = task
        lock.unlock()
    }

    var task: Task<Void, Never>? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
