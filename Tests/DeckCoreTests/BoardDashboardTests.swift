import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// A board played in the dashboard, on its real threads, through the same events keys and the menu give:
/// start, step, a refused move, the shortest win, a serial loss, the hint and `x`. Every wait has a deadline;
/// the wall clock is manual (no timing is assumed, only the threads' own reports).
@Suite(.serialized) struct BoardDashboardTests {
    static func driver(_ board: String) throws -> EngineDriver {
        var config = DeckConfig()
        config.monitors = 0
        config.snapshotWriter = false
        config.alarmAtLaunch = false
        config.board = try BoardLibrary.source(board)
        return EngineDriver(config: config, clock: ManualWallClock())
    }

    /// Steps the named threads in order (steps given while one runs wait their turn), then waits until the
    /// board has settled with every step taken, or has an outcome.
    static func play(_ driver: EngineDriver, _ steps: [String]) -> Bool {
        for name in steps { driver.engine.process(.freeze(.step(worker: name))) }
        return driver.run(until: { state in
            guard let session = state.board else { return false }
            return session.outcome != nil || (!session.inFlight && session.queued.isEmpty)
        }, seconds: 60)
    }

    static func started(_ driver: EngineDriver) -> Bool {
        driver.start()
        // Settled, and counted: the counts come from the counter's thread, not the UI thread.
        return driver.run(until: { $0.board?.report?.settled == true && $0.board?.counts != .counting }, seconds: 60)
    }

    @Test func theBoardStartsWithTheModelsCountAndEveryThreadAtItsFirstStatement() throws {
        let driver = try Self.driver("lost-update")
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        let session = try #require(driver.state.board)
        #expect(session.countsText == "of the 20 possible orders, 18 reach the goal")
        #expect(session.report?.pcs == [0, 0])
        #expect(session.report?.statuses == [.parked, .parked])
        #expect(driver.state.workers.filter { session.ids.contains($0.id) }.map(\.name) == ["T1", "T2"], "the Workers panel lists the board's threads")
        let screen = DashboardView.render(driver.state, width: 80, height: 24)
        #expect(screen.contains("of the 20 possible orders, 18 reach the goal"))
        #expect(screen.contains("▶ load counter"))
    }

    @Test func theShortestScheduleWinsTheLostUpdate() throws {
        let driver = try Self.driver("lost-update")
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        #expect(Self.play(driver, ["T1", "T2", "T1", "T1", "T2", "T2"]))
        let session = try #require(driver.state.board)
        #expect(session.report?.ints == [1], "two increments, counter = 1")
        #expect(session.outcome?.won == true)
        #expect(session.outcome?.text.hasPrefix("WON in 6 moves, shortest win 6") == true, "\(session.outcome?.text ?? "no outcome")")
        #expect(session.history.first == "T1: load counter")
        // The level's `# after a win:` line is said once the goal is met.
        #expect(driver.state.log.entries.contains { $0.text.hasPrefix("Both threads loaded 0 before either stored") })
    }

    /// A signal with two sleepers is two moves (either may wake): after `h` names one, `s` wakes that one,
    /// not always the first sleeper.
    @Test func aSignalWakesTheSleeperTheHintNamed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wake-second-\(getpid())-\(UUID().uuidString.prefix(8)).board")
        try """
            int x
            lock m
            cond c with m
            thread W1
              lock m
              wait c
              unlock m
            thread W2
              lock m
              wait c
              assert x == 5
              unlock m
            thread S
              lock m
              signal c
              unlock m
            goal assert-fails
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let driver = try Self.driver(file.path)
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        #expect(Self.play(driver, ["W1", "W1", "W2", "W2", "S"]))
        driver.engine.process(.key(.char("h")))
        #expect(driver.state.status?.text.hasPrefix("hint: S: signal c (wakes W2)") == true, "\(driver.state.status?.text ?? "no status")")
        #expect(Self.play(driver, ["S"]))
        #expect(driver.state.board?.history.last == "S: signal c (wakes W2)", "\(driver.state.board?.history ?? [])")
    }

    /// When the selected thread finishes, the selection moves to the next unfinished thread in board order
    /// and the status bar says which; Tab then skips the finished thread, and s steps the selected one.
    @Test func theSelectionFollowsTheLearnersThreadWhenOneFinishes() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("three-\(getpid())-\(UUID().uuidString.prefix(8)).board")
        try """
            int x = 0
            thread T1
              load x
              add 1
              store x
            thread T2
              load x
            thread T3
              load x
              add 1
              store x
            goal x == 5
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let driver = try Self.driver(file.path)
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        let ids = try #require(driver.state.board?.ids)
        #expect(driver.state.freeze.selectedWorker == ids[0])
        driver.engine.process(.key(.tab))
        #expect(driver.state.freeze.selectedWorker == ids[1], "Tab selects T2")
        driver.engine.process(.key(.char("s")))
        // T2 has run its only statement, and its thread has ended.
        #expect(driver.run(until: { state in
            guard let session = state.board else { return false }
            return !session.inFlight && session.hasFinished(1) && state.worker(ids[1])?.isAlive == false
        }, seconds: 60))
        #expect(driver.state.freeze.selectedWorker == ids[2], "T2 finished: the next unfinished thread is T3")
        #expect(driver.state.status?.text.hasPrefix("T2 has finished: T3 is selected") == true, "\(driver.state.status?.text ?? "no status")")
        let screen = DashboardView.render(driver.state, width: 80, height: 24)
        #expect(screen.contains("▸ T3"), "\(screen)")
        // s steps T3, the selected thread (not the first one).
        driver.engine.process(.key(.char("s")))
        #expect(driver.run(until: { $0.board.map { !$0.inFlight && $0.history.count == 2 } ?? false }, seconds: 60))
        #expect(driver.state.board?.history.last == "T3: load x", "\(driver.state.board?.history ?? [])")
        // Tab goes round the unfinished threads only: T1, then T3 again.
        driver.engine.process(.key(.tab))
        #expect(driver.state.freeze.selectedWorker == ids[0], "Tab from T3 goes round to T1")
        driver.engine.process(.key(.tab))
        #expect(driver.state.freeze.selectedWorker == ids[2], "Tab from T1 skips the finished T2")
    }

    /// `goal spins-forever` is won in the dashboard as the model counts it: once every move can only bring
    /// the board back to a state this game has been in.
    @Test func aSpinThatCanOnlyComeBackIsWon() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spin-\(getpid())-\(UUID().uuidString.prefix(8)).board")
        try """
            int flag
            int go
            thread Spinner
              while flag == 0
              end
            thread Setter
              load go
              if local == 1
                write flag 1
              end
            thread Other
              write go 1
            goal spins-forever
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let driver = try Self.driver(file.path)
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        #expect(Self.play(driver, ["Setter", "Setter", "Other"]))
        let session = try #require(driver.state.board)
        #expect(session.outcome?.won == true, "\(session.outcome?.text ?? "no outcome")")
        #expect(session.outcome?.text.contains("only spinning is left") == true, "\(session.outcome?.text ?? "no outcome")")
    }

    @Test func aSerialScheduleLosesAsSoonAsTheGoalIsOutOfReach() throws {
        let driver = try Self.driver("lost-update")
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        #expect(Self.play(driver, ["T1", "T1", "T1"]))
        let session = try #require(driver.state.board)
        #expect(session.report?.ints == [1])
        #expect(session.outcome?.won == false)
        #expect(session.outcome?.text.hasPrefix("LOST after 3 moves") == true, "\(session.outcome?.text ?? "no outcome")")
        driver.engine.process(.freeze(.step(worker: "T2")))
        #expect(driver.state.status?.text.contains("this board is over") == true, "n or s cannot play on past the end")
    }

    @Test func aMoveTheModelSaysIsBlockedIsRefusedWithTheReason() throws {
        // A board of one's own, from a file: A waits for an event only B sets.
        let path = NSTemporaryDirectory() + "event-\(getpid()).board"
        try "int x = 0\nevent go\nthread A\n  waitevent go\n  write x 1\nthread B\n  set go\ngoal x == 1\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let driver = try Self.driver(path)
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        driver.engine.process(.freeze(.step(worker: "A")))
        #expect(driver.state.status?.text == "A waits for event go, which is not set: another thread must set it")
        #expect(driver.state.board?.history.isEmpty == true, "the refused move is not made")
        #expect(driver.state.board?.outcome == nil)
        #expect(Self.play(driver, ["B", "A", "A"]))
        #expect(driver.state.board?.outcome?.won == true, "once B has set it, A goes on")
    }

    @Test func theLostWakeUpIsWonBySignallingBeforeTheWait() throws {
        let driver = try Self.driver("lost-wakeup")
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        #expect(Self.play(driver, ["Signaller", "Signaller", "Signaller", "Waiter", "Waiter"]))
        #expect(driver.state.board?.report?.statuses.first == .asleep)
        #expect(driver.state.board?.outcome?.won == true, "\(driver.state.board?.outcome?.text ?? "no outcome")")
    }

    @Test func aLockHeldByAnotherReallyBlocksAndGoesOnWhenItIsFreed() throws {
        let driver = try Self.driver("lost-update-lock")
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        #expect(driver.state.board?.countsText.hasPrefix("none of the") == true, "the fix: no order loses an update")
        #expect(Self.play(driver, ["T1", "T2"]))  // T1 holds m; T2 tries it and blocks inside `lock m`
        #expect(driver.state.board?.report?.statuses.last == .blocked("lock m"))
        #expect(driver.state.board?.outcome == nil, "a fix is played to its end")
        driver.engine.process(.freeze(.step(worker: "T2")))
        #expect(driver.state.status?.text.contains("T2 is blocked on lock m (held by T1)") == true)
        #expect(Self.play(driver, ["T1", "T1", "T1", "T1"]))  // load, add, store, unlock: T2 takes m and parks
        #expect(driver.run(until: { $0.board?.report?.statuses.last == .parked && $0.board?.report?.pcs.last == 1 }, seconds: 60))
        #expect(driver.state.board?.report?.holders == [1], "T2 now holds m")
        #expect(driver.state.board?.outcome == nil, "decided before T2 ran: \(Self.logText(driver))")
        #expect(Self.play(driver, ["T2", "T2", "T2", "T2"]))
        // Waits for T2's store itself, not only for the steps to be let through (a loaded machine, TSan).
        #expect(driver.run(until: { $0.board?.report?.ints == [2] }, seconds: 60), "\(Self.logText(driver))")
        #expect(driver.state.board?.outcome?.won == false)
    }

    /// The log's last lines, for a failure message.
    static func logText(_ driver: EngineDriver) -> String {
        driver.state.log.entries.suffix(20).map { "\($0.source): \($0.text)" }.joined(separator: "\n")
    }

    /// A task board in the dashboard: its rows are `Task`s (real tasks on the board's actor), the reentrancy is
    /// won by letting the second withdrawal in while the first is suspended at its await, and the stop at the
    /// end ends every task (each join sees the task's last act). Off the pool: the driver blocks while it
    /// waits, and the board's tasks need the pool's threads.
    @Test func theActorReentrancyIsWonOnRealTasksThatEndAtTheStop() async throws {
        let result = await offThePool { () -> [String] in
            var problems: [String] = []
            let driver: EngineDriver
            do { driver = try Self.driver("actor-reentrancy") } catch { return ["\(error)"] }
            guard Self.started(driver) else { return ["the board did not start"] }
            let ids = driver.state.board?.ids ?? []
            let models = ids.compactMap { driver.state.worker($0)?.model }
            if models != [.task, .task] { problems.append("rows: \(models)") }
            let steps = Array(repeating: "Withdraw1", count: 3) + Array(repeating: "Withdraw2", count: 3)
                + Array(repeating: "Withdraw1", count: 3) + Array(repeating: "Withdraw2", count: 3)
            if !Self.play(driver, steps) { problems.append("the moves did not settle") }
            let outcome = driver.state.board?.outcome
            if outcome?.won != true { problems.append("outcome: \(outcome?.text ?? "none")") }
            let registry = driver.engine.runner.registry
            for id in ids { registry.requestStop(id) }
            for id in ids where !registry.join(id, timeoutMs: 60_000) { problems.append("task \(id) did not end") }
            driver.stopAll()
            return problems
        }
        #expect(result == [], "\(result ?? ["timed out"])")
    }

    /// The executor rule holds for a lock too: in `asyncio-lock`, once A has taken m it keeps the executor
    /// until its await, so B cannot even try the lock (it would enter the actor while A runs); the refusal
    /// names the executor, not the lock. After A's await, B may try m and really waits for it.
    @Test func aTaskCannotTryALockWhileAnotherHoldsTheExecutor() async throws {
        let result = await offThePool { () -> [String] in
            var problems: [String] = []
            let driver: EngineDriver
            do { driver = try Self.driver("asyncio-lock") } catch { return ["\(error)"] }
            defer { driver.stopAll() }
            guard Self.started(driver) else { return ["the board did not start"] }
            if !Self.play(driver, ["A"]) { problems.append("A's lock did not settle") }
            driver.engine.process(.freeze(.step(worker: "B")))
            let status = driver.state.status?.text ?? ""
            if status != "tasks share one executor: A runs until it awaits, blocks or finishes" { problems.append("status: \(status)") }
            if driver.state.board?.history != ["A: lock m"] { problems.append("history: \(driver.state.board?.history ?? [])") }
            if !Self.play(driver, []) { problems.append("did not settle") }
            if driver.state.board?.report?.statuses != [.parked, .parked] { problems.append("statuses: \(String(describing: driver.state.board?.report?.statuses))") }
            // A reaches its await: the executor is free, and B tries m and blocks on it, as an asyncio.Lock waiter.
            if !Self.play(driver, ["A", "A", "B"]) { problems.append("A's await did not settle") }
            if !(driver.state.status?.text.contains("B tries lock m, held by A: it blocks") ?? false) {
                problems.append("status after the await: \(driver.state.status?.text ?? "")")
            }
            if driver.state.board?.report?.statuses.last != .blocked("lock m") { problems.append("B is not blocked on m") }
            return problems
        }
        #expect(result == [], "\(result ?? ["timed out"])")
    }

    @Test func theDeadlockIsWonWhenEachTakesItsFirstLock() throws {
        let driver = try Self.driver("deadlock")
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        #expect(Self.play(driver, ["T1", "T2"]))
        let text = driver.state.board?.outcome?.text ?? ""
        #expect(driver.state.board?.outcome?.won == true)
        #expect(text.contains("T1 holds A and waits at `lock B`; T2 holds B and waits at `lock A`"), "\(text)")
    }

    @Test func theHintNamesTheNextStepOfAShortestWinFromWhereTheBoardStands() throws {
        let driver = try Self.driver("lost-update")
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        #expect(Self.play(driver, ["T1"]))
        driver.engine.process(.key(.char("h")))
        // From T1 having loaded, the shortest win needs T2 to load before T1 stores: 5 moves are left.
        #expect(driver.state.status?.text.contains("(5 moves to the goal)") == true, "\(driver.state.status?.text ?? "")")
    }

    @Test func xStartsOverWithFreshThreads() throws {
        let driver = try Self.driver("lost-update")
        defer { driver.stopAll() }
        #expect(Self.started(driver))
        #expect(Self.play(driver, ["T1", "T1", "T1"]))
        let oldIDs = driver.state.board?.ids
        driver.engine.process(.key(.char("x")))
        #expect(driver.state.board?.ids != oldIDs)
        #expect(driver.state.board?.history.isEmpty == true)
        #expect(driver.state.board?.outcome == nil)
        #expect(driver.run(until: { $0.board?.report?.settled == true && $0.board?.report?.pcs == [0, 0] }, seconds: 60))
        #expect(driver.run(until: { state in oldIDs?.allSatisfy { state.worker($0) == nil } ?? false }, seconds: 60),
                "the old threads stop and leave the Workers panel")
        #expect(driver.state.board?.outcome == nil, "an old thread's last report does not end the new board")
    }

    @Test func aBoardFileThatDoesNotParseIsRefusedWithFileAndLine() throws {
        let path = NSTemporaryDirectory() + "bad-\(getpid()).board"
        try "int x = 0\nthread T1\n  lod x\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: BoardLoadError.self) { try BoardLibrary.source(path) }
        do { _ = try BoardLibrary.source(path) } catch { #expect(error.description.hasPrefix("\(path):3: unknown statement 'lod'")) }
        do { _ = try BoardLibrary.source("no-such-board") } catch { #expect(error.description.contains("boards: lost-update, lost-update-lock")) }
    }

    @Test func everyShippedBoardIsListedAndEmbedded() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Resources/boards").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".board") }
            .map { String($0.dropLast(6)) }.sorted()
        #expect(BoardLibrary.shippedNames.sorted() == files, "DeckResources.boards lists every Resources/boards file")
        #expect(BoardLibrary.shipped().count == files.count, "every shipped board parses")
    }
}
