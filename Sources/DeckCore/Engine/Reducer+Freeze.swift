/// The reducer's freeze part: `z` freezes, `s` steps the selected worker, Tab selects one, `z` thaws.
/// What a lesson (or a test) asks of the freeze-and-step feature; the keys `z`, `s` and Tab do the same.
public enum FreezeCommand: Sendable, Equatable, Codable {
    case freeze
    case thaw
    /// Let one loop iteration of the named worker run (nil: the selected one).
    case step(worker: String?)
}

extension Reducer {
    // MARK: - Freeze and step

    /// Freeze, thaw, step: from `z`, `s` or a lesson. Effects do the real parking on the `FreezeGate`.
    public static func applyFreeze(_ state: inout AppState, _ command: FreezeCommand) -> [DeckEffect] {
        guard state.quit == .running else { return [] }
        switch command {
        case .freeze:
            guard !state.freeze.isFrozen else { return [] }
            if let watch = state.watch, let refusal = watchFreezeRefusal(watch) {
                setStatus(&state, refusal)
                return []
            }
            state.freeze.since = state.now
            if state.freeze.selectedWorker.flatMap({ state.worker($0) })?.isAlive != true {
                state.freeze.selectedWorker = state.workers.first(where: \.isAlive)?.id
            }
            if let watch = state.watch {
                // Watching: z acts on the program, not on daemondeck's own workers; say exactly what.
                let pid = watch.pid.map { " (pid \($0))" } ?? ""
                log(&state, state.now, "Main", "FROZEN: SIGSTOP to \(watch.name)'s process group\(pid): every thread of it stops until z thaws it (SIGCONT)", .notice)
            } else {
                log(&state, state.now, "Main", "FROZEN: workers park at their next checkpoint (s steps, z thaws)", .notice)
            }
            setStatus(&state, "frozen")
            return [.freeze]
        case .thaw:
            guard let since = state.freeze.since else { return [] }
            state.freeze.since = nil
            if state.timeline.panMs > 0 {
                // Back to now: the timeline's right edge and the log follow new events again.
                state.timeline.panMs = 0
                state.logScroll = 0
            }
            if state.freeze.spans.count >= 32 { state.freeze.spans.removeFirst() }
            state.freeze.spans.append(since...max(since, state.now))
            let frozenMs = since.milliseconds(until: state.now)
            // The alarm did not tick while frozen, and the main loop's next write is a fresh gap away.
            if state.alarm.status == .ticking, let started = state.alarm.startedAt {
                state.alarm.startedAt = started.adding(milliseconds: frozenMs)
            }
            if state.auto.enabled { state.auto.nextAt = state.now.adding(milliseconds: nextGap(&state.auto)) }
            log(&state, state.now, "Main", "thawed after \(DecimalText.fixed(Double(frozenMs) / 1000, 1)) s", .notice)
            setStatus(&state, "thawed")
            return [.thaw]
        case .step(let name):
            if state.watch != nil {
                // A stopped process group has no loop iteration to let run: s does not pretend to step it.
                setStatus(&state, state.freeze.isFrozen ? "a watched program cannot be stepped: z thaws it"
                                                        : "a watched program cannot be stepped: z freezes and thaws it")
                return []
            }
            guard state.freeze.isFrozen else {
                setStatus(&state, "not frozen: z freezes, then s steps")
                return []
            }
            let target: WorkerRow?
            if let name {
                // The newest worker of that name that is not on its way out (a restarted game reuses names).
                target = state.workers.last { $0.name == name && $0.isAlive && $0.state != .stopping }
                    ?? state.workers.last { $0.name == name && $0.isAlive }
            } else if let session = state.board, case let unfinished = unfinishedBoardThreads(state), !unfinished.isEmpty {
                // On a board, s steps the selected thread, or the next unfinished one after it if it has finished.
                let current = state.freeze.selectedWorker.flatMap { session.thread($0) }
                let t = BoardSession.selection(keeping: current, unfinished: unfinished) ?? unfinished[0]
                target = state.worker(session.ids[t])
            } else if case let game = liveScheduleThreads(state), !game.isEmpty {
                // In the scheduler game, s steps only a thread of the game: the selected one, else the first.
                let selected = state.freeze.selectedWorker.flatMap { game.contains($0) ? $0 : nil } ?? game[0]
                target = state.worker(selected)
            } else {
                target = state.freeze.selectedWorker.flatMap { state.worker($0) }.flatMap { $0.isAlive ? $0 : nil }
                    ?? state.workers.first(where: \.isAlive)
            }
            guard let target else {
                setStatus(&state, name.map { "no running worker named \($0)" } ?? "no worker to step")
                return []
            }
            state.freeze.selectedWorker = target.id
            if let refusal = scheduleStepRefusal(state, target.id) {
                setStatus(&state, refusal)
                return []
            }
            if state.board?.thread(target.id) != nil { return boardStep(&state, target.id) }
            if state.schedule?.thread(target.id) != nil {
                if scheduleStepMustWait(state) {
                    queueScheduleStep(&state, target.id)
                    return []
                }
                return giveScheduleStep(&state, target.id)
            }
            state.freeze.steps += 1
            state.timeline.mark(target.id, .step, at: state.now)
            log(&state, state.now, "Main", "step: \(target.name) runs one loop iteration")
            return [.step(target.id)]
        }
    }
}

extension Reducer {
    /// Why `z` does not freeze a watched program, or nil when it does: attached with `--pid`, daemondeck
    /// only reads the process and never signals it; a program that has ended has nothing left to stop.
    static func watchFreezeRefusal(_ watch: WatchView) -> String? {
        if watch.attached {
            let pid = watch.pid.map { "pid \($0)" } ?? watch.name
            return "z does nothing here: daemondeck only watches \(pid), it never signals it"
        }
        if watch.ending != nil || watch.pid == nil {
            return "nothing to freeze: \(watch.name) is not running"
        }
        return nil
    }
}

extension Reducer {
    // MARK: - Looking back while frozen

    /// While frozen, Left/Right move the timeline's right edge back and forth through the history it keeps,
    /// ten columns at a time, and the log scrolls so its newest line is the last one at or before that edge.
    static func panTimeline(_ state: inout AppState, back: Bool) {
        let step = 10 * state.timeline.msPerColumn
        let oldest = state.timeline.oldestRetained ?? state.now
        let limit = max(0, oldest.milliseconds(until: state.now))
        state.timeline.panMs = min(limit, max(0, state.timeline.panMs + (back ? step : -step)))
        let edge = state.timeline.rightEdge(now: state.now)
        let shown = state.logFilter.matchingIndices(in: state.log)
        state.logScroll = shown.reversed().prefix { state.log[$0].at > edge }.count
        clampScroll(&state)
        if state.timeline.panMs == 0 {
            setStatus(&state, "timeline at now · ← looks back · z thaws")
        } else {
            setStatus(&state, "timeline \(DecimalText.fixed(Double(state.timeline.panMs) / 1000, 1)) s back, at \(edge.clockText) · the log shows up to then · → forward")
        }
    }
}
