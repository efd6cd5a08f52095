/// `l`: the shipped lessons, one per line, then a Boards section (the shipped scheduler boards,
/// docs/boards.md); Up/Down, Home/End and Enter, or a number (two digits past 9), starts one; Esc closes.
/// Taller than the screen, it scrolls with the selection.
public enum LessonMenuOverlay {
    /// Lessons and boards, numbered on from the lessons.
    public static func entryCount(_ state: AppState) -> Int { state.lessons.catalog.count + state.boardCatalog.count }

    /// The menu's lines: an entry each, plus the Boards heading when there are boards.
    static func lineCount(_ state: AppState) -> Int { entryCount(state) + (state.boardCatalog.isEmpty ? 0 : 1) }

    static func line(ofEntry entry: Int, _ state: AppState) -> Int { entry < state.lessons.catalog.count ? entry : entry + 1 }

    static func entry(atLine line: Int, _ state: AppState) -> Int? {
        let lessons = state.lessons.catalog.count
        if line < lessons { return line }
        return line == lessons ? nil : line - 1
    }

    /// The menu's box on a screen, for `lines` lines.
    static func area(in screen: Rect, lines: Int) -> Rect {
        let width = min(screen.width - 2, 78)
        let height = min(screen.height, lines + 4)
        return Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
    }

    /// The first line shown: the selection stays in view.
    static func firstLine(_ state: AppState, rows: Int) -> Int {
        let selected = line(ofEntry: state.lessons.menuSelection, state)
        return max(0, min(selected - rows + 1, lineCount(state) - rows))
    }

    /// Entry rows drawn; with boards, the box's last row is kept for the selected board's tutorial point.
    static func rows(in screen: Rect, _ state: AppState) -> Int {
        let inner = area(in: screen, lines: lineCount(state)).inner
        let noteRow = state.boardCatalog.isEmpty ? 0 : 1
        return max(0, min(lineCount(state), inner.maxY - inner.y - 1 - noteRow))
    }

    /// Where the entries are drawn, for clicks: the first entry's row, the columns, how many are drawn.
    public static func entryHits(_ state: AppState, in screen: Rect) -> (top: Int, columns: Range<Int>, drawn: Int) {
        let inner = area(in: screen, lines: lineCount(state)).inner
        return (inner.y + 1, inner.x..<inner.maxX, rows(in: screen, state))
    }

    /// The entry a click on row `row` of the menu picks (nil: the Boards heading), as drawn on this screen.
    public static func entry(_ state: AppState, atRow row: Int) -> Int? {
        let screen = Rect(x: 0, y: 0, width: state.screenWidth, height: state.screenHeight - 1)
        return entry(atLine: row + firstLine(state, rows: rows(in: screen, state)), state)
    }

    public static func render(_ state: AppState, in screen: Rect, into buffer: inout ScreenBuffer) {
        let lessons = state.lessons.catalog
        let count = entryCount(state)
        let area = area(in: screen, lines: lineCount(state))
        buffer.fill(area, " ", Style(.overlay))
        let typed = state.lessons.pendingMenuNumber.map { "\($0.digit)… Enter, or a second digit" }
        let title = typed.map { "Lessons · \($0) · Esc closes" } ?? "Lessons\(state.boardCatalog.isEmpty ? "" : " and boards") · ↑↓ Enter or 1-\(count) starts · Esc closes"
        buffer.box(area, title: title, style: Style(.overlay), titleStyle: Style(.title, bold: true))
        // Numbers right-aligned to the widest, so the names and titles stay in one column past 9.
        let numberWidth = String(count).count
        let inner = area.inner
        let rows = rows(in: screen, state)
        let first = firstLine(state, rows: rows)
        // Every name whole: each section's column is as wide as its longest name (a board's `lost-update-lock`).
        let lessonNameWidth = max(15, (lessons.map(\.name.count).max() ?? 0) + 1)
        let boardNameWidth = max(15, (state.boardCatalog.map(\.name.count).max() ?? 0) + 3)  // + the won mark
        for row in 0..<rows {
            let y = inner.y + 1 + row
            let line = first + row
            guard let index = entry(atLine: line, state) else {
                buffer.putTruncated(" Boards · be the scheduler: step real threads to the goal", x: inner.x, y: y,
                                    style: Style(.title, bold: true), maxWidth: inner.width)
                continue
            }
            let selected = index == state.lessons.menuSelection
            let number = String(index + 1)
            let (name, title, length): (String, String, String) = if index < lessons.count {
                (lessons[index].name, lessons[index].title, " \(lessons[index].steps) steps")
            } else {
                boardEntry(state.boardCatalog[index - lessons.count], won: state.boardProgress.hasWon(state.boardCatalog[index - lessons.count].name),
                           ascii: buffer.glyphs.isASCII)
            }
            let text = " " + String(repeating: " ", count: max(0, numberWidth - number.count)) + number + " "
                + column(name, index < lessons.count ? lessonNameWidth : boardNameWidth) + title
            let style = selected ? Style(.selection, bold: true) : Style(.overlay)
            if selected { buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), " ", style) }
            buffer.putTruncated(text, x: inner.x, y: y, style: style, maxWidth: inner.width - length.count - 1)
            buffer.put(length, x: inner.maxX - length.count - 1, y: y, style: selected ? style : Style(.dim), maxWidth: length.count)
        }
        if !state.boardCatalog.isEmpty, inner.height >= 3 {
            buffer.putTruncated(" " + boardNote(state, ascii: buffer.glyphs.isASCII), x: inner.x, y: inner.maxY - 1, style: Style(.dim), maxWidth: inner.width - 1)
        }
    }

    /// The line under the list: for a board, the tutorial point it comes from (`# from:`) and, once won,
    /// the best game; for a lesson, what the marks mean.
    static func boardNote(_ state: AppState, ascii: Bool) -> String {
        let pick = state.lessons.menuSelection - state.lessons.catalog.count
        guard state.boardCatalog.indices.contains(pick) else { return "boards won are marked \(wonMark(ascii: ascii)) (kept in progress.json)" }
        let board = state.boardCatalog[pick]
        let from = state.boardNotes[board.name]?.from.map { "from \($0)" } ?? "no tutorial point named"
        guard let won = state.boardProgress.levels[board.name], won.wins > 0 else { return from }
        let shortest = won.shortestWin.map { ", shortest \($0)" } ?? ""
        return "won, best \(won.fewestMoves) moves\(shortest) · \(from)"
    }

    static func wonMark(ascii: Bool) -> String { ascii ? "*" : "✓" }

    /// A board's line: a mark once won, its name, its title (the goal where it has none), and how many threads.
    static func boardEntry(_ board: Board, won: Bool, ascii: Bool) -> (String, String, String) {
        ((won ? wonMark(ascii: ascii) : " ") + " " + board.name, board.title ?? BoardPanel.goalText(board), " \(board.threads.count) \(board.kind == .tasks ? "tasks" : "threads")")
    }
}
