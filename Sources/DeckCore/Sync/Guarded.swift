#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The one lock-protected box in daemondeck: a value, a pthread mutex that guards it, and a condition
/// variable on the monotonic clock for waiting until the value changes.
///
/// Every piece of mutable state shared between threads that is not an atomic lives in one of these, so
/// the compiler checks everything else. It is a pthread mutex on purpose: ThreadSanitizer understands it
/// (with this toolchain `Synchronization.Mutex` gives false reports under contention), and a condition on
/// `CLOCK_MONOTONIC` makes timed waits immune to the wall clock being set.
public final class Guarded<State: Sendable>: @unchecked Sendable { // safe: `state` is only read or written with `mutex` held (withLock, wait)
    private var state: State
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init(_ initial: State) {
        state = initial
        pthread_mutex_init(mutex, nil)
        #if os(Linux)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        #else
        pthread_cond_init(condition, nil)  // Darwin has no condattr clock: timed waits convert below
        #endif
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` with the lock held.
    @discardableResult
    public func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }

    /// Runs `body` with the lock held, and says whether the lock was taken when asked for (contention):
    /// a `trylock` first, then a blocking lock if that failed.
    @discardableResult
    public func withLockNotingContention<Result>(_ contended: inout Bool, _ body: (inout State) throws -> Result) rethrows -> Result {
        contended = pthread_mutex_trylock(mutex) != 0
        if contended { pthread_mutex_lock(mutex) }
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }

    /// Runs `body` with the lock held, then wakes every thread waiting on this box.
    @discardableResult
    public func update<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        return try body(&state)
    }

    /// Blocks until `ready` holds or the monotonic clock reaches `deadline` (nanoseconds, as
    /// `monotonicNanos()`; nil waits for ever), then runs `body` with the lock still held.
    /// `body` learns whether `ready` held.
    @discardableResult
    public func wait<Result>(until ready: (State) -> Bool, deadline: UInt64?,
                             then body: (inout State, _ ready: Bool) -> Result) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        var isReady = ready(state)
        while !isReady {
            if let deadline {
                guard monotonicNanos() < deadline else { break }
                timedWait(until: deadline)
            } else {
                pthread_cond_wait(condition, mutex)
            }
            isReady = ready(state)
        }
        return body(&state, isReady)
    }

    /// Blocks until `check` returns true or the deadline passes; `check` runs with the lock held each time
    /// the box changes and may update it (a waiter that marks itself parked, say). Returns the last answer.
    @discardableResult
    public func wait(deadline: UInt64?, checking check: (inout State) -> Bool) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !check(&state) {
            if let deadline {
                guard monotonicNanos() < deadline else { return false }
                timedWait(until: deadline)
            } else {
                pthread_cond_wait(condition, mutex)
            }
        }
        return true
    }

    /// Waits on the condition (the lock held) until woken or the monotonic `deadline`.
    private func timedWait(until deadline: UInt64) {
        #if os(Linux)
        var until = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        _ = pthread_cond_timedwait(condition, mutex, &until)
        #else
        let left = deadline &- min(deadline, monotonicNanos())
        var relative = timespec(tv_sec: Int(left / 1_000_000_000), tv_nsec: Int(left % 1_000_000_000))
        _ = pthread_cond_timedwait_relative_np(condition, mutex, &relative)
        #endif
    }

    /// Blocks until `ready` holds or the deadline passes; returns whether it held.
    @discardableResult
    public func wait(until ready: (State) -> Bool, deadline: UInt64? = nil) -> Bool {
        wait(until: ready, deadline: deadline) { _, isReady in isReady }
    }
}

/// A monotonic deadline `milliseconds` from now, for `Guarded.wait`.
public func deadline(afterMilliseconds milliseconds: Int) -> UInt64 {
    monotonicNanos() &+ UInt64(max(0, milliseconds)) &* 1_000_000
}
