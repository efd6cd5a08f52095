import Foundation
import Synchronization

/// The counter the racing threads share. The value is an atomic so the race is real but not undefined
/// behaviour: each increment is a separate atomic load and a separate atomic store, so two threads can read
/// the same value and one store overwrites the other (a lost update). With `locked`, an `NSLock` makes the
/// load-and-store one step.
final class SharedCounter: Sendable {
    let value = Atomic<Int>(0)
    let lock = NSLock()

    func increment(locked: Bool) {
        if locked { lock.lock() }
        let read = value.load(ordering: .relaxed)
        value.store(read + 1, ordering: .relaxed)
        if locked { lock.unlock() }
    }
}

/// Several real threads increment one shared counter; a coordinator thread (non-daemon: its result matters)
/// starts them together, joins them, and reports the expected and actual totals.
public final class CounterRaceWorker: LessonWorkerProcess {
    public let handle: WorkerHandle
    private let inbox: Inbox
    private let threads: Int
    private let increments: Int
    private let locked: Bool
    private let stopSignal = StopSignal()

    public init(handle: WorkerHandle, inbox: Inbox, threads: Int, increments: Int, locked: Bool) {
        self.handle = handle
        self.inbox = inbox
        self.threads = threads
        self.increments = increments
        self.locked = locked
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = handle.name
        thread.start()
    }

    public func requestStop() { stopSignal.stop() }

    private func run() {
        let id = handle.id
        inbox.post(.workerRunning(worker: id))
        handle.setState(.running)
        let counter = SharedCounter()
        let startGate = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let how = locked ? "load+store under an NSLock" : "a separate atomic load and store, no lock"
        inbox.post(.workerSaid(worker: id, text: "\(threads) threads each add 1, \(increments) times (\(how))"))
        for n in 1...threads {
            done.enter()
            let thread = Thread { [self] in
                startGate.wait()  // all threads start together, so they really overlap
                for i in 0..<increments {
                    counter.increment(locked: locked)
                    if i & 4095 == 4095 {
                        handle.iterations.add(4096, ordering: .relaxed)
                        if stopSignal.isStopped { break }
                    }
                }
                done.leave()
            }
            thread.name = "\(handle.name)-\(n)"
            thread.start()
        }
        for _ in 1...threads { startGate.signal() }
        done.wait()
        let expected = threads * increments
        let actual = counter.value.load(ordering: .relaxed)
        let lost = expected - actual
        if stopSignal.isStopped {
            inbox.post(.workerSaid(worker: id, text: "stopped early: counter at \(actual)"))
        } else if lost > 0 {
            inbox.post(.lesson(.workerSaid(worker: id, text: "expected \(expected), actual \(actual): \(lost) updates lost", emphasis: .warning)))
        } else {
            inbox.post(.lesson(.workerSaid(worker: id, text: "expected \(expected), actual \(actual): nothing lost", emphasis: .notice)))
        }
        handle.setState(.finished)
        inbox.post(.workerEnded(worker: id, fate: stopSignal.isStopped ? .stoppedWithCleanup : .finished))
    }
}
