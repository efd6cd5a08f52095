/// Everything that can happen, from any thread. Workers, the keyboard, lessons and the UI loop's own
/// clock all post these into the inbox; only the reducer, on the UI thread, applies them to the state.
///
/// Every inbox slot is as large as the largest case, so the rare, large ones (exports, lesson steps) are
/// `indirect`: boxed on the heap when made, which keeps the inbox's fixed memory small (see `Inbox`).
public enum DeckEvent: Sendable, Equatable, Codable {
    /// The run began: the configured workers start (the first event of every run, and of its recording).
    case runStarted
    /// A key from the keyboard (or a lesson pressing one).
    case key(Key)
    /// The UI loop's clock moved on; due work (auto-mutation, time left) is recomputed.
    case tick
    /// The run is over (the end of a plain run): quit as `q` does, whatever overlay is open.
    case quitRequested
    /// The terminal now has this size.
    case resize(width: Int, height: Int)
    /// The view laid out the log panel with this many lines (the reducer pages and clamps scrolling by it).
    case logViewResized(lines: Int)
    /// Live figures of the workers, sampled by the UI thread before a frame.
    case workersSampled([WorkerSample])
    /// The main loop wrote a shared value (reported by the effect that did the write).
    case valueWritten(index: Int, reading: SharedValueReading, by: String)
    /// A monitor saw a new version. `missedVersions` are versions written between two looks that it never saw.
    case changeDetected(worker: WorkerID, index: Int, reading: SharedValueReading, missedVersions: ClosedRange<Int>?)
    /// A worker's thread or task began running.
    case workerRunning(worker: WorkerID)
    /// A worker's own message: cleanup, a save, anything it wants in the log.
    case workerSaid(worker: WorkerID, text: String)
    /// A worker ended, and how (its last act; the registry then joins it).
    case workerEnded(worker: WorkerID, fate: WorkerFate)
    /// The UI thread joined an ended worker (`joined` false: it had not ended within the join's deadline).
    case workerJoined(worker: WorkerID, joined: Bool)
    /// The alarm task printed `>tick` number `n` of `total`.
    case alarmTicked(worker: WorkerID, n: Int, total: Int)
    /// The alarm fired: `ALARM!`.
    case alarmFired(worker: WorkerID)
    /// The alarm's cancellation path ran: `Alarm cancelled`.
    case alarmCancelled(worker: WorkerID)
    /// The log export finished (on a Dispatch queue).
    indirect case exportFinished(path: String, count: Int, error: String?)
    /// A line from somewhere that is not a worker row (a lesson, a child process, the bench).
    case note(source: String, text: String)
    /// A POSIX signal reached the process (SIGINT, SIGTERM, SIGHUP), or SIGPIPE: the reader of plain
    /// mode's output went away.
    case signal(Int32)
    /// daemondeck's own CPU and resident size, sampled by the UI loop about once a second.
    case selfCostSampled(SelfCost)
    /// Freeze, thaw or step the workers (a lesson's step; the keys z, s, Tab do the same).
    indirect case freeze(FreezeCommand)
    /// The Chrome Trace export finished (on a Dispatch queue).
    indirect case traceExported(path: String, events: Int, error: String?)
    /// A lesson step, the lesson menu, or a lesson worker's message.
    indirect case lesson(LessonEvent)
    /// `daemondeck watch`: the watched program's threads, output and end.
    indirect case watch(WatchEvent)
}

extension DeckEvent {
    /// High-rate reports that a full inbox may drop (and count). Everything else (worker lives, the
    /// alarm firing or being cancelled, exports, lesson steps, signals) is always delivered.
    public var mayBeDropped: Bool {
        switch self {
        case .changeDetected, .note, .valueWritten, .workersSampled, .selfCostSampled, .tick: true
        case .watch(let event): event.mayBeDropped
        default: false
        }
    }
}

/// An event with the wall-clock time at which it was posted.
public struct PostedEvent: Sendable, Equatable, Codable {
    public var at: Timestamp
    public var event: DeckEvent

    public init(at: Timestamp, event: DeckEvent) {
        self.at = at
        self.event = event
    }
}
