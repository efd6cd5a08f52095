import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// The lesson menu at 80x24 with the boards' progress: levels won marked, the selected board's tutorial
/// point on the line under the list, and a progress file that cannot be read still giving the menu.
@Suite(.serialized) struct LessonMenuProgressTests {
    /// The menu as `l` opens it over the shipped lessons, with the selection moved `down` entries.
    static func menuState(progress: BoardProgress, down: Int) -> AppState {
        Snapshots.useUTC()
        var config = DeckConfig()
        config.seed = 1
        config.monitors = 0
        config.alarmAtLaunch = false
        config.snapshotWriter = false
        var state = AppState(config: config, now: Timestamp(milliseconds: 1000))
        _ = Reducer.start(&state)
        let lessons = LessonLibrary.loadShipped().lessons.map(LessonSummary.init)
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.catalog(lessons))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.boardProgress(progress, problem: nil))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("l"))))
        for _ in 0..<down { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.down))) }
        return state
    }

    @Test func aWonLevelIsMarkedAndTheSelectedBoardNamesItsTutorialPoint() throws {
        let progress = BoardProgress().winning("lost-update", moves: 7, shortestWin: 6)
        var state = Self.menuState(progress: progress, down: 0)
        let first = state.lessons.catalog.count  // the first board: lost-update
        for _ in 0..<first { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.down))) }
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains("✓ lost-update "), "the won level is marked")
        #expect(screen.contains("  lost-update-lock"), "a level not won has no mark")
        let from = try #require(state.boardNotes["lost-update"]?.from)
        #expect(screen.contains("won, best 7 moves, shortest 6 · from \(from.prefix(20))"))
        if let problem = Snapshots.mismatch(screen.text, named: "lesson-menu-won-80x24") { Issue.record(Comment(rawValue: problem)) }
        let ascii = DashboardView.render(state, width: 80, height: 24, glyphs: .ascii)
        #expect(ascii.contains("* lost-update "), "ASCII mode marks it with *")
    }

    @Test func theMenuWithNothingWonAt80x24() {
        let state = Self.menuState(progress: BoardProgress(), down: 0)
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(!state.boardCatalog.contains { screen.contains("✓ \($0.name)") }, "nothing won, nothing marked")
        #expect(screen.contains("boards won are marked ✓"))
        if let problem = Snapshots.mismatch(screen.text, named: "lesson-menu-80x24") { Issue.record(Comment(rawValue: problem)) }
    }

    @Test func aCorruptProgressFileStillGivesTheMenuWithoutMarks() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("deck-menu-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try #require(BoardProgressStore.defaultFile(environment: ["XDG_DATA_HOME": folder.path]))
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "{\"version\": 1, \"levels\": {\"lost-update\": ".write(to: file, atomically: true, encoding: .utf8)
        var config = DeckConfig()
        config.monitors = 0
        config.alarmAtLaunch = false
        config.snapshotWriter = false
        config.progressPath = file.path
        let driver = EngineDriver(config: config, clock: ManualWallClock())
        defer { driver.stopAll() }
        driver.start()
        #expect(driver.waitForLog("not daemondeck progress", from: "Progress"))
        driver.engine.process(.key(.char("l")))
        #expect(driver.run(until: { $0.overlay == .lessonMenu }, seconds: 10))
        let screen = DashboardView.render(driver.state, width: 80, height: 24)
        #expect(screen.contains("Boards · be the scheduler"))
        #expect(!driver.state.boardCatalog.contains { screen.contains("✓ \($0.name)") }, "an unreadable file marks nothing")
        #expect(FileManager.default.fileExists(atPath: file.path), "looking leaves the file where it is")
    }
}

/// A task board's menu line counts tasks, not threads: its tasks run on one actor, not on threads of their own.
@Suite struct LessonMenuTaskBoardTests {
    @Test func aTaskBoardsLineSaysTasks() throws {
        let state = LessonMenuProgressTests.menuState(progress: BoardProgress(), down: 0)
        let screen = DashboardView.render(state, width: 100, height: 60).text
        let line = try #require(screen.split(separator: "\n").first { $0.contains("actor-reentrancy") }, "\(screen)")
        #expect(line.contains("2 tasks"), "\(line)")
        let threads = try #require(screen.split(separator: "\n").first { $0.contains(" lock-order ") }, "\(screen)")
        #expect(threads.contains("2 threads"), "\(threads)")
    }
}
