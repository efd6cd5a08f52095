/// One row per background worker: name, kind, model, state and its figures.
public enum WorkersPanel {
    static let columns: [(title: String, width: Int, right: Bool)] = [
        ("name", 11, false), ("kind", 10, false), ("model", 8, false), ("state", 9, false),
        ("polls", 6, true), ("seen", 5, true), ("missed", 6, true), ("interval", 9, true),
    ]

    /// Rows to show: live workers first (oldest first), then the most recently ended ones.
    public static func visibleRows(_ state: AppState) -> [WorkerRow] {
        let alive = state.workers.filter(\.isAlive)
        let ended = state.workers.filter { !$0.isAlive }.suffix(3)
        return alive + ended
    }

    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        let alive = state.workers.filter(\.isAlive).count
        let strategy = state.monitorStrategy == .polling
            ? "monitors poll every \(state.monitorIntervalMs) ms" : "monitors wake on change"
        let frozen = state.timeline.isFrozen ? "FROZEN · " : ""
        buffer.box(area, title: "\(frozen)Workers · \(alive) running · \(strategy)")
        let inner = area.inner
        guard inner.height > 0 else { return }
        var header = " "
        for c in columns { header += column(c.title, c.width, alignRight: c.right) + " " }
        if inner.width > header.count + 10 { header += "fate" }
        buffer.put(header, x: inner.x, y: inner.y, style: Style(.header), maxWidth: inner.width)

        let rows = visibleRows(state)
        for (index, row) in rows.enumerated() {
            let y = inner.y + 1 + index
            guard y < inner.maxY else { break }
            let isMonitor = row.role == .monitor
            let interval = row.role == .monitor && state.monitorStrategy == .wakeOnChange ? "on write" : "\(row.intervalMs) ms"
            let cells = [
                row.name, row.kind.rawValue, row.model.rawValue, row.state.label,
                isMonitor ? "\(row.polls)" : (row.role == .alarm ? "\(row.iterations)t" : "\(row.iterations)"),
                isMonitor ? "\(row.seen)" : "-", isMonitor ? "\(row.missed)" : "-", interval,
            ]
            var text = " "
            for (c, value) in zip(columns, cells) { text += column(value, c.width, alignRight: c.right) + " " }
            if let fate = row.fate, inner.width > text.count + 10 { text += fate.rawValue }
            let style: Style = row.id == state.timeline.selectedWorker && row.isAlive ? Style(.selection, bold: true)
                : row.state == .frozen ? Style(.frozen)
                : row.fate != nil ? Style(.dim)
                : row.state == .stalled ? Style(.warning, bold: true)
                : row.missed > 0 ? Style(.notice) : Style(.normal)
            buffer.put(text, x: inner.x, y: y, style: style, maxWidth: inner.width)
        }
    }
}
