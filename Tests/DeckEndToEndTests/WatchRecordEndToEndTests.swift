import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// `daemondeck watch --record FILE` and `daemondeck replay FILE`: the replay of a watched program's run
/// prints the same log lines the watch printed.
@Suite struct WatchRecordEndToEndTests {
    /// The log lines of a plain run: `12:00:01.392 sh  thread 4243 sh started: ...` and the like, without
    /// the quit summary (which the replay does not print).
    static func logLines(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { $0.first?.isNumber == true && $0.contains(":") }
    }

    @Test func aRecordedWatchReplaysTheSameLogLines() throws {
        let scratch = try WatchEndToEndTests.Scratch()
        let program = scratch.program("record.sh", """
            #!/bin/sh
            echo "first"
            sleep 0.3
            echo "to stderr" >&2
            sleep 0.3
            echo "last"
            exit 4
            """)
        let recording = scratch.folder.appendingPathComponent("watch.recording.jsonl").path
        let watched = try Subprocess.run([TmuxSession.binaryPath, "watch", "--plain", "--record", recording, "--", "/bin/sh", program],
                                         errorsToo: true)
        #expect(watched.status == 4, "\(watched.output)")
        let replayed = try Subprocess.run([TmuxSession.binaryPath, "replay", "--plain", recording], errorsToo: true)
        #expect(replayed.status == 0, "\(replayed.output)")
        let live = Self.logLines(watched.output), again = Self.logLines(replayed.output)
        #expect(live.contains { $0.hasSuffix("out| first") } && live.contains { $0.contains("exited with status 4") }, "\(watched.output)")
        #expect(again == live, "live:\n\(watched.output)\nreplayed:\n\(replayed.output)")
    }

    @Test func aRecordingPathThatCannotBeWrittenIsRefusedBeforeTheProgramStarts() throws {
        let result = try Subprocess.run([TmuxSession.binaryPath, "watch", "--plain", "--record", "/nonexistent-folder/x.jsonl",
                                         "--", "/bin/echo", "never"], errorsToo: true)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("--record"), "\(result.output)")
        #expect(!result.output.contains("never"), "\(result.output)")
    }
}
