import DeckCore
import Foundation

/// A wall clock that only moves when a test says so.
public final class ManualWallClock: WallClock {
    private let lock = NSLock()
    nonisolated(unsafe) private var current: Timestamp // safe: only touched with `lock` held

    /// Starts at 2026-01-01 12:00:00.000 UTC unless told otherwise.
    public init(start: Timestamp = Timestamp(milliseconds: 1_767_268_800_000)) { current = start }

    public func now() -> Timestamp {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    public func advance(milliseconds: Int) {
        lock.lock()
        current = current.adding(milliseconds: milliseconds)
        lock.unlock()
    }
}

/// A `Clock` for Swift-concurrency code (the alarm's unstructured `Task`): sleepers wake only when `advance` passes
/// their deadline, and a cancelled sleeper throws `CancellationError` as a real sleep does.
public final class ManualClock: Clock {
    public struct Instant: InstantProtocol {
        public var offset: Duration
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    nonisolated(unsafe) private var current = Instant(offset: .zero) // safe: only touched with `lock` held
    nonisolated(unsafe) private var sleepers: [Int: Sleeper] = [:] // safe: only touched with `lock` held
    nonisolated(unsafe) private var cancelledBeforeSleeping: Set<Int> = [] // safe: only touched with `lock` held
    nonisolated(unsafe) private var nextID = 0 // safe: only touched with `lock` held

    public init() {}

    public var now: Instant {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    public var minimumResolution: Duration { .zero }

    /// How many tasks are asleep on this clock right now.
    public var sleeperCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return sleepers.count
    }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = lock.withLock {
            nextID += 1
            return nextID - 1
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                lock.lock()
                if cancelledBeforeSleeping.remove(id) != nil {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                } else if deadline <= current {
                    lock.unlock()
                    continuation.resume()
                } else {
                    sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    lock.unlock()
                }
            }
        } onCancel: {
            lock.lock()
            let sleeper = sleepers.removeValue(forKey: id)
            if sleeper == nil { cancelledBeforeSleeping.insert(id) }
            lock.unlock()
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time on and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        lock.lock()
        current = current.advanced(by: duration)
        let due = sleepers.filter { $0.value.deadline <= current }
        for id in due.keys { sleepers[id] = nil }
        lock.unlock()
        for sleeper in due.values { sleeper.continuation.resume() }
    }
}
