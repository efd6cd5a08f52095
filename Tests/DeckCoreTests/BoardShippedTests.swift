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
        #expect(ShippedBoards.paths.count >= 6)
    }

    /// Each shipped board parses, and the model's counts are the ones its `# model: N orders, M reach the
    /// goal` comment states (counted by hand in BoardModelTests for these boards).
    @Test(arguments: ShippedBoards.paths)
    func parsesAndCountsWhatItsCommentSays(path: String) throws {
        let board = try BoardParser.parse(file: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let claim = try #require(text.split(separator: "\n").first { $0.hasPrefix("# model: ") }, "\(path) has no '# model:' line")
        let numbers = claim.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.count == 2, "\(claim)")
        let report = try BoardModel.explore(board).get()
        #expect(report.orders == numbers.first, "\(board.name): \(report.orders) orders")
        #expect(report.goalOrders == numbers.last, "\(board.name): \(report.goalOrders) reach the goal")
        #expect((report.shortestGoal != nil) == (report.goalOrders > 0))
    }
}
