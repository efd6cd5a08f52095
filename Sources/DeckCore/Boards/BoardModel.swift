/// Every schedule of a board, explored exhaustively: depth-first over which runnable thread runs its next
/// statement, with blocking respected (a lock held by another thread, a condition wait not yet signalled, a
/// semaphore at 0, an event not set). Pure: no threads, no clock.
///
/// What is counted are **orders** (schedules): distinct sequences of moves from the start to the end of a
/// run, not distinct states. A move is one thread running one statement; a woken waiter taking its lock
/// back is a move of its own; a `signal` with two waiters is two different moves (either may wake). States
/// are memoised on boards without `while` (a state's orders to the end do not depend on how it was reached),
/// which keeps the count exact and fast; boards with a `while` are walked path by path, and a move that
/// brings the whole board back to a state already on the path is not taken (spinning in place is not a new
/// order). See docs/boards.md.
public enum BoardModel {
    /// One move: `thread` runs its next statement; for a `signal` with several waiters, `wakes` says which.
    public struct Move: Sendable, Equatable, Hashable {
        public var thread: Int
        public var wakes: Int?
        public init(thread: Int, wakes: Int? = nil) { self.thread = thread; self.wakes = wakes }
    }

    /// How a run ends.
    public enum Ending: Sendable, Equatable {
        case finished
        /// Threads left unfinished and none can move.
        case stuck(sleeper: Bool)
        /// Some thread can move, but every move repeats a state of this run.
        case spinning
        case assertFailed(thread: Int, line: Int)
        /// A statement that cannot run: unlocking a lock not held, waiting without the condition's lock.
        case fault(String)
    }

    public struct Report: Sendable, Equatable {
        /// Complete schedules (orders), however they end.
        public var orders = 0
        /// Orders that reach the board's goal.
        public var goalOrders = 0
        /// Orders that end stuck (deadlock), and of those, stuck with a thread asleep in wait/waitevent/acquire.
        public var stuck = 0
        public var sleepsForever = 0
        public var spinning = 0
        public var assertFailures = 0
        public var faults = 0
        public var finished = 0
        /// The shortest schedule after which the goal is met (the hint); nil when no order reaches it.
        public var shortestGoal: [Move]?
        /// Board states visited (memoised boards) or moves made (boards with loops): the work done.
        public var work = 0
        /// Whether the counts saturated at Int.max (a board too large to count exactly).
        public var saturated = false

        public init() {}
    }

    public struct TooBig: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// How far the model goes before it says a board is too big, and the longest run it follows.
    public static let defaultBudget = 3_000_000
    public static let maxRunLength = 400

    /// `keepGoing` is asked every few thousand steps (a stop at quit, a time budget): when it says no, the
    /// count ends with `TooBig` instead of a report.
    public static func explore(_ board: Board, budget: Int = defaultBudget,
                               keepGoing: (@Sendable () -> Bool)? = nil) -> Result<Report, TooBig> {
        var explorer = Explorer(board: board, budget: budget)
        explorer.keepGoing = keepGoing
        let start = explorer.initialState()
        do {
            let summary = try explorer.count(start, depth: 0)
            var report = summary.report
            report.work = explorer.work
            report.shortestGoal = summary.hint.map { Array($0.reversed()) }
            return .success(report)
        } catch {
            return .failure(error)
        }
    }

    /// The statement a move runs, as the hint shows it: `T1: load counter` (`T1: takes m back` for a woken waiter).
    public static func describe(_ move: Move, in board: Board, at state: State) -> String {
        let thread = board.threads[move.thread]
        if case .woken = state.phases[move.thread] { return "\(thread.name): wakes and takes its lock back" }
        let pc = state.pcs[move.thread]
        guard pc < thread.statements.count else { return thread.name }
        var text = "\(thread.name): \(thread.statements[pc].text)"
        if let w = move.wakes { text += " (wakes \(board.threads[w].name))" }
        return text
    }

    /// The hint as lines, one per move, replayed from the start.
    public static func describe(_ moves: [Move], in board: Board) -> [String] {
        let explorer = Explorer(board: board, budget: .max)
        var state = explorer.initialState()
        var lines: [String] = []
        for move in moves {
            lines.append(describe(move, in: board, at: state))
            guard case .next(let next) = explorer.apply(move, to: state) else { break }
            state = next
        }
        return lines
    }

    /// The whole board at one moment.
    public struct State: Hashable, Sendable {
        public enum Phase: Hashable, Sendable {
            case ready
            /// Asleep in `wait C` (the condition's index), its lock released.
            case waiting(Int)
            /// Signalled: runnable once it can take the condition's lock back.
            case woken(Int)
        }
        public var ints: [Int]
        /// Each lock's holder (a thread index), -1 when free.
        public var holders: [Int]
        public var permits: [Int]
        public var events: [Bool]
        /// Each thread's next statement (never a jump); the statement count once finished.
        public var pcs: [Int]
        public var locals: [Int]
        public var phases: [Phase]
        /// Task boards: the task that holds the executor (-1: none, any runnable task may go).
        public var current: Int
    }

    enum Applied { case next(State), ended(Ending) }

    /// Counts from one state to the ends of its runs, and the shortest way to the goal (moves in reverse).
    struct Summary {
        var report = Report()
        var hint: [Move]?

        mutating func add(_ child: Summary, via move: Move) {
            func plus(_ a: inout Int, _ b: Int) {
                let (sum, overflow) = a.addingReportingOverflow(b)
                a = overflow ? .max : sum
                if overflow { report.saturated = true }
            }
            plus(&report.orders, child.report.orders)
            plus(&report.goalOrders, child.report.goalOrders)
            plus(&report.stuck, child.report.stuck)
            plus(&report.sleepsForever, child.report.sleepsForever)
            plus(&report.spinning, child.report.spinning)
            plus(&report.assertFailures, child.report.assertFailures)
            plus(&report.faults, child.report.faults)
            plus(&report.finished, child.report.finished)
            report.saturated = report.saturated || child.report.saturated
            if let childHint = child.hint, hint == nil || childHint.count + 1 < hint?.count ?? .max {
                hint = childHint + [move]
            }
        }
    }

    struct Explorer {
        let board: Board
        let budget: Int
        let memoise: Bool
        var memo: [State: Summary] = [:]
        var onPath: Set<State> = []
        var work = 0
        /// Asked every `keepGoingEvery` steps; false ends the count (see `explore`).
        var keepGoing: (@Sendable () -> Bool)?
        static let keepGoingEvery = 4096

        init(board: Board, budget: Int) {
            self.board = board
            self.budget = budget
            memoise = !board.hasLoops
        }

        func initialState() -> State {
            State(ints: board.ints.map(\.initial), holders: board.locks.map { _ in -1 },
                  permits: board.semaphores.map(\.permits), events: board.events.map { _ in false },
                  pcs: board.threads.indices.map { settle(0, thread: $0) }, locals: board.threads.map { _ in 0 },
                  phases: board.threads.map { _ in .ready }, current: -1)
        }

        func settle(_ pc: Int, thread: Int) -> Int { board.settle(pc, thread: thread) }

        func done(_ state: State, _ t: Int) -> Bool { state.pcs[t] >= board.threads[t].statements.count }

        func runnable(_ state: State, _ t: Int) -> Bool {
            if done(state, t) { return false }
            switch state.phases[t] {
            case .waiting: return false
            case .woken(let c): return state.holders[board.conditions[c].lock] == -1
            case .ready:
                switch board.threads[t].statements[state.pcs[t]].op {
                case .lock(let l): return state.holders[l] == -1
                case .acquire(let s): return state.permits[s] > 0
                case .waitEvent(let e): return state.events[e]
                default: return true
                }
            }
        }

        func moves(_ state: State) -> [Move] {
            var threads = board.threads.indices.filter { runnable(state, $0) }
            if board.kind == .tasks, state.current >= 0, threads.contains(state.current) { threads = [state.current] }
            var moves: [Move] = []
            for t in threads {
                if case .ready = state.phases[t], case .signal(let c) = board.threads[t].statements[state.pcs[t]].op {
                    let waiters = waiters(state, c)
                    if waiters.count > 1 {
                        moves += waiters.map { Move(thread: t, wakes: $0) }
                        continue
                    }
                }
                moves.append(Move(thread: t, wakes: nil))
            }
            return moves
        }

        func waiters(_ state: State, _ c: Int) -> [Int] {
            state.phases.indices.filter { state.phases[$0] == .waiting(c) }
        }

        func bothCritical(_ state: State) -> Bool {
            board.threads.indices.filter { t in
                !done(state, t) && state.phases[t] == .ready && board.threads[t].statements[state.pcs[t]].op == .critical
            }.count >= 2
        }

        func apply(_ move: Move, to state: State) -> Applied {
            var s = state
            let t = move.thread
            let thread = board.threads[t]
            let pc = s.pcs[t]
            var next = pc + 1
            if case .woken(let c) = s.phases[t] {
                s.holders[board.conditions[c].lock] = t
                s.phases[t] = .ready
            } else {
                let statement = thread.statements[pc]
                switch statement.op {
                case .lock(let l): s.holders[l] = t
                case .unlock(let l):
                    guard s.holders[l] == t else {
                        return .ended(.fault("\(thread.name) unlocks \(board.locks[l]), which it does not hold (line \(statement.line))"))
                    }
                    s.holders[l] = -1
                case .load(let v): s.locals[t] = s.ints[v]
                case .add(let n): s.locals[t] += n
                case .store(let v): s.ints[v] = s.locals[t]
                case .write(let v, let n): s.ints[v] = n
                case .branch(let check, let ifFalse):
                    if !check.holds(ints: s.ints, local: s.locals[t]) { next = ifFalse }
                case .jump(let target): next = target  // not reached: pcs are settled past jumps
                case .wait(let c):
                    let lock = board.conditions[c].lock
                    guard s.holders[lock] == t else {
                        return .ended(.fault("\(thread.name) waits on \(board.conditions[c].name) without holding \(board.locks[lock]) (line \(statement.line))"))
                    }
                    s.holders[lock] = -1
                    s.phases[t] = .waiting(c)
                    next = pc  // it returns from the wait (and moves on) once woken and holding the lock again
                case .signal(let c):
                    if let w = move.wakes ?? waiters(s, c).first { s.phases[w] = .woken(c) }
                case .broadcast(let c):
                    for w in waiters(s, c) { s.phases[w] = .woken(c) }
                case .acquire(let sem): s.permits[sem] -= 1
                case .release(let sem): s.permits[sem] += 1
                case .setEvent(let e): s.events[e] = true
                case .clearEvent(let e): s.events[e] = false
                case .waitEvent: break
                case .await: break
                case .assert(let check):
                    if !check.holds(ints: s.ints, local: s.locals[t]) { return .ended(.assertFailed(thread: t, line: statement.line)) }
                case .critical: break
                }
            }
            s.pcs[t] = settle(next, thread: t)
            if board.kind == .tasks {
                let suspended: Bool
                if case .await = thread.statements[pc].op, state.phases[t] == .ready { suspended = true } else { suspended = false }
                s.current = suspended || done(s, t) ? -1 : t
            }
            return .next(s)
        }

        func leaf(_ ending: Ending, _ state: State?) -> Summary {
            var summary = Summary()
            summary.report.orders = 1
            var goal = false
            switch ending {
            case .finished:
                summary.report.finished = 1
                if case .state(let check, _) = board.goal, let state { goal = check.holds(ints: state.ints, local: 0) }
            case .stuck(let sleeper):
                summary.report.stuck = 1
                summary.report.sleepsForever = sleeper ? 1 : 0
                goal = board.goal == .deadlock || (board.goal == .waiterSleepsForever && sleeper)
            case .spinning:
                summary.report.spinning = 1
                goal = board.goal == .spinsForever
            case .assertFailed:
                summary.report.assertFailures = 1
                goal = board.goal == .assertFails
            case .fault:
                summary.report.faults = 1
            }
            if goal {
                summary.report.goalOrders = 1
                summary.hint = []
            }
            return summary
        }

        /// Whether a stuck thread sleeps in wait, waitevent or acquire (rather than waiting for a lock).
        func sleeper(_ state: State) -> Bool {
            board.threads.indices.contains { t in
                guard !done(state, t) else { return false }
                switch state.phases[t] {
                case .waiting: return true
                case .woken: return false
                case .ready:
                    switch board.threads[t].statements[state.pcs[t]].op {
                    case .acquire, .waitEvent: return true
                    default: return false
                    }
                }
            }
        }

        mutating func count(_ state: State, depth: Int) throws(TooBig) -> Summary {
            if memoise, let known = memo[state] { return known }
            work += 1
            guard work <= budget else {
                throw TooBig(message: "more than \(budget) steps explored: the board has too many orders to count")
            }
            if work % Self.keepGoingEvery == 0, let keepGoing, !keepGoing() {
                throw TooBig(message: "stopped after \(work) steps explored: the board has too many orders to count in time")
            }
            guard depth <= maxRunLength else {
                throw TooBig(message: "a run of this board is longer than \(maxRunLength) moves")
            }
            var summary: Summary
            if board.threads.indices.allSatisfy({ done(state, $0) }) {
                summary = leaf(.finished, state)
            } else {
                let moves = moves(state)
                if moves.isEmpty {
                    summary = leaf(.stuck(sleeper: sleeper(state)), state)
                } else {
                    summary = Summary()
                    if !memoise { onPath.insert(state) }
                    var taken = 0
                    for move in moves {
                        switch apply(move, to: state) {
                        case .ended(let ending):
                            summary.add(leaf(ending, nil), via: move)
                            taken += 1
                        case .next(let next):
                            if !memoise, onPath.contains(next) { continue }
                            summary.add(try count(next, depth: depth + 1), via: move)
                            taken += 1
                        }
                    }
                    if !memoise { onPath.remove(state) }
                    if taken == 0 { summary = leaf(.spinning, state) }
                }
            }
            // Two threads at `critical`: every order through here has met the goal, at this moment.
            if board.goal == .bothCritical, bothCritical(state) {
                summary.report.goalOrders = summary.report.orders
                summary.hint = []
            }
            if memoise { memo[state] = summary }
            return summary
        }
    }
}
