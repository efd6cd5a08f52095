import DeckCore
import DeckTestSupport
import Foundation
import Synchronization
import Testing

/// daemondeck's own lifecycle does what its lessons teach: a quit really waits for (joins) non-daemon
/// workers, a full inbox never loses a worker's end, a stop or a new setting wakes a sleeping monitor at
/// once, and a cancelled task never stays parked. Timing checks are lower bounds only (a busy machine
/// makes things slower, never faster) or generous deadlines on conditions.
@Suite struct LifecycleTests {
    static func quietConfig(_ change: (inout DeckConfig) -> Void = { _ in }) -> DeckConfig {
        var config = DeckConfig()
        config.monitors = 0
        config.alarmAtLaunch = false
        config.snapshotWriter = false
        config.auto = false
        config.seed = 1
        change(&config)
        return config
    }

    @Test func quitWaitsForASlowNonDaemonCleanupAndPrintsIt() {
        let path = NSTemporaryDirectory() + "daemondeck-join-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = Self.quietConfig {
            $0.snapshotWriter = true
            $0.snapshotEveryMs = 60_000
            $0.snapshotPath = path
            $0.snapshotFinalSaveDelayMs = 1000
        }
        let lines = Guarded<[String]>([])
        // Bounded: a quit that never ends (its join lost) fails here within two minutes instead of hanging.
        let run = onThread(seconds: 120) { () -> (code: Int32, seconds: Double) in
            let runner = PlainRunner(config: config, duration: 0.2, output: { line in lines.withLock { $0.append(line) }; return true })
            let started = monotonicNanos()
            let code = runner.run(installSignals: false)
            return (code, Double(monotonicNanos() - started) / 1e9)
        }
        guard let (code, seconds) = run else {
            Issue.record("the run did not end within 120 s of a 0.2 s run: the quit never finished joining the snapshot writer")
            return
        }
        let printed = lines.withLock { $0 }
        #expect(code == 0)
        // The run ends 0.2 s in; the final save takes 1 s more, and the quit waits for it.
        #expect(seconds >= 1.2, "exit came \(seconds) s after the start: the quit did not wait for the cleanup")
        let cleanup = printed.firstIndex { $0.contains("Snapshot cleanup: final snapshot saved") }
        let joined = printed.firstIndex { $0.hasSuffix("Snapshot joined") }
        #expect(cleanup != nil, "the cleanup line is printed")
        #expect(joined != nil)
        if let cleanup, let joined { #expect(cleanup < joined, "the join comes after the cleanup") }
        #expect(printed.contains { $0.contains("Snapshot") && $0.contains("joined, cleanup ran") })
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aFullInboxNeverDropsAWorkersEnd() {
        let driver = EngineDriver(config: Self.quietConfig {
            $0.snapshotWriter = true
            $0.snapshotEveryMs = 60_000
            $0.snapshotPath = NSTemporaryDirectory() + "daemondeck-full-\(UUID().uuidString).json"
        })
        driver.start()
        #expect(driver.waitForLog("started (non-daemon Thread)", from: "Snapshot"))
        let inbox = driver.engine.inbox
        // Fill the ring (nothing drains it meanwhile), then ask the writer to stop: its end must still arrive.
        for n in 0..<(inbox.capacity + 100) { inbox.post(.note(source: "Flood", text: "event \(n)")) }
        #expect(inbox.dropped > 0, "the ring is full")
        driver.engine.process(.quitRequested)
        #expect(driver.run(until: { _ in driver.engine.exitCode != nil }, seconds: 20))
        #expect(driver.engine.exitCode == 0)
        #expect(driver.state.worker(1)?.fate == .joined)
        #expect(driver.state.droppedEvents > 0, "the dropped notes are counted")
    }

    @Test func aNewIntervalWakesASleepingPollingMonitorAtOnce() {
        let driver = EngineDriver(config: Self.quietConfig {
            $0.monitors = 1
            $0.intervalMs = 10_000
        })
        driver.start()
        defer { driver.quit() }
        #expect(driver.run(until: { _ in driver.engine.runner.sampleWorkers().first.map { $0.polls == 1 && $0.state == .sleeping } ?? false }))
        // Halving 10 s down to 10 ms: the monitor is woken, not left in its 10 s sleep.
        for _ in 0..<10 { driver.engine.process(.key(.char("["))) }
        #expect(driver.run(until: { _ in (driver.engine.runner.sampleWorkers().first?.polls ?? 0) >= 5 }, seconds: 30))
    }

    @Test func aQueueMonitorSeesEveryWriteOfABurst() {
        let driver = EngineDriver(config: Self.quietConfig {
            $0.monitors = 1
            $0.intervalMs = 10_000
        })
        driver.start()
        defer { driver.quit() }
        for _ in 0..<2 { driver.engine.process(.key(.char("w"))) }
        #expect(driver.state.monitorStrategy == .queue)
        #expect(driver.waitForLog("every write now arrives as a message", from: "Monitor-1"))
        // A burst with no pause at all: polling or a broadcast would merge it; the queue keeps every write.
        for _ in 0..<20 { driver.engine.process(.key(.char("+"))) }
        #expect(driver.waitForLog("data has changed to 20.000", from: "Monitor-1"))
        let seen = driver.state.log.entries.filter { $0.source == "Monitor-1" && $0.text.contains("data has changed") }
        #expect(seen.count == 20)
        #expect(!driver.state.log.entries.contains { $0.text.contains("never seen") })
    }

    @Test func aTaskCancelledWhileFrozenNeverStaysParked() async {
        let gate = FreezeGate()
        gate.freeze()
        let handle = WorkerHandle(id: 1, name: "Task", kind: .task, model: .task)
        for _ in 0..<200 {
            let finished = Atomic<Bool>(false)
            let task = Task.detached {
                await gate.checkpointAsync(handle)
                finished.store(true, ordering: .releasing)
            }
            task.cancel()  // may land before, during or after the continuation is stored: all must resume it
            #expect(await waitUntilAsync(seconds: 30) { finished.load(ordering: .acquiring) })
            gate.forget(1)
        }
    }
}

/// The races and slips found in review, each pinned by a test that fails without its fix.
@Suite struct ReviewFixTests {
    @Test func aReapedChildsPidIsNeverSignalledAgain() {
        let inbox = Inbox()
        let handle = WorkerHandle(id: 1, name: "daemon-exit", kind: .nonDaemon, model: .process)
        let worker = ChildProcessWorker(life: WorkerLife(handle: handle, inbox: inbox, gate: nil),
                                        binary: TmuxSession.binaryPath, scenario: .daemonExit)
        worker.start()
        #expect(waitUntil(seconds: 20) { worker.signalTarget != nil || worker.life.hasEnded })
        #expect(worker.join(timeoutMs: 20_000), "the child scenario ends by itself in about a second")
        #expect(worker.signalTarget == nil, "after the reap the number may belong to another process")
        worker.requestStop()  // must not signal anyone
        let events = inbox.drain().map(\.event)
        #expect(events.contains(.workerEnded(worker: 1, fate: .finished)))
    }

    @Test func aChildSentSIGTERMAtQuitIsReportedKilledNotJoined() {
        let driver = EngineDriver(config: LifecycleTests.quietConfig { $0.childBinaryPath = TmuxSession.binaryPath })
        driver.start()
        driver.engine.process(.lesson(.runChild(.job)))
        #expect(driver.waitForLog("child pid", seconds: 20))
        #expect(driver.quit() == 0)
        let row = driver.state.workers.first { $0.role == .child }
        #expect(row?.fate == .killed)
        #expect(driver.frontend.summary?.contains("killed by a signal, cleanup never ran") == true)
        #expect(driver.state.log.entries.contains { $0.text.contains("killed by signal 15 (SIGTERM)") })
    }

    @Test func aFailedFinalSaveIsNotReportedAsSaved() {
        let driver = EngineDriver(config: LifecycleTests.quietConfig {
            $0.snapshotWriter = true
            $0.snapshotEveryMs = 60_000
            $0.snapshotPath = "/proc/daemondeck-nowhere/snapshot.json"
        })
        driver.start()
        #expect(driver.waitForLog("started", from: "Snapshot"))
        #expect(driver.quit() == 0)
        let lines = driver.state.log.entries.filter { $0.source == "Snapshot" }.map(\.text)
        #expect(lines.contains("cleanup: the final snapshot could not be saved"))
        #expect(!lines.contains { $0.contains("final snapshot saved") })
    }

    @Test func theTemporarySnapshotFileIsRemovedAtTheEnd() throws {
        let driver = EngineDriver(config: LifecycleTests.quietConfig { $0.snapshotWriter = true; $0.snapshotEveryMs = 60_000 })
        driver.start()
        #expect(driver.waitForLog("started", from: "Snapshot"))
        let path = driver.engine.runner.snapshotPath
        #expect(driver.quit() == 0)
        #expect(driver.state.log.entries.contains { $0.text.contains("final snapshot saved") })
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
