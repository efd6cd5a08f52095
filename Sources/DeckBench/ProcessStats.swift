import DeckCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What the kernel says this process costs: CPU time used so far and resident memory now.
public enum ProcessStats {
    /// User plus system CPU time of the whole process (every thread), in nanoseconds.
    public static func cpuNanos() -> UInt64 {
        var usage = rusage()
        guard getrusage(rusageWho(selfProcess: true), &usage) == 0 else { return 0 }
        func nanos(_ t: timeval) -> UInt64 { UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_usec) * 1000 }
        return nanos(usage.ru_utime) + nanos(usage.ru_stime)
    }

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
