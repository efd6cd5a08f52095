import DeckCore
import DeckTestSupport
import Testing

/// The timeline drawn for a known sequence of events on a manual clock.
@Suite struct TimelinePanelTests {
    static let start = Timestamp(milliseconds: 1_767_268_800_000)

    /// Two monitors and the alarm; the main loop writes twice between two polls and both monitors miss v2.
    static func knownSession(scaleIndex: Int = 0) -> AppState {
        Snapshots.useUTC()
        var config = DeckConfig()
        config.monitors = 2
        config.snapshotWriter = false
        config.seed = 1
        var state = AppState(config: config, now: start)
        _ = Reducer.start(&state)
        var ms = 0
        func post(_ event: DeckEvent, after: Int = 0) {
            ms += after
            _ = Reducer.reduce(&state, PostedEvent(at: start.adding(milliseconds: ms), event: event))
        }
        post(.resize(width: 80, height: 40))
        post(.workerRunning(worker: 1), after: 10)
        post(.workerRunning(worker: 2))
        post(.workerRunning(worker: 3))
        post(.alarmTicked(worker: 3, n: 1, total: 5))
        // Polls, sampled every 200 ms: 2 per sample.
        var polls = 0
        for _ in 0..<5 {
            polls += 2
            post(.workersSampled([WorkerSample(id: 1, state: .sleeping, polls: polls), WorkerSample(id: 2, state: .sleeping, polls: polls)]),
                 after: 200)
        }
        post(.valueWritten(index: 0, reading: SharedValueReading(value: 1, version: 1), by: "Main"), after: 50)
        post(.changeDetected(worker: 1, index: 0, reading: SharedValueReading(value: 1, version: 1), missedVersions: nil), after: 40)
        post(.changeDetected(worker: 2, index: 0, reading: SharedValueReading(value: 1, version: 1), missedVersions: nil), after: 10)
        post(.alarmTicked(worker: 3, n: 2, total: 5), after: 100)
        // Two writes between two looks: v2 is never seen by anyone.
        post(.valueWritten(index: 0, reading: SharedValueReading(value: 2, version: 2), by: "Main"), after: 300)
        post(.valueWritten(index: 0, reading: SharedValueReading(value: 3, version: 3), by: "Main"), after: 20)
        post(.changeDetected(worker: 1, index: 0, reading: SharedValueReading(value: 3, version: 3), missedVersions: 2...2), after: 50)
        post(.changeDetected(worker: 2, index: 0, reading: SharedValueReading(value: 3, version: 3), missedVersions: 2...2), after: 20)
        post(.alarmCancelled(worker: 3), after: 400)
        post(.workerSaid(worker: 3, text: "cleanup: alarm disarmed"))
        post(.workerEnded(worker: 3, fate: .cancelled), after: 100)
        post(.workersSampled([WorkerSample(id: 1, state: .sleeping, polls: polls + 8), WorkerSample(id: 2, state: .sleeping, polls: polls + 8)]),
             after: 300)
        state.timeline.scaleIndex = scaleIndex
        return state
    }

    func panel(_ state: AppState, width: Int = 80, height: Int = 7, glyphs: Glyphs = .unicode) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height, glyphs: glyphs)
        TimelinePanel.render(state, in: buffer.bounds, into: &buffer)
        return buffer
    }

    @Test func lanesMarksAndLegend() {
        let state = Self.knownSession()
        #expect(state.timeline.lostWrites == 1)
        let buffer = panel(state)
        if let problem = Snapshots.mismatch(buffer.text, named: "timeline-known-session") { Issue.record(Comment(rawValue: problem)) }
        #expect(buffer.lines[1].contains("!"))
    }

    @Test func asciiAndZoomedOut() {
        let buffer = panel(Self.knownSession(scaleIndex: 3), glyphs: .ascii)
        if let problem = Snapshots.mismatch(buffer.text, named: "timeline-known-session-ascii-1s") { Issue.record(Comment(rawValue: problem)) }
    }

    @Test func theLostWriteIsLogged() {
        let state = Self.knownSession()
        #expect(state.log.entries.contains { $0.text.contains("no monitor saw data v2") })
    }

    @Test func hiddenAt80x24UntilTShowsItByShrinkingTheLog() {
        var state = Self.knownSession()
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .resize(width: 80, height: 24)))
        let before = DashboardView.render(state, width: 80, height: 24)
        #expect(!before.lines.contains { $0.contains("Timeline ·") })
        let logBefore = DashboardLayout(width: 80, height: 24, state: state).logLines
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("t"))))
        let after = DashboardView.render(state, width: 80, height: 24)
        #expect(after.lines.contains { $0.contains("Timeline ·") })
        let layout = DashboardLayout(width: 80, height: 24, state: state)
        #expect(layout.logLines >= 1 && layout.logLines < logBefore)
        #expect(after.lines.contains { $0.contains("Event log") })
    }

    @Test func shownByDefaultWhenTheTerminalHasRoom() {
        var state = Self.knownSession()
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .resize(width: 120, height: 40)))
        let screen = DashboardView.render(state, width: 120, height: 40)
        #expect(screen.lines.contains { $0.contains("Timeline ·") })
        #expect(screen.lines.contains { $0.contains("Monitor-2") && $0.contains("✕") })
    }

    @Test func frozenScreenSaysSo() {
        var state = Self.knownSession()
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("z"))))
        let screen = DashboardView.render(state, width: 80, height: 40)
        #expect(screen.lines.last?.contains("FROZEN") == true)
        #expect(screen.lines.contains { $0.contains("FROZEN · Timeline") })
        if let problem = Snapshots.mismatch(screen.text, named: "dashboard-frozen-80x40") { Issue.record(Comment(rawValue: problem)) }
    }

    @Test func helpStillFitsAt80x24() {
        var state = Self.knownSession()
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("?"))))
        let screen = DashboardView.render(state, width: 80, height: 24)
        for needle in ["Tab", "freeze, step, pick; game", "timeline: on/off, zoom", "frozen    parked (z)", "q/Q"] {
            #expect(screen.lines.contains { $0.contains(needle) }, "help shows \(needle)")
        }
    }
}

/// While frozen, Left/Right pan the timeline back through its history and the log follows.
@Suite struct TimelineLookBackTests {
    func key(_ state: inout AppState, _ key: Key) {
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(key)))
    }

    @Test func leftPansBackTheLogFollowsAndThawingReturnsToNow() {
        var state = TimelinePanelTests.knownSession()
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .logViewResized(lines: 4)))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .freeze(.freeze)))
        let now = state.now
        key(&state, .left)
        #expect(state.timeline.panMs == 1000)  // ten columns of 100 ms
        let edge = state.timeline.rightEdge(now: now)
        // The newest line the log shows is the last one at or before the edge.
        let shownNewest = state.log[state.log.count - 1 - state.logScroll]
        #expect(shownNewest.at <= edge)
        #expect(state.log.entries.filter { $0.at > edge }.count == state.logScroll)
        #expect(state.logScroll > 0)
        var buffer = ScreenBuffer(width: 80, height: 7)
        TimelinePanel.render(state, in: buffer.bounds, into: &buffer)
        #expect(buffer.lines[6].contains(edge.clockText))
        #expect(!buffer.lines[6].contains(" now "))
        // Far left stops at the oldest moment kept; right comes back to now.
        for _ in 0..<50 { key(&state, .left) }
        #expect(state.timeline.panMs == state.timeline.oldestRetained!.milliseconds(until: now))
        for _ in 0..<60 { key(&state, .right) }
        #expect(state.timeline.panMs == 0)
        #expect(state.logScroll == 0)
        key(&state, .left)
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .freeze(.thaw)))
        #expect(state.timeline.panMs == 0)
        #expect(state.logScroll == 0)
    }

    @Test func unfrozenRightStillMeansTheNextLessonStep() {
        var state = TimelinePanelTests.knownSession()
        key(&state, .left)
        #expect(state.timeline.panMs == 0)
    }
}
