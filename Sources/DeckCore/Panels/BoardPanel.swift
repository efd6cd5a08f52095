/// A board (docs/boards.md) in the Scheduler panel: each thread's statements side by side with the next
/// one marked, its local value and what it waits for; the shared values and lock holders; the goal with
/// the model's count of orders before play, and the outcome with moves made and the shortest win after.
public enum BoardPanel {
    static func render(_ session: BoardSession, _ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        let board = session.board
        buffer.box(area, title: "Board \(board.name) · Tab picks a \(board.kind == .tasks ? "task" : "thread") · s runs its next statement · h hint · x again")
        let inner = area.inner
        guard inner.height > 0, inner.width > 20 else { return }
        let count = board.threads.count
        let columnWidth = (inner.width - 1 - 2 * (count - 1)) / count
        let selected = state.freeze.selectedWorker
        let now = session.modelState
        var y = inner.y
        for (t, thread) in board.threads.enumerated() where y < inner.maxY {
            let x = inner.x + 1 + t * (columnWidth + 2)
            let isSelected = session.ids[t] == selected
            let (status, waits) = statusText(session, t)
            // What it holds: its local (on boards with shared integers) and its locks.
            let held = now.map { n in board.locks.indices.filter { n.holders[$0] == t }.map { board.locks[$0] } } ?? []
            let local = now.map { n in
                ([board.ints.isEmpty ? nil : "local \(n.locals[t])"] + [held.isEmpty ? nil : "holds " + held.joined(separator: ", ")])
                    .compactMap { $0 }.joined(separator: " · ")
            } ?? "starting"
            let about = waits ? status : [local, status].filter { !$0.isEmpty }.joined(separator: " · ")
            let head = (isSelected ? "▸ " : "  ") + thread.name + (about.isEmpty ? "" : " · " + about)
            buffer.putTruncated(head, x: x, y: y, style: isSelected ? Style(.selection, bold: true)
                                : waits ? Style(.warning, bold: true) : Style(.label), maxWidth: columnWidth)
        }
        y += 1
        let lines = board.threads.map(\.statements.count).max() ?? 0
        // The outcome (WON / LOST and why) is word-wrapped over as many rows as it needs, keeping a row for the
        // threads' heads and one for a statement; what still does not fit ends with an ellipsis.
        let outcome = outcomeLines(session, width: inner.width - 2, rows: max(1, inner.height - 2))
        // Short of a row: the shared values go on the goal's line, so every statement still shows.
        let sharedOwnLine = inner.height >= lines + 2 + outcome.count
        let footer = (sharedOwnLine ? 1 : 0) + max(1, outcome.count)
        // Shorter still (a long board at 80x24): the statements scroll so that the selected thread's next
        // one is in view, and the title says which lines are shown.
        let rows = max(1, inner.maxY - footer - y)
        var first = 0
        if lines > rows {
            let focus = session.thread(selected ?? -1).flatMap { t in now.map { $0.pcs[t] } } ?? 0
            first = min(max(0, focus - rows / 2), lines - rows)
            let shown = "statements \(first + 1)-\(first + rows) of \(lines) (the selected \(board.kind == .tasks ? "task" : "thread")'s next in view)"
            buffer.box(area, title: "Board \(board.name) · \(shown)")
        }
        for line in first..<lines where y < inner.maxY - footer {
            for (t, thread) in board.threads.enumerated() where line < thread.statements.count {
                let x = inner.x + 1 + t * (columnWidth + 2)
                let current = now?.pcs[t] == line
                let (_, waits) = statusText(session, t)
                let marker = current ? (waits ? "⏸ " : "▶ ") : "  "
                let statement = thread.statements[line]
                let text = marker + statement.text
                buffer.putTruncated(text, x: x, y: y, style: current ? Style(.value, bold: true)
                                    : statement.op.isStep ? Style(.normal) : Style(.dim), maxWidth: columnWidth)
            }
            y += 1
        }
        if sharedOwnLine, y < inner.maxY {
            buffer.putTruncated(sharedText(session), x: inner.x + 1, y: y, style: Style(.normal, bold: true), maxWidth: inner.width - 2)
            y += 1
        }
        if let won = session.outcome?.won {
            let style = won ? Style(.good, bold: true) : Style(.warning, bold: true)
            for line in outcome where y < inner.maxY {
                buffer.putTruncated(line, x: inner.x + 1, y: y, style: style, maxWidth: inner.width - 2)
                y += 1
            }
        } else if y < inner.maxY {
            let (text, style): (String, Style) = if session.history.isEmpty {
                ("Goal: \(goalText(board)) · \(session.countsText)", Style(.notice))
            } else {
                ("Goal: \(goalText(board)) · \(session.history.count) move\(session.history.count == 1 ? "" : "s") made"
                    + (session.shortestWin.map { " · shortest win \($0)" } ?? ""), Style(.notice))
            }
            // Merged, the locks are left to the threads' heads (who holds what), so the count stays whole.
            let shared = sharedOwnLine ? "" : sharedText(session, locks: false)
            buffer.putTruncated((shared.isEmpty ? "" : shared + " · ") + text,
                                x: inner.x + 1, y: y, style: style, maxWidth: inner.width - 2)
        }
    }

    /// The outcome's text wrapped to `width` columns on at most `rows` rows (the last one carries the rest,
    /// to be cut with an ellipsis); empty while the board is open.
    static func outcomeLines(_ session: BoardSession, width: Int, rows: Int) -> [String] {
        guard let outcome = session.outcome, width > 0, rows > 0 else { return [] }
        let wrapped = NarrationPanel.wrap(outcome.text, width: width)
        guard wrapped.count > rows else { return wrapped }
        return Array(wrapped.prefix(rows - 1)) + [wrapped.dropFirst(rows - 1).joined(separator: " ")]
    }

    /// What a thread is doing, and whether it waits (blocked or asleep): `BLOCKED on lock A`, `asleep in wait C`.
    static func statusText(_ session: BoardSession, _ t: Int) -> (String, Bool) {
        guard let report = session.report, report.statuses.indices.contains(t) else { return ("", false) }
        switch report.statuses[t] {
        case .blocked(let what): return ("BLOCKED on \(what)", true)
        case .asleep: return ("asleep in wait \(session.board.conditions[max(0, report.waitingOn[t])].name)", true)
        case .finished: return ("done", false)
        case .ended: return ("ended the run", false)
        case .stopped: return ("stopped", false)
        case .running: return ("running", false)
        case .parked: return report.wokenFrom[t] >= 0 ? ("woken", false) : ("", false)
        }
    }

    /// The shared state: `counter = 1   lock A: T1   lock B: free   S: 0 permits   E: set`.
    static func sharedText(_ session: BoardSession, locks: Bool = true) -> String {
        let board = session.board
        guard let now = session.modelState else { return "the threads are starting…" }
        var parts = board.ints.enumerated().map { "\($1.name) = \(now.ints[$0])" }
        parts += (locks ? board.locks : []).enumerated().map { n, name in
            "lock \(name): " + (now.holders[n] >= 0 ? board.threads[now.holders[n]].name : "free")
        }
        parts += board.semaphores.enumerated().map { n, s in "\(s.name): \(now.permits[n]) permit\(now.permits[n] == 1 ? "" : "s")" }
        parts += board.events.enumerated().map { n, name in "\(name): \(now.events[n] ? "set" : "clear")" }
        return parts.joined(separator: "   ")
    }

    static func goalText(_ board: Board) -> String {
        switch board.goal {
        case .state(_, let text): text
        case .deadlock: "a deadlock"
        case .bothCritical: "two threads in the critical section"
        case .waiterSleepsForever: "a waiter sleeps for ever"
        case .assertFails: "an assertion fails"
        case .spinsForever: "a thread spins for ever"
        }
    }
}
