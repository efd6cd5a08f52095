/// Where a worker may be held at the top of its loop. The freeze-and-step feature provides one
/// (`FreezeGate`); without a gate a worker runs freely. A class: every loop iteration of every worker
/// passes through it, and a class-bound existential is one reference, not a box copied on each call.
public protocol WorkerGate: AnyObject, Sendable {
    /// Called by the worker's own thread at the top of each loop iteration; may block.
    func checkpoint(_ handle: WorkerHandle)
    /// The same for a `Task`: it suspends instead of blocking, so a parked task holds no thread of the pool.
    /// Returns whether it was held (parked) at all.
    @discardableResult
    func checkpointAsync(_ handle: WorkerHandle) async -> Bool
}

extension WorkerGate {
    /// A gate that never holds anyone may run the blocking check; one that parks must override this.
    @discardableResult
    public func checkpointAsync(_ handle: WorkerHandle) async -> Bool {
        checkpoint(handle)
        return false
    }
}
