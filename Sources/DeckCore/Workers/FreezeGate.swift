import Synchronization

/// The real gate behind `z` (freeze), `s` (step) and `z` again (thaw).
///
/// While frozen, every worker that reaches its checkpoint parks (a thread blocks on the gate's condition;
/// a task suspends on a continuation and holds no thread) and its state reads `frozen`. A step gives one
/// worker one token: it leaves the checkpoint, runs exactly one loop iteration, and parks again at the
/// next checkpoint. Stopping a worker releases it for good, so a stop, a cancel or the join at quit never
/// waits on a frozen worker.
public final class FreezeGate: WorkerGate {
    private struct Contents {
        var frozen = false
        var tokens: [WorkerID: Int] = [:]
        var released: Set<WorkerID> = []
        /// Parked workers and the state each had before it parked.
        var parked: [WorkerID: WorkerState] = [:]
        /// Parked tasks, resumed by a thaw, a step, a release or their own cancellation.
        var waiters: [WorkerID: CheckedContinuation<Void, Never>] = [:]
        /// Tasks whose cancellation handler has run: they never park again.
        var cancelled: Set<WorkerID> = []

        func mustPark(_ id: WorkerID) -> Bool {
            frozen && !released.contains(id) && !cancelled.contains(id) && tokens[id, default: 0] == 0
        }

        mutating func park(_ handle: WorkerHandle) {
            guard parked[handle.id] == nil else { return }
            parked[handle.id] = handle.state
            handle.setState(.frozen)
        }

        /// Leaves the checkpoint: spends a step token, and puts back the state the worker had.
        mutating func leave(_ handle: WorkerHandle) {
            let id = handle.id
            if let count = tokens[id], count > 0 { tokens[id] = count == 1 ? nil : count - 1 }
            if let before = parked.removeValue(forKey: id) { handle.setState(before) }
        }

        mutating func takeWaiters(_ which: (WorkerID) -> Bool) -> [CheckedContinuation<Void, Never>] {
            waiters.keys.filter(which).compactMap { waiters.removeValue(forKey: $0) }
        }
    }

    private let contents = Guarded(Contents())
    /// Read without the lock at every checkpoint, so a world that is not frozen costs one atomic load.
    private let frozenFlag = Atomic<Bool>(false)

    public init() {}

    public var isFrozen: Bool { frozenFlag.load(ordering: .acquiring) }

    /// Workers parked at their checkpoint right now.
    public var parkedWorkers: Set<WorkerID> { contents.withLock { Set($0.parked.keys) } }

    public func isParked(_ id: WorkerID) -> Bool { contents.withLock { $0.parked[id] != nil } }

    public func freeze() {
        contents.update { contents in
            contents.frozen = true
            frozenFlag.store(true, ordering: .releasing)
        }
    }

    /// Lets everyone go and forgets unused step tokens.
    public func thaw() {
        let resumed = contents.update { contents in
            contents.frozen = false
            frozenFlag.store(false, ordering: .releasing)
            contents.tokens.removeAll()
            return contents.takeWaiters { _ in true }
        }
        resumed.forEach { $0.resume() }
    }

    /// Lets `id` run one loop iteration (if frozen; otherwise it runs anyway).
    public func step(_ id: WorkerID) {
        let resumed = contents.update { contents -> [CheckedContinuation<Void, Never>] in
            guard contents.frozen else { return [] }
            contents.tokens[id, default: 0] += 1
            return contents.takeWaiters { $0 == id }
        }
        resumed.forEach { $0.resume() }
    }

    /// `id` is stopping or being joined: it never parks again.
    public func release(_ id: WorkerID) {
        let resumed = contents.update { contents in
            contents.released.insert(id)
            return contents.takeWaiters { $0 == id }
        }
        resumed.forEach { $0.resume() }
    }

    /// The worker has been joined: drop what the gate knew of it.
    public func forget(_ id: WorkerID) {
        contents.withLock { contents in
            contents.released.remove(id)
            contents.cancelled.remove(id)
            contents.tokens[id] = nil
            contents.parked[id] = nil
        }
    }

    public func checkpoint(_ handle: WorkerHandle) {
        guard frozenFlag.load(ordering: .acquiring) else { return }
        contents.wait(deadline: nil) { contents in
            if contents.mustPark(handle.id) {
                contents.park(handle)
                return false
            }
            contents.leave(handle)
            return true
        }
    }

    @discardableResult
    public func checkpointAsync(_ handle: WorkerHandle) async -> Bool {
        guard frozenFlag.load(ordering: .acquiring) else { return false }
        let id = handle.id
        var wasParked = false
        while contents.withLock({ contents in
            if contents.mustPark(id) { return true }
            contents.leave(handle)
            return false
        }) {
            wasParked = true
            // Suspends (holding no thread) until a thaw, a step, a release or a cancel resumes it; then checks
            // again. Registration and cancellation both take the lock, so a cancel that lands before the
            // continuation is stored is seen by the registration, and one after it resumes the stored one.
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let stored = contents.withLock { contents -> Bool in
                        guard contents.mustPark(id) else { return false }
                        contents.park(handle)
                        contents.waiters[id] = continuation
                        return true
                    }
                    if !stored { continuation.resume() }
                }
            } onCancel: {
                let waiter = contents.withLock { contents in
                    contents.cancelled.insert(id)
                    return contents.waiters.removeValue(forKey: id)
                }
                waiter?.resume()
            }
        }
        return wasParked
    }
}
