import CDeckSystem

/// Every background worker daemondeck runs: monitors, the alarm, the snapshot writer, heartbeat, watchdog,
/// the racing counters, the models' jobs and child processes. Whatever runs it (a POSIX thread, a `Task`,
/// a Dispatch work item, a child process), it starts, is asked to stop, passes the freeze gate at the top
/// of each loop iteration, and is joined the same way, through its `WorkerLife`.
public protocol Worker: AnyObject, Sendable {
    var life: WorkerLife { get }
    /// Starts the worker. Called once, by the registry, on the UI thread.
    func start()
    /// Asks the worker to stop cooperatively: it ends at its next check and its cleanup runs.
    func requestStop()
}

extension Worker {
    public var handle: WorkerHandle { life.handle }
    public var id: WorkerID { life.handle.id }

    public func requestStop() { life.stopSignal.stop() }

    /// A real join: waits until the worker has ended (its thread returned, its task finished, its child
    /// was reaped). Returns false if it has not ended after `timeoutMs`.
    public func join(timeoutMs: Int) -> Bool { life.join(timeoutMs: timeoutMs) }
}

/// What every worker has, whatever runs it: its figures (`handle`), the inbox it reports to, the freeze
/// gate, a stop signal whose sleep a stop interrupts, and the latch that a join waits on.
public final class WorkerLife: Sendable {
    public let handle: WorkerHandle
    public let inbox: Inbox
    public let gate: WorkerGate?
    public let stopSignal = StopSignal()
    /// Opened by `finish`, the worker's last act; a join waits for it.
    private let ended = Guarded(false)
    /// The POSIX thread the body runs on, if it runs on one (joined with `pthread_join`).
    private let thread = Guarded<PosixThread?>(nil)

    public init(handle: WorkerHandle, inbox: Inbox, gate: WorkerGate?) {
        self.handle = handle
        self.inbox = inbox
        self.gate = gate
    }

    public var id: WorkerID { handle.id }
    public var isStopped: Bool { stopSignal.isStopped }
    public var hasEnded: Bool { ended.withLock { $0 } }

    /// The worker's first report: it is running.
    public func announceRunning() { inbox.post(.workerRunning(worker: handle.id)) }

    /// A line in the event log under the worker's name.
    public func say(_ text: String) { inbox.post(.workerSaid(worker: handle.id, text: text)) }

    /// The top of a loop iteration on a thread: parks here while the world is frozen (`z`).
    public func checkpoint() { gate?.checkpoint(handle) }

    /// The same for a task: it suspends instead of blocking a thread. Returns whether it was parked.
    @discardableResult
    public func checkpoint() async -> Bool { await gate?.checkpointAsync(handle) ?? false }

    /// Sleeps up to `milliseconds`, woken at once by a stop. Returns false if a stop was requested.
    @discardableResult
    public func sleep(milliseconds: Int) -> Bool { stopSignal.sleep(milliseconds: milliseconds) }

    /// Sleeps to the next multiple of `milliseconds` on the monotonic clock (`PollRhythm`), so a periodic
    /// worker wakes together with the monitors. Returns false if a stop was requested.
    @discardableResult
    public func sleepToNextTick(everyMilliseconds milliseconds: Int) -> Bool {
        stopSignal.sleep(until: PollRhythm.nextTick(after: monotonicNanos(), everyMilliseconds: milliseconds))
    }

    /// Runs `body` on a new POSIX thread named after the worker; its result is reported as the worker's fate.
    public func startThread(_ body: @escaping @Sendable () -> WorkerFate) {
        let started = PosixThread(name: handle.name) { [self] in
            handle.tid.store(deck_this_thread_id(), ordering: .relaxed)
            finish(body())
        }
        if let started {
            thread.withLock { $0 = started }
        } else {
            say("cannot start a thread")
            finish(.failedToStart)
        }
    }

    /// The worker's last act: its final state, the `workerEnded` report, then the join may go through.
    public func finish(_ fate: WorkerFate) {
        handle.setState(fate.finalState)
        inbox.post(.workerEnded(worker: handle.id, fate: fate))
        ended.update { $0 = true }
    }

    /// Waits up to `timeoutMs` for `finish`, then joins the thread (which has nothing left to do but
    /// return). Returns whether the worker has ended.
    public func join(timeoutMs: Int) -> Bool {
        guard ended.wait(until: { $0 }, deadline: deadline(afterMilliseconds: timeoutMs)) else { return false }
        thread.withLock { $0 }?.join()
        return true
    }
}
