/// The one registry of running workers, owned by the UI thread. It keeps a worker until it has been
/// joined, not merely until its `workerEnded` report arrives, so a join at quit always has someone to
/// wait for, and nothing is forgotten that is still running.
public final class WorkerRegistry {
    private var workers: [WorkerID: any Worker] = [:]
    /// Ended and joined: the gate forgets them too.
    private let gate: FreezeGate

    public init(gate: FreezeGate) { self.gate = gate }

    public func start(_ worker: any Worker) {
        workers[worker.id] = worker
        worker.start()
    }

    public func worker(_ id: WorkerID) -> (any Worker)? { workers[id] }

    public var count: Int { workers.count }

    /// A cooperative stop. A frozen worker is released first: it must still be able to stop.
    public func requestStop(_ id: WorkerID) {
        gate.release(id)
        workers[id]?.requestStop()
    }

    /// Joins a worker (waiting up to `timeoutMs`) and, once joined, forgets it. Returns whether it was joined.
    @discardableResult
    public func join(_ id: WorkerID, timeoutMs: Int) -> Bool {
        guard let worker = workers[id] else { return true }
        guard worker.join(timeoutMs: timeoutMs) else { return false }
        workers[id] = nil
        gate.forget(id)
        return true
    }

    /// Live figures of every worker not yet joined, for the Workers panel.
    public func samples() -> [WorkerSample] {
        workers.values.map { $0.handle.sample() }.sorted { $0.id < $1.id }
    }

    /// Workers still registered, running or ended but not yet joined.
    public var all: [any Worker] { workers.values.sorted { $0.id < $1.id } }
}
