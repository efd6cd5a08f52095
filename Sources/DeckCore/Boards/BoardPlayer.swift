import Synchronization

/// A board played on real threads: the same `Board` value the model counts, each of its threads a real
/// thread that parks before every statement (at the freeze gate, in the dashboard) and runs exactly one
/// statement per step, on real memory and real synchronisation:
/// - shared integers are atomics, read and written by separate `load` and `store` statements, so a lost
///   update really happens and nothing is undefined behaviour;
/// - locks are a `LockTable` (a real blocking wait, holders and waiters visible);
/// - semaphores, events and condition variables live in one `Guarded` box (a pthread mutex and condition
///   variable): `acquire` and `waitevent` block on it until a permit or the event is there.
///
/// The condition variable is built, not borrowed, so that it takes the model's steps: `wait c` marks the
/// thread asleep on `c`, releases c's lock in the `LockTable` and blocks on the box until a `signal` or
/// `broadcast` marks it woken; then it parks at the gate again, and its next step takes the lock back (a
/// real `LockTable.acquire`), as `pthread_cond_wait` returns owning the mutex. `pthread_cond_wait` itself
/// could not be used: its wake-up and re-lock are one call, which cannot be stepped as two moves.
///
/// The player publishes each thread's place, `local` and status; `state` reads the real objects back as
/// the model's `State`, so the dashboard and the tests ask the model which moves the real board allows.
public final class BoardPlayer: Sendable {
    public enum Status: Sendable, Equatable {
        /// Started, or given a step (or woken), and not yet settled again.
        case running
        /// At the gate before its next statement (or, woken from `wait`, before taking its lock back).
        case parked
        /// Asleep in `wait` on the condition (its lock released).
        case asleep(Int)
        /// Inside a blocking call that cannot go on now (a lock held, no permit, an event not set).
        case blocked(String)
        case finished
        /// Its statement ended the run: a failed assert or a fault.
        case ended(BoardModel.Ending)
        case stopped
    }

    struct Sync: Sendable {
        var permits: [Int]
        var events: [Bool]
        var status: [Status]
        var pcs: [Int]
        var locals: [Int]
        var phases: [BoardModel.State.Phase]
        /// Task boards: the task that holds the executor (-1: any may go), as the model keeps it.
        var current = -1
        /// For a `signal` with several sleepers: which one the next step of each thread wakes.
        var wakeChoice: [Int?]
        var stopped = false
        /// Task boards: tasks suspended until the board changes (a lock, permit or event they wait for, a
        /// wake-up from `wait`), each resumed exactly once by `changed()` or at once if it is stale.
        var taskWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Counts the changes `changed()` announced, so a task that checked before one does not sleep past it.
        var generation = 0
    }

    /// A board's shared integer: a class around an atomic, so the integers can be held in an array.
    final class SharedInt: Sendable {
        let value: Atomic<Int>
        init(_ initial: Int) { value = Atomic(initial) }
    }

    public let board: Board
    let ints: [SharedInt]
    public let locks: LockTable
    let sync: Guarded<Sync>

    /// Task boards: called between a task's check of what it waits for and its continuation being stored,
    /// the window where a change can pass it by (tests put a change there; otherwise it does nothing).
    let beforeSuspending: @Sendable (BoardPlayer, Int) -> Void

    public convenience init(board: Board, onLocksChange: @escaping @Sendable ([LockView]) -> Void = { _ in }) {
        self.init(board: board, onLocksChange: onLocksChange, beforeSuspending: { _, _ in })
    }

    init(board: Board, onLocksChange: @escaping @Sendable ([LockView]) -> Void,
         beforeSuspending: @escaping @Sendable (BoardPlayer, Int) -> Void) {
        self.beforeSuspending = beforeSuspending
        self.board = board
        ints = board.ints.map { SharedInt($0.initial) }
        locks = LockTable(board.locks, onChange: onLocksChange)
        let initial = BoardModel.initialState(board)
        sync = Guarded(Sync(permits: initial.permits, events: initial.events, status: board.threads.map { _ in .running },
                            pcs: initial.pcs, locals: initial.locals, phases: initial.phases,
                            wakeChoice: board.threads.map { _ in nil }))
    }

    // MARK: What the board is now

    public var statuses: [Status] { sync.withLock { $0.status } }

    /// No thread is between a step and its next stop: the real board holds still and can be read.
    public var isSettled: Bool { sync.withLock { $0.status.allSatisfy { $0 != .running } } }

    /// The real board read back as the model's state (meaningful once settled): the atomics, the lock
    /// holders, the permits and events, each thread's place, local and phase.
    public var state: BoardModel.State {
        let holders = locks.snapshot.map { lock in lock.holder.flatMap { name in board.threads.firstIndex { $0.name == name } } ?? -1 }
        return sync.withLock { s in
            BoardModel.State(ints: ints.map { $0.value.load(ordering: .sequentiallyConsistent) }, holders: holders,
                             permits: s.permits, events: s.events, pcs: s.pcs, locals: s.locals, phases: s.phases,
                             current: board.kind == .tasks ? s.current : -1)
        }
    }

    /// A statement that ended the run (a failed assert, a fault), if one did.
    public var ending: BoardModel.Ending? {
        sync.withLock { s in
            for status in s.status { if case .ended(let ending) = status { return ending } }
            return nil
        }
    }

    // MARK: Driving

    /// Before a step: marks `thread` running (so `isSettled` waits for it) and, for a `signal` with several
    /// sleepers, which one it wakes. The caller then lets the thread through its gate.
    public func willStep(_ thread: Int, wakes: Int?) {
        sync.update { $0.status[thread] = .running; $0.wakeChoice[thread] = wakes }
    }

    /// Waits until the board is settled or the monotonic deadline passes; returns whether it settled.
    public func waitUntilSettled(deadline: UInt64) -> Bool {
        sync.wait(until: { $0.status.allSatisfy { $0 != .running } }, deadline: deadline)
    }

    /// Every thread gives up: sleepers and blocked threads wake and end, releasing what they hold.
    public func stop() {
        sync.update { $0.stopped = true }
        changed()
    }

    /// Task boards: the board changed (a statement ran, a lock was let go, a stop), so every suspended task
    /// is resumed to check again what it waits for. A task blocked on a lock, permit or event counts as
    /// running until it has checked (so `isSettled` waits for its answer), as a woken sleeper does.
    func changed() {
        let waiters = sync.update { s -> [CheckedContinuation<Void, Never>] in
            s.generation += 1
            let taken = Array(s.taskWaiters)
            s.taskWaiters.removeAll()
            for (t, _) in taken { if case .blocked = s.status[t] { s.status[t] = .running } }
            return taken.map(\.value)
        }
        waiters.forEach { $0.resume() }
    }

    var isStopped: Bool { sync.withLock { $0.stopped } }

    // MARK: One thread

    /// The body of board thread `t`, run on its own real thread. `park` holds it at the gate until it is
    /// stepped and returns false when it must stop instead.
    public func runThread(_ t: Int, park: () -> Bool) {
        let thread = board.threads[t]
        let me = thread.name
        var pc = settle(0, thread: t)
        var local = 0
        var held: Set<String> = []
        defer {
            for name in held { locks.release(name, by: me) }
        }
        func publish(_ status: Status, phase: BoardModel.State.Phase? = nil, current: Int? = nil) {
            sync.update { s in
                s.status[t] = status
                s.pcs[t] = pc
                s.locals[t] = local
                if let phase { s.phases[t] = phase }
                if let current { s.current = current }
            }
        }
        func end(_ ending: BoardModel.Ending) { publish(.ended(ending)) }
        func take(_ name: String) -> Bool {
            let got = locks.acquire(name, by: me, giveUp: { isStopped }, blocked: { publish(.blocked("lock \(name)")) })
            if got { held.insert(name) }
            return got
        }
        func check(_ c: Board.Check) -> Bool {
            // Only the stepped thread runs, so reading the atomics one after another is one snapshot.
            c.holds(ints: ints.map { $0.value.load(ordering: .sequentiallyConsistent) }, local: local)
        }
        /// Blocks on the box until `ready` (which may take what it waits for) or a stop; false if stopped.
        func block(_ what: String, _ ready: @escaping (inout Sync) -> Bool) -> Bool {
            var said = false
            var stopped = false
            sync.wait(deadline: nil) { s in
                if s.stopped { stopped = true; return true }
                if ready(&s) { return true }
                if !said {
                    said = true
                    s.status[t] = .blocked(what)
                }
                return false
            }
            return !stopped
        }

        while true {
            guard pc < thread.statements.count else {
                publish(.finished)
                // A thread that ends holding a lock does not give it back: a mutex (or Python's Lock) stays
                // locked when its owner is gone, as the model keeps it. The lock is let go at the board's stop.
                if !held.isEmpty { sync.wait(until: { $0.stopped }) }
                return
            }
            publish(.parked)
            guard park(), !isStopped else { return publish(.stopped) }
            let statement = thread.statements[pc]
            var next = pc + 1
            switch statement.op {
            case .lock(let l):
                guard take(board.locks[l]) else { return publish(.stopped) }
            case .unlock(let l):
                guard held.contains(board.locks[l]) else {
                    return end(.fault("\(me) unlocks \(board.locks[l]), which it does not hold (line \(statement.line))"))
                }
                held.remove(board.locks[l])
                locks.release(board.locks[l], by: me)
            case .load, .add, .store, .write, .signal, .broadcast, .release, .setEvent, .clearEvent, .await, .critical:
                runPlain(statement.op, thread: t, local: &local)
            case .branch(let c, let ifFalse): if !check(c) { next = ifFalse }
            case .jump(let target): next = target
            case .wait(let c):
                let lock = board.locks[board.conditions[c].lock]
                guard held.contains(lock) else {
                    return end(.fault("\(me) waits on \(board.conditions[c].name) without holding \(lock) (line \(statement.line))"))
                }
                // Asleep first, then the lock released: a signal after the release finds it asleep.
                sync.update { $0.phases[t] = .waiting(c) }
                held.remove(lock)
                locks.release(lock, by: me)
                publish(.asleep(c), current: board.kind == .tasks ? t : nil)  // as the model: the executor stays with it until another moves
                var stopped = false
                sync.wait(deadline: nil) { s in
                    if s.stopped { stopped = true; return true }
                    if case .woken = s.phases[t] { return true }
                    return false
                }
                if stopped { return publish(.stopped) }
                // Woken: taking the lock back is a step of its own, from the gate.
                publish(.parked)
                guard park(), !isStopped else { return publish(.stopped) }
                guard take(lock) else { return publish(.stopped) }
                sync.update { $0.phases[t] = .ready }
            case .acquire(let sem):
                guard block("semaphore \(board.semaphores[sem].name)", { s in
                    guard s.permits[sem] > 0 else { return false }
                    s.permits[sem] -= 1
                    return true
                }) else { return publish(.stopped) }
            case .waitEvent(let e):
                guard block("event \(board.events[e])", { $0.events[e] }) else { return publish(.stopped) }
            case .assert(let c):
                if !check(c) { return end(.assertFailed(thread: t, line: statement.line)) }
            }
            let wasWoken: Bool = { if case .wait = statement.op { true } else { false } }()
            pc = settle(next, thread: t)
            if board.kind == .tasks {
                let suspended = !wasWoken && statement.op == .await
                sync.update { $0.current = suspended || pc >= thread.statements.count ? -1 : t }
            }
        }
    }

    /// The statements that never wait, never end the run and go on to the next one, run by thread or task
    /// `t` with its `local`. (`await` is here a no-op: the task runner suspends for it first.)
    func runPlain(_ op: Board.Op, thread t: Int, local: inout Int) {
        switch op {
        case .load(let v): local = ints[v].value.load(ordering: .sequentiallyConsistent)
        case .add(let n): local += n
        case .store(let v): ints[v].value.store(local, ordering: .sequentiallyConsistent)
        case .write(let v, let n): ints[v].value.store(n, ordering: .sequentiallyConsistent)
        case .signal(let c):
            sync.update { s in
                let sleepers = s.phases.indices.filter { s.phases[$0] == .waiting(c) }
                guard let woken = s.wakeChoice[t].flatMap({ sleepers.contains($0) ? $0 : nil }) ?? sleepers.first else { return }
                s.phases[woken] = .woken(c)
                s.status[woken] = .running  // until it stands at its gate again
            }
        case .broadcast(let c):
            sync.update { s in
                for w in s.phases.indices where s.phases[w] == .waiting(c) {
                    s.phases[w] = .woken(c)
                    s.status[w] = .running
                }
            }
        case .release(let sem): sync.update { $0.permits[sem] += 1 }
        case .setEvent(let e): sync.update { $0.events[e] = true }
        case .clearEvent(let e): sync.update { $0.events[e] = false }
        case .await, .critical, .lock, .unlock, .branch, .jump, .wait, .acquire, .waitEvent, .assert: break
        }
    }

    /// Follows jumps (`else`, `end`) to the next real statement: the model's own rule (`Board.settle`).
    func settle(_ pc: Int, thread t: Int) -> Int { board.settle(pc, thread: t) }
}
