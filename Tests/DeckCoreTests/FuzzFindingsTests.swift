import DeckCore
import Foundation
import Testing

/// What `scripts/fuzz.sh` found, each input as the fuzzer wrote it (Fuzz/findings/), kept as a test so it
/// stays fixed. Every one crashed daemondeck before its fix; each must now end in a clear message.
@Suite struct FuzzFindingsTests {
    static func write(_ content: String) throws -> String {
        let path = NSTemporaryDirectory() + "daemondeck-fuzz-finding-\(UUID().uuidString).jsonl"
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// An exported log line whose `ms` is past what nanoseconds in 64 bits hold (the year 2554) stopped
    /// the replay with an arithmetic overflow. It is refused as not a log line, with its line number.
    @Test(arguments: [
        // As the first line: the file is not a log export.
        ("{\"message\":\"m\",\"ms\":18446744073709551615,\"source\":\"Main\",\"time\":\"x\"}\n", 1),
        // After a good first line: that line is refused.
        ("{\"message\":\"m\",\"ms\":1000,\"source\":\"Main\",\"time\":\"x\"}\n{\"message\":\"m\",\"ms\":18446744073709552,\"source\":\"Main\",\"time\":\"x\"}\n", 2),
    ])
    func anExportedLineWithATimeTooLargeIsRefused(content: String, line: Int) throws {
        let path = try Self.write(content)
        defer { unlink(path) }
        #expect {
            let file = try RecordingFile(path: path)
            _ = try ReplayPlayer(file: file)
        } throws: { error in
            (error as? RecordingError)?.line == line && "\(error)".hasPrefix("\(path):\(line): not")
        }
    }

    /// The start of a real recording (its header and first events), from the fuzzers' seeds.
    static let recordingStart = """
        {"config":{"alarmAtLaunch":true,"alarmPeriodMs":300,"alarmTicks":2,"auto":true,"autoGapMs":[200,2500],"firstLookHint":false,"intervalMs":100,"logCapacity":10000,"maxMonitors":16,"monitors":2,"seed":7,"snapshotEveryMs":3000,"snapshotFinalSaveDelayMs":0,"snapshotWriter":true,"values":[{"initial":0,"name":"data","step":1},{"initial":5,"name":"limit","step":1}]},"daemondeck":"0.6.0","format":"daemondeck-recording","seed":7,"started":1796638189551059341,"version":1}
        {"at":1796638189554979105,"event":{"runStarted":{}},"source":"Main","t":3919764}
        {"at":1796638189559414042,"event":{"workerRunning":{"worker":1}},"source":"Monitor-1","t":8354701}
        {"at":1796638189564067563,"event":{"workerRunning":{"worker":4}},"source":"Alarm","t":13008222}
        {"at":1796638189564079441,"event":{"alarmTicked":{"n":1,"total":2,"worker":4}},"source":"Alarm","t":13020100}

        """

    /// Recorded values no live run writes, each of which stopped the replay with an arithmetic overflow
    /// while drawing: an alarm of 2^63 - 1 ticks (its time left), a time past 2^63 ns (the alarm's time
    /// left, the timeline's right edge). A replay shows such a file to its end.
    @Test(arguments: [
        #"{"at":1796638189564079441,"event":{"alarmTicked":{"n":1,"total":9223372036854775807,"worker":4}},"source":"Alarm","t":13020100}"#,
        #"{"at":9223372036854775808,"event":{"note":{"source":"Main","text":"x"}},"source":"Main","t":13020100}"#,
        #"{"at":18446744073709551615,"event":{"workerRunning":{"worker":1}},"source":"Main","t":18446744073709551615}"#,
    ])
    func aRecordingWithTimesOrCountsNoRunWritesReplaysToItsEnd(line: String) throws {
        let path = try Self.write(Self.recordingStart + line + "\n")
        defer { unlink(path) }
        let player = try ReplayPlayer(file: RecordingFile(path: path))
        try player.seekToEnd()
        #expect(player.position == 5)
        let screen = DashboardView.render(player.state, width: 80, height: 24).text
        #expect(screen.contains("REPLAY"))
    }
}
