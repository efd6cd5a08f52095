/// The event log: newest at the bottom, one line per event, scrollable.
public enum EventLogPanel {
    /// Everything `render` reads from the state: while these are unchanged the panel looks the same.
    struct Inputs: Equatable {
        let log: Int
        let scroll: Int
        let dropped: Int
        let waited: Int
        let filter: LogFilter
        let hint: String?
        init(_ state: AppState) {
            log = state.log.revision
            scroll = state.logScroll
            dropped = state.droppedEvents
            waited = state.inboxPostsWaited
            filter = state.logFilter
            hint = state.firstLookHint
        }
    }

    /// Returns the lines drawn, top row first, by their number in the run (a click finds its line there).
    @discardableResult
    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) -> [Int] {
        let log = state.log
        var title = "Event log · \(log.totalAppended) events"
        if state.logScroll > 0 { title += " · scrolled up \(state.logScroll) (End follows)" }
        if state.droppedEvents > 0 { title += " · \(state.droppedEvents) dropped" }
        if state.inboxPostsWaited > 0 { title += " · \(state.inboxPostsWaited) posts waited" }
        let filter = state.logFilter
        // With a filter on, only matching lines are shown, and the title says which filter.
        let shown = filter.matchingIndices(in: log)
        if filter.isActive { title = "Event log · \(filter.summary) · \(shown.count) of \(log.count) lines (Esc: all)" }
        buffer.box(area, title: title)
        var inner = area.inner
        guard inner.height > 0 else { return [] }
        if let hint = state.firstLookHint, inner.height > 2 {
            // The first look: the bottom line says where to begin (the first key takes it away).
            buffer.put("→ " + hint, x: inner.x + 1, y: inner.maxY - 1, style: Style(.notice, bold: true), maxWidth: inner.width - 1)
            inner = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1)
        }
        let scroll = min(state.logScroll, max(0, shown.count - inner.height))
        let last = shown.count - scroll  // one past the newest line shown
        let first = max(0, last - inner.height)
        guard last > first else {
            buffer.put(filter.isActive ? "(no line matches)" : "(no events yet)", x: inner.x + 1, y: inner.y, style: Style(.dim), maxWidth: inner.width - 1)
            return []
        }
        // The source column as wide as the longest source on the page (Job-Dispatch whole), at most 16.
        let sourceWidth = nameWidth(shown[first..<last].lazy.map { log[$0].source }, minimum: 10, maximum: 16)
        // The line `n`/`N` marked, as an offset into `shown`.
        let focused = filter.focus.map { shown.count - 1 - $0 }
        for (row, index) in shown[first..<last].enumerated() {
            let entry = log[index]
            let y = inner.y + row
            var x = inner.x
            let isFocused = focused == first + row
            x += buffer.put(entry.at.clockText + " ", x: x, y: y, style: isFocused ? Style(.selection, bold: true) : Style(.dim),
                            maxWidth: inner.maxX - x)
            let sourceX = x
            let source = column(shortened(entry.source, sourceWidth), sourceWidth)
            x += buffer.put(source + " ", x: x, y: y, style: Style(.label), maxWidth: inner.maxX - x)
            let textX = x
            let style: Style = switch entry.emphasis {
            case .normal: Style(.normal)
            case .notice: Style(.notice)
            case .warning: Style(.warning, bold: true)
            case .alarm: Style(.alarm, bold: true)
            }
            buffer.putTruncated(entry.text, x: x, y: y, style: style, maxWidth: inner.maxX - x)
            // What the search matched, marked where it is drawn (in the source's column or in the text).
            if !filter.search.isEmpty {
                let mark = Style(.searchMatch, bold: isFocused)
                highlight(filter.search, in: source, x: sourceX, y: y, limit: min(sourceX + sourceWidth, inner.maxX), style: mark, into: &buffer)
                highlight(filter.search, in: entry.text, x: textX, y: y, limit: inner.maxX, style: mark, into: &buffer)
            }
        }
        return shown[first..<last].map { Reducer.sequence(ofLogIndex: $0, log) }
    }

    /// Redraws the parts of `text` (drawn from `x`) that match `search` in `style`, up to column `limit`.
    /// Text cut short on screen (`…`) keeps the mark only on what is still shown.
    static func highlight(_ search: String, in text: String, x: Int, y: Int, limit: Int, style: Style,
                          into buffer: inout ScreenBuffer) {
        let characters = Array(text)
        for range in LogFilter.matchRanges(of: search, in: text) {
            let start = x + range.lowerBound
            guard start < limit else { break }
            let end = min(x + range.upperBound, limit)
            // A line cut short ends in `…`: leave that cell as it is.
            let drawnEnd = x + characters.count > limit ? min(end, limit - 1) : end
            guard drawnEnd > start else { continue }
            buffer.put(String(characters[range.lowerBound..<(range.lowerBound + drawnEnd - start)]), x: start, y: y,
                       style: style, maxWidth: drawnEnd - start)
        }
    }
}
