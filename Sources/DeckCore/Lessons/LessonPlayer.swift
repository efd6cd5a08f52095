#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Plays a lesson on the UI thread: each step becomes an event (or a key) processed by the same engine and
/// reducer a person at the keyboard drives. Waits, the presenter's pauses and expectations (which watch the
/// log) decide when the next step begins. Call `advance()` every time round the UI loop.
public final class LessonPlayer {
    public let engine: Engine
    /// With a presenter (the dashboard): `pause` waits for `n`. Without (plain mode): it goes straight on.
    private let interactive: Bool
    /// Waits longer than a second are scaled by this (tests run lessons faster); shorter ones stay exact.
    private let speed: Double
    public private(set) var lesson: Lesson?
    public private(set) var finished = false
    private var index = -1
    private var deadline: Timestamp?
    /// Where an expectation starts looking: the log as it was when the last action step began.
    private var actionMark = 0
    private var stepMark = 0
    private var handledSkips = 0
    private var pausedSince: Timestamp?
    private var pendingLoad: String?
    /// Answers to the lessons' questions, in order (`--answers 2,1,3`), for scripted runs and tests.
    public var answers: [Int] = []
    /// Where a reveal starts measuring: the log as it was when the question was answered.
    private var questionMark = 0
    /// The step index of the last `ask`.
    private var askIndex = -1
    /// A question tied to a Python step that was not posed because python3 could not be found.
    private var unposedPythonQuestion: LessonQuestion?

    public init(engine: Engine, interactive: Bool, speed: Double = 1) {
        self.engine = engine
        self.interactive = interactive
        self.speed = speed
    }

    /// Offers these lessons in the `l` menu and loads the one picked.
    public func offer(_ catalog: [LessonSummary]) {
        engine.process(.lesson(.catalog(catalog)))
        let previous = engine.effectObserver
        engine.effectObserver = { [weak self] effect in
            previous?(effect)
            if case .lab(.loadLesson(let name)) = effect { self?.pendingLoad = name }
        }
    }

    public func begin(_ lesson: Lesson) {
        self.lesson = lesson
        finished = false
        index = -1
        deadline = nil
        pausedSince = nil
        handledSkips = 0
        askIndex = -1
        unposedPythonQuestion = nil
        engine.process(.lesson(.begin(name: lesson.name, title: lesson.title, totalSteps: lesson.steps.count,
                                      settings: lesson.settings)))
        actionMark = engine.state.log.totalAppended
    }

    /// The first expectation that failed, as `file:line: expected ...`.
    public var firstFailure: String? { engine.state.lessons.active?.firstFailure }

    /// Milliseconds until the current step's deadline (the UI loop sleeps no longer than this).
    public var nextWakeMs: Int? {
        guard !finished, let deadline else { return nil }
        return max(0, engine.now.milliseconds(until: deadline))
    }

    public func advance() {
        if let name = pendingLoad {
            pendingLoad = nil
            load(name)
        }
        guard let lesson, !finished, let state = engine.state.lessons.active else { return }
        let now = engine.now
        if state.paused {
            if pausedSince == nil { pausedSince = now }
        } else if let since = pausedSince {
            // Time spent paused does not count against a wait or an expectation. The reducer moved the
            // step's end when `p` resumed; the player keeps to the same end, so the countdown and the step agree.
            deadline = state.stepUntil ?? deadline?.adding(milliseconds: since.milliseconds(until: now))
            pausedSince = nil
        }
        var skip = state.skipRequests > handledSkips
        handledSkips = state.skipRequests
        if state.paused {
            // Paused: `n` steps exactly one line.
            guard skip else { return }
            if index >= 0 { _ = check(lesson.steps[index], now: now, skip: true) }
            beginNext(lesson)
            return
        }
        for _ in 0...lesson.steps.count {
            if index >= 0 {
                guard check(lesson.steps[index], now: engine.now, skip: skip) else { return }
            }
            skip = false
            beginNext(lesson)
            if finished || engine.state.lessons.active?.paused == true { return }
        }
    }

    private func load(_ name: String) {
        do {
            begin(try LessonLibrary.resolve(name))
        } catch {
            engine.process(.note(source: "Lesson", text: "cannot load lesson: \(error.description)"))
        }
    }

    private func beginNext(_ lesson: Lesson) {
        index += 1
        guard index < lesson.steps.count else {
            finished = true
            deadline = nil
            engine.process(.lesson(.finished))
            return
        }
        let step = lesson.steps[index]
        let now = engine.now
        stepMark = engine.state.log.totalAppended
        switch step.command {
        case .wait(let ms):
            // In the dashboard a wait right before a pause is dead time: the pause waits for the presenter
            // anyway (the world keeps running meanwhile). Plain mode has no presenter, so it waits.
            let beforePause = nextStepIsPause(lesson)
            deadline = now.adding(milliseconds: interactive && beforePause ? 0 : scaled(ms))
        case .expect(_, let ms), .expectNo(_, let ms): deadline = now.adding(milliseconds: ms)
        default: deadline = nil
        }
        engine.process(.lesson(.stepBegan(index: index, line: step.line, summary: step.command.learnerText, until: deadline)))
        switch step.command {
        case .narrate(let written):
            // `{pid}` is this process's id, so a lesson can say `top -H -p {pid}` and mean it.
            let text = written.replacing("{pid}", with: "\(getpid())")
            engine.process(.lesson(.narrate(text)))
            // The dashboard shows narration in its panel; plain mode prints it as a line.
            if !interactive { engine.process(.note(source: "Lesson", text: text)) }
        case .snippet(let text):
            engine.process(.lesson(.snippet(text)))
            // Plain mode has no Narration panel: the snippet goes into the printed lines.
            if !interactive { engine.process(.note(source: "Lesson", text: "  swift> \(text)")) }
        case .python(let text):
            engine.process(.lesson(.python(text)))
            if !interactive { engine.process(.note(source: "Lesson", text: "  python> \(text)")) }
        case .wait, .expect, .expectNo: break
        case .pause:
            if interactive {
                engine.process(.lesson(.waitForPresenter))
            } else {
                engine.process(.note(source: "Lesson", text: "(pause: a presenter would talk here; plain mode goes on)"))
            }
        case .press(let key):
            actionMark = stepMark
            engine.process(.key(key))
        case .set(let name, let value):
            actionMark = stepMark
            engine.process(.lesson(.set(name: name, value: value)))
        case .start(let worker):
            actionMark = stepMark
            engine.process(.lesson(.start(worker)))
        case .stop(let worker):
            actionMark = stepMark
            engine.process(.lesson(.stop(worker)))
        case .stall:
            actionMark = stepMark
            engine.process(.lesson(.stall))
        case .resume:
            actionMark = stepMark
            engine.process(.lesson(.resume))
        case .runChild(let scenario):
            actionMark = stepMark
            engine.process(.lesson(.runChild(scenario)))
        case .runPython(let program):
            actionMark = stepMark
            engine.process(.lesson(.runPython(program)))
        case .freeze(let command):
            actionMark = stepMark
            engine.process(.freeze(command))
        case .ask(let question):
            askIndex = index
            // A question about a Python step's run is only posed when that run can happen: without python3
            // the step says once what it would have shown, and the question and its reveal are left out.
            if pythonStepTied(toAskAt: index, in: lesson), case .failure = WatchCommandResolver.resolve("python3") {
                unposedPythonQuestion = question
                if !answers.isEmpty { answers.removeFirst() }  // scripted answers stay matched to the lesson's questions
                break
            }
            unposedPythonQuestion = nil
            engine.process(.lesson(.asked(question)))
            if !answers.isEmpty {
                let answer = answers.removeFirst()
                engine.process(.lesson(.answered((1...question.choices.count).contains(answer) ? answer : nil)))
            } else if !interactive {
                engine.process(.lesson(.answered(nil)))  // nobody to ask: the lesson goes on, and still reveals
            }
        case .reveal(let measure):
            if let question = unposedPythonQuestion {
                unposedPythonQuestion = nil
                engine.process(.lesson(.notMeasured(question: question, usual: measure.usual, posed: false)))
                break
            }
            let lines = freshLines(since: questionMark)
            if pythonStepTied(toAskAt: askIndex, in: lesson),
               lines.contains(where: PythonLessonPrograms.saysNotRun),
               let question = engine.state.lessons.active?.question?.question {
                // Its Python step did not run, or not to its end (python3 went missing, could not start, failed, or was
                // too old): nothing to measure.
                engine.process(.lesson(.notMeasured(question: question, usual: measure.usual, posed: true)))
                if interactive && !nextStepIsPause(lesson) { engine.process(.lesson(.waitForPresenter)) }
                break
            }
            let measured = measure.measure(lines)
            let question = engine.state.lessons.active?.question?.question
            engine.process(.lesson(.revealed(measured: measured, quantity: measure.quantity,
                                             choice: measured.flatMap { question?.choice(for: $0) },
                                             usual: measure.usual, explanation: measure.explanation)))
            // The reveal is what the lesson exists for: in the dashboard it stays on screen until the
            // presenter presses `n` (a `pause` right after it waits instead, so one `n` is enough).
            // Plain mode and `lessons --check` have no presenter and go on.
            if interactive && !nextStepIsPause(lesson) { engine.process(.lesson(.waitForPresenter)) }
        }
    }

    /// Whether the question asked at step `askAt` is about a Python step's run: a `run-python` step comes
    /// after the `ask` and before its `reveal` (docs/lessons.md states this rule for lesson authors).
    func pythonStepTied(toAskAt askAt: Int, in lesson: Lesson) -> Bool {
        guard askAt >= 0 else { return false }
        for step in lesson.steps.dropFirst(askAt + 1) {
            switch step.command {
            case .runPython: return true
            case .reveal, .ask: return false
            default: continue
            }
        }
        return false
    }

    private func nextStepIsPause(_ lesson: Lesson) -> Bool {
        index + 1 < lesson.steps.count && lesson.steps[index + 1].command == .pause
    }

    private func scaled(_ ms: Int) -> Int {
        ms <= 1000 ? ms : max(1000, Int(Double(ms) * speed))
    }

    /// Whether the current step is done; reports an expectation's outcome exactly once.
    private func check(_ step: LessonStep, now: Timestamp, skip: Bool) -> Bool {
        let due = deadline.map { now >= $0 } ?? true
        let file = lesson?.file ?? "lesson"
        switch step.command {
        case .wait:
            return due || skip
        case .pause, .reveal:
            return !interactive || skip || engine.state.lessons.active?.waitingForPresenter == false
        case .ask:
            // A Python question left out (no python3) has nothing to wait for.
            if unposedPythonQuestion != nil {
                questionMark = engine.state.log.totalAppended
                actionMark = questionMark
                return true
            }
            // The world waits for the prediction; `n` skips the question.
            if skip, engine.state.lessons.active?.question?.awaitingAnswer == true { engine.process(.lesson(.answered(nil))) }
            guard engine.state.lessons.active?.question?.awaitingAnswer == false else { return false }
            questionMark = engine.state.log.totalAppended
            actionMark = questionMark
            return true
        case .expect(let text, let ms):
            if logContains(text, since: actionMark) {
                engine.process(.lesson(.expectation(.met("saw \"\(text)\""))))
            } else if skip {
                engine.process(.lesson(.expectation(.skipped("expect \"\(text)\""))))
            } else if due {
                let message = "\(file):\(step.line): expected \"\(text)\" within \(LessonDuration.text(ms)), not seen"
                let lines = freshLines(since: actionMark)
                let happened = lines.isEmpty
                    ? "What happened: nothing at all was logged meanwhile (is the worker running?)."
                    : "What happened: it never appeared; \(lines.count) other line\(lines.count == 1 ? "" : "s") did, the last: “\(lines.last!)”."
                let explanation = ["✗ Check failed: the log should have shown “\(text)” within \(Self.words(ms)).", happened]
                engine.process(.lesson(.expectation(.failed(message, explanation: explanation))))
            } else {
                return false
            }
            return true
        case .expectNo(let text, let ms):
            if logContains(text, since: stepMark) {
                let message = "\(file):\(step.line): \"\(text)\" appeared, expected none for \(LessonDuration.text(ms))"
                let line = freshLines(since: stepMark).first { $0.contains(text) } ?? text
                let explanation = ["✗ Check failed: “\(text)” should not have appeared for \(Self.words(ms)).",
                                   "What happened: it did: “\(line)”."]
                engine.process(.lesson(.expectation(.failed(message, explanation: explanation))))
            } else if skip {
                engine.process(.lesson(.expectation(.skipped("expect no \"\(text)\""))))
            } else if due {
                engine.process(.lesson(.expectation(.met("no \"\(text)\" for \(LessonDuration.text(ms))"))))
            } else {
                return false
            }
            return true
        default:
            return true
        }
    }

    /// A duration in words: `4 s`, `500 ms`.
    static func words(_ ms: Int) -> String {
        ms % 1000 == 0 ? "\(ms / 1000) s" : ms < 1000 ? "\(ms) ms" : "\(Double(ms) / 1000) s"
    }

    /// The log lines (not the lesson's own) appended since `mark`, as `source text`.
    private func freshLines(since mark: Int) -> [String] {
        let log = engine.state.log
        return log.indicesAppended(since: mark).compactMap { i in
            let entry = log[i]
            return entry.source == "Lesson" ? nil : entry.source + " " + entry.text
        }
    }

    /// Whether a log line (not the lesson's own) appended since `mark` contains `text`.
    private func logContains(_ text: String, since mark: Int) -> Bool {
        let log = engine.state.log
        for i in log.indicesAppended(since: mark) {
            let entry = log[i]
            if entry.source != "Lesson" && (entry.source + " " + entry.text).contains(text) { return true }
        }
        return false
    }
}
