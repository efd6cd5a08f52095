/// The reducer's part of "be the scheduler": starting and resetting the game, refusing steps that could
/// not run, taking in the threads' reports, and deciding the outcome.
extension Reducer {
    /// Starts a game: freezes the world first, so both threads park before their first statement.
    static func startScheduleGame(_ state: inout AppState, _ game: ScheduleGame) -> [DeckEffect] {
        var effects: [DeckEffect] = []
        if let old = state.schedule {
            for thread in old.threads where state.worker(thread.id)?.isAlive == true {
                update(&state, thread.id) { $0.state = .stopping }
                effects.append(.stopWorker(thread.id))
            }
        }
        if !state.freeze.isFrozen { effects += applyFreeze(&state, .freeze) }
        let ids = ScheduleGame.threadNames.map { name in
            newWorker(&state, name: name, kind: .nonDaemon, model: .thread, role: .scheduled, intervalMs: 0)
        }
        state.schedule = ScheduleBoard(game: game, ids: ids)
        state.freeze.selectedWorker = ids.first
        log(&state, state.now, "Scheduler", "you are the scheduler: Tab picks T1 or T2, s runs its next statement, x starts over")
        setStatus(&state, "you are the scheduler: Tab picks a thread, s runs its next statement")
        return effects + [.lab(.startScheduleGame(ids: ids, game: game))]
    }

    /// `x`: the same game again, from the start.
    static func resetScheduleGame(_ state: inout AppState) -> [DeckEffect] {
        if let board = state.board?.board { return startBoard(&state, board) }
        guard let game = state.schedule?.game else {
            setStatus(&state, "no scheduler challenge is running (the lost-updates and deadlock lessons have one)")
            return []
        }
        return startScheduleGame(&state, game)
    }

    /// Before a step: a thread of the game runs one statement only when it can. Returns a refusal, or nil.
    static func scheduleStepRefusal(_ state: AppState, _ id: WorkerID) -> String? {
        guard let board = state.schedule, let thread = board.thread(id) else { return nil }
        let ahead = board.queued.filter { $0 == id }.count + (thread.inFlight ? 1 : 0)
        if thread.line + ahead >= thread.program.count { return "\(thread.name) has run all its statements" }
        if let lock = thread.waitingFor {
            let holder = board.locks.first { $0.name == lock }?.holder ?? "another thread"
            return "\(thread.name) is blocked on lock \(lock) (held by \(holder)): it cannot run until \(holder) unlocks it"
        }
        return nil
    }

    /// Whether a step must wait its turn: another statement is still running. Steps run one at a time, so
    /// the same keys give the same result every time.
    static func scheduleStepMustWait(_ state: AppState) -> Bool {
        guard let board = state.schedule else { return false }
        return !board.queued.isEmpty || board.threads.contains(where: \.busy)
    }

    static func queueScheduleStep(_ state: inout AppState, _ id: WorkerID) {
        state.schedule?.queued.append(id)
    }

    /// Lets a thread of the game run its next statement: it is in flight until it reports again.
    static func giveScheduleStep(_ state: inout AppState, _ id: WorkerID) -> [DeckEffect] {
        guard let index = state.schedule?.threads.firstIndex(where: { $0.id == id }), var board = state.schedule else { return [] }
        let thread = board.threads[index]
        board.threads[index].inFlight = true
        board.history.append("\(thread.name): \(thread.program[thread.line])")
        state.schedule = board
        state.freeze.steps += 1
        state.timeline.mark(id, .step, at: state.now)
        log(&state, state.now, "Main", "step: \(thread.name) runs `\(thread.program[thread.line])`")
        return [.step(id)]
    }

    static func scheduleReported(_ state: inout AppState, _ report: ScheduleReport) -> [DeckEffect] {
        guard var board = state.schedule, let index = board.threads.firstIndex(where: { $0.id == report.worker }) else { return [] }
        board.threads[index].line = report.line
        board.threads[index].note = report.note
        board.threads[index].waitingFor = report.waitingFor
        board.threads[index].inFlight = false
        board.threads[index].arrived = true
        board.counter = report.counter
        board.locks = report.locks
        board.locksAt = state.now
        if board.outcome == nil, let (outcome, met) = decide(board) {
            board.outcome = outcome
            board.met = met
            log(&state, state.now, "Scheduler", outcome, met ? .notice : .warning)
        }
        state.schedule = board
        // The next queued step, now that no statement is running.
        while !scheduleStepMustWaitForRunning(state), let next = state.schedule?.queued.first {
            state.schedule?.queued.removeFirst()
            if let refusal = scheduleStepRefusal(state, next) {
                setStatus(&state, refusal)
                continue
            }
            return giveScheduleStep(&state, next)
        }
        return []
    }

    private static func scheduleStepMustWaitForRunning(_ state: AppState) -> Bool {
        state.schedule?.threads.contains(where: \.busy) ?? false
    }

    /// The outcome, once there is one: both threads done, or blocked on each other.
    static func decide(_ board: ScheduleBoard) -> (String, Bool)? {
        switch board.game {
        case .race:
            guard board.threads.allSatisfy(\.done) else { return nil }
            if board.counter < board.threads.count {
                return ("Challenge met: two increments, counter = \(board.counter). A lost update, on demand: both threads "
                    + "loaded the same value before either stored.", true)
            }
            return ("counter = \(board.counter): nothing lost, because one thread's load and store ran with no store of the other "
                + "in between. x starts over: try loading in both threads first.", false)
        case .deadlock:
            let waiting = board.threads.filter { !$0.done && $0.waitingFor != nil }
            if waiting.count == board.threads.count {
                let holds = waiting.map { thread in
                    let held = board.locks.filter { $0.holder == thread.name }.map(\.name).joined(separator: ", ")
                    return "\(thread.name) holds \(held) and waits for \(thread.waitingFor ?? "?")"
                }.joined(separator: "; ")
                return ("Challenge met: DEADLOCK. \(holds). Neither can ever go on: each waits for a lock the other holds.", true)
            }
            guard board.threads.allSatisfy(\.done) else { return nil }
            return ("both threads finished: no deadlock, because one thread took both locks before the other took its first. "
                + "x starts over: try taking one lock in each thread first.", false)
        }
    }

    /// Whether the game is being played: a board whose threads are running and whose outcome is open.
    static func scheduleChallengeOpen(_ state: AppState) -> Bool {
        guard let board = state.schedule, board.outcome == nil else { return false }
        return board.threads.contains { !$0.stopped && state.worker($0.id)?.isAlive == true }
    }

    /// What `n` says while the challenge is open, instead of going on (nil when it may go on).
    static func scheduleChallengeOpenRefusal(_ state: AppState) -> String? {
        if let session = state.board, session.outcome == nil, !liveScheduleThreads(state).isEmpty {
            return "the board is yours: Tab picks a thread, s runs it · h hints the next step · x starts over"
        }
        guard scheduleChallengeOpen(state) else { return nil }
        return "the challenge is yours: Tab picks a thread, s runs it · h hints the next step · x starts over"
    }

    /// `h`: names the next step of a schedule that still meets the challenge, without taking it.
    static func scheduleHint(_ state: inout AppState) {
        if state.board != nil { return boardHint(&state) }
        guard let board = state.schedule else {
            setStatus(&state, "no scheduler challenge is running (the lost-updates and deadlock lessons have one)")
            return
        }
        if board.met == true {
            setStatus(&state, "challenge met · n goes on (x plays it again)")
            return
        }
        guard board.outcome == nil, let thread = ScheduleHint.nextStep(board.game, history: board.history),
              board.threads.indices.contains(thread) else {
            setStatus(&state, "from here the challenge can no longer be met: x starts over")
            return
        }
        let name = board.threads[thread].name
        let statement = board.threads[thread].program[min(board.threads[thread].line, board.threads[thread].program.count - 1)]
        let how = state.freeze.selectedWorker == board.threads[thread].id ? "s runs it" : "Tab to \(name), then s"
        setStatus(&state, "hint: step \(name) next (`\(statement)`) · \(how)")
        log(&state, state.now, "Scheduler", "hint: step \(name) next")
    }

    /// The game's threads that are still running, in board order (Tab cycles these; `s` steps one).
    static func liveScheduleThreads(_ state: AppState) -> [WorkerID] {
        if let session = state.board {
            return session.ids.filter { id in state.worker(id).map { $0.isAlive && $0.state != .stopping } ?? false }
        }
        guard let board = state.schedule else { return [] }
        return board.threads.filter { !$0.stopped && state.worker($0.id)?.isAlive == true }.map(\.id)
    }

    /// A game thread ended (stopped by `x`, the lesson, or a quit). The board stops showing it as blocked,
    /// and takes it off the locks it held or waited for (its cleanup released them). A thread of a game
    /// that `x` replaced leaves the Workers panel, where the new thread of the same name now stands.
    static func scheduleThreadEnded(_ state: inout AppState, _ id: WorkerID) {
        if let session = state.board, session.thread(id) != nil {
            state.board?.queued.removeAll { $0 == id }
            followBoardSelection(&state)
            return
        }
        guard var board = state.schedule, let index = board.threads.firstIndex(where: { $0.id == id }) else {
            if state.worker(id)?.role == .scheduled, state.quit == .running { state.workers.removeAll { $0.id == id } }
            return
        }
        let name = board.threads[index].name
        board.threads[index].stopped = true
        board.threads[index].waitingFor = nil
        board.threads[index].inFlight = false
        board.queued.removeAll { $0 == id }
        for n in board.locks.indices {
            if board.locks[n].holder == name {
                board.locks[n].holder = nil
                board.locks[n].heldMs = nil
            }
            if let at = board.locks[n].waiters.firstIndex(of: name) {
                board.locks[n].waiters.remove(at: at)
                if at < board.locks[n].waitedMs.count { board.locks[n].waitedMs.remove(at: at) }
                if at < board.locks[n].waitingSince.count { board.locks[n].waitingSince.remove(at: at) }
            }
        }
        // The times shown count on from here no longer for what has been taken off.
        if let at = board.locksAt {
            let elapsed = max(0, at.milliseconds(until: state.now))
            for n in board.locks.indices {
                board.locks[n].heldMs = board.locks[n].heldMs.map { $0 + elapsed }
                board.locks[n].waitedMs = board.locks[n].waitedMs.map { $0 + elapsed }
            }
        }
        board.locksAt = state.now
        state.schedule = board
    }
}
