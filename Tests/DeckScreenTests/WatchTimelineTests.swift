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
}
