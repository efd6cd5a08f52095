import Dispatch

/// What the threads of one board in the dashboard share: the `BoardPlayer` (real atomics, locks, condition
/// variables, semaphores and events) and the way they report to the reducer.
public final class BoardStage: Sendable {
    public let player: BoardPlayer
    /// Task boards: the actor every board task runs its statements on (nil for a thread board).
    public let actor: BoardActor?
    private let inbox: Inbox
    private let workers: [WorkerID]
    /// Held while a report is read and posted, so reports arrive in the order they were read (the last
    /// one the reducer sees is the newest), and while a step is let through, so a report says how many
    /// steps it has seen. Also holds the threads' handles, set as they start.
    /// A `Guarded` (a pthread mutex), not `Synchronization.Mutex`: ThreadSanitizer on Linux cannot see
    /// Mutex's futex and reports a false race under contention (the project's other shared state does the same).
    private let posting = Guarded<(handles: [Int: WorkerHandle], steps: Int)>(([:], 0))

    public init(board: Board, workers: [WorkerID], inbox: Inbox) {
        self.inbox = inbox
        self.workers = workers
        // The board's own panel shows its lock holders (the Locks panel would take its rows at 80x24).
        player = BoardPlayer(board: board)
        actor = board.kind == .tasks ? BoardActor(player: player) : nil
    }

    func register(_ thread: Int, _ handle: WorkerHandle) { posting.withLock { $0.handles[thread] = handle } }

    /// Marks `thread` running for one step (the report that says the step is done counts it), then the
    /// caller opens its gate.
    func willStep(_ thread: Int, wakes: Int?) {
        posting.withLock { s in
            s.steps += 1
            player.willStep(thread, wakes: wakes)
        }
    }

    /// Reads the real board and posts it; each thread's row says whether it waits (blocked or asleep).
    func post() {
        posting.withLock { s in
            let report = BoardReport(player: player, workers: workers, steps: s.steps)
            for (t, handle) in s.handles where report.statuses.indices.contains(t) {
                switch report.statuses[t] {
                case .asleep, .blocked: handle.setState(.waiting)
                case .parked: handle.setState(.frozen)  // held at its gate until the learner steps it
                case .running: handle.setState(.running)
                case .finished, .ended, .stopped: break
                }
            }
            inbox.post(.lesson(.boardReported(report)))
        }
    }

    /// After a step: once every thread holds still again (a woken waiter too), the board is reported.
    /// Waiting has a deadline, so a thread that never settles cannot keep anything waiting for ever.
    func reportWhenSettled() {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            _ = player.waitUntilSettled(deadline: deadline(afterMilliseconds: 30_000))
            post()
        }
    }
}

/// One thread of a board, on its own real thread: `BoardPlayer.runThread` parks it at the freeze gate
/// before every statement (`s` lets it run exactly one), as `ScheduledThreadWorker` does for the two-board game.
public final class BoardThreadWorker: Worker {
    public let life: WorkerLife
    private let stage: BoardStage
    private let thread: Int

    public init(life: WorkerLife, stage: BoardStage, thread: Int) {
        self.life = life
        self.stage = stage
        self.thread = thread
        stage.register(thread, life.handle)
    }

    public func start() { life.startThread { [self] in run() } }

    /// A stop also wakes the board's sleepers and blocked threads, which otherwise wait for a move that
    /// will not come.
    public func requestStop() {
        life.stopSignal.stop()
        stage.player.stop()
    }

    private func run() -> WorkerFate {
        life.announceRunning()
        handle.setState(.running)
        stage.player.runThread(thread) {
            stage.post()
            life.checkpoint()  // parked here until the learner steps this thread
            if !life.isStopped { handle.iterations.add(1, ordering: .relaxed) }
            return !life.isStopped
        }
        stage.post()
        return life.isStopped ? .stoppedWithCleanup : .finished
    }
}

/// One task of a task board, as a real unstructured `Task` that runs its statements on the board's actor
/// (`BoardActor`): it suspends at the freeze gate before every statement (`s` lets it run exactly one) and at
/// each board `await`. Stopping it stops the board and cancels the task, which resumes whatever it is suspended
/// on; its last act opens the worker's latch (`WorkerLife.finish`), so the join at quit waits for it to end.
public final class BoardTaskWorker: Worker {
    public let life: WorkerLife
    private let stage: BoardStage
    private let thread: Int
    private let task = Guarded<Task<Void, Never>?>(nil)

    public init(life: WorkerLife, stage: BoardStage, thread: Int) {
        self.life = life
        self.stage = stage
        self.thread = thread
        stage.register(thread, life.handle)
    }

    public func start() {
        let started = Task { [self] in life.finish(await run()) }
        task.withLock { $0 = started }
    }

    public func requestStop() {
        life.stopSignal.stop()
        stage.player.stop()
        task.withLock { $0 }?.cancel()
    }

    private func run() async -> WorkerFate {
        life.announceRunning()
        handle.setState(.running)
        if let actor = stage.actor {
            await actor.run(task: thread) { [self] in
                stage.post()
                await life.checkpoint()  // suspended here until the learner steps this task
                if !life.isStopped { handle.iterations.add(1, ordering: .relaxed) }
                return !life.isStopped
            }
        }
        stage.post()
        return life.isStopped || Task.isCancelled ? .stoppedWithCleanup : .finished
    }
}
