import DeckCore
import Foundation

/// The UI thread's loop: sleep in `poll(2)` until a key, a worker's event (the wake pipe) or the next
/// frame is due; then read keys, drain the inbox through the reducer, render into the buffer and flush.
/// It never busy-waits, and it is the only code that touches the terminal.
public final class DashboardLoop {
    private let engine: Engine
    private let terminal: Terminal
    private let waker: Waker
    private var buffer: ScreenBuffer
    private var lastFrameNanos: UInt64 = 0
    /// Live figures (polls, time left) refresh at this period even when no event arrives.
    private let framePeriodNanos: UInt64 = 250_000_000
    /// Frames are never closer than this, however fast events arrive.
    private let minFrameGapNanos: UInt64 = 16_000_000
    /// daemondeck's own CPU and memory, read from /proc about once a second (two small reads).
    private var selfCost = SelfCostSampler()
    private var lastCostNanos: UInt64 = 0
    private var startingLesson: Lesson?

    /// Plays lessons (`--lesson`, or one picked in the `l` menu).
    private let player: LessonPlayer

    public init(engine: Engine, terminal: Terminal, waker: Waker, lesson: Lesson? = nil) {
        self.engine = engine
        player = LessonPlayer(engine: engine, interactive: true)
        startingLesson = lesson
        self.terminal = terminal
        self.waker = waker
        let size = terminal.size
        buffer = ScreenBuffer(width: size.width, height: size.height, glyphs: terminal.glyphs)
    }

    /// Runs until the reducer asks to exit; returns the exit status. The terminal is still open on return.
    public func run() -> Int32 {
        let size = terminal.size
        engine.process(.resize(width: size.width, height: size.height))
        engine.start()
        player.offer(LessonLibrary.loadShipped().lessons.map(LessonSummary.init))
        if let lesson = startingLesson { player.begin(lesson) }
        var dirty = true
        while true {
            for number in SignalTrap.take() {
                engine.process(.signal(number))
                dirty = true
            }
            while let input = terminal.readKey() {
                switch input {
                case .key(let key): engine.process(.key(key))
                case .resize(let width, let height): engine.process(.resize(width: width, height: height))
                case .ignored: continue
                }
                dirty = true
            }
            if engine.drain() > 0 { dirty = true }
            let lessonStep = engine.state.lessons.active?.stepIndex
            player.advance()
            if engine.state.lessons.active?.stepIndex != lessonStep { dirty = true }
            if engine.exitCode != nil { break }

            let now = monotonicNanos()
            let sinceFrame = now &- lastFrameNanos
            if (dirty && sinceFrame >= minFrameGapNanos) || sinceFrame >= framePeriodNanos {
                engine.process(.tick)
                if engine.exitCode != nil { break }
                if now &- lastCostNanos >= 1_000_000_000 {
                    lastCostNanos = now
                    if let cost = selfCost.sample() { engine.process(.selfCostSampled(cost)) }
                }
                engine.sampleWorkers()
                renderFrame()
                lastFrameNanos = monotonicNanos()
                dirty = false
            }
            waker.wait(timeoutMs: sleepMilliseconds(dirty: dirty), alsoWatching: STDIN_FILENO)
        }
        // One last frame, so the screen says what happened while workers are joined.
        engine.sampleWorkers()
        renderFrame()
        return engine.exitCode ?? 0
    }

    private func renderFrame() {
        let size = terminal.size
        if buffer.width != size.width || buffer.height != size.height {
            buffer = ScreenBuffer(width: size.width, height: size.height, glyphs: terminal.glyphs)
        }
        DashboardView.render(engine.state, into: &buffer)
        terminal.draw(buffer)
    }

    /// How long to sleep: until the next frame if one is pending, or until the main loop's next write.
    private func sleepMilliseconds(dirty: Bool) -> Int32 {
        let now = monotonicNanos()
        let nextFrame = lastFrameNanos &+ (dirty ? minFrameGapNanos : framePeriodNanos)
        var ms = nextFrame > now ? Int((nextFrame - now) / 1_000_000) + 1 : 0
        if let due = engine.state.nextDueAt {
            ms = min(ms, max(0, engine.now.milliseconds(until: due)))
        }
        if let wake = player.nextWakeMs { ms = min(ms, wake) }
        return Int32(max(0, min(ms, 1000)))
    }
}
