#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// The one queue every thread posts into, and the UI thread drains.
///
/// Two queues behind one `post`, chosen by the event (`DeckEvent.mayBeDropped`):
/// - **Droppable reports** (change detections, notes, write reports, samples) go into a bounded lock-free
///   ring (a multi-producer, single-consumer queue). A producer claims a slot with one atomic
///   compare-and-swap, writes its event and publishes it; if the ring is full the event is dropped and
///   counted. Posting one never waits for another thread.
/// - **Everything else** (a worker started, said something, ended; the alarm fired or was cancelled;
///   exports, lesson steps, signals) goes into a lock-protected ordered queue and is never dropped. The
///   queue holds at most `lifecycleCapacity` of them; a producer that finds it full waits until the UI
///   thread has drained some (each such post is counted: `postsWaited`, `longestWaitNanos`). The UI thread's
///   own posts never wait (it would wait for itself); they can take the queue past its capacity by at most
///   what it posts while running the effects of one drain.
///
/// **Order.** Events posted by one thread are delivered in the order that thread posted them, across both
/// queues. Each ordered-queue entry records the ring's tail when it was queued (read under the queue's
/// lock): every ring event before that position was posted before it, every later one after. The drain
/// merges the two by that position, and takes the ring position limit and the ordered queue's contents in
/// one look, under the same lock, so a drain never delivers a thread's later event and leaves its earlier
/// one for the next drain. An entry whose earlier ring slot is claimed but not yet published waits for it
/// (until the next drain if need be): it is delayed, never reordered. Dropping a report changes no order.
/// Events of different threads have no order between them beyond that.
///
/// **Memory.** The ring's slots are allocated and touched once (`fixedBytes`); the ordered queue holds at
/// most `lifecycleCapacity` events (plus the UI thread's own), however fast they are posted.
public final class Inbox: @unchecked Sendable { // safe: ring slots are handed over by each slot's sequence number (release/acquire), see postDroppable/take; all other shared state is atomics or `Guarded`
    public let capacity: Int
    /// Most lifecycle (never-dropped) events held at once before their producers wait.
    public let lifecycleCapacity: Int
    private let mask: Int
    private let clock: any WallClock
    /// Per slot: `position` when free for the producer of `position`, `position + 1` once it holds that event.
    private let sequences: UnsafeMutablePointer<Atomic<Int>>
    private let slots: UnsafeMutablePointer<PostedEvent>
    /// Next ring position a producer claims, and next position the consumer takes.
    private let tail = Atomic<Int>(0)
    private let head = Atomic<Int>(0)
    private let droppedCount = Atomic<Int>(0)
    /// Lifecycle events, in the order they were posted, each with the ring position it comes before.
    private let ordered = Guarded(OrderedQueue())
    /// Lifecycle events posted and not yet delivered (mirrors `OrderedQueue.held`, readable without the lock).
    private let heldCount = Atomic<Int>(0)
    private let waitedCount = Atomic<Int>(0)
    private let longestWait = Atomic<UInt64>(0)
    /// The thread that drains (or created) this inbox: its posts must never wait for a drain.
    private let consumerThread = Atomic<UInt>(0)
    /// Set by the consumer when it found the inbox empty; the next producer clears it and wakes the consumer.
    private let wakeArmed = Atomic<Bool>(true)
    private let waker: Waker?

    /// - Parameters:
    ///   - capacity: droppable events waiting at once in the ring (rounded up to a power of two); more are
    ///     dropped and counted.
    ///   - lifecycleCapacity: lifecycle events held at once; a producer of one more waits for the UI thread.
    ///   - waker: signalled when the inbox goes from empty to non-empty, so a sleeping UI loop wakes.
    /// 4,096 slots of 64 bytes (256 KB): the UI drains every frame, so even a flood at millions of events
    /// a second only drops what it could not have drawn (and counts it). Lifecycle events come a few at a
    /// time (a worker's start, cleanup and end), so 1,024 of them waiting means the UI thread is far behind.
    public init(capacity: Int = 4_096, lifecycleCapacity: Int = 1_024, clock: any WallClock = SystemWallClock(),
                waker: Waker? = nil) {
        var size = 2
        while size < capacity { size <<= 1 }
        self.capacity = size
        self.lifecycleCapacity = max(1, lifecycleCapacity)
        self.mask = size - 1
        self.clock = clock
        self.waker = waker
        sequences = .allocate(capacity: size)
        for i in 0..<size { (sequences + i).initialize(to: Atomic(i)) }
        slots = .allocate(capacity: size)
        // Touch every page now, so a producer never takes a page fault (which can sleep) inside `post`.
        memset(slots, 0, size * MemoryLayout<PostedEvent>.stride)
        // Until the first drain, the thread that made the inbox (the UI thread) is its consumer.
        consumerThread.store(Self.currentThread(), ordering: .relaxed)
    }

    deinit {
        while take({ _ in }) {}
        sequences.deinitialize(count: capacity)
        sequences.deallocate()
        slots.deallocate()
    }

    /// Droppable events dropped because the ring was full.
    public var dropped: Int { droppedCount.load(ordering: .relaxed) }

    /// Lifecycle posts that had to wait because `lifecycleCapacity` events were already held.
    public var postsWaited: Int { waitedCount.load(ordering: .acquiring) }

    /// The longest such wait, in nanoseconds.
    public var longestWaitNanos: UInt64 { longestWait.load(ordering: .relaxed) }

    /// Lifecycle events held now (posted, not yet delivered).
    public var lifecycleHeld: Int { heldCount.load(ordering: .relaxed) }

    /// The most lifecycle events ever held at once.
    public var lifecycleHighWater: Int { ordered.withLock { $0.highWater } }

    /// Bytes of the ring allocated (and touched) once at start: slots plus their sequence numbers.
    public var fixedBytes: Int { capacity * (MemoryLayout<PostedEvent>.stride + MemoryLayout<Atomic<Int>>.stride) }

    /// One slot's size: the largest event case, its time and the enum's tag.
    public static var slotBytes: Int { MemoryLayout<PostedEvent>.stride }

    public func post(_ event: DeckEvent) {
        post(PostedEvent(at: clock.now(), event: event))
    }

    /// Droppable events: never waits (dropped and counted if the ring is full). Lifecycle events: never
    /// dropped; waits while `lifecycleCapacity` of them are held, unless called by the draining thread.
    public func post(_ posted: PostedEvent) {
        if posted.event.mayBeDropped {
            postDroppable(posted)
        } else {
            postInOrder(posted)
        }
    }

    private func postDroppable(_ posted: PostedEvent) {
        var position = tail.load(ordering: .relaxed)
        while true {
            let sequence = sequences[position & mask].load(ordering: .acquiring)
            if sequence == position {
                let (claimed, current) = tail.weakCompareExchange(
                    expected: position, desired: position + 1, successOrdering: .relaxed, failureOrdering: .relaxed)
                if claimed { break }
                position = current
            } else if sequence < position {
                // Full: the consumer has not freed this slot yet.
                droppedCount.add(1, ordering: .relaxed)
                return
            } else {
                position = tail.load(ordering: .relaxed)  // another producer took it; try the next one
            }
        }
        (slots + (position & mask)).initialize(to: posted)
        // Sequentially consistent, like the flag check below: with the consumer's arm-then-look it forms a
        // Dekker pair, so either the consumer sees this event or this producer sees the flag armed.
        sequences[position & mask].store(position + 1, ordering: .sequentiallyConsistent)
        wakeConsumerIfArmed()
    }

    private func postInOrder(_ posted: PostedEvent) {
        let mayWait = !Self.isCurrentThread(consumerThread.load(ordering: .relaxed))
        var waitStarted: UInt64?
        ordered.wait(deadline: nil) { queue in
            if mayWait && queue.held >= lifecycleCapacity {
                if waitStarted == nil {
                    waitStarted = monotonicNanos()
                    waitedCount.add(1, ordering: .releasing)
                }
                return false  // the drain broadcasts when it has delivered some
            }
            // The ring's tail, read under the lock: this event comes after every ring event this thread (or
            // any) has already claimed a slot for, and before every one claimed from now on.
            queue.entries.append(OrderedQueue.Entry(beforeRingPosition: tail.load(ordering: .sequentiallyConsistent), posted: posted))
            queue.held += 1
            queue.highWater = max(queue.highWater, queue.held)
            heldCount.add(1, ordering: .sequentiallyConsistent)
            return true
        }
        if let waitStarted { longestWait.max(monotonicNanos() &- waitStarted, ordering: .relaxed) }
        wakeConsumerIfArmed()
    }

    private func wakeConsumerIfArmed() {
        if wakeArmed.load(ordering: .sequentiallyConsistent),
           wakeArmed.exchange(false, ordering: .sequentiallyConsistent) {
            waker?.wake()
        }
    }

    /// Takes the oldest published ring event, if any, and hands it to `body`. Consumer side only.
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

    /// Hands every waiting event to `body` on the calling (UI) thread, each thread's events in the order
    /// it posted them; returns how many. Events posted while it runs (by effects of these events) wait for
    /// the next drain, so it always ends. Only one thread may drain an inbox.
    @discardableResult
    public func drain(_ body: (PostedEvent) -> Void) -> Int {
        consumerThread.store(Self.currentThread(), ordering: .relaxed)
        // One look at both queues under the lock that orders lifecycle posts: every entry taken here was
        // queued before `ringLimit` was read, so it comes before ring position `ringLimit`; every entry
        // queued later comes after it. Taking the ring up to `ringLimit` then never overtakes a later entry.
        var batch: [OrderedQueue.Entry] = []
        let ringLimit = ordered.withLock { queue in
            swap(&batch, &queue.entries)
            return tail.load(ordering: .sequentiallyConsistent)
        }
        var next = 0, count = 0
        while true {
            if next < batch.count, batch[next].beforeRingPosition <= head.load(ordering: .relaxed) {
                body(batch[next].posted)
                next += 1
            } else if head.load(ordering: .relaxed) < ringLimit, take(body) {
                count += 1
            } else {
                break  // everything up to the limit is delivered, or the next ring slot is not yet published
            }
        }
        count += next
        if !batch.isEmpty {
            // What waits behind an unpublished slot goes back in front of what was queued meanwhile; the
            // delivered ones free room, and the broadcast lets waiting producers try again.
            ordered.update { queue in
                if next < batch.count { queue.entries.insert(contentsOf: batch[next...], at: 0) }
                queue.held -= next
                heldCount.subtract(next, ordering: .sequentiallyConsistent)
            }
        }
        // Arm the wake-up before looking once more, so a post racing with this drain (or a producer still
        // writing its slot) is never left unseen: either we see its event now, or it sees the armed flag.
        wakeArmed.store(true, ordering: .sequentiallyConsistent)
        if !isEmpty, wakeArmed.exchange(false, ordering: .sequentiallyConsistent) { waker?.wake() }
        return count
    }

    /// Takes every waiting event, each thread's in the order it posted them.
    public func drain() -> [PostedEvent] {
        var taken: [PostedEvent] = []
        drain { taken.append($0) }
        return taken
    }

    public var isEmpty: Bool {
        let position = head.load(ordering: .relaxed)
        return sequences[position & mask].load(ordering: .sequentiallyConsistent) != position + 1
            && heldCount.load(ordering: .sequentiallyConsistent) == 0
    }

    /// The calling thread's `pthread_t`, kept as its bits so an `Atomic` can hold it.
    private static func currentThread() -> UInt {
        #if canImport(Glibc)
        UInt(pthread_self())
        #else
        UInt(bitPattern: pthread_self())
        #endif
    }

    /// Whether `thread` (bits from `currentThread`) is the calling thread: `pthread_equal`, since POSIX
    /// leaves `pthread_t` opaque (no portable way to compare two with `==`).
    private static func isCurrentThread(_ thread: UInt) -> Bool {
        #if canImport(Glibc)
        pthread_equal(pthread_t(thread), pthread_self()) != 0
        #else
        guard let other = pthread_t(bitPattern: thread) else { return false }
        return pthread_equal(other, pthread_self()) != 0
        #endif
    }
}

/// The lifecycle events waiting in an `Inbox`, oldest first (guarded by the inbox's lock).
private struct OrderedQueue: Sendable {
    struct Entry: Sendable {
        /// The ring's tail when this event was queued: it is delivered after every ring event at an
        /// earlier position, and before the one at this position.
        let beforeRingPosition: Int
        let posted: PostedEvent
    }
    var entries: [Entry] = []
    /// Entries queued and not yet delivered, including those a drain has taken and is delivering.
    var held = 0
    var highWater = 0
}
