import DeckCore
import DeckTestSupport
import Foundation
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
