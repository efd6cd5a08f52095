import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// `daemondeck boards`: the shipped boards with their counts, and a board a teacher wrote counted in
/// full, checked against counts worked out by hand (multinomials), and a bad file refused with file:line.
@Suite struct BoardsCommandTests {
    func boards(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run([TmuxSession.binaryPath, "boards"] + arguments, errorsToo: true, seconds: 120)
    }

    func withBoard(_ text: String, _ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("daemondeck-boards-\(getpid())-\(UUID().uuidString.prefix(8)).board").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    @Test func theListGivesEveryShippedBoardWithItsCount() throws {
        let result = try boards([])
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == BoardLibrary.shippedNames.count, "\(result.output)")
        // Two threads of three statements: 6!/(3!3!) = 20 orders; only the two serial ones keep both updates.
        #expect(lines.contains { $0.hasPrefix("lost-update ") && $0.contains("20 orders, 18 reach the goal, shortest win 6") }, "\(result.output)")
    }

    @Test func aBoardOfOnesOwnIsCountedInFull() throws {
        // Three threads of two statements: 6!/(2!2!2!) = 90 orders, every one finishes. The goal x == 2
        // holds when T1's `write x 2` (its second) comes after T3's `write x 3` (its first): in 5 of the 6
        // ways T1 and T3 interleave (all but T1, T1, T3, T3), times 15 places for T2's two statements: 75.
        try withBoard("""
            title: Three threads, counted by hand
            int x
            int y
            thread T1
              write y 1
              write x 2
            thread T2
              load y
              add 1
            thread T3
              write x 3
              write y 2
            goal x == 2
            """) { path in
            let result = try boards([path])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains(": Three threads, counted by hand"), "\(result.output)")
            #expect(result.output.contains("90 orders, 75 reach the goal, shortest win 6"), "\(result.output)")
            #expect(result.output.contains("how the orders end: 90 finished"), "\(result.output)")
            #expect(result.output.contains("    6. "), "the shortest win move by move\n\(result.output)")
        }
    }

    @Test func aDeadlockIsCountedAsStuck() throws {
        try withBoard("""
            lock a
            lock b
            thread T1
              lock a
              lock b
              unlock b
              unlock a
            thread T2
              lock b
              lock a
              unlock a
              unlock b
            goal deadlock
            """) { path in
            let result = try boards([path])
            // As the shipped deadlock level: 6 orders, 2 of them (each takes its first lock) end stuck.
            #expect(result.output.contains("6 orders, 2 reach the goal, shortest win 2"), "\(result.output)")
            #expect(result.output.contains("4 finished, 2 stuck"), "\(result.output)")
        }
    }

    @Test func aBoardThatDoesNotParseIsRefusedWithItsLine() throws {
        try withBoard("int x\nthread T1\n  lod x\nthread T2\n  load x\ngoal x == 1\n") { path in
            let result = try boards([path])
            #expect(result.status == 64, "\(result.output)")
            #expect(result.output.contains("\(path):3: unknown statement 'lod'"), "\(result.output)")
        }
    }
}
