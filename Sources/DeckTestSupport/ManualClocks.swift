import DeckCore
import Foundation

/// A wall clock that only moves when a test says so.
public final class ManualWallClock: WallClock {
    private let current: Guarded<Timestamp>

    /// Starts at 2026-01-01 12:00:00.000 UTC unless told otherwise.
    public init(start: Timestamp = Timestamp(milliseconds: 1_767_268_800_000)) { current = Guarded(start) }

    public func now() -> Timestamp { current.withLock { $0 } }

    public func advance(milliseconds: Int) {
        current.withLock { $0 = $0.adding(milliseconds: milliseconds) }
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

    private struct Sleepers {
        var current = Instant(offset: .zero)
        var waiting: [Int: Sleeper] = [:]
        var cancelledBeforeSleeping: Set<Int> = []
        var nextID = 0
    }

    private let sleepers = Guarded(Sleepers())

    public init() {}

    public var now: Instant { sleepers.withLock { $0.current } }

    public var minimumResolution: Duration { .zero }

    /// How many tasks are asleep on this clock right now.
    public var sleeperCount: Int { sleepers.withLock { $0.waiting.count } }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = sleepers.withLock { state in
            state.nextID += 1
            return state.nextID - 1
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Now { case cancelled, due, waiting }
                let now = sleepers.withLock { state -> Now in
                    if state.cancelledBeforeSleeping.remove(id) != nil { return .cancelled }
                    if deadline <= state.current { return .due }
                    state.waiting[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return .waiting
                }
                switch now {
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .due: continuation.resume()
                case .waiting: break
                }
            }
        } onCancel: {
            let sleeper = sleepers.withLock { state in
                let sleeper = state.waiting.removeValue(forKey: id)
                if sleeper == nil { state.cancelledBeforeSleeping.insert(id) }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time on and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let due = sleepers.withLock { state in
            state.current = state.current.advanced(by: duration)
            let now = state.current
            let due = state.waiting.filter { $0.value.deadline <= now }
            for id in due.keys { state.waiting[id] = nil }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
