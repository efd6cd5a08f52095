/// "Be the scheduler": each thread's statements side by side, an arrow at the one it runs next, its
/// local values, the shared counter or the locks (who holds each, who waits and how long, how often it
/// was found taken), and the challenge or its outcome.
public enum SchedulePanel {
    /// Borders, the threads' heads, three statements, the shared state and the challenge.
    public static let preferredHeight = 8

    /// Whether the panel has something to show: the two-board game or a board.
    public static func isShown(_ state: AppState) -> Bool { state.schedule != nil || state.board != nil }

    /// The rows it wants at `width` columns: a board's longest thread decides, plus the rows its outcome
    /// needs beyond one once it is won or lost (the text is wrapped, never cut while there is room).
    public static func height(_ state: AppState, width: Int) -> Int {
        guard let session = state.board else { return preferredHeight }
        let outcomeRows = BoardPanel.outcomeLines(session, width: width - 4, rows: .max).count
        return (session.board.threads.map(\.statements.count).max() ?? 0) + 4 + max(1, outcomeRows)
    }

    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        if let session = state.board { return BoardPanel.render(session, state, in: area, into: &buffer) }
        guard let board = state.schedule, !area.isEmpty else { return }
        buffer.box(area, title: "Be the scheduler · Tab picks a thread · s runs its next statement · x again")
        let inner = area.inner
        guard inner.height > 0, inner.width > 20 else { return }
        let columnWidth = (inner.width - 3) / 2
        var y = inner.y
        let selected = state.freeze.selectedWorker
        // The threads: name, selected or not, and its locals (or what it waits for).
        for (n, thread) in board.threads.enumerated() where y < inner.maxY {
            let x = inner.x + 1 + n * (columnWidth + 2)
            let isSelected = thread.id == selected
            let head = (isSelected ? "▸ " : "  ") + thread.name + (thread.done ? " done" : thread.stopped ? " stopped" : "") + " · "
                + (thread.waitingFor.map { "BLOCKED on lock \($0)" } ?? (thread.stopped ? (board.locks.isEmpty ? "ended" : "its locks released") : thread.note))
            buffer.putTruncated(head, x: x, y: y, style: isSelected ? Style(.selection, bold: true)
                                : thread.waitingFor != nil ? Style(.warning, bold: true) : Style(.label), maxWidth: columnWidth)
        }
        y += 1
        let lines = board.threads.map(\.program.count).max() ?? 0
        for line in 0..<lines where y < inner.maxY - 1 || (y < inner.maxY && inner.height <= lines + 1) {
            for (n, thread) in board.threads.enumerated() where line < thread.program.count {
                let x = inner.x + 1 + n * (columnWidth + 2)
                let current = thread.line == line
                let marker = current ? (thread.waitingFor != nil ? "⏸ " : "▶ ") : "  "
                buffer.putTruncated(marker + "\(line + 1) " + thread.program[line], x: x, y: y,
                                    style: current ? Style(.value, bold: true) : Style(.dim), maxWidth: columnWidth)
            }
            y += 1
        }
        if y < inner.maxY {
            let elapsed = board.locksAt.map { max(0, $0.milliseconds(until: state.now)) } ?? 0
            buffer.putTruncated(sharedText(board, elapsedMs: elapsed), x: inner.x + 1, y: y, style: Style(.normal, bold: true),
                                maxWidth: inner.width - 2)
            y += 1
        }
        if y < inner.maxY {
            let (text, style): (String, Style) = switch board.met {
            case .some(true): (board.outcome ?? "", Style(.good, bold: true))
            case .some(false): (board.outcome ?? "", Style(.warning, bold: true))
            case .none: (board.game.challenge, Style(.notice))
            }
            buffer.putTruncated(text, x: inner.x + 1, y: y, style: style, maxWidth: inner.width - 2)
        }
    }

    /// `counter = 1`, or each lock: `lock A: held by T1 1.2 s, T2 waits 1.1 s · contended 1×`.
    static func sharedText(_ board: ScheduleBoard, elapsedMs: Int) -> String {
        guard !board.locks.isEmpty else { return "counter = \(board.counter)   (shared; each thread added 1 when done)" }
        // A blocked thread's wait keeps growing; a thread parked at its next statement holds still.
        return board.locks.map { $0.text(elapsedMs: elapsedMs) }.joined(separator: "   ")
    }
}
