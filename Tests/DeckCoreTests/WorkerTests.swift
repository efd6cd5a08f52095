import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// Real threads and tasks. Every wait is for a condition with a deadline.
@Suite struct WorkerTests {
    func config(monitors: Int = 1, _ change: (inout DeckConfig) -> Void = { _ in }) -> DeckConfig {
        var config = DeckConfig()
        config.monitors = monitors
        config.intervalMs = 10
        config.alarmAtLaunch = false
        config.snapshotWriter = false
        config.seed = 1
        change(&config)
        return config
    }

    @Test func aMonitorThreadReportsAWriteFromTheMainLoop() {
        let driver = EngineDriver(config: config())
        driver.start()
        defer { driver.stopAll() }
        #expect(driver.waitForLog("started (daemon Thread)", from: "Monitor-1"))
        driver.engine.process(.key(.char("+")))
        #expect(driver.waitForLog("data has changed to 1.000", from: "Monitor-1"))
        driver.engine.sampleWorkers()
        #expect(driver.state.worker(1)?.seen == 1)
        #expect(driver.state.values[0].version == 1)
    }

    @Test func aPollingMonitorMissesWritesBetweenTwoLooksAndSaysWhich() {
        let driver = EngineDriver(config: config { $0.intervalMs = 500 })
        driver.start()
        defer { driver.stopAll() }
        // The monitor has taken its first look and sleeps 500 ms; three writes land well within that sleep.
        #expect(driver.run(until: { _ in driver.engine.runner.sampleWorkers().first?.state == .sleeping }))
        for _ in 0..<3 { driver.engine.process(.key(.char("+"))) }
        #expect(driver.waitForLog("data has changed to 3.000", from: "Monitor-1"))
        #expect(driver.waitForLog("missed 2 changes of data: v1–v2 never seen", from: "Monitor-1"))
        driver.engine.sampleWorkers()
        #expect(driver.state.worker(1)?.missed == 2)
        #expect(driver.state.worker(1)?.seen == 1)
    }

    @Test func stoppingAMonitorRunsItsCleanupAtOnce() {
        let driver = EngineDriver(config: config { $0.intervalMs = 10_000 })
        driver.start()
        #expect(driver.run(until: { _ in driver.engine.runner.sampleWorkers().first?.state == .sleeping }))
        driver.engine.process(.key(.char("M")))
        // A 10 s sleep is interrupted by the stop: cleanup is logged long before the interval would end.
        #expect(driver.waitForLog("cleanup ran", from: "Monitor-1", seconds: 30))
        #expect(driver.run(until: { $0.worker(1)?.fate == .stoppedWithCleanup }))
    }

    @Test func wakeOnChangeMonitorSeesEachWriteWhenTheyAreSpaced() {
        let driver = EngineDriver(config: config { $0.intervalMs = 10_000 })
        driver.start()
        defer { driver.stopAll() }
        driver.engine.process(.key(.char("w")))
        #expect(driver.run(until: { _ in driver.engine.runner.sampleWorkers().first?.state == .waiting }))
        for n in 1...20 {
            driver.engine.process(.key(.char("+")))
            // The next write waits until this one was seen: wake-on-change reacts to each write.
            #expect(driver.waitForLog("data has changed to \(Reducer.format(Double(n)))", from: "Monitor-1", seconds: 30))
        }
        driver.engine.sampleWorkers()
        #expect(driver.state.worker(1)?.missed == 0)
        #expect(driver.state.worker(1)?.seen == 20)
    }

    @Test func alarmTicksOncePerPeriodThenFiresOnAManualClock() async {
        let inbox = Inbox(clock: ManualWallClock())
        let clock = ManualClock()
        let handle = WorkerHandle(id: 7, name: "Alarm", kind: .task, model: .task)
        let alarm = AlarmWorker(life: WorkerLife(handle: handle, inbox: inbox, gate: nil), ticks: 3, periodMs: 1000, clock: clock)
        alarm.start()
        var events: [DeckEvent] = []
        for expectedTicks in 1...3 {
            #expect(await waitUntilAsync { clock.sleeperCount == 1 })
            events += inbox.drain().map(\.event)
            #expect(events.filter { if case .alarmTicked = $0 { true } else { false } }.count == expectedTicks)
            #expect(!events.contains(.alarmFired(worker: 7)), "no ALARM! before the last period ends")
            clock.advance(by: .milliseconds(1000))
        }
        // Bounded: the end is awaited only once it has been posted, so a task that never ends fails here.
        let ended = await waitUntilAsync(seconds: 60) {
            events += inbox.drain().map(\.event)
            return events.contains(.workerEnded(worker: 7, fate: .finished))
        }
        #expect(ended, "the alarm task ended after its last period")
        if ended { await alarm.wait() }
        #expect(events.contains(.alarmTicked(worker: 7, n: 3, total: 3)))
        #expect(events.contains(.alarmFired(worker: 7)))
        #expect(events.last == .workerEnded(worker: 7, fate: .finished))
    }

    @Test func cancellingTheAlarmTaskRunsItsCancellationPath() async {
        let inbox = Inbox(clock: ManualWallClock())
        let clock = ManualClock()
        let handle = WorkerHandle(id: 8, name: "Alarm", kind: .task, model: .task)
        let alarm = AlarmWorker(life: WorkerLife(handle: handle, inbox: inbox, gate: nil), ticks: 5, periodMs: 1000, clock: clock)
        alarm.start()
        #expect(await waitUntilAsync { clock.sleeperCount == 1 })
        clock.advance(by: .milliseconds(1000))
        #expect(await waitUntilAsync { clock.sleeperCount == 1 && handle.iterations.load(ordering: .relaxed) == 2 })
        alarm.requestStop()
        var events: [DeckEvent] = []
        let ended = await waitUntilAsync(seconds: 60) {
            events += inbox.drain().map(\.event)
            return events.contains(.workerEnded(worker: 8, fate: .cancelled))
        }
        #expect(ended, "the cancelled alarm task ended")
        if ended { await alarm.wait() }
        #expect(events.contains(.alarmCancelled(worker: 8)))
        #expect(events.contains(.workerSaid(worker: 8, text: "cleanup: alarm disarmed")))
        #expect(!events.contains(.alarmFired(worker: 8)))
        #expect(events.last == .workerEnded(worker: 8, fate: .cancelled))
        #expect(handle.state == .cancelled)
    }

    @Test func theSnapshotWriterIsJoinedAtQuitAndLeavesACompleteFile() throws {
        let path = NSTemporaryDirectory() + "daemondeck-snapshot-test-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let driver = EngineDriver(config: config(monitors: 0) {
            $0.snapshotWriter = true
            $0.snapshotEveryMs = 60_000
            $0.snapshotPath = path
        })
        driver.start()
        #expect(driver.waitForLog("started (non-daemon Thread)", from: "Snapshot"))
        driver.engine.process(.key(.char("+")))
        driver.engine.process(.key(.char("q")))
        #expect(driver.run(until: { _ in driver.engine.exitCode == 0 }))
        // Joined for real: the registry forgets a worker only once its thread has been joined.
        #expect(driver.engine.runner.registry.worker(1) == nil)
        #expect(driver.state.worker(1)?.fate == .joined)
        #expect(driver.state.log.entries.contains { $0.source == "Snapshot" && $0.text == "joined" })
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: [String: Double]]
        #expect(saved?["data"]?["value"] == 1)
        #expect(saved?["data"]?["version"] == 1)
    }
}
