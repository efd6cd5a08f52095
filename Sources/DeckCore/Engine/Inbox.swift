import Foundation
import Synchronization

/// The one queue every thread posts into. Posting never blocks for long: it takes a pthread mutex for a
/// single append, and when the queue is over its bound the event is dropped and counted instead.
/// The UI thread drains everything at once by swapping buffers. The buffer producers append to is reserved at
/// full capacity, so a `post` never reallocates (and copies) under the lock.
public final class Inbox: Sendable {
    public let capacity: Int
    private let clock: any WallClock
    private let lock = NSLock()
    nonisolated(unsafe) private var pending: [PostedEvent] = [] // safe: only touched with `lock` held
    private let droppedCount = Atomic<Int>(0)
    private let waker: Waker?

    /// - Parameters:
    ///   - capacity: most events waiting at once; more are dropped and counted.
    ///   - waker: signalled when the inbox goes from empty to non-empty, so a sleeping UI loop wakes.
    public init(capacity: Int = 65_536, clock: any WallClock = SystemWallClock(), waker: Waker? = nil) {
        self.capacity = capacity
        self.clock = clock
        self.waker = waker
        pending.reserveCapacity(capacity)
    }

    public var dropped: Int { droppedCount.load(ordering: .relaxed) }

    public func post(_ event: DeckEvent) {
        post(PostedEvent(at: clock.now(), event: event))
    }

    public func post(_ posted: PostedEvent) {
        lock.lock()
        guard pending.count < capacity else {
            lock.unlock()
            droppedCount.add(1, ordering: .relaxed)
            return
        }
        let wasEmpty = pending.isEmpty
        pending.append(posted)
        lock.unlock()
        if wasEmpty { waker?.wake() }
    }

    /// Takes every waiting event, oldest first.
    public func drain() -> [PostedEvent] {
        lock.lock()
        defer { lock.unlock() }
        guard !pending.isEmpty else { return [] }
        var taken: [PostedEvent] = []
        taken.reserveCapacity(Swift.min(pending.count, 1024))
        swap(&taken, &pending)
        return taken
    }

    /// Takes every waiting event into `buffer` (emptied first), oldest first, and keeps `buffer`'s old storage
    /// for the next posts: the UI loop hands back the same two buffers forever, so draining never allocates.
    public func drain(into buffer: inout [PostedEvent]) {
        buffer.removeAll(keepingCapacity: true)
        if buffer.capacity < capacity { buffer.reserveCapacity(capacity) }
        lock.lock()
        swap(&buffer, &pending)
        lock.unlock()
    }

    public var isEmpty: Bool {
        lock.lock()
        defer { lock.unlock() }
        return pending.isEmpty
    }

    public func now() -> Timestamp { clock.now() }
}

/// Wakes a thread that sleeps in `poll(2)`: a pipe whose read end the sleeper watches.
public final class Waker: Sendable {
    public let readFD: Int32
    public let writeFD: Int32

    public init?() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        readFD = fds[0]
        writeFD = fds[1]
        for fd in fds {
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Safe from any thread (and from a signal handler: it is one `write(2)`).
    public func wake() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Empties the pipe after a wake-up.
    public func consume() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }

    /// Sleeps until woken, `timeoutMs` passes, or (if given) another descriptor becomes readable:
    /// the dashboard also watches the terminal's input this way.
    public func wait(timeoutMs: Int32, alsoWatching other: Int32? = nil) {
        var fds = [pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)]
        if let other { fds.append(pollfd(fd: other, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&fds, nfds_t(fds.count), timeoutMs)
        if fds[0].revents != 0 { consume() }
    }
}
