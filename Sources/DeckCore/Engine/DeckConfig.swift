/// The settings a run starts with, from the command line (or a lesson, or a test).
public struct DeckConfig: Sendable, Equatable, Codable {
    public struct ValueSpec: Sendable, Equatable, Codable {
        public var name: String
        public var initial: Double
        public var step: Double
        public init(name: String, initial: Double, step: Double) {
            self.name = name
            self.initial = initial
            self.step = step
        }
    }

    /// Show the first-look hint (where to begin) until the first key: the dashboard started with no lesson.
    public var firstLookHint = false
    /// A board to play at launch (`--board`), checked before the run starts.
    public var board: BoardSource?
    /// Monitors started at launch.
    public var monitors = 4
    /// Poll interval of every monitor, in milliseconds.
    public var intervalMs = 100
    public var alarmTicks = 5
    public var alarmPeriodMs = 1000
    /// Start the alarm when the run starts, as the classic example schedules it at once.
    public var alarmAtLaunch = true
    /// Auto-mutation on at launch.
    public var auto = false
    /// Random gaps between automatic writes lie in this range (the classic example: up to 5 s).
    public var autoGapMs: ClosedRange<Int> = 200...2500
    /// Seed of the main loop's random values; nil picks one from the clock.
    public var seed: UInt64?
    /// Start the non-daemon snapshot writer.
    public var snapshotWriter = true
    public var snapshotEveryMs = 3000
    /// Extra time the snapshot writer's final save takes (a slow disk), to make the join at quit visible.
    public var snapshotFinalSaveDelayMs = 0
    /// Where the snapshot writer saves; nil means a file in the temporary directory.
    public var snapshotPath: String?
    /// Where the log is exported (`e`, and at quit); nil means a timestamped file in the current directory.
    public var logPath: String?
    /// Where `e` (and quit) writes the Chrome Trace; nil means beside the log, as `NAME.trace.json`.
    public var tracePath: String?
    /// Most log entries kept in memory.
    public var logCapacity = 10_000
    /// Monitors may not exceed this many at once (a student holding `m` must not exhaust threads).
    public var maxMonitors = 16
    /// The progress file of board wins (`BoardProgressStore`); nil keeps no progress (tests, unless they
    /// give a temporary one). The dashboard sets `$XDG_DATA_HOME/daemondeck/progress.json`.
    public var progressPath: String?
    /// How long a board's orders may be counted (on the counter's thread) before "too many orders to count";
    /// nil: `BoardCountWorker.defaultBudgetMs`. Optional, so recordings made before it still read.
    public var boardCountBudgetMs: Int?
    /// The daemondeck binary that lessons run as a child process; nil means this executable.
    public var childBinaryPath: String?
    /// The shared values the main loop owns: `data`, the classic example's global, and `limit`, the top
    /// of the range the main loop's random writes fall in (`random() * limit`; the classic example uses 5).
    /// Monitors watch both, so changing the range is a change they report too.
    public var values: [ValueSpec] = [
        ValueSpec(name: "data", initial: 0, step: 1),
        ValueSpec(name: "limit", initial: 5, step: 1),
    ]

    /// `daemondeck watch`: the program to watch instead of the demonstration's workers.
    public var watch: WatchTarget?

    public init() {}

    public static let intervalRange = 1...10_000
}
