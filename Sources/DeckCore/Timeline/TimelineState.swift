/// What happened on a lane at one moment, as the timeline draws it.
public enum TimelineMark: UInt8, Sendable, Equatable, CaseIterable {
    /// The main loop wrote a shared value.
    case write
    /// A write that no monitor ever saw: every monitor that was running skipped over its version.
    case lost
    /// A monitor looked at the shared values (sampled from its poll counter).
    case poll
    /// A monitor saw a new version.
    case detect
    /// A monitor saw a new version and counted versions it never saw.
    case miss
    case tick
    case alarm
    case cancel
    case cleanup
    /// The worker ended.
    case stop
    /// The worker's thread or task began.
    case start
    /// The snapshot writer saved.
    case save
    /// One loop iteration let through the gate while frozen.
    case step
    // A watched thread's state, sampled from /proc (`daemondeck watch`): its lane is filled with the
    // state in force, coloured by it, as the Concurrency Visualizer colours a thread's channel.
    /// On a CPU or ready to run (`R`).
    case running
    /// Blocked in a timed sleep (`nanosleep`, `clock_nanosleep`).
    case sleepWait
    /// Blocked on a lock or condition (`futex`).
    case lockWait
    /// Blocked on input or output (`read`, `poll`, `epoll_wait`...), or in disk wait (`D`).
    case ioWait
    /// Stopped by a signal (SIGSTOP: `z`) or a tracer.
    case stoppedState
    /// Blocked for another reason (a child, a signal, a call not named), or the kernel would not say.
    case otherWait
    /// An asyncio task's coroutine raised: the task failed (its lane ends here).
    case failed
    /// A watched asyncio task that was never reported done when its program ended: not done, not
    /// cancelled, not failed; the program ended under it (its lane ends here).
    case programEnded

    /// When several marks fall in one column, the one with the highest rank is drawn.
    var rank: Int {
        switch self {
        case .poll: 0
        case .tick: 1
        case .write: 2
        case .save: 3
        case .detect: 4
        case .start: 5
        case .step: 6
        case .cleanup: 7
        case .stop: 8
        case .cancel: 9
        case .miss: 10
        case .alarm: 11
        case .lost: 12
        // States fill a lane rather than mark a moment; where two fall in one column, running shows.
        case .otherWait: 13
        case .sleepWait: 14
        case .stoppedState: 15
        case .ioWait: 16
        case .lockWait: 17
        case .running: 18
        case .failed: 19
        case .programEnded: 20
        }
    }

    /// The states a watched thread's lane is filled with, in the legend's order.
    public static let threadStates: [TimelineMark] = [.running, .sleepWait, .lockWait, .ioWait, .stoppedState, .otherWait]

    /// A watched thread's state as its lane shows it: running, or what it waits for.
    public init(_ reading: ProcThreadReading) {
        switch reading.state {
        case .running: self = .running
        case .stopped: self = .stoppedState
        case .diskWait: self = .ioWait
        case .sleeping, .other, .zombie:
            switch reading.wait {
            case .timedSleep: self = .sleepWait
            case .lock: self = .lockWait
            case .io: self = .ioWait
            case .child, .signal, .other, nil: self = .otherWait
            }
        }
    }
}

public struct TimelinePoint: Sendable, Equatable {
    public var at: Timestamp
    public var mark: TimelineMark
}

/// A bounded ring of points: old points fall off the front, so a lane's memory is fixed.
public struct TimelineRing: Sendable, Equatable {
    public let capacity: Int
    private var storage: [TimelinePoint] = []
    private var head = 0

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    public var count: Int { storage.count }

    public mutating func append(_ point: TimelinePoint) {
        if storage.count < capacity {
            storage.append(point)
        } else {
            storage[head] = point
            head = (head + 1) % capacity
        }
    }

    /// Oldest first.
    public var points: [TimelinePoint] {
        (0..<storage.count).map { storage[(head + $0) % storage.count] }
    }

    /// The newest point, without copying the ring.
    public var last: TimelinePoint? {
        storage.isEmpty ? nil : storage[(head + storage.count - 1) % storage.count]
    }

    /// Drops all but the newest `n` points.
    mutating func keepNewest(_ n: Int) {
        guard storage.count > n else { return }
        storage = Array(points.suffix(n))
        head = 0
    }

    /// Changes the newest point that matches (a write found to be lost after the fact).
    mutating func remark(at: Timestamp, from old: TimelineMark, to new: TimelineMark) {
        for offset in stride(from: storage.count - 1, through: 0, by: -1) {
            let index = (head + offset) % storage.count
            if storage[index].at == at && storage[index].mark == old {
                storage[index].mark = new
                return
            }
        }
    }
}

/// One thread or task on the timeline. The main loop's lane has no worker id.
public struct TimelineLane: Sendable, Equatable {
    public var worker: WorkerID?
    /// A watched program's thread (`daemondeck watch`): its TID. Such a lane has no worker.
    public var thread: Int32?
    /// A watched Python program's asyncio task (the hook's key for it): its lane runs from created to done.
    public var task: Int?
    /// A watched thread's states, one point each time it changed (filled in between when drawn).
    public var states = TimelineRing(capacity: 512)
    public var name: String
    public var startedAt: Timestamp
    public var endedAt: Timestamp?
    /// Everything but polls.
    public var events = TimelineRing(capacity: 512)
    /// Polls come ten times a second per monitor, so they have their own ring and cannot push events out.
    public var polls = TimelineRing(capacity: 1024)
    /// The poll count at the last sample, to see how many polls happened since.
    var lastPolls = 0
    var lastSampleAt: Timestamp?

    public init(worker: WorkerID?, name: String, startedAt: Timestamp) {
        self.worker = worker
        self.name = name
        self.startedAt = startedAt
    }
}

/// A write of the main loop that no monitor has seen yet. Once every monitor has passed its version
/// without seeing it, it is lost and its mark on the main lane turns into `lost`.
struct PendingWrite: Sendable, Equatable {
    var index: Int
    var version: Int
    var at: Timestamp
    /// Monitors that skipped this version.
    var passedBy: Set<WorkerID> = []
}

/// The timeline panel's model and the freeze-and-step state. Changed only by the reducer.
public struct TimelineState: Sendable, Equatable {
    /// Milliseconds per column that `<` and `>` step through.
    public static let scales = [100, 200, 500, 1000, 2000, 5000, 10_000]
    /// Terminals at least this tall show the timeline unless `t` hid it.
    public static let autoShowHeight = 34
    static let maxLanes = 40
    /// asyncio tasks can come by the thousand: at most this many lanes (the Workers panel still lists them).
    static let maxTaskLanes = 16
    static let maxPending = 256

    /// nil follows the terminal's height; `t` sets it.
    public var shownByUser: Bool?
    public var scaleIndex = 0
    /// Main loop first, then workers in the order they started.
    public var lanes: [TimelineLane] = []
    var pending: [PendingWrite] = []
    /// Writes no monitor saw, in all.
    public var lostWrites = 0

    /// While frozen: how far back from now the right edge stands (Left/Right pan it; thawing resets it).
    public var panMs = 0

    /// Where the last Chrome Trace went.
    public var exportedTracePath: String?

    public init() {}

    public var msPerColumn: Int { Self.scales[min(max(0, scaleIndex), Self.scales.count - 1)] }

    public func isShown(height: Int) -> Bool { shownByUser ?? (height >= Self.autoShowHeight) }

    public func lane(for worker: WorkerID?) -> TimelineLane? { lanes.first { $0.worker == worker && $0.thread == nil && $0.task == nil } }

    /// A watched thread's lane.
    public func lane(thread tid: Int32) -> TimelineLane? { lanes.first { $0.thread == tid } }

    mutating func withThreadLane(_ tid: Int32, _ change: (inout TimelineLane) -> Void) {
        if let index = lanes.firstIndex(where: { $0.thread == tid }) { change(&lanes[index]) }
    }

    /// A watched asyncio task's lane still running (Python may give a later task an ended one's key).
    public func lane(task key: Int) -> TimelineLane? { lanes.last { $0.task == key && $0.endedAt == nil } }

    mutating func withTaskLane(_ key: Int, _ change: (inout TimelineLane) -> Void) {
        if let index = lanes.lastIndex(where: { $0.task == key && $0.endedAt == nil }) { change(&lanes[index]) }
    }

    /// The time at the timeline's right edge: now, or earlier while panned back.
    public func rightEdge(now: Timestamp) -> Timestamp { now.adding(milliseconds: -panMs) }

    /// The oldest moment any lane still remembers (the limit of looking back).
    public var oldestRetained: Timestamp? {
        lanes.compactMap { lane in [lane.events.points.first?.at, lane.polls.points.first?.at, lane.startedAt].compactMap { $0 }.min() }.min()
    }

    mutating func withLane(_ worker: WorkerID?, _ change: (inout TimelineLane) -> Void) {
        if let index = lanes.firstIndex(where: { $0.worker == worker && $0.thread == nil && $0.task == nil }) { change(&lanes[index]) }
    }

    mutating func mark(_ worker: WorkerID?, _ mark: TimelineMark, at: Timestamp) {
        withLane(worker) { $0.events.append(TimelinePoint(at: at, mark: mark)) }
    }
}
