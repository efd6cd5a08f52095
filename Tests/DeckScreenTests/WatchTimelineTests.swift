@testable import DeckCore
import DeckTestSupport
import Testing

/// `daemondeck watch` on the timeline: each thread of the watched program is a lane, filled with what it
/// is doing (running, timed sleep, lock, I/O, stopped) in a glyph and colour of its own, and the legend
/// names every state, in Unicode and in the ASCII stand-ins.
@Suite struct WatchTimelineTests {
    static func watchedSession() -> AppState {
        var config = WatchRunner.config(for: WatchTarget(source: .command(executable: "/usr/bin/python3", arguments: ["python3"])))
        config.seed = 1
        var state = AppState(config: config, now: Timestamp(nanos: 0))
        func post(_ event: DeckEvent, at ms: Int) {
            _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: UInt64(ms) * 1_000_000), event: event))
        }
        post(.runStarted, at: 0)
        post(.watch(.programStarted(pid: 4242, command: "python3 gil.py")), at: 10)
        func reading(_ tid: Int32, _ name: String, _ state: ProcThreadState, _ wait: WaitReason?) -> ProcThreadReading {
            ProcThreadReading(tid: tid, name: name, state: state, cpuNanos: 0, wait: wait)
        }
        post(.watch(.threadStarted(reading(4242, "python3", .sleeping, .io("read")), alreadyRunning: false)), at: 20)
        post(.watch(.threadStarted(reading(4243, "Monitor", .running, nil), alreadyRunning: false)), at: 20)
        post(.watch(.threadStarted(reading(4244, "a-very-long-thread-name", .sleeping, .lock("futex")), alreadyRunning: false)), at: 20)
        // Two seconds of samples: Monitor runs, then sleeps; the other waits on the GIL's futex, then runs.
        for k in 1...20 {
            let late = k > 10
            post(.watch(.threadsSampled([
                WatchedThreadRow(reading: reading(4242, "python3", .sleeping, .io("read")), cpuPercent: 0),
                WatchedThreadRow(reading: reading(4243, "Monitor", late ? .sleeping : .running, late ? .timedSleep("clock_nanosleep") : nil), cpuPercent: 0),
                WatchedThreadRow(reading: reading(4244, "a-very-long-thread-name", late ? .running : .sleeping, late ? nil : .lock("futex")), cpuPercent: 0),
            ])), at: 20 + k * 100)
        }
        return state
    }

    static func render(_ state: AppState, glyphs: Glyphs, width: Int = 100) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: 10, glyphs: glyphs)
        TimelinePanel.render(state, in: buffer.bounds, into: &buffer)
        return buffer
    }

    @Test(arguments: [Glyphs.unicode, .ascii]) func eachWatchedThreadIsALaneFilledWithWhatItIsDoing(glyphs: Glyphs) throws {
        let state = Self.watchedSession()
        let buffer = Self.render(state, glyphs: glyphs)
        let lines = buffer.lines
        let ascii = glyphs.isASCII
        func glyph(_ mark: TimelineMark) -> String { TimelinePanel.look(mark, ascii: ascii).0 }
        let monitor = try #require(lines.first { $0.contains("Monitor 4243") }, "\(buffer.text)")
        let gil = try #require(lines.first { $0.contains("a-very-lon" + String(glyphs.ellipsis) + " 4244") }, "the name is cut, its TID shown\n\(buffer.text)")
        let main = try #require(lines.first { $0.contains("python3 4242") }, "\(buffer.text)")
        // Monitor: running for a second, then a timed sleep; the other the other way round.
        let runs = String(repeating: glyph(.running), count: 8), sleeps = String(repeating: glyph(.sleepWait), count: 8)
        let locks = String(repeating: glyph(.lockWait), count: 8)
        #expect(monitor.contains(runs + glyph(.running)) && monitor.contains(sleeps), "\(buffer.text)")
        let firstRun = try #require(monitor.range(of: runs), "\(buffer.text)"), firstSleep = try #require(monitor.range(of: sleeps), "\(buffer.text)")
        #expect(firstRun.lowerBound < firstSleep.lowerBound, "running came first\n\(buffer.text)")
        #expect(gil.contains(locks) && gil.contains(runs), "\(buffer.text)")
        #expect(main.contains(String(repeating: glyph(.ioWait), count: 15)), "\(buffer.text)")
        // The states' colours: running as an execution segment, a lock wait as a warning.
        let row = try #require(lines.firstIndex(of: monitor))
        let column = try #require(Array(monitor.unicodeScalars).firstIndex { String($0) == glyph(.running) })
        #expect(buffer[column, row].style.role == .good)
        // The legend names every state a lane can be filled with, whether drawn yet or not.
        let legend = lines[buffer.height - 2]
        for (mark, name) in TimelinePanel.stateLegend {
            #expect(legend.contains(glyph(mark) + " " + name), "\(mark) in the legend\n\(buffer.text)")
        }
    }

    @Test func atEightyColumnsTheLegendStillNamesEveryState() {
        let buffer = Self.render(Self.watchedSession(), glyphs: .ascii, width: 80)
        let legend = buffer.lines[buffer.height - 2]
        for mark in TimelineMark.threadStates {
            let (glyph, _) = TimelinePanel.look(mark, ascii: true)
            #expect(legend.contains(glyph + " ") || legend.contains(glyph), "\(mark)\n\(buffer.text)")
        }
        #expect(legend.contains("lock"), "\(buffer.text)")
    }

    @Test func anEndedThreadsLaneStopsAndTheProgramsEndEndsThemAll() {
        var state = Self.watchedSession()
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_100_000_000), event: .watch(.threadEnded(tid: 4243, name: "Monitor", seconds: 2, cpuNanos: 0))))
        #expect(state.timeline.lane(thread: 4243)?.endedAt == Timestamp(nanos: 2_100_000_000))
        #expect(state.timeline.lane(thread: 4244)?.endedAt == nil)
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_200_000_000), event: .watch(.programEnded(.exited(0), seconds: 2.2))))
        #expect(state.timeline.lanes.filter { $0.thread != nil }.allSatisfy { $0.endedAt != nil })
        // The Main lane is still the one a worker-less mark goes to.
        #expect(state.timeline.lane(for: nil)?.name == "Main")
    }

    /// A Python program's asyncio tasks as the hook reports them: one lane each, named by its coroutine,
    /// from created to done (■), cancelled (X) or failed (F); one still running reaches now.
    static func asyncioSession() -> AppState {
        var config = WatchRunner.config(for: WatchTarget(source: .command(executable: "/usr/bin/python3", arguments: ["python3"])))
        config.seed = 1
        var state = AppState(config: config, now: Timestamp(nanos: 0))
        func post(_ event: DeckEvent, at ms: Int) {
            _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: UInt64(ms) * 1_000_000), event: event))
        }
        post(.runStarted, at: 0)
        post(.watch(.programStarted(pid: 4242, command: "python3 alarm.py")), at: 10)
        post(.watch(.threadStarted(ProcThreadReading(tid: 4242, name: "python3", state: .sleeping, cpuNanos: 0, wait: .io("epoll_wait")),
                                   alreadyRunning: false)), at: 20)
        post(.watch(.python(.taskCreated(coroutine: "main", key: 1))), at: 100)
        post(.watch(.python(.taskCreated(coroutine: "alarm", key: 2))), at: 200)
        post(.watch(.python(.taskCreated(coroutine: "tick", key: 3))), at: 300)
        post(.watch(.python(.taskEnded(coroutine: "tick", key: 3, name: "Task-3", how: "done"))), at: 700)
        post(.watch(.python(.taskCreated(coroutine: "a_coroutine_with_a_long_name", key: 4))), at: 800)
        post(.watch(.python(.taskEnded(coroutine: "a_coroutine_with_a_long_name", key: 4, name: "Task-4", how: "failed:ValueError"))), at: 1200)
        post(.watch(.python(.taskEnded(coroutine: "alarm", key: 2, name: "Task-2", how: "cancelled"))), at: 1500)
        post(.watch(.threadsSampled([WatchedThreadRow(reading: ProcThreadReading(tid: 4242, name: "python3", state: .sleeping, cpuNanos: 0,
                                                                                  wait: .io("epoll_wait")), cpuPercent: 0)])), at: 2000)
        return state
    }

    @Test func eachAsyncioTaskIsALaneFromCreatedToItsEnd() throws {
        Snapshots.useUTC()
        let state = Self.asyncioSession()
        let buffer = Self.render(state, glyphs: .unicode, width: 80)
        if let problem = Snapshots.mismatch(buffer.text, named: "timeline-watch-asyncio-80x10") { Issue.record(Comment(rawValue: problem)) }
        let lines = buffer.lines
        func lane(_ name: String) throws -> String { try #require(lines.first { $0.contains("│" + name + " ") }, "\(name)\n\(buffer.text)") }
        let main = try lane("main()"), alarm = try lane("alarm()"), tick = try lane("tick()"), long = try lane("a_coroutine_wit…")
        // Threads first, then tasks in the order they were created.
        let order = try [lane("python3 4242"), main, alarm, tick, long].map { try #require(lines.firstIndex(of: $0)) }
        #expect(order == order.sorted(), "\(buffer.text)")
        // Each lane ends with how its task ended; the one still running has no end mark.
        #expect(alarm.contains("X") && !alarm.contains("■"), "\(buffer.text)")
        #expect(tick.contains("■"), "\(buffer.text)")
        #expect(long.contains("F"), "\(buffer.text)")
        #expect(!main.contains("■") && !main.contains("X") && main.contains("▶"), "\(buffer.text)")
        // At 100 ms a column, tick() lived from 300 to 700 ms: its start 4 columns before its end.
        let tickScalars = Array(tick.unicodeScalars)
        let start = try #require(tickScalars.firstIndex { $0 == "▶" }), end = try #require(tickScalars.firstIndex { $0 == "■" })
        #expect(end - start == 4, "\(buffer.text)")
        // The legend names the ends drawn, failed among them.
        let legend = lines[buffer.height - 2]
        #expect(["X", "F", "■"].allSatisfy { legend.contains($0) } && ["cancel", "failed", "stop"].allSatisfy { legend.contains($0) }, "\(buffer.text)")
    }

    /// `kill -9` of a Python program whose tasks sleep: the hook never reports them done. Their rows leave
    /// the Workers panel (no `pending` task in a program that is gone) and their lanes end with the mark that
    /// says the program ended, not with done's ■; the legend names that mark.
    @Test func tasksNotDoneWhenTheProgramIsKilledLeaveTheRowsAndTheirLanesSaySo() throws {
        Snapshots.useUTC()
        var state = Self.asyncioSession()
        #expect(state.watch?.pythonTasks.map(\.coroutine) == ["main"], "main() is still pending before the end")
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_500_000_000), event: .watch(.programEnded(.signalled(9), seconds: 2.5))))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 3_000_000_000), event: .tick))
        #expect(state.watch?.pythonTasks.isEmpty == true)
        #expect(state.log.entries.contains { $0.text == "1 asyncio task was not done when it ended: main()" })
        let panel = Rect(x: 0, y: 0, width: 80, height: 8)
        var workers = ScreenBuffer(width: 80, height: 8)
        WatchedThreadsPanel.render(state, try #require(state.watch), in: panel, into: &workers)
        #expect(!workers.text.contains("pending") && !workers.text.contains("main()"), "\(workers.text)")
        let buffer = Self.render(state, glyphs: .unicode, width: 80)
        let lines = buffer.lines
        let main = try #require(lines.first { $0.contains("│main() ") }, "\(buffer.text)")
        let ended = TimelinePanel.look(.programEnded, ascii: false).0
        #expect(main.contains(ended) && !main.contains("■"), "\(buffer.text)")
        let legend = lines[buffer.height - 2]
        #expect(legend.contains(ended + " program ended") || legend.contains(ended + " prog ended") || legend.contains(ended + "prog ended"), "\(buffer.text)")
    }

    @Test func taskLanesAreBoundedAndTheOldestEndedGoesFirst() {
        var state = Self.asyncioSession()
        let limit = TimelineState.maxTaskLanes
        func post(_ report: PythonReport) {
            _ = Reducer.reduce(&state, PostedEvent(at: state.now.adding(milliseconds: 10), event: .watch(.python(report))))
        }
        for key in 100..<(100 + 3 * limit) { post(.taskCreated(coroutine: "worker\(key)", key: key)) }
        let taskLanes = { state.timeline.lanes.filter { $0.task != nil } }
        #expect(taskLanes().count == limit)
        #expect(state.timeline.lanes.count <= TimelineState.maxLanes)
        // The lanes that ended before are the ones that made room; a task beyond the bound has none.
        #expect(state.timeline.lane(task: 1) != nil, "main() still runs: kept")
        #expect(state.timeline.lane(task: 100 + 3 * limit - 1) == nil)
        // Once one ends, the next task gets a lane, in place of the oldest ended one.
        post(.taskEnded(coroutine: "main", key: 1, name: "Task-1", how: "done"))
        post(.taskCreated(coroutine: "late", key: 9999))
        #expect(state.timeline.lane(task: 9999) != nil)
        #expect(taskLanes().count == limit)
        #expect(!taskLanes().contains { $0.name == "main()" }, "the ended main() made room")
    }
}
