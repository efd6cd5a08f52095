#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The only code that changes `AppState`. It is pure: given the state, an event and the time, it updates
/// the state and returns the effects to run. Keyboard, lessons, workers and tests all go through it.
public enum Reducer {
    public static func reduce(_ state: inout AppState, _ posted: PostedEvent) -> [DeckEffect] {
        if posted.at > state.now { state.now = posted.at }
        var effects: [DeckEffect] = []
        switch posted.event {
        case .runStarted:
            effects = start(&state)
        case .key(let key):
            effects = handleKey(&state, key)
        case .tick:
            if let deadline = state.quitDeadline, posted.at >= deadline, case .joining(let waiting, let code) = state.quit {
                let names = waiting.map { state.workerName($0) }.joined(separator: ", ")
                log(&state, posted.at, "Main", "grace period over: \(names) abandoned, cleanup never ran", .warning)
                state.quit = .exiting(code: code, forced: true)
                effects = [.exit(code: code)]
            }
        case .resize(let width, let height):
            state.screenWidth = max(1, width)
            state.screenHeight = max(1, height)
        case .logViewResized(let lines):
            state.logViewLines = max(1, lines)
            clampScroll(&state)
        case .workersSampled(let samples):
            applySamples(&state, samples)
        case .valueWritten(let index, let reading, let by):
            guard state.values.indices.contains(index) else { break }
            state.values[index].value = reading.value
            state.values[index].version = reading.version
            log(&state, posted.at, by, "\(state.values[index].name) = \(format(reading.value)) (v\(reading.version))")
        case .changeDetected(let id, let index, let reading, let missed):
            guard state.values.indices.contains(index) else { break }
            let name = state.values[index].name
            let source = state.workerName(id)
            log(&state, LogEntry(at: posted.at, source: source, changed: name, to: reading.value))
            if let missed {
                let count = missed.count
                let which = count == 1 ? "v\(missed.lowerBound)" : "v\(missed.lowerBound)–v\(missed.upperBound)"
                log(&state, posted.at, source, "missed \(count) change\(count == 1 ? "" : "s") of \(name): \(which) never seen", .warning)
            }
        case .workerRunning(let id):
            guard let row = state.worker(id) else { break }
            update(&state, id) { if $0.state == .starting { $0.state = .running } }
            // Swift has no daemon tasks: a Task is unstructured, and daemondeck cancels and awaits it at quit.
            let kind = row.model == .task ? "unstructured" : row.kind.rawValue
            // A process watched with --pid was not started by daemondeck: its `attached to` line says so.
            if row.role == .child, state.watch?.attached == true { break }
            log(&state, posted.at, row.name, "started (\(kind) \(row.model.rawValue))")
        case .workerSaid(let id, let text):
            log(&state, posted.at, state.workerName(id), text)
        case .workerEnded(let id, let fate):
            workerEnded(&state, id, fate)
            scheduleThreadEnded(&state, id)
            boardCounterEnded(&state, id)
            effects = [.joinWorker(id)]
        case .workerJoined(let id, let joined):
            workerJoined(&state, id, joined: joined, at: posted.at, effects: &effects)
        case .alarmTicked(let id, let n, let total):
            update(&state, id) { $0.iterations = max($0.iterations, n) }
            if state.alarm.workerID == id {
                state.alarm.ticks = n
                state.alarm.total = total
            }
            log(&state, posted.at, state.workerName(id), ">tick \(n)/\(total)")
        case .alarmFired(let id):
            if state.alarm.workerID == id { state.alarm.status = .fired }
            log(&state, posted.at, state.workerName(id), "ALARM!", .alarm)
        case .alarmCancelled(let id):
            if state.alarm.workerID == id { state.alarm.status = .cancelled }
            log(&state, posted.at, state.workerName(id), "Alarm cancelled", .warning)
        case .exportFinished(let path, let count, let error):
            if let error {
                setStatus(&state, "export failed: \(error)")
                log(&state, posted.at, "Export", "export failed: \(error)", .warning)
            } else {
                state.exportedPath = path
                setStatus(&state, "log exported to \(path) (\(count) events)")
                log(&state, posted.at, "Export", "exported \(count) events to \(path)")
            }
        case .note(let source, let text):
            log(&state, posted.at, source, text)
        case .signal(let number):
            effects = handleSignal(&state, number)
        case .quitRequested:
            effects = beginQuit(&state, code: 0)
        case .selfCostSampled(let cost):
            state.selfCost = cost
        case .freeze(let command):
            effects = applyFreeze(&state, command)
        case .traceExported(let path, let events, let error):
            traceExported(&state, path: path, events: events, error: error)
        case .lesson(let event):
            effects = reduceLesson(&state, event, at: posted.at)
        case .watch(let event):
            effects = reduceWatch(&state, event, at: posted.at)
        }
        recordTimeline(&state, posted)
        effects += dueWork(&state)
        effects += menuNumberDue(&state)
        return effects
    }

    /// Effects to run when a run starts: the configured monitors, the snapshot writer, the alarm.
    public static func start(_ state: inout AppState) -> [DeckEffect] {
        if let target = state.config.watch { return startWatch(&state, target) }
        var effects: [DeckEffect] = []
        for _ in 0..<state.config.monitors { effects += addMonitor(&state) }
        if state.config.snapshotWriter {
            let id = newWorker(&state, name: "Snapshot", kind: .nonDaemon, model: .thread, role: .snapshotWriter,
                               intervalMs: state.config.snapshotEveryMs)
            effects.append(.startSnapshotWriter(id: id, name: "Snapshot", everyMs: state.config.snapshotEveryMs))
        }
        if state.config.alarmAtLaunch { effects += startAlarm(&state) }
        if state.config.auto { setAuto(&state, on: true) }
        if state.config.firstLookHint { state.firstLookHint = Self.firstLookHint }
        log(&state, state.now, "Main", "Main thread is carrying on... (seed \(state.seed))")
        state.boardCatalog = BoardLibrary.shipped()
        state.boardNotes = BoardLibrary.shippedNotes()
        effects.append(.lab(.loadBoardProgress))
        if let source = state.config.board {
            do { effects += startBoard(&state, try source.parse()) } catch { setStatus(&state, error.description) }
        }
        return effects
    }

    // MARK: - Keys

    /// A digit while a lesson's question waits: the learner's prediction.
    static func answerQuestion(_ state: inout AppState, _ digit: Int) -> [DeckEffect] {
        guard let open = state.lessons.active?.question, open.awaitingAnswer else {
            setStatus(&state, "no question is open (lessons ask before they show)")
            return []
        }
        guard digit <= open.question.choices.count else {
            setStatus(&state, "press 1-\(open.question.choices.count)")
            return []
        }
        return reduceLesson(&state, .answered(digit), at: state.now)
    }

    /// Where to begin, shown at the foot of the log until the first key.
    public static let firstLookHint = "new here? press l for lessons, space to start writing, ? for help"

    static func handleKey(_ state: inout AppState, _ key: Key) -> [DeckEffect] {
        state.firstLookHint = nil
        // The "terminal too small" screen names only q: no other key acts unseen (freezing a watched program,
        // say) until the terminal is big enough to show what it did.
        if state.screenWidth < DashboardLayout.minimumWidth || state.screenHeight < DashboardLayout.minimumHeight {
            return KeyMap.action(for: key) == .quit ? apply(&state, .quit) : []
        }
        if state.overlay == .lessonMenu { return lessonMenuKey(&state, key) }
        if case .logLine(let detail)? = state.overlay { return logDetailKey(&state, detail, key) }
        if state.overlay != nil {
            // In help, P opens the Python ↔ Swift page; any other key closes an overlay.
            state.overlay = state.overlay == .help && key == .char("P") ? .pythonSwift : nil
            return []
        }
        if let effects = handleLogFilterKey(&state, key) { return effects }
        if key == .escape { return backOut(&state) }
        if case .mouse(let mouse) = key { return handleMouse(&state, mouse) }
        if case .char(let c) = key, let digit = c.wholeNumberValue, (1...4).contains(digit) {
            return answerQuestion(&state, digit)
        }
        if state.freeze.isFrozen, key == .left || key == .right {
            panTimeline(&state, back: key == .left)
            return []
        }
        guard let action = KeyMap.action(for: key) else { return [] }
        if state.watch != nil && KeyMap.actsOnTheDemonstration(action) {
            let name = KeyMap.bindings.first { $0.keys.contains(key) }.map { $0.hint.isEmpty ? key.description : $0.hint } ?? key.description
            setStatus(&state, "\(name): not while watching a program")
            return []
        }
        return apply(&state, action)
    }

    /// `Esc` once overlays and the log's search are gone: closes a finished lesson's panel, else clears
    /// the status message. (Overlays and the search are closed before this is reached.)
    static func backOut(_ state: inout AppState) -> [DeckEffect] {
        if let lesson = state.lessons.active, lesson.finished {
            state.lessons.active = nil
            setStatus(&state, "lesson \(lesson.name) closed · l for another")
        } else {
            state.status = nil
        }
        return []
    }

    public static func apply(_ state: inout AppState, _ action: Action) -> [DeckEffect] {
        if case .exiting = state.quit { return [] }
        if case .joining = state.quit, action != .quit, action != .help { return [] }
        switch action {
        case .selectPrevious:
            state.selectedValue = max(0, state.selectedValue - 1)
        case .selectNext:
            state.selectedValue = min(state.values.count - 1, state.selectedValue + 1)
        case .increment:
            return [.write(index: state.selectedValue, op: .add(state.values[state.selectedValue].step))]
        case .decrement:
            return [.write(index: state.selectedValue, op: .add(-state.values[state.selectedValue].step))]
        case .randomize:
            let value = roundedRandom(&state.auto.random, limit: randomLimit(state))
            return [.write(index: state.selectedValue, op: .set(value))]
        case .toggleAuto:
            setAuto(&state, on: !state.auto.enabled)
        case .addMonitor:
            if state.aliveMonitors.count >= state.config.maxMonitors {
                setStatus(&state, "at most \(state.config.maxMonitors) monitors")
                return []
            }
            return addMonitor(&state)
        case .stopNewestMonitor:
            guard let newest = state.aliveMonitors.last(where: { $0.state != .stopping }) else {
                setStatus(&state, "no monitor running (m starts one)")
                return []
            }
            update(&state, newest.id) { $0.state = .stopping }
            return [.stopWorker(newest.id)]
        case .halveInterval, .doubleInterval:
            let proposed = action == .halveInterval ? state.monitorIntervalMs / 2 : state.monitorIntervalMs * 2
            let interval = min(max(proposed, DeckConfig.intervalRange.lowerBound), DeckConfig.intervalRange.upperBound)
            state.monitorIntervalMs = interval
            for row in state.aliveMonitors { update(&state, row.id) { $0.intervalMs = interval } }
            setStatus(&state, "monitors poll every \(interval) ms")
            log(&state, state.now, "Main", "monitor interval set to \(interval) ms")
            return [.setMonitorInterval(ms: interval)]
        case .toggleStrategy:
            state.monitorStrategy = state.monitorStrategy.next
            setStatus(&state, "monitors: \(state.monitorStrategy.rawValue)")
            log(&state, state.now, "Main", "monitors switched to \(state.monitorStrategy.rawValue)")
            return [.setMonitorStrategy(state.monitorStrategy)]
        case .startAlarm:
            var effects: [DeckEffect] = []
            if state.alarm.status == .ticking, let id = state.alarm.workerID { effects.append(.cancelAlarm(id)) }
            return effects + startAlarm(&state)
        case .cancelAlarm:
            guard state.alarm.status == .ticking, let id = state.alarm.workerID else {
                setStatus(&state, "no alarm is ticking (a starts one)")
                return []
            }
            update(&state, id) { $0.state = .stopping }
            return [.cancelAlarm(id)]
        case .scrollUp:
            state.logScroll += logPageSize(state)
            clampScroll(&state)
        case .scrollDown:
            state.logScroll = max(0, state.logScroll - logPageSize(state))
        case .scrollTop where state.freeze.isFrozen, .scrollBottom where state.freeze.isFrozen:
            selectEdgeWorker(&state, last: action == .scrollBottom)
        case .scrollTop:
            state.logScroll = state.log.count
            clampScroll(&state)
        case .scrollBottom:
            state.logScroll = 0
        case .export:
            let path = state.config.logPath ?? defaultExportName(state.now)
            setStatus(&state, "exporting the log…")
            return [.exportLog(path: path, entries: state.log.entries)] + traceExport(state, besideLog: path)
        case .help:
            state.overlay = .help
        case .quit:
            return beginQuit(&state, code: 0)
        case .filterLogSource:
            cycleLogSource(&state)
        case .searchLog:
            beginLogSearch(&state)
        case .openLogLine:
            openShownLogLine(&state)
        case .toggleTimeline, .zoomIn, .zoomOut, .freeze, .step, .selectWorker:
            return applyTimeline(&state, action)
        case .lessonMenu, .lessonNext, .lessonPause:
            return applyLessonAction(&state, action)
        case .resetSchedule:
            return resetScheduleGame(&state)
        case .scheduleHint:
            scheduleHint(&state)
        case .answerQuestion:
            return []  // the digit itself is handled in handleKey
        }
        return []
    }

    static func handleMouse(_ state: inout AppState, _ mouse: MouseEvent) -> [DeckEffect] {
        switch mouse.button {
        case .wheelUp:
            state.logScroll += 3
            clampScroll(&state)
        case .wheelDown:
            state.logScroll = max(0, state.logScroll - 3)
        case .click:
            // The view says which row a click landed on (`valueRow`); the reducer never lays out panels.
            if let row = mouse.valueRow, state.values.indices.contains(row) {
                state.selectedValue = row
            }
            switch mouse.hit {
            case .worker(let id)?: clickWorker(&state, id)
            case .logLine(let sequence)?: openLogLine(&state, sequence: sequence)
            case .menuEntry?, nil: break
            }
        }
        return []
    }

    // MARK: - Quit and signals

    /// How long SIGTERM, SIGHUP or a closed output pipe give the workers to stop before they are cut off.
    public static let signalGraceMs = 500

    /// `q`, Ctrl-C, SIGTERM, SIGHUP, or the end of a plain run: stop what must be waited for, then exit.
    ///
    /// Non-daemon workers are asked to stop and are joined (the UI thread waits for each to end, while the
    /// screen names whom it waits for). Tasks the main loop started (the alarm, a Task job) are cancelled
    /// and awaited too, so their cancellation handlers run, as asyncio cancels its remaining tasks when its
    /// loop shuts down. Daemon threads are abandoned: the process ends under them. A second `q`/Ctrl-C
    /// forces; with `graceMs` the exit is forced when the grace period is over.
    /// The classic example's last line, where daemondeck's own main loop is the demonstration. Not while
    /// watching a program: among its lines it would read as the program's own output.
    static func logMainThreadDone(_ state: inout AppState, at: Timestamp) {
        guard state.watch == nil else { return }
        log(&state, at, "Main", "Main thread done.")
    }

    static func beginQuit(_ state: inout AppState, code: Int32, graceMs: Int? = nil) -> [DeckEffect] {
        switch state.quit {
        case .exiting:
            return []
        case .joining(_, let code):
            if graceMs != nil { return [] }  // a signal during the join: the grace period already bounds it
            if let kill = forceWatchedProgram(&state) { return kill }
            log(&state, state.now, "Main", "forced quit: the workers still running are abandoned")
            state.quit = .exiting(code: code, forced: true)
            return [.exit(code: code)]
        case .running:
            state.auto.enabled = false
            let waitFor = state.workers.filter { $0.isAlive && ($0.kind == .nonDaemon || $0.model == .task) }
            if waitFor.isEmpty {
                logMainThreadDone(&state, at: state.now)
                state.quit = .exiting(code: code, forced: false)
                return [.exit(code: code)]
            }
            // A process watched with --pid is only read: the quit stops reading it, never stops it.
            let watchedOnly = state.watch?.attached == true ? waitFor.filter { $0.role == .child }.map(\.id) : []
            // A program daemondeck started is ended (SIGTERM to its group) and reaped, not joined: its own words.
            let ended = waitFor.filter { !watchedOnly.contains($0.id) && isWatchedProgram(state, $0) }.map(\.name)
            let joined = waitFor.filter { !watchedOnly.contains($0.id) && !isWatchedProgram(state, $0) }.map(\.name)
            let how = graceMs.map { "giving them \($0) ms" } ?? (watchedProgramKillable(state) ? "q again sends SIGKILL" : "q again forces")
            let what = (ended.isEmpty ? [] : ["ending \(ended.joined(separator: ", ")) and waiting for its reap"])
                + (joined.isEmpty ? [] : ["stopping and joining \(joined.joined(separator: ", "))"])
            if !what.isEmpty { log(&state, state.now, "Main", "quitting: \(what.joined(separator: "; ")) (\(how))") }
            for id in watchedOnly { log(&state, state.now, "Main", "quitting: stops watching \(state.workerName(id)); it is not signalled") }
            state.quit = .joining(waitingFor: waitFor.map(\.id), code: code)
            state.quitDeadline = graceMs.map { state.now.adding(milliseconds: $0) }
            for row in waitFor { update(&state, row.id) { $0.state = .stopping } }
            return waitFor.map { .stopWorker($0.id) }
        }
    }

    static func handleSignal(_ state: inout AppState, _ number: Int32) -> [DeckEffect] {
        switch number {
        case SIGINT:
            return beginQuit(&state, code: 130)
        default:
            // SIGTERM, SIGHUP, and SIGPIPE (plain mode's reader went away): the same quit, bounded in time.
            if state.quit == .running { log(&state, state.now, "Main", "signal \(number): quitting") }
            return beginQuit(&state, code: 128 + number, graceMs: quitGraceMs(state))
        }
    }

    // MARK: - Workers

    static func newWorker(_ state: inout AppState, name: String, kind: WorkerKind, model: WorkerModel,
                          role: WorkerRow.Role, intervalMs: Int) -> WorkerID {
        let id = state.nextWorkerID
        state.nextWorkerID += 1
        state.workers.append(WorkerRow(id: id, name: name, kind: kind, model: model, role: role, intervalMs: intervalMs))
        trimEndedWorkers(&state)
        return id
    }

    static func addMonitor(_ state: inout AppState) -> [DeckEffect] {
        state.monitorsStarted += 1
        let name = "Monitor-\(state.monitorsStarted)"
        let id = newWorker(&state, name: name, kind: .daemon, model: .thread, role: .monitor, intervalMs: state.monitorIntervalMs)
        return [.startMonitor(id: id, name: name)]
    }

    static func startAlarm(_ state: inout AppState) -> [DeckEffect] {
        state.alarmsStarted += 1
        let name = state.alarmsStarted == 1 ? "Alarm" : "Alarm-\(state.alarmsStarted)"
        let ticks = state.config.alarmTicks
        let period = state.config.alarmPeriodMs
        let id = newWorker(&state, name: name, kind: .task, model: .task, role: .alarm, intervalMs: period)
        state.alarm = AlarmView(workerID: id, status: .ticking, ticks: 0, total: ticks, periodMs: period, startedAt: state.now)
        return [.startAlarm(id: id, name: name, ticks: ticks, periodMs: period)]
    }

    static func workerEnded(_ state: inout AppState, _ id: WorkerID, _ fate: WorkerFate) {
        update(&state, id) { row in
            row.fate = fate
            row.state = fate.finalState
        }
    }

    /// The UI thread has joined a worker. While quitting, that is what the quit waits for.
    static func workerJoined(_ state: inout AppState, _ id: WorkerID, joined: Bool, at: Timestamp,
                             effects: inout [DeckEffect]) {
        guard case .joining(var waiting, let code) = state.quit, let index = waiting.firstIndex(of: id) else { return }
        waiting.remove(at: index)
        if let row = state.worker(id), joined {
            if row.fate == .detached {
                log(&state, at, row.name, "stopped watching \(row.name); it runs on")
            } else if isWatchedProgram(state, row) {
                // What was joined is daemondeck's own watcher thread, not the program: the program's end
                // (exit status or signal, reaped, nothing of its group left) is already logged. Nothing more to say.
            } else {
                if row.kind == .nonDaemon && row.fate != .killed && row.fate != .failedToStart {
                    update(&state, id) { $0.fate = .joined }
                }
                log(&state, at, row.name, row.kind == .nonDaemon ? "joined" : "awaited: its cancellation ran")
            }
        }
        if waiting.isEmpty {
            logMainThreadDone(&state, at: at)
            state.quit = .exiting(code: code, forced: false)
            effects.append(.exit(code: code))
        } else {
            state.quit = .joining(waitingFor: waiting, code: code)
        }
    }

    /// The row of a program `daemondeck watch` started or attached to (a lesson's child process is not one).
    static func isWatchedProgram(_ state: AppState, _ row: WorkerRow) -> Bool {
        state.watch != nil && row.role == .child
    }

    static func applySamples(_ state: inout AppState, _ samples: [WorkerSample]) {
        for sample in samples {
            update(&state, sample.id) { row in
                row.polls = sample.polls
                row.seen = sample.seen
                row.missed = sample.missed
                row.iterations = sample.iterations
                if sample.tid != 0 { row.tid = sample.tid }
                if let cpu = sample.cpuMs { row.cpuMs = cpu }
                if let micros = sample.cpuMicros { row.cpuMicros = micros }
                if let kernel = sample.kernel { row.kernel = kernel }
                // The reducer's own view wins once it knows the worker is stopping or has ended.
                if row.fate == nil && row.state != .stopping { row.state = sample.state }
            }
        }
    }

    /// Ended workers stay listed for the summary, but only the newest few, so churn cannot grow memory.
    static func trimEndedWorkers(_ state: inout AppState, keep: Int = 32) {
        let ended = state.workers.filter { !$0.isAlive }
        guard ended.count > keep else { return }
        let drop = Set(ended.prefix(ended.count - keep).map(\.id))
        state.workers.removeAll { drop.contains($0.id) }
    }

    // MARK: - Auto-mutation (the main loop's own writes)

    static func setAuto(_ state: inout AppState, on: Bool) {
        state.auto.enabled = on
        if on {
            state.auto.nextAt = state.now.adding(milliseconds: nextGap(&state.auto))
            setStatus(&state, "auto-mutation on")
        } else {
            state.auto.nextAt = nil
            setStatus(&state, "auto-mutation off")
        }
    }

    /// Writes that have come due. The main loop sleeps a random gap, then writes a random value to `data`.
    static func dueWork(_ state: inout AppState) -> [DeckEffect] {
        guard state.auto.enabled, state.quit == .running, !state.freeze.isFrozen, var due = state.auto.nextAt, due <= state.now else { return [] }
        var effects: [DeckEffect] = []
        while due <= state.now && effects.count < 64 {
            effects.append(.write(index: 0, op: .set(roundedRandom(&state.auto.random, limit: randomLimit(state)))))
            state.auto.writes += 1
            due = due.adding(milliseconds: nextGap(&state.auto))
        }
        state.auto.nextAt = due
        return effects
    }

    static func nextGap(_ auto: inout AutoMutation) -> Int {
        let span = auto.gapMs.upperBound - auto.gapMs.lowerBound
        return auto.gapMs.lowerBound + Int(auto.random.unit() * Double(span + 1))
    }

    /// `random() * limit` (the classic example writes `random() * 5`), rounded to what the screen shows.
    static func roundedRandom(_ random: inout SeededRandom, limit: Double = 5) -> Double {
        (random.unit() * limit * 1000).rounded() / 1000
    }

    /// The top of the random writes' range: the shared value `limit` when there is one (5 by default,
    /// as in the classic example), never below 0.
    static func randomLimit(_ state: AppState) -> Double {
        max(0, state.values.first { $0.name == "limit" }?.value ?? 5)
    }

    // MARK: - Helpers

    static func update(_ state: inout AppState, _ id: WorkerID, _ change: (inout WorkerRow) -> Void) {
        if let index = state.workers.firstIndex(where: { $0.id == id }) { change(&state.workers[index]) }
    }

    static func log(_ state: inout AppState, _ at: Timestamp, _ source: String, _ text: String,
                    _ emphasis: LogEntry.Emphasis = .normal) {
        log(&state, LogEntry(at: at, source: source, text: text, emphasis: emphasis))
    }

    static func log(_ state: inout AppState, _ entry: LogEntry) {
        state.log.append(entry)
        // The match `n`/`N` marked stays the same line while newer matches arrive.
        if let focus = state.logFilter.focus, state.logFilter.matches(entry) { state.logFilter.focus = focus + 1 }
        // A reader who scrolled up keeps looking at the same lines while new ones arrive.
        if state.logScroll > 0 {
            state.logScroll += 1
            clampScroll(&state)
        }
    }

    static func setStatus(_ state: inout AppState, _ text: String) {
        state.status = (text, state.now)
    }

    /// Lines the log panel shows, as the view last reported it (`logViewResized`).
    static func logPageSize(_ state: AppState) -> Int { max(1, state.logViewLines) }

    static func clampScroll(_ state: inout AppState) {
        let page = logPageSize(state)
        state.logScroll = max(0, min(state.logScroll, state.log.count - page))
    }

    static func defaultExportName(_ now: Timestamp) -> String {
        "daemondeck-log-\(now.milliseconds).jsonl"
    }

    /// Values are shown with three decimals, as `3.205`.
    public static func format(_ value: Double) -> String {
        DecimalText.threeDecimals(value)
    }
}
