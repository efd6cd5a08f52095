#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// A wall-clock instant in nanoseconds since 1970. Events carry one so the log can print `12:00:01.123`.
public struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible, Codable {
    public var nanos: UInt64

    /// A recording writes a time as its plain number of nanoseconds.
    public init(from decoder: any Decoder) throws { nanos = try decoder.singleValueContainer().decode(UInt64.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanos)
    }

    public init(nanos: UInt64) { self.nanos = nanos }
    public init(milliseconds: UInt64) { self.nanos = milliseconds * 1_000_000 }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.nanos < b.nanos }

    public var milliseconds: UInt64 { nanos / 1_000_000 }

    /// Stops at 1970 and at the last 64-bit nanosecond: a recording can hold any time.
    public func adding(milliseconds ms: Int) -> Timestamp {
        let (delta, tooLarge) = UInt64(ms.magnitude).multipliedReportingOverflow(by: 1_000_000)
        if ms >= 0 {
            let (sum, past) = nanos.addingReportingOverflow(delta)
            return Timestamp(nanos: tooLarge || past ? .max : sum)
        }
        return Timestamp(nanos: tooLarge || delta > nanos ? 0 : nanos - delta)
    }

    /// Milliseconds from `self` to `later` (negative if `later` is earlier), for any two times.
    public func milliseconds(until later: Timestamp) -> Int {
        later.nanos >= nanos ? Int((later.nanos - nanos) / 1_000_000) : -Int((nanos - later.nanos) / 1_000_000)
    }

    /// Seconds east of UTC that times are shown in; `Int.min` (the default) means the local time zone.
    /// Snapshot tests show UTC by setting 0 here (an atomic), never by changing `TZ` while threads run.
    public static let displayOffsetSeconds = Atomic<Int>(Int.min)

    /// `HH:MM:SS.mmm` in local time (or the display offset), as the event log shows it.
    public var clockText: String {
        var seconds = time_t(nanos / 1_000_000_000)
        var parts = tm()
        let offset = Self.displayOffsetSeconds.load(ordering: .relaxed)
        if offset == Int.min {
            localtime_r(&seconds, &parts)
        } else {
            seconds += time_t(offset)
            gmtime_r(&seconds, &parts)
        }
        let ms = Int((nanos / 1_000_000) % 1000)
        return Self.twoDigits(Int(parts.tm_hour)) + ":" + Self.twoDigits(Int(parts.tm_min)) + ":"
            + Self.twoDigits(Int(parts.tm_sec)) + "." + Self.threeDigits(ms)
    }

    public var description: String { clockText }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    private static func threeDigits(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
}

/// Where "now" comes from. Workers and the UI loop use the system clock; tests use a manual one.
public protocol WallClock: Sendable {
    func now() -> Timestamp
}

/// The system's "now" for events: the wall clock read once, when first used, plus the time elapsed since
/// on the boot clock. So everything that schedules by it (automatic writes, lesson deadlines, quit grace
/// periods) never jumps when someone sets the wall clock, and event times never run backwards; the log
/// still prints the time of day.
///
/// Elapsed time comes from CLOCK_BOOTTIME, not CLOCK_MONOTONIC: both are steady, but the monotonic clock
/// stops while the machine is suspended, so after a laptop's lid was closed for an hour every time the log
/// printed would be an hour behind the clock on the wall. The boot clock counts the suspended time too
/// (clock_gettime(2)). After a resume, deadlines that fell during the suspend are simply due.
public struct SystemWallClock: WallClock {
    /// Which clock elapsed time is read from (see above).
    public static let elapsedClockID = CLOCK_BOOTTIME

    private static let shared = AnchoredWallClock(wallNanos: nanos(of: CLOCK_REALTIME),
                                                  elapsedNanos: { nanos(of: SystemWallClock.elapsedClockID) })

    public init() {}

    public func now() -> Timestamp { Self.shared.now() }
}

/// A wall time read once, moved on by a steady elapsed-time source: `SystemWallClock`'s arithmetic, with
/// the source given (tests give a manual one, to play a suspend).
public struct AnchoredWallClock: WallClock {
    private let wallAtAnchor: UInt64
    private let elapsedAtAnchor: UInt64
    private let elapsedNanos: @Sendable () -> UInt64

    public init(wallNanos: UInt64, elapsedNanos: @escaping @Sendable () -> UInt64) {
        wallAtAnchor = wallNanos
        elapsedAtAnchor = elapsedNanos()
        self.elapsedNanos = elapsedNanos
    }

    public func now() -> Timestamp {
        Timestamp(nanos: wallAtAnchor &+ (elapsedNanos() &- elapsedAtAnchor))
    }
}

/// `clock_gettime(clock)` in nanoseconds.
func nanos(of clock: clockid_t) -> UInt64 {
    var spec = timespec()
    clock_gettime(clock, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Monotonic nanoseconds, for measuring durations (latency, run time) that must not jump.
public func monotonicNanos() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}
