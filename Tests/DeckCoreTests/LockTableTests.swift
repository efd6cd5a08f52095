import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// The lessons' locks made visible: holder, waiters, how long, contention; and the panel that shows them.
@Suite struct LockTableTests {
    @Test func holdersWaitersAndContentionAreRecorded() throws {
        let changes = Guarded(0)
        let table = LockTable(["A"]) { _ in changes.update { $0 += 1 } }
        #expect(table.acquire("A", by: "T1"))
        #expect(table.snapshot[0].holder == "T1")
        var blocked = 0
        #expect(!table.acquire("A", by: "T2", giveUp: { true }, blocked: { blocked += 1 }))
        #expect(blocked == 1)
        #expect(table.snapshot[0].contentions == 1)
        #expect(table.snapshot[0].waiters.isEmpty, "a thread that gave up no longer waits")
        // A real handoff: T2 blocks on a thread of its own until T1 lets go.
        let got = Guarded<Bool?>(nil)
        let waiter = try #require(PosixThread(name: "waiter") { got.update { $0 = table.acquire("A", by: "T2") } })
        #expect(waitUntil(seconds: 30) { table.snapshot[0].waiters == ["T2"] })
        #expect(table.snapshot[0].text(elapsedMs: 0).contains("held by T1"))
        #expect(table.snapshot[0].text(elapsedMs: 0).contains("T2 waits"))
        table.release("A", by: "T1")
        // Bounded: a release that never hands over fails here; only then is the join sure to return.
        #expect(got.wait(until: { $0 != nil }, deadline: monotonicNanos() + 60_000_000_000), "T2 takes the lock T1 released")
        if got.withLock({ $0 }) != nil { waiter.join() }
        #expect(got.withLock { $0 } == true)
        #expect(table.snapshot[0].holder == "T2")
        #expect(table.snapshot[0].contentions == 2)
        #expect(changes.withLock { $0 } >= 5)
    }

    @Test func theLocksPanelShowsWhoHoldsAndWhoWaits() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 10_000))
        var a = LockView(name: "A")
        a.holder = "Thread-1"
        a.heldMs = 1000
        a.waiters = ["Thread-2"]
        a.waitingSince = [0]
        a.waitedMs = [900]
        a.contentions = 1
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.locksChanged([a, LockView(name: "B")]))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now.adding(milliseconds: 500), event: .tick))
        let screen = DashboardView.render(state, width: 100, height: 40).text
        #expect(screen.contains("Locks · who holds, who waits"))
        // The times count on from the report: 1.0 s + 0.5 s, 0.9 s + 0.5 s.
        #expect(screen.contains("lock A: held by Thread-1 1.5 s, Thread-2 waits 1.4 s · contended 1×"))
        #expect(screen.contains("lock B: free"))
    }
}
