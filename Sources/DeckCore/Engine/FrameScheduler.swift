/// When the UI loop draws, and how long it may sleep in between. Shared by the dashboard's loop and the
/// bench's headless loop, so the bench measures the policy the dashboard really uses.
///
/// A key is drawn at once; worker events are batched into frames no closer than `minFrameGapNanos`; with
/// nothing happening a frame still comes every `framePeriodNanos`, so live figures (polls, CPU) move, as
/// htop's do (every 1.5 s there, 3 s in top). Every 2 s: between events an idle dashboard wakes as seldom
/// as it can and still looks alive; anything that happens is drawn within a frame gap. The idle frame
/// lands on a tick of the monitors' 100 ms rhythm (`PollRhythm`), so the UI wakes when they do and the
/// processor leaves its sleep once for all of them.
public struct FrameScheduler: Sendable {
    public var framePeriodNanos: UInt64 = 2_000_000_000
    public var minFrameGapNanos: UInt64 = 16_000_000
    /// The rhythm idle frames keep: the monitors' default interval.
    public var idleTickMilliseconds = 100
    /// The longest the loop sleeps with nothing due: a frame period and one tick.
    public static let longestSleepMilliseconds: Int32 = 2100
    /// A wake this early still draws the idle frame it woke for: an idle sleep is whole milliseconds,
    /// rounded down (see `sleepMilliseconds`).
    static let earlyWakeNanos: UInt64 = 1_000_000
    public private(set) var lastFrameNanos: UInt64 = 0
    /// Something changed since the last frame.
    public var dirty = true
    /// A key was pressed since the last frame: the person is waiting for it.
    public private(set) var keyPending = false

    public init() {}

    public mutating func keyPressed() {
        dirty = true
        keyPending = true
    }

    /// The next idle frame: the last tick of the idle rhythm within a frame period of the last frame (a
    /// frame drawn just after a tick, as idle frames are, is followed by one a whole period later).
    public var idleFrameDueNanos: UInt64 {
        let tick = UInt64(max(1, idleTickMilliseconds)) * 1_000_000
        let earliest = lastFrameNanos &+ framePeriodNanos
        guard earliest > tick else { return tick }
        return PollRhythm.nextTick(after: earliest - tick, everyMilliseconds: idleTickMilliseconds)
    }

    public func isDue(now: UInt64) -> Bool {
        keyPending || (dirty && now &- lastFrameNanos >= minFrameGapNanos) || now &+ Self.earlyWakeNanos >= idleFrameDueNanos
    }

    public mutating func frameDrawn(at now: UInt64) {
        lastFrameNanos = now
        dirty = false
        keyPending = false
    }

    /// Milliseconds to sleep until the next frame is due, or until `dueInMs` (the main loop's next write).
    public func sleepMilliseconds(now: UInt64, dueInMs: Int?) -> Int32 {
        if keyPending { return 0 }
        var ms: Int
        if dirty {
            let nextFrame = lastFrameNanos &+ minFrameGapNanos
            ms = nextFrame > now ? Int((nextFrame - now + 999_999) / 1_000_000) : 0
        } else {
            // Rounded down: the kernel lets a long sleep end a little late (its timer slack, about 0.1%
            // of the sleep), so this one ends at the tick, together with the monitors' wake-ups.
            let due = idleFrameDueNanos
            ms = due > now ? Int((due - now) / 1_000_000) : 0
        }
        if let dueInMs { ms = min(ms, max(0, dueInMs)) }
        return Int32(max(0, min(ms, Int(Self.longestSleepMilliseconds))))
    }
}
