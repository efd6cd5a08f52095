import Synchronization

/// Settings every monitor reads at the top of each loop, changed by `[`, `]` and `w`. A change kicks the
/// store, so a monitor asleep on an old interval or strategy wakes and picks up the new one at once.
public final class MonitorSettings: Sendable {
    private let intervalMsValue: Atomic<Int>
    private let strategyCode: Atomic<UInt8>

    public init(intervalMs: Int, strategy: MonitorStrategy) {
        intervalMsValue = Atomic(intervalMs)
        strategyCode = Atomic(strategy.code)
    }

    public var intervalMs: Int { intervalMsValue.load(ordering: .relaxed) }

    /// Read on every poll: a switch on a byte, never the `allCases` array (which would allocate each time).
    public var strategy: MonitorStrategy { MonitorStrategy(code: strategyCode.load(ordering: .relaxed)) }

    public func set(intervalMs: Int) { intervalMsValue.store(intervalMs, ordering: .relaxed) }
    public func set(strategy: MonitorStrategy) { strategyCode.store(strategy.code, ordering: .relaxed) }
}

extension MonitorStrategy {
    fileprivate var code: UInt8 {
        switch self {
        case .polling: 0
        case .wakeOnChange: 1
        case .queue: 2
        }
    }

    fileprivate init(code: UInt8) {
        switch code {
        case 1: self = .wakeOnChange
        case 2: self = .queue
        default: self = .polling
        }
    }
}

/// A long-running monitor on its own thread: the classic daemon thread that checks shared state, reports
/// changes, and sleeps.
///
/// Each loop it looks at every shared value's version. A version it has not seen is a change; a jump of
/// more than one means writes happened between two looks that it never saw ("missed").
/// - polling: look, then sleep the interval (a stop or a settings change wakes it at once); a look
///   first reads the store's count of writes, and reads the values (under the lock) only if it moved;
/// - wake-on-change: sleep on the store's condition variable until a write broadcasts it; writes that
///   land before it has woken and looked merge into one change seen;
/// - queue: drain its own bounded queue of write messages, so it sees every write (unless the queue was
///   full, which is counted as missed).
public final class MonitorWorker: Worker {
    public let life: WorkerLife
    private let store: SharedStore
    private let settings: MonitorSettings

    public init(life: WorkerLife, store: SharedStore, settings: MonitorSettings) {
        self.life = life
        self.store = store
        self.settings = settings
    }

    public func start() { life.startThread { [self] in run() } }

    /// A cooperative stop: the flag first, then a kick, so a monitor that checked the flag just before
    /// still wakes from its wait (it compares the kick count it read before the check).
    public func requestStop() {
        life.stopSignal.stop()
        store.kick()
    }

    private func run() -> WorkerFate {
        // Take the baseline before saying "started", so a write made after that line is always reported.
        var lastWrites = store.writes
        var lastSeen = store.readAll().map(\.version)
        life.announceRunning()
        var subscribed = false
        while true {
            // Read the kick count before the stop check: a stop that lands after the check kicks, and the wait sees it.
            let kicksSeen = store.kickCount
            if life.isStopped { break }
            life.checkpoint()
            if life.isStopped { break }
            handle.setState(.running)
            let strategy = settings.strategy
            if strategy == .queue {
                if !subscribed {
                    subscribed = true
                    report(store.subscribe(handle.id), lastSeen: &lastSeen)
                    life.say("listening on its own queue: every write now arrives as a message")
                }
            } else {
                if subscribed {
                    subscribed = false
                    store.unsubscribe(handle.id)
                }
                // Nothing written since the last look (the usual poll): nothing to read, no lock to take.
                let writes = store.writes
                if writes != lastWrites {
                    lastWrites = writes
                    store.look(since: &lastSeen) { index, reading, previous in report(index, reading, previous: previous) }
                }
            }
            handle.polls.add(1, ordering: .relaxed)
            handle.iterations.add(1, ordering: .relaxed)
            switch strategy {
            case .polling:
                handle.setState(.sleeping)
                // Polls keep a fixed rhythm (not "interval after the work"), so a change waits at most one
                // interval, and every monitor keeps the same one: see `PollRhythm`.
                let nextPoll = PollRhythm.nextTick(after: monotonicNanos(), everyMilliseconds: settings.intervalMs)
                // A kick (a new interval or strategy, a stop) ends the sleep early: the next poll comes at once.
                _ = store.waitForKick(kicksSeen: kicksSeen, deadline: nextPoll)
            case .wakeOnChange:
                handle.setState(.waiting)
                // Writes and kicks wake it; the deadline only bounds a wait that nothing wakes.
                _ = store.waitForChange(since: lastSeen, kicksSeen: kicksSeen, deadline: deadline(afterMilliseconds: 1000))
            case .queue:
                handle.setState(.waiting)
                let (messages, dropped) = store.takeMessages(for: handle.id, kicksSeen: kicksSeen,
                                                             deadline: deadline(afterMilliseconds: 1000))
                handle.queueDepth.store(messages.count, ordering: .relaxed)
                if dropped > 0 { life.say("queue full: \(dropped) writes dropped (the queue holds \(SharedStore.queueCapacity))") }
                for message in messages { report(message.index, message.reading, lastSeen: &lastSeen) }
            }
        }
        if subscribed { store.unsubscribe(handle.id) }
        // Cleanup: this runs only for a cooperative stop. A daemon abandoned at exit never gets here.
        life.say("stopping: cleanup ran after \(handle.polls.load(ordering: .relaxed)) polls")
        return .stoppedWithCleanup
    }

    private func report(_ readings: [SharedValueReading], lastSeen: inout [Int]) {
        for (index, reading) in readings.enumerated() where reading.version > lastSeen[index] {
            report(index, reading, lastSeen: &lastSeen)
        }
    }

    private func report(_ index: Int, _ reading: SharedValueReading, lastSeen: inout [Int]) {
        let previous = lastSeen[index]
        guard reading.version > previous else { return }
        lastSeen[index] = reading.version
        report(index, reading, previous: previous)
    }

    /// Reports a version newer than `previous`; versions in between were never seen.
    private func report(_ index: Int, _ reading: SharedValueReading, previous: Int) {
        var missed: ClosedRange<Int>?
        if reading.version > previous + 1 {
            missed = (previous + 1)...(reading.version - 1)
            handle.missed.add(reading.version - previous - 1, ordering: .relaxed)
        }
        handle.seen.add(1, ordering: .relaxed)
        life.inbox.post(.changeDetected(worker: handle.id, index: index, reading: reading, missedVersions: missed))
    }
}
