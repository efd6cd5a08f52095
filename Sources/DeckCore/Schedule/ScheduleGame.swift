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
        /// The thread has ended before the game did (stopped by `x`, the lesson or a quit).
        public var stopped = false
        /// Not parked where the board says: started and not yet arrived, or running a statement.
        var busy: Bool { (inFlight || !arrived) && !done && waitingFor == nil && !stopped }
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

/// The hint `h` gives in "be the scheduler": from the statements run so far, the next step of the shortest
/// schedule that still meets the challenge. A model of the two programs (no threads): it replays the
/// history, then tries every order of the remaining statements.
public enum ScheduleHint {
    /// A thread as the model sees it.
    struct Model: Hashable {
        var lines = [0, 0]
        var seen: [Int?] = [nil, nil]
        var next: [Int?] = [nil, nil]
        var counter = 0
        /// Which thread holds each lock.
        var holders: [String: Int] = [:]
        var waiting: [String?] = [nil, nil]
    }

    /// The thread (0 or 1) to step next toward the challenge, or nil when no schedule from here meets it.
    /// `history` is the board's (`T1: let seen = counter.load()`).
    public static func nextStep(_ game: ScheduleGame, history: [String]) -> Int? {
        var model = Model()
        for entry in history {
            guard let thread = ScheduleGame.threadNames.firstIndex(where: { entry.hasPrefix($0 + ":") }) else { continue }
            model = run(game, model, thread)
        }
        return search(game, model, depth: 12)?.first
    }

    /// The shortest list of steps from `model` that meets the challenge.
    static func search(_ game: ScheduleGame, _ model: Model, depth: Int) -> [Int]? {
        if met(game, model) { return [] }
        guard depth > 0 else { return nil }
        var best: [Int]?
        for thread in 0..<2 where canStep(game, model, thread) {
            if let rest = search(game, run(game, model, thread), depth: depth - 1), rest.count + 1 < (best?.count ?? .max) {
                best = [thread] + rest
            }
        }
        return best
    }

    static func canStep(_ game: ScheduleGame, _ model: Model, _ thread: Int) -> Bool {
        model.lines[thread] < game.program(thread: thread).count && model.waiting[thread] == nil
    }

    static func met(_ game: ScheduleGame, _ model: Model) -> Bool {
        switch game {
        case .race: model.lines.allSatisfy { $0 >= 3 } && model.counter < 2
        case .deadlock: model.waiting.allSatisfy { $0 != nil }
        }
    }

    /// One statement of `thread`, as `ScheduledThreadWorker` runs it.
    static func run(_ game: ScheduleGame, _ model: Model, _ thread: Int) -> Model {
        var model = model
        let line = model.lines[thread]
        switch (game, line) {
        case (.race, 0): model.seen[thread] = model.counter
        case (.race, 1): model.next[thread] = (model.seen[thread] ?? 0) + 1
        case (.race, _): model.counter = model.next[thread] ?? 0
        case (.deadlock, 0), (.deadlock, 1):
            let lock = (thread == 0) == (line == 0) ? "A" : "B"
            if let holder = model.holders[lock], holder != thread {
                model.waiting[thread] = lock
                return model  // blocked inside the statement: it has not moved on
            }
            model.holders[lock] = thread
        case (.deadlock, _):
            for (lock, holder) in model.holders where holder == thread {
                model.holders[lock] = nil
                // A thread blocked on it takes it and goes on past its statement.
                if let other = model.waiting.firstIndex(of: lock) {
                    model.waiting[other] = nil
                    model.holders[lock] = other
                    model.lines[other] += 1
                }
            }
        }
        model.lines[thread] += 1
        return model
    }
}
