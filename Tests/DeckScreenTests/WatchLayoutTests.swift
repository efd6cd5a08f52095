@testable import DeckCore
import DeckTestSupport
import Testing

/// `daemondeck watch` at 80x24: the screen goes to the watched program's threads, not to daemondeck's
/// own demo panels (shared values and alarm), which fold to one line until someone uses them.
@Suite struct WatchLayoutTests {
    @Test func watchingFoldsTheDemoPanelsAndShowsEveryThreadRow() {
        var state = WatchTimelineTests.watchedSession()
        let layout = DashboardLayout(width: 80, height: 24, state: state)
        #expect(layout.sharedStateFolded && layout.alarmFolded)
        #expect(layout.sharedState.height == 1 && layout.alarm.height == 1)
        // Three threads: a header, three rows and two borders.
        #expect(layout.workers.height >= 3 + 3)
        var buffer = ScreenBuffer(width: 80, height: 24, glyphs: .unicode)
        DashboardView.render(state, into: &buffer)
        for name in ["Monitor", "python3", "a-very-long"] {
            #expect(buffer.text.contains(name), "\(name)\n\(buffer.text)")
        }
        #expect(!buffer.text.contains("no alarm yet"), "\(buffer.text)")
        // The status bar offers first what acts on the watched program.
        #expect(buffer.lines[23].hasPrefix(" z freeze (SIGSTOP)  t timeline"), "\(buffer.text)")

        // The alarm key acts on daemondeck's own demonstration: while watching it starts nothing, and the
        // panel stays folded.
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 3_000_000_000), event: .key(.char("a"))))
        #expect(DashboardLayout(width: 80, height: 24, state: state).alarmFolded)
    }
}

/// A watched program's asyncio tasks are rows too: the Workers panel is sized for threads and tasks, so at
/// 80x24 a program with three threads and a few tasks shows every one of them.
@Suite struct WatchTaskRowsLayoutTests {
    @Test func threadsAndTasksAllGetARow() {
        var state = WatchTimelineTests.watchedSession()
        for (key, name) in ["main", "alarm", "tick"].enumerated() {
            _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: UInt64(3_000 + key) * 1_000_000), event: .watch(.python(.taskCreated(coroutine: name, key: key + 1)))))
        }
        var buffer = ScreenBuffer(width: 80, height: 24, glyphs: .unicode)
        DashboardView.render(state, into: &buffer)
        for name in ["Monitor", "a-very-long", "main()", "alarm()", "tick()"] {
            #expect(buffer.text.contains(name), "\(name)\n\(buffer.text)")
        }
        #expect(!buffer.text.contains("more threads and tasks"), "\(buffer.text)")
    }
}
