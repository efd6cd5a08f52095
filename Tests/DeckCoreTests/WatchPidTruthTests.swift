@testable import DeckCore
import CDeckSystem
import DeckTestSupport
import Foundation
import Testing

/// What `watch --pid` and the quit summary say must be true: a zombie or a thread id is refused with
/// the reason, an attached process is not said to have been started, a thread already running is not
/// given a life daemondeck never saw begin, and a watched program killed by a signal is not said to have
/// skipped a cleanup daemondeck cannot know of.
@Suite struct WatchPidTruthTests {
    @Test func aZombieIsRefusedAsEndedAndALiveProcessIsNot() throws {
        let child = try ChildProcess.spawn("/bin/true", ["true"], standard: .discard)
        child.waitForExit()  // exited, not reaped: a zombie until the reap below
        let problem = WatchTarget.attachProblem(pid: child.pid)
        let ended = WatchTarget.hasEnded(pid: child.pid)
        _ = child.reap()
        #expect(problem == "pid \(child.pid): it has ended (a zombie: its parent has not reaped it yet)")
        #expect(ended)
        #expect(WatchTarget.attachProblem(pid: getpid()) == nil)
        #expect(!WatchTarget.hasEnded(pid: getpid()))
    }

    @Test func aThreadIdIsRefusedWithItsProcess() throws {
        let tid = Guarded<Int32>(0)
        let done = Guarded(false)
        let thread = try #require(PosixThread(name: "pid-truth") {
            tid.withLock { $0 = deck_this_thread_id() }
            _ = waitUntil(seconds: 30) { done.withLock { $0 } }
        })
        #expect(waitUntil(seconds: 10) { tid.withLock { $0 } != 0 })
        let problem = WatchTarget.attachProblem(pid: tid.withLock { $0 })
        done.withLock { $0 = true }
        thread.join()
        #expect(problem == "pid \(tid.withLock { $0 }) is a thread of process \(getpid()): use --pid \(getpid())")
    }

    @Test func theTrackerTellsThreadsThatRanBeforeWatchingFromThoseThatStartedSince() {
        var tracker = ThreadTracker()
        tracker.firstSampleAlreadyRunning = true
        let old = ProcThreadReading(tid: 10, name: "main", state: .sleeping, cpuNanos: 0)
        let new = ProcThreadReading(tid: 11, name: "worker", state: .sleeping, cpuNanos: 0)
        _ = tracker.update([old], at: 1_000_000_000)
        _ = tracker.update([old, new], at: 2_000_000_000)
        let ended = tracker.update([], at: 3_000_000_000).ended
        #expect(ended.map(\.tid) == [10, 11])
        #expect(ended.map(\.beforeWatching) == [true, false])
    }

    func attachedState() -> AppState {
        var config = WatchRunner.config(for: WatchTarget(source: .attach(pid: 4242), quitWhenEnded: true))
        config.seed = 1
        var state = AppState(config: config, now: Timestamp(nanos: 0))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 0), event: .runStarted))
        return state
    }

    @Test func attachedTheLogSaysAttachedNeverStartedAndTimesOnlyWhatItWatched() throws {
        var state = attachedState()
        let row = try #require(state.workers.first { $0.role == .child })
        func post(_ event: DeckEvent, at ms: Int) {
            _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: UInt64(ms) * 1_000_000), event: event))
        }
        post(.workerRunning(worker: row.id), at: 1)
        post(.watch(.attached(pid: 4242, name: "python3")), at: 1)
        post(.watch(.threadEnded(tid: 4243, name: "Worker", seconds: 1.9, cpuNanos: 13_290_000_000, sinceWatching: true)), at: 1900)
        let lines = state.log.entries.map(\.text)
        #expect(!lines.contains { $0.contains("started") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("attached to pid 4242 (python3)") })
        #expect(lines.contains("thread 4243 Worker ended after 1.9 s of watching (CPU 13.29 s)"))
    }

    @Test func aWatchedProgramKilledBySIGINTIsSummarisedWithItsSignalNotAMissedCleanup() {
        var config = WatchRunner.config(for: WatchTarget(source: .command(executable: "/usr/bin/python3", arguments: ["python3", "kbi.py"]), quitWhenEnded: true))
        config.seed = 1
        var state = AppState(config: config, now: Timestamp(nanos: 0))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 0), event: .runStarted))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 1_000_000), event: .watch(.programStarted(pid: 4242, command: "python3 kbi.py"))))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_000_000), event: .watch(.programEnded(.signalled(SIGINT), seconds: 0.3))))
        let summary = QuitSummary.render(state, dashboard: false)
        #expect(summary.contains("process  killed by signal 2 (SIGINT)"), "\(summary)")
        #expect(!summary.contains("cleanup never ran"), "\(summary)")
    }
}
