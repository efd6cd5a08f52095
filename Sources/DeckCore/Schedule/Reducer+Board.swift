/// The reducer's part of playing a board (docs/boards.md) in the dashboard: starting and resetting it,
/// refusing moves the model says cannot run (except a lock, which really blocks), taking in the real
/// threads' reports, the hint, and the outcome. The model (`BoardModel`) decides; the threads do.
extension Reducer {
    /// Starts a board with fresh threads: freezes the world first, so each parks before its first statement.
    static func startBoard(_ state: inout AppState, _ board: Board) -> [DeckEffect] {
        let previous = state.board
        var effects = stopGameThreads(&state)
        state.schedule = nil
        if !state.freeze.isFrozen { effects += applyFreeze(&state, .freeze) }
        let ids = board.threads.map { thread in
            newWorker(&state, name: thread.name, kind: .nonDaemon, model: board.kind == .tasks ? .task : .thread, role: .scheduled, intervalMs: 0)
        }
        let session: BoardSession
        if let previous, previous.board == board {
            // The same board again (`x`): its counts carry over, or its counter goes on counting.
            session = BoardSession(board: board, ids: ids, counts: previous.counts, counter: previous.counter)
        } else {
            if let old = previous?.counter, state.worker(old)?.isAlive == true {
                update(&state, old) { $0.state = .stopping }
                effects.append(.stopWorker(old))
            }
            // Counted on a thread of its own: the UI thread never waits for the model.
            let counter = newWorker(&state, name: "Counter", kind: .nonDaemon, model: .thread, role: .boardCounter, intervalMs: 0)
            effects.append(.lab(.countBoard(id: counter, board: board, budgetMs: state.config.boardCountBudgetMs ?? BoardCountWorker.defaultBudgetMs)))
            session = BoardSession(board: board, ids: ids, counter: counter)
        }
        state.board = session
        state.freeze.selectedWorker = ids.first
        log(&state, state.now, "Scheduler", "board \(board.name): \(board.title ?? board.goal.text) · \(session.countsText)")
        let unit = state.board?.board.kind == .tasks ? "task" : "thread"
        setStatus(&state, "you are the scheduler: Tab picks a \(unit), s runs its next statement, h hints, x starts over")
        return effects + [.lab(.startBoard(ids: ids, board: board))]
    }

    /// Stops the threads of the game or board being played (before a new one starts).
    private static func stopGameThreads(_ state: inout AppState) -> [DeckEffect] {
        let ids = (state.schedule?.threads.map(\.id) ?? []) + (state.board?.ids ?? [])
        var effects: [DeckEffect] = []
        for id in ids where state.worker(id)?.isAlive == true {
            update(&state, id) { $0.state = .stopping }
            effects.append(.stopWorker(id))
        }
        // Threads of the old board that had already finished leave the Workers panel now (the others as they end).
        if state.quit == .running { state.workers.removeAll { ids.contains($0.id) && !$0.isAlive } }
        return effects
    }

    /// `s` on a thread of the board. Steps run one at a time: asked for while one runs, it waits its turn.
    static func boardStep(_ state: inout AppState, _ id: WorkerID) -> [DeckEffect] {
        guard let session = state.board, session.thread(id) != nil else { return [] }
        if session.outcome != nil {
            setStatus(&state, "this board is over: x starts it again, l picks another")
            return []
        }
        if session.inFlight || !session.queued.isEmpty {
            state.board?.queued.append(id)
            return []
        }
        return giveBoardStep(&state, id)
    }

    /// Lets thread `id` run its next statement, if the model allows it (or it is a lock: then it really blocks).
    private static func giveBoardStep(_ state: inout AppState, _ id: WorkerID) -> [DeckEffect] {
        guard var session = state.board, let t = session.thread(id), let now = session.modelState else { return [] }
        let board = session.board
        let name = board.threads[t].name
        let allowed = BoardModel.moves(board, from: now).filter { $0.thread == t }
        let move: BoardModel.Move
        if let first = allowed.first {
            // A signal with two sleepers is two moves (either may wake): the one the last hint named, else
            // the first sleeper; the status says the other was possible.
            move = session.hinted.flatMap { allowed.contains($0) ? $0 : nil } ?? first
            if allowed.count > 1, let woken = move.wakes {
                let others = allowed.compactMap(\.wakes).filter { $0 != woken }.map { board.threads[$0].name }
                setStatus(&state, "\(name) wakes \(board.threads[woken].name); it could have woken \(others.joined(separator: " or ")) instead (h names the choice that leads to the goal)")
            }
        } else if mayEnter(board, now, t), let lock = blockedLock(board, now, t), !session.forced.contains(t) {
            // The model says it cannot take the lock; the real thread may try, and blocks inside `lock`. A task
            // may try only when the executor is free for it: else it would run beside the task holding it.
            move = BoardModel.Move(thread: t)
            session.forced.insert(t)
            setStatus(&state, "\(name) tries lock \(board.locks[lock]), held by \(board.threads[now.holders[lock]].name): it blocks")
        } else {
            setStatus(&state, boardRefusal(session, now, t))
            return []
        }
        session.history.append(BoardModel.describe(move, in: board, at: now))
        session.hinted = nil
        session.inFlight = true
        session.stepsGiven += 1
        state.board = session
        state.freeze.steps += 1
        state.timeline.mark(id, .step, at: state.now)
        log(&state, state.now, "Main", "step: \(session.history.last ?? name)")
        return [.lab(.stepBoard(id: id, thread: t, wakes: move.wakes))]
    }

    /// Task boards: whether task `t` may run now under the executor rule, as the model's `moves` has it: no
    /// task holds the executor, `t` holds it, or the holder cannot move (it waits). A thread always may.
    private static func mayEnter(_ board: Board, _ now: BoardModel.State, _ t: Int) -> Bool {
        guard board.kind == .tasks, now.current >= 0, now.current != t else { return true }
        return !BoardModel.moves(board, from: now).contains { $0.thread == now.current }
    }

    /// The lock thread `t` would take next, when another thread holds it.
    private static func blockedLock(_ board: Board, _ now: BoardModel.State, _ t: Int) -> Int? {
        let statements = board.threads[t].statements
        if case .woken(let c) = now.phases[t] {
            let lock = board.conditions[c].lock
            return now.holders[lock] >= 0 && now.holders[lock] != t ? lock : nil
        }
        guard now.pcs[t] < statements.count, case .lock(let lock) = statements[now.pcs[t]].op,
              now.holders[lock] >= 0, now.holders[lock] != t else { return nil }
        return lock
    }

    /// Why thread `t` cannot run its next statement now, in words.
    static func boardRefusal(_ session: BoardSession, _ now: BoardModel.State, _ t: Int) -> String {
        let board = session.board
        let name = board.threads[t].name
        let statements = board.threads[t].statements
        if now.pcs[t] >= statements.count { return "\(name) has run all its statements" }
        func holder(_ lock: Int) -> String { now.holders[lock] >= 0 ? board.threads[now.holders[lock]].name : "nobody" }
        if case .waiting(let c) = now.phases[t] {
            return "\(name) sleeps in wait \(board.conditions[c].name): it cannot run until another thread signals it"
        }
        // The executor before the lock: a task behind another cannot even try the lock, so the lock is not the reason.
        if !mayEnter(board, now, t) {
            return "tasks share one executor: \(board.threads[now.current].name) runs until it awaits, blocks or finishes"
        }
        if let lock = blockedLock(board, now, t) {
            return "\(name) is blocked on lock \(board.locks[lock]) (held by \(holder(lock))): it goes on when \(holder(lock)) unlocks it"
        }
        switch statements[now.pcs[t]].op {
        case .acquire(let s):
            return "\(name) cannot acquire \(board.semaphores[s].name): no permit is left (a release gives one back)"
        case .waitEvent(let e):
            return "\(name) waits for event \(board.events[e]), which is not set: another thread must set it"
        default:
            return "\(name) cannot run `\(statements[now.pcs[t]].text)` now"
        }
    }

    /// The real threads reported. Once they hold still, the outcome is decided and the next queued step given.
    static func boardReported(_ state: inout AppState, _ report: BoardReport) -> [DeckEffect] {
        // A report of threads a reset replaced is not this board's.
        guard var session = state.board, report.workers == session.ids else { return [] }
        session.report = report
        // Settled before the last step given was let through: not yet its answer.
        guard report.settled, report.steps == session.stepsGiven else {
            state.board = session
            return []
        }
        session.inFlight = false
        let now = report.modelState(session.board)
        // The states this game has passed through: a loop that can only come back to one of them is spinning.
        if session.board.hasLoops { session.path.insert(now) }
        // A thread let into a blocked lock that has since got it is on its way again.
        session.forced = session.forced.filter { !report.statuses.indices.contains($0) || report.statuses[$0] != .parked }
        var effects: [DeckEffect] = []
        if session.outcome == nil, let outcome = decideBoard(session, report, now) {
            session.outcome = outcome
            log(&state, state.now, "Scheduler", outcome.text, outcome.won ? .notice : .warning)
            // The level's `# after a win:` line: what the win showed, said once the goal is met.
            if outcome.won, let afterWin = afterWinLine(state, session.board) { log(&state, state.now, "Scheduler", afterWin, .notice) }
            setStatus(&state, outcome.won ? "goal reached · x plays it again, l picks another board" : "the goal can no longer be reached: x starts over")
            if outcome.won, !session.winRecorded {
                // Once per game: later reports of the same board find the win already recorded.
                session.winRecorded = true
                effects.append(.lab(.recordBoardWin(level: progressKey(state, session.board), moves: session.history.count,
                                                    shortestWin: session.shortestWin)))
            }
        }
        state.board = session
        followBoardSelection(&state)
        while session.outcome == nil, let next = state.board?.queued.first {
            state.board?.queued.removeFirst()
            let given = giveBoardStep(&state, next)
            if !given.isEmpty { return effects + given }
        }
        state.board?.queued = []
        return effects
    }

    /// The board's threads that can still be stepped, as indices in board order: alive, not on their way
    /// out, and with statements left (a thread that finished holding a lock lives on until the stop).
    static func unfinishedBoardThreads(_ state: AppState) -> [Int] {
        guard let session = state.board else { return [] }
        return session.ids.indices.filter { t in
            !session.hasFinished(t) && (state.worker(session.ids[t]).map { $0.isAlive && $0.state != .stopping } ?? false)
        }
    }

    /// The selection stays on the thread the learner picked (by identity) while it has statements left; once
    /// it finishes, it moves to the next unfinished thread in board order, and the status bar says which, so
    /// Tab and s go on from where the learner was rather than from the first thread.
    static func followBoardSelection(_ state: inout AppState) {
        guard let session = state.board, let selected = state.freeze.selectedWorker, let t = session.thread(selected) else { return }
        let unfinished = unfinishedBoardThreads(state)
        guard !unfinished.contains(t), let next = BoardSession.selection(after: t, unfinished: unfinished) else { return }
        state.freeze.selectedWorker = session.ids[next]
        // Once the board is decided the status bar says so instead.
        guard session.outcome == nil else { return }
        let threads = session.board.threads
        setStatus(&state, "\(threads[t].name) has finished: \(threads[next].name) is selected (s runs its next statement, Tab picks another)")
    }

    /// Where a win of `board` is kept in the progress file: a shipped level by its name (`lost-update`), a
    /// board of the learner's own file as `file:PATH`, which no shipped name can be (they have no `:`).
    /// A board's `# after a win:` line: a shipped level's, or one in the learner's own file (`--board FILE`).
    static func afterWinLine(_ state: AppState, _ board: Board) -> String? {
        if state.boardCatalog.contains(board) { return BoardLibrary.shippedNotes()[board.name]?.afterWin }
        guard let source = state.config.board, source.file == board.file else { return nil }
        return BoardLevelNotes.read(source.text).afterWin
    }

    public static func progressKey(_ state: AppState, _ board: Board) -> String {
        state.boardCatalog.contains(board) ? board.name : "file:\(board.file)"
    }

    /// The counter thread answered. Only the answer for the board being played is taken.
    static func boardCounted(_ state: inout AppState, _ worker: WorkerID, _ counts: BoardSession.Counts) -> [DeckEffect] {
        guard var session = state.board, session.counter == worker else { return [] }
        session.counts = counts
        session.counter = nil
        state.board = session
        log(&state, state.now, "Scheduler", "board \(session.board.name): \(session.countsText)")
        return []
    }

    /// The counter thread ended: its row leaves the Workers panel (kept while quitting, for the summary).
    static func boardCounterEnded(_ state: inout AppState, _ id: WorkerID) {
        guard state.worker(id)?.role == .boardCounter, state.quit == .running else { return }
        state.workers.removeAll { $0.id == id }
        if state.board?.counter == id {
            // Ended without an answer (it could not start): the board is played without counts.
            state.board?.counter = nil
            state.board?.counts = .tooMany
        }
    }

    /// Won, lost, or still open (nil): the goal met now, or no schedule from here that meets it.
    static func decideBoard(_ session: BoardSession, _ report: BoardReport, _ now: BoardModel.State) -> BoardSession.Outcome? {
        let board = session.board
        let made = session.history.count
        let shortest = session.shortestWin.map { ", shortest win \($0)" } ?? ""
        let moves = "\(made) move\(made == 1 ? "" : "s")"
        func won(_ what: String) -> BoardSession.Outcome {
            .init(won: true, text: "WON in \(moves)\(shortest): \(what)")
        }
        func lost(_ what: String) -> BoardSession.Outcome {
            .init(won: false, text: "LOST after \(moves)\(shortest): \(what) · x starts over")
        }
        let explorer = BoardModel.Explorer(board: board, budget: BoardModel.defaultBudget)
        if board.goal == .bothCritical, explorer.bothCritical(now) { return won("two threads in the critical section at once") }
        if let line = report.assertFailedLine {
            let who = report.assertFailedThread.map { board.threads[$0].name } ?? "a thread"
            return board.goal == .assertFails ? won("\(who)'s assert on line \(line) fails") : lost("\(who)'s assert on line \(line) failed")
        }
        if let fault = report.fault { return lost(fault) }
        if BoardModel.moves(board, from: now).isEmpty {
            let ending = BoardModel.endingWithoutMoves(board, now)
            let what = endingText(board, now, ending)
            return BoardModel.goalMet(board, ending: ending, final: now, along: [now]) ? won(what) : lost(what)
        }
        // Only spinning left, as the model ends a run: every move brings the board back to a state this game
        // has already been in (`while flag == 0` / `end` with nobody left to set the flag).
        if board.hasLoops, BoardModel.onlySpinningLeft(board, from: now, path: session.path) {
            let what = endingText(board, now, .spinning)
            return BoardModel.goalMet(board, ending: .spinning, final: now, along: [now]) ? won(what) : lost(what)
        }
        // Still moves to make: lost only if none of the orders from here reaches the goal. A board no order
        // wins (a fix: "try to break it anyway") is played to its end.
        if case .counted(_, let goalOrders, _) = session.counts, goalOrders > 0,
           case .success(let ahead) = boardAhead(board, from: now), ahead.report.goalOrders == 0 {
            return lost("no order from here reaches \(BoardPanel.goalText(board))")
        }
        return nil
    }

    /// What the end of a run looks like: the shared values, or who holds what and waits for what.
    static func endingText(_ board: Board, _ now: BoardModel.State, _ ending: BoardModel.Ending) -> String {
        switch ending {
        case .finished:
            let values = board.ints.enumerated().map { "\($1.name) = \(now.ints[$0])" }.joined(separator: ", ")
            return "every thread finished" + (values.isEmpty ? "" : " with \(values)")
        case .stuck:
            let stuck = board.threads.indices.filter { now.pcs[$0] < board.threads[$0].statements.count }.map { t in
                let held = board.locks.indices.filter { now.holders[$0] == t }.map { board.locks[$0] }
                let holds = held.isEmpty ? "" : " holds \(held.joined(separator: ", ")) and"
                return "\(board.threads[t].name)\(holds) waits at `\(board.threads[t].statements[now.pcs[t]].text)`"
            }
            return "DEADLOCK, no thread can go on: " + stuck.joined(separator: "; ")
        case .spinning: return "only spinning is left"
        case .assertFailed(_, let line): return "the assert on line \(line) fails"
        case .fault(let text): return text
        }
    }

    /// How much of the model the UI thread may explore for one move's "lost?" check or one hint: about a
    /// tenth of a second in a debug build (the count itself, up to the model's whole budget, runs on the
    /// Counter thread). Past it the check is left undecided and the hint says so; the frame stays on time.
    static let uiExploreBudget = 10_000

    /// The model's counts from the current state on (its hint in reverse: the first move is last).
    static func boardAhead(_ board: Board, from now: BoardModel.State) -> Result<BoardModel.Summary, BoardModel.TooBig> {
        var explorer = BoardModel.Explorer(board: board, budget: uiExploreBudget)
        do { return .success(try explorer.count(now, depth: 0)) } catch { return .failure(error) }
    }

    /// `h` on a board: the next move of a shortest winning schedule from where the board stands.
    static func boardHint(_ state: inout AppState) {
        guard let session = state.board else { return }
        if let outcome = session.outcome {
            setStatus(&state, outcome.won ? "goal reached · x plays it again" : "the goal can no longer be reached: x starts over")
            return
        }
        switch session.counts {
        case .counting:
            setStatus(&state, "the possible orders are still being counted: no hint yet, h again in a moment")
            return
        case .tooMany:
            // Exploring from here would take the UI thread as long as the count that gave up.
            setStatus(&state, "too many orders to count on this board: no hint")
            return
        case .counted: break
        }
        guard let now = session.modelState, !session.inFlight else {
            setStatus(&state, "a statement is still running: h again in a moment")
            return
        }
        switch boardAhead(session.board, from: now) {
        case .failure:
            setStatus(&state, "too many orders from here to find the shortest win")
        case .success(let ahead):
            guard let move = ahead.hint?.last else {
                setStatus(&state, "from here the goal can no longer be reached: x starts over")
                return
            }
            let name = session.board.threads[move.thread].name
            let how = state.freeze.selectedWorker == session.ids[move.thread] ? "s runs it" : "Tab to \(name), then s"
            let left = ahead.hint?.count ?? 0
            state.board?.hinted = move
            setStatus(&state, "hint: \(BoardModel.describe(move, in: session.board, at: now)) · \(how) (\(left) move\(left == 1 ? "" : "s") to the goal)")
            log(&state, state.now, "Scheduler", "hint: \(BoardModel.describe(move, in: session.board, at: now))")
        }
    }
}
