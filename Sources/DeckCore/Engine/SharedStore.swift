import Synchronization

/// One value the main loop owns, as the workers see it: its current value and how many times it was written.
public struct SharedValueReading: Equatable, Sendable, Codable {
    public var value: Double
    public var version: Int

    public init(value: Double, version: Int) {
        self.value = value
        self.version = version
    }
}

/// One write, as a queue monitor receives it: which value, and the reading the write produced.
public struct WriteMessage: Equatable, Sendable {
    public var index: Int
    public var reading: SharedValueReading
}

/// The real shared memory of the lessons: values written by the main loop and read by monitor threads.
///
/// A write takes the lock, bumps the version, sends a message to every queue monitor's bounded queue,
/// and wakes every waiting monitor (a condition broadcast). Polling monitors read under the same lock,
/// but first glance at an atomic count of writes: a look that finds it unchanged has nothing to read,
/// so the common poll (nothing happened) takes no lock at all, as a Python thread reading a global
/// takes none. The lock is a pthread mutex (`Guarded`), which ThreadSanitizer understands.
public final class SharedStore: Sendable {
    /// Messages a queue monitor may have waiting before further writes are dropped (and counted).
    public static let queueCapacity = 64

    private struct MessageQueue {
        var messages: [WriteMessage] = []
        var dropped = 0
    }

    private struct Contents {
        var values: [SharedValueReading]
        /// One bounded queue per queue monitor: each sees every write (fan-out), like a subscriber.
        var queues: [WorkerID: MessageQueue] = [:]
    }

    public let names: [String]
    public let steps: [Double]
    private let contents: Guarded<Contents>
    /// Every write adds one, with the lock held (released after the new version is in place).
    private let writeCount = Atomic<Int>(0)
    /// Bumped by `kick()`: a waiter passes back the count it saw, so a kick just before it waits still
    /// counts. Polling monitors sleep on it directly (a futex); condition waiters re-check it when woken.
    private let kicks = WakeWord()

    public init(names: [String], initialValues: [Double], steps: [Double]) {
        precondition(names.count == initialValues.count && names.count == steps.count)
        self.names = names
        self.steps = steps
        contents = Guarded(Contents(values: initialValues.map { SharedValueReading(value: $0, version: 0) }))
    }

    public var count: Int { names.count }

    /// Writes `value` to slot `index` and returns the new reading.
    /// `announce` runs while the lock is still held, so a write is always reported before any monitor's
    /// detection of it can be.
    @discardableResult
    public func write(_ index: Int, value: Double, announce: (SharedValueReading) -> Void = { _ in }) -> SharedValueReading {
        update(index, announce) { $0 = value }
    }

    /// Adds `delta` in one locked read-modify-write (the main loop's `+` and `-`).
    @discardableResult
    public func add(_ index: Int, delta: Double, announce: (SharedValueReading) -> Void = { _ in }) -> SharedValueReading {
        update(index, announce) { $0 += delta }
    }

    private func update(_ index: Int, _ announce: (SharedValueReading) -> Void, _ change: (inout Double) -> Void) -> SharedValueReading {
        contents.update { contents in
            change(&contents.values[index].value)
            contents.values[index].version += 1
            writeCount.add(1, ordering: .releasing)
            let reading = contents.values[index]
            announce(reading)
            for id in contents.queues.keys {
                if contents.queues[id]!.messages.count < Self.queueCapacity {
                    contents.queues[id]!.messages.append(WriteMessage(index: index, reading: reading))
                } else {
                    contents.queues[id]!.dropped += 1
                }
            }
            return reading
        }
    }

    /// How many times `kick()` has been called. Read it before checking for a stop, then pass it to a wait.
    public var kickCount: UInt32 { kicks.value }

    /// How many writes there have been: a poll that finds this unchanged since its last look can skip it.
    public var writes: Int { writeCount.load(ordering: .acquiring) }

    public func read(_ index: Int) -> SharedValueReading { contents.withLock { $0.values[index] } }

    public func readAll() -> [SharedValueReading] { contents.withLock { $0.values } }

    /// A poll: calls `changed` (under the lock) for each value whose version differs from `seen`, and
    /// updates `seen`. Nothing is copied or allocated, so a poll costs what a look must.
    public func look(since seen: inout [Int], _ changed: (Int, SharedValueReading, _ previous: Int) -> Void) {
        contents.withLock { contents in
            for index in contents.values.indices where contents.values[index].version > seen[index] {
                let previous = seen[index]
                seen[index] = contents.values[index].version
                changed(index, contents.values[index], previous)
            }
        }
    }

    /// Wakes every waiter without a write (a stop request, a new interval or strategy): the futex for
    /// polling monitors, then a broadcast under the lock for the condition waiters, who re-check the count.
    public func kick() {
        kicks.bump()
        contents.update { _ in }
    }

    /// A polling monitor's sleep: until `deadline` (monotonic nanoseconds) or a kick. Returns whether a
    /// kick woke it. No lock is taken, so monitors waking together never wait for one another.
    @discardableResult
    public func waitForKick(kicksSeen: UInt32, deadline: UInt64) -> Bool {
        kicks.wait(seen: kicksSeen, deadline: deadline)
    }

    /// Blocks until some version differs from `seen`, a kick, or `deadline`. Returns the readings at
    /// wake-up. This is how a wake-on-change monitor is woken by the write itself.
    public func waitForChange(since seen: [Int], kicksSeen: UInt32, deadline: UInt64) -> [SharedValueReading] {
        contents.wait(until: { [kicks] contents in
            kicks.value != kicksSeen || contents.values.indices.contains { contents.values[$0].version != seen[$0] }
        }, deadline: deadline) { contents, _ in contents.values }
    }

    /// Gives `id` its own bounded queue of writes from now on; returns the readings at that moment.
    public func subscribe(_ id: WorkerID) -> [SharedValueReading] {
        contents.withLock { contents in
            if contents.queues[id] == nil { contents.queues[id] = MessageQueue() }
            return contents.values
        }
    }

    public func unsubscribe(_ id: WorkerID) { contents.withLock { _ = $0.queues.removeValue(forKey: id) } }

    /// A queue monitor's wait: until its queue holds a message, a kick, or `deadline`. Takes every waiting
    /// message, the depth the queue had, and how many writes were dropped because the queue was full.
    public func takeMessages(for id: WorkerID, kicksSeen: UInt32, deadline: UInt64) -> (messages: [WriteMessage], dropped: Int) {
        contents.wait(until: { [kicks] contents in
            kicks.value != kicksSeen || !(contents.queues[id]?.messages.isEmpty ?? true)
        }, deadline: deadline) { contents, _ in
            guard let queue = contents.queues[id] else { return ([], 0) }
            contents.queues[id] = MessageQueue()
            return (queue.messages, queue.dropped)
        }
    }

    /// Messages waiting in `id`'s queue right now (its depth).
    public func queueDepth(_ id: WorkerID) -> Int { contents.withLock { $0.queues[id]?.messages.count ?? 0 } }
}
