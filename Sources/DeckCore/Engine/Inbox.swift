#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// The one queue every thread posts into. Posting never waits for another thread: the inbox is a bounded
/// ring of slots (a multi-producer, single-consumer queue). A producer claims a slot with one atomic
/// compare-and-swap, writes its event there and publishes it; if the ring is full the event is dropped and
/// counted instead. No producer holds anything another producer needs, so one that is preempted mid-post
/// delays nobody but itself (a mutex here made other workers wait for it, for milliseconds on a busy machine).
/// The UI thread takes events out in order. The slot storage is allocated once, so memory stays flat
/// under any flood.
public final class Inbox: @unchecked Sendable { // safe: slot contents are handed over by each slot's sequence number (release/acquire), see post/take
    public let capacity: Int
    private let mask: Int
    private let clock: any WallClock
    /// Per slot: `position` when free for the producer of `position`, `position + 1` once it holds that event.
    private let sequences: UnsafeMutablePointer<Atomic<Int>>
    private let slots: UnsafeMutablePointer<PostedEvent>
    /// Next position a producer claims, and next position the consumer takes.
    private let tail = Atomic<Int>(0)
    private let head = Atomic<Int>(0)
    private let droppedCount = Atomic<Int>(0)
    /// Events that must never be dropped but found the ring full: kept here, in order, until the next drain.
    private let overflow = Guarded<[PostedEvent]>([])
    private let overflowCount = Atomic<Int>(0)
    /// Set by the consumer when it found the ring empty; the next producer clears it and wakes the consumer.
    private let wakeArmed = Atomic<Bool>(true)
    private let waker: Waker?

    /// - Parameters:
    ///   - capacity: most events waiting at once (rounded up to a power of two); more are dropped and counted.
    ///   - waker: signalled when the inbox goes from empty to non-empty, so a sleeping UI loop wakes.
    /// 4,096 slots of 64 bytes (256 KB): the UI drains every frame, so even a flood at millions of events
    /// a second only drops what it could not have drawn (and counts it).
    public init(capacity: Int = 4_096, clock: any WallClock = SystemWallClock(), waker: Waker? = nil) {
        var size = 2
        while size < capacity { size <<= 1 }
        self.capacity = size
        self.mask = size - 1
        self.clock = clock
        self.waker = waker
        sequences = .allocate(capacity: size)
        for i in 0..<size { (sequences + i).initialize(to: Atomic(i)) }
        slots = .allocate(capacity: size)
        // Touch every page now, so a producer never takes a page fault (which can sleep) inside `post`.
        memset(slots, 0, size * MemoryLayout<PostedEvent>.stride)
    }

    deinit {
        while take({ _ in }) {}
        sequences.deinitialize(count: capacity)
        sequences.deallocate()
        slots.deallocate()
    }

    public var dropped: Int { droppedCount.load(ordering: .relaxed) }

    /// Bytes of the ring allocated (and touched) once at start: slots plus their sequence numbers.
    public var fixedBytes: Int { capacity * (MemoryLayout<PostedEvent>.stride + MemoryLayout<Atomic<Int>>.stride) }

    /// One slot's size: the largest event case, its time and the enum's tag.
    public static var slotBytes: Int { MemoryLayout<PostedEvent>.stride }

    public func post(_ event: DeckEvent) {
        post(PostedEvent(at: clock.now(), event: event))
    }

    public func post(_ posted: PostedEvent) {
        var position = tail.load(ordering: .relaxed)
        while true {
            let sequence = sequences[position & mask].load(ordering: .acquiring)
            if sequence == position {
                let (claimed, current) = tail.weakCompareExchange(
                    expected: position, desired: position + 1, successOrdering: .relaxed, failureOrdering: .relaxed)
                if claimed { break }
                position = current
            } else if sequence < position {
                // Full: the consumer has not freed this slot yet. A high-rate report is dropped and counted;
                // a lifecycle or result event waits in the overflow list instead.
                if posted.event.mayBeDropped {
                    droppedCount.add(1, ordering: .relaxed)
                } else {
                    overflow.withLock { $0.append(posted) }
                    overflowCount.add(1, ordering: .sequentiallyConsistent)
                    waker?.wake()
                }
                return
            } else {
                position = tail.load(ordering: .relaxed)  // another producer took it; try the next one
            }
        }
        (slots + (position & mask)).initialize(to: posted)
        // Sequentially consistent, like the flag check below: with the consumer's arm-then-look it forms a
        // Dekker pair, so either the consumer sees this event or this producer sees the flag armed.
        sequences[position & mask].store(position + 1, ordering: .sequentiallyConsistent)
        if wakeArmed.load(ordering: .sequentiallyConsistent),
           wakeArmed.exchange(false, ordering: .sequentiallyConsistent) {
            waker?.wake()
        }
    }

    /// Takes the oldest published event, if any, and hands it to `body`. Consumer side only.
    private func take(_ body: (PostedEvent) -> Void) -> Bool {
        let position = head.load(ordering: .relaxed)
        let sequence = sequences[position & mask].load(ordering: .acquiring)
        guard sequence == position + 1 else { return false }
        let posted = (slots + (position & mask)).move()
        sequences[position & mask].store(position + capacity, ordering: .releasing)
        head.store(position + 1, ordering: .relaxed)
        body(posted)
        return true
    }

    /// Hands every waiting event to `body`, oldest first, on the calling (UI) thread; returns how many.
    /// Events posted while it runs (by effects of these events) wait for the next drain, so it always ends.
    /// Only one thread may drain an inbox.
    @discardableResult
    public func drain(_ body: (PostedEvent) -> Void) -> Int {
        let limit = tail.load(ordering: .acquiring) - head.load(ordering: .relaxed)
        var count = 0
        while count < limit, take(body) { count += 1 }
        if overflowCount.load(ordering: .sequentiallyConsistent) > 0 {
            let kept = overflow.withLock { list in
                defer { list.removeAll() }
                return list
            }
            overflowCount.subtract(kept.count, ordering: .sequentiallyConsistent)
            for posted in kept { body(posted) }
            count += kept.count
        }
        // Arm the wake-up before looking once more, so a post racing with this drain (or a producer still
        // writing its slot) is never left unseen: either we see its event now, or it sees the armed flag.
        wakeArmed.store(true, ordering: .sequentiallyConsistent)
        if !isEmpty, wakeArmed.exchange(false, ordering: .sequentiallyConsistent) { waker?.wake() }
        return count
    }

    /// Takes every waiting event, oldest first.
    public func drain() -> [PostedEvent] {
        var taken: [PostedEvent] = []
        drain { taken.append($0) }
        return taken
    }

    public var isEmpty: Bool {
        let position = head.load(ordering: .relaxed)
        return sequences[position & mask].load(ordering: .sequentiallyConsistent) != position + 1
            && overflowCount.load(ordering: .sequentiallyConsistent) == 0
    }
}

