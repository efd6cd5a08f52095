import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// Record a real run, then replay it: the same log lines, seeking, stepping, searching, and every way a
/// file can be bad. Unit tests drive the player directly; no test waits on the clock.
@Suite(.serialized) struct ReplayTests {
    static func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "daemondeck-replay-\(name)-\(UUID().uuidString).jsonl"
    }

    /// A real plain run (two monitors, automatic writes, the alarm, the snapshot writer) recorded to a file.
    /// Returns the live run's log lines and the recording's path.
    static func recordRun(seconds: Double = 1.5) async throws -> (lines: [String], path: String) {
        let path = temporaryPath("run")
        let lines = try #require(await offThePool { Result { () throws -> [String] in
            let recorder = try EventRecorder(path: path)
            var config = DeckConfig()
            config.monitors = 2
            config.auto = true
            config.autoGapMs = 50...150
            config.seed = 11
            config.alarmPeriodMs = 200
            config.snapshotEveryMs = 400
            config.snapshotPath = NSTemporaryDirectory() + "daemondeck-replay-snapshot-\(UUID().uuidString).json"
            let runner = PlainRunner(config: config, duration: seconds, recorder: recorder, output: { _ in true })
            _ = runner.run(installSignals: false)
            let log = runner.finalState.log
            return (0..<log.count).map { log[$0].line }
        } }, "the recorded run did not end within 600 s").get()
        return (lines, path)
    }

    static func logLines(_ state: AppState) -> [String] { (0..<state.log.count).map { state.log[$0].line } }

    @Test func aRecordedRunReplaysToTheSameLogLines() async throws {
        let run = try await Self.recordRun()
        defer { unlink(run.path) }
        let file = try RecordingFile(path: run.path)
        #expect(file.kind == .recording)
        #expect(file.header.version == RecordingHeader.currentVersion)
        #expect(file.header.seed == 11)
        #expect(file.notice == nil)
        let player = try ReplayPlayer(file: file)
        try player.seekToEnd()
        #expect(run.lines.count > 10)
        #expect(Self.logLines(player.state) == run.lines)
        // Plain replay prints the same lines too.
        var printed: [String] = []
        let code = ReplayPrinter.run(file, from: nil, to: nil, output: { printed.append($0); return true }, errors: { _ in })
        #expect(code == 0)
        #expect(printed == run.lines)
    }

    @Test func seekingBackAndForthGivesTheStateOfAPlainPlayToThatMoment() async throws {
        let run = try await Self.recordRun()
        defer { unlink(run.path) }
        let file = try RecordingFile(path: run.path)
        let reference = try ReplayPlayer(file: file)
        let middle = reference.duration / 2
        try reference.advanceUnpaused(to: middle)
        let player = try ReplayPlayer(file: file)
        try player.seekToEnd()
        try player.seek(to: middle)
        #expect(player.playhead == middle)
        #expect(Self.logLines(player.state) == Self.logLines(reference.state))
        #expect(player.state.values == reference.state.values)
        #expect(player.position == reference.position)
        try player.seek(by: -200_000_000)
        try player.seek(by: 200_000_000)
        #expect(Self.logLines(player.state) == Self.logLines(reference.state))
        try player.seekToStart()
        #expect(player.position == 0)
        #expect(player.state.log.count == 0)
    }

    @Test func stepPausesAndAppliesTheNextEventOfTheRun() async throws {
        let run = try await Self.recordRun(seconds: 0.5)
        defer { unlink(run.path) }
        let player = try ReplayPlayer(file: try RecordingFile(path: run.path))
        try player.step()
        #expect(player.paused)
        #expect(player.lastEvent?.event == .runStarted)
        #expect(player.state.log.count == 1)
        let before = player.position
        try player.step()
        #expect(player.position > before)
        let stepped = try #require(player.lastEvent)
        #expect(stepped.event != .tick)
        #expect(player.state.replay?.lastText == ReplayStepWords.describe(stepped, in: player.state))
        #expect(player.state.replay?.lastText?.contains(stepped.event.caseName) == false || stepped.event.caseName == "key", "in words, not the recording's case name")
    }

    @Test func nAndCapitalNJumpToTheNextAndPreviousMatchAndEscClearsTheSearch() async throws {
        let run = try await Self.recordRun()
        defer { unlink(run.path) }
        let hits = run.lines.indices.filter { run.lines[$0].contains("data has changed") }
        try #require(hits.count >= 3)
        let player = try ReplayPlayer(file: try RecordingFile(path: run.path))
        #expect(try player.search("data has changed"))
        #expect(player.lastSearch == "data has changed")
        #expect(try player.search(player.lastSearch!), "n: the next match")
        func newestMatch() -> String? { Self.logLines(player.state).last { $0.contains("data has changed") } }
        #expect(newestMatch() == run.lines[hits[1]])
        #expect(try player.search(player.lastSearch!))
        #expect(newestMatch() == run.lines[hits[2]])
        #expect(try player.searchBackward(player.lastSearch!), "N: the previous match")
        #expect(newestMatch() == run.lines[hits[1]])
        #expect(player.state.logFilter.search == "data has changed")
        player.viewKey(.escape)
        #expect(player.state.logFilter.search.isEmpty, "Esc: all, as the log's title says")
        #expect(player.lastSearch == nil)
    }

    @Test func searchJumpsToTheFirstLineThatHasTheText() async throws {
        let run = try await Self.recordRun()
        defer { unlink(run.path) }
        let hit = try #require(run.lines.firstIndex { $0.contains("data has changed") })
        let player = try ReplayPlayer(file: try RecordingFile(path: run.path))
        #expect(try player.search("DATA HAS changed"))
        #expect(player.paused)
        let lines = Self.logLines(player.state)
        #expect(lines == Array(run.lines[...hit]))
        #expect(player.state.logFilter.search == "DATA HAS changed")
        // The log panel shows the hit.
        var drawing = DashboardDrawing(width: 100, height: 32)
        for event in drawing.draw(player.state, width: 100, height: 32) { player.viewChanged(event) }
        _ = drawing.draw(player.state, width: 100, height: 32)
        #expect(drawing.buffer.text.contains(String(run.lines[hit].dropFirst(13).drop { $0 != " " }.dropFirst())))
        #expect(try !player.search("no such line anywhere"))
    }

    @Test func aLastLineCutShortReplaysEverythingBeforeItWithANotice() async throws {
        let run = try await Self.recordRun(seconds: 0.5)
        defer { unlink(run.path) }
        let whole = try Data(contentsOf: URL(fileURLWithPath: run.path))
        let lineCount = whole.split(separator: 0x0A).count
        // Cut the file in the middle of its last line, as a crash mid-write would.
        let cut = whole.dropLast(20)
        try cut.write(to: URL(fileURLWithPath: run.path))
        let file = try RecordingFile(path: run.path)
        #expect(file.count == lineCount - 2)  // the header and the cut line are not events
        let notice = try #require(file.notice)
        #expect(notice.hasPrefix("\(run.path):\(lineCount): the last line is cut short"))
        let player = try ReplayPlayer(file: file)
        try player.seekToEnd()
        #expect(player.position == file.count)
        #expect(player.state.replay?.message?.hasPrefix("the last line is cut short") == true)
    }

    @Test func aCorruptLineIsRefusedWithItsFileAndLine() throws {
        let path = Self.temporaryPath("corrupt")
        defer { unlink(path) }
        let header = RecordingHeader(seed: 1, started: Timestamp(nanos: 1_000), config: DeckConfig())
        let event = RecordedEvent(t: 5, at: Timestamp(nanos: 1_005), source: "Main", event: .note(source: "Main", text: "hello"))
        let encoder = JSONEncoder()
        let lines = [String(decoding: try encoder.encode(header), as: UTF8.self),
                     String(decoding: try encoder.encode(event), as: UTF8.self),
                     "{\"t\": 7, \"at\": 1007, \"source\": \"Main\", \"event\": {\"nosuchevent\": {}}}",
                     String(decoding: try encoder.encode(event), as: UTF8.self)]
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let file = try RecordingFile(path: path)
        #expect(file.count == 3)
        #expect(throws: RecordingError.self) { try ReplayPlayer(file: file) }
        do {
            _ = try ReplayPlayer(file: file)
        } catch let error as RecordingError {
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("\(path):3: not a recorded event"))
        }
        var errors: [String] = []
        #expect(ReplayPrinter.run(file, from: nil, to: nil, output: { _ in true }, errors: { errors.append($0) }) == 65)
        #expect(errors.first?.hasPrefix("\(path):3:") == true)
    }

    @Test(arguments: [
        ("hello, world\n", "not a daemondeck recording"),
        ("{\"format\":\"something-else\",\"version\":1,\"daemondeck\":\"1\",\"seed\":1,\"started\":1,\"config\":{}}\n", "not a daemondeck recording"),
        ("", "empty file"),
    ])
    func aFileThatIsNotARecordingIsRefusedAtLineOne(content: String, reason: String) throws {
        let path = Self.temporaryPath("bad")
        defer { unlink(path) }
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try RecordingFile(path: path)
        } throws: { error in
            (error as? RecordingError)?.line == 1 && "\(error)".hasPrefix("\(path):1: \(reason)")
        }
    }

    @Test func aNewerFormatVersionIsRefused() throws {
        let path = Self.temporaryPath("newer")
        defer { unlink(path) }
        var header = RecordingHeader(seed: 1, started: Timestamp(nanos: 1), config: DeckConfig())
        header.version = RecordingHeader.currentVersion + 1
        try (String(decoding: try JSONEncoder().encode(header), as: UTF8.self) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try RecordingFile(path: path)
        } throws: { error in
            "\(error)".hasPrefix("\(path):1: recording format version \(RecordingHeader.currentVersion + 1) is newer")
        }
    }

    @Test func anExportedLogReplaysAsItsLines() throws {
        let path = Self.temporaryPath("export")
        defer { unlink(path) }
        let entries = (0..<5).map { LogEntry(at: Timestamp(milliseconds: 1_000_000 + UInt64($0) * 250), source: "Monitor-1", text: "line \($0)") }
        _ = JSONLinesExporter.write(entries, to: path)
        let file = try RecordingFile(path: path)
        #expect(file.kind == .logExport)
        #expect(file.count == 5)
        let player = try ReplayPlayer(file: file)
        try player.seek(to: 500_000_000)
        #expect(Self.logLines(player.state) == entries[0...2].map(\.line))
        try player.seekToEnd()
        #expect(Self.logLines(player.state) == entries.map(\.line))
    }

    @Test func plainReplayPrintsOnlyTheLinesBetweenFromAndTo() throws {
        let path = Self.temporaryPath("window")
        defer { unlink(path) }
        let entries = (0..<10).map { LogEntry(at: Timestamp(milliseconds: 5_000_000 + UInt64($0) * 1000), source: "Main", text: "second \($0)") }
        _ = JSONLinesExporter.write(entries, to: path)
        var printed: [String] = []
        let code = ReplayPrinter.run(try RecordingFile(path: path), from: 2, to: 4.5,
                                     output: { printed.append($0); return true }, errors: { _ in })
        #expect(code == 0)
        #expect(printed == entries[2...4].map(\.line))
    }

    @Test func keysRoundTripThroughTheRecordingFormat() throws {
        let keys: [Key] = [.char("a"), .char(" "), .char("é"), .up, .pageDown, .escape, .delete, .function(1), .unknown(410),
                           .mouse(MouseEvent(button: .click, x: 3, y: 4, valueRow: 1))]
        for key in keys {
            let data = try JSONEncoder().encode(DeckEvent.key(key))
            #expect(try JSONDecoder().decode(DeckEvent.self, from: data) == .key(key))
        }
    }

    @Test func replayKeysComeFromTheOneKeyMap() {
        #expect(KeyMap.replayAction(for: .char(" "))?.action == .togglePause)
        #expect(KeyMap.replayAction(for: .char("-"))?.action == .speed)
        #expect(KeyMap.replayAction(for: .char("-"))?.second == true)
        #expect(KeyMap.replayAction(for: .char("+"))?.second == false)
        #expect(KeyMap.replayAction(for: .right)?.action == .seek)
        #expect(KeyMap.replayAction(for: .right)?.second == true)
        #expect(KeyMap.replayAction(for: .home)?.second == false)
        #expect(KeyMap.replayAction(for: .char("<"))?.action == .view)
    }
}

extension ReplayPlayer {
    /// Plays (unpaused) up to `target` the way the clock would, in one go.
    func advanceUnpaused(to target: UInt64) throws {
        if paused { togglePause() }
        try advance(realNanos: target - playhead)
    }
}
