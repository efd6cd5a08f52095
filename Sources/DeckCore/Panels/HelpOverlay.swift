/// `?`: every key, and a glossary of the columns and states. Any key closes it (`P` shows the
/// Python ↔ Swift page). It covers the whole screen but the status bar.
public enum HelpOverlay {
    /// The Workers panel's columns and kinds (left) and every worker state (right), two columns so it
    /// all fits in 80x24. The words are the quit summary's: joined, abandoned (cut off), cleanup ran.
    /// A test checks every column title and state label is here.
    static let glossary: [(String, String)] = [
        ("kind   daemon thread: abandoned (cut off)", "starting/running  not yet / busy"),
        ("       non-daemon: joined (child: killed)", "sleeping  waiting out its interval"),
        ("       task: quit cancels it; handler runs", "waiting   for a write or a permit"),
        ("model  Thread, Task, Dispatch or process", "ticking   the alarm, counting down"),
        ("state  what it is doing now (states →)", "saving    writing its snapshot"),
        ("polls  times round its loop: polls, ticks", "parking   frozen at its next check"),
        ("       (3t: 3 ticks) saves beats checks", "frozen    parked (z); s: one loop"),
        ("       job steps, increments, child lines", "stalled   alive, but silent"),
        ("seen   changes a monitor reported", "stopping/stopped  cleanup / done"),
        ("missed versions overwritten unseen", "cancelled cancelled; cleanup ran"),
        ("interval  time between two polls", "finished  ran to its end"),
    ]

    public static func render(_ state: AppState, in screen: Rect, into buffer: inout ScreenBuffer) {
        // Keys in two columns, then the glossary: it all fits in 80x24.
        // A replay has keys of its own.
        let keyLines = state.replay == nil ? KeyMap.helpLines.map { column($0.keys, 12) + $0.help }
                                           : KeyMap.replayHelpLines.map { column($0.keys, 14) + $0.help }
        let half = (keyLines.count + 1) / 2
        let area = screen
        buffer.box(area, title: "Help · P Python ↔ Swift · any other key closes", style: Style(.overlay),
                   titleStyle: Style(.title, bold: true))
        let inner = area.inner
        let columnWidth = (inner.width - 3) / 2
        // The glossary's left column (columns and kinds) needs more room than the states on the right.
        let leftWidth = inner.width * 11 / 20, rightX = inner.x + 2 + leftWidth
        for row in 0..<half where inner.y + row < inner.maxY {
            buffer.putTruncated(keyLines[row], x: inner.x + 1, y: inner.y + row, style: Style(.overlay), maxWidth: columnWidth)
            if row + half < keyLines.count {
                buffer.putTruncated(keyLines[row + half], x: inner.x + 2 + columnWidth, y: inner.y + row,
                                    style: Style(.overlay), maxWidth: columnWidth)
            }
        }
        for (index, (left, right)) in glossary.enumerated() {
            let y = inner.y + half + index
            guard y < inner.maxY else { break }
            buffer.putTruncated(left, x: inner.x + 1, y: y, style: Style(.overlay), maxWidth: leftWidth)
            buffer.putTruncated(right, x: rightX, y: y, style: Style(.overlay), maxWidth: inner.maxX - rightX)
        }
    }
}
