/// The log line the detail overlay shows. A copy of the entry, so a flood that pushes it out of the log
/// while it is read cannot change it, and its number among every line ever logged, which stays the same as
/// newer lines arrive (Up / Down step from it).
public struct LogLineDetail: Sendable, Equatable {
    public var entry: LogEntry
    /// 0 is the first line of the run; `EventLog.totalAppended - 1` the newest.
    public var sequence: Int

    public init(entry: LogEntry, sequence: Int) {
        self.entry = entry
        self.sequence = sequence
    }
}

/// `Enter` on the log (or a click on a line): one log line whole, however long, with who wrote it and when.
/// Up / Down read the older / newer line; any other key closes it.
public enum DetailOverlay {
    public static let title = "Log line · ↑↓ older / newer · any other key closes"

    /// The rows the overlay shows, `width` columns at most: the facts, a blank row, the text wrapped.
    static func rows(_ detail: LogLineDetail, _ state: AppState, width: Int) -> [(text: String, style: Style)] {
        let entry = detail.entry
        let label = { (name: String) in column(name, 8) }
        var rows: [(text: String, style: Style)] = []
        let age = max(0, entry.at.milliseconds(until: state.now))
        rows.append((label("time") + entry.at.clockText + " (" + DecimalText.fixed(Double(age) / 1000, 1) + " s ago)", Style(.overlay)))
        rows.append((label("worker") + workerText(entry.source, state), Style(.overlay)))
        rows.append((label("line") + "\(detail.sequence + 1) of \(state.log.totalAppended)", Style(.overlay)))
        switch entry.emphasis {
        case .normal: break
        case .notice: rows.append((label("marked") + "a notice", Style(.notice, bold: true)))
        case .warning: rows.append((label("marked") + "a warning", Style(.warning, bold: true)))
        case .alarm: rows.append((label("marked") + "the alarm", Style(.alarm, bold: true)))
        }
        let facts = rows.flatMap { row in NarrationPanel.wrapCode(row.text, width: width).map { ($0, row.style) } }
        // The text whole: each of its own lines wrapped at spaces, a word longer than a row cut into pieces.
        let text = entry.text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { paragraph in
            paragraph.isEmpty ? [""] : NarrationPanel.wrap(String(paragraph), width: width)
        }
        return facts + [("", Style(.overlay))] + text.map { ($0, Style(.overlay, bold: true)) }
    }

    /// Who wrote the line: a worker's name with its kind, model and state (or what became of it);
    /// other sources (Main, Lesson, Timeline) by name.
    static func workerText(_ source: String, _ state: AppState) -> String {
        guard let row = state.workers.last(where: { $0.name == source }) else { return source }
        let now = row.fate.map { "ended: \($0.rawValue)" } ?? row.state.label
        return "\(row.name) · \(row.kind.rawValue) \(row.model.rawValue) · \(now)"
    }

    public static func render(_ detail: LogLineDetail, _ state: AppState, in screen: Rect, into buffer: inout ScreenBuffer) {
        let width = min(screen.width - 2, 100)
        guard width >= 20, screen.height >= 5 else { return }
        let textWidth = width - 4
        var lines = rows(detail, state, width: textWidth)
        let room = screen.height - 2
        if lines.count > room {
            // Never a silent cut: the last row says there is more (a taller terminal shows it).
            lines = Array(lines.prefix(room - 1)) + [("… more: a taller terminal shows the whole line", Style(.dim))]
        }
        let height = lines.count + 2
        let area = Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2,
                        width: width, height: height)
        buffer.fill(area, " ", Style(.overlay))
        buffer.box(area, title: title, style: Style(.overlay), titleStyle: Style(.title, bold: true))
        for (row, line) in lines.enumerated() {
            buffer.put(line.text, x: area.x + 2, y: area.y + 1 + row, style: line.style, maxWidth: textWidth)
        }
    }
}
