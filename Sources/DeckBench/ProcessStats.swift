import DeckCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What the kernel says this (the bench's) process holds: resident memory now. The dashboard's own
/// figures are read from outside, by `ProcessProbe`.
public enum ProcessStats {
    /// Resident set size in bytes; nil where there is no /proc.
    public static func residentBytes() -> Int? { ProcSelf.residentBytes() }

    public static func parseStatmResident(_ text: String, pageSize: Int) -> Int? {
        ProcSelf.parseStatmResident(text, pageSize: pageSize)
    }
}

/// A `WallClock` that reads the monotonic clock, so event times and write times in the bench are comparable
/// and never jump.
public struct MonotonicWallClock: WallClock {
    public init() {}
    public func now() -> Timestamp { Timestamp(nanos: monotonicNanos()) }
}

/// Sleeps the calling thread (the bench's writer) for `nanos` nanoseconds.
func sleepNanos(_ nanos: UInt64) {
    var request = timespec(tv_sec: Int(nanos / 1_000_000_000), tv_nsec: Int(nanos % 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}

/// `getrusage`'s "who" argument: the whole process, or (Linux only) the calling thread. Glibc spells
/// its type `__rusage_who_t`; other systems take a plain `Int32` and have no per-thread figure.
#if os(Linux)
func rusageWho(selfProcess: Bool) -> __rusage_who_t {
    selfProcess ? __rusage_who_t(RUSAGE_SELF.rawValue) : __rusage_who_t(1)  // 1 is RUSAGE_THREAD, not imported
}
#else
func rusageWho(selfProcess: Bool) -> Int32 { RUSAGE_SELF }
#endif
