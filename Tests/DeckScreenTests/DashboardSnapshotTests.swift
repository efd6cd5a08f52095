import DeckCore
import DeckTestSupport
import Testing

/// Whole screens rendered into the buffer and compared with text snapshots in `__Snapshots__`.
@Suite struct DashboardSnapshotTests {
    /// A known moment of a run: two monitors (one missed a change), the snapshot writer, the alarm at 3/5.
    static func knownState() -> AppState {
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
        post(.resize(width: 80, height: 24))
        for id in 1...4 { post(.workerRunning(worker: id), after: 1) }
        let alarm = state.alarm.workerID!
        post(.alarmTicked(worker: alarm, n: 1, total: 5))
        post(.valueWritten(index: 0, reading: SharedValueReading(value: 3.205, version: 1), by: "Main"), after: 400)
        post(.changeDetected(worker: 1, index: 0, reading: SharedValueReading(value: 3.205, version: 1), missedVersions: nil), after: 48)
        post(.alarmTicked(worker: alarm, n: 2, total: 5), after: 550)
        post(.valueWritten(index: 0, reading: SharedValueReading(value: 1.5, version: 2), by: "Main"), after: 300)
        post(.valueWritten(index: 0, reading: SharedValueReading(value: 4.25, version: 3), by: "Main"), after: 20)
        post(.changeDetected(worker: 2, index: 0, reading: SharedValueReading(value: 4.25, version: 3), missedVersions: 2...2), after: 60)
        post(.alarmTicked(worker: alarm, n: 3, total: 5), after: 620)
        post(.workersSampled([
            WorkerSample(id: 1, state: .sleeping, polls: 21, seen: 1, missed: 0, iterations: 21),
            WorkerSample(id: 2, state: .sleeping, polls: 20, seen: 1, missed: 1, iterations: 20),
            WorkerSample(id: 3, state: .sleeping, iterations: 0),
            WorkerSample(id: 4, state: .sleeping, iterations: 3),
        ]), after: 400)
        return state
    }

    @Test func dashboardAt80x24() {
        let screen = DashboardView.render(Self.knownState(), width: 80, height: 24)
        #expect(screen.contains("data has changed to 4.250"))
        #expect(screen.contains("missed 1 change of data: v2 never seen"))
        #expect(screen.contains(">tick 3/5"))
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
}
