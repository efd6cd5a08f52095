/// One lane per thread or task (the main loop, each monitor, the alarm, the snapshot writer), time
/// flowing left to right with now at the right edge, a mark where something happened, and a legend.
public enum TimelinePanel {
    /// The lanes' names and a space, as wide as the longest name shown (Job-Dispatch whole), at most 16.
    static func labelWidth(_ lanes: [TimelineLane]) -> Int {
        nameWidth(lanes.lazy.map(\.name), minimum: 10, maximum: 16) + 1
    }
    /// An ended worker's lane stays this long, so its stop mark is seen, then goes.
    static let lingerMs = 5000

    /// Lanes to draw: the main loop, running workers, and workers that ended a moment ago; then a
    /// watched program's threads, by TID; then its asyncio tasks, in the order they were created.
    public static func visibleLanes(_ state: AppState) -> [TimelineLane] {
        state.timeline.lanes.filter { lane in
            guard let ended = lane.endedAt else { return true }
            return ended.milliseconds(until: state.now) <= lingerMs
        }.sorted { (group($0), $0.worker ?? 0, $0.thread ?? 0, $0.startedAt) < (group($1), $1.worker ?? 0, $1.thread ?? 0, $1.startedAt) }
    }

    /// Daemondeck's own lanes first, then a watched program's threads, then its asyncio tasks.
    private static func group(_ lane: TimelineLane) -> Int {
        lane.task != nil ? 2 : lane.thread != nil ? 1 : 0
    }

    /// Rows the panel wants (border, lanes, legend), at most `available`; 0 if it cannot show one lane.
    public static func height(_ state: AppState, available: Int) -> Int {
        let wanted = max(1, visibleLanes(state).count) + 3
        let height = min(wanted, available)
        return height >= 4 ? height : 0
    }

    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        let timeline = state.timeline
        let scale = timeline.msPerColumn
        let lanes = visibleLanes(state)
        let shownLanes = Array(lanes.prefix(max(0, area.height - 3)))
        // Frozen, the arrows look back: the title says so instead of the zoom keys.
        var title = "Timeline · \(Reducer.scaleText(scale))/column · " + (state.freeze.isFrozen ? "←/→ look back" : "</> zoom · t hides")
        if timeline.lostWrites > 0 { title += " · \(timeline.lostWrites) lost" }
        let hidden = lanes.count - shownLanes.count
        if hidden > 0 { title += " · \(hidden) more lane\(hidden == 1 ? "" : "s")" }
        if state.freeze.isFrozen { title = "FROZEN · " + title }
        buffer.box(area, title: title, style: state.freeze.isFrozen ? Style(.frozen) : Style(.border),
                   titleStyle: state.freeze.isFrozen ? Style(.frozen, bold: true) : Style(.title, bold: true))
        let inner = area.inner
        let labelWidth = labelWidth(shownLanes)
        guard inner.height >= 2, inner.width > labelWidth + 4 else { return }
        let columns = inner.width - labelWidth
        let trackX = inner.x + labelWidth
        let ascii = buffer.glyphs.isASCII

        // Time axis on the bottom border: how far back the left edge is, and "now" at the right.
        let span = Double(columns * scale) / 1000
        let back = span >= 10 ? "-\(Int(span)) s" : "-" + DecimalText.fixed(span, 1) + " s"
        buffer.put(" \(back) ", x: trackX, y: area.maxY - 1, style: Style(.dim), maxWidth: columns)
        // Panned back (while frozen), the right edge is a moment in the past: say which.
        let edgeLabel = timeline.panMs == 0 ? " now " : " \(state.timeline.rightEdge(now: state.now).clockText) "
        buffer.put(edgeLabel, x: inner.maxX - edgeLabel.count, y: area.maxY - 1,
                   style: timeline.panMs == 0 ? Style(.dim) : Style(.frozen, bold: true), maxWidth: edgeLabel.count)

        let frozen = frozenColumns(state, columns: columns, scale: scale)
        var drawn = Set<TimelineMark>()
        for (row, lane) in shownLanes.enumerated() {
            let y = inner.y + row
            let selected = lane.worker != nil && lane.worker == state.freeze.selectedWorker
            let labelStyle = selected ? Style(.selection, bold: true) : lane.endedAt != nil ? Style(.dim) : Style(.label)
            buffer.put(column(shortened(lane.name, labelWidth - 1), labelWidth - 1), x: inner.x, y: y, style: labelStyle, maxWidth: labelWidth - 1)
            drawLane(lane, state: state, frozen: frozen, columns: columns, scale: scale, x: trackX, y: y, ascii: ascii,
                     drawn: &drawn, into: &buffer)
        }
        drawLegend(x: inner.x, y: inner.maxY - 1, width: inner.width, ascii: ascii, drawn: drawn,
                   watching: lanes.contains { $0.thread != nil || $0.task != nil }, into: &buffer)
    }

    /// Which columns fall in a frozen span (shaded).
    static func frozenColumns(_ state: AppState, columns: Int, scale: Int) -> [Bool] {
        var frozen = [Bool](repeating: false, count: columns)
        var spans = state.freeze.spans
        if let since = state.freeze.since { spans.append(since...max(since, state.now)) }
        let edge = state.timeline.rightEdge(now: state.now)
        for span in spans where span.lowerBound <= edge {
            let from = columnOf(span.lowerBound, edge, columns, scale, clampOld: true) ?? 0
            guard let to = columnOf(min(span.upperBound, edge), edge, columns, scale, clampOld: false), from <= to else { continue }
            for c in from...to { frozen[c] = true }
        }
        return frozen
    }

    /// The column of time `t` (the newest at `columns - 1`), or nil if it is off the left edge.
    static func columnOf(_ t: Timestamp, _ now: Timestamp, _ columns: Int, _ scale: Int, clampOld: Bool) -> Int? {
        let age = max(0, t.milliseconds(until: now))
        let column = columns - 1 - age / scale
        if column < 0 { return clampOld ? 0 : nil }
        return column
    }

    static func drawLane(_ lane: TimelineLane, state: AppState, frozen: [Bool], columns: Int, scale: Int, x: Int, y: Int,
                         ascii: Bool, drawn: inout Set<TimelineMark>, into buffer: inout ScreenBuffer) {
        var marks = [TimelineMark?](repeating: nil, count: columns)
        let edge = state.timeline.rightEdge(now: state.now)
        if lane.startedAt > edge { return }
        fillStates(lane, edge: edge, columns: columns, scale: scale, into: &marks)
        for point in lane.polls.points + lane.events.points where point.at <= edge {
            guard let c = columnOf(point.at, edge, columns, scale, clampOld: false) else { continue }
            if let current = marks[c], current.rank >= point.mark.rank { continue }
            marks[c] = point.mark
        }
        // The lane's life is a faint line: from its start (or the left edge) to its end (or now).
        let alive = columnOf(lane.startedAt, edge, columns, scale, clampOld: true) ?? 0
        let dead = lane.endedAt.flatMap { $0 > edge ? nil : columnOf($0, edge, columns, scale, clampOld: false) }
        let endedLater = lane.endedAt.map { $0 > edge } ?? false
        if lane.endedAt != nil && dead == nil && !endedLater { return }
        // Times out of order (an end stamped before its start) draw a single column rather than trap.
        guard columns > 0 else { return }
        let last = max(alive, min(columns - 1, dead ?? columns - 1))
        for c in min(alive, last)...last {
            if let mark = marks[c] {
                drawn.insert(mark)
                let (glyph, style) = look(mark, ascii: ascii)
                buffer.put(glyph, x: x + c, y: y, style: style)
            } else {
                buffer.put(ascii ? "-" : "─", x: x + c, y: y, style: frozen[c] ? Style(.frozen) : Style(.dim))
            }
        }
    }

    /// A watched thread's lane: each column from a state change to the next holds that state (where two
    /// changes share a column, running wins, then the waits by rank).
    static func fillStates(_ lane: TimelineLane, edge: Timestamp, columns: Int, scale: Int, into marks: inout [TimelineMark?]) {
        let points = lane.states.points.filter { $0.at <= edge }
        guard lane.thread != nil, !points.isEmpty, columns > 0 else { return }
        let endColumn = lane.endedAt.flatMap { $0 > edge ? nil : columnOf($0, edge, columns, scale, clampOld: false) } ?? columns - 1
        for (i, point) in points.enumerated() {
            let from = columnOf(point.at, edge, columns, scale, clampOld: true) ?? 0
            let next = i + 1 < points.count ? (columnOf(points[i + 1].at, edge, columns, scale, clampOld: true) ?? 0) : endColumn + 1
            guard from < columns else { continue }
            if let current = marks[from], current.rank > point.mark.rank {} else { marks[from] = point.mark }
            if from + 1 < min(next, columns) { for c in (from + 1)..<min(next, columns) { marks[c] = point.mark } }
        }
    }

    /// A mark's glyph (Unicode or ASCII) and style. A lost write is reversed so it stands out.
    static func look(_ mark: TimelineMark, ascii: Bool) -> (String, Style) {
        switch mark {
        case .write: (ascii ? "o" : "●", Style(.value, bold: true))
        case .lost: ("!", Style(.warning, bold: true, reverse: true))
        case .poll: (ascii ? "." : "·", Style(.normal))
        case .detect: (ascii ? "d" : "◆", Style(.good, bold: true))
        case .miss: (ascii ? "x" : "✕", Style(.warning, bold: true))
        case .tick: ("|", Style(.progress, bold: true))
        case .alarm: ("A", Style(.alarm, bold: true, reverse: true))
        case .cancel: ("X", Style(.warning, bold: true))
        case .cleanup: ("C", Style(.notice, bold: true))
        case .stop: (ascii ? "#" : "■", Style(.label, bold: true))
        case .start: (ascii ? ">" : "▶", Style(.label))
        case .save: ("S", Style(.value))
        case .step: (ascii ? "+" : "»", Style(.frozen, bold: true))
        // A watched thread's states: running in green as the Concurrency Visualizer's execution segments,
        // a lock wait in the warning colour; without colour the glyphs alone tell them apart.
        case .running: (ascii ? "=" : "█", Style(.good, bold: true))
        case .sleepWait: (ascii ? "z" : "░", Style(.progress))
        case .lockWait: (ascii ? "L" : "▓", Style(.warning, bold: true))
        case .ioWait: (ascii ? "I" : "▒", Style(.value))
        case .stoppedState: (ascii ? "T" : "‖", Style(.frozen, bold: true))
        case .otherWait: (ascii ? "w" : "╌", Style(.dim))
        case .failed: ("F", Style(.warning, bold: true, reverse: true))
        case .programEnded: ("E", Style(.dim, bold: true, reverse: true))
        }
    }

    /// The legend of a watched thread's states, listed first while a watched program's threads are lanes.
    static let stateLegend: [(TimelineMark, String)] = [
        (.running, "running"), (.sleepWait, "timed sleep"), (.lockWait, "lock/condition (futex)"), (.ioWait, "I/O"),
        (.stoppedState, "stopped"), (.otherWait, "other wait"),
    ]

    /// The legend's word for a mark.
    static func legendName(_ mark: TimelineMark) -> String? {
        (stateLegend + legendMarks + [failedLegend, programEndedLegend]).first { $0.0 == mark }?.1
    }

    /// Only a watched asyncio task's lane ends failed: listed while watching, when drawn.
    static let failedLegend: (TimelineMark, String) = (.failed, "failed")
    /// A watched asyncio task still pending when its program ended: listed while watching, when drawn.
    static let programEndedLegend: (TimelineMark, String) = (.programEnded, "program ended")

    /// Most important first: a narrow panel drops the last ones.
    static let legendMarks: [(TimelineMark, String)] = [
        (.write, "write"), (.lost, "lost"), (.poll, "poll"), (.detect, "seen"), (.miss, "miss"), (.step, "step"),
        (.tick, "tick"), (.alarm, "ALARM!"), (.cancel, "cancel"), (.stop, "stop"), (.cleanup, "clean"), (.save, "save"),
    ]

    /// The legend: every mark when they all fit; on a narrower panel (80 columns) the marks drawn now,
    /// closer together if need be, so every mark on screen is explained. `drawn` starts (▶) are not listed:
    /// the lane's name says whose start it is.
    /// While watching, the states come first and are always all listed (a colour not yet drawn is still
    /// one to know); on a narrow panel the state names shorten (`lock/condition (futex)` to `lock`).
    static func legendEntries(width room: Int, drawn: Set<TimelineMark>, watching: Bool = false) -> (entries: [(TimelineMark, String)], gap: String) {
        if watching {
            // A task lane's end that only watching draws: failed, or its program ended first.
            let ends = [failedLegend, programEndedLegend].filter { drawn.contains($0.0) }
            let marks = legendEntries(width: room, drawn: drawn).entries.filter { !TimelineMark.threadStates.contains($0.0) }
            let long = stateLegend, short = stateLegend.map { ($0.0, $0.0 == .lockWait ? "lock" : $0.0 == .sleepWait ? "sleep" : $0.0 == .otherWait ? "other" : $0.1) }
            let shortEnds = ends.map { ($0.0, $0.0 == .programEnded ? "prog ended" : $0.1) }
            func needed(_ entries: [(TimelineMark, String)], gap: String) -> Int { entries.reduce(0) { $0 + 1 + gap.count + $1.1.count + 1 } }
            for (states, endNames) in [(long, ends), (short, ends), (short, shortEnds)] {
                let withMarks = states + marks.filter { drawn.contains($0.0) } + endNames
                if needed(withMarks, gap: " ") <= room { return (withMarks, " ") }
            }
            return (short + marks.filter { drawn.contains($0.0) } + shortEnds, "")
        }
        let all = legendMarks
        func needed(_ entries: [(TimelineMark, String)], gap: String) -> Int {
            entries.reduce(0) { $0 + 1 + gap.count + $1.1.count + 1 }
        }
        if needed(all, gap: " ") <= room { return (all, " ") }
        let shown = all.filter { drawn.contains($0.0) }
        if needed(shown, gap: " ") <= room { return (shown, " ") }
        return (shown, "")
    }

    static func drawLegend(x: Int, y: Int, width: Int, ascii: Bool, drawn: Set<TimelineMark>, watching: Bool = false,
                           into buffer: inout ScreenBuffer) {
        let (entries, gap) = legendEntries(width: width, drawn: drawn, watching: watching)
        var cx = x
        for (mark, name) in entries {
            let needed = 1 + gap.count + name.count
            guard cx + needed <= x + width else { break }
            let (glyph, style) = look(mark, ascii: ascii)
            cx += buffer.put(glyph, x: cx, y: y, style: style)
            cx += buffer.put(gap + name + " ", x: cx, y: y, style: Style(.dim), maxWidth: x + width - cx)
        }
    }
}
