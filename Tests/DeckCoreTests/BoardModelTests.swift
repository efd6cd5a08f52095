import DeckCore
import Testing

@Suite struct BoardModelTests {
    static func board(_ text: String) throws -> Board { try BoardParser.parse(text, name: "test", file: "test.board") }

    static func report(_ text: String) throws -> BoardModel.Report {
        try BoardModel.explore(try board(text)).get()
    }

    static let race = """
        int counter = 0
        thread T1
          load counter
          add 1
          store counter
        thread T2
          load counter
          add 1
          store counter
        goal counter == 1
        """

    /// Two threads of three statements: C(6,3) = 20 interleavings. The counter ends at 2 only when one
    /// thread's store comes before the other's load. T1's store before T2's load means T1 ran all three
    /// statements before T2 began: 1 order; the same for T2 first: 1 order. Every other order has both
    /// loads before either store, so both threads store 0 + 1: 20 - 2 = 18 orders lose an update.
    @Test func raceCountsTwentyOrdersEighteenLoseAnUpdate() throws {
        let report = try Self.report(Self.race)
        #expect(report.orders == 20)
        #expect(report.finished == 20)
        #expect(report.goalOrders == 18)
        #expect(report.stuck == 0)
        // The shortest losing order is all six statements, both loads before either store.
        let hint = try #require(report.shortestGoal)
        #expect(hint.count == 6)
        let lines = BoardModel.describe(hint, in: try Self.board(Self.race))
        #expect(lines.count == 6)
        let loads = lines.indices.filter { lines[$0].hasSuffix("load counter") }
        let stores = lines.indices.filter { lines[$0].hasSuffix("store counter") }
        #expect(loads.count == 2 && stores.count == 2)
        #expect(loads.max() ?? 99 < stores.min() ?? -1)
    }

    /// With the lock around load, add, store, a thread that reaches `lock m` while the other holds it cannot
    /// move, so the only orders are T1 then T2 and T2 then T1: 2 orders, none loses an update.
    @Test func lockedRaceHasNoLosingOrder() throws {
        let report = try Self.report("""
            int counter = 0
            lock m
            thread T1
              lock m
              load counter
              add 1
              store counter
              unlock m
            thread T2
              lock m
              load counter
              add 1
              store counter
              unlock m
            goal counter == 1
            """)
        #expect(report.orders == 2)
        #expect(report.goalOrders == 0)
        #expect(report.shortestGoal == nil)
    }

    /// T1: lock A, lock B, unlock B, unlock A; T2 the same with B first. By hand, T1 moving first:
    /// T2 then locks B at once (deadlock, 1 order); or T1 takes B too, then T1 unlocks B, and then either
    /// T1 unlocks A and T2 runs all four alone, or T2 takes B, waits for A, T1 unlocks A and T2 finishes
    /// (2 orders). 3 orders from T1 first, 3 from T2 first by symmetry: 6 orders, 2 of them deadlock,
    /// and the shortest deadlock is two moves.
    @Test func oppositeLockOrderDeadlocksInTwoOfSixOrders() throws {
        let report = try Self.report("""
            lock A
            lock B
            thread T1
              lock A
              lock B
              unlock B
              unlock A
            thread T2
              lock B
              lock A
              unlock A
              unlock B
            goal deadlock
            """)
        #expect(report.orders == 6)
        #expect(report.stuck == 2)
        #expect(report.goalOrders == 2)
        #expect(report.sleepsForever == 0)
        #expect(report.shortestGoal?.count == 2)
    }

    /// One lock order for both: the thread that takes A second waits for it holding nothing, so no order
    /// deadlocks.
    @Test func oneLockOrderNeverDeadlocks() throws {
        let report = try Self.report("""
            lock A
            lock B
            thread T1
              lock A
              lock B
              unlock B
              unlock A
            thread T2
              lock A
              lock B
              unlock B
              unlock A
            goal deadlock
            """)
        #expect(report.orders == 2)
        #expect(report.goalOrders == 0)
        #expect(report.stuck == 0)
    }

    static let lostWakeUp = """
        lock m
        cond ready with m
        thread Waiter
          lock m
          wait ready
          unlock m
        thread Signaller
          lock m
          signal ready
          unlock m
        goal waiter-sleeps-forever
        """

    /// Signal before wait. The waiter first: it locks m and waits (releasing m); the signaller locks,
    /// signals (waking it), unlocks; the waiter takes m back and unlocks: 1 order. The signaller first: it
    /// locks, signals nobody, unlocks (the waiter cannot lock meanwhile); the waiter locks and waits for
    /// ever: 1 order. 2 orders, 1 with the waiter asleep for ever, in 5 moves.
    @Test func signalBeforeWaitLosesTheWakeUp() throws {
        let report = try Self.report(Self.lostWakeUp)
        #expect(report.orders == 2)
        #expect(report.goalOrders == 1)
        #expect(report.sleepsForever == 1)
        #expect(report.shortestGoal?.count == 5)
        let lines = BoardModel.describe(try #require(report.shortestGoal), in: try Self.board(Self.lostWakeUp))
        #expect(lines == ["Signaller: lock m", "Signaller: signal ready", "Signaller: unlock m", "Waiter: lock m", "Waiter: wait ready"])
    }

    /// The fix: a flag under the lock, and the wait in a `while` that checks it. Either the waiter sleeps
    /// first and the signal wakes it, or the flag is already 1 and it never waits: 2 orders, none sleeps.
    @Test func whileAroundTheWaitNeverSleepsForever() throws {
        let report = try Self.report("""
            int flag = 0
            lock m
            cond ready with m
            thread Waiter
              lock m
              while flag == 0
                wait ready
              end
              unlock m
            thread Signaller
              lock m
              write flag 1
              signal ready
              unlock m
            goal waiter-sleeps-forever
            """)
        #expect(report.orders == 2)
        #expect(report.goalOrders == 0)
        #expect(report.stuck == 0)
        #expect(report.finished == 2)
    }

    /// Check-then-act: both threads can see `busy == 0` before either writes 1, and both reach `critical`.
    @Test func checkThenActLetsBothIntoTheCriticalSection() throws {
        let report = try Self.report("""
            int busy = 0
            thread T1
              if busy == 0
                write busy 1
                critical
                write busy 0
              end
            thread T2
              if busy == 0
                write busy 1
                critical
                write busy 0
              end
            goal both-critical
            """)
        #expect(report.goalOrders > 0)
        // Shortest: each thread checks, then each writes 1: both are at `critical`.
        #expect(report.shortestGoal?.count == 4)
    }

    /// A busy-wait: each spin that changes nothing is not a new order. The spinner sees the flag only after
    /// the writer wrote it, so there is exactly 1 order, and when nobody ever writes, it spins for ever.
    @Test func spinningInPlaceIsNotANewOrder() throws {
        let writes = try Self.report("""
            int flag = 0
            thread Spinner
              while flag == 0
              end
            thread Writer
              write flag 1
            goal spins-forever
            """)
        #expect(writes.orders == 1)
        #expect(writes.goalOrders == 0)
        let never = try Self.report("""
            int flag = 0
            int other = 0
            thread Spinner
              while flag == 0
              end
            thread Writer
              write other 1
            goal spins-forever
            """)
        #expect(never.orders == 1)
        #expect(never.spinning == 1)
        #expect(never.goalOrders == 1)
    }

    /// Tasks switch only at `await`: two tasks that each read, await, then write back, lose an update only
    /// when both read before either writes. Each task's first move is forced to its await; orders:
    /// A then B fully (1), B then A fully (1), A reads+awaits, B reads+awaits, then either order of the two
    /// stores (2), and B first symmetric (2): 6 orders, 4 lose an update.
    @Test func tasksSwitchOnlyAtAwait() throws {
        let report = try Self.report("""
            int balance = 0
            task A
              load balance
              await
              add 1
              store balance
            task B
              load balance
              await
              add 1
              store balance
            goal balance == 1
            """)
        #expect(report.orders == 6)
        #expect(report.goalOrders == 4)
    }

    @Test func unlockingALockNotHeldIsAFaultNotACrash() throws {
        let report = try Self.report("""
            lock m
            thread T1
              unlock m
            thread T2
              lock m
            goal deadlock
            """)
        #expect(report.faults >= 1)
    }

    @Test func aFailedAssertEndsTheRun() throws {
        let report = try Self.report("""
            int x = 0
            thread T1
              write x 1
            thread T2
              assert x == 0
            goal assert-fails
            """)
        #expect(report.orders == 2)
        #expect(report.assertFailures == 1)
        #expect(report.goalOrders == 1)
    }
}
