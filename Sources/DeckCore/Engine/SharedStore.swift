import Foundation

/// One value the main loop owns, as the workers see it: its current value and how many times it was written.
public struct SharedValueReading: Equatable, Sendable {
    public var value: Double
    public var version: Int

    public init(value: Double, version: Int) {
        self.value = value
        self.version = version
    }
}

/// The real shared memory of the lessons: values written by the main loop and read by monitor threads.
///
/// A write takes the lock, bumps the version and wakes every wake-on-change monitor waiting on the
/// condition. Polling monitors simply read under the same lock. The lock is an `NSCondition` (a pthread
/// mutex), which ThreadSanitizer understands.
public final class SharedStore: Sendable {
    public let names: [String]
    public let steps: [Double]
    private let condition = NSCondition()
    nonisolated(unsafe) private var storage: [SharedValueReading] // safe: only touched with `condition` locked
    nonisolated(unsafe) private var kicks: Int = 0 // safe: only touched with `condition` locked

    public init(names: [String], initialValues: [Double], steps: [Double]) {
        precondition(names.count == initialValues.count && names.count == steps.count)
        self.names = names
        self.steps = steps
        self.storage = initialValues.map { SharedValueReading(value: $0, version: 0) }
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
        condition.lock()
        defer { condition.unlock() }
        change(&storage[index].value)
        storage[index].version += 1
        let reading = storage[index]
        announce(reading)
        condition.broadcast()
        return reading
    }

    /// How many times `kick()` has been called; a waiter passes it back so a kick just before it waits still counts.
    public var kickCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return kicks
    }

    public func read(_ index: Int) -> SharedValueReading {
        condition.lock()
        defer { condition.unlock() }
        return storage[index]
    }

    public func readAll() -> [SharedValueReading] {
        condition.lock()
        defer { condition.unlock() }
        return storage
    }

    /// Blocks until some version differs from `seen`, `kick()` is called, or `timeout` passes.
    /// Returns the readings at wake-up. This is how a wake-on-change monitor is woken by the write itself.
    public func waitForChange(since seen: [Int], kicksSeen: Int, timeout: TimeInterval) -> [SharedValueReading] {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while kicks == kicksSeen && !storage.indices.contains(where: { storage[$0].version != seen[$0] }) {
            if !condition.wait(until: deadline) { break }
        }
        return storage
    }

    /// Wakes every waiter without a write (a stop request or a strategy switch).
    public func kick() {
        condition.lock()
        kicks += 1
        condition.broadcast()
        condition.unlock()
    }
}
