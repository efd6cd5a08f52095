/// When a polling monitor next wakes: on the next multiple of its interval on the monotonic clock.
///
/// Every monitor with the same interval then wakes at the same instant, and one timer interrupt wakes
/// them all: an idle core leaves its sleep once per tick, not once per monitor, which on a virtual
/// machine is most of what a poll costs. This is the kernel's own trick for periodic timers
/// (`round_jiffies`), and the reason Linux gives sleeping timers slack. A monitor at 100 ms still sees
/// a write within 100 ms; a 10 ms monitor's ticks fall on the 100 ms ones too.
public enum PollRhythm {
    public static func nextTick(after now: UInt64, everyMilliseconds intervalMs: Int) -> UInt64 {
        let interval = UInt64(max(1, intervalMs)) * 1_000_000
        return (now / interval + 1) * interval
    }
}
