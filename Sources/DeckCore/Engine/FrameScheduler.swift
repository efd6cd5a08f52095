/// When the UI loop draws, and how long it may sleep in between. Shared by the dashboard's loop and the
/// bench's headless loop, so the bench measures the policy the dashboard really uses.
///
/// A key is drawn at once; worker events are batched into frames no closer than `minFrameGapNanos`; with
/// nothing happening a frame still comes every `framePeriodNanos`, so live figures (polls, CPU) move, as
/// htop's do (every 1.5 s there, 3 s in top). Every 2 s: between events an idle dashboard wakes as seldom
/// as it can and still looks alive; anything that happens is drawn within a frame gap.
public struct FrameScheduler: Sendable {
    public var framePeriodNanos: UInt64 = 2_000_000_000
    public var minFrameGapNanos: UInt64 = 16_000_000
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

    public func isDue(now: UInt64) -> Bool {
        let since = now &- lastFrameNanos
        return keyPending || (dirty && since >= minFrameGapNanos) || since >= framePeriodNanos
    }

    public mutating func frameDrawn(at now: UInt64) {
        lastFrameNanos = now
        dirty = false
        keyPending = false
    }

    /// Milliseconds to sleep until the next frame is due, or until `dueInMs` (the main loop's next write).
    public func sleepMilliseconds(now: UInt64, dueInMs: Int?) -> Int32 {
        if keyPending { return 0 }
        let nextFrame = lastFrameNanos &+ (dirty ? minFrameGapNanos : framePeriodNanos)
        var ms = nextFrame > now ? Int((nextFrame - now + 999_999) / 1_000_000) : 0
        if let dueInMs { ms = min(ms, max(0, dueInMs)) }
        return Int32(max(0, min(ms, Int(framePeriodNanos / 1_000_000))))
    }
}
