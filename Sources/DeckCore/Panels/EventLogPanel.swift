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

    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
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
        guard inner.height > 0 else { return }
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
            return
        }
        for (row, index) in shown[first..<last].enumerated() {
            let entry = log[index]
            let y = inner.y + row
            var x = inner.x
            x += buffer.put(entry.at.clockText + " ", x: x, y: y, style: Style(.dim), maxWidth: inner.maxX - x)
            x += buffer.put(column(entry.source, 10) + " ", x: x, y: y, style: Style(.label), maxWidth: inner.maxX - x)
            let style: Style = switch entry.emphasis {
            case .normal: Style(.normal)
            case .notice: Style(.notice)
            case .warning: Style(.warning, bold: true)
            case .alarm: Style(.alarm, bold: true)
            }
            buffer.putTruncated(entry.text, x: x, y: y, style: style, maxWidth: inner.maxX - x)
        }
    }
}
