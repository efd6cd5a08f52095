import DeckCore
import Foundation
import Testing

/// Progress lives in a temporary folder made for each test; the real home is never touched.
@Suite struct BoardProgressTests {
    /// A fresh folder (not yet holding progress.json), removed when the test ends.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("daemondeck-progress-\(getpid())-\(UUID().uuidString.prefix(8))")
        var store: BoardProgressStore { BoardProgressStore(directory: url) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func write(_ text: String) throws {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: store.file)
        }
        func text(_ name: String = "progress.json") -> String? {
            try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
        }
        var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
    }

    @Test func theFileFollowsXDGDataHomeThenHome() {
        #expect(BoardProgressStore.defaultFile(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"])?.path == "/d/daemondeck/progress.json")
        #expect(BoardProgressStore.defaultFile(environment: ["HOME": "/h"])?.path == "/h/.local/share/daemondeck/progress.json")
        // Empty or relative XDG_DATA_HOME is ignored, as the spec says.
        #expect(BoardProgressStore.defaultFile(environment: ["XDG_DATA_HOME": "", "HOME": "/h"])?.path == "/h/.local/share/daemondeck/progress.json")
        #expect(BoardProgressStore.defaultFile(environment: ["XDG_DATA_HOME": "rel/dir", "HOME": "/h"])?.path == "/h/.local/share/daemondeck/progress.json")
        #expect(BoardProgressStore.defaultFile(environment: [:]) == nil)
    }

    @Test func noFileIsNoProgress() {
        let folder = Folder()
        #expect(folder.store.load() == .none)
        #expect(folder.store.load().progress.levels.isEmpty)
        #expect(folder.names.isEmpty, "reading wrote nothing")
    }

    @Test func aWinIsKeptWithItsMovesAndTheShortestWin() throws {
        let folder = Folder()
        try folder.store.recordWin(level: "lost-update", moves: 6, shortestWin: 4)
        try folder.store.recordWin(level: "lost-update", moves: 4, shortestWin: 4)
        try folder.store.recordWin(level: "lost-update", moves: 9, shortestWin: 4)
        try folder.store.recordWin(level: "deadlock", moves: 2, shortestWin: 2)
        // Read back by a new store, as the next run of daemondeck would.
        let progress = BoardProgressStore(directory: folder.url).load().progress
        #expect(progress.hasWon("lost-update") && progress.hasWon("deadlock") && !progress.hasWon("lock-order"))
        #expect(progress.levels["lost-update"] == .init(wins: 3, lastMoves: 9, fewestMoves: 4, shortestWin: 4))
        #expect(progress.levels["deadlock"] == .init(wins: 1, lastMoves: 2, fewestMoves: 2, shortestWin: 2))
        #expect(folder.names == ["progress.json"], "no temporary file left behind: \(folder.names)")
        let json = try #require(folder.text())
        #expect(json.contains("\"lost-update\"") && json.contains("\"version\" : 1"))
    }

    /// A file this daemondeck cannot read is no progress, and is left as it was until the next win, which
    /// moves it aside to progress.json.bad and starts afresh.
    @Test(arguments: [
        ("not JSON", "{ this is not json"),
        ("truncated", "{\"version\":1,\"levels\":{\"lost-update\":{\"wins\":1,"),
        ("wrong type", "{\"version\":1,\"levels\":{\"lost-update\":{\"wins\":\"many\",\"lastMoves\":1,\"fewestMoves\":1}}}"),
        ("newer version", "{\"version\":2,\"levels\":{}}"),
        ("impossible figures", "{\"version\":1,\"levels\":{\"lost-update\":{\"wins\":1,\"lastMoves\":-3,\"fewestMoves\":-3}}}"),
        ("empty", ""),
    ])
    func anUnreadableFileIsNoProgressAndIsKeptAsideOnTheNextWin(name: String, text: String) throws {
        let folder = Folder()
        try folder.write(text)
        let loaded = folder.store.load()
        guard case .unreadable(let reason) = loaded else {
            Issue.record("\(name): read as \(loaded)")
            return
        }
        #expect(reason.contains("progress.json"), "the message names the file: \(reason)")
        #expect(loaded.progress.levels.isEmpty)
        #expect(folder.text() == text, "\(name): reading left the file as it was")

        try folder.store.recordWin(level: "deadlock", moves: 3, shortestWin: 2)
        #expect(folder.text("progress.json.bad") == text, "\(name): the old file is kept aside")
        #expect(folder.store.load().progress.levels == ["deadlock": .init(wins: 1, lastMoves: 3, fewestMoves: 3, shortestWin: 2)])
    }

    @Test func aFileTooLargeIsNotReadWhole() throws {
        let folder = Folder()
        try folder.write(String(repeating: " ", count: BoardProgressStore.maxBytes + 1))
        guard case .unreadable(let reason) = folder.store.load() else {
            Issue.record("a file over the limit was read")
            return
        }
        #expect(reason.contains("larger than"))
    }

    @Test func aFolderThatCannotBeMadeGivesAMessageNotACrash() throws {
        let folder = Folder()
        // A plain file where the folder should be.
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let blocker = folder.url.appendingPathComponent("daemondeck")
        try Data("x".utf8).write(to: blocker)
        let store = BoardProgressStore(directory: blocker)
        #expect(throws: BoardProgressStore.WriteError.self) { try store.recordWin(level: "deadlock", moves: 1, shortestWin: 1) }
    }
}

/// The notes a level file carries in its comments.
@Suite struct BoardLevelNotesTests {
    @Test func readsTheModelLineTheSourceAndTheAfterWinLine() {
        let notes = BoardLevelNotes.read("""
            # x: a board
            # model: 20 orders, 18 reach the goal, shortest win 4 moves
            # from: 000 (a tutorial): a point
            # after a win: Both loaded 0.
            title: X
            """)
        #expect(notes == BoardLevelNotes(orders: 20, goalOrders: 18, shortestWin: 4, from: "000 (a tutorial): a point", afterWin: "Both loaded 0."))
        let fix = BoardLevelNotes.read("# model: 2 orders, 0 reach the goal\n")
        #expect(fix.orders == 2 && fix.goalOrders == 0 && fix.shortestWin == nil && fix.afterWin == nil)
    }
}
