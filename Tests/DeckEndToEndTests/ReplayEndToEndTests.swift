import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// Record a real dashboard run under tmux, then replay it: the same log lines, and the replay's keys
/// move the screen. Bad files get file:line and status 65. Every wait has a deadline.
@Suite(.serialized, .enabled(if: TmuxSession.isUsable, "needs tmux (and DAEMONDECK_SKIP_TMUX unset)"))
struct ReplayEndToEndTests {
    static func temporary(_ name: String) -> String {
        NSTemporaryDirectory() + "daemondeck-e2e-\(name)-\(UUID().uuidString)"
    }

    /// A seeded dashboard run with automatic writes, recorded and its log exported at quit.
    static func recordDashboardRun() throws -> (recording: String, log: String) {
        let recording = temporary("recording.jsonl"), log = temporary("log.jsonl")
        let session = try TmuxSession(width: 100, height: 32, arguments: [
            "--seed", "3", "--monitors", "2", "--auto", "--alarm-period", "200", "--record", recording, "--log", log])
        #expect(session.waitFor("data has changed", seconds: 30) != nil, "a monitor reports a write")
        #expect(session.waitFor("ALARM!", seconds: 30) != nil, "the alarm fires after 5 ticks of 200 ms: over a second recorded")
        session.send("q")
        #expect(session.waitFor("[exited 0]", seconds: 30) != nil)
        return (recording, log)
    }

    @Test func aRecordedDashboardRunReplaysToTheSameLogLinesAndTheKeysMoveIt() throws {
        let (recording, log) = try Self.recordDashboardRun()
        defer { unlink(recording); unlink(log) }
        // The live run's log, as exported at quit, line for line.
        let exported = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map { line in
            let entry = try JSONDecoder().decode(JSONLinesExporter.Line.self, from: Data(line.utf8))
            return "\(entry.time) \(entry.source) \(entry.message)"
        }
        let plain = try Subprocess.run([TmuxSession.binaryPath, "replay", recording, "--plain"])
        #expect(plain.status == 0)
        let replayed = plain.output.split(separator: "\n").map(String.init)
        // The export is written at quit, so it lacks only the lines logged after it (its own report and the end).
        #expect(exported.count > 5)
        #expect(Array(replayed.prefix(exported.count)) == exported)

        let replay = try TmuxSession(width: 100, height: 32, arguments: ["replay", recording])
        #expect(replay.waitFor("REPLAY ▶ 1x") != nil, "the status bar says REPLAY and the speed")
        replay.send("End")
        let end = replay.waitFor("REPLAY END", seconds: 30)
        #expect(end?.contains("Main thread done.") == true, "at the end the log shows the run's last line\n\(replay.capture())")
        replay.send("Home")
        #expect(replay.waitFor("REPLAY PAUSED 1x 0:00.0/") != nil, "Home goes to the start; the replay stays paused")
        replay.send("s")
        #expect(replay.waitFor("the run starts") != nil, "s steps to the first event and names it in words")
        replay.send("Right")
        #expect(replay.waitFor("0:01.0/") != nil, "Right seeks a second\n\(replay.capture())")
        replay.send("+")
        #expect(replay.waitFor("PAUSED 2x") != nil)
        replay.send("-", "-", "-")
        #expect(replay.waitFor("PAUSED 0.25x") != nil, "- slows down to a quarter")
        // At a quarter speed the short recording plays for seconds: space is seen playing.
        replay.send("Home", "Space")
        #expect(replay.waitFor("REPLAY ▶ 0.25x") != nil, "space plays again")
        replay.send("q")
        #expect(replay.waitFor("[exited 0]") != nil)
        #expect(replay.modesAfterExit() == "icanon echo")
    }

    @Test func aRecordingCutShortReplaysWithANoticeAndACorruptOneGetsFileLineAnd65() throws {
        let (recording, log) = try Self.recordDashboardRun()
        defer { unlink(recording); unlink(log) }
        let whole = try Data(contentsOf: URL(fileURLWithPath: recording))
        let lines = whole.split(separator: 0x0A).count
        let cut = Self.temporary("cut.jsonl")
        defer { unlink(cut) }
        try whole.dropLast(15).write(to: URL(fileURLWithPath: cut))
        // The whole output, not a screen: the notice comes first and could scroll off a pane before it is read.
        let plain = try Subprocess.run([TmuxSession.binaryPath, "replay", cut, "--plain", "--to", "0.5"], errorsToo: true)
        #expect(plain.output.contains("\(cut):\(lines): the last line is cut short"), "\(plain.output)")
        #expect(plain.status == 0)
        let dashboard = try TmuxSession(width: 100, height: 32, arguments: ["replay", cut])
        #expect(dashboard.waitFor("the last line is cut short", seconds: 30) != nil, "the dashboard says so too")
        dashboard.send("q")
        #expect(dashboard.waitFor("[exited 0]") != nil)

        // Line 3 broken: file:3 and EX_DATAERR, in plain mode and in the dashboard.
        var text = try String(contentsOfFile: recording, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        text[2] = "{\"t\": 1, \"event\": "
        let corrupt = Self.temporary("corrupt.jsonl")
        defer { unlink(corrupt) }
        try text.joined(separator: "\n").write(toFile: corrupt, atomically: true, encoding: .utf8)
        for arguments in [["replay", corrupt, "--plain"], ["replay", corrupt]] {
            let session = try TmuxSession(width: 200, height: 10, arguments: arguments)
            #expect(session.waitFor("\(corrupt):3: not a recorded event", seconds: 30) != nil, "\(arguments)")
            #expect(session.waitFor("[exited 65]") != nil, "\(arguments)")
        }
        let notRecording = try TmuxSession(width: 200, height: 10, arguments: ["replay", "/etc/hostname"])
        #expect(notRecording.waitFor("/etc/hostname:1: not a daemondeck recording") != nil)
        #expect(notRecording.waitFor("[exited 65]") != nil)
    }
}
