import Synchronization

/// A cancellation token whose sleep can be interrupted: `stop()` wakes a sleeping worker at once instead
/// of after its interval (the habit of bottom and gitui). Sleeps run on the monotonic clock.
public final class StopSignal: Sendable {
    private let stopped = Guarded(false)
    /// The same fact, for the check at the top of every loop iteration: one load, no lock.
    private let stoppedFlag = Atomic<Bool>(false)

    public init() {}

    public var isStopped: Bool { stoppedFlag.load(ordering: .acquiring) }

    public func stop() {
        stopped.update { stopped in
            stopped = true
            stoppedFlag.store(true, ordering: .releasing)
        }
    }

    /// Sleeps up to `milliseconds`; returns `false` if a stop was requested (before or during the sleep).
    @discardableResult
    public func sleep(milliseconds: Int) -> Bool {
        sleep(until: deadline(afterMilliseconds: milliseconds))
    }

    /// Sleeps until `deadline` (monotonic nanoseconds); returns `false` if a stop was requested.
    @discardableResult
    public func sleep(until deadline: UInt64) -> Bool {
        !stopped.wait(until: { $0 }, deadline: deadline)
    }

    /// Waits for a stop with no time limit.
    public func waitForStop() { stopped.wait(until: { $0 }) }
}
