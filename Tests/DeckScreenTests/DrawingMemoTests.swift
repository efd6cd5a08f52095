import DeckCore
import DeckTestSupport
import Testing

/// The dashboard redraws only the panels whose inputs changed (`PanelMemo`). Whatever happens, a frame
/// drawn that way must be cell for cell the frame drawn from scratch.
@Suite struct DrawingMemoTests {
    /// Drives a state through a run's worth of events, drawing after each one both ways.
    @Test func framesDrawnFromTheMemoEqualFramesDrawnFromScratch() {
        let clock = ManualWallClock()
        var config = DeckConfig()
        config.monitors = 2
        config.seed = 3
        var state = AppState(config: config, now: clock.now())
        _ = Reducer.start(&state)
        var drawing = DashboardDrawing(width: 100, height: 30)
        var frames = 0
        var mismatches: [String] = []
        func post(_ event: DeckEvent, after ms: Int = 0) {
            clock.advance(milliseconds: ms)
            _ = Reducer.reduce(&state, PostedEvent(at: clock.now(), event: event))
            for event in drawing.draw(state, width: state.screenWidth, height: state.screenHeight) {
                _ = Reducer.reduce(&state, PostedEvent(at: clock.now(), event: event))
            }
            frames += 1
            let fresh = DashboardView.render(state, width: state.screenWidth, height: state.screenHeight)
            if drawing.buffer != fresh { mismatches.append("after \(event):\n\(drawing.buffer.text)\n--- from scratch:\n\(fresh.text)") }
        }
        post(.resize(width: 100, height: 30))
        for id in 1...4 { post(.workerRunning(worker: id), after: 1) }
        let alarm = state.alarm.workerID!
        var version = 0
        for tick in 1...5 {
            post(.alarmTicked(worker: alarm, n: tick, total: 5), after: 250)
            post(.tick, after: 350)  // the countdown moves with the clock alone
            version += 1
            let reading = SharedValueReading(value: Double(tick) * 1.25, version: version)
            post(.valueWritten(index: 0, reading: reading, by: "Main"), after: 100)
            post(.changeDetected(worker: 1, index: 0, reading: reading, missedVersions: nil), after: 30)
            post(.workersSampled([
                WorkerSample(id: 1, state: .sleeping, polls: tick * 10, seen: tick, iterations: tick * 10),
                WorkerSample(id: 2, state: .sleeping, polls: tick * 10, iterations: tick * 10),
            ]), after: 300)
        }
        post(.alarmFired(worker: alarm), after: 1000)
        // Keys that move the selection, scroll the log, open and close overlays, and change the layout.
        for key: Key in [.char("j"), .char("k"), .char("+"), .pageUp, .end, .char("?"), .char("x"), .char("t"), .char("t"),
                         .char("/"), .char("M"), .enter, .escape, .char("z"), .tab, .char("z")] {
            post(.key(key), after: 40)
        }
        post(.resize(width: 80, height: 24))
        post(.workerSaid(worker: 3, text: "saved snapshot #1 (5 writes)"), after: 3000)
        post(.resize(width: 120, height: 40))
        post(.selfCostSampled(SelfCost(cpuPercent: 0.2, residentBytes: 9_000_000)), after: 1000)
        #expect(frames > 40)
        #expect(mismatches.isEmpty, "\(mismatches.count) frames differ; the first: \(mismatches.first ?? "")")
    }
}
