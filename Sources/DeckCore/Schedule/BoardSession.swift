/// A board (docs/boards.md) being played in the dashboard: its real threads' last report, the model's
/// counts, the moves made, and the outcome once there is one. Changed only by the reducer.
public struct BoardSession: Sendable, Equatable {
    public var board: Board
    /// One worker row (and real thread) per board thread, in board order.
    public var ids: [WorkerID]
    /// What the real threads last reported; nil until they have all parked once.
    public var report: BoardReport?
    /// A step was given (or the threads are starting) and the board has not settled since.
    public var inFlight = true
    /// Steps given so far: a report is the answer to the last one only once it has seen them all.
    public var stepsGiven = 0
    /// Steps asked for while another statement was still running: given in order, one at a time.
    public var queued: [WorkerID] = []
    /// Moves made so far, as the hint names them (`T1: load counter`).
    public var history: [String] = []
    /// Boards with loops: every state this game has been in, so that spinning is seen as the model sees it.
    public var path: Set<BoardModel.State> = []
    /// The move the last hint named, played when its thread is stepped next (it says which sleeper a
    /// signal wakes); cleared by every move.
    public var hinted: BoardModel.Move?
    /// Threads let into a real blocking lock the model says they cannot take yet.
    public var forced: Set<Int> = []
    /// From the model, counted on a thread of its own (`BoardCountWorker`) while the board is played.
    public var counts: Counts
    /// The worker counting this board's orders, while it counts: only its answer is taken.
    public var counter: WorkerID?
    /// Whether the win has been handed to the progress file (once per game).
    public var winRecorded = false
    /// Once the goal is met, or can no longer be met.
    public var outcome: Outcome?

    public enum Counts: Sendable, Equatable, Codable {
        /// The counter thread has not answered yet.
        case counting
        case counted(orders: Int, goalOrders: Int, shortest: Int?)
        case tooMany

        /// The model's answer as the panel shows it (a board past the budget is "too many").
        public init(_ explored: Result<BoardModel.Report, BoardModel.TooBig>) {
            switch explored {
            case .success(let report) where !report.saturated:
                self = .counted(orders: report.orders, goalOrders: report.goalOrders, shortest: report.shortestGoal?.count)
            default:
                self = .tooMany
            }
        }
    }

    public struct Outcome: Sendable, Equatable {
        public var won: Bool
        public var text: String
    }

    /// `counts` is `.counting` until the counter thread answers (counting on the UI thread froze the screen
    /// for seconds on a learner's large board); the same board started over keeps the counts it has.
    public init(board: Board, ids: [WorkerID], counts: Counts = .counting, counter: WorkerID? = nil) {
        self.board = board
        self.ids = ids
        self.counts = counts
        self.counter = counter
    }

    public func thread(_ id: WorkerID) -> Int? { ids.firstIndex(of: id) }

    /// "of the 20 possible orders, 18 reach the goal", as the panel says it before play.
    public var countsText: String {
        switch counts {
        case .counting: "counting the possible orders…"
        case .tooMany: "too many orders to count"
        case .counted(let orders, let goal, _):
            goal == 0 ? "none of the \(orders) possible orders reaches the goal: try to break it anyway"
                : "of the \(orders) possible orders, \(goal) reach\(goal == 1 ? "es" : "") the goal"
        }
    }

    public var shortestWin: Int? {
        if case .counted(_, _, let shortest) = counts { shortest } else { nil }
    }

    /// Whether thread `t` has run all its statements (or ended the run, or was stopped), by the last report.
    /// Before the first report no thread has.
    public func hasFinished(_ t: Int) -> Bool {
        guard let report, report.pcs.indices.contains(t), report.statuses.indices.contains(t) else { return false }
        switch report.statuses[t] {
        case .finished, .ended, .stopped: return true
        default: return report.pcs[t] >= board.threads[t].statements.count
        }
    }

    /// The selection, as thread indices: the thread after `selected` in board order (wrapping round) that is
    /// in `unfinished`, or the first of them when nothing is selected; nil when every thread has finished.
    /// Tab moves this way, and so does a selection whose thread has just finished.
    public static func selection(after selected: Int?, unfinished: [Int]) -> Int? {
        guard let selected else { return unfinished.first }
        return unfinished.first { $0 > selected } ?? unfinished.first
    }

    /// The selection kept by identity: `selected` while it has not finished, else the next unfinished thread
    /// after it in board order; nil when every thread has finished.
    public static func selection(keeping selected: Int?, unfinished: [Int]) -> Int? {
        if let selected, unfinished.contains(selected) { return selected }
        return selection(after: selected, unfinished: unfinished)
    }

    /// The real board as the model's state (nil before the first report).
    public var modelState: BoardModel.State? { report?.modelState(board) }
}

/// What the real threads of a board report: a snapshot of the player, taken while they hold still (or
/// while one is still on its way, `settled` false). Plain values, so the recorder can write it.
public struct BoardReport: Sendable, Equatable, Codable {
    public enum Status: Sendable, Equatable, Codable {
        case running, parked, asleep, blocked(String), finished, ended, stopped
    }

    public var ints: [Int]
    /// Each lock's holder (a thread index), -1 when free.
    public var holders: [Int]
    public var permits: [Int]
    public var events: [Bool]
    public var pcs: [Int]
    public var locals: [Int]
    /// Per thread: -1 ready, else the condition it sleeps on (`waiting`) or was woken from (`woken`).
    public var waitingOn: [Int]
    public var wokenFrom: [Int]
    public var current: Int
    public var statuses: [Status]
    /// The worker rows of the board's threads: a report from threads a reset replaced is told apart.
    public var workers: [WorkerID]
    /// How many steps the threads had been given when it was read.
    public var steps: Int
    /// Every thread holds still: parked, asleep, blocked or done.
    public var settled: Bool
    /// A statement that ended the run: a failed assert (its line) or a fault.
    public var assertFailedLine: Int?
    public var assertFailedThread: Int?
    public var fault: String?

    public init(player: BoardPlayer, workers: [WorkerID], steps: Int) {
        self.workers = workers
        self.steps = steps
        let state = player.state
        let statuses = player.statuses
        ints = state.ints
        holders = state.holders
        permits = state.permits
        events = state.events
        pcs = state.pcs
        locals = state.locals
        waitingOn = state.phases.map { if case .waiting(let c) = $0 { c } else { -1 } }
        wokenFrom = state.phases.map { if case .woken(let c) = $0 { c } else { -1 } }
        current = state.current
        self.statuses = statuses.map { status in
            switch status {
            case .running: .running
            case .parked: .parked
            case .asleep: .asleep
            case .blocked(let what): .blocked(what)
            case .finished: .finished
            case .ended: .ended
            case .stopped: .stopped
            }
        }
        // A thread still marked blocked on a lock it now holds has got it and is on its way to its gate.
        let moving = statuses.enumerated().contains { t, status in
            guard case .blocked(let what) = status, what.hasPrefix("lock ") else { return false }
            let name = String(what.dropFirst(5))
            return player.board.locks.firstIndex(of: name).map { state.holders[$0] == t } ?? false
        }
        settled = !statuses.contains(.running) && !moving
        switch player.ending {
        case .assertFailed(let thread, let line)?:
            assertFailedThread = thread
            assertFailedLine = line
        case .fault(let text)?: fault = text
        default: break
        }
    }

    func modelState(_ board: Board) -> BoardModel.State {
        let phases: [BoardModel.State.Phase] = pcs.indices.map { t in
            if waitingOn[t] >= 0 { return .waiting(waitingOn[t]) }
            if wokenFrom[t] >= 0 { return .woken(wokenFrom[t]) }
            return .ready
        }
        return BoardModel.State(ints: ints, holders: holders, permits: permits, events: events, pcs: pcs, locals: locals,
                                phases: phases, current: current)
    }
}
