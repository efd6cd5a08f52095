import Foundation
import Synchronization

/// Settings every monitor reads at the top of each loop, changed by `[`, `]` and `w`.
public final class MonitorSettings: Sendable {
    private let intervalMsValue: Atomic<Int>
    private let wakeOnChangeValue: Atomic<Bool>

    public init(intervalMs: Int, strategy: MonitorStrategy) {
        intervalMsValue = Atomic(intervalMs)
        wakeOnChangeValue = Atomic(strategy == .wakeOnChange)
    }

    public var intervalMs: Int {
        get { intervalMsValue.load(ordering: .relaxed) }
    }

    public var strategy: MonitorStrategy {
        wakeOnChangeValue.load(ordering: .relaxed) ? .wakeOnChange : .polling
    }

    public func set(intervalMs: Int) { intervalMsValue.store(intervalMs, ordering: .relaxed) }
    public func set(strategy: MonitorStrategy) { wakeOnChangeValue.store(strategy == .wakeOnChange, ordering: .relaxed) }
}

/// A long-running monitor on a Foundation `Thread`: the classic daemon thread that checks shared state,
/// reports changes, and sleeps.
///
/// Each loop it reads every shared value's version. A version it has not seen is a change; a jump of more
/// than one means writes happened between two looks that it never saw ("missed"). With polling it then
/// sleeps its interval on a `StopSignal` (a stop wakes it at once); with wake-on-change it sleeps on the
/// store's condition variable until the next write.
public final class MonitorWorker: Sendable {
    public let handle: WorkerHandle
    private let store: SharedStore
    private let settings: MonitorSettings
    private let inbox: Inbox
    private let stopSignal = StopSignal()
    private let gate: WorkerGate?

    public init(handle: WorkerHandle, store: SharedStore, settings: MonitorSettings, inbox: Inbox, gate: WorkerGate? = nil) {
        self.handle = handle
        self.store = store
        self.settings = settings
        self.inbox = inbox
        self.gate = gate
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = handle.name
        thread.start()
    }

    /// A cooperative stop: the loop ends at its next check, its cleanup runs and is logged.
    public func requestStop() {
        stopSignal.stop()
        store.kick()
    }

    private func run() {
        let id = handle.id
        // Take the baseline before saying "started", so a write made after that line is always reported.
        var lastSeen = store.readAll().map(\.version)
        inbox.post(.workerRunning(worker: id))
        var nextPoll = monotonicNanos()
        while !stopSignal.isStopped {
            gate?.checkpoint(handle)
            if stopSignal.isStopped { break }
            let kicksSeen = store.kickCount
            handle.setState(.running)
            let readings = store.readAll()
            handle.polls.add(1, ordering: .relaxed)
            handle.iterations.add(1, ordering: .relaxed)
            report(readings, lastSeen: &lastSeen)
            switch settings.strategy {
            case .polling:
                handle.setState(.sleeping)
                // Polls keep a fixed rhythm (not "interval after the work"), so a change waits at most one interval.
                let interval = UInt64(settings.intervalMs) * 1_000_000
                let now = monotonicNanos()
                nextPoll = nextPoll + interval > now ? nextPoll + interval : now + interval
                stopSignal.sleep(seconds: Double(nextPoll - now) / 1e9)
            case .wakeOnChange:
                handle.setState(.waiting)
                // The timeout only bounds how long a strategy switch can go unnoticed; writes and stops wake it.
                _ = store.waitForChange(since: lastSeen, kicksSeen: kicksSeen, timeout: 1)
            }
        }
        // Cleanup: this runs only for a cooperative stop. A daemon abandoned at exit never gets here.
        handle.setState(.stopped)
        inbox.post(.workerSaid(worker: id, text: "stopping: cleanup ran after \(handle.polls.load(ordering: .relaxed)) polls"))
        inbox.post(.workerEnded(worker: id, fate: .stoppedWithCleanup))
    }

    private func report(_ readings: [SharedValueReading], lastSeen: inout [Int]) {
        for (index, reading) in readings.enumerated() where reading.version != lastSeen[index] {
            let previous = lastSeen[index]
            lastSeen[index] = reading.version
            var missed: ClosedRange<Int>?
            if reading.version > previous + 1 {
                missed = (previous + 1)...(reading.version - 1)
                handle.missed.add(reading.version - previous - 1, ordering: .relaxed)
            }
            handle.seen.add(1, ordering: .relaxed)
            inbox.post(.changeDetected(worker: handle.id, index: index, reading: reading, missedVersions: missed))
        }
    }
}
