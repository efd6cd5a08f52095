import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// Freeze and step on real threads: workers park on the gate, a step lets exactly one loop iteration run.
@Suite struct FreezeStepTests {
    static func config(monitors: Int = 1, snapshot: Bool = false) -> DeckConfig {
        var config = DeckConfig()
        config.monitors = monitors
        config.intervalMs = 5
        config.snapshotWriter = snapshot
        config.snapshotEveryMs = 20
        config.snapshotPath = (NSTemporaryDirectory() as NSString).appendingPathComponent("daemondeck-freeze-\(UUID().uuidString).json")
        config.alarmAtLaunch = false
        return config
    }

    func polls(_ driver: EngineDriver, _ id: WorkerID) -> Int {
        driver.engine.runner.sampleWorkers().first { $0.id == id }?.polls ?? -1
    }

    @Test func aStepReleasesExactlyOneIteration() throws {
        let driver = EngineDriver(config: Self.config())
        defer { driver.stopAll() }
        driver.start()
        let gate = driver.engine.runner.freezeGate
        #expect(driver.waitForLog("started", from: "Monitor-1"))
        let id = try #require(driver.state.workers.first { $0.name == "Monitor-1" }?.id)

        driver.engine.process(.key(.char("z")))
        #expect(driver.state.freeze.isFrozen)
        #expect(waitUntil(seconds: 60) { gate.isParked(id) })
        let before = polls(driver, id)
        // Parked means parked: the count does not move while we look (checked again after the step).
        driver.engine.sampleWorkers()
        #expect(driver.state.workers.first { $0.id == id }?.state == .frozen)

        driver.engine.process(.freeze(.step(worker: "Monitor-1")))
        #expect(waitUntil(seconds: 60) { polls(driver, id) == before + 1 })
        // It ran its one iteration; it must now be parked again, and still at +1.
        #expect(waitUntil(seconds: 60) { gate.isParked(id) })
        #expect(polls(driver, id) == before + 1)
        driver.engine.sampleWorkers()
        #expect(driver.state.workers.first { $0.id == id }?.polls == before + 1)
        #expect(driver.state.workers.first { $0.id == id }?.state == .frozen)

        driver.engine.process(.key(.char("z")))
        #expect(!driver.state.freeze.isFrozen)
        #expect(waitUntil(seconds: 60) { polls(driver, id) > before + 2 })
    }

    @Test func aFrozenMonitorStillStopsAndCleansUp() {
        let driver = EngineDriver(config: Self.config())
        defer { driver.stopAll() }
        driver.start()
        #expect(driver.waitForLog("started", from: "Monitor-1"))
        driver.engine.process(.freeze(.freeze))
        let id = driver.state.workers[0].id
        #expect(waitUntil(seconds: 60) { driver.engine.runner.freezeGate.isParked(id) })
        driver.engine.process(.key(.char("M")))
        #expect(driver.waitForLog("cleanup ran", from: "Monitor-1"))
    }

    @Test func quittingWhileFrozenJoinsTheParkedNonDaemon() {
        let driver = EngineDriver(config: Self.config(monitors: 0, snapshot: true))
        defer { driver.stopAll() }
        driver.start()
        #expect(driver.waitForLog("started", from: "Snapshot"))
        driver.engine.process(.key(.char("z")))
        let id = driver.state.workers[0].id
        #expect(waitUntil(seconds: 60) { driver.engine.runner.freezeGate.isParked(id) })
        driver.engine.process(.key(.char("q")))
        #expect(driver.run(until: { if case .exiting(_, false) = $0.quit { true } else { false } }))
        #expect(driver.engine.runner.registry.worker(id) == nil, "joined and forgotten")
        #expect(driver.state.worker(id)?.fate == .joined)
    }

    @Test func autoMutationStopsWhileFrozen() {
        var config = Self.config(monitors: 0)
        config.auto = true
        let clock = ManualWallClock()
        let driver = EngineDriver(config: config, clock: clock)
        driver.start()
        driver.engine.process(.freeze(.freeze))
        let writes = driver.state.auto.writes
        clock.advance(milliseconds: 60_000)
        driver.engine.process(.tick)
        #expect(driver.state.auto.writes == writes)
        #expect(driver.state.nextDueAt == nil)
        driver.engine.process(.freeze(.thaw))
        #expect(driver.state.nextDueAt != nil)
    }

    /// The alarm task parks without holding a thread, ticks once per step, and a cancel still reaches it.
    /// The waiting happens on a thread of its own, so the test holds no thread the task may need.
    @Test func theAlarmTaskParksStepsAndCancels() async {
        let gate = FreezeGate()
        let clock = ManualClock()
        let inbox = Inbox()
        let handle = WorkerHandle(id: 7, name: "Alarm", kind: .task, model: .task)
        let alarm = AlarmWorker(life: WorkerLife(handle: handle, inbox: inbox, gate: gate), ticks: 3, periodMs: 1000, clock: clock)
        gate.freeze()
        alarm.start()
        let results = await offThePool(seconds: 300) {
            var checks: [String: Bool] = [:]
            checks["parked before tick 1"] = waitUntil(seconds: 60) { gate.isParked(7) }
            checks["no tick while parked"] = handle.iterations.load(ordering: .relaxed) == 0 && handle.state == .frozen
            gate.step(7)
            checks["one tick after a step"] = waitUntil(seconds: 60) {
                handle.iterations.load(ordering: .relaxed) == 1 && clock.sleeperCount == 1
            }
            clock.advance(by: .seconds(1))
            checks["parked again"] = waitUntil(seconds: 60) { gate.isParked(7) }
            checks["still one tick"] = handle.iterations.load(ordering: .relaxed) == 1
            alarm.requestStop()
            var events: [DeckEvent] = []
            checks["cancel reaches the parked task"] = waitUntil(seconds: 60) {
                events += inbox.drain().map(\.event)
                return events.contains(.workerEnded(worker: 7, fate: .cancelled))
            }
            checks["Alarm cancelled"] = events.contains(.alarmCancelled(worker: 7))
            checks["exactly one tick event"] = events.filter { if case .alarmTicked = $0 { true } else { false } }.count == 1
            return checks
        }
        #expect(results != nil, "the checks did not finish within 300 s")
        for (check, ok) in (results ?? [:]).sorted(by: { $0.key < $1.key }) { #expect(ok, "\(check)") }
    }
}

/// Runs `body` on a thread of its own and awaits its result, so blocking waits never hold a thread of the
/// cooperative pool (on a 2-core machine the pool has 2 threads, and the alarm task needs one).
/// Bounded: nil when `body` has not returned within `seconds`, so a wait that never ends fails the test.
func offThePool<T: Sendable>(seconds: Double = 600, _ body: @escaping @Sendable () -> T) async -> T? {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: onThread(seconds: seconds, body)) }.start()
    }
}
