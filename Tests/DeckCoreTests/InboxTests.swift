import DeckCore
import DeckTestSupport
import Foundation
import Synchronization
import Testing

@Suite struct InboxTests {
    func note(_ n: Int) -> DeckEvent { .note(source: "t", text: "\(n)") }

    @Test func eventsComeOutOldestFirst() {
        let inbox = Inbox(capacity: 8, clock: ManualWallClock())
        for n in 0..<5 { inbox.post(note(n)) }
        #expect(!inbox.isEmpty)
        #expect(inbox.drain().map(\.event) == (0..<5).map(note))
        #expect(inbox.isEmpty)
        #expect(inbox.drain().isEmpty)
    }

    @Test func aFullInboxDropsAndCountsInsteadOfWaiting() {
        let inbox = Inbox(capacity: 4, clock: ManualWallClock())
        for n in 0..<7 { inbox.post(note(n)) }
        #expect(inbox.dropped == 3)
        #expect(inbox.drain().map(\.event) == (0..<4).map(note))
        inbox.post(note(9))  // room again after the drain
        #expect(inbox.drain().map(\.event) == [note(9)])
        #expect(inbox.dropped == 3)
    }

    @Test func capacityIsRoundedUpToAPowerOfTwo() {
        #expect(Inbox(capacity: 1000).capacity == 1024)
    }

    @Test func theFirstEventAfterADrainWakesTheSleeper() throws {
        let waker = try #require(Waker())
        let inbox = Inbox(capacity: 8, clock: ManualWallClock(), waker: waker)
        inbox.post(note(1))
        inbox.post(note(2))
        var byte: UInt8 = 0
        #expect(read(waker.readFD, &byte, 1) == 1)  // one wake for the first event
        #expect(read(waker.readFD, &byte, 1) == -1)  // none for the second
        _ = inbox.drain()
        inbox.post(note(3))
        #expect(read(waker.readFD, &byte, 1) == 1)
    }

    @Test func eventsPostedWhileDrainingWaitForTheNextDrain() {
        let inbox = Inbox(capacity: 8, clock: ManualWallClock())
        inbox.post(note(1))
        var seen: [DeckEvent] = []
        inbox.drain { posted in
            seen.append(posted.event)
            inbox.post(note(2))
        }
        #expect(seen == [note(1)])
        #expect(inbox.drain().map(\.event) == [note(2)])
    }

    @Test func manyProducersLoseNothingAndKeepTheirOwnOrder() throws {
        let waker = try #require(Waker())
        let inbox = Inbox(capacity: 1 << 16, waker: waker)
        let producers = 4, each = 5_000
        for p in 0..<producers {
            Thread {
                for n in 0..<each { inbox.post(.note(source: "p\(p)", text: "\(n)")) }
            }.start()
        }
        var next = Array(repeating: 0, count: producers)
        var inOrder = true
        let deadline = monotonicNanos() + 20_000_000_000
        while next.reduce(0, +) < producers * each && monotonicNanos() < deadline {
            inbox.drain { posted in
                guard case .note(let source, let text) = posted.event, let p = Int(source.dropFirst()) else { return }
                if Int(text) != next[p] { inOrder = false }
                next[p] += 1
            }
            waker.wait(timeoutMs: 50)
        }
        #expect(next == Array(repeating: each, count: producers))
        #expect(inOrder)
        #expect(inbox.dropped == 0)
    }
}

/// Events from one thread come out in the order that thread posted them, whether they went into the
/// lock-free ring (droppable reports) or the ordered queue (lifecycle events), and lifecycle events are
/// never dropped.
@Suite struct InboxOrderTests {
    func note(_ n: Int) -> DeckEvent { .note(source: "t", text: "\(n)") }

    @Test func aWorkersSayingAndEndingPostedDuringADrainComeOutInOrder() {
        let inbox = Inbox(capacity: 4, clock: ManualWallClock())
        for n in 0..<4 { inbox.post(note(n)) }  // the ring is full
        let said = DeckEvent.workerSaid(worker: 1, text: "cleanup ran")
        let ended = DeckEvent.workerEnded(worker: 1, fate: .stoppedWithCleanup)
        var delivered: [DeckEvent] = []
        var posted = false
        inbox.drain { event in
            delivered.append(event.event)
            if !posted {
                // One slot has just been freed: the worker says its cleanup ran, then ends.
                posted = true
                inbox.post(said)
                inbox.post(ended)
            }
        }
        delivered += inbox.drain().map(\.event)
        #expect(delivered.filter { !$0.mayBeDropped } == [said, ended], "cleanup must be logged before the end")
        #expect(delivered.filter(\.mayBeDropped) == (0..<4).map(note))
        #expect(inbox.isEmpty)
    }

    @Test func lifecycleEventsAreNeverDroppedWhenTheRingIsFull() {
        let inbox = Inbox(capacity: 4, clock: ManualWallClock())
        for n in 0..<4 { inbox.post(note(n)) }
        let lives: [DeckEvent] = [.workerRunning(worker: 2), .alarmFired(worker: 3), .alarmCancelled(worker: 3),
                                  .workerEnded(worker: 2, fate: .finished)]
        for event in lives {
            inbox.post(event)
            inbox.post(note(99))  // dropped: the ring is still full
        }
        #expect(inbox.dropped == 4, "only the notes were dropped")
        let delivered = inbox.drain().map(\.event)
        #expect(delivered == (0..<4).map(note) + lives)
    }

    /// Two threads flood droppable notes into a small ring while two others post said/ended pairs (with
    /// notes of their own between them). Every round, every pair arrives whole and in order, and each
    /// poster's notes keep their place among its lifecycle events.
    @Test func saidAndEndedPairsBesideFloodsArriveInOrderEveryRound() throws {
        let waker = try #require(Waker())
        let posters = 2, pairs = 300, rounds = 30
        var inversions = 0, missing = 0, roundsRun = 0
        let deadline = monotonicNanos() + 120_000_000_000  // all rounds together: generous on a busy machine
        for _ in 0..<rounds where monotonicNanos() < deadline {
            roundsRun += 1
            let inbox = Inbox(capacity: 16, waker: waker)
            let flooding = Atomic<Bool>(true)
            let finished = Atomic<Int>(0)
            let postersDone = Atomic<Int>(0)
            for f in 0..<2 {
                Thread {
                    var n = 0
                    while flooding.load(ordering: .relaxed) {
                        inbox.post(.note(source: "flood\(f)", text: "\(n)"))
                        n += 1
                    }
                    finished.add(1, ordering: .releasing)
                }.start()
            }
            for p in 0..<posters {
                Thread {
                    // Worker ids say who posted and in which order: poster p's k-th event is p * 1_000_000 + k.
                    var k = 0
                    for _ in 0..<pairs {
                        inbox.post(.note(source: "poster\(p)", text: "\(p * 1_000_000 + k)")); k += 1
                        inbox.post(.workerSaid(worker: p * 1_000_000 + k, text: "cleanup ran")); k += 1
                        inbox.post(.note(source: "poster\(p)", text: "\(p * 1_000_000 + k)")); k += 1
                        inbox.post(.workerEnded(worker: p * 1_000_000 + k, fate: .stoppedWithCleanup)); k += 1
                    }
                    postersDone.add(1, ordering: .releasing)
                    finished.add(1, ordering: .releasing)
                }.start()
            }
            var last = Array(repeating: -1, count: posters)
            var lifecycle = 0
            func sequence(_ event: DeckEvent) -> Int? {
                switch event {
                case .workerSaid(let id, _), .workerEnded(let id, _): id
                case .note(let source, let text) where source.hasPrefix("poster"): Int(text)
                default: nil
                }
            }
            while monotonicNanos() < deadline {
                // The floods stop once the posters are done; read before the drain, so a drain after every
                // producer has finished that leaves the inbox empty has seen everything.
                if postersDone.load(ordering: .acquiring) == posters { flooding.store(false, ordering: .relaxed) }
                let allFinished = finished.load(ordering: .acquiring) == posters + 2
                let drained = inbox.drain { posted in
                    guard let number = sequence(posted.event) else { return }
                    if !posted.event.mayBeDropped { lifecycle += 1 }
                    let p = number / 1_000_000
                    if number <= last[p] { inversions += 1 }
                    last[p] = number
                }
                if allFinished && inbox.isEmpty { break }
                if drained == 0 { waker.wait(timeoutMs: 20) }
            }
            flooding.store(false, ordering: .relaxed)
            #expect(waitUntil(seconds: 30) { finished.load(ordering: .acquiring) == posters + 2 })
            missing += posters * pairs * 2 - lifecycle
        }
        #expect(roundsRun == rounds, "every round ran within the deadline")
        #expect(inversions == 0, "events of one thread delivered out of order")
        #expect(missing == 0, "lifecycle events lost")
    }
}

/// However fast lifecycle events are posted, the inbox holds a bounded number of them: a producer that
/// finds the ordered queue full waits (counted) until the UI thread drains, and loses nothing.
@Suite struct InboxBoundTests {
    @Test func aLifecycleFloodWaitsAtTheBoundInsteadOfGrowing() throws {
        let waker = try #require(Waker())
        let inbox = Inbox(capacity: 16, lifecycleCapacity: 32, waker: waker)
        let total = 32 * 20
        let posted = Atomic<Int>(0)
        Thread {
            for n in 0..<total {
                inbox.post(.workerSaid(worker: 1, text: "\(n)"))
                posted.add(1, ordering: .releasing)
            }
        }.start()
        // Nothing drains yet: the producer fills the queue to its bound, then waits there.
        #expect(waitUntil(seconds: 30) { inbox.postsWaited == 1 }, "the producer waits for a drain")
        #expect(inbox.lifecycleHeld == 32)
        #expect(posted.load(ordering: .acquiring) == 32, "no post went past the bound")
        var received: [Int] = []
        let deadline = monotonicNanos() + 60_000_000_000
        while received.count < total && monotonicNanos() < deadline {
            let drained = inbox.drain { event in
                if case .workerSaid(_, let text) = event.event, let n = Int(text) { received.append(n) }
            }
            if drained == 0 { waker.wait(timeoutMs: 20) }
        }
        #expect(received == Array(0..<total), "every event, in order")
        #expect(inbox.dropped == 0)
        #expect(inbox.lifecycleHighWater <= 32, "the queue never held more than its capacity")
        #expect(inbox.postsWaited >= 1)
        #expect(inbox.lifecycleHeld == 0)
    }

    @Test func theDrainingThreadsOwnPostsNeverWaitForItself() {
        let inbox = Inbox(capacity: 4, lifecycleCapacity: 2, clock: ManualWallClock())
        inbox.post(.workerRunning(worker: 1))
        inbox.post(.workerRunning(worker: 2))  // the queue is at its bound
        let delivered = Guarded<[DeckEvent]?>(nil)
        // The drain runs on a thread of its own, so that if it waited for itself this test would fail, not hang.
        Thread {
            var seen: [DeckEvent] = []
            inbox.drain { posted in
                seen.append(posted.event)
                // Effects run on the draining thread report back (a join does): that must not wait for a drain.
                if case .workerRunning(let id) = posted.event {
                    inbox.post(.workerJoined(worker: id, joined: true))
                    inbox.post(.workerJoined(worker: id + 10, joined: true))
                }
            }
            seen += inbox.drain().map(\.event)
            delivered.withLock { $0 = seen }
        }.start()
        #expect(waitUntil(seconds: 30) { delivered.withLock { $0 } != nil }, "the drain waited for itself")
        #expect(delivered.withLock { $0 } == [.workerRunning(worker: 1), .workerRunning(worker: 2),
                                             .workerJoined(worker: 1, joined: true), .workerJoined(worker: 11, joined: true),
                                             .workerJoined(worker: 2, joined: true), .workerJoined(worker: 12, joined: true)])
        #expect(inbox.postsWaited == 0)
    }
}
