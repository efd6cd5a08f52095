/// `?`: every key, and a glossary of the columns and states. Any key closes it.
public enum HelpOverlay {
    static let glossary: [String] = [
        "daemon      the program does not wait for it at exit: it is cut off, its cleanup never runs",
        "non-daemon  the program waits for (joins) it at exit, so its cleanup always runs",
        "polls       times a monitor looked at the shared values",
        "seen        changes a monitor noticed",
        "missed      writes a monitor never saw: two writes between two looks",
        "cancelled   a Task whose cancel() was observed: its catch block cleaned up",
        "sleeping    waiting for its interval; waiting = asleep until a write wakes it",
    ]

    public static func render(_ state: AppState, in screen: Rect, into buffer: inout ScreenBuffer) {
        let lines = KeyMap.bindings.map { column(KeyMap.keyNames($0), 12) + $0.help } + [""] + glossary
        let width = min(screen.width - 4, 96)
        let height = min(screen.height - 2, lines.count + 3)
        let area = Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
        buffer.fill(area, " ", Style(.overlay))
        buffer.box(area, title: "Help · any key closes", style: Style(.overlay), titleStyle: Style(.title, bold: true))
        let inner = area.inner
        for (index, line) in lines.enumerated() {
            let y = inner.y + index
            guard y < inner.maxY else { break }
            buffer.putTruncated(line, x: inner.x + 1, y: y, style: Style(.overlay), maxWidth: inner.width - 2)
        }
    }
}
