import Foundation

/// What a shipped level says about itself in its leading comments, for the menu and the win screen:
///
///     # model: 20 orders, 18 reach the goal, shortest win 4 moves
///     # from: 000 (long-running daemon thread tutorial): the monitor thread reads a global
///     # after a win: Both threads read 0 before either stored 1.
///
/// The board language ignores comments, so these lines cost the parser nothing; `BoardShippedTests`
/// checks the `# model:` figures against `BoardModel.explore`.
public struct BoardLevelNotes: Sendable, Equatable {
    /// The model's counts as the file states them (nil when the file has no `# model:` line).
    public var orders: Int?
    public var goalOrders: Int?
    /// Moves in the shortest order that reaches the goal; nil for a fix board (no order does).
    public var shortestWin: Int?
    /// The tutorial point the level comes from, when there is one.
    public var from: String?
    /// The one line shown after a win.
    public var afterWin: String?

    public init(orders: Int? = nil, goalOrders: Int? = nil, shortestWin: Int? = nil, from: String? = nil, afterWin: String? = nil) {
        self.orders = orders
        self.goalOrders = goalOrders
        self.shortestWin = shortestWin
        self.from = from
        self.afterWin = afterWin
    }

    /// Reads the notes from a board file's text; lines it does not know are left alone.
    public static func read(_ text: String) -> BoardLevelNotes {
        var notes = BoardLevelNotes()
        for raw in TextLines.split(text) where !raw.isEmpty {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let rest = line.value(after: "# model:") {
                // "N orders, M reach the goal[, shortest win K moves]": each figure is named by the words after it.
                for part in rest.split(separator: ",") {
                    let words = part.split(separator: " ")
                    guard let number = words.lazy.compactMap({ Int($0) }).first else { continue }
                    if part.contains("orders") { notes.orders = number }
                    else if part.contains("reach the goal") { notes.goalOrders = number }
                    else if part.contains("shortest win") { notes.shortestWin = number }
                }
            } else if let rest = line.value(after: "# from:") {
                notes.from = rest
            } else if let rest = line.value(after: "# after a win:") {
                notes.afterWin = rest
            }
        }
        return notes
    }
}

private extension String {
    func value(after prefix: String) -> String? {
        guard hasPrefix(prefix) else { return nil }
        let rest = dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        return rest.isEmpty ? nil : rest
    }
}
