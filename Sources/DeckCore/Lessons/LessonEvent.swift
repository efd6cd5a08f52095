/// What a lesson (and the lesson menu) tells the reducer. The player posts these through the same engine
/// a person at the keyboard drives.
public enum LessonEvent: Sendable, Equatable, Codable {
    /// The lessons the menu offers.
    case catalog([LessonSummary])
    /// A lesson begins: its settings are applied to the running world.
    case begin(name: String, title: String, totalSteps: Int, settings: LessonSettings)
    /// The player moved to step `index` (at `line`); `until` is when its wait or deadline ends.
    case stepBegan(index: Int, line: Int, summary: String, until: Timestamp?)
    case narrate(String)
    case snippet(String)
    case python(String)
    /// A `pause` step: the presenter continues with `n`.
    case waitForPresenter
    /// The outcome of an `expect` step: met, failed (with its `file:line: ...` message) or skipped by the presenter.
    case expectation(Expectation)
    case finished
    case set(name: String, value: Double)
    case start(LessonWorker)
    case stop(LessonWorker)
    case stall
    case resume
    case runChild(ChildScenario)
    case runPython(String)
    /// A question is put to the learner (the lesson waits for the answer).
    case asked(LessonQuestion)
    /// The learner's answer (1-based), or nil: skipped, or nobody to answer (plain mode without --answers).
    case answered(Int?)
    /// The measured answer: the figure, the choice it falls in, and the lesson's explanation.
    case revealed(measured: Int?, quantity: String, choice: Int?, usual: Int?, explanation: String)
    /// The reveal of a question tied to a `run-python` step whose program did not run: nothing was
    /// measured, nothing is credited, no explanation quotes a run that never happened. `posed` is false when
    /// the question was never put (python3 was missing before it): then the reveal says nothing at all.
    case notMeasured(question: LessonQuestion, usual: Int?, posed: Bool)
    /// The locks a lesson's threads use changed: who holds, who waits, contention (the Locks panel).
    case locksChanged([LockView])
    /// A thread of the scheduler game arrived before a statement, finished, or blocked on a lock.
    case scheduled(ScheduleReport)
    /// The real threads of a board (docs/boards.md) reported: one parked, blocked or finished.
    case boardReported(BoardReport)
    /// The counter thread (`BoardCountWorker`) answered: the model's counts of the board it was given.
    case boardCounted(worker: WorkerID, counts: BoardSession.Counts)
    /// The progress file as read at start or written after a win (`problem`: why it could not be read or written).
    case boardProgress(BoardProgress, problem: String?)
    /// A lesson worker's own line, with how much it should stand out (the watchdog's alarm).
    case workerSaid(worker: WorkerID, text: String, emphasis: LogEntry.Emphasis)
    /// A `run-python` step's program, watched as `daemondeck watch` watches one: its threads from /proc and
    /// the Python hook's reports (`worker` is the step's `Python` row).
    case pythonThreads(worker: WorkerID, WatchEvent)

    public enum Expectation: Sendable, Equatable, Codable {
        case met(String)
        /// `file:line: expected ...`, and the same in words for the Narration panel: what was expected,
        /// then what happened.
        case failed(String, explanation: [String] = [])
        case skipped(String)
    }
}

/// Effects of lessons and their workers, run by `LessonWorkers` (and the player, for `loadLesson`).
public enum LabEffect: Sendable, Equatable {
    case startHeartbeat(id: WorkerID, name: String, periodMs: Int)
    case startWatchdog(id: WorkerID, name: String, timeoutMs: Int)
    case startCounters(id: WorkerID, name: String, threads: Int, increments: Int, locked: Bool)
    case startJob(id: WorkerID, name: String, model: WorkerModel)
    case runChild(id: WorkerID, name: String, scenario: ChildScenario)
    /// One of the shipped Python programs, run by the `python3` on PATH (`program` is its name).
    case runPython(id: WorkerID, name: String, program: String)
    case startDemo(id: WorkerID, name: String, demo: Demo)
    /// "Be the scheduler": one row and real thread per player of the game.
    case startScheduleGame(ids: [WorkerID], game: ScheduleGame)
    /// A board: one row and real thread per board thread, parked before every statement.
    case startBoard(ids: [WorkerID], board: Board)
    /// One move of a board: the thread lets its next statement run (`wakes`: which sleeper a signal wakes).
    case stepBoard(id: WorkerID, thread: Int, wakes: Int?)
    /// Count a board's orders on a thread of its own (`BoardCountWorker`), giving up after `budgetMs`.
    case countBoard(id: WorkerID, board: Board, budgetMs: Int)
    /// Read the progress file (levels won), for the lesson menu.
    case loadBoardProgress
    /// A board was won: record it in the progress file under `level`.
    case recordBoardWin(level: String, moves: Int, shortestWin: Int?)
    /// The semaphore lesson: one row and thread per job, sharing one semaphore.
    case startSemaphoreJobs(ids: [WorkerID], permits: Int)
    case stall(WorkerID)
    case resume(WorkerID)
    /// The lesson menu picked a lesson: the player loads and begins it.
    case loadLesson(String)
}
