import Foundation

/// A cancellation token whose sleep can be interrupted: `stop()` wakes a sleeping worker at once
/// instead of after its interval.
public final class StopSignal: Sendable {
    private let condition = NSCondition()
    nonisolated(unsafe) private var stopped = false // safe: only touched with `condition` locked

    public init() {}

    public var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Sleeps up to `seconds`; returns `false` if a stop was requested (before or during the sleep).
    @discardableResult
    public func sleep(seconds: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            if !condition.wait(until: deadline) { break }
        }
        return !stopped
    }
}
