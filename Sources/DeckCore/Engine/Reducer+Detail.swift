/// The reducer's part for the log's detail overlay: `Enter` (or a click on a log line) opens a line whole,
/// Up / Down there step to the older / newer line, any other key closes it.
extension Reducer {
    /// `Enter`: the newest line the log shows. It is the line a reader's eye is on (the log follows new
    /// events at its foot, and a reader who scrolled back has it at the foot of the page they chose), and it
    /// needs no cursor of its own: while a search is on, the match `n` / `N` marked is opened instead.
    static func openShownLogLine(_ state: inout AppState) {
        let shown = state.logFilter.matchingIndices(in: state.log)
        guard !shown.isEmpty else {
            setStatus(&state, state.logFilter.isActive ? "no log line matches: Esc shows all" : "the log is empty")
            return
        }
        let fromNewest: Int
        if let focus = state.logFilter.focus {
            fromNewest = focus
        } else {
            // As the panel clamps it: a scroll never shows less than a page.
            fromNewest = min(state.logScroll, max(0, shown.count - logPageSize(state)))
        }
        let index = shown[max(0, shown.count - 1 - min(fromNewest, shown.count - 1))]
        openLogLine(&state, index: index)
    }

    /// Opens the line at `index` (0 the oldest kept) in the detail overlay.
    static func openLogLine(_ state: inout AppState, index: Int) {
        guard state.log.count > 0, (0..<state.log.count).contains(index) else { return }
        state.overlay = .logLine(LogLineDetail(entry: state.log[index], sequence: sequence(ofLogIndex: index, state.log)))
    }

    /// A click on a log line: the view says which line by its number in the run (`MouseHit.logLine`).
    static func openLogLine(_ state: inout AppState, sequence: Int) {
        guard let index = logIndex(ofSequence: sequence, state.log) else {
            setStatus(&state, "that line has left the log (it keeps the newest \(state.log.capacity))")
            return
        }
        openLogLine(&state, index: index)
    }

    /// Keys while a log line is open: Up / k the older line, Down / j the newer one (among the lines the
    /// log's filter shows), the wheel as well; any other key closes it.
    static func logDetailKey(_ state: inout AppState, _ detail: LogLineDetail, _ key: Key) -> [DeckEffect] {
        let older: Bool
        switch key {
        case .up, .char("k"): older = true
        case .down, .char("j"): older = false
        case .mouse(let mouse) where mouse.button == .wheelUp: older = true
        case .mouse(let mouse) where mouse.button == .wheelDown: older = false
        default:
            state.overlay = nil
            return []
        }
        let shown = state.logFilter.matchingIndices(in: state.log)
        guard let current = logIndex(ofSequence: detail.sequence, state.log) else {
            // The line has left the log while it was read: go on from the oldest line still kept.
            if let first = shown.first { openLogLine(&state, index: first) }
            return []
        }
        let next = older ? shown.last { $0 < current } : shown.first { $0 > current }
        guard let next else {
            setStatus(&state, older ? "the oldest line the log keeps" : "the newest line")
            return []
        }
        openLogLine(&state, index: next)
        return []
    }

    /// A line's number among every line of the run, from its index among the lines the log keeps.
    static func sequence(ofLogIndex index: Int, _ log: EventLog) -> Int {
        log.totalAppended - log.count + index
    }

    /// The index among the lines kept of the line numbered `sequence`, if it is still kept.
    static func logIndex(ofSequence sequence: Int, _ log: EventLog) -> Int? {
        let index = sequence - (log.totalAppended - log.count)
        return (0..<log.count).contains(index) ? index : nil
    }
}

extension Reducer {
    /// A click on a worker's row selects it, as `Tab` does (then `s` steps it while frozen), and says whom
    /// in full: a name cut to fit its column is whole here.
    static func clickWorker(_ state: inout AppState, _ id: WorkerID) {
        guard let row = state.worker(id) else { return }
        let about = "\(row.name) · \(row.kind.rawValue) \(row.model.rawValue) · "
        guard row.isAlive else {
            setStatus(&state, about + "ended: \(row.fate?.rawValue ?? "")")
            return
        }
        let game = liveScheduleThreads(state)
        if !game.isEmpty, !game.contains(id) {
            setStatus(&state, about + "not in the game (Tab picks between its threads)")
            return
        }
        state.freeze.selectedWorker = id
        setStatus(&state, "selected " + about + WorkersPanel.shownState(row, state)
                  + (state.freeze.isFrozen ? "" : " (z freezes, then s steps it)"))
    }
}

extension Reducer {
    /// While frozen, `Home` / `End` select the first / last of the workers `Tab` cycles through (in the
    /// scheduler game, its threads), as a list's ends are reached in htop or less.
    static func selectEdgeWorker(_ state: inout AppState, last: Bool) {
        let game = liveScheduleThreads(state)
        let alive = game.isEmpty ? state.workers.filter(\.isAlive) : state.workers.filter { game.contains($0.id) }
        guard let pick = last ? alive.last : alive.first else {
            setStatus(&state, "no worker to select")
            return
        }
        state.freeze.selectedWorker = pick.id
        setStatus(&state, "selected \(pick.name)")
    }
}
