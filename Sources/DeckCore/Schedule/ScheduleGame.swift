/// "Be the scheduler": two real threads park before every statement, and the learner decides which one
/// runs its next statement (Tab selects, `s` runs one). The same choices give the same result every time,
/// because no statement runs unless it is stepped, and a step waits until the previous one is done.
public enum ScheduleGame: String, Sendable, Equatable, CaseIterable, Codable {
    /// Two threads each add 1 to a shared counter, as a separate load, add and store.
    case race
    /// Two threads take two locks in opposite orders.
    case deadlock

    public static let threadNames = ["T1", "T2"]

    /// Each thread's statements, in order.
    public func program(thread: Int) -> [String] {
        switch self {
        case .race:
            return ["let seen = counter.load()", "let next = seen + 1", "counter.store(next)"]
        case .deadlock:
            let (first, second) = thread == 0 ? ("A", "B") : ("B", "A")
            return ["lock\(first).lock()", "lock\(second).lock()", "lock\(second).unlock(); lock\(first).unlock()"]
        }
    }

    /// The goal, as the board states it.
    public var challenge: String {
        switch self {
        case .race: "Challenge: two increments, yet end with counter = 1 (a lost update)"
        case .deadlock: "Challenge: make them deadlock"
        }
    }

    /// The locks the game uses (none for the race).
    public var lockNames: [String] { self == .deadlock ? ["A", "B"] : [] }
}

/// What a thread of the game reports each time it arrives before a statement (or finishes, or blocks).
public struct ScheduleReport: Sendable, Equatable, Codable {
    public var worker: WorkerID
    /// The statement it will run next; the program's length once it is done.
    public var line: Int
    /// Its local values (`seen = 0, next = 1`) or what it holds.
    public var note: String
    /// Blocked inside a statement, waiting for this lock.
    public var waitingFor: String?
    public var counter: Int
    public var locks: [LockView]

    public init(worker: WorkerID, line: Int, note: String, waitingFor: String?, counter: Int, locks: [LockView]) {
        self.worker = worker
        self.line = line
        self.note = note
        self.waitingFor = waitingFor
        self.counter = counter
        self.locks = locks
    }
}

/// The game as the Scheduler panel shows it. Changed only by the reducer.
public struct ScheduleBoard: Sendable, Equatable {
    public struct Thread: Sendable, Equatable {
        public var id: WorkerID
        public var name: String
        public var program: [String]
        /// The next statement; `program.count` once done.
        public var line = 0
        public var note = ""
        public var waitingFor: String?
        /// Stepped, and not yet back before its next statement.
        public var inFlight = false
        /// It has reported at least once (parked before its first statement).
        public var arrived = false
        /// Not parked where the board says: started and not yet arrived, or running a statement.
        var busy: Bool { (inFlight || !arrived) && !done && waitingFor == nil }
        public var done: Bool { line >= program.count }
    }

    public var game: ScheduleGame
    public var threads: [Thread]
    public var counter = 0
    public var locks: [LockView]
    /// Statements run so far, in order (`T1: let seen = counter.load()`).
    public var history: [String] = []
    /// When the locks were last reported (their times count on from here).
    public var locksAt: Timestamp?
    /// Steps asked for while another thread was still running its statement: given in order, one at a time.
    public var queued: [WorkerID] = []
    /// What came of it, once decided; `met` says whether the challenge was reached.
    public var outcome: String?
    public var met: Bool?

    public init(game: ScheduleGame, ids: [WorkerID]) {
        self.game = game
        threads = ids.enumerated().map { n, id in
            Thread(id: id, name: ScheduleGame.threadNames[n], program: game.program(thread: n))
        }
        locks = game.lockNames.map(LockView.init)
    }

    public func thread(_ id: WorkerID) -> Thread? { threads.first { $0.id == id } }
}
