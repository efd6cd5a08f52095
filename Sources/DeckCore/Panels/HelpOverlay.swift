/// `?`: every key, and a glossary of the columns and states. Any key closes it.
public enum HelpOverlay {
    static let glossary: [String] = [
        "daemon      not waited for at exit: cut off, its cleanup never runs",
        "non-daemon  waited for (joined) at exit, so its cleanup always runs",
        "polls       times a monitor looked at the shared values",
        "seen        changes a monitor noticed",
        "missed      writes a monitor never saw: two writes between two looks",
        "cancelled   a Task whose cancel() was observed: its catch block cleaned up",
        "sleeping    waiting out its interval; waiting: asleep until a write wakes it",
        "frozen      parked at the top of its loop (z); s lets one loop run",
    ]

    public static func render(_ state: AppState, in screen: Rect, into buffer: inout ScreenBuffer) {
        // Keys in two columns, then the glossary: it all fits in 80x24.
        let keyLines = KeyMap.bindings.map { column(KeyMap.keyNames($0), 10) + $0.help }
        let half = (keyLines.count + 1) / 2
        let width = min(screen.width - 2, 96)
        let columnWidth = (width - 4) / 2
        let height = min(screen.height, half + glossary.count + 3)
        let area = Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
        buffer.fill(area, " ", Style(.overlay))
        buffer.box(area, title: "Help · any key closes", style: Style(.overlay), titleStyle: Style(.title, bold: true))
        let inner = area.inner
        for row in 0..<half where inner.y + row < inner.maxY {
            buffer.putTruncated(keyLines[row], x: inner.x + 1, y: inner.y + row, style: Style(.overlay), maxWidth: columnWidth)
            if row + half < keyLines.count {
                buffer.putTruncated(keyLines[row + half], x: inner.x + 2 + columnWidth, y: inner.y + row,
                                    style: Style(.overlay), maxWidth: columnWidth)
            }
        }
        for (index, line) in glossary.enumerated() {
            let y = inner.y + half + 1 + index
            guard y < inner.maxY else { break }
            buffer.putTruncated(line, x: inner.x + 1, y: y, style: Style(.overlay), maxWidth: inner.width - 2)
        }
    }
}
