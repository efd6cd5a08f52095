/// Plays a recording back through the same reducer the live run used, with no workers: the effects the
/// reducer asks for are dropped, because their results (writes, detections, ends) are in the recording.
///
/// Seeking restores the nearest checkpoint before the target (`ReplayIndex`) and applies the events
/// between: at most 2,048 of them for files up to a million events.
public final class ReplayPlayer {
    public let file: RecordingFile
    public let index: ReplayIndex
    /// The replayed run as the screen shows it.
    public private(set) var state: AppState
    /// The next event to apply (events before it have been applied).
    public var position: Int { cursor.index - (peeked == nil ? 0 : 1) }
    /// Where the replay is, in nanoseconds since the run began.
    public private(set) var playhead: UInt64 = 0
    /// The time of the last event, in nanoseconds since the run began.
    public private(set) var duration: UInt64
    public private(set) var paused = false
    public private(set) var speed: Double = 1
    /// The last event applied, as `s` shows it.
    public private(set) var lastEvent: RecordedEvent?
    /// The search being typed after `/`, shown in the status bar.
    public var searchDraft: String? { didSet { refreshBanner() } }
    /// A one-line message for the status bar (a search that found nothing, a file cut short).
    public var message: String? { didSet { refreshBanner() } }

    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8]

    private var cursor: RecordingFile.Cursor
    /// An event read but not applied yet (it lies after the playhead).
    private var peeked: RecordedEvent?
    /// The replay time of the events applied: the latest `t` so far (lines are in the order the
    /// reducer saw them; times posted from other threads may be a little out of order).
    private var reached: UInt64 = 0
    private var view = ViewerSettings()

    /// What the viewer set that a restored checkpoint must not undo.
    private struct ViewerSettings {
        var width: Int?
        var height: Int?
        var logLines: Int?
        var timelineShown: Bool?
        var timelineScale: Int?
        var overlay: Overlay??
        var logFilter: LogFilter?
    }

    /// The state a replay starts from: the recording's settings, before its first event.
    static func initialState(_ file: RecordingFile) -> AppState {
        var config = file.header.config
        config.firstLookHint = false  // a hint for a live first look, not for a replay
        return AppState(config: config, now: file.header.started)
    }

    /// Opens the replay at its start with every checkpoint built first, on this thread.
    public convenience init(file: RecordingFile) throws {
        try self.init(file: file, index: ReplayIndex.build(file, initial: Self.initialState(file)))
    }

    /// Opens the replay at its start at once; the checkpoints are built on a thread of their own
    /// (`index.stop()` joins it), which wakes `waker` when it is done.
    public static func openInBackground(_ file: RecordingFile, waker: Waker?) throws -> ReplayPlayer {
        let index = ReplayIndex.startInBackground(path: file.path, total: file.count, initial: initialState(file), waker: waker)
        return try ReplayPlayer(file: file, index: index)
    }

    init(file: RecordingFile, index: ReplayIndex) throws {
        self.file = file
        self.index = index
        state = Self.initialState(file)
        duration = file.count > 0 ? (try file.event(at: file.count - 1)?.t ?? 0) : 0
        cursor = file.cursor(at: 0)
        if file.notice != nil { message = "the last line is cut short (a crash mid-write): replaying the \(file.count) events before it" }
        noteIndexProgress()
    }

    /// Applies one recorded event: the reducer runs, its effects are dropped.
    static func apply(_ event: RecordedEvent, to state: inout AppState) {
        guard !event.event.describesTheView else { return }
        _ = Reducer.reduce(&state, PostedEvent(at: event.at, event: event.event))
    }

    // MARK: - Playing

    /// Moves the playhead on by `nanos` of real time (times the speed) unless paused, applying the events
    /// it passes. Returns whether anything changed.
    @discardableResult
    public func advance(realNanos nanos: UInt64) throws -> Bool {
        guard !paused else { return false }
        let target = min(duration, playhead &+ UInt64(Double(nanos) * speed))
        let before = position
        try apply(until: target)
        playhead = target
        if position >= file.count {
            playhead = duration
            paused = true
        }
        refreshBanner()
        return position != before || paused
    }

    /// `s`: pauses, and applies events up to and including the next one of the run itself (the UI's
    /// own frame ticks and samples are applied on the way but do not count as a step).
    public func step() throws {
        paused = true
        while let event = try nextEvent() {
            applyPeeked(event)
            if !event.event.isBookkeeping { break }
        }
        playhead = max(playhead, reached)
        refreshBanner()
    }

    public func togglePause() {
        if paused && position >= file.count { try? seek(to: 0) }
        paused.toggle()
        refreshBanner()
    }

    /// `+` / `-`: the next speed up or down, between 0.25x and 8x.
    public func changeSpeed(faster: Bool) {
        let index = Self.speeds.firstIndex(of: speed) ?? 2
        speed = Self.speeds[min(max(0, index + (faster ? 1 : -1)), Self.speeds.count - 1)]
        refreshBanner()
    }

    /// Left/Right: a second back or forward.
    public func seek(by nanos: Int64) throws {
        let target = nanos < 0 ? playhead - min(playhead, UInt64(-nanos)) : playhead &+ UInt64(nanos)
        try seek(to: target)
    }

    /// Puts the replay at `target` nanoseconds since the run began: every event up to then applied.
    /// While the index is still being built, a seek goes no further than it has come.
    public func seek(to target: UInt64) throws {
        var target = min(target, duration)
        var reachable = index.reachable
        if !reachable.done, target > reachable.time, target > reached {
            reachable = index.waitUntilReached(target, timeoutMs: 1500)
        }
        if !reachable.done, target > reachable.time, target > reached {
            target = max(reached, reachable.time)
            message = "indexing the recording (\(reachable.index * 100 / max(1, index.total))%): seeking as far as it has come"
        }
        if target < reached || position == 0 && target == 0 || !isNearAhead(target) {
            restore(before: target)
        }
        try apply(until: target)
        playhead = target
        refreshBanner()
    }

    /// Takes in what the background index has done: the exact duration once it is complete.
    /// Returns a line that did not decode, if the index met one.
    @discardableResult
    public func noteIndexProgress() -> RecordingError? {
        let progress = index.reachable
        if progress.done { duration = max(duration, progress.time) }
        refreshBanner()
        return index.failure
    }

    /// Home / End.
    public func seekToStart() throws { try seek(to: 0) }
    public func seekToEnd() throws {
        try seek(to: duration)
        if index.reachable.done { try apply(until: UInt64.max) }
        paused = true
        refreshBanner()
    }

    /// The text of the last search (`n` / `N` look for it again), while the log is still searched for it.
    public var lastSearch: String? {
        let search = state.logFilter.search
        return search.isEmpty ? nil : search
    }

    /// `N`: the previous log line that contains `text`, before the one the replay stands at. The replay
    /// goes back to the moment that line was logged. Returns false if no earlier line kept in the log has it.
    public func searchBackward(_ text: String) throws -> Bool {
        var filter = state.logFilter
        filter.search = text
        filter.draft = nil
        let matches = filter.matchingIndices(in: state.log)
        // The newest match is where the replay stands (or earlier); the one before it is the target.
        guard matches.count >= 2 else { return false }
        let target = state.log[matches[matches.count - 2]].at
        let started = file.header.started.nanos
        guard target.nanos >= started else { return false }
        paused = true
        try seek(to: target.nanos - started)
        // The log's times and the recording's may differ by the time an event waited in the inbox: go on
        // event by event until the line is in the log.
        while filter.matchingIndices(in: state.log).last.map({ state.log[$0].at < target }) ?? true,
              let event = try nextEvent() {
            applyPeeked(event)
            playhead = max(playhead, reached)
        }
        view.logFilter = filter
        applyViewerSettings()
        refreshBanner()
        return true
    }

    /// `/`: the next log line that contains `text` (ignoring case), from here on, then from the start.
    /// The replay pauses there, with the log searched for it. Returns false if no line has it.
    public func search(_ text: String) throws -> Bool {
        // The same match as the live `/` filter: the text or the source contains it, ignoring case.
        var filter = state.logFilter
        filter.search = text
        filter.draft = nil
        guard !text.isEmpty else { return false }
        let origin = playhead
        paused = true
        for pass in 0..<2 {
            if pass == 1 { try seek(to: 0) }
            while let event = try nextEvent() {
                if pass == 1 && reached > origin { break }
                let logged = state.log.totalAppended
                applyPeeked(event)
                if state.log.indicesAppended(since: logged).contains(where: { filter.matches(state.log[$0]) }) {
                    playhead = reached
                    view.logFilter = filter
                    applyViewerSettings()
                    refreshBanner()
                    return true
                }
            }
        }
        try seek(to: origin)
        return false
    }

    // MARK: - The viewer's own settings

    /// The viewer's terminal size or log height, as the drawing reports them.
    public func viewChanged(_ event: DeckEvent) {
        switch event {
        case .resize(let width, let height):
            view.width = width
            view.height = height
        case .logViewResized(let lines):
            view.logLines = lines
        default:
            return
        }
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: event))
    }

    /// A key that changes only how the run is shown (timeline, zoom, help, log scrolling and filter),
    /// handled by the same reducer; the viewer's choice survives seeking.
    public func viewKey(_ key: Key) {
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(key)))
        view.timelineShown = state.timeline.shownByUser
        view.timelineScale = state.timeline.scaleIndex
        view.overlay = .some(state.overlay)
        view.logFilter = state.logFilter
    }

    // MARK: - Inside

    private func isNearAhead(_ target: UInt64) -> Bool {
        // Going forward from here is cheaper than a restore unless a later checkpoint lies before the target.
        index.checkpoint(atOrBefore: target).index <= position
    }

    private func restore(before target: UInt64) {
        let checkpoint = index.checkpoint(atOrBefore: target)
        state = checkpoint.state
        reached = checkpoint.time
        cursor = file.cursor(at: checkpoint.index)
        peeked = nil
        lastEvent = nil
        applyViewerSettings()
    }

    private func applyViewerSettings() {
        if let width = view.width, let height = view.height {
            _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .resize(width: width, height: height)))
        }
        if let lines = view.logLines {
            _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .logViewResized(lines: lines)))
        }
        if let shown = view.timelineShown { state.timeline.shownByUser = shown }
        if let scale = view.timelineScale { state.timeline.scaleIndex = scale }
        if let overlay = view.overlay { state.overlay = overlay }
        if let filter = view.logFilter { state.logFilter = filter }
    }

    private func nextEvent() throws -> RecordedEvent? {
        if let peeked { return peeked }
        peeked = try cursor.next()
        return peeked
    }

    private func applyPeeked(_ event: RecordedEvent) {
        peeked = nil
        reached = max(reached, event.t)
        Self.apply(event, to: &state)
        if !event.event.isBookkeeping { lastEvent = event }
    }

    private func apply(until target: UInt64) throws {
        while let event = try nextEvent(), max(reached, event.t) <= target {
            applyPeeked(event)
        }
        // The clocks on screen (time left, the timeline's right edge) stand at the playhead.
        let now = Timestamp(nanos: file.header.started.nanos &+ min(target, duration))
        if now > state.now { state.now = now }
    }

    private func refreshBanner() {
        let progress = index.reachable
        state.replay = ReplayBanner(playhead: playhead, duration: duration, paused: paused, speed: speed,
                                    position: position, count: file.count, last: lastEvent,
                                    lastWords: lastEvent.map { ReplayStepWords.describe($0, in: state) },
                                    searchDraft: searchDraft, message: message,
                                    indexedPercent: progress.done ? nil : progress.index * 100 / max(1, index.total))
    }
}

extension DeckEvent {
    /// The UI's own frame ticks and samples: applied in a replay, but not what `s` steps to.
    var isBookkeeping: Bool {
        switch self {
        case .tick, .workersSampled, .selfCostSampled, .resize, .logViewResized: true
        default: false
        }
    }
}

/// What the status bar says during a replay: REPLAY, where, how fast, and the last event.
public struct ReplayBanner: Sendable, Equatable {
    public var playhead: UInt64
    public var duration: UInt64
    public var paused: Bool
    public var speed: Double
    public var position: Int
    public var count: Int
    public var last: RecordedEvent?
    /// The last event in words (`Main writes data = 1.200`), as `s` names it.
    public var lastWords: String?
    public var searchDraft: String?
    public var message: String?
    /// How much of the file the background index has read, until it is done.
    public var indexedPercent: Int?

    /// `REPLAY ▶ 1x 0:12.3/1:40.0 #812/4031`
    public var text: String {
        let state = paused ? (position >= count ? "END" : "PAUSED") : "▶"
        let indexing = indexedPercent.map { " indexing \($0)%" } ?? ""
        return "REPLAY \(state) \(Self.speedText(speed)) \(Self.clock(playhead))/\(Self.clock(duration)) #\(position)/\(count)\(indexing)"
    }

    /// The last event applied, for stepping, in words: `Monitor-1 sees data change to 3.205`.
    public var lastText: String? {
        guard let last else { return nil }
        return lastWords ?? "\(last.source) \(last.event.caseName)"
    }

    static func speedText(_ speed: Double) -> String {
        speed == speed.rounded() ? "\(Int(speed))x" : "\(speed)x"
    }

    /// `m:ss.t`
    static func clock(_ nanos: UInt64) -> String {
        let tenths = nanos / 100_000_000
        let seconds = tenths / 10
        let s = seconds % 60
        return "\(seconds / 60):\(s < 10 ? "0" : "")\(s).\(tenths % 10)"
    }
}

extension DeckEvent {
    /// The event's case, as the recording's JSON names it (`changeDetected`).
    public var caseName: String {
        let mirror = Mirror(reflecting: self)
        return mirror.children.first?.label ?? String(describing: self)
    }
}
