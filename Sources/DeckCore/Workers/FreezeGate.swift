import Foundation

/// The real gate behind `z` (freeze), `s` (step) and `z` again (thaw).
///
/// While frozen, every worker that reaches its checkpoint parks on an `NSCondition` (threads) or on a
/// continuation (tasks) and its state reads `frozen`. A step gives one worker one token: it leaves the
/// checkpoint, runs exactly one loop iteration, and parks again at the next checkpoint. Stopping a worker
/// releases it for good, so a stop, a cancel or the join at quit never waits on a frozen worker.
public final class FreezeGate: WorkerGate {
    private let condition = NSCondition()
    nonisolated(unsafe) private var frozen = false // safe: only touched with `condition` locked
    nonisolated(unsafe) private var tokens: [WorkerID: Int] = [:] // safe: only touched with `condition` locked
    nonisolated(unsafe) private var released: Set<WorkerID> = [] // safe: only touched with `condition` locked
    nonisolated(unsafe) private var parked: Set<WorkerID> = [] // safe: only touched with `condition` locked
    /// Parked tasks, resumed by a thaw, a step, a release or their own cancellation.
    nonisolated(unsafe) private var waiters: [WorkerID: CheckedContinuation<Void, Never>] = [:] // safe: only touched with `condition` locked

    public init() {}

    public var isFrozen: Bool {
        condition.lock()
        defer { condition.unlock() }
        return frozen
    }

    /// Workers parked at their checkpoint right now.
    public var parkedWorkers: Set<WorkerID> {
        condition.lock()
        defer { condition.unlock() }
        return parked
    }

    public func isParked(_ id: WorkerID) -> Bool { parkedWorkers.contains(id) }

    public func freeze() {
        condition.lock()
        frozen = true
        condition.unlock()
    }

    /// Lets everyone go and forgets unused step tokens.
    public func thaw() {
        condition.lock()
        frozen = false
        tokens.removeAll()
        let resumed = takeWaiters { _ in true }
        condition.broadcast()
        condition.unlock()
        resumed.forEach { $0.resume() }
    }

    /// Lets `id` run one loop iteration (if frozen; otherwise it runs anyway).
    public func step(_ id: WorkerID) {
        condition.lock()
        guard frozen else {
            condition.unlock()
            return
        }
        tokens[id, default: 0] += 1
        let resumed = takeWaiters { $0 == id }
        condition.broadcast()
        condition.unlock()
        resumed.forEach { $0.resume() }
    }

    /// `id` is stopping or being joined: it never parks again.
    public func release(_ id: WorkerID) {
        condition.lock()
        released.insert(id)
        let resumed = takeWaiters { $0 == id }
        condition.broadcast()
        condition.unlock()
        resumed.forEach { $0.resume() }
    }

    /// The worker has ended: drop what the gate knew of it.
    public func forget(_ id: WorkerID) {
        condition.lock()
        released.remove(id)
        tokens[id] = nil
        condition.unlock()
    }

    public func checkpoint(_ handle: WorkerHandle) {
        let id = handle.id
        condition.lock()
        defer { condition.unlock() }
        var before: WorkerState?
        while mustPark(id) {
            if before == nil {
                before = handle.state
                handle.setState(.frozen)
                parked.insert(id)
            }
            condition.wait()
        }
        leave(id, restoring: before, handle)
    }

    @discardableResult
    public func checkpointAsync(_ handle: WorkerHandle) async -> Bool {
        var parkedFrom: WorkerState?
        while !passOrPark(handle, parkedFrom: &parkedFrom, cancelled: Task.isCancelled) {
            let id = handle.id
            // Suspends (holding no thread) until a thaw, a step, a release or a cancel resumes it; then checks again.
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    wait(id, continuation, cancelled: Task.isCancelled)
                }
            } onCancel: {
                resumeWaiter(id)
            }
        }
        return parkedFrom != nil
    }

    /// For a task: true if it may go on now (then it leaves the checkpoint); false if it must park.
    private func passOrPark(_ handle: WorkerHandle, parkedFrom: inout WorkerState?, cancelled: Bool) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard mustPark(handle.id), !cancelled else {
            leave(handle.id, restoring: parkedFrom, handle)
            return true
        }
        if parkedFrom == nil {
            parkedFrom = handle.state
            handle.setState(.frozen)
            parked.insert(handle.id)
        }
        return false
    }

    private func wait(_ id: WorkerID, _ continuation: CheckedContinuation<Void, Never>, cancelled: Bool) {
        condition.lock()
        if mustPark(id) && !cancelled {
            waiters[id] = continuation
            condition.unlock()
        } else {
            condition.unlock()
            continuation.resume()
        }
    }

    private func resumeWaiter(_ id: WorkerID) {
        condition.lock()
        let waiter = waiters.removeValue(forKey: id)
        condition.unlock()
        waiter?.resume()
    }

    // Both below run with `condition` locked.

    private func mustPark(_ id: WorkerID) -> Bool {
        frozen && !released.contains(id) && tokens[id, default: 0] == 0
    }

    private func leave(_ id: WorkerID, restoring before: WorkerState?, _ handle: WorkerHandle) {
        if let count = tokens[id], count > 0 { tokens[id] = count == 1 ? nil : count - 1 }
        if let before {
            parked.remove(id)
            handle.setState(before)
        }
    }

    private func takeWaiters(_ which: (WorkerID) -> Bool) -> [CheckedContinuation<Void, Never>] {
        let ids = waiters.keys.filter(which)
        return ids.compactMap { waiters.removeValue(forKey: $0) }
    }
}
