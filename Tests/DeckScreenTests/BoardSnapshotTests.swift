import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// A board in the Scheduler panel at 80x24, from the reducer alone: the board started as `--board`
/// starts it, and its threads' first report (each parked before its first statement) posted by hand.
struct BoardSnapshotTests {
    static func boardState(_ name: String) throws -> AppState {
        Snapshots.useUTC()
        let clock = ManualWallClock()
        var config = DeckConfig()
        config.monitors = 0
        config.alarmAtLaunch = false
        config.snapshotWriter = false
        config.seed = 9
        config.board = try BoardLibrary.source(name)
        var state = AppState(config: config, now: clock.now())
        _ = Reducer.start(&state)
        let session = try #require(state.board)
        // A player with no threads started: the board's first state, as its parked threads report it.
        var report = BoardReport(player: BoardPlayer(board: session.board), workers: session.ids, steps: 0)
        report.statuses = session.board.threads.map { _ in .parked }
        report.settled = true
        clock.advance(milliseconds: 5)
        _ = Reducer.reduce(&state, PostedEvent(at: clock.now(), event: .lesson(.boardReported(report))))
        // The counter thread's answer, as `BoardCountWorker` posts it, and its end (its row leaves).
        let counter = try #require(session.counter)
        let counts = BoardSession.Counts(BoardModel.explore(session.board))
        _ = Reducer.reduce(&state, PostedEvent(at: clock.now(), event: .lesson(.boardCounted(worker: counter, counts: counts))))
        _ = Reducer.reduce(&state, PostedEvent(at: clock.now(), event: .workerEnded(worker: counter, fate: .finished)))
        return state
    }

    @Test func theDeadlockBoardAt80x24ShowsEveryStatementAndTheCount() throws {
        let screen = DashboardView.render(try Self.boardState("deadlock"), width: 80, height: 24)
        for line in ["▶ lock A", "▶ lock B", "unlock B", "unlock A"] { #expect(screen.contains(line), "\(line) is shown") }
        #expect(screen.contains("Goal: a deadlock · of the 6 possible orders, 2 reach the goal"))
        #expect(screen.contains("Board deadlock"))
        if let problem = Snapshots.mismatch(screen.text, named: "board-deadlock-80x24") { Issue.record(Comment(rawValue: problem)) }
    }

    /// A won board's outcome longer than the panel is wide (the deadlock: who holds what and waits where)
    /// is word-wrapped over the rows it needs at 80x24, never cut.
    @Test func aLongOutcomeIsWrappedWholeAt80x24() throws {
        var state = try Self.boardState("deadlock")
        func step(_ pcs: [Int], _ holders: [Int], steps: Int) throws {
            _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("s"))))
            var report = try #require(state.board?.report)
            report.pcs = pcs
            report.holders = holders
            report.steps = steps
            _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.boardReported(report))))
        }
        try step([1, 0], [0, -1], steps: 1)  // T1: lock A
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.tab)))
        try step([1, 1], [0, 1], steps: 2)  // T2: lock B
        let outcome = try #require(state.board?.outcome?.text)
        #expect(outcome.unicodeScalars.count > 76, "the outcome is longer than the panel's width: \(outcome)")
        let screen = DashboardView.render(state, width: 80, height: 24)
        // The panel's rows from the outcome's first to its bottom border read as the whole outcome.
        let rows = screen.text.split(separator: "\n").map(String.init)
        let first = try #require(rows.firstIndex { $0.hasPrefix("│ WON in") }, "\(screen.text)")
        let outcomeRows = rows[first...].prefix { !$0.hasPrefix("└") }
        #expect(outcomeRows.count == 2, "\(screen.text)")
        let shown = outcomeRows.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "│ ")) }.joined(separator: " ")
        #expect(shown == outcome, "\(screen.text)")
        if let problem = Snapshots.mismatch(screen.text, named: "board-deadlock-won-80x24") { Issue.record(Comment(rawValue: problem)) }
        // Wide enough, it takes one row again.
        #expect(DashboardView.render(state, width: 200, height: 60).contains("│ " + outcome + " "))
    }

    /// A board longer than 80x24 has room for: the statements scroll so the selected thread's next one is
    /// in view, and the title says which statements are shown.
    @Test func aLongBoardScrollsToTheSelectedThreadsNextStatement() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("long-board-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("long.board").path
        let body = (1...12).map { "  write x \($0)\n" }.joined()
        try ("int x\n" + (1...3).map { "thread T\($0)\n" + body }.joined() + "goal x == 1\n").write(toFile: path, atomically: true, encoding: .utf8)
        var state = try Self.boardState(path)
        // T1 (selected) has run ten statements: its next is the eleventh.
        var report = try #require(state.board?.report)
        report.pcs = [10, 0, 0]
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.boardReported(report))))
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains("▶ write x 11"), "\(screen.text)")
        #expect(screen.contains("Board long · statements "), "\(screen.text)")
        #expect(screen.contains(" of 12 (the selected thread's next in view)"), "\(screen.text)")
    }
}
