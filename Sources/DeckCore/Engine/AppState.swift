/// A shared value as the screen shows it: the last write the main loop made and how many writes so far.
public struct ValueRow: Sendable, Equatable {
    public var name: String
    public var value: Double
    public var step: Double
    public var version: Int
}

/// One worker as the Workers panel shows it.
public struct WorkerRow: Sendable, Equatable {
    public var id: WorkerID
    public var name: String
    public var kind: WorkerKind
    public var model: WorkerModel
    public var role: Role
    public var state: WorkerState = .starting
    public var polls = 0
    public var seen = 0
    public var missed = 0
    public var iterations = 0
    /// The thread's kernel id (0: not a thread of its own) and the CPU time it has used.
    public var tid: Int32 = 0
    public var cpuMs: Int?
    public var cpuMicros: Int?
    /// A monitor's CPU time per poll in microseconds: the price of looking (10 Hz vs 100 Hz vs wake-on-change).
    /// The kernel's view of its thread (/proc/self/task/TID): its state and why it waits; nil until read
    /// (or without /proc, or for a worker with no thread of its own).
    public var kernel: ProcThreadReading?
    public var microsPerPoll: Int? { cpuMicros.flatMap { polls > 0 ? $0 / polls : nil } }
    public var intervalMs: Int
    /// Set once the worker has ended.
    public var fate: WorkerFate?

    public enum Role: String, Sendable, Equatable {
        case monitor, alarm, snapshotWriter
        case heartbeat, watchdog, counters, job, child  // lesson workers
        /// A thread of the "be the scheduler" game.
        case scheduled
        /// The thread that counts a board's orders (`BoardCountWorker`).
        case boardCounter
    }

    public var isAlive: Bool { fate == nil }
}

/// The alarm as the Tick / alarm panel shows it.
public struct AlarmView: Sendable, Equatable {
    public enum Status: Sendable, Equatable { case idle, ticking, fired, cancelled }
    public var workerID: WorkerID?
    public var status: Status = .idle
    public var ticks = 0
    public var total: Int
    public var periodMs: Int
    public var startedAt: Timestamp?

    /// Milliseconds until `ALARM!`, while ticking.
    public func millisecondsLeft(now: Timestamp) -> Int? {
        guard status == .ticking, let startedAt else { return nil }
        // A replayed recording can say any number of ticks: a time beyond reach is as far as time goes.
        let (duration, overflow) = total.multipliedReportingOverflow(by: periodMs)
        let farthest = (total < 0) == (periodMs < 0) ? Int.max : Int.min
        let due = startedAt.adding(milliseconds: overflow ? farthest : duration)
        return max(0, now.milliseconds(until: due))
    }
}

/// The main loop's automatic writes: on or off, when the next one is due, and the seeded generator.
public struct AutoMutation: Sendable, Equatable {
    public var enabled = false
    public var nextAt: Timestamp?
    public var random: SeededRandom
    public var gapMs: ClosedRange<Int>
    public var writes = 0
}

public enum QuitPhase: Sendable, Equatable {
    case running
    /// Waiting for these non-daemon workers to finish; then exit with `code`.
    case joining(waitingFor: [WorkerID], code: Int32)
    /// Done: the UI loop restores the terminal and exits with `code`.
    case exiting(code: Int32, forced: Bool)
}

public enum Overlay: Sendable, Equatable {
    case help
    case lessonMenu
    /// `?` then `P`: the Python ↔ Swift page.
    case pythonSwift
    /// `Enter` on the log, or a click on a line: one log line whole.
    case logLine(LogLineDetail)
}

/// Everything the screen shows. Owned by the UI thread; changed only by `Reducer.reduce`.
public struct AppState: Sendable {
    public var config: DeckConfig
    public var now: Timestamp
    public var screenWidth = 80
    public var screenHeight = 24
    public var values: [ValueRow]
    public var selectedValue = 0
    public var workers: [WorkerRow] = []
    public var nextWorkerID = 1
    public var monitorsStarted = 0
    public var alarmsStarted = 0
    public var monitorIntervalMs: Int
    public var monitorStrategy: MonitorStrategy = .polling
    public var alarm: AlarmView
    public var log: EventLog
    /// How many entries the log view is scrolled up from the newest (0 follows new events).
    public var logScroll = 0
    public var auto: AutoMutation
    public var overlay: Overlay?
    /// A one-line message in the status bar (the export path, a refusal), with when it was set.
    public var status: (text: String, at: Timestamp)?
    public var quit: QuitPhase = .running
    /// A one-line hint at the foot of the log for a first look; the first key takes it away.
    public var firstLookHint: String?
    /// When a quit started by a signal stops waiting and cuts off whoever is left.
    public var quitDeadline: Timestamp?
    /// Lines the log panel shows, as the view last laid it out.
    public var logViewLines = 10
    public var exportedPath: String?
    /// Events the inbox dropped because it was full (shown, never silent).
    public var droppedEvents = 0
    /// Lifecycle posts that waited because the inbox already held its most of them (shown, never silent).
    public var inboxPostsWaited = 0
    public var seed: UInt64
    /// `f` / `/`: which log lines are shown.
    public var logFilter = LogFilter()
    /// daemondeck's own CPU and memory, sampled about once a second.
    public var selfCost: SelfCost?
    /// The timeline panel's lanes and marks.
    public var timeline = TimelineState()
    /// Frozen or not, since when, and which worker `s` steps.
    public var freeze = FreezeState()
    /// Lessons: the menu's catalog and the lesson running now.
    public var lessons = LessonDeckState()
    /// Set while `daemondeck replay` shows a recording: the status bar says REPLAY, where and how fast.
    public var replay: ReplayBanner?
    /// "Be the scheduler": the game the learner plays by stepping two real threads.
    public var schedule: ScheduleBoard?
    /// A board being played (docs/boards.md): `l`'s Boards section or `--board`.
    public var board: BoardSession?
    /// The shipped boards, the lesson menu's Boards section (after the lessons).
    public var boardCatalog: [Board] = []
    /// What each shipped board says of itself (`# from:`, `# after a win:`), by board name.
    public var boardNotes: [String: BoardLevelNotes] = [:]
    /// Levels won, as the progress file said at start or after the latest win (the menu's marks).
    public var boardProgress = BoardProgress()
    /// The locks the running lesson's threads use, as last reported (the Locks panel), and when.
    public var locks: [LockView] = []
    public var locksChangedAt: Timestamp?
    /// `daemondeck watch`: the watched program's threads and how it ended.
    public var watch: WatchView?
    /// A lesson's `run-python` program while it runs: its threads, each a row under the lesson's workers.
    public var pythonStep: WatchView?
    /// The `Python` row whose program `pythonStep` shows: a stopped step's late events must not touch a newer one's view.
    public var pythonStepOwner: WorkerID?

    public init(config: DeckConfig, now: Timestamp) {
        self.config = config
        self.now = now
        self.values = config.values.map { ValueRow(name: $0.name, value: $0.initial, step: $0.step, version: 0) }
        self.monitorIntervalMs = config.intervalMs
        self.alarm = AlarmView(total: config.alarmTicks, periodMs: config.alarmPeriodMs)
        self.log = EventLog(capacity: config.logCapacity)
        let seed = config.seed ?? (now.nanos ^ 0x5DEE_CE66_D1CE_4E5B)
        self.seed = seed
        self.auto = AutoMutation(random: SeededRandom(seed: seed), gapMs: config.autoGapMs)
    }

    public var aliveMonitors: [WorkerRow] { workers.filter { $0.role == .monitor && $0.isAlive } }

    public func worker(_ id: WorkerID) -> WorkerRow? { workers.first { $0.id == id } }

    public func workerName(_ id: WorkerID) -> String { worker(id)?.name ?? "worker-\(id)" }

    /// The earliest moment something is due without any input (the UI loop sleeps until then).
    public var nextDueAt: Timestamp? {
        let write = auto.enabled && quit == .running && !freeze.isFrozen ? auto.nextAt : nil
        return [write, quitDeadline, lessons.pendingMenuNumber?.opensAt].compactMap { $0 }.min()
    }
}
