import DeckCore
import Testing

/// The model's work is bounded: a board too large to count says so ("too many orders to count") instead of
/// running for minutes. The fuzz target (Fuzz/targets/board.swift) relies on this bound.
@Suite struct BoardBudgetTests {
    /// Three threads of twelve independent statements: 36! / (12!)^3 orders, far past any budget.
    static let largestBoard: String = {
        var text = "int a\nint b\nint c\n"
        for (thread, name) in ["T1", "T2", "T3"].enumerated() {
            text += "thread \(name)\n"
            for n in 0..<12 { text += n % 2 == 0 ? "  load \(["a", "b", "c"][thread])\n" : "  add 1\n" }
        }
        return text + "goal a == 1\n"
    }()

    @Test func aBoardPastTheBudgetIsTooManyOrdersToCount() throws {
        let board = try BoardParser.parse(Self.largestBoard, name: "largest", file: "largest.board")
        guard case .failure(let tooBig) = BoardModel.explore(board, budget: 1_000) else {
            Issue.record("a board of 3 x 12 statements was counted within 1,000 states")
            return
        }
        #expect(tooBig.message == "more than 1000 steps explored: the board has too many orders to count")
    }

    @Test func aSmallBoardIsCountedWellWithinTheSameBudget() throws {
        let board = try BoardParser.parse("int counter\nthread T1\n  load counter\n  add 1\n  store counter\nthread T2\n  load counter\n  add 1\n  store counter\ngoal counter == 1\n",
                                          name: "lost-update", file: "lost-update.board")
        let report = try BoardModel.explore(board, budget: 1_000).get()
        #expect(report.orders == 20)
        #expect(report.goalOrders == 18)
        #expect(report.work <= 1_000)
    }
}
