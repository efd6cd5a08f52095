/// The reducer's lesson part: lesson events, the lesson keys (`l`, `n`/Right, `p`) and the lesson menu.
/// Pure, like the rest of the reducer: it changes the state and returns effects.
extension Reducer {
    static func reduceLesson(_ state: inout AppState, _ event: LessonEvent, at: Timestamp) -> [DeckEffect] {
        switch event {
        case .catalog(let lessons):
            state.lessons.catalog = lessons
            state.lessons.menuSelection = min(state.lessons.menuSelection, max(0, lessons.count - 1))
        case .begin(let name, let title, let totalSteps, let settings):
            // A lesson starts from a clean world: the previous lesson's workers stop, the world thaws,
            // the alarm is cancelled.
            var effects = applyFreeze(&state, .thaw)
            state.locks = []
            state.schedule = nil
            state.board = nil
            let leftovers = state.workers.filter { row in
                row.isAlive && row.state != .stopping && ![.monitor, .snapshotWriter].contains(row.role)
            }
            for row in leftovers { update(&state, row.id) { $0.state = .stopping } }
            effects += leftovers.map { .stopWorker($0.id) }
            state.lessons.active = LessonState(name: name, title: title, totalSteps: totalSteps, settings: settings)
            log(&state, at, "Lesson", "lesson \(name) begins: \(title) (seed \(settings.seed))", .notice)
            return effects + applyLessonSettings(&state, settings)
        case .stepBegan(let index, let line, let summary, let until):
            updateLesson(&state) {
                $0.stepIndex = index
                $0.stepLine = line
                $0.stepSummary = summary
                $0.stepUntil = until
                // Stepped while paused (`n`): the new step's countdown holds still from its start.
                if $0.paused { $0.pausedAt = at }
                $0.waitingForPresenter = false
            }
        case .narrate(let text):
            updateLesson(&state) {
                $0.narration = text
                $0.snippet = []
                $0.python = []
                $0.failureExplanation = []
                $0.reveal = nil
            }
        case .snippet(let text):
            updateLesson(&state) { $0.snippet.append(text) }
        case .python(let text):
            updateLesson(&state) { $0.python.append(text) }
        case .asked(let question):
            updateLesson(&state) {
                // The narration that sets the question up stays: the panel shows the question under it.
                $0.question = OpenQuestion(question: question)
                $0.questionsAsked += 1
                $0.failureExplanation = []
                $0.reveal = nil
            }
            log(&state, at, "Lesson", "Question: \(question.text)", .notice)
            log(&state, at, "Lesson", "  \(question.choicesText)   (press 1-\(question.choices.count))")
            setStatus(&state, "predict: press 1-\(question.choices.count)")
        case .answered(let choice):
            guard let open = state.lessons.active?.question, open.awaitingAnswer else { break }
            updateLesson(&state) {
                $0.question?.awaitingAnswer = false
                $0.question?.answer = choice
            }
            // `predict: press 1-3` no longer applies once answered.
            if state.status?.text.hasPrefix("predict:") == true { state.status = nil }
            if let choice {
                log(&state, at, "Lesson", "You predicted \(choice)) \(open.question.choices[choice - 1]). Now watch.")
            } else {
                log(&state, at, "Lesson", "(no prediction: nobody answered)")
            }
        case .revealed(let measured, let quantity, let choice, let usual, let explanation):
            guard let open = state.lessons.active?.question else { break }
            let figure = measured.map(String.init) ?? "nothing"
            let landed = choice.map { "choice \($0)) \(open.question.choices[$0 - 1])" } ?? "no choice"
            var reveal = LessonReveal(figure: "Measured in this run: \(figure) (\(quantity)): \(landed).",
                                      verdict: nil, right: nil, unusual: nil, explanation: explanation)
            if let answer = open.answer {
                let right = answer == choice
                if right { updateLesson(&state) { $0.questionsRight += 1 } }
                reveal.right = right
                reveal.verdict = right ? "You predicted \(answer): right." : "You predicted \(answer)) \(open.question.choices[answer - 1]): not this time."
            }
            if let usual, let choice, usual != choice {
                reveal.unusual = "This run came out differently from the usual case (usually \(usual)) \(open.question.choices[usual - 1]))."
            }
            for (n, line) in reveal.lines.enumerated() { log(&state, at, "Lesson", line, n == 0 ? .notice : .normal) }
            updateLesson(&state) {
                $0.reveal = reveal
                $0.outcomes.append(QuestionOutcome(question: open.question.text, choices: open.question.choices,
                                                   measured: measured, choice: choice, usual: usual))
                $0.question = nil  // answered and revealed: the panel no longer poses it
            }
        case .notMeasured(let question, let usual, let posed):
            // Kept in the outcomes (as not measured) so that `--runs` tallies each question at its place.
            updateLesson(&state) {
                $0.outcomes.append(QuestionOutcome(question: question.text, choices: question.choices,
                                                   measured: nil, choice: nil, usual: usual))
            }
            guard posed, state.lessons.active?.question != nil else { break }
            let figure = "Not measured: the Python step did not run to its end (its \(PythonLessonPrograms.stepEnded) line says why), so this run has no figure; no prediction is credited."
            log(&state, at, "Lesson", figure, .notice)
            updateLesson(&state) {
                $0.questionsAsked -= 1  // a question nothing could answer does not count in the score
                $0.reveal = LessonReveal(figure: figure, verdict: nil, right: nil, unusual: nil, explanation: "")
                $0.question = nil
            }
        case .waitForPresenter:
            updateLesson(&state) { $0.waitingForPresenter = true }
            setStatus(&state, "lesson: the presenter continues with n")
        case .expectation(let outcome):
            switch outcome {
            case .met(let text):
                updateLesson(&state) { $0.expectationsMet += 1 }
                log(&state, at, "Lesson", "✓ \(text)")
            case .failed(let message, let explanation):
                updateLesson(&state) {
                    $0.expectationsFailed += 1
                    if $0.firstFailure == nil { $0.firstFailure = message }
                    $0.failureExplanation = explanation
                }
                log(&state, at, "Lesson", "✗ \(message)", .warning)
                if let happened = explanation.last { log(&state, at, "Lesson", "  \(happened)", .warning) }
            case .skipped(let text):
                updateLesson(&state) { $0.expectationsSkipped += 1 }
                log(&state, at, "Lesson", "skipped by the presenter: \(text)")
            }
        case .finished:
            guard let lesson = state.lessons.active else { break }
            updateLesson(&state) {
                $0.finished = true
                $0.reveal = nil  // the score takes its place
                $0.stepUntil = nil
                $0.waitingForPresenter = false
            }
            if let score = lesson.scoreText {
                log(&state, at, "Lesson", score, .notice)
                updateLesson(&state) { $0.narration = score }
            }
            let total = lesson.expectationsMet + lesson.expectationsFailed + lesson.expectationsSkipped
            if let failure = lesson.firstFailure {
                log(&state, at, "Lesson", "lesson \(lesson.name) finished: \(lesson.expectationsFailed) of \(total) expectations failed; first: \(failure)", .warning)
            } else {
                log(&state, at, "Lesson", "lesson \(lesson.name) finished: \(lesson.expectationsMet) of \(total) expectations met", .notice)
            }
        case .set(let name, let value):
            guard let index = state.values.firstIndex(where: { $0.name == name }) else {
                log(&state, at, "Lesson", "no shared value named \(name)", .warning)
                break
            }
            return [.write(index: index, op: .set(value))]
        case .start(let worker):
            return startLessonWorker(&state, worker)
        case .stop(let worker):
            return stopLessonWorker(&state, worker)
        case .stall, .resume:
            let stall = event == .stall
            guard let beat = state.workers.last(where: { $0.role == .heartbeat && $0.isAlive }) else {
                log(&state, at, "Lesson", "no heartbeat is running to \(stall ? "stall" : "resume")", .warning)
                break
            }
            log(&state, at, "Main", stall ? "stalling the heartbeat (it stays alive, but stops beating)" : "letting the heartbeat beat again")
            return [.lab(stall ? .stall(beat.id) : .resume(beat.id))]
        case .runChild(let scenario):
            let id = newWorker(&state, name: scenario.rawValue, kind: .nonDaemon, model: .process, role: .child, intervalMs: 0)
            return [.lab(.runChild(id: id, name: scenario.rawValue, scenario: scenario))]
        case .runPython(let program):
            // Named `Python` in the log and the Workers panel, beside the Swift side's own rows.
            let id = newWorker(&state, name: PythonLessonPrograms.workerName, kind: .nonDaemon, model: .process, role: .child, intervalMs: 0)
            return [.lab(.runPython(id: id, name: PythonLessonPrograms.workerName, program: program))]
        case .workerSaid(let id, let text, let emphasis):
            log(&state, at, state.workerName(id), text, emphasis)
        case .locksChanged(let views):
            state.locks = views
            state.locksChangedAt = at
        case .boardReported(let report):
            return boardReported(&state, report)
        case .boardCounted(let worker, let counts):
            return boardCounted(&state, worker, counts)
        case .boardProgress(let progress, let problem):
            state.boardProgress = progress
            if let problem { log(&state, at, "Progress", problem, .warning) }
        case .scheduled(let report):
            return scheduleReported(&state, report)
        case .pythonThreads(let id, let event):
            reducePythonStep(&state, id, event, at: at)
        }
        return []
    }

    static func updateLesson(_ state: inout AppState, _ change: (inout LessonState) -> Void) {
        guard var lesson = state.lessons.active else { return }
        change(&lesson)
        state.lessons.active = lesson
    }

    /// Makes the running world match a lesson's settings (a no-op when the run was started with them).
    static func applyLessonSettings(_ state: inout AppState, _ settings: LessonSettings) -> [DeckEffect] {
        var effects: [DeckEffect] = []
        state.config.alarmTicks = settings.alarmTicks
        state.config.alarmPeriodMs = settings.alarmPeriodMs
        state.config.autoGapMs = settings.autoGapMs
        state.auto.gapMs = settings.autoGapMs
        state.auto.random = SeededRandom(seed: settings.seed)
        state.seed = settings.seed
        if state.auto.enabled != settings.auto { setAuto(&state, on: settings.auto) }
        if state.monitorIntervalMs != settings.intervalMs {
            state.monitorIntervalMs = settings.intervalMs
            for row in state.aliveMonitors { update(&state, row.id) { $0.intervalMs = settings.intervalMs } }
            effects.append(.setMonitorInterval(ms: settings.intervalMs))
        }
        if state.monitorStrategy != .polling {
            state.monitorStrategy = .polling
            effects.append(.setMonitorStrategy(.polling))
        }
        let running = state.aliveMonitors.filter { $0.state != .stopping }
        if running.count < settings.monitors {
            for _ in running.count..<settings.monitors { effects += addMonitor(&state) }
        } else {
            for row in running.suffix(running.count - settings.monitors) {
                update(&state, row.id) { $0.state = .stopping }
                effects.append(.stopWorker(row.id))
            }
        }
        return effects
    }

    static func startLessonWorker(_ state: inout AppState, _ worker: LessonWorker) -> [DeckEffect] {
        let settings = state.lessons.active?.settings ?? LessonSettings()
        switch worker {
        case .monitor:
            return apply(&state, .addMonitor)
        case .alarm:
            return apply(&state, .startAlarm)
        case .heartbeat:
            let id = newWorker(&state, name: "Heartbeat", kind: .daemon, model: .thread, role: .heartbeat, intervalMs: settings.heartbeatMs)
            return [.lab(.startHeartbeat(id: id, name: "Heartbeat", periodMs: settings.heartbeatMs))]
        case .watchdog:
            let id = newWorker(&state, name: "Watchdog", kind: .daemon, model: .thread, role: .watchdog, intervalMs: settings.watchdogMs)
            return [.lab(.startWatchdog(id: id, name: "Watchdog", timeoutMs: settings.watchdogMs))]
        case .counters(let locked):
            let name = locked ? "Count+lock" : "Count-race"
            let id = newWorker(&state, name: name, kind: .nonDaemon, model: .thread, role: .counters, intervalMs: 0)
            return [.lab(.startCounters(id: id, name: name, threads: settings.counterThreads,
                                        increments: settings.counterIncrements, locked: locked))]
        case .job(let model):
            let name = switch model {
            case .thread: "Job-Thread"
            case .task: "Job-Task"
            case .dispatch: "Job-Dispatch"
            case .process: "Job-Child"
            }
            let id = newWorker(&state, name: name, kind: model == .task ? .task : .daemon, model: model, role: .job, intervalMs: LessonJob.stepMs)
            return [.lab(.startJob(id: id, name: name, model: model))]
        case .demo(.semaphore):
            let ids = (1...5).map { n in
                newWorker(&state, name: "Job-\(n)", kind: .nonDaemon, model: .thread, role: .job, intervalMs: 0)
            }
            return [.lab(.startSemaphoreJobs(ids: ids, permits: 2))]
        case .demo(let demo):
            let id = newWorker(&state, name: demo.workerName, kind: .nonDaemon, model: demo.model, role: .job, intervalMs: 0)
            return [.lab(.startDemo(id: id, name: demo.workerName, demo: demo))]
        case .schedule(let game):
            return startScheduleGame(&state, game)
        }
    }

    static func stopLessonWorker(_ state: inout AppState, _ worker: LessonWorker) -> [DeckEffect] {
        let targets: [WorkerRow]
        switch worker {
        case .monitor: return apply(&state, .stopNewestMonitor)
        case .alarm: return apply(&state, .cancelAlarm)
        case .heartbeat: targets = state.workers.filter { $0.role == .heartbeat }
        case .watchdog: targets = state.workers.filter { $0.role == .watchdog }
        case .counters: targets = state.workers.filter { $0.role == .counters }
        case .job(let model): targets = state.workers.filter { $0.role == .job && $0.model == model }
        case .demo(.semaphore): targets = state.workers.filter { $0.role == .job && $0.name.hasPrefix("Job-") && $0.model == .thread }
        case .demo(let demo): targets = state.workers.filter { $0.role == .job && $0.name == demo.workerName }
        case .schedule: targets = state.workers.filter { $0.role == .scheduled }
        }
        let alive = targets.filter { $0.isAlive && $0.state != .stopping }
        guard !alive.isEmpty else {
            log(&state, state.now, "Lesson", "no \(worker.name) is running to stop", .warning)
            return []
        }
        for row in alive { update(&state, row.id) { $0.state = .stopping } }
        return alive.map { .stopWorker($0.id) }
    }

    /// `l`, `n`/Right and `p`.
    static func applyLessonAction(_ state: inout AppState, _ action: Action) -> [DeckEffect] {
        switch action {
        case .lessonMenu:
            guard LessonMenuOverlay.entryCount(state) > 0 else {
                setStatus(&state, "no lessons to choose from in this run")
                return []
            }
            state.overlay = .lessonMenu
        case .lessonNext:
            guard let lesson = state.lessons.active, !lesson.finished else {
                setStatus(&state, "no lesson is running: l opens the lesson menu")
                return []
            }
            if let refusal = scheduleChallengeOpenRefusal(state) {
                // The learner plays the challenge: n must not play the lesson's schedule for them.
                setStatus(&state, refusal)
                return []
            }
            updateLesson(&state) {
                $0.skipRequests += 1
                $0.waitingForPresenter = false
            }
            // `lesson: the presenter continues with n` is done with once n is pressed.
            if state.status?.text.hasPrefix("lesson: the presenter") == true { state.status = nil }
        case .lessonPause:
            guard let lesson = state.lessons.active, !lesson.finished else {
                setStatus(&state, "no lesson is running: l opens the lesson menu")
                return []
            }
            let paused = !lesson.paused
            let now = state.now
            updateLesson(&state) {
                $0.paused = paused
                if paused {
                    $0.pausedAt = now
                } else if let since = $0.pausedAt {
                    // The countdown goes on from where it stood: the paused time is added to its end.
                    $0.stepUntil = $0.stepUntil?.adding(milliseconds: since.milliseconds(until: now))
                    $0.pausedAt = nil
                }
            }
            setStatus(&state, paused ? "lesson paused: p resumes, n steps one line" : "lesson resumed")
            log(&state, state.now, "Lesson", paused ? "paused by the presenter" : "resumed")
        default:
            break
        }
        return []
    }

    /// How long a lone first digit waits for a second one in a menu of ten or more lessons.
    public static let menuNumberWaitMs = 1000

    /// Keys while the lesson menu is open: Up/Down (k/j), Home/End (g/G) and Enter, or a number; Esc, l or
    /// q closes it. With ten or more lessons a digit that can begin a two-digit number waits a second for
    /// the next (`1` then `2` opens 12); alone, it opens its own lesson after the wait or on Enter.
    static func lessonMenuKey(_ state: inout AppState, _ key: Key) -> [DeckEffect] {
        let count = LessonMenuOverlay.entryCount(state)
        let last = max(0, count - 1)
        let pending = state.lessons.pendingMenuNumber
        state.lessons.pendingMenuNumber = nil
        if let pending, state.now >= pending.opensAt {
            // The wait was over before this key: the lone digit's lesson opens, as it would have on its own.
            return openMenuLesson(&state, pending.digit - 1)
        }
        var pick: Int?
        switch key {
        case .up, .char("k"): state.lessons.menuSelection = max(0, state.lessons.menuSelection - 1)
        case .down, .char("j"): state.lessons.menuSelection = min(last, state.lessons.menuSelection + 1)
        case .home, .char("g"): state.lessons.menuSelection = 0
        case .end, .char("G"): state.lessons.menuSelection = last
        case .enter, .right: pick = pending.map { $0.digit - 1 } ?? state.lessons.menuSelection
        case .char(let c) where c.isNumber:
            guard let n = c.wholeNumberValue else { break }
            if let first = pending?.digit {
                let number = first * 10 + n
                if number <= count {
                    pick = number - 1
                } else {
                    state.lessons.menuSelection = first - 1
                    setStatus(&state, "no lesson \(number): 1-\(count)")
                }
            } else if n >= 1, n <= count {
                if n * 10 <= count {
                    // It may be the first digit of two: wait for the next one (Enter opens it now).
                    state.lessons.menuSelection = n - 1
                    state.lessons.pendingMenuNumber = PendingMenuNumber(
                        digit: n, typedAt: state.now, opensAt: state.now.adding(milliseconds: menuNumberWaitMs))
                } else {
                    pick = n - 1
                }
            } else if n == 0 {
                setStatus(&state, "lessons are numbered 1-\(count)")
            }
        case .escape, .char("l"), .char("q"): state.overlay = nil
        case .mouse(let mouse):
            // A click on a lesson starts it; the wheel moves the selection.
            switch (mouse.button, mouse.hit) {
            case (.click, .menuEntry(let row)?): pick = LessonMenuOverlay.entry(state, atRow: row)
            case (.wheelUp, _): state.lessons.menuSelection = max(0, state.lessons.menuSelection - 1)
            case (.wheelDown, _): state.lessons.menuSelection = min(last, state.lessons.menuSelection + 1)
            default: break
            }
        default: break
        }
        guard let pick else { return [] }
        return openMenuLesson(&state, pick)
    }

    /// A lone first digit opens its lesson once the wait for a second digit is over (checked on every event).
    static func menuNumberDue(_ state: inout AppState) -> [DeckEffect] {
        guard let pending = state.lessons.pendingMenuNumber, state.now >= pending.opensAt else { return [] }
        state.lessons.pendingMenuNumber = nil
        guard state.overlay == .lessonMenu else { return [] }
        return openMenuLesson(&state, pending.digit - 1)
    }

    static func openMenuLesson(_ state: inout AppState, _ pick: Int) -> [DeckEffect] {
        let boardPick = pick - state.lessons.catalog.count
        if state.boardCatalog.indices.contains(boardPick) {
            // The Boards section: the board starts at once, with fresh threads.
            state.lessons.menuSelection = pick
            if let lesson = state.lessons.active, !lesson.finished {
                // The lesson's script would go on beside the board and step its own workers.
                setStatus(&state, "lesson \(lesson.name) is running: a board starts once it has finished")
                return []
            }
            state.overlay = nil
            return startBoard(&state, state.boardCatalog[boardPick])
        }
        guard state.lessons.catalog.indices.contains(pick) else { return [] }
        state.overlay = nil
        state.lessons.menuSelection = pick
        let name = state.lessons.catalog[pick].name
        setStatus(&state, "starting lesson \(name)")
        return [.lab(.loadLesson(name))]
    }
}
