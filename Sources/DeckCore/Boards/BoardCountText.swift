/// What `daemondeck boards` prints: each shipped board on one line with the model's count, or one board
/// in full (how its orders end, and the shortest win move by move), so a teacher can check a board they
/// wrote before anyone plays it. Pure: the model is run by the caller's thread.
public enum BoardCountText {
    /// "20 orders, 18 reach the goal, shortest win 6" (or why there is no count).
    public static func summary(_ result: Result<BoardModel.Report, BoardModel.TooBig>) -> String {
        switch result {
        case .failure(let tooBig):
            return "too many orders to count (\(tooBig.message))"
        case .success(let report) where report.saturated:
            return "too many orders to count (more than \(Int.max))"
        case .success(let report):
            var text = "\(report.orders) order\(report.orders == 1 ? "" : "s"), \(report.goalOrders) reach\(report.goalOrders == 1 ? "es" : "") the goal"
            if let shortest = report.shortestGoal { text += ", shortest win \(shortest.count)" }
            return text
        }
    }

    /// One line per shipped board: name, threads, count, title.
    public static func list(_ boards: [Board]) -> [String] {
        let width = boards.map(\.name.count).max() ?? 0
        return boards.map { board in
            let name = board.name + String(repeating: " ", count: max(0, width - board.name.count))
            let kind = board.kind == .tasks ? "tasks" : "threads"
            return "\(name)  \(board.threads.count) \(kind)  \(summary(BoardModel.explore(board)))  \(board.title ?? BoardPanel.goalText(board))"
        }
    }

    /// One board in full.
    public static func details(_ board: Board, notes: BoardLevelNotes? = nil) -> [String] {
        var lines = ["\(board.file): \(board.title ?? board.name)"]
        if let from = notes?.from { lines.append("  from: \(from)") }
        lines.append("  \(board.threads.count) \(board.kind == .tasks ? "tasks" : "threads"): "
            + board.threads.map { "\($0.name) (\($0.stepCount) statement\($0.stepCount == 1 ? "" : "s"))" }.joined(separator: ", "))
        lines.append("  goal: \(BoardPanel.goalText(board))")
        let result = BoardModel.explore(board)
        lines.append("  " + summary(result))
        guard case .success(let report) = result, !report.saturated else { return lines }
        let endings: [(Int, String)] = [
            (report.finished, "finished"), (report.stuck, "stuck"), (report.sleepsForever, "of them with a thread asleep for ever"),
            (report.spinning, "spinning"), (report.assertFailures, "at a failed assert"), (report.faults, "at a fault"),
        ]
        lines.append("  the model explored \(report.work) board states (or moves, on a board with loops) to count them")
        lines.append("  how the orders end: " + endings.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        if let shortest = report.shortestGoal {
            lines.append("  shortest win, \(shortest.count) move\(shortest.count == 1 ? "" : "s"):")
            for (n, move) in BoardModel.describe(shortest, in: board).enumerated() { lines.append("    \(n + 1). \(move)") }
        } else {
            lines.append("  no order reaches the goal: try to break it anyway")
        }
        return lines
    }
}
