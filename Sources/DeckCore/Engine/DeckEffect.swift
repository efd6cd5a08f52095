/// What the reducer asks the outside world to do. Effects run outside the reducer (on the UI thread
/// for quick ones, on workers for slow ones) and report back as events.
public enum DeckEffect: Sendable, Equatable {
    public enum WriteOp: Sendable, Equatable {
        case add(Double)
        case set(Double)
    }

    /// The main loop writes a shared value.
    case write(index: Int, op: WriteOp)
    /// Start a monitor thread with this id and name.
    case startMonitor(id: WorkerID, name: String)
    /// Start the non-daemon snapshot writer.
    case startSnapshotWriter(id: WorkerID, name: String, everyMs: Int)
    /// Ask a worker to stop cooperatively (its cleanup runs).
    case stopWorker(WorkerID)
    /// Join a worker that reported its end (a real join: the UI thread waits for its thread or task).
    case joinWorker(WorkerID)
    /// New poll interval for every monitor.
    case setMonitorInterval(ms: Int)
    /// New strategy for every monitor.
    case setMonitorStrategy(MonitorStrategy)
    /// Start the alarm task.
    case startAlarm(id: WorkerID, name: String, ticks: Int, periodMs: Int)
    /// Cancel the alarm task (real `Task.cancel()`).
    case cancelAlarm(WorkerID)
    /// Write the log as JSON Lines.
    case exportLog(path: String, entries: [LogEntry])
    /// Leave the dashboard with this exit status.
    case exit(code: Int32)
    /// Park every worker at its next checkpoint; let them all go; let one run one loop iteration.
    case freeze
    case thaw
    case step(WorkerID)
    /// Write the session as Chrome Trace Event JSON.
    case exportTrace(path: String, input: TraceInput)
    /// Start or steer a lesson's worker, or load a lesson.
    case lab(LabEffect)
    /// `daemondeck watch`: start watching a program (a worker of model `process`).
    case startWatch(id: WorkerID, target: WatchTarget)
    /// A second `q` while the watched program ends: SIGKILL to its group now.
    case killWatched(WorkerID)
}
