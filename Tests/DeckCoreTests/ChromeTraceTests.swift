import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// `e` writes the session as Chrome Trace Event JSON beside the JSON Lines log.
@Suite struct ChromeTraceTests {
    @Test func theExportedTraceParsesAndHasOneTrackPerWorker() throws {
        let folder = NSTemporaryDirectory() + "daemondeck-trace-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var config = DeckConfig()
        config.monitors = 2
        config.intervalMs = 10
        config.alarmTicks = 2
        config.alarmPeriodMs = 10
        config.snapshotEveryMs = 50
        config.snapshotPath = folder + "/snapshot.json"
        config.logPath = folder + "/session.jsonl"
        let driver = EngineDriver(config: config)
        defer { driver.stopAll() }
        driver.start()
        // Both monitors have looked once (so they hold a baseline version) before the main loop writes.
        #expect(driver.run(until: { _ in
            let monitors = driver.engine.runner.sampleWorkers().filter { $0.id <= 2 }
            return monitors.count == 2 && monitors.allSatisfy { $0.polls > 0 }
        }))
        driver.engine.process(.key(.char("+")))
        #expect(driver.waitForLog("data has changed"))
        driver.engine.process(.key(.char("e")))
        #expect(driver.waitForLog("wrote Chrome Trace"))

        let path = folder + "/session.trace.json"
        #expect(driver.state.timeline.exportedTracePath == path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(root["traceEvents"] as? [[String: Any]])
        let threadNames = events.filter { $0["name"] as? String == "thread_name" }
            .compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        for worker in driver.state.workers {
            #expect(threadNames.filter { $0.hasPrefix(worker.name + " (") }.count == 1, "one track for \(worker.name)")
        }
        #expect(threadNames.contains("Main (UI thread)"))
        let tids = events.filter { $0["name"] as? String == "thread_name" }.compactMap { $0["tid"] as? Int }
        #expect(Set(tids).count == tids.count)
        // Instants for log events, a duration for each worker's life.
        #expect(events.contains { $0["ph"] as? String == "i" && ($0["name"] as? String ?? "").contains("data has changed") })
        #expect(events.contains { $0["ph"] as? String == "X" && $0["name"] as? String == "Monitor-1 alive" })
    }

    /// Alarm ticks become durations (the sleep until the next tick), from a known sequence on a manual clock.
    @Test func alarmTicksBecomeSleepDurations() throws {
        var config = DeckConfig()
        config.monitors = 0
        config.snapshotWriter = false
        let start = Timestamp(milliseconds: 1_767_268_800_000)
        var state = AppState(config: config, now: start)
        _ = Reducer.start(&state)
        let alarm = try #require(state.alarm.workerID)
        for (ms, event) in [(0, DeckEvent.workerRunning(worker: alarm)), (1, .alarmTicked(worker: alarm, n: 1, total: 2)),
                            (1001, .alarmTicked(worker: alarm, n: 2, total: 2)), (2001, .alarmFired(worker: alarm))] {
            _ = Reducer.reduce(&state, PostedEvent(at: start.adding(milliseconds: ms), event: event))
        }
        let data = Data(ChromeTraceExporter.render(ChromeTraceExporter.input(state)).text.utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(root["traceEvents"] as? [[String: Any]])
        let ticks = events.filter { ($0["name"] as? String ?? "").hasPrefix("tick ") && $0["ph"] as? String == "X" }
        #expect(ticks.compactMap { $0["dur"] as? Int } == [1_000_000, 1_000_000])
        #expect(events.contains { $0["ph"] as? String == "i" && $0["name"] as? String == "ALARM!" })
    }

    @Test func theTracePathSitsBesideTheLog() {
        #expect(ChromeTraceExporter.path(besideLog: "daemondeck-log-1.jsonl") == "daemondeck-log-1.trace.json")
        #expect(ChromeTraceExporter.path(besideLog: "/tmp/x") == "/tmp/x.trace.json")
    }
}
