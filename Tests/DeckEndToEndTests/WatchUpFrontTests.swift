import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// What `daemondeck watch` refuses before anything starts, each with one line and its status: a `--log`
/// file that cannot be written (64, as `--record`), and `--pid` given a zombie or a thread (1).
@Suite struct WatchUpFrontTests {
    /// Bounded: a watch that never ends (as one of a zombie once did) is killed and fails the test.
    func watch(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run([TmuxSession.binaryPath, "watch", "--plain"] + arguments, errorsToo: true, seconds: 30)
    }

    @Test func aLogFileThatCannotBeWrittenIsRefusedBeforeTheProgramStarts() throws {
        let result = try watch(["--log", "/nonexistent-daemondeck/log.jsonl", "--", "/bin/echo", "ran"])
        #expect(result.status == 64)
        #expect(result.output.contains("--log: cannot write /nonexistent-daemondeck/log.jsonl: no such directory"), "\(result.output)")
        #expect(!result.output.contains("ran"), "the program never started")
    }

    @Test func aZombieGivenToPidIsRefusedAsEnded() throws {
        let child = try ChildProcess.spawn("/bin/true", ["true"], standard: .discard)
        child.waitForExit()  // a zombie until reaped below
        let result = try watch(["--pid", "\(child.pid)"])
        _ = child.reap()
        #expect(result.status == 1)
        #expect(result.output.contains("pid \(child.pid): it has ended (a zombie"), "\(result.output)")
    }
}
