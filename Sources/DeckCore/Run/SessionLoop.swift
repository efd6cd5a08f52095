#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The one run loop: the dashboard, plain mode, the bench's headless run and the test driver all turn it.
///
/// Each turn it takes signals, reads input, drains the inbox through the reducer (workers' reports,
/// including their ends, which the registry then joins), runs the main loop's due writes, advances the
/// lesson, shows a frame when one is due, and sleeps in `poll(2)` until a key, a worker's event (the wake
/// pipe), the next due write or the next frame. Quitting is an event like any other, so `q`, Ctrl-C,
/// SIGTERM and the end of a plain run join and exit the same way everywhere.
public final class SessionLoop {
    public let engine: Engine
    public let frontend: any Frontend
    public let waker: Waker
    /// Plays lessons (`--lesson`, or one picked in the `l` menu).
    public let player: LessonPlayer
    /// Plain mode ends the run after this many seconds (monotonic), the way `q` does.
    private let quitAtNanos: UInt64?
    private var frames = FrameScheduler()
    private var selfCost = SelfCostSampler()
    private var lastCostNanos: UInt64 = 0
    private var keyReadAt: UInt64?
    private var started: UInt64 = 0
    private var quitRequested = false
    /// With a presenter, a lesson left unfinished at quit is not a failure; in plain mode it is.
    private let interactive: Bool
    /// Called after each frame with the time the oldest key it shows was read (the bench measures it).
    public var onFrame: ((_ keyReadAt: UInt64?, _ drawnAt: UInt64) -> Void)?

    /// - Parameters:
    ///   - interactive: a presenter drives lessons (`pause` waits for `n`); false in plain mode.
    ///   - seconds: end the run after this long (plain mode); nil runs until quit.
    public init(engine: Engine, frontend: any Frontend, waker: Waker, interactive: Bool,
                lessonSpeed: Double = 1, seconds: Double? = nil) {
        self.engine = engine
        self.frontend = frontend
        self.waker = waker
        self.interactive = interactive
        player = LessonPlayer(engine: engine, interactive: interactive, speed: lessonSpeed)
        quitAtNanos = seconds.map { monotonicNanos() + UInt64($0 * 1e9) }
    }

    /// Starts the workers, offers the lesson menu, and begins `lesson` if given.
    public func start(lesson: Lesson? = nil, catalog: [LessonSummary] = []) {
        started = monotonicNanos()
        _ = frontend.present(engine.state).map { engine.process($0) }
        engine.start()
        if !catalog.isEmpty { player.offer(catalog) }
        if let lesson { player.begin(lesson) }
    }

    /// Runs until the reducer asks to exit; returns the exit status (1 for a lesson whose expectations
    /// failed or that stopped before its end, if it would otherwise be 0).
    public func run(lesson: Lesson? = nil, catalog: [LessonSummary] = []) -> Int32 {
        start(lesson: lesson, catalog: catalog)
        while turn() {}
        return finish()
    }

    /// One turn of the loop, sleeping at most `maxSleepMs`. Returns false once the run has to end.
    @discardableResult
    public func turn(maxSleepMs: Int32 = FrameScheduler.longestSleepMilliseconds) -> Bool {
        for number in SignalTrap.take() {
            engine.process(.signal(number))
            frames.keyPressed()
        }
        for input in frontend.readInput() {
            switch input {
            case .key(let key):
                engine.process(.key(key))
                if keyReadAt == nil { keyReadAt = monotonicNanos() }
            case .resize(let width, let height):
                engine.process(.resize(width: width, height: height))
            case .outputClosed:
                engine.process(.signal(SIGPIPE))
            }
            frames.keyPressed()
        }
        if engine.drain() > 0 { frames.dirty = true }
        if engine.runDueWork() { frames.dirty = true }
        let lessonStep = engine.state.lessons.active?.stepIndex
        player.advance()
        if engine.state.lessons.active?.stepIndex != lessonStep { frames.dirty = true }
        if !quitRequested, endOfRunReached {
            quitRequested = true
            engine.process(.quitRequested)
        }
        if engine.exitCode != nil { return false }

        let now = monotonicNanos()
        if !frontend.drawsFrames || frames.isDue(now: now) {
            engine.process(.tick)
            if engine.exitCode != nil { return false }
            if frontend.drawsFrames { engine.sampleWorkers() }
            present()
            let drawn = monotonicNanos()
            if drawn &- lastCostNanos >= 1_000_000_000 {
                lastCostNanos = drawn
                if let cost = selfCost.sample() { engine.process(.selfCostSampled(cost)) }
            }
            onFrame?(keyReadAt, drawn)
            keyReadAt = nil
            frames.frameDrawn(at: drawn)
        }
        flushRecording()
        waker.wait(timeoutMs: sleepMilliseconds(max: maxSleepMs), alsoWatching: frontend.inputDescriptor,
                   output: frontend.outputDescriptor)
        return true
    }

    /// After the last turn: the last frame, the exports asked for at quit, the quit summary.
    public func finish() -> Int32 {
        engine.drain()
        if let path = engine.state.config.logPath { engine.exportLogNow(to: path) }
        if let path = engine.state.config.tracePath { engine.exportTraceNow(to: path) }
        engine.runner.removeTemporaryFiles()
        // A forced quit can cut a lesson's Python step (or a watch) off before it ended its program's process
        // group: nothing of it is left running, and the summary says so.
        let killed = WatchedGroups.killAll(startedFor: engine.inbox).map { group in
            "process group \(group.pid) was still running at quit: SIGKILL to the group; \(group.ending.text), reaped"
        }
        engine.sampleWorkers()
        flushRecording()
        engine.recorder?.close()
        let seconds = Double(monotonicNanos() - started) / 1e9
        var summary = QuitSummary.render(engine.state, runSeconds: seconds, dashboard: interactive)
        for line in killed { summary += "\n" + line }
        if let lessonFailure { summary += "\nlesson failed: \(lessonFailure)" }
        frontend.finish(engine.state, summary: summary)
        let code = engine.exitCode ?? 0
        return code == 0 && lessonFailure != nil ? 1 : code
    }

    /// The first expectation that failed, or the lesson stopping before its last step; nil if none.
    public var lessonFailure: String? {
        guard let lesson = player.lesson, !interactive else { return nil }
        if let failure = player.firstFailure { return failure }
        return player.finished ? nil : "\(lesson.file): stopped before its last step"
    }

    private var endOfRunReached: Bool {
        if let quitAtNanos, player.lesson == nil { return monotonicNanos() >= quitAtNanos }
        // A plain run with a lesson lasts as long as the lesson.
        return quitAtNanos != nil && player.finished
    }

    /// Writes the turn's events to the recording before the loop sleeps; says so once if that fails.
    private func flushRecording() {
        guard let recorder = engine.recorder, recorder.failure == nil else { return }
        if !recorder.flush(), let failure = recorder.failure {
            engine.process(.note(source: "Record", text: failure))
        }
    }

    private func present() {
        for event in frontend.present(engine.state) { engine.process(event) }
    }

    /// Sleep no longer than the next frame, the main loop's next write or quit deadline, the lesson's next
    /// step, or the end of a plain run.
    private func sleepMilliseconds(max limit: Int32) -> Int32 {
        var dueIn = [engine.state.nextDueAt.map { engine.now.milliseconds(until: $0) }, player.nextWakeMs].compactMap { $0 }.min()
        if let quitAtNanos, !quitRequested {
            let left = Int((quitAtNanos &- min(quitAtNanos, monotonicNanos())) / 1_000_000) + 1
            dueIn = min(dueIn ?? left, left)
        }
        let frame = frontend.drawsFrames ? frames.sleepMilliseconds(now: monotonicNanos(), dueInMs: dueIn)
                                         : Int32(Swift.max(0, Swift.min(dueIn ?? 1000, 1000)))
        return Swift.min(frame, limit)
    }
}
