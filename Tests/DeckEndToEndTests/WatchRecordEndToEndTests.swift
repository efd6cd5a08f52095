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

    /// A program's own `\r`, ESC, BEL and tab, and a thread named `new\nline` (from the hook, and from /proc):
    /// every plain line shows them in caret notation (`^M`, `^[`, `^G`, `^I`, `^J`), so none splits or
    /// rewrites a line; the recording keeps the raw text, and the replay prints the same lines. No line ends
    /// the run with `Main thread done.`, which would read as the program's own output.
    @Test func controlCharactersOfTheProgramAreShownNotObeyedLiveAndReplayed() throws {
        let python = try #require(WatchEndToEndTests.python, "python3 is needed")
        let scratch = try WatchEndToEndTests.Scratch()
        let program = scratch.program("controls.py", #"""
            import sys, threading
            sys.stdout.write("\rprogress 90%\x1b[31m red\x07\tend\n")
            sys.stdout.flush()
            def work():
                sys.stdout.write("inside\n")
                sys.stdout.flush()
            t = threading.Thread(target=work, name="new\nline")
            t.start()
            t.join()
            """#)
        let recording = scratch.folder.appendingPathComponent("controls.recording.jsonl").path
        let watched = try Subprocess.run([TmuxSession.binaryPath, "watch", "--plain", "--record", recording, "--", python, program],
                                         errorsToo: true)
        #expect(watched.status == 0, "\(watched.output)")
        let lines = watched.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains { $0.hasSuffix("out| ^Mprogress 90%^[[31m red^G^Iend") }, "\(watched.output)")
        #expect(lines.contains { $0.contains("new^Jline") }, "\(watched.output)")
        #expect(!watched.output.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }, "\(watched.output)")
        #expect(!watched.output.contains("Main thread done."), "\(watched.output)")
        // The recording keeps what the program wrote, raw (JSON escapes it).
        let recorded = try String(contentsOfFile: recording, encoding: .utf8)
        #expect(recorded.contains(#"\rprogress 90%"#) && recorded.contains(#"new\nline"#), "\(recorded.prefix(2000))")
        let replayed = try Subprocess.run([TmuxSession.binaryPath, "replay", "--plain", recording], errorsToo: true)
        #expect(replayed.status == 0, "\(replayed.output)")
        #expect(Self.logLines(replayed.output) == Self.logLines(watched.output), "live:\n\(watched.output)\nreplayed:\n\(replayed.output)")
    }

    @Test func aRecordingPathThatCannotBeWrittenIsRefusedBeforeTheProgramStarts() throws {
        let result = try Subprocess.run([TmuxSession.binaryPath, "watch", "--plain", "--record", "/nonexistent-folder/x.jsonl",
                                         "--", "/bin/echo", "never"], errorsToo: true)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("--record"), "\(result.output)")
        #expect(!result.output.contains("never"), "\(result.output)")
    }
}
