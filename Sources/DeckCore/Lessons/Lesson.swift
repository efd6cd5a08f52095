/// A parsed lesson: its title, the settings its run starts with, and its steps in order.
public struct Lesson: Sendable, Equatable {
    /// The short name (`alarm`), from the file name.
    public var name: String
    public var title: String
    /// Where it was read from, for `file:line` messages.
    public var file: String
    public var settings: LessonSettings
    public var steps: [LessonStep]

    public init(name: String, title: String, file: String, settings: LessonSettings, steps: [LessonStep]) {
        self.name = name
        self.title = title
        self.file = file
        self.settings = settings
        self.steps = steps
        // Computed once, here, so the layout never has to read the steps.
        self.settings.panels = LessonPanelUse(settings: settings, steps: steps)
    }

    /// Seconds the lesson takes without a presenter: its waits plus its expectations' deadlines at most.
    public var approximateSeconds: Double {
        steps.reduce(0) { total, step in
            switch step.command {
            case .wait(let ms): total + Double(ms) / 1000
            case .expect(_, let ms): total + Double(min(ms, 4000)) / 2000
            case .expectNo(_, let ms): total + Double(ms) / 1000
            default: total
            }
        }
    }

    public var pauseCount: Int { steps.filter { $0.command == .pause }.count }

    /// The settings applied to a run's configuration.
    public func apply(to config: inout DeckConfig) {
        settings.apply(to: &config)
    }
}

/// One line of a lesson that does something.
public struct LessonStep: Sendable, Equatable {
    /// 1-based line in the file.
    public var line: Int
    public var command: LessonCommand

    public init(line: Int, command: LessonCommand) {
        self.line = line
        self.command = command
    }
}

/// What a step does. Every command goes through the same inbox and reducer a person at the keyboard uses.
public enum LessonCommand: Sendable, Equatable {
    /// Show this text in the Narration panel (and log it).
    case narrate(String)
    /// Show a line of Swift under the narration; consecutive snippet lines form one snippet.
    case snippet(String)
    /// Show a line of the Python original beside the Swift (under it at 80 columns, beside it from 120).
    case python(String)
    /// Press a key, exactly as the keyboard would.
    case press(Key)
    /// The main loop writes this value to the named shared value.
    case set(name: String, value: Double)
    /// Start or stop one of daemondeck's own workers.
    case start(LessonWorker)
    case stop(LessonWorker)
    /// Make the heartbeat stop beating (it keeps running, silently) / beat again.
    case stall
    case resume
    /// Wait this many milliseconds.
    case wait(ms: Int)
    /// Wait for the presenter (`n` or Right continues; plain mode goes straight on).
    case pause
    /// A line containing this text must appear in the log within the deadline.
    case expect(String, withinMs: Int)
    /// No line containing this text may appear in the log for this long.
    case expectNo(String, forMs: Int)
    /// Run one of daemondeck's own child scenarios as a real child process.
    case runChild(ChildScenario)
    /// Run one of daemondeck's shipped Python programs (`Resources/python/lessons/NAME.py`) with the
    /// `python3` on PATH, as a real child in a process group of its own; its output goes into the log.
    case runPython(String)
    /// Freeze the world, thaw it, or let one named worker run one loop iteration (the keys z, s, Tab).
    case freeze(FreezeCommand)
    /// Ask the learner to predict: the lesson waits for a digit key (or `--answers`).
    case ask(LessonQuestion)
    /// Reveal the last question's answer, measured from the log since it was answered.
    case reveal(LessonMeasure)

    /// A short description for the Narration panel and `file:line` messages.
    public var summary: String {
        switch self {
        case .narrate(let text): "narrate \(text)"
        case .snippet(let text): "snippet \(text)"
        case .python(let text): "python \(text)"
        case .press(let key): "press \(key)"
        case .set(let name, let value): "set \(name) \(Reducer.format(value))"
        case .start(let worker): "start \(worker.name)"
        case .stop(let worker): "stop \(worker.name)"
        case .stall: "stall heartbeat"
        case .resume: "resume heartbeat"
        case .wait(let ms): "wait \(LessonDuration.text(ms))"
        case .pause: "pause"
        case .expect(let text, let ms): "expect \"\(text)\" within \(LessonDuration.text(ms))"
        case .expectNo(let text, let ms): "expect no \"\(text)\" for \(LessonDuration.text(ms))"
        case .runChild(let scenario): "run-child \(scenario.rawValue)"
        case .runPython(let name): "run-python \(name)"
        case .freeze(.freeze): "freeze"
        case .freeze(.thaw): "thaw"
        case .freeze(.step(let worker)): "step \(worker ?? "the selected worker")"
        case .ask(let question): "ask \(question.text)"
        case .reveal(let measure): "reveal \(measure.quantity)"
        }
    }
}

extension LessonCommand {
    /// What the step does, in words for the learner (the Narration panel's status line): never the
    /// lesson's own syntax.
    public var learnerText: String {
        switch self {
        case .narrate: "reading"
        case .snippet, .python: "showing the code"
        case .press(let key): "pressing \(key)"
        case .set(let name, let value): "the main loop writes \(Reducer.format(value)) to \(name)"
        case .start(let worker): "starting \(worker.learnerName)"
        case .stop(let worker): "stopping \(worker.learnerName)"
        case .stall: "stalling the heartbeat"
        case .resume: "letting the heartbeat beat again"
        case .wait: "watching"
        case .pause: "waiting for the presenter"
        case .expect(let text, _): "waiting for the log to show “\(text)”"
        case .expectNo(let text, _): "checking that “\(text)” does not appear"
        case .runChild(let scenario): "running the child process \(scenario.rawValue)"
        case .runPython(let name): "running the Python program \(name).py"
        case .freeze(.freeze): "freezing the world"
        case .freeze(.thaw): "thawing the world"
        case .freeze(.step(let worker)): "letting \(worker ?? "the selected worker") run one loop"
        case .ask: "waiting for your prediction (press a number)"
        case .reveal: "measuring what happened"
        }
    }
}

/// The workers a lesson may start or stop: only daemondeck's own.
public enum LessonWorker: Sendable, Equatable, Hashable, Codable {
    case monitor
    case alarm
    case heartbeat
    case watchdog
    /// Several threads incrementing one shared counter, with or without a lock.
    case counters(locked: Bool)
    /// The same background job run by a given model (Thread, Task, Dispatch, process).
    case job(WorkerModel)
    /// One of the small complete programs: semaphore, event, pool, structured, errors, parallel, deadlock.
    case demo(Demo)
    /// "Be the scheduler": two threads the learner steps statement by statement.
    case schedule(ScheduleGame)

    public var name: String {
        switch self {
        case .monitor: "monitor"
        case .alarm: "alarm"
        case .heartbeat: "heartbeat"
        case .watchdog: "watchdog"
        case .counters(let locked): locked ? "counters locked" : "counters unlocked"
        case .job(let model): "job \(Self.jobArgument(model))"
        case .demo(let demo): "demo \(demo.rawValue)"
        case .schedule(let game): "schedule \(game.rawValue)"
        }
    }

    /// The worker in words (`the heartbeat`, `the unlocked counters`, `the job as a Task`).
    public var learnerName: String {
        switch self {
        case .monitor: "a monitor"
        case .alarm: "the alarm"
        case .heartbeat: "the heartbeat"
        case .watchdog: "the watchdog"
        case .counters(let locked): locked ? "the counters with a lock" : "the counters without a lock"
        case .job(let model): "the job as a \(model.rawValue)"
        case .demo(let demo): "the \(demo.rawValue) demo"
        case .schedule(let game): "the \(game.rawValue) you schedule"
        }
    }

    static func jobArgument(_ model: WorkerModel) -> String {
        switch model {
        case .thread: "thread"
        case .task: "task"
        case .dispatch: "dispatch"
        case .process: "process"
        }
    }
}

/// daemondeck's own child scenarios (`daemondeck scenario NAME`): the only programs a lesson can run.
public enum ChildScenario: String, Sendable, Equatable, CaseIterable, Codable {
    /// main starts a non-daemon and a daemon worker, then returns.
    case daemonExit = "daemon-exit"
    /// the models lesson's background job, as a process.
    case job
    /// main starts two unstructured tasks, cancels and awaits the one it owns, forgets the other, returns.
    case shutdown
    /// a thread hits a fatal error while main sleeps: the whole process dies.
    case fatal
    /// tutorial 000's loop: a daemon monitor polls `data`; main's last write comes just before it returns.
    case lastWrite = "last-write"
}

/// Settings a lesson gives its run (lines before the first step).
public struct LessonSettings: Sendable, Equatable, Codable {
    public var monitors = 0
    public var intervalMs = 100
    public var alarmTicks = 5
    public var alarmPeriodMs = 1000
    public var seed: UInt64 = 1
    public var autoGapMs: ClosedRange<Int> = 200...2500
    public var snapshotWriter = false
    public var heartbeatMs = 250
    public var watchdogMs = 1000
    public var counterThreads = 4
    public var counterIncrements = 200_000
    /// Auto-mutation during the lesson (off unless the command line turns it on).
    public var auto = false
    /// The panels the lesson touches (set when a lesson loads); nil: all of them, as outside a lesson.
    public var panels: LessonPanelUse?

    public init() {}

    public func apply(to config: inout DeckConfig) {
        config.monitors = monitors
        config.intervalMs = intervalMs
        config.alarmTicks = alarmTicks
        config.alarmPeriodMs = alarmPeriodMs
        config.seed = seed
        config.autoGapMs = autoGapMs
        config.snapshotWriter = snapshotWriter
        config.alarmAtLaunch = false
        config.auto = auto
    }
}

/// Durations as lessons write them: `1.5s`, `300ms`.
public enum LessonDuration {
    public static func parse(_ text: String) -> Int? {
        let lower = text.lowercased()
        let (number, factor): (Substring, Double) =
            lower.hasSuffix("ms") ? (lower.dropLast(2), 1) : lower.hasSuffix("s") ? (lower.dropLast(1), 1000) : ("", 0)
        guard factor > 0, let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let ms = value * factor
        guard ms <= 3_600_000 else { return nil }
        return Int(ms.rounded())
    }

    public static func text(_ ms: Int) -> String {
        ms % 1000 == 0 ? "\(ms / 1000)s" : ms < 1000 ? "\(ms)ms" : "\(Double(ms) / 1000)s"
    }
}
