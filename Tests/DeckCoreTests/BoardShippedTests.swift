import DeckCore
import Foundation
import Testing

/// The boards in Resources/boards, read from the source tree.
enum ShippedBoards {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Resources/boards")

    static var paths: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".board") }.sorted().map { folder.appendingPathComponent($0).path }
    }
}

@Suite struct BoardShippedTests {
    @Test func theShippedBoardsAreThere() {
        #expect(ShippedBoards.paths.count >= 12)
    }

    /// Each shipped board parses, and the model's counts are the ones its `# model: N orders, M reach the
    /// goal, shortest win K moves` comment states (counted by hand in BoardModelTests and below for some).
    @Test(arguments: ShippedBoards.paths)
    func parsesAndCountsWhatItsCommentSays(path: String) throws {
        let board = try BoardParser.parse(file: path)
        let notes = BoardLevelNotes.read(try String(contentsOfFile: path, encoding: .utf8))
        let report = try BoardModel.explore(board).get()
        #expect(notes.orders == report.orders, "\(board.name): \(report.orders) orders")
        #expect(notes.goalOrders == report.goalOrders, "\(board.name): \(report.goalOrders) reach the goal")
        #expect(notes.shortestWin == report.shortestGoal?.count, "\(board.name): shortest win \(report.shortestGoal?.count ?? 0)")
        #expect((report.shortestGoal != nil) == (report.goalOrders > 0))
    }

    /// Every level names a title and says something after a win, so the menu and the win screen have words.
    @Test(arguments: ShippedBoards.paths)
    func everyLevelHasATitleAndAnAfterWinLine(path: String) throws {
        let board = try BoardParser.parse(file: path)
        let notes = BoardLevelNotes.read(try String(contentsOfFile: path, encoding: .utf8))
        #expect(board.title != nil, "\(board.name) has no title")
        #expect(notes.afterWin != nil, "\(board.name) has no '# after a win:' line")
    }

    /// Counts made by hand for four of the levels, so the `# model:` lines are not only the model checking
    /// itself.
    @Test func countsMadeByHandAgreeWithTheModel() throws {
        func report(_ name: String) throws -> BoardModel.Report {
            try BoardModel.explore(try BoardParser.parse(file: ShippedBoards.folder.appendingPathComponent("\(name).board").path)).get()
        }
        // publish-flag-first. Writer: w1 `write ready 1`, w2 `write data 42`. Reader: r1 `if ready == 1`,
        // then (only if it held) r2 `assert data == 42`. r1 before w1: the reader skips, then w1 w2 (1 order).
        // r1 after w1 and before w2: ready holds; then w2 r2 (assert passes) or r2 (fails, the run ends): 2
        // orders, 1 a failed assert, w1 r1 r2 = 3 moves. r1 after w2: r2 passes (1). 4 orders, 1 wins, in 3.
        let flag = try report("publish-flag-first")
        #expect(flag.orders == 4 && flag.goalOrders == 1 && flag.shortestGoal?.count == 3)
        // publish-data-first: data first. r1 before w1 (skip), between w1 and w2 (ready still 0: skip), or
        // after both (r2 sees 42): 3 orders, none fails.
        let data = try report("publish-data-first")
        #expect(data.orders == 3 && data.goalOrders == 0)
        // event-cleared-early. Worker's `waitevent go` can move only while go is set; the starter sets (s1)
        // and clears (s2). s1 must come first; then w1 s2 (finished) or s2 (the worker waits for ever):
        // 2 orders, 1 wins, in 2 moves.
        let event = try report("event-cleared-early")
        #expect(event.orders == 2 && event.goalOrders == 1 && event.sleepsForever == 1 && event.shortestGoal?.count == 2)
        // asyncio-await-between. A task runs until its `await`, so each task is two unbroken pieces,
        // [load, await] and [add, store]: the orders are the C(4,2) = 6 ways to interleave A's two pieces with
        // B's. Only A A B B and B B A A add twice; in the other 4 both load 0 first. Every order is all 8 moves.
        let asyncio = try report("asyncio-await-between")
        #expect(asyncio.orders == 6 && asyncio.goalOrders == 4 && asyncio.shortestGoal?.count == 8)
        // asyncio-lock: whoever takes the lock first runs to its unlock (the other is blocked at `lock`, so
        // even at the await nobody else can run): 2 orders, both counter 2.
        let locked = try report("asyncio-lock")
        #expect(locked.orders == 2 && locked.goalOrders == 0)
    }
}
