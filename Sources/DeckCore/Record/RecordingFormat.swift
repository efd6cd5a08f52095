/// The first line of a recording (`--record FILE`): what it is, who wrote it, and what the run started
/// from. docs/recording.md describes the format; `version` changes whenever a reader would misread it.
public struct RecordingHeader: Codable, Equatable, Sendable {
    /// Always `daemondeck-recording`: a file whose first line says otherwise is not a recording.
    public var format: String
    /// The format's version (see `RecordingHeader.currentVersion`).
    public var version: Int
    /// The daemondeck that wrote it.
    public var daemondeck: String
    /// The seed of the main loop's random values (also in `config`, resolved when it was not given).
    public var seed: UInt64
    /// When the run began (wall clock, nanoseconds since 1970); `t` in each line counts from here.
    public var started: Timestamp
    /// The settings the run started with.
    public var config: DeckConfig

    public static let formatName = "daemondeck-recording"
    public static let currentVersion = 1

    public init(seed: UInt64, started: Timestamp, config: DeckConfig) {
        format = Self.formatName
        version = Self.currentVersion
        daemondeck = DeckVersion.text
        self.seed = seed
        self.started = started
        self.config = config
    }
}

/// One line after the header: one event, as the reducer received it.
public struct RecordedEvent: Codable, Equatable, Sendable {
    /// Nanoseconds since the run began, on the monotonic clock (events are in this order).
    public var t: UInt64
    /// The event's time as the log shows it (wall clock anchored to the monotonic one, nanoseconds since 1970).
    public var at: Timestamp
    /// Who caused it: a worker's name, `keyboard`, `Main`, `Lesson`, `terminal`, `UI`, `signal`, `Export`.
    public var source: String
    public var event: DeckEvent

    public init(t: UInt64, at: Timestamp, source: String, event: DeckEvent) {
        self.t = t
        self.at = at
        self.source = source
        self.event = event
    }
}

extension DeckEvent {
    /// Who caused this event, in words a reader of a recording understands.
    public func source(in state: AppState) -> String {
        switch self {
        case .runStarted, .tick, .quitRequested: "Main"
        case .key, .freeze: "keyboard"
        case .resize, .logViewResized: "terminal"
        case .workersSampled, .selfCostSampled: "UI"
        case .valueWritten(_, _, let by): by
        case .changeDetected(let id, _, _, _), .workerRunning(let id), .workerSaid(let id, _), .workerEnded(let id, _),
             .workerJoined(let id, _), .alarmTicked(let id, _, _), .alarmFired(let id), .alarmCancelled(let id):
            state.workerName(id)
        case .exportFinished, .traceExported: "Export"
        case .note(let source, _): source
        case .signal: "signal"
        case .lesson(.workerSaid(let id, _, _)): state.workerName(id)
        case .lesson: "Lesson"
        case .watch: state.watch?.name ?? "watch"
        }
    }

    /// Facts about the viewer's terminal, not about the run: a replay applies its own instead.
    var describesTheView: Bool {
        switch self {
        case .resize, .logViewResized: true
        default: false
        }
    }
}
