/// The timeline's share of the reducer: it records marks from the events the reducer already sees,
/// handles `t`, `<`, `>`, `z`, `s` and Tab, and the freeze commands of lessons.
extension Reducer {
    // MARK: - Recording

    /// Records what `posted` means for the timeline. Called once per event, after the main switch.
    static func recordTimeline(_ state: inout AppState, _ posted: PostedEvent) {
        let at = posted.at
        if state.timeline.lanes.isEmpty {
            state.timeline.lanes.append(TimelineLane(worker: nil, name: "Main", startedAt: at))
        }
        switch posted.event {
        case .valueWritten(let index, let reading, _):
            state.timeline.mark(nil, .write, at: at)
            if !state.aliveMonitors.isEmpty {
                if state.timeline.pending.count >= TimelineState.maxPending { state.timeline.pending.removeFirst() }
                state.timeline.pending.append(PendingWrite(index: index, version: reading.version, at: at))
            }
        case .changeDetected(let id, let index, let reading, let missed):
            state.timeline.mark(id, missed == nil ? .detect : .miss, at: at)
            settlePendingWrites(&state, monitor: id, index: index, seen: reading.version, missed: missed)
        case .workerRunning(let id):
            if state.timeline.lane(for: id) == nil {
                state.timeline.lanes.append(TimelineLane(worker: id, name: state.workerName(id), startedAt: at))
            }
            state.timeline.mark(id, .start, at: at)
        case .workerSaid(let id, let text):
            if text.contains("cleanup") {
                state.timeline.mark(id, .cleanup, at: at)
            } else if text.hasPrefix("saved snapshot") {
                state.timeline.mark(id, .save, at: at)
            }
        case .workerEnded(let id, _):
            state.timeline.mark(id, .stop, at: at)
            state.timeline.withLane(id) { $0.endedAt = at }
            if state.freeze.selectedWorker == id { state.freeze.selectedWorker = nil }
            pruneLanes(&state)
        case .alarmTicked(let id, _, _):
            state.timeline.mark(id, .tick, at: at)
        case .alarmFired(let id):
            state.timeline.mark(id, .alarm, at: at)
        case .alarmCancelled(let id):
            state.timeline.mark(id, .cancel, at: at)
        case .workersSampled(let samples):
            for sample in samples { recordPolls(&state, sample, at: at) }
        case .watch(let event), .lesson(.pythonThreads(_, let event)):
            recordWatchedThreads(&state, event, at: at)
        default:
            break
        }
    }

    /// `daemondeck watch`: a lane per thread of the watched program, with a point each time its state
    /// (running, or what it waits for) changes; started and ended like a worker's lane.
    static func recordWatchedThreads(_ state: inout AppState, _ event: WatchEvent, at: Timestamp) {
        switch event {
        case .threadStarted(let reading, _):
            guard state.timeline.lane(thread: reading.tid) == nil else { return }
            var lane = TimelineLane(worker: nil, name: threadLaneName(reading.name, tid: reading.tid), startedAt: at)
            lane.thread = reading.tid
            lane.events.append(TimelinePoint(at: at, mark: .start))
            lane.states.append(TimelinePoint(at: at, mark: TimelineMark(reading)))
            state.timeline.lanes.append(lane)
        case .threadRenamed(let tid, _, let name):
            state.timeline.withThreadLane(tid) { $0.name = threadLaneName(name, tid: tid) }
        case .threadsSampled(let rows):
            for row in rows {
                let mark = TimelineMark(row.reading)
                state.timeline.withThreadLane(row.reading.tid) { lane in
                    if lane.endedAt == nil && lane.states.last?.mark != mark {
                        lane.states.append(TimelinePoint(at: at, mark: mark))
                    }
                }
            }
        case .threadEnded(let tid, _, _, _, _):
            endThreadLane(&state, tid, at: at)
        case .programEnded:
            for tid in state.timeline.lanes.compactMap(\.thread) { endThreadLane(&state, tid, at: at) }
            // Tasks never reported done end with the program, marked so: not done, cancelled or failed.
            for key in state.timeline.lanes.filter({ $0.endedAt == nil }).compactMap(\.task) { endTaskLane(&state, key, .programEnded, at: at) }
        case .python(.taskCreated(let coroutine, let key)):
            startTaskLane(&state, coroutine, key, at: at)
        case .python(.taskEnded(_, let key, _, let how)):
            endTaskLane(&state, key, how == "cancelled" ? .cancel : how.hasPrefix("failed") ? .failed : .stop, at: at)
        default:
            return
        }
    }

    /// An asyncio task's lane, named by its coroutine (`alarm()`), alive from its creation. Bounded: past
    /// `maxTaskLanes` the oldest ended task's lane goes, and while all are running a new task gets none.
    private static func startTaskLane(_ state: inout AppState, _ coroutine: String, _ key: Int, at: Timestamp) {
        if state.timeline.lane(task: key) != nil { endTaskLane(&state, key, .stop, at: at) }  // its key was reused
        if state.timeline.lanes.count(where: { $0.task != nil }) >= TimelineState.maxTaskLanes {
            guard let oldest = state.timeline.lanes.firstIndex(where: { $0.task != nil && $0.endedAt != nil }) else { return }
            state.timeline.lanes.remove(at: oldest)
        }
        var lane = TimelineLane(worker: nil, name: taskLaneName(coroutine), startedAt: at)
        lane.task = key
        lane.events.append(TimelinePoint(at: at, mark: .start))
        state.timeline.lanes.append(lane)
        pruneLanes(&state)
    }

    /// The task's end: ■ done, X cancelled, F failed, E its program ended first.
    private static func endTaskLane(_ state: inout AppState, _ key: Int, _ mark: TimelineMark, at: Timestamp) {
        state.timeline.withTaskLane(key) { lane in
            lane.endedAt = at
            lane.events.append(TimelinePoint(at: at, mark: mark))
        }
        pruneLanes(&state)
    }

    /// `alarm()`: the coroutine's name as the log writes it, cut to the lane's 16 columns.
    static func taskLaneName(_ coroutine: String) -> String {
        let name = VisibleText.caret(coroutine) + "()"
        return name.count > 16 ? String(name.prefix(15)) + "…" : name
    }

    private static func endThreadLane(_ state: inout AppState, _ tid: Int32, at: Timestamp) {
        guard state.timeline.lane(thread: tid)?.endedAt == nil else { return }
        state.timeline.withThreadLane(tid) { lane in
            lane.endedAt = at
            lane.events.append(TimelinePoint(at: at, mark: .stop))
        }
        pruneLanes(&state)
    }

    /// `Monitor 4243`: the thread's name, cut so that its TID always shows (names repeat: `python3`).
    static func threadLaneName(_ name: String, tid: Int32) -> String {
        let number = " \(tid)"
        let room = 16 - number.count
        let name = VisibleText.caret(name)
        return (name.count > room ? String(name.prefix(room - 1)) + "…" : name) + number
    }

    /// Polls are sampled once a frame; the new ones are spread evenly over the time since the last sample.
    static func recordPolls(_ state: inout AppState, _ sample: WorkerSample, at: Timestamp) {
        state.timeline.withLane(sample.id) { lane in
            let fresh = sample.polls - lane.lastPolls
            let since = lane.lastSampleAt ?? at
            lane.lastPolls = sample.polls
            lane.lastSampleAt = at
            guard fresh > 0 else { return }
            let shown = min(fresh, 64)
            let span = since.milliseconds(until: at)
            for k in 1...shown {
                lane.polls.append(TimelinePoint(at: since.adding(milliseconds: span * k / shown), mark: .poll))
            }
        }
    }

    /// A seen version is settled; a skipped one is lost once every monitor that could have seen it skipped it.
    static func settlePendingWrites(_ state: inout AppState, monitor: WorkerID, index: Int, seen: Int,
                                    missed: ClosedRange<Int>?) {
        state.timeline.pending.removeAll { $0.index == index && $0.version == seen }
        guard let missed else { return }
        let monitors = state.aliveMonitors.map(\.id)
        var lost: [PendingWrite] = []
        for i in state.timeline.pending.indices where state.timeline.pending[i].index == index
            && missed.contains(state.timeline.pending[i].version) {
            state.timeline.pending[i].passedBy.insert(monitor)
            let write = state.timeline.pending[i]
            // Monitors that started after the write never had a chance to see it.
            let couldSee = monitors.filter { id in (state.timeline.lane(for: id)?.startedAt ?? write.at) <= write.at }
            if couldSee.allSatisfy(write.passedBy.contains) { lost.append(write) }
        }
        for write in lost {
            state.timeline.pending.removeAll { $0.index == write.index && $0.version == write.version }
            state.timeline.withLane(nil) { $0.events.remark(at: write.at, from: .write, to: .lost) }
            state.timeline.lostWrites += 1
            let name = state.values.indices.contains(index) ? state.values[index].name : "value \(index)"
            log(&state, state.now, "Timeline", "no monitor saw \(name) v\(write.version): a lost change", .warning)
        }
    }

    /// Ended lanes go once they have lingered, and there are never more than `maxLanes`.
    static func pruneLanes(_ state: inout AppState) {
        var lanes = state.timeline.lanes
        while lanes.count > TimelineState.maxLanes, let oldest = lanes.firstIndex(where: { $0.endedAt != nil }) {
            lanes.remove(at: oldest)
        }
        state.timeline.lanes = lanes
    }

    // MARK: - Keys

    static func applyTimeline(_ state: inout AppState, _ action: Action) -> [DeckEffect] {
        switch action {
        case .toggleTimeline:
            let shown = !state.timeline.isShown(height: state.screenHeight)
            state.timeline.shownByUser = shown
            setStatus(&state, shown ? "timeline shown (< > zoom, t hides)" : "timeline hidden (t shows it)")
            clampScroll(&state)
        case .zoomOut, .zoomIn:
            let next = state.timeline.scaleIndex + (action == .zoomOut ? 1 : -1)
            state.timeline.scaleIndex = min(max(0, next), TimelineState.scales.count - 1)
            setStatus(&state, "timeline: \(scaleText(state.timeline.msPerColumn)) per column")
        case .freeze:
            return applyFreeze(&state, state.freeze.isFrozen ? .thaw : .freeze)
        case .step:
            return applyFreeze(&state, .step(worker: nil))
        case .selectWorker:
            // On a board, Tab goes from the selected thread to the next one with statements left, in board order.
            if let session = state.board, case let unfinished = unfinishedBoardThreads(state), !unfinished.isEmpty {
                let current = state.freeze.selectedWorker.flatMap { session.thread($0) }
                let next = BoardSession.selection(after: current, unfinished: unfinished) ?? unfinished[0]
                state.freeze.selectedWorker = session.ids[next]
                setStatus(&state, "selected \(session.board.threads[next].name)" + (state.freeze.isFrozen ? "" : " (z freezes, then s steps it)"))
                return []
            }
            // In the scheduler game, Tab picks only between the game's threads (the others are not in play).
            let game = liveScheduleThreads(state)
            let alive = game.isEmpty ? state.workers.filter(\.isAlive) : state.workers.filter { game.contains($0.id) }
            guard !alive.isEmpty else {
                setStatus(&state, "no worker to select")
                return []
            }
            let current = alive.firstIndex { $0.id == state.freeze.selectedWorker }
            let next = alive[current.map { ($0 + 1) % alive.count } ?? 0]
            state.freeze.selectedWorker = next.id
            // While frozen the status bar already says what s and Tab do.
            setStatus(&state, "selected \(next.name)" + (state.freeze.isFrozen ? "" : " (z freezes, then s steps it)"))
        default:
            break
        }
        return []
    }

    static func scaleText(_ ms: Int) -> String { ms >= 1000 ? "\(ms / 1000) s" : "\(ms) ms" }

    // MARK: - Export

    /// The Chrome Trace written beside the JSON Lines log (or to `--trace FILE`).
    static func traceExport(_ state: AppState, besideLog logPath: String) -> [DeckEffect] {
        let path = state.config.tracePath ?? ChromeTraceExporter.path(besideLog: logPath)
        return [.exportTrace(path: path, input: ChromeTraceExporter.input(state))]
    }
}

extension Reducer {
    static func traceExported(_ state: inout AppState, path: String, events: Int, error: String?) {
        if let error {
            setStatus(&state, "trace export failed: \(error)")
            log(&state, state.now, "Export", "trace export failed: \(error)", .warning)
            return
        }
        state.timeline.exportedTracePath = path
        setStatus(&state, "trace written to \(path) (open it in ui.perfetto.dev)")
        log(&state, state.now, "Export", "wrote Chrome Trace (\(events) trace events) to \(path)")
    }
}
