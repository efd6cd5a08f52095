import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// One write landing between two looks of a monitor is reported: "missed 1 change of data: v2 never seen".
/// The looks are placed by hand with freeze and step (a parked monitor looks exactly once per step), so
/// the two writes land between two looks on any machine, however busy: no timing, no race.
@Suite struct MissedWriteTests {
    @Test func twoWritesBetweenTwoLooksReportOneMissedChange() throws {
        var config = DeckConfig()
        config.monitors = 1
        config.intervalMs = 5
        config.alarmAtLaunch = false
        config.snapshotWriter = false
        config.seed = 1
        let driver = EngineDriver(config: config)
        defer { driver.stopAll() }
        driver.start()
        #expect(driver.waitForLog("started", from: "Monitor-1"))
        let id = try #require(driver.state.workers.first { $0.name == "Monitor-1" }?.id)
        let gate = driver.engine.runner.freezeGate
        func step() {
            driver.engine.process(.freeze(.step(worker: "Monitor-1")))
            // One look, then parked again at its next checkpoint.
            #expect(waitUntil(seconds: 60) { gate.isParked(id) && driver.engine.runner.sampleWorkers().first { $0.id == id }?.state == .frozen })
        }
        driver.engine.process(.freeze(.freeze))
        #expect(waitUntil(seconds: 60) { gate.isParked(id) })

        driver.engine.process(.key(.char("+")))  // v1
        step()
        #expect(driver.waitForLog("data has changed to 1.000", from: "Monitor-1"))

        driver.engine.process(.key(.char("+")))  // v2, never seen
        driver.engine.process(.key(.char("+")))  // v3
        step()
        #expect(driver.waitForLog("data has changed to 3.000", from: "Monitor-1"))
        #expect(driver.waitForLog("missed 1 change of data: v2 never seen", from: "Monitor-1"))
        driver.engine.sampleWorkers()
        #expect(driver.state.worker(id)?.missed == 1)
        #expect(driver.state.worker(id)?.seen == 2)
        #expect(!driver.state.log.entries.contains { $0.text.contains("missed") && $0.text.contains("v1") }, "v1 was seen")
    }

    /// The reducer's side, on a manual clock: a monitor's report of one missed version becomes one warning line.
    @Test func theReducerLogsASingleMissedVersionByNumber() throws {
        let clock = ManualWallClock()
        var config = DeckConfig()
        config.monitors = 1
        config.seed = 1
        var state = AppState(config: config, now: clock.now())
        _ = Reducer.start(&state)
        let monitor = try #require(state.workers.first { $0.name == "Monitor-1" }?.id)
        clock.advance(milliseconds: 100)
        _ = Reducer.reduce(&state, PostedEvent(at: clock.now(), event: .changeDetected(
            worker: monitor, index: 0, reading: SharedValueReading(value: 3, version: 3), missedVersions: 2...2)))
        let lines = state.log.entries.filter { $0.source == "Monitor-1" }.map(\.text)
        #expect(lines.contains("missed 1 change of data: v2 never seen"), "\(lines)")
        #expect(state.log.entries.last?.emphasis == .warning)
    }
}
