/// Drives one run: drains the inbox through the reducer and hands the effects to the runner.
/// The run loop (dashboard, plain mode, bench, tests), lessons and tests all use it: one code path.
/// It belongs to one thread (the UI thread); workers only ever touch the inbox.
public final class Engine {
    public private(set) var state: AppState
    public let inbox: Inbox
    public let runner: EffectRunner
    private let clock: any WallClock
    /// Called for each effect before it runs (lessons and tests watch them).
    public var effectObserver: ((DeckEffect) -> Void)?
    /// Writes every event the reducer receives to a file (`--record`), if set before `start()`.
    public var recorder: EventRecorder?

    public init(config: DeckConfig, clock: any WallClock = SystemWallClock(), waker: Waker? = nil,
                gate: WorkerGate? = nil) {
        self.clock = clock
        self.inbox = Inbox(clock: clock, waker: waker)
        self.runner = EffectRunner(config: config, inbox: inbox, gate: gate)
        self.state = AppState(config: config, now: clock.now())
    }

    public var now: Timestamp { clock.now() }

    /// Starts the configured workers.
    public func start() {
        recorder?.begin(state)
        process(.runStarted)
    }

    /// Applies one event now, on the calling (UI) thread.
    public func process(_ event: DeckEvent) {
        apply(PostedEvent(at: clock.now(), event: event))
    }

    /// Applies every event waiting in the inbox; returns how many there were.
    @discardableResult
    public func drain() -> Int {
        let count = inbox.drain { apply($0) }
        let dropped = inbox.dropped
        if dropped != state.droppedEvents { state.droppedEvents = dropped }
        let waited = inbox.postsWaited
        if waited != state.inboxPostsWaited { state.inboxPostsWaited = waited }
        return count
    }

    /// Runs the main loop's own work if it has come due (an automatic write). Loops call this every
    /// time round: waiting for the next frame instead would make them spin until then.
    /// Returns whether anything ran.
    @discardableResult
    public func runDueWork() -> Bool {
        guard let due = state.nextDueAt, clock.now() >= due else { return false }
        process(.tick)
        return true
    }

    /// Samples the workers' live figures into the state (once per frame).
    public func sampleWorkers() {
        let samples = runner.sampleWorkers(readingCPU: WorkersPanel.showsThreadCPU(state),
                                           readingKernel: WorkersPanel.showsKernel(state))
        if !samples.isEmpty { process(.workersSampled(samples)) }
    }

    public var exitCode: Int32? { runner.exitCode }

    /// Writes the log now, on this thread (at quit, when nothing else is left to do).
    public func exportLogNow(to path: String) {
        switch JSONLinesExporter.write(state.log.entries, to: path) {
        case .success(let written): process(.exportFinished(path: written, count: state.log.count, error: nil))
        case .failure(let failure): process(.exportFinished(path: path, count: 0, error: failure.message))
        }
    }

    /// Writes the Chrome Trace now, on this thread (at quit).
    public func exportTraceNow(to path: String) {
        process(ChromeTraceExporter.write(ChromeTraceExporter.input(state), to: path))
    }

    private func apply(_ posted: PostedEvent) {
        recorder?.record(posted, state: state)
        run(Reducer.reduce(&state, posted))
    }

    private func run(_ effects: [DeckEffect]) {
        for effect in effects {
            effectObserver?(effect)
            runner.run(effect)
        }
    }
}
