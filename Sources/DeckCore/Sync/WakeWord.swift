import CDeckSystem

/// A counter that threads sleep on until it changes or a deadline passes: a Linux futex, wrapped.
///
/// This is how a polling monitor sleeps between looks. Unlike a condition variable it has no mutex, so
/// four monitors that wake at the same instant do not queue for a lock (each woke twice per poll when they
/// shared one), and a sleep costs one system call. A kick (`bump`) adds one and wakes every sleeper; a
/// sleeper passes the value it read before deciding to sleep, so a kick in between is never lost.
public final class WakeWord: @unchecked Sendable { // safe: `word` is only read and written by the C atomics and futex calls in wake_word.c
    private let word: UnsafeMutablePointer<UInt32>

    public init() {
        word = .allocate(capacity: 1)
        word.initialize(to: 0)
    }

    deinit { word.deallocate() }

    /// The value now.
    public var value: UInt32 { deck_word_load(word) }

    /// Adds one and wakes every thread sleeping on the word.
    public func bump() { deck_word_bump_and_wake_all(word) }

    /// Sleeps while the word still holds `seen`, until `deadline` (monotonic nanoseconds, as
    /// `monotonicNanos()`). Returns whether the word changed (false: the deadline came first).
    @discardableResult
    public func wait(seen: UInt32, deadline: UInt64) -> Bool { deck_word_wait(word, seen, deadline) != 0 }
}
