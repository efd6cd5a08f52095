/// A task board played by real Swift concurrency: each board task is a real `Task` that calls `run(task:park:)`
/// on this one actor, so every statement runs isolated on the actor, and the board statement `await` is a
/// real suspension point of that actor method: `Task.yield()`, then the gate, where the task waits on a
/// continuation and holds neither a thread nor the actor. Another task may enter the actor there while the
/// first is suspended mid-method: actor reentrancy, as the `actor-reentrancy` level shows. (`Task.yield()` on
/// its own may resume at once, its documentation says, when nothing else is ready: the suspension that lets
/// the other task in for certain is the wait for the learner's next step.)
///
/// What is real and what is stepped:
/// - between two suspension points, an actor method runs without interruption: no other task runs on the
///   actor there. That is the model's executor rule (a task keeps the executor until `await`, the end, or a
///   block);
/// - but the gate before each statement is a suspension point too (the task waits there on a continuation,
///   which gives the actor up), and without care another task could enter there, an interleaving the
///   model lacks. It never does, because the stepper releases only a task the model's `moves` allow, and while
///   a task holds the executor in the model (`current`) the model allows that task alone. So other tasks enter
///   the actor only where the model says the executor is free: after an `await`, at the end, or while the
///   holder cannot move (it is then suspended in a wait, as an `asyncio.Lock` waiter is).
/// - a task never blocks its thread: a lock held, no permit, an event not set or a condition `wait` suspend it
///   (`BoardPlayer.suspend`) until the board changes. A blocked pool thread could stall every task.
///
/// The shared integers stay atomics, locks stay the `LockTable`, and each task publishes its place, `local`
/// and status exactly as a board thread does, so `BoardPlayer.state`, the dashboard and the tests read a
/// task board as they read a thread board.
public actor BoardActor {
    /// Task `task` ran a statement on the actor while the tasks `whileSuspended` were suspended at an `await`,
    /// inside their own call of `run` on this actor: the actor was re-entered.
    public struct Reentry: Sendable, Equatable {
        public let task: Int
        public let whileSuspended: [Int]
        public init(task: Int, whileSuspended: [Int]) {
            self.task = task
            self.whileSuspended = whileSuspended
        }
    }

    public let player: BoardPlayer
    /// Tasks suspended at a board `await`: from the `await` until their next statement runs.
    private var atAwait: Set<Int> = []
    /// Each time a task ran a statement while another was suspended at `await`, in order.
    public private(set) var reentries: [Reentry] = []

    public init(player: BoardPlayer) { self.player = player }

    /// The body of board task `t`, run by its real `Task`. `park` holds it before every statement until it is
    /// stepped, and returns false when it must stop instead (a quit, a cancel).
    public func run(task t: Int, park: @escaping @Sendable () async -> Bool) async {
        let player = player
        let board = player.board
        let task = board.threads[t]
        let me = task.name
        var pc = player.settle(0, thread: t)
        var local = 0
        var held: Set<String> = []
        defer {
            for name in held { player.locks.release(name, by: me) }
            player.changed()
        }
        func publish(_ status: BoardPlayer.Status, current: Int? = nil) {
            player.sync.update { s in
                s.status[t] = status
                s.pcs[t] = pc
                s.locals[t] = local
                if let current { s.current = current }
            }
        }
        func end(_ ending: BoardModel.Ending) { publish(.ended(ending)) }

        while true {
            guard pc < task.statements.count else {
                publish(.finished)
                // A task that ends holding a lock does not give it back (an asyncio.Lock stays locked when its
                // task is done, as the model keeps it): it waits, holding nothing else, for the board's stop.
                if !held.isEmpty { _ = await player.suspend(t, blockedOn: nil, until: { _ in false }) }
                return
            }
            publish(.parked)
            guard await park(), !player.isStopped, !Task.isCancelled else { return publish(.stopped) }
            // Back on the actor for one statement. Another task still inside its own `run`, suspended at an
            // `await`: this task has entered the actor in between.
            atAwait.remove(t)
            if !atAwait.isEmpty { reentries.append(Reentry(task: t, whileSuspended: atAwait.sorted())) }
            let statement = task.statements[pc]
            var next = pc + 1
            var wasWoken = false
            switch statement.op {
            case .lock(let l):
                guard await take(board.locks[l], task: t) else { return publish(.stopped) }
                held.insert(board.locks[l])
            case .unlock(let l):
                guard held.contains(board.locks[l]) else {
                    return end(.fault("\(me) unlocks \(board.locks[l]), which it does not hold (line \(statement.line))"))
                }
                held.remove(board.locks[l])
                player.locks.release(board.locks[l], by: me)
            case .branch(let c, let ifFalse):
                if !c.holds(ints: player.intValues, local: local) { next = ifFalse }
            case .jump(let target): next = target
            case .assert(let c):
                if !c.holds(ints: player.intValues, local: local) { return end(.assertFailed(thread: t, line: statement.line)) }
            case .wait(let c):
                let lock = board.locks[board.conditions[c].lock]
                guard held.contains(lock) else {
                    return end(.fault("\(me) waits on \(board.conditions[c].name) without holding \(lock) (line \(statement.line))"))
                }
                // Asleep first, then the lock released: a signal after the release finds it asleep.
                player.sync.update { $0.phases[t] = .waiting(c) }
                held.remove(lock)
                player.locks.release(lock, by: me)
                publish(.asleep(c), current: t)  // as the model: the executor stays with it until another moves
                player.changed()
                guard await player.suspend(t, blockedOn: nil, until: { s in
                    if case .woken = s.phases[t] { return true }
                    return false
                }) else { return publish(.stopped) }
                // Woken: taking the lock back is a step of its own, from the gate.
                publish(.parked)
                guard await park(), !player.isStopped, !Task.isCancelled else { return publish(.stopped) }
                guard await take(lock, task: t) else { return publish(.stopped) }
                held.insert(lock)
                player.sync.update { $0.phases[t] = .ready }
                wasWoken = true
            case .acquire(let sem):
                guard await player.suspend(t, blockedOn: "semaphore \(board.semaphores[sem].name)", until: { s in
                    guard s.permits[sem] > 0 else { return false }
                    s.permits[sem] -= 1
                    return true
                }) else { return publish(.stopped) }
            case .waitEvent(let e):
                guard await player.suspend(t, blockedOn: "event \(board.events[e])", until: { $0.events[e] }) else {
                    return publish(.stopped)
                }
            case .await:
                // The real suspension point: this call of `run` gives the actor up here and at the gate that
                // follows, and other tasks may enter it before this one runs its next statement.
                atAwait.insert(t)
                await Task.yield()
            case .load, .add, .store, .write, .signal, .broadcast, .release, .setEvent, .clearEvent, .critical:
                player.runPlain(statement.op, thread: t, local: &local)
            }
            pc = player.settle(next, thread: t)
            let suspended = !wasWoken && statement.op == .await
            player.sync.update { $0.current = suspended || pc >= task.statements.count ? -1 : t }
            player.changed()
        }
    }

    /// Takes lock `name` for task `t`, suspending (not blocking a thread) while another holds it. False if the
    /// board stops first.
    private func take(_ name: String, task t: Int) async -> Bool {
        let player = player
        let me = player.board.threads[t].name
        let got = await player.suspend(t, blockedOn: "lock \(name)") { _ in player.locks.tryAcquire(name, by: me) }
        if !got { player.locks.stopWaiting(name, by: me) }
        return got
    }
}

extension BoardPlayer {
    /// The shared integers now, read one after another (only the stepped task runs: one snapshot).
    var intValues: [Int] { ints.map { $0.value.load(ordering: .sequentiallyConsistent) } }

    /// Suspends task `t` (holding no thread) until `ready` holds, checked now and after each `changed()`;
    /// `ready` may take what it waits for. While it waits its status says `blockedOn` (nil: leave it, as for a
    /// sleeper in `wait`). Returns false if the board stops or the task is cancelled first. Each continuation
    /// is resumed exactly once: by `changed()`, which takes it out of the box, or at once when the board has
    /// changed since the check.
    func suspend(_ t: Int, blockedOn what: String?, until ready: @escaping (inout Sync) -> Bool) async -> Bool {
        while true {
            let checked = sync.update { s -> (ready: Bool?, generation: Int) in
                if s.stopped || Task.isCancelled { return (false, s.generation) }
                if ready(&s) { return (true, s.generation) }
                return (nil, s.generation)
            }
            if let answer = checked.ready { return answer }
            beforeSuspending(self, t)
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    // Blocked only once `changed()` can find it (and `update` wakes the board's waiters): marked
                    // before, a change in between would leave it marked blocked while it goes on.
                    let stale = sync.update { s -> Bool in
                        if s.stopped || Task.isCancelled || s.generation != checked.generation { return true }
                        s.taskWaiters[t] = continuation
                        if let what { s.status[t] = .blocked(what) }
                        return false
                    }
                    if stale { continuation.resume() }
                }
            } onCancel: {
                changed()
            }
        }
    }
}
