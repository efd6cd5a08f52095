import Synchronization

/// The counter the racing threads share. Without the lock it is an atomic, so the race is real but not
/// undefined behaviour: each increment is a separate atomic load and a separate atomic store, so two
/// threads can read the same value and one store overwrites the other (a lost update). With the lock it
/// is a plain integer that only the lock's holder reads and writes, so load-and-store is one step.
final class SharedCounter: Sendable {
    private let racy = Atomic<Int>(0)
    private let guarded = Guarded(0)
    /// With the lock: how many increments found it taken and had to wait (contention).
    let contended = Atomic<Int>(0)
    let locked: Bool

    init(locked: Bool) { self.locked = locked }

    func increment() {
        if locked {
            var waited = false
            guarded.withLockNotingContention(&waited) { $0 += 1 }
            if waited { contended.add(1, ordering: .relaxed) }
        } else {
            let read = racy.load(ordering: .relaxed)
            racy.store(read + 1, ordering: .relaxed)
        }
    }

    var value: Int { locked ? guarded.withLock { $0 } : racy.load(ordering: .relaxed) }
}

/// Several real threads increment one shared counter; a coordinator thread (non-daemon: its result
/// matters) starts them together, joins them (`pthread_join`), and reports the expected and actual totals.
/// Each racing thread passes the freeze gate before every increment, so `s` lets one increment through.
public final class CounterRaceWorker: Worker {
    public let life: WorkerLife
    private let threads: Int
    private let increments: Int
    private let locked: Bool

    public init(life: WorkerLife, threads: Int, increments: Int, locked: Bool) {
        self.life = life
        self.threads = threads
        self.increments = increments
        self.locked = locked
    }

    public func start() { life.startThread { [self] in run() } }

    private func run() -> WorkerFate {
        life.announceRunning()
        handle.setState(.running)
        let counter = SharedCounter(locked: locked)
        let startGate = Guarded(false)
        let how = locked ? "load+store under a lock" : "a separate atomic load and store, no lock"
        life.say("\(threads) threads each add 1, \(increments) times (\(how))")
        var racers: [PosixThread] = []
        for n in 1...threads {
            let racer = PosixThread(name: "\(handle.name)-\(n)") { [self] in
                startGate.wait(until: { $0 })  // all threads start together, so they can overlap
                for i in 0..<increments {
                    life.checkpoint()
                    counter.increment()
                    if i & 4095 == 4095 {
                        handle.iterations.add(4096, ordering: .relaxed)
                        if life.isStopped { break }
                    }
                }
            }
            if let racer { racers.append(racer) }
        }
        startGate.update { $0 = true }
        for racer in racers { racer.join() }  // the coordinator joins each racing thread
        let expected = racers.count * increments
        let actual = counter.value
        let lost = expected - actual
        if life.isStopped {
            life.say("stopped early: counter at \(actual)")
            return .stoppedWithCleanup
        }
        if lost > 0 {
            life.inbox.post(.lesson(.workerSaid(worker: handle.id, text: "expected \(expected), actual \(actual): \(lost) updates lost", emphasis: .warning)))
        } else {
            let why = locked ? "; the lock was found taken \(counter.contended.load(ordering: .relaxed)) times (contention: those increments waited)"
                : " (this time the threads never overlapped: on a busy machine they may run one after another)"
            life.inbox.post(.lesson(.workerSaid(worker: handle.id, text: "expected \(expected), actual \(actual): nothing lost\(why)", emphasis: .notice)))
        }
        return .finished
    }
}
