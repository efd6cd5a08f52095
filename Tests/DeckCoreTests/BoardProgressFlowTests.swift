import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// A board's counts come from a thread of their own, and a win reaches the progress file: the reducer with
/// counts arriving late, the counter stopped promptly at quit or given up on after its budget, a win
/// recorded once in a temporary XDG_DATA_HOME, and a write that fails said in one log line.
@Suite(.serialized) struct BoardProgressFlowTests {
    /// A learner's own board at the language's limits (3 threads x 12 statements): seconds to count.
    static let largeBoard = """
        int x = 0
        thread A
        \(String(repeating: "  load x\n  add 1\n  store x\n", count: 4))thread B
        \(String(repeating: "  load x\n  add 1\n  store x\n", count: 4))thread C
        \(String(repeating: "  load x\n  add 1\n  store x\n", count: 4))goal x == 1
        """

    static func temporaryFolder() throws -> URL {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("deck-progress-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func config(board: BoardSource) -> DeckConfig {
        var config = DeckConfig()
        config.monitors = 0
        config.snapshotWriter = false
        config.alarmAtLaunch = false
        config.board = board
        return config
    }

    static func largeSource() throws -> (BoardSource, URL) {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("large.board").path
        try largeBoard.write(toFile: path, atomically: true, encoding: .utf8)
        return (try BoardLibrary.source(path), folder)
    }

    @Test func countsArrivingLateReachTheBoardAndTheHintWaitsForThem() throws {
        var state = AppState(config: Self.config(board: try BoardLibrary.source("lost-update")), now: Timestamp(milliseconds: 0))
        let effects = Reducer.start(&state)
        let session = try #require(state.board)
        let counter = try #require(session.counter)
        #expect(session.counts == .counting)
        #expect(session.countsText == "counting the possible orders…")
        #expect(effects.contains(.lab(.countBoard(id: counter, board: session.board, budgetMs: BoardCountWorker.defaultBudgetMs))),
                "the count is an effect, run off the UI thread")
        var report = BoardReport(player: BoardPlayer(board: session.board), workers: session.ids, steps: 0)
        report.statuses = [.parked, .parked]
        report.settled = true
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.boardReported(report))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("h"))))
        #expect(state.status?.text.contains("still being counted") == true, "\(state.status?.text ?? "no status")")
        // An answer from a counter that is not this board's is not taken.
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.boardCounted(worker: counter + 100, counts: .tooMany))))
        #expect(state.board?.counts == .counting)
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.boardCounted(worker: counter, counts: .counted(orders: 20, goalOrders: 18, shortest: 6)))))
        #expect(state.board?.countsText == "of the 20 possible orders, 18 reach the goal")
        #expect(state.log.entries.contains { $0.text == "board lost-update: of the 20 possible orders, 18 reach the goal" })
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("h"))))
        #expect(state.status?.text.hasPrefix("hint: T1: load counter") == true, "\(state.status?.text ?? "no status")")
    }

    /// A board the Counter thread counted, but whose exploration from the start is more than the UI thread
    /// may do in one frame (three threads of nine statements: about 69,000 states): the hint says so at
    /// once instead of freezing the screen, and a move is not judged lost on the UI thread's account.
    @Test func aHintTooBigForOneFrameSaysSoInsteadOfFreezingTheScreen() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let thread = "  load x\n  add 1\n  store x\n"
        let text = "int x\n" + (1...3).map { "thread T\($0)\n" + String(repeating: thread, count: 3) }.joined() + "goal x == 1\n"
        let path = folder.appendingPathComponent("nine.board").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var state = AppState(config: Self.config(board: try BoardLibrary.source(path)), now: Timestamp(milliseconds: 0))
        _ = Reducer.start(&state)
        let session = try #require(state.board)
        let counter = try #require(session.counter)
        var report = BoardReport(player: BoardPlayer(board: session.board), workers: session.ids, steps: 0)
        report.statuses = [.parked, .parked, .parked]
        report.settled = true
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.boardReported(report))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.boardCounted(worker: counter, counts: .counted(orders: 227_873_431_500, goalOrders: 1, shortest: 27)))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("h"))))
        #expect(state.status?.text.contains("too many orders from here") == true, "\(state.status?.text ?? "no status")")
        #expect(state.board?.outcome == nil)
    }

    @Test func aWinIsRecordedOnceInTheProgressFile() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = Self.config(board: try BoardLibrary.source("lost-update"))
        let file = try #require(BoardProgressStore.defaultFile(environment: ["XDG_DATA_HOME": folder.path]))
        config.progressPath = file.path
        let driver = EngineDriver(config: config, clock: ManualWallClock())
        defer { driver.stopAll() }
        driver.start()
        #expect(driver.run(until: { $0.board?.report?.settled == true && $0.board?.counts != .counting }, seconds: 60))
        for name in ["T1", "T2", "T1", "T1", "T2", "T2"] { driver.engine.process(.freeze(.step(worker: name))) }
        #expect(driver.run(until: { $0.board?.outcome != nil && $0.boardProgress.hasWon("lost-update") }, seconds: 60))
        #expect(driver.state.board?.outcome?.won == true)
        let level = try #require(BoardProgressStore(file: file).load().progress.levels["lost-update"])
        #expect(level == BoardProgress.Level(wins: 1, lastMoves: 6, fewestMoves: 6, shortestWin: 6))
        // The same report again (a later frame): no second win.
        var state = driver.state
        let report = try #require(state.board?.report)
        let effects = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.boardReported(report))))
        #expect(!effects.contains { if case .lab(.recordBoardWin) = $0 { true } else { false } })
        #expect(Reducer.progressKey(state, state.board!.board) == "lost-update")
    }

    @Test func aBoardOfOnesOwnIsKeptUnderAKeyNoShippedLevelHas() throws {
        let (source, folder) = try Self.largeSource()
        defer { try? FileManager.default.removeItem(at: folder) }
        var state = AppState(config: Self.config(board: source), now: Timestamp(milliseconds: 0))
        _ = Reducer.start(&state)
        let board = try #require(state.board?.board)
        #expect(Reducer.progressKey(state, board) == "file:\(board.file)")
        #expect(!BoardLibrary.shippedNames.contains(Reducer.progressKey(state, board)))
    }

    @Test func aWriteThatFailsIsOneLogLine() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The data folder is a plain file: no progress.json can be made under it.
        let blocker = folder.appendingPathComponent("daemondeck")
        try "not a folder".write(to: blocker, atomically: true, encoding: .utf8)
        var config = Self.config(board: try BoardLibrary.source("lost-update"))
        config.progressPath = blocker.appendingPathComponent("progress.json").path
        let driver = EngineDriver(config: config, clock: ManualWallClock())
        defer { driver.stopAll() }
        driver.start()
        driver.engine.runner.run(.lab(.recordBoardWin(level: "lost-update", moves: 6, shortestWin: 6)))
        #expect(driver.waitForLog("the win is not kept", from: "Progress"))
        #expect(driver.state.log.entries.filter { $0.source == "Progress" }.count == 1)
    }

    @Test func theLargeBoardIsPlayableWhileCountingAndAQuitEndsTheCountPromptly() throws {
        let (source, folder) = try Self.largeSource()
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = Self.config(board: source)
        config.boardCountBudgetMs = 600_000  // only the stop can end this count early
        let driver = EngineDriver(config: config)
        defer { driver.stopAll() }
        driver.start()
        #expect(driver.run(until: { $0.board?.report?.settled == true }, seconds: 60))
        #expect(driver.state.board?.counts == .counting)
        // Played while counting: a step goes through and is reported.
        driver.engine.process(.freeze(.step(worker: "A")))
        #expect(driver.run(until: { $0.board?.report?.pcs.first == 1 && $0.board?.inFlight == false }, seconds: 60))
        let counter = try #require(driver.state.board?.counter)
        #expect(driver.state.board?.counts == .counting, "the count (seconds long) is still going")
        driver.engine.process(.quitRequested)
        let quitAt = monotonicNanos()
        #expect(driver.run(until: { if case .exiting = $0.quit { true } else { false } }, seconds: 10),
                "the counter checks its stop flag: the quit does not wait for the count")
        #expect(driver.state.worker(counter)?.fate == .joined)
        #expect(driver.state.board?.counts == .counting, "a stopped count gives no answer")
        #expect(monotonicNanos() - quitAt < 10_000_000_000)
    }

    @Test func aCountPastItsBudgetGivesUpWithTooManyOrders() throws {
        let (source, folder) = try Self.largeSource()
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = Self.config(board: source)
        config.boardCountBudgetMs = 100
        let driver = EngineDriver(config: config)
        defer { driver.stopAll() }
        driver.start()
        #expect(driver.run(until: { $0.board?.counts == .tooMany }, seconds: 60))
        #expect(driver.state.board?.countsText == "too many orders to count")
        #expect(driver.waitForLog("gave up counting after 100 ms", from: "Counter"))
    }
}
