import Foundation
import DeckCore
import DeckTestSupport
import Testing

/// Whole screens rendered into the buffer and compared with text snapshots in `__Snapshots__`.
@Suite struct DashboardSnapshotTests {
    /// A known moment of a seeded run, every line of it possible: two monitors polling at 10 Hz both see
    /// the first write; two writes 20 ms apart land between two polls, so each monitor reports the second
    /// and counts the first as missed. The values are the seeded main loop's own (`r`).
    public static func knownState() -> AppState {
        Snapshots.useUTC()
        let clock = ManualWallClock()
        var config = DeckConfig()
        config.monitors = 2
        config.seed = 9
        var state = AppState(config: config, now: clock.now())
        _ = Reducer.start(&state)
        func post(_ event: DeckEvent, after ms: Int = 0) {
            clock.advance(milliseconds: ms)
            _ = Reducer.reduce(&state, PostedEvent(at: clock.now(), event: event))
        }
        var version = 0
        /// The main loop writes a random value (as `r` does) and the write is reported.
        func write(after ms: Int) -> SharedValueReading {
            clock.advance(milliseconds: ms)
            guard case .write(0, .set(let value)) = Reducer.reduce(&state, PostedEvent(at: clock.now(), event: .key(.char("r")))).first
            else { return SharedValueReading(value: 0, version: version) }
            version += 1
            let reading = SharedValueReading(value: value, version: version)
            post(.valueWritten(index: 0, reading: reading, by: "Main"))
            return reading
        }
        post(.resize(width: 80, height: 24))
        for id in 1...4 { post(.workerRunning(worker: id), after: 1) }
        let alarm = state.alarm.workerID!
        post(.alarmTicked(worker: alarm, n: 1, total: 5))
        let first = write(after: 401)
        post(.changeDetected(worker: 1, index: 0, reading: first, missedVersions: nil), after: 48)
        post(.changeDetected(worker: 2, index: 0, reading: first, missedVersions: nil), after: 28)
        post(.alarmTicked(worker: alarm, n: 2, total: 5), after: 520)
        _ = write(after: 305)
        let third = write(after: 20)
        post(.changeDetected(worker: 1, index: 0, reading: third, missedVersions: 2...2), after: 27)
        post(.changeDetected(worker: 2, index: 0, reading: third, missedVersions: 2...2), after: 28)
        post(.alarmTicked(worker: alarm, n: 3, total: 5), after: 594)
        // What the kernel says of each thread, as a real run reads it: the monitors and the writer sleep in a
        // timed wait on a condition variable (a stop wakes them at once), a futex to the kernel; the alarm
        // Task has no thread of its own.
        func waitingOnFutex(_ sample: WorkerSample, _ name: String) -> WorkerSample {
            var sample = sample
            sample.kernel = ProcThreadReading(tid: 0, name: name, state: .sleeping, cpuNanos: 0, wait: .lock("futex"))
            return sample
        }
        post(.workersSampled([
            waitingOnFutex(WorkerSample(id: 1, state: .sleeping, polls: 24, seen: 2, missed: 1, iterations: 24), "Monitor-1"),
            waitingOnFutex(WorkerSample(id: 2, state: .sleeping, polls: 24, seen: 2, missed: 1, iterations: 24), "Monitor-2"),
            waitingOnFutex(WorkerSample(id: 3, state: .sleeping, iterations: 0), "Snapshot"),
            WorkerSample(id: 4, state: .sleeping, iterations: 3),
        ]), after: 400)
        return state
    }

    @Test func dashboardAt80x24() {
        let screen = DashboardView.render(Self.knownState(), width: 80, height: 24)
        #expect(screen.contains("Monitor-1  missed 1 change of data: v2 never seen"))
        #expect(screen.contains("Monitor-2  missed 1 change of data: v2 never seen"))
        #expect(screen.contains(">tick 3/5"))
        // The kernel's word for each thread fits at 80 columns: the monitors wait on a futex, the Task has no thread.
        #expect(screen.lines.contains { $0.contains("Monitor-1") && $0.contains("100 ms lock") })
        #expect(screen.lines.contains { $0.contains("Alarm") && $0.contains("1000 ms pool") })
        #expect(screen.contains("2.6 s left"))
        if let problem = Snapshots.mismatch(screen.text, named: "dashboard-80x24") { Issue.record(Comment(rawValue: problem)) }
    }

    @Test func dashboardAt80x24InASCII() {
        let screen = DashboardView.render(Self.knownState(), width: 80, height: 24, glyphs: .ascii)
        #expect(screen.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }, "nothing but ASCII")
        if let problem = Snapshots.mismatch(screen.text, named: "dashboard-80x24-ascii") { Issue.record(Comment(rawValue: problem)) }
    }

    @Test func aLargerTerminalGivesTheLogTheRoom() {
        let small = DashboardView.render(Self.knownState(), width: 80, height: 24)
        let large = DashboardView.render(Self.knownState(), width: 160, height: 48)
        let logLines = { (buffer: ScreenBuffer) in buffer.lines.filter { $0.contains("Main       data =") }.count }
        #expect(logLines(large) >= logLines(small))
        #expect(large.lines[0].count > 100, "panels stretch to the width")
    }

    @Test(arguments: [(79, 24), (80, 23), (40, 10), (10, 5)])
    func belowTheMinimumAOneLineNoticeIsShown(width: Int, height: Int) {
        let screen = DashboardView.render(Self.knownState(), width: width, height: height)
        #expect(screen.lines[0] == String("terminal too small (need 80x24)".prefix(width)))
        if width == 40 {
            if let problem = Snapshots.mismatch(screen.text, named: "too-small-40x10") { Issue.record(Comment(rawValue: problem)) }
        }
    }

    @Test func helpOverlayAt80x24() {
        var state = Self.knownState()
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("?"))))
        let screen = DashboardView.render(state, width: 80, height: 24)
        if let problem = Snapshots.mismatch(screen.text, named: "help-80x24") { Issue.record(Comment(rawValue: problem)) }
    }

    /// README's screen capture is this snapshot, so it can never tell an impossible story.
    @Test func readmeCaptureIsTheKnownStateAt80x24() throws {
        let screen = DashboardView.render(Self.knownState(), width: 80, height: 24).text
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        var text = try String(contentsOf: readme, encoding: .utf8)
        let expected = "```\n" + screen.trimmingTrailingBlankLines() + "\n```"
        if ProcessInfo.processInfo.environment["DAEMONDECK_RECORD"] == "1" {
            text = DocTables.replacing(text, begin: "<!-- capture:begin -->", end: "<!-- capture:end -->", with: expected)
            try text.write(to: readme, atomically: true, encoding: .utf8)
        }
        #expect(DocTables.block(text, begin: "<!-- capture:begin -->", end: "<!-- capture:end -->") == expected,
                "README's capture is not the dashboard-80x24 screen (DAEMONDECK_RECORD=1 rewrites it)")
    }
}

extension String {
    /// Without trailing spaces on each line and without blank lines at the end.
    func trimmingTrailingBlankLines() -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop { $0 == " " }.reversed())
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
