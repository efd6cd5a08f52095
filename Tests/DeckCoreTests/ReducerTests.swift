import DeckCore
import Foundation
import DeckTestSupport
import Testing

/// The reducer alone: events in, state and effects out, with a manual clock. No threads.
@Suite struct ReducerTests {
    let clock = ManualWallClock()

    func makeState(_ change: (inout DeckConfig) -> Void = { _ in }) -> AppState {
        var config = DeckConfig()
        config.seed = 42
        change(&config)
        return AppState(config: config, now: clock.now())
    }

    func send(_ state: inout AppState, _ event: DeckEvent) -> [DeckEffect] {
        Reducer.reduce(&state, PostedEvent(at: clock.now(), event: event))
    }

    @Test func startLaunchesMonitorsSnapshotWriterAndAlarm() {
        var state = makeState { $0.monitors = 2 }
        let effects = Reducer.start(&state)
        #expect(effects.filter { if case .startMonitor = $0 { true } else { false } }.count == 2)
        #expect(effects.contains { if case .startSnapshotWriter = $0 { true } else { false } })
        #expect(effects.contains { if case .startAlarm(_, _, 5, 1000) = $0 { true } else { false } })
        #expect(state.workers.map(\.name) == ["Monitor-1", "Monitor-2", "Snapshot", "Alarm"])
        #expect(state.workers.map(\.kind) == [.daemon, .daemon, .nonDaemon, .task])
        #expect(state.workers.map(\.model) == [.thread, .thread, .thread, .task])
    }

    @Test func limitIsTheTopOfTheRandomWrites() {
        var state = makeState()
        #expect(state.values[1].name == "limit")
        _ = send(&state, .valueWritten(index: 1, reading: SharedValueReading(value: 0.5, version: 1), by: "Main"))
        for _ in 0..<50 {
            guard case .write(0, .set(let value)) = send(&state, .key(.char("r"))).first else {
                Issue.record("r writes data")
                return
            }
            #expect((0...0.5).contains(value), "random() * limit stays within 0...limit")
        }
    }

    @Test func plusAndMinusWriteTheSelectedValueByItsStep() {
        var state = makeState()
        #expect(send(&state, .key(.char("+"))) == [.write(index: 0, op: .add(1))])
        _ = send(&state, .key(.down))
        #expect(state.selectedValue == 1)
        #expect(send(&state, .key(.char("-"))) == [.write(index: 1, op: .add(-1))])
        _ = send(&state, .key(.char("k")))
        #expect(state.selectedValue == 0)
        _ = send(&state, .key(.up))
        #expect(state.selectedValue == 0, "selection stops at the first value")
    }

    @Test func randomWritesAreTheSameForTheSameSeed() {
        var a = makeState(), b = makeState()
        let first = (0..<5).flatMap { _ in send(&a, .key(.char("r"))) }
        let second = (0..<5).flatMap { _ in send(&b, .key(.char("r"))) }
        #expect(first == second)
        #expect(Set(first.map { "\($0)" }).count == 5, "five different random values")
    }

    @Test func aWriteIsShownWithItsVersionAndLogged() {
        var state = makeState()
        _ = send(&state, .valueWritten(index: 0, reading: SharedValueReading(value: 3.205, version: 4), by: "Main"))
        #expect(state.values[0].value == 3.205)
        #expect(state.values[0].version == 4)
        #expect(state.log.last?.line.hasSuffix("Main data = 3.205 (v4)") == true)
    }

    @Test func aDetectionWithAGapReportsTheVersionsNeverSeen() {
        var state = makeState()
        _ = Reducer.start(&state)
        let monitor = state.workers[0].id
        _ = send(&state, .changeDetected(worker: monitor, index: 0, reading: SharedValueReading(value: 1.5, version: 5),
                                         missedVersions: 2...4))
        let texts = state.log.entries.suffix(2).map(\.text)
        #expect(texts == ["data has changed to 1.500", "missed 3 changes of data: v2–v4 never seen"])
        #expect(state.log.last?.source == "Monitor-1")
        #expect(state.log.last?.emphasis == .warning)
    }

    @Test func alarmTicksFiresAndShowsTimeLeft() {
        var state = makeState()
        _ = Reducer.start(&state)
        let alarm = state.alarm.workerID!
        _ = send(&state, .alarmTicked(worker: alarm, n: 1, total: 5))
        clock.advance(milliseconds: 1500)
        _ = send(&state, .tick)
        #expect(state.alarm.ticks == 1)
        #expect(state.alarm.millisecondsLeft(now: state.now) == 3500)
        _ = send(&state, .alarmFired(worker: alarm))
        #expect(state.alarm.status == .fired)
        #expect(state.log.last?.text == "ALARM!")
    }

    @Test func cancelKeyCancelsTheTickingAlarmAndItsReportIsLogged() {
        var state = makeState()
        _ = Reducer.start(&state)
        let alarm = state.alarm.workerID!
        #expect(send(&state, .key(.char("c"))) == [.cancelAlarm(alarm)])
        _ = send(&state, .alarmCancelled(worker: alarm))
        _ = send(&state, .workerEnded(worker: alarm, fate: .cancelled))
        #expect(state.alarm.status == .cancelled)
        #expect(state.log.entries.contains { $0.text == "Alarm cancelled" })
        #expect(state.worker(alarm)?.state == .cancelled)
        #expect(send(&state, .key(.char("c"))).isEmpty, "nothing left to cancel")
        #expect(state.status?.text.contains("no alarm") == true)
    }

    @Test func restartingTheAlarmCancelsTheOldOne() {
        var state = makeState()
        _ = Reducer.start(&state)
        let old = state.alarm.workerID!
        let effects = send(&state, .key(.char("a")))
        #expect(effects.first == .cancelAlarm(old))
        #expect(state.alarm.workerID != old)
        #expect(state.worker(state.alarm.workerID!)?.name == "Alarm-2")
    }

    @Test func monitorsAreAddedAndTheNewestStoppedCooperatively() {
        var state = makeState { $0.monitors = 1 }
        _ = Reducer.start(&state)
        let added = send(&state, .key(.char("m")))
        #expect(added == [.startMonitor(id: state.aliveMonitors.last!.id, name: "Monitor-2")])
        let newest = state.aliveMonitors.last!.id
        #expect(send(&state, .key(.char("M"))) == [.stopWorker(newest)])
        _ = send(&state, .workerEnded(worker: newest, fate: .stoppedWithCleanup))
        #expect(state.aliveMonitors.count == 1)
        #expect(state.worker(newest)?.fate == .stoppedWithCleanup)
    }

    @Test func monitorCountIsCapped() {
        var state = makeState { $0.monitors = 16 }
        _ = Reducer.start(&state)
        #expect(send(&state, .key(.char("m"))).isEmpty)
        #expect(state.status?.text == "at most 16 monitors")
    }

    @Test func intervalKeysHalveAndDoubleWithinBounds() {
        var state = makeState()
        #expect(send(&state, .key(.char("["))) == [.setMonitorInterval(ms: 50)])
        #expect(send(&state, .key(.char("]"))) == [.setMonitorInterval(ms: 100)])
        for _ in 0..<20 { _ = send(&state, .key(.char("["))) }
        #expect(state.monitorIntervalMs == 1)
        #expect(send(&state, .key(.char("w"))) == [.setMonitorStrategy(.wakeOnChange)])
        #expect(send(&state, .key(.char("w"))) == [.setMonitorStrategy(.queue)])
        #expect(send(&state, .key(.char("w"))) == [.setMonitorStrategy(.polling)])
    }

    @Test func autoMutationWritesWhenDueWithSeededGaps() {
        var state = makeState { $0.autoGapMs = 100...100 }
        _ = send(&state, .key(.char(" ")))
        #expect(state.auto.enabled)
        clock.advance(milliseconds: 99)
        #expect(send(&state, .tick).isEmpty)
        clock.advance(milliseconds: 1)
        let effects = send(&state, .tick)
        #expect(effects.count == 1)
        guard case .write(0, .set(let value)) = effects.first else {
            Issue.record("expected a write to data, got \(effects)")
            return
        }
        #expect((0...5).contains(value))
        clock.advance(milliseconds: 300)
        #expect(send(&state, .tick).count == 3, "three more gaps of 100 ms have passed")
        _ = send(&state, .key(.char(" ")))
        clock.advance(milliseconds: 1000)
        #expect(send(&state, .tick).isEmpty, "auto-mutation off writes nothing")
    }

    @Test func quitJoinsNonDaemonWorkersThenExits() {
        var state = makeState { $0.monitors = 1; $0.alarmAtLaunch = false }
        _ = Reducer.start(&state)
        let snapshot = state.workers.first { $0.kind == .nonDaemon }!.id
        let effects = send(&state, .key(.char("q")))
        #expect(effects == [.stopWorker(snapshot)])
        #expect(state.quit == .joining(waitingFor: [snapshot], code: 0))
        let bar = DashboardView.render(state, width: 80, height: 24).lines.last ?? ""
        #expect(bar.contains("waiting for non-daemon Snapshot"))
        // The worker's end is not its join: the UI thread joins it, and only the join lets the quit go on.
        #expect(send(&state, .workerEnded(worker: snapshot, fate: .stoppedWithCleanup)) == [.joinWorker(snapshot)])
        #expect(state.quit == .joining(waitingFor: [snapshot], code: 0))
        let done = send(&state, .workerJoined(worker: snapshot, joined: true))
        #expect(done == [.exit(code: 0)])
        #expect(state.worker(snapshot)?.fate == .joined)
        let summary = QuitSummary.render(state)
        #expect(summary.contains("Snapshot    non-daemon Thread   joined, cleanup ran"))
        #expect(summary.contains("Monitor-1   daemon     Thread   abandoned, cleanup never ran"))
    }

    @Test func secondQuitForcesAndAbandonsTheNonDaemonWorker() {
        var state = makeState()
        _ = Reducer.start(&state)
        _ = send(&state, .key(.char("q")))
        #expect(send(&state, .key(.char("q"))) == [.exit(code: 0)])
        #expect(state.quit == .exiting(code: 0, forced: true))
        #expect(QuitSummary.render(state).contains("Snapshot    non-daemon Thread   abandoned, cleanup never ran"))
    }

    @Test func signalsQuitWithTheirExitStatus() {
        var interrupted = makeState { $0.snapshotWriter = false; $0.alarmAtLaunch = false }
        _ = Reducer.start(&interrupted)
        #expect(send(&interrupted, .signal(SIGINT)) == [.exit(code: 130)])
        var hungUp = makeState()
        #expect(send(&hungUp, .signal(SIGHUP)) == [.exit(code: 129)])
    }

    @Test func sigtermStopsTheWorkersButWaitsOnlyAGracePeriod() {
        var state = makeState()
        _ = Reducer.start(&state)
        let snapshot = state.workers.first { $0.kind == .nonDaemon }!.id
        let alarm = state.workers.first { $0.model == .task }!.id
        #expect(send(&state, .signal(SIGTERM)) == [.stopWorker(snapshot), .stopWorker(alarm)])
        #expect(state.quitDeadline == clock.now().adding(milliseconds: Reducer.signalGraceMs))
        clock.advance(milliseconds: Reducer.signalGraceMs - 1)
        #expect(send(&state, .tick).isEmpty)
        clock.advance(milliseconds: 1)
        #expect(send(&state, .tick) == [.exit(code: 143)], "nobody is waited for past the grace period")
        #expect(QuitSummary.render(state).contains("Snapshot    non-daemon Thread   abandoned, cleanup never ran"))
    }

    @Test func helpOverlayOpensAndAnyKeyClosesItWithoutActing() {
        var state = makeState()
        _ = send(&state, .key(.char("?")))
        #expect(state.overlay == .help)
        #expect(send(&state, .key(.char("+"))).isEmpty)
        #expect(state.overlay == nil)
    }

    @Test func exportAsksForTheLogWithAPath() {
        var state = makeState { $0.logPath = "/tmp/x.jsonl" }
        _ = send(&state, .note(source: "Test", text: "hello"))
        let effects = send(&state, .key(.char("e")))
        guard case .exportLog(let path, let entries) = effects.first else {
            Issue.record("expected an export, got \(effects)")
            return
        }
        #expect(path == "/tmp/x.jsonl")
        #expect(entries.last?.text == "hello")
        _ = send(&state, .exportFinished(path: path, count: entries.count, error: nil))
        #expect(state.status?.text == "log exported to /tmp/x.jsonl (\(entries.count) events)")
    }

    @Test func scrollingStaysWithinTheLog() {
        var state = makeState()
        _ = send(&state, .resize(width: 80, height: 24))
        for n in 0..<100 { _ = send(&state, .note(source: "Test", text: "line \(n)")) }
        _ = send(&state, .key(.pageUp))
        let page = state.logScroll
        #expect(page > 0)
        _ = send(&state, .note(source: "Test", text: "new"))
        #expect(state.logScroll == page + 1, "the lines being read stay in place")
        _ = send(&state, .key(.home))
        #expect(state.logScroll == state.log.count - page)
        _ = send(&state, .key(.end))
        #expect(state.logScroll == 0)
        _ = send(&state, .key(.mouse(MouseEvent(button: .wheelUp, x: 10, y: 20))))
        #expect(state.logScroll == 3)
    }
}
