import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// A lesson's `run-python` program is watched as `daemondeck watch` watches one: each of its threads is a
/// row in the Workers panel (named by the Python hook, its daemon flag, why it waits) and a timeline lane,
/// until the program ends.
@Suite struct PythonStepThreadsTests {
    static var python3: String? {
        guard case .success(let path) = WatchCommandResolver.resolve("python3") else { return nil }
        return path
    }

    /// The Workers panel drawn 100 columns wide, one line a row.
    static func workersPanel(_ state: AppState) -> [String] {
        var buffer = ScreenBuffer(width: 100, height: 16)
        WorkersPanel.render(state, in: buffer.bounds, into: &buffer)
        return buffer.text.split(separator: "\n").map(String.init)
    }

    static func reading(_ tid: Int32, _ name: String, _ state: ProcThreadState, _ wait: WaitReason?) -> WatchedThreadRow {
        WatchedThreadRow(reading: ProcThreadReading(tid: tid, name: name, state: state, cpuNanos: 0, wait: wait), cpuPercent: 0)
    }

    /// The reducer alone, the events a run posts: rows while it runs, none once it has ended.
    @Test func theStepsThreadsAreRowsAndLanesUntilTheProgramEnds() {
        var state = AppState(config: LifecycleTests.quietConfig(), now: Timestamp(milliseconds: 0))
        state.screenWidth = 100
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(milliseconds: 0), event: .lesson(.runPython("monitor"))))
        let id = try! #require(state.workers.first { $0.name == PythonLessonPrograms.workerName }?.id)
        func post(_ event: WatchEvent, _ ms: UInt64) {
            _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(milliseconds: ms), event: .lesson(.pythonThreads(worker: id, event))))
        }
        post(.programStarted(pid: 500, command: "python3 monitor.py"), 10)
        let main = Self.reading(500, "python3", .sleeping, .timedSleep("clock_nanosleep"))
        let monitor = Self.reading(501, "Monitor", .sleeping, .timedSleep("clock_nanosleep"))
        post(.threadStarted(main.reading, alreadyRunning: false), 20)
        post(.threadStarted(monitor.reading, alreadyRunning: false), 20)
        post(.python(.threadStarted(name: "Monitor", tid: 501, daemon: true)), 25)
        post(.threadsSampled([main, monitor]), 30)

        let rows = Self.workersPanel(state)
        let monitorRow = rows.first { $0.contains("Monitor ") }
        #expect(monitorRow?.contains("daemon ") == true, "\(rows.joined(separator: "\n"))")
        #expect(monitorRow?.contains("Thread") == true && monitorRow?.contains("waits: sleep clock_nanosleep") == true)
        #expect(monitorRow?.contains("tid 501") == true)
        #expect(rows.contains { $0.contains("MainThread") && $0.contains("non-daemon") }, "\(rows.joined(separator: "\n"))")
        #expect(rows.contains { $0.contains("Python pid 500: 2 threads") })
        #expect(state.timeline.lanes.contains { $0.thread == 501 && $0.endedAt == nil })
        #expect(state.log.entries.contains { $0.text == "thread Monitor started (daemon, tid 501)" })

        post(.threadEnded(tid: 501, name: "Monitor", seconds: 4, cpuNanos: 0), 4000)
        post(.programEnded(.exited(0), seconds: 4.3), 4300)
        #expect(state.pythonStep == nil)
        #expect(!Self.workersPanel(state).contains { $0.contains("Monitor") || $0.contains("MainThread") })
        #expect(state.timeline.lanes.filter { $0.thread != nil }.allSatisfy { $0.endedAt != nil })
    }

    /// A stopped step's late events (its last sample, its end) come after a newer step started: they must
    /// not wipe or overwrite the newer step's rows.
    @Test func aStoppedStepsLateEventsLeaveTheNewStepsRowsAlone() throws {
        var state = AppState(config: LifecycleTests.quietConfig(), now: Timestamp(milliseconds: 0))
        state.screenWidth = 100
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(milliseconds: 0), event: .lesson(.runPython("parallel"))))
        let old = try #require(state.workers.last { $0.name == PythonLessonPrograms.workerName }?.id)
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(milliseconds: 5), event: .lesson(.runPython("monitor"))))
        let new = try #require(state.workers.last { $0.name == PythonLessonPrograms.workerName }?.id)
        #expect(old != new)
        func post(_ id: WorkerID, _ event: WatchEvent, _ ms: UInt64) {
            _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(milliseconds: ms), event: .lesson(.pythonThreads(worker: id, event))))
        }
        post(old, .programStarted(pid: 400, command: "python3 parallel.py"), 10)
        post(new, .programStarted(pid: 500, command: "python3 monitor.py"), 20)
        post(new, .threadsSampled([Self.reading(500, "python3", .sleeping, nil), Self.reading(501, "Monitor", .sleeping, nil)]), 30)
        // The old step, stopped, still reports: a last sample, then its end.
        post(old, .threadsSampled([Self.reading(400, "python3", .running, nil)]), 40)
        #expect(state.pythonStep?.pid == 500)
        #expect(state.pythonStep?.threads.map(\.reading.tid) == [500, 501], "the old sample left the new rows alone")
        post(old, .programEnded(.signalled(15), seconds: 1), 50)
        #expect(state.pythonStep?.pid == 500, "the old step's end did not wipe the new step's view")
        #expect(Self.workersPanel(state).contains { $0.contains("Python pid 500: 2 threads") }, "\(Self.workersPanel(state).joined(separator: "\n"))")
        post(new, .programEnded(.exited(0), seconds: 2), 60)
        #expect(state.pythonStep == nil)
    }

    /// At 80x24 the Workers panel is short: more workers and more Python threads than fit. The workers' count
    /// line stays on its own row (no blank row above the Python rows), and the Python count line is whole,
    /// with nothing of another line left after it.
    @Test func aShortPanelCountsWorkersAndPythonThreadsOnRowsOfTheirOwn() throws {
        var state = AppState(config: LifecycleTests.quietConfig(), now: Timestamp(milliseconds: 0))
        state.screenWidth = 80
        for _ in 0..<5 { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.start(.monitor)))) }
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.runPython("parallel"))))
        let id = try #require(state.workers.last { $0.name == PythonLessonPrograms.workerName }?.id)
        func post(_ event: WatchEvent) {
            _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.pythonThreads(worker: id, event))))
        }
        post(.programStarted(pid: 600, command: "python3 parallel.py"))
        post(.threadsSampled((600..<607).map { Self.reading(Int32($0), "Burner", .sleeping, .lock("futex")) }))
        var buffer = ScreenBuffer(width: 80, height: 10)
        WorkersPanel.render(state, in: buffer.bounds, into: &buffer)
        let rows = buffer.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shown = rows.joined(separator: "\n")
        let inner = rows.dropFirst().dropLast().map { String($0.dropFirst().dropLast()) }
        #expect(!inner.contains { $0.trimmingCharacters(in: .whitespaces).isEmpty }, "no blank row:\n\(shown)")
        let workersCount = try #require(inner.firstIndex { $0.contains("more (a taller terminal shows them):") }, "\(shown)")
        let pythonHeader = try #require(inner.firstIndex { $0.contains("Python pid 600") }, "\(shown)")
        #expect(workersCount == pythonHeader - 1, "the workers' count line sits right above the Python rows:\n\(shown)")
        let pythonCount = try #require(inner.last, "\(shown)")
        #expect(pythonCount.hasPrefix(" +"), "\(shown)")
        #expect(pythonCount.trimmingCharacters(in: .whitespaces).hasSuffix("more Python threads (a taller terminal shows them)"), "nothing left after it:\n\(shown)")
    }

    /// The real thing: python3 runs monitor.py through the engine; its Monitor thread becomes a row named by
    /// the hook, a daemon, and the rows go when the program ends.
    @Test func aRealPythonStepsThreadsAreRowsNamedByTheHook() {
        guard Self.python3 != nil else { print("python3 not found on PATH: skipping the Python step's threads"); return }
        let driver = EngineDriver(config: LifecycleTests.quietConfig())
        driver.start()
        driver.engine.process(.lesson(.runPython("monitor")))
        let named = driver.run(until: { state in
            guard let view = state.pythonStep else { return false }
            return view.threads.contains { view.pythonThreads[$0.reading.tid] == PythonThreadFacts(name: "Monitor", daemon: true) }
        }, seconds: 60)
        #expect(named, "the Monitor thread is a row, a daemon: \(driver.state.log.entries.suffix(12).map(\.text))")
        if named {
            var state = driver.state
            state.screenWidth = 100
            let rows = Self.workersPanel(state)
            #expect(rows.contains { $0.contains("Monitor ") && $0.contains("daemon ") && $0.contains("Thread") && $0.contains("tid ") },
                    "\(rows.joined(separator: "\n"))")
            // The kernel's name too: the hook wrote Thread.name to the thread's comm.
            #expect(state.timeline.lanes.contains { $0.thread != nil && $0.name.hasPrefix("Monitor ") },
                    "\(state.timeline.lanes.map(\.name))")
        }
        #expect(driver.waitForLog(PythonLessonPrograms.stepEnded, seconds: 60))
        #expect(driver.run(until: { $0.pythonStep == nil }, seconds: 10), "its rows go with it")
        #expect(driver.state.log.entries.contains { $0.text.hasPrefix("daemon thread Monitor abandoned") })
        #expect(driver.quit() == 0)
    }
}
