/// `?`: every key, and a glossary of the columns and states. Any key closes it.
public enum HelpOverlay {
    /// The Workers panel's columns and kinds (left) and every worker state (right), two columns so it
    /// all fits in 80x24. A test checks every column title and state label is here.
    static let glossary: [(String, String)] = [
        ("daemon    cut off at exit, no cleanup", "starting/running  not yet / working"),
        ("non-daemon joined at exit: cleans up", "frozen    parked (z); s runs one loop"),
        ("name/kind who; daemon or non-daemon", "sleeping  waiting out its interval"),
        ("model    Thread/Task/Dispatch/process", "waiting   asleep until a write wakes"),
        ("state    what it does now (right)", "ticking   alarm counting its ticks"),
        ("polls    looks at the shared values", "saving    snapshot writing its file"),
        ("seen     changes a monitor noticed", "stopping  asked to stop, cleaning up"),
        ("missed   writes it never saw (merged)", "stalled   silent too long (watchdog)"),
        ("interval time between two looks", "cancelled Task cancelled, cleanup ran"),
        ("fate     how it ended (summary)", "finished/stopped  ended (see fate)"),
    ]

    public static func render(_ state: AppState, in screen: Rect, into buffer: inout ScreenBuffer) {
        // Keys in two columns, then the glossary: it all fits in 80x24.
        let keyLines = KeyMap.helpLines.map { column($0.keys, 12) + $0.help }
        let half = (keyLines.count + 1) / 2
        let width = min(screen.width - 2, 96)
        let columnWidth = (width - 4) / 2
        let height = min(screen.height, half + glossary.count + 3)
        let area = Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
        buffer.fill(area, " ", Style(.overlay))
        buffer.box(area, title: "Help · P Python ↔ Swift · any other key closes", style: Style(.overlay), titleStyle: Style(.title, bold: true))
        let inner = area.inner
        for row in 0..<half where inner.y + row < inner.maxY {
            buffer.putTruncated(keyLines[row], x: inner.x + 1, y: inner.y + row, style: Style(.overlay), maxWidth: columnWidth)
            if row + half < keyLines.count {
                buffer.putTruncated(keyLines[row + half], x: inner.x + 2 + columnWidth, y: inner.y + row,
                                    style: Style(.overlay), maxWidth: columnWidth)
            }
        }
        for (index, (left, right)) in glossary.enumerated() {
            let y = inner.y + half + 1 + index
            guard y < inner.maxY else { break }
            buffer.putTruncated(left, x: inner.x + 1, y: y, style: Style(.overlay), maxWidth: columnWidth)
            buffer.putTruncated(right, x: inner.x + 2 + columnWidth, y: y, style: Style(.overlay), maxWidth: columnWidth)
        }
    }
}
