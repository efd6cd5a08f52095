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
    /// When to draw and how long to sleep: keys at once, worker events batched, a slow tick when idle.
    private var frames = FrameScheduler()
    /// When the oldest key not yet on screen was read.
    private var keyReadAt: UInt64?
    private var keyLatency = KeyLatencyRecorder()
    /// daemondeck's own CPU and memory, read from /proc about once a second (two small reads).
    private var selfCost = SelfCostSampler()
    private var lastCostNanos: UInt64 = 0
    private var startingLesson: Lesson?
    /// Plays lessons (`--lesson`, or one picked in the `l` menu).
    private let player: LessonPlayer

    public init(engine: Engine, terminal: Terminal, waker: Waker, lesson: Lesson? = nil) {
        self.engine = engine
        self.terminal = terminal
        self.waker = waker
        player = LessonPlayer(engine: engine, interactive: true)
        startingLesson = lesson
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
        while true {
            for number in SignalTrap.take() {
                engine.process(.signal(number))
                frames.keyPressed()
            }
            while let input = terminal.readKey() {
                let readAt = monotonicNanos()
                switch input {
                case .key(let key): engine.process(.key(key))
                case .resize(let width, let height): engine.process(.resize(width: width, height: height))
                case .ignored: continue
                }
                if keyReadAt == nil { keyReadAt = readAt }
                frames.keyPressed()
            }
            if engine.drain() > 0 { frames.dirty = true }
            if engine.runDueWork() { frames.dirty = true }
            let lessonStep = engine.state.lessons.active?.stepIndex
            player.advance()
            if engine.state.lessons.active?.stepIndex != lessonStep { frames.dirty = true }
            if engine.exitCode != nil { break }

            if frames.isDue(now: monotonicNanos()) {
                engine.process(.tick)
                if engine.exitCode != nil { break }
                engine.sampleWorkers()
                renderFrame()
                let drawn = monotonicNanos()
                if drawn &- lastCostNanos >= 1_000_000_000 {
                    lastCostNanos = drawn
                    if let cost = selfCost.sample() { engine.process(.selfCostSampled(cost)) }
                }
                if let keyReadAt { keyLatency.record(nanos: drawn - keyReadAt) }
                keyReadAt = nil
                frames.frameDrawn(at: drawn)
            }
            // Sleep no longer than the main loop's next automatic write or the lesson's next step.
            let dueIn = [engine.state.nextDueAt.map { engine.now.milliseconds(until: $0) }, player.nextWakeMs]
                .compactMap { $0 }.min()
            waker.wait(timeoutMs: frames.sleepMilliseconds(now: monotonicNanos(), dueInMs: dueIn), alsoWatching: STDIN_FILENO)
        }
        // One last frame, so the screen says what happened while workers are joined.
        engine.sampleWorkers()
        renderFrame()
        keyLatency.writeIfAsked()
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
}
