/// A cancellation token whose sleep can be interrupted: `stop()` wakes a sleeping worker at once instead
/// of after its interval (the habit of bottom and gitui). Sleeps run on the monotonic clock.
public final class StopSignal: Sendable {
    private let stopped = Guarded(false)

    public init() {}

    public var isStopped: Bool { stopped.withLock { $0 } }

    public func stop() { stopped.update { $0 = true } }

    /// Sleeps up to `milliseconds`; returns `false` if a stop was requested (before or during the sleep).
    @discardableResult
    public func sleep(milliseconds: Int) -> Bool {
        !stopped.wait(until: { $0 }, deadline: deadline(afterMilliseconds: milliseconds))
    }

    /// Waits for a stop with no time limit.
    public func waitForStop() { stopped.wait(until: { $0 }) }
}
