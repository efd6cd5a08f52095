@testable import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// The model and the real run agree: every schedule the model finds is played on real threads, or for a
/// task board on real `Task`s on one actor (each parked at a freeze gate before every statement, stepped one
/// statement at a time), and after every move
/// the real board — atomics, lock holders, permits, events, each thread's place, local and phase — is the
/// state the model predicts; the run ends the same way and meets the goal the same way. Each move waits
/// until the threads hold still again (a deadline of a minute), so nothing depends on timing.
@Suite(.serialized) struct BoardPlayerTests {
    /// Plays `run` on real threads; returns what differed from the model (empty: they agree).
    static func play(_ board: Board, _ run: BoardModel.Run) -> [String] {
        let real: BoardRun
        do { real = try BoardRun(board: board) } catch { return ["\(error)"] }
        defer { real.finish() }
        guard real.settle() else { return ["the threads did not reach their first gate"] }
        var problems: [String] = []
        var states = [real.player.state]
        guard states[0] == BoardModel.initialState(board) else { return ["the real board does not start as the model does"] }
        for (n, move) in run.moves.enumerated() {
            do { try real.step(move, index: n) } catch { return problems + ["\(error)"] }
            let now = real.player.state
            if n < run.states.count {
                if now != run.states[n] { problems.append("after move \(n + 1): real \(now) ≠ model \(run.states[n])") }
                states.append(now)
            }
        }
        // How the real run ended: a statement that ended it, or no move left (finished or stuck).
        let ending: BoardModel.Ending
        if let ended = real.player.ending {
            ending = ended
        } else if case .spinning = run.ending {
            // Only moves back to states already seen are left: checked on the real state.
            let left = BoardModel.moves(board, from: states.last!)
            let repeats = left.allSatisfy { move in
                if case .success(let next) = BoardModel.apply(move, in: board, to: states.last!) { return states.contains(next) }
                return false
            }
            ending = repeats && !left.isEmpty ? .spinning : .fault("not spinning")
        } else {
            let left = BoardModel.moves(board, from: real.player.state)
            if !left.isEmpty { problems.append("the real board still allows \(left)") }
            ending = BoardModel.endingWithoutMoves(board, real.player.state)
        }
        if ending != run.ending { problems.append("real run ends \(ending), the model's \(run.ending)") }
        let goal = BoardModel.goalMet(board, ending: ending, final: run.states.isEmpty || real.player.ending != nil ? nil : states.last,
                                      along: states)
        if goal != run.goal { problems.append("real run meets the goal: \(goal), the model: \(run.goal)") }
        return problems
    }

    @discardableResult
    static func agree(_ board: Board, file: String) async throws -> [BoardModel.Run] {
        let runs = try BoardModel.runs(board).get()
        let report = try BoardModel.explore(board).get()
        #expect(runs.count == report.orders, "\(file): runs listed = orders counted")
        #expect(runs.filter(\.goal).count == report.goalOrders, "\(file): runs meeting the goal = the count")
        for (n, run) in runs.enumerated() {
            // On a thread of its own: the steps block while they wait, and a task board's tasks need the pool.
            let problems = await offThePool { play(board, run) } ?? ["the run did not end within 600 s"]
            #expect(problems.isEmpty, "\(file) run \(n + 1) \(BoardModel.describe(run.moves, in: board)): \(problems)")
        }
        return runs
    }

    @Test(arguments: ShippedBoards.paths)
    func everyScheduleOfAShippedBoardPlaysTheSameOnRealThreads(path: String) async throws {
        try await Self.agree(try BoardParser.parse(file: path), file: (path as NSString).lastPathComponent)
    }

    /// What the shipped boards do not use yet: a signal with two sleepers (either may wake), broadcast,
    /// semaphores, events, assert and critical, and a task board whose tasks park at `await`.
    @Test(arguments: [
        ("two-sleepers", """
         lock m
         cond c with m
         thread A
           lock m
           wait c
           unlock m
         thread B
           lock m
           wait c
           unlock m
         thread S
           signal c
           broadcast c
         goal deadlock
         """),
        ("semaphore-event", """
         int x = 0
         sem s = 0
         event e
         thread P
           release s
           write x 1
           set e
         thread C
           acquire s
           assert x == 1
           waitevent e
           clear e
         goal assert-fails
         """),
        ("critical", """
         int flag = 0
         thread A
           if flag == 0
             write flag 1
             critical
           end
         thread B
           if flag == 0
             write flag 1
             critical
           end
         goal both-critical
         """),
        ("reentrancy", """
         int balance = 10
         task W1
           load balance
           if local >= 10
             await
             load balance
             add -10
             store balance
           end
         task W2
           load balance
           if local >= 10
             await
             load balance
             add -10
             store balance
           end
         goal balance < 0
         """),
        // A thread (and a task) that ends holding a lock keeps it locked: the other is stuck for ever.
        ("ends-holding-a-lock", """
         int x = 0
         lock m
         thread A
           lock m
           write x 1
         thread B
           lock m
           write x 2
           unlock m
         goal deadlock
         """),
        ("task-ends-holding-a-lock", """
         int x = 0
         lock m
         task A
           lock m
           write x 1
         task B
           lock m
           write x 2
           unlock m
         goal deadlock
         """),
    ])
    func boardsOfEveryStatementPlayTheSameOnRealThreads(name: String, text: String) async throws {
        let board = try BoardParser.parse(text, name: name, file: name)
        let runs = try await Self.agree(board, file: name)
        // Each of these boards has its bug: some orders meet the goal, some do not.
        #expect(runs.contains { $0.goal } && runs.contains { !$0.goal }, "\(name): \(runs.count) runs")
    }

    /// A deadlock on the real board is real: stepping a stuck thread into its `lock` blocks it in the
    /// LockTable, waiting for the lock the other holds.
    @Test func aDeadlockedThreadReallyBlocksInItsLock() throws {
        let board = try BoardParser.parse(file: ShippedBoards.folder.appendingPathComponent("deadlock.board").path)
        let real = try BoardRun(board: board)
        defer { real.finish() }
        try real.step(.init(thread: 0, wakes: nil), index: 0)
        try real.step(.init(thread: 1, wakes: nil), index: 1)
        #expect(BoardModel.moves(board, from: real.player.state).isEmpty)
        real.forceStep(0)
        #expect(real.settle())
        #expect(real.player.statuses[0] == .blocked("lock B"))
        #expect(real.player.locks.snapshot.first { $0.name == "B" }?.waiters == [board.threads[0].name])
    }

    /// Plays `moves` (thread indices) on a fresh real board, off the pool; returns the board and what failed.
    static func playMoves(_ board: Board, _ moves: [Int]) async -> (BoardRun?, String?) {
        await offThePool {
            let real: BoardRun
            do { real = try BoardRun(board: board) } catch { return (nil, "\(error)") }
            for (n, t) in moves.enumerated() {
                do { try real.step(.init(thread: t, wakes: nil), index: n) } catch {
                    real.finish()
                    return (nil, "\(error)")
                }
            }
            return (real, nil)
        } ?? (nil, "the moves did not end within 600 s")
    }

    /// Plays `moves` on a fresh real board, hands it to `check`, and whatever `check` does (a failed
    /// `#require` included) finishes the board off the pool: `finish` waits for tasks that need the pool.
    static func withMoves<T: Sendable>(_ board: Board, _ moves: [Int], _ check: (BoardRun) async throws -> T) async throws -> T {
        let (played, failure) = await playMoves(board, moves)
        let real = try #require(played, "\(failure ?? "")")
        do {
            let result = try await check(real)
            await finishOffThePool(real)
            return result
        } catch {
            await finishOffThePool(real)
            throw error
        }
    }

    static func finishOffThePool(_ real: BoardRun) async {
        let finished = await offThePool(seconds: 120) { real.finish() }
        #expect(finished != nil, "the board's tasks did not end within 120 s")
    }

    /// Actor reentrancy, observed on the real actor: Withdraw1 checks the balance and suspends at its `await`,
    /// still inside its call on the actor; Withdraw2 then runs its statements on the same actor, and the actor
    /// records that it ran them while Withdraw1 was suspended there. Played one task after the other instead,
    /// nothing enters while another is suspended, and the balance is not overdrawn.
    @Test func aSecondTaskEntersTheActorWhileTheFirstIsSuspendedAtAwait() async throws {
        let board = try BoardParser.parse(file: ShippedBoards.folder.appendingPathComponent("actor-reentrancy.board").path)
        try await Self.withMoves(board, [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1]) { real in
            let actor = try #require(real.actor, "a task board runs on an actor")
            let reentries = await actor.reentries
            // Withdraw2's load and check ran while Withdraw1 was suspended at its await.
            #expect(Array(reentries.prefix(3)) == [.init(task: 1, whileSuspended: [0]), .init(task: 1, whileSuspended: [0]),
                                                    .init(task: 1, whileSuspended: [0])], "\(reentries)")
            #expect(reentries.contains(.init(task: 0, whileSuspended: [1])), "Withdraw1 came back while Withdraw2 was suspended")
            #expect(real.player.state.ints == [-10], "both withdrawals passed the check made before their await")
            #expect(real.player.statuses == [.finished, .finished])
        }
        try await Self.withMoves(board, [0, 0, 0, 0, 0, 0, 1, 1]) { serial in
            let serialReentries = await serial.actor?.reentries
            #expect(serialReentries == [], "no task ran while another was suspended at await")
            #expect(serial.player.state.ints == [0])
        }
    }

    /// A task that checks what it waits for, finds it missing, and sees the board change before its
    /// continuation is stored goes on at once: it must not read as blocked meanwhile (the board would look
    /// settled while the task moves). The hook puts the change in that window, every time.
    @Test func aTaskPassedByAChangeWhileSuspendingIsNeverShownBlocked() async throws {
        let board = try BoardParser.parse("event go\ntask A\n  waitevent go\ntask B\n  set go\ngoal deadlock\n", name: "window", file: "window")
        let inWindow = Guarded<[BoardPlayer.Status]>([])
        let player = BoardPlayer(board: board, onLocksChange: { _ in }, beforeSuspending: { player, t in
            inWindow.update { $0.append(player.statuses[t]) }
            // Another task sets the event here, between A's check and its continuation.
            player.sync.update { $0.events[0] = true }
            player.changed()
        })
        player.willStep(0, wakes: nil)
        let wentOn = await player.suspend(0, blockedOn: "event go") { $0.events[0] }
        #expect(wentOn, "the event was set: A goes on")
        #expect(inWindow.withLock { $0 } == [.running], "between its check and its continuation A still counts as running")
        #expect(player.statuses[0] == .running, "A goes on: it is not marked blocked")
    }
}
