import Synchronization

public typealias WorkerID = Int

/// What becomes of a worker at exit: a non-daemon thread is joined, a daemon thread is cut off (abandoned),
/// a task is cancelled and awaited (its cancellation handler runs). Swift has no daemon tasks.
public enum WorkerKind: String, Sendable, Codable {
    case daemon
    case nonDaemon = "non-daemon"
    /// An unstructured `Task` the main loop owns: cancelled at quit; its cancellation handler runs.
    case task
}

/// Which Swift mechanism runs the worker.
public enum WorkerModel: String, Sendable, Codable {
    case thread = "Thread"
    case task = "Task"
    case dispatch = "Dispatch"
    case process = "process"
}

/// What a worker is doing right now, as the Workers panel shows it.
public enum WorkerState: UInt8, Sendable, CaseIterable, Codable {
    case starting, running, sleeping, waiting, ticking, saving, stopping, stalled, cancelled, finished, stopped
    /// Parked at its checkpoint by a freeze (`z`); a step (`s`) lets it run one loop iteration.
    case frozen

    public var label: String {
        switch self {
        case .starting: "starting"
        case .running: "running"
        case .sleeping: "sleeping"
        case .waiting: "waiting"
        case .ticking: "ticking"
        case .saving: "saving"
        case .stopping: "stopping"
        case .stalled: "stalled"
        case .cancelled: "cancelled"
        case .finished: "finished"
        case .stopped: "stopped"
        case .frozen: "frozen"
        }
    }

    public var isEnded: Bool { self == .cancelled || self == .finished || self == .stopped }
}

/// How a worker's life ended, for the quit summary.
public enum WorkerFate: String, Sendable, Equatable, Codable {
    /// Ran to its natural end (the alarm fired).
    case finished
    /// Stopped cooperatively: its cleanup ran.
    case stoppedWithCleanup = "stopped, cleanup ran"
    /// Cancelled (`Task.cancel()`, `DispatchWorkItem.cancel()`): its cancellation path and cleanup ran.
    case cancelled = "cancelled, cleanup ran"
    /// A non-daemon worker the program waited for (joined) at exit, after its cleanup ran.
    case joined = "joined, cleanup ran"
    /// Still running at exit and cut off: its cleanup never ran.
    case abandoned = "abandoned, cleanup never ran"
    /// A child process ended by a signal (SIGTERM at quit, say): it never ran its cleanup.
    case killed = "killed by a signal, cleanup never ran"
    /// The system refused a thread or a process.
    case failedToStart = "could not start"
    /// A process watched read-only (`watch --pid`): daemondeck stopped reading it and never signalled it.
    case detached = "watched read-only, never signalled; it runs on"

    /// The state the Workers panel shows once a worker has ended this way.
    public var finalState: WorkerState {
        switch self {
        case .finished, .failedToStart: .finished
        case .cancelled, .killed: .cancelled
        case .stoppedWithCleanup, .joined, .abandoned, .detached: .stopped
        }
    }
}

/// How monitors learn about a change.
public enum MonitorStrategy: String, Sendable, Equatable, CaseIterable {
    /// Wake every interval and compare versions; writes between two looks are missed.
    case polling
    /// Sleep until the write itself broadcasts a condition variable. The window is much narrower, but a
    /// broadcast does not queue: writes closer together than a wake-up still merge into one change seen.
    case wakeOnChange = "wake-on-change"
    /// Every write is also sent as a message to a bounded queue, and the monitor drains every message:
    /// lossless as long as the queue has room (the classic example's `msg_queue`), paid for with queue depth.
    case queue

    /// The next strategy for `w`: polling → wake-on-change → queue → polling.
    public var next: MonitorStrategy {
        switch self {
        case .polling: .wakeOnChange
        case .wakeOnChange: .queue
        case .queue: .polling
        }
    }
}

/// The live figures of one worker, shared between the worker's own thread and the UI thread.
/// The worker updates them with atomics; the UI samples them once per frame.
public final class WorkerHandle: Sendable {
    public let id: WorkerID
    public let name: String
    public let kind: WorkerKind
    public let model: WorkerModel
    private let stateRaw = Atomic<UInt8>(WorkerState.starting.rawValue)
    public let polls = Atomic<Int>(0)
    public let seen = Atomic<Int>(0)
    public let missed = Atomic<Int>(0)
    public let iterations = Atomic<Int>(0)
    /// A queue monitor's queue depth at its last drain.
    public let queueDepth = Atomic<Int>(0)
    /// The kernel's id of the worker's thread (what `ps -L` and `top -H` list), 0 for a task or work item.
    public let tid = Atomic<Int32>(0)

    public init(id: WorkerID, name: String, kind: WorkerKind, model: WorkerModel) {
        self.id = id
        self.name = name
        self.kind = kind
        self.model = model
    }

    public var state: WorkerState {
        get { WorkerState(rawValue: stateRaw.load(ordering: .relaxed)) ?? .running }
    }

    public func setState(_ state: WorkerState) {
        stateRaw.store(state.rawValue, ordering: .relaxed)
    }

    public func sample() -> WorkerSample {
        WorkerSample(
            id: id, state: state,
            polls: polls.load(ordering: .relaxed),
            seen: seen.load(ordering: .relaxed),
            missed: missed.load(ordering: .relaxed),
            iterations: iterations.load(ordering: .relaxed),
            queueDepth: queueDepth.load(ordering: .relaxed),
            tid: tid.load(ordering: .relaxed))
    }
}

/// A snapshot of a worker's figures, taken by the UI thread and handed to the reducer.
public struct WorkerSample: Equatable, Sendable, Codable {
    public var id: WorkerID
    public var state: WorkerState
    public var polls: Int
    public var seen: Int
    public var missed: Int
    public var iterations: Int
    public var queueDepth: Int
    /// The thread's kernel id, and the CPU time it has used (from /proc), where it runs on a thread of its own.
    public var tid: Int32
    public var cpuMs: Int?
    /// CPU time in microseconds (from /proc's schedstat, in nanoseconds), for the cost of one poll.
    public var cpuMicros: Int?
    /// What the kernel says of the worker's thread (state, and why it waits) from /proc/self/task/TID,
    /// where it runs on a thread of its own and the Workers panel shows it; nil when not read.
    public var kernel: ProcThreadReading?

    public init(id: WorkerID, state: WorkerState, polls: Int = 0, seen: Int = 0, missed: Int = 0, iterations: Int = 0,
                queueDepth: Int = 0, tid: Int32 = 0, cpuMs: Int? = nil) {
        self.id = id
        self.state = state
        self.polls = polls
        self.seen = seen
        self.missed = missed
        self.iterations = iterations
        self.queueDepth = queueDepth
        self.tid = tid
        self.cpuMs = cpuMs
    }
}
