/// `l`: the shipped lessons, one per line; Up/Down, Home/End and Enter, or a number (two digits past 9),
/// starts one; Esc closes.
public enum LessonMenuOverlay {
    /// The menu's box on a screen, for `count` lessons.
    static func area(in screen: Rect, count: Int) -> Rect {
        let width = min(screen.width - 2, 78)
        let height = min(screen.height, count + 4)
        return Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
    }

    /// Where the entries are drawn, for clicks: the first entry's row, the columns, how many are drawn.
    public static func entryHits(in screen: Rect, count: Int) -> (top: Int, columns: Range<Int>, drawn: Int) {
        let inner = area(in: screen, count: count).inner
        return (inner.y + 1, inner.x..<inner.maxX, max(0, min(count, inner.maxY - inner.y - 1)))
    }

    public static func render(_ state: AppState, in screen: Rect, into buffer: inout ScreenBuffer) {
        let lessons = state.lessons.catalog
        let area = area(in: screen, count: lessons.count)
        buffer.fill(area, " ", Style(.overlay))
        let typed = state.lessons.pendingMenuNumber.map { "\($0.digit)… Enter, or a second digit" }
        let title = typed.map { "Lessons · \($0) · Esc closes" } ?? "Lessons · ↑↓ Enter or 1-\(lessons.count) starts · Esc closes"
        buffer.box(area, title: title, style: Style(.overlay), titleStyle: Style(.title, bold: true))
        // Numbers right-aligned to the widest, so the names and titles stay in one column past 9.
        let numberWidth = String(lessons.count).count
        let inner = area.inner
        for (index, lesson) in lessons.enumerated() {
            let y = inner.y + 1 + index
            guard y < inner.maxY else { break }
            let selected = index == state.lessons.menuSelection
            let number = String(index + 1)
            let text = " " + String(repeating: " ", count: max(0, numberWidth - number.count)) + number + " "
                + column(lesson.name, 15) + lesson.title
            let length = " \(lesson.steps) steps"
            let style = selected ? Style(.selection, bold: true) : Style(.overlay)
            if selected { buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), " ", style) }
            buffer.putTruncated(text, x: inner.x, y: y, style: style, maxWidth: inner.width - length.count - 1)
            buffer.put(length, x: inner.maxX - length.count - 1, y: y, style: selected ? style : Style(.dim), maxWidth: length.count)
        }
    }
}
