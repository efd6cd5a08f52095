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
