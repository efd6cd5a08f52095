/// A scheduler level ("board"): shared integers, locks, condition variables, semaphores and events, two or
/// three threads (or tasks) each running a short list of statements, and a goal. It is the one board type:
/// the model (`BoardModel`, every schedule counted) and the player on real threads read the same value, so
/// they cannot disagree about what a board is. Written in the language of docs/boards.md, read by
/// `BoardParser`.
public struct Board: Sendable, Equatable {
    /// `thread` sections run preemptively (a switch may fall between any two statements); `task` sections
    /// share one executor, as tasks on an actor or an asyncio event loop do: a task runs until it reaches
    /// `await`, finishes, or blocks.
    public enum Kind: String, Sendable, Equatable { case threads, tasks }

    public struct SharedInt: Sendable, Equatable {
        public var name: String
        public var initial: Int
        public init(name: String, initial: Int) { self.name = name; self.initial = initial }
    }
    /// A condition variable is always used with one lock (`cond C with L`): `wait C` releases that lock
    /// while it sleeps and takes it back before it returns, as `pthread_cond_wait` does.
    public struct CondVar: Sendable, Equatable {
        public var name: String
        public var lock: Int
        public init(name: String, lock: Int) { self.name = name; self.lock = lock }
    }
    public struct Semaphore: Sendable, Equatable {
        public var name: String
        public var permits: Int
        public init(name: String, permits: Int) { self.name = name; self.permits = permits }
    }

    /// A value in a check: a shared integer (by index), the running thread's own `local`, or a number.
    public enum Operand: Sendable, Equatable { case shared(Int), local, number(Int) }
    public enum Relation: String, Sendable, Equatable, CaseIterable {
        case equal = "==", notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">"

        public func holds(_ a: Int, _ b: Int) -> Bool {
            switch self {
            case .equal: a == b
            case .notEqual: a != b
            case .less: a < b
            case .lessOrEqual: a <= b
            case .greater: a > b
            case .greaterOrEqual: a >= b
            }
        }
    }
    public struct Comparison: Sendable, Equatable {
        public var left: Operand
        public var relation: Relation
        public var right: Operand
        public init(left: Operand, relation: Relation, right: Operand) {
            self.left = left
            self.relation = relation
            self.right = right
        }
    }
    /// Comparisons joined by `and` (all must hold), read in one step.
    public struct Check: Sendable, Equatable {
        public var all: [Comparison]
        public init(all: [Comparison]) { self.all = all }

        public func holds(ints: [Int], local: Int) -> Bool {
            all.allSatisfy { c in
                func value(_ o: Operand) -> Int {
                    switch o {
                    case .shared(let i): ints[i]
                    case .local: local
                    case .number(let n): n
                    }
                }
                return c.relation.holds(value(c.left), value(c.right))
            }
        }
    }

    /// One statement, compiled: indices name the board's declarations. `if`, `else`, `while` and `end` become
    /// a `branch` (a step: it reads the shared state) and `jump`s (not steps: taken on the way to the next
    /// statement).
    public enum Op: Sendable, Equatable {
        case lock(Int), unlock(Int)
        /// `load x`: the thread's `local` = x. `add N`: local += N. `store x`: x = local. `write x N`: x = N.
        case load(Int), add(Int), store(Int), write(Int, Int)
        /// `if` / `while`: when the check fails, go to `ifFalse`; otherwise to the next statement.
        case branch(Check, ifFalse: Int)
        case jump(Int)
        case wait(Int), signal(Int), broadcast(Int)
        case acquire(Int), release(Int)
        case setEvent(Int), clearEvent(Int), waitEvent(Int)
        case await
        case assert(Check)
        /// The thread is in its critical section while this is its next statement.
        case critical

        /// Whether running it is a move of the schedule (jumps are not).
        public var isStep: Bool { if case .jump = self { false } else { true } }
    }

    public struct Statement: Sendable, Equatable {
        public var op: Op
        /// Where it is written (`file:line`) and how (for the screen and the hint).
        public var line: Int
        public var text: String
    }

    public struct Thread: Sendable, Equatable {
        public var name: String
        public var statements: [Statement]
        /// The statements that are steps (the limit of `BoardParser.maxStatements` is on these).
        public var stepCount: Int { statements.filter(\.op.isStep).count }
    }

    public enum Goal: Sendable, Equatable {
        /// Every thread finished and the check holds on the shared state (`goal counter == 1`).
        case state(Check, text: String)
        /// The run is stuck: threads left unfinished and none can move, whatever they wait for.
        case deadlock
        /// Two threads in the critical section at once (both have `critical` as their next statement).
        case bothCritical
        /// The run is stuck with a thread asleep in `wait`, `waitevent` or `acquire`.
        case waiterSleepsForever
        /// An `assert` fails.
        case assertFails
        /// Only spinning is left: some thread can still move, but every move brings the board back to a
        /// state it was already in.
        case spinsForever

        public var text: String {
            switch self {
            case .state(_, let text): text
            case .deadlock: "deadlock"
            case .bothCritical: "both-critical"
            case .waiterSleepsForever: "waiter-sleeps-forever"
            case .assertFails: "assert-fails"
            case .spinsForever: "spins-forever"
            }
        }
    }

    public var name: String
    public var file: String
    public var title: String?
    public var kind: Kind
    public var ints: [SharedInt]
    public var locks: [String]
    public var conditions: [CondVar]
    public var semaphores: [Semaphore]
    /// Events start clear.
    public var events: [String]
    public var threads: [Thread]
    public var goal: Goal

    /// Whether any thread has a `while` (a jump backwards): then states can repeat, and the model counts
    /// orders without memoising states (see BoardModel).
    public var hasLoops: Bool {
        threads.contains { thread in
            thread.statements.enumerated().contains { index, statement in
                if case .jump(let target) = statement.op { target <= index } else { false }
            }
        }
    }
}

extension Board {
    /// Follows jumps (`else`, `end`) from `pc` to thread `thread`'s next real statement. One rule for the
    /// model and the real players, so they cannot disagree on where a thread stands.
    func settle(_ pc: Int, thread: Int) -> Int {
        let statements = threads[thread].statements
        var pc = pc
        var hops = 0
        while pc < statements.count, case .jump(let target) = statements[pc].op, hops <= statements.count {
            pc = target
            hops += 1
        }
        return pc
    }
}
