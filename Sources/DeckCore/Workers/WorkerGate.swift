/// Where a worker may be held at the top of its loop. The freeze-and-step feature provides one;
/// without a gate a worker runs freely.
public protocol WorkerGate: Sendable {
    /// Called by the worker's own thread at the top of each loop iteration; may block.
    func checkpoint(_ handle: WorkerHandle)
}
