/// Where each panel goes for a given terminal size. Pure, so the reducer (scrolling, mouse clicks) and the
/// renderer agree on it.
public struct DashboardLayout: Equatable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24
    /// Event lines the log keeps while a lesson's narration is open.
    public static let lessonLogLines = 5

    public var tooSmall: Bool
    public var sharedState = Rect.zero
    public var alarm = Rect.zero
    public var workers = Rect.zero
    public var log = Rect.zero
    public var timeline = Rect.zero
    /// In a lesson: the Narration panel, taken from the log's room (the other panels keep theirs).
    public var narration = Rect.zero
    /// "Be the scheduler": the game's board, taken from the log's room like the narration.
    public var schedule = Rect.zero
    /// The lesson's locks (who holds, who waits), under the workers while they are in use.
    public var locks = Rect.zero
    public var status = Rect.zero

    /// Lines of events the log panel shows.
    public var logLines: Int { max(0, log.height - 2) }

    /// Event lines the log keeps with the timeline on (the timeline takes only what the log can spare).
    public static let timelineLogLines = 4

    /// The Shared state panel folded to one line: a lesson that never touches the values, while nobody has.
    public var sharedStateFolded = false
    /// The Alarm panel folded to one line: a lesson that never uses the alarm, while it is idle.
    public var alarmFolded = false
    /// Two rows for the status bar: its message is longer than one row leaves room for.
    public var statusTwoRows: Bool { status.height > 1 }

    public init(width: Int, height: Int, state: AppState) {
        tooSmall = width < Self.minimumWidth || height < Self.minimumHeight
        guard !tooSmall else { return }
        var rest = Rect(x: 0, y: 0, width: width, height: height)
        (rest, status) = rest.splitBottom(StatusBar.rowsNeeded(state, width: width))

        let showTimeline = state.timeline.isShown(height: height)
        if state.lessons.active != nil {
            layOutLesson(rest, width: width, height: height, state: state, showTimeline: showTimeline)
            return
        }
        // Watching another program, or playing a board, the screen is about those threads: daemondeck's own
        // shared values and alarm fold to one line while nobody has touched them, as in a lesson that never
        // uses them.
        if state.watch != nil || state.board != nil {
            sharedStateFolded = !state.auto.enabled && state.values.allSatisfy { $0.version == 0 }
            alarmFolded = state.alarm.status == .idle
        }
        let top: Rect
        (top, rest) = rest.splitTop(sharedStateFolded && alarmFolded ? 1 : max(5, state.values.count + 3))
        (sharedState, alarm) = top.splitLeft(max(38, width * 45 / 100))

        // Workers get a row each (plus header and border), but never more than half of what is left.
        let workerRows = state.watch.map { max(1, $0.threads.count + $0.pythonTasks.count) } ?? WorkersPanel.visibleRows(state).count + PythonStepRows.lines(state).count
        // With the timeline on a short terminal, the workers get a third and the timeline takes from the log.
        let workersShare = showTimeline && height < TimelineState.autoShowHeight ? rest.height / 3 : rest.height / 2
        let workersHeight = min(workerRows + 3, max(5, workersShare))
        (workers, log) = rest.splitTop(workersHeight)
        let locksHeight = LocksPanel.height(state)
        if locksHeight > 0, log.height - locksHeight >= 7 { (locks, log) = log.splitTop(locksHeight) }
        // The scheduler's board comes before the log: the game cannot be played without it.
        if SchedulePanel.isShown(state) {
            let want = SchedulePanel.height(state, width: width)
            let floor = state.board != nil ? 4 : 3 + 2  // log lines kept under it (a board's statements come first)
            let short = want - (log.height - floor)
            if short > 0 {
                let give = min(short, workers.height - min(workers.height, 5))
                workers.height -= give
                log = Rect(x: log.x, y: log.y - give, width: log.width, height: log.height + give)
            }
            let height = min(want, log.height - floor)
            if height >= 5 { (schedule, log) = log.splitTop(height) }
        }
        if showTimeline {
            // The timeline takes what the log can spare: the log keeps a few lines to read.
            let spare = log.height - 2 - Self.timelineLogLines
            (timeline, log) = log.splitTop(TimelinePanel.height(state, available: spare))
        }
    }

    /// In a lesson the space goes to what the moment needs: the lesson panel (its whole code when that fits
    /// in half the screen), the panels the lesson uses, and the log. Panels it never touches fold to one line.
    /// Each panel first gets its least useful height, then what is left goes to the lesson panel, the board,
    /// the workers, the timeline, and the log last.
    private mutating func layOutLesson(_ area: Rect, width: Int, height: Int, state: AppState, showTimeline: Bool) {
        var rest = area
        let uses = state.lessons.active?.settings.panels
        sharedStateFolded = uses.map { !$0.sharedState } ?? false
            && !state.auto.enabled && state.values.allSatisfy { $0.version == 0 }
        alarmFolded = uses.map { !$0.alarm } ?? false && state.alarm.status == .idle
        let top: Rect
        (top, rest) = rest.splitTop(sharedStateFolded && alarmFolded ? 1 : max(5, state.values.count + 3))
        (sharedState, alarm) = top.splitLeft(max(38, width * 45 / 100))

        let keyMoment = NarrationPanel.showsKeyMoment(state)
        let workerRows = WorkersPanel.visibleRows(state).count + PythonStepRows.lines(state).count
        let workersWant = workerRows + 3
        var workersMin = min(workersWant, 5)  // a header and two rows; it scrolls to the newest or selected one
        let locksHeight = LocksPanel.height(state)
        let scheduleWant = SchedulePanel.isShown(state) ? SchedulePanel.height(state, width: width) : 0
        var scheduleMin = min(scheduleWant, 5)
        let narrationFull = NarrationPanel.wantedHeight(state, width: width)
        // The code is shown whole when it fits in half the screen; the text (and a question or reveal) always.
        let narrationWant = min(narrationFull, max(height / 2, NarrationPanel.textHeight(state, width: width)))
        var narrationMin = min(narrationWant, max(4, NarrationPanel.textHeight(state, width: width)))
        let logLinesWanted = SchedulePanel.isShown(state) ? 2 : keyMoment ? Self.lessonLogLines - 2 : Self.lessonLogLines
        var logMin = logLinesWanted + 2
        var showLocks = locksHeight > 0

        // Short of rows: give up, in order, log lines, worker rows, narration rows beyond its first, the board.
        func mins() -> Int { workersMin + (showLocks ? locksHeight : 0) + scheduleMin + narrationMin + logMin }
        if mins() > rest.height { logMin = max(4, logMin - (mins() - rest.height)) }
        if mins() > rest.height { workersMin = max(min(workersWant, 4), workersMin - (mins() - rest.height)) }
        if mins() > rest.height { narrationMin = max(min(narrationWant, 3), narrationMin - (mins() - rest.height)) }
        if mins() > rest.height { showLocks = false }
        if mins() > rest.height { scheduleMin = 0 }

        var spare = rest.height - mins()
        func grow(_ value: inout Int, to want: Int) {
            let add = max(0, min(spare, want - value))
            value += add
            spare -= add
        }
        var narrationHeight = narrationMin
        grow(&narrationHeight, to: narrationWant)
        var scheduleHeight = scheduleMin
        grow(&scheduleHeight, to: scheduleWant)
        var workersHeight = workersMin
        grow(&workersHeight, to: min(workersWant, max(workersMin, rest.height / 2)))
        var timelineHeight = 0
        if showTimeline {
            grow(&timelineHeight, to: TimelinePanel.height(state, available: spare))
        }
        (workers, rest) = rest.splitTop(workersHeight)
        if showLocks { (locks, rest) = rest.splitTop(locksHeight) }
        if scheduleHeight >= 5 { (schedule, rest) = rest.splitTop(scheduleHeight) }
        if narrationHeight >= 3 { (narration, rest) = rest.splitTop(narrationHeight) }
        if timelineHeight >= 4 { (timeline, rest) = rest.splitTop(timelineHeight) }
        log = rest
    }

    /// The shared value drawn at screen row `y` (for a mouse click), if any.
    public func valueRow(atY y: Int, x: Int) -> Int? {
        guard sharedState.inner.contains(x: x, y: y) else { return nil }
        let row = y - sharedState.inner.y - 1  // the first inner row is the header
        return row >= 0 ? row : nil
    }
}

/// Renders the whole dashboard into a buffer: every panel, the status bar and any overlay.
/// What the last frame drew the quiet panels from. A frame whose layout is the same redraws only the
/// panels whose inputs changed and leaves the others' cells as they are, so an idle second (the polls
/// counts move, nothing else) touches two panels, not all of them. `DrawingMemoTests` checks that
/// frames drawn this way equal frames drawn from scratch.
public struct PanelMemo {
    var layout: DashboardLayout?
    var sharedState: SharedStatePanel.Inputs?
    var alarm: AlarmPanel.Inputs?
    var log: EventLogPanel.Inputs?
    /// What a click lands on, from the panels drawn (the log's lines carried over while it is not redrawn).
    public var hits = ScreenHits()

    public init() {}
}

/// Where the last frame drew what a click can pick: the workers' rows, the log's lines, the menu's lessons.
/// The frontend turns a click's cell into a `MouseHit` with it, so a click picks what the user saw there.
public struct ScreenHits: Sendable, Equatable {
    /// The first row of workers (under the header) and the workers drawn from there down.
    public var workersTop = 0
    public var workers: [WorkerID] = []
    public var workersX = 0..<0
    /// The first row of log lines and the lines drawn from there down, by their number in the run.
    public var logTop = 0
    public var logLines: [Int] = []
    public var logX = 0..<0
    /// The lesson menu, while it is open: its first entry's row, and how many entries it draws.
    public var menuTop = 0
    public var menuEntries = 0
    public var menuX = 0..<0

    public init() {}

    /// What the cell at (x, y) shows that a click can pick, if anything.
    public func hit(x: Int, y: Int) -> MouseHit? {
        if menuEntries > 0 {
            let row = y - menuTop
            return menuX.contains(x) && (0..<menuEntries).contains(row) ? .menuEntry(row) : nil
        }
        if workersX.contains(x), workers.indices.contains(y - workersTop) { return .worker(workers[y - workersTop]) }
        if logX.contains(x), logLines.indices.contains(y - logTop) { return .logLine(logLines[y - logTop]) }
        return nil
    }
}

public enum DashboardView {
    public static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
        var memo: PanelMemo?
        render(state, into: &buffer, memo: &memo)
    }

    /// Draws the dashboard; with a memo from the frame before (in the same buffer), the quiet panels
    /// are drawn again only if what they show changed. Returns the layout it drew.
    @discardableResult
    public static func render(_ state: AppState, into buffer: inout ScreenBuffer, memo: inout PanelMemo?) -> DashboardLayout {
        let layout = DashboardLayout(width: buffer.width, height: buffer.height, state: state)
        // Only a frame laid out as the last one, with no overlay over it, can keep cells from it.
        let previous = memo.flatMap { $0.layout == layout && state.overlay == nil ? $0 : nil }
        memo = state.overlay == nil && !layout.tooSmall ? PanelMemo() : nil
        memo?.layout = layout
        if previous == nil { buffer.clear() }
        if layout.tooSmall {
            let need = "terminal too small (need \(DashboardLayout.minimumWidth)x\(DashboardLayout.minimumHeight))"
            buffer.put(need, x: 0, y: 0, style: Style(.warning, bold: true), maxWidth: buffer.width)
            buffer.put("now \(buffer.width)x\(buffer.height); q quits", x: 0, y: 1, style: Style(.dim), maxWidth: buffer.width)
            return layout
        }
        if previous != nil {
            // The panels drawn every frame: clear what they own first (the quiet ones, below, only if redrawn).
            for area in [layout.workers, layout.timeline, layout.status, layout.narration, layout.schedule, layout.locks] {
                buffer.clear(area)
            }
        }
        let sharedState = SharedStatePanel.Inputs(state)
        if sharedState != previous?.sharedState {
            buffer.clear(layout.sharedState)
            if layout.sharedStateFolded {
                FoldedPanel.render("Shared state", in: layout.sharedState, into: &buffer)
            } else {
                SharedStatePanel.render(state, in: layout.sharedState, into: &buffer)
            }
        }
        let alarm = AlarmPanel.Inputs(state)
        if alarm != previous?.alarm {
            buffer.clear(layout.alarm)
            if layout.alarmFolded {
                FoldedPanel.render("Alarm", in: layout.alarm, into: &buffer)
            } else {
                AlarmPanel.render(state, in: layout.alarm, into: &buffer)
            }
        }
        var hits = ScreenHits()
        hits.workers = WorkersPanel.render(state, in: layout.workers, into: &buffer)
        hits.workersTop = layout.workers.inner.y + 1  // under the header
        hits.workersX = layout.workers.inner.x..<layout.workers.inner.maxX
        hits.logX = layout.log.inner.x..<layout.log.inner.maxX
        hits.logTop = layout.log.inner.y
        let log = EventLogPanel.Inputs(state)
        if log != previous?.log {
            buffer.clear(layout.log)
            hits.logLines = EventLogPanel.render(state, in: layout.log, into: &buffer)
        } else {
            hits.logLines = previous?.hits.logLines ?? []
        }
        memo?.hits = hits
        memo?.sharedState = sharedState
        memo?.alarm = alarm
        memo?.log = log
        if !layout.timeline.isEmpty { TimelinePanel.render(state, in: layout.timeline, into: &buffer) }
        StatusBar.render(state, in: layout.status, into: &buffer)
        NarrationPanel.render(state, in: layout.narration, into: &buffer)
        SchedulePanel.render(state, in: layout.schedule, into: &buffer)
        if !layout.locks.isEmpty { LocksPanel.render(state, in: layout.locks, into: &buffer) }
        // An overlay covers every panel (the status bar stays, saying how to close it), so no panel's
        // border shows at its edges.
        guard let overlay = state.overlay else { return layout }
        let covered = Rect(x: 0, y: 0, width: buffer.width, height: buffer.height - 1)
        buffer.fill(covered, " ", Style(.overlay))
        switch overlay {
        case .help: HelpOverlay.render(state, in: covered, into: &buffer)
        case .lessonMenu: LessonMenuOverlay.render(state, in: covered, into: &buffer)
        case .pythonSwift: PythonSwiftOverlay.render(state, in: covered, into: &buffer)
        case .logLine(let detail): DetailOverlay.render(detail, state, in: covered, into: &buffer)
        }
        return layout
    }

    /// Convenience for tests and the bench: a fresh buffer with the dashboard drawn.
    public static func render(_ state: AppState, width: Int, height: Int, glyphs: Glyphs = .unicode) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height, glyphs: glyphs)
        render(state, into: &buffer)
        return buffer
    }
}

/// Fixed-width column text: pads or cuts `text` to exactly `width` columns.
func column(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
    let count = text.unicodeScalars.count
    if count >= width { return String(String.UnicodeScalarView(text.unicodeScalars.prefix(width))) }
    let pad = String(repeating: " ", count: width - count)
    return alignRight ? pad + text : text + pad
}

/// A name in a column as wide as the longest of `names`, from `minimum` up to `maximum` columns.
func nameWidth<S: Sequence<String>>(_ names: S, minimum: Int, maximum: Int) -> Int {
    min(maximum, names.reduce(minimum) { max($0, $1.unicodeScalars.count) })
}

/// `text` cut on purpose to `width` columns, ending in `…` (the ASCII screen draws `~`) when it is longer:
/// the whole name is one key or click away (the log line's detail, a click on the worker).
func shortened(_ text: String, _ width: Int) -> String {
    guard text.unicodeScalars.count > width, width > 1 else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.prefix(width - 1))) + "…"
}

/// A panel the running lesson never uses, folded: its name on one line (a boxed line when the row it
/// shares is taller), so the rows go to the panels the lesson is about.
enum FoldedPanel {
    static func render(_ name: String, in area: Rect, into buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        let note = "not used here"
        if area.height >= 3 {
            buffer.box(area, title: name)
            buffer.put(note, x: area.x + 2, y: area.y + 1, style: Style(.dim), maxWidth: area.width - 4)
            return
        }
        let g = buffer.glyphs
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), g.horizontal, Style(.border))
        buffer.putTruncated(" \(name) · \(note) ", x: area.x + 1, y: area.y, style: Style(.dim), maxWidth: area.width - 2)
    }
}
