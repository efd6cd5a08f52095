/// Counts every order of a board (`BoardModel.explore`) on a real thread of its own, so the UI thread
/// never waits for the model: a learner's board of 3 threads x 12 statements takes seconds to count, and
/// the board is playable meanwhile. Its answer comes back through the inbox like every worker's report.
///
/// It gives up honestly: past `budgetMs` of counting the answer is "too many orders to count", and a stop
/// (a new board, quit) ends the count within a few thousand model steps, so the join at quit is prompt.
public final class BoardCountWorker: Worker {
    public let life: WorkerLife
    private let board: Board
    private let budgetMs: Int

    /// How long the model may count before the board is "too many orders to count": as long as
    /// `daemondeck boards FILE` would take for the largest boards the language allows (a 3 x 12 board of
    /// 448,000 states counts in about 10 s in a debug build), since the board is playable meanwhile.
    public static let defaultBudgetMs = 20_000

    public init(life: WorkerLife, board: Board, budgetMs: Int = defaultBudgetMs) {
        self.life = life
        self.board = board
        self.budgetMs = budgetMs
    }

    public func start() { life.startThread { [self] in run() } }

    private func run() -> WorkerFate {
        life.announceRunning()
        handle.setState(.running)
        let giveUpAt = deadline(afterMilliseconds: budgetMs)
        let stopSignal = life.stopSignal
        let explored = BoardModel.explore(board) { !stopSignal.isStopped && monotonicNanos() < giveUpAt }
        // A stopped count's answer is no one's: the board it was for is gone.
        if stopSignal.isStopped { return .stoppedWithCleanup }
        if case .failure(let tooBig) = explored {
            life.say(monotonicNanos() >= giveUpAt ? "gave up counting after \(budgetMs) ms: too many orders to count" : tooBig.message)
        }
        life.inbox.post(.lesson(.boardCounted(worker: life.id, counts: BoardSession.Counts(explored))))
        return .finished
    }
}
