import Dispatch
import Synchronization

/// What the semaphore lesson's jobs share: the semaphore itself, and counts for the log.
public final class SemaphorePermits: Sendable {
    public let permits: Int
    public let jobs: Int
    let semaphore: DispatchSemaphore
    let inUse = Atomic<Int>(0)
    let peak = Atomic<Int>(0)
    let done = Atomic<Int>(0)

    public init(permits: Int, jobs: Int) {
        self.permits = permits
        self.jobs = jobs
        semaphore = DispatchSemaphore(value: permits)
    }
}

/// One job of the semaphore lesson, a thread of its own with its own row: it waits for a permit
/// (`waiting` in the Workers panel), runs while it holds one (`running`), and gives it back.
public final class SemaphoreJobWorker: Worker {
    public let life: WorkerLife
    private let shared: SemaphorePermits

    public init(life: WorkerLife, shared: SemaphorePermits) {
        self.life = life
        self.shared = shared
    }

    public func start() { life.startThread { [self] in run() } }

    private func run() -> WorkerFate {
        life.announceRunning()
        handle.setState(.waiting)
        life.say("waiting for a permit")
        shared.semaphore.wait()
        let now = shared.inUse.add(1, ordering: .relaxed).newValue
        var seen = shared.peak.load(ordering: .relaxed)
        while now > seen {
            let (exchanged, current) = shared.peak.compareExchange(expected: seen, desired: now, ordering: .relaxed)
            if exchanged { break }
            seen = current
        }
        handle.setState(.running)
        handle.iterations.add(1, ordering: .relaxed)
        life.say("running (\(now) of \(shared.permits) permits in use)")
        life.sleep(milliseconds: 600)
        shared.inUse.subtract(1, ordering: .relaxed)
        shared.semaphore.signal()
        life.say("done: permit released")
        if shared.done.add(1, ordering: .relaxed).newValue == shared.jobs {
            life.say("all \(shared.jobs) jobs done: at most \(shared.permits) at once (the most seen: \(shared.peak.load(ordering: .relaxed)))")
        }
        return .finished
    }
}
