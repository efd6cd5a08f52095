import ArgumentParser
import DeckCore
import DeckTerminal
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Opens the dashboard, or runs plain mode when asked or when standard output is not a terminal.
struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Open the dashboard (the default), or print events as lines with --plain."
    )

    @Option(name: .long, help: ArgumentHelp("Monitor threads at start, 0-16 (default: 4 in the dashboard, 1 in plain mode).", valueName: "N"))
    var monitors: Int?

    @Option(name: .long, help: ArgumentHelp("Monitors' poll interval in milliseconds, 1-10000.", valueName: "MS"))
    var interval: Int?

    @Option(name: .customLong("alarm-ticks"), help: ArgumentHelp("Ticks before the alarm fires, 1-1000.", valueName: "N"))
    var alarmTicks: Int?

    @Option(name: .customLong("alarm-period"), help: ArgumentHelp("Milliseconds between ticks, 10-60000.", valueName: "MS"))
    var alarmPeriod: Int?

    @Flag(name: .long, inversion: .prefixedNo,
          help: "Auto-mutation at start: the main loop writes random values at random intervals (default: off in the dashboard, on in plain mode).")
    var auto: Bool?

    @Option(name: .long, help: ArgumentHelp("Seed for the main loop's random values (same seed, same values), 0-18446744073709551615.", valueName: "S"))
    var seed: UInt64?

    @Flag(name: .long, help: "Print events as lines instead of opening the dashboard (automatic when output is not a terminal).")
    var plain = false

    @Option(name: .long, help: ArgumentHelp("Seconds to run in plain mode, 0.1-86400.", valueName: "SECONDS"))
    var duration: Double = 10

    @Option(name: .long, help: ArgumentHelp("Write the event log as JSON Lines to FILE (on e, and at quit).", valueName: "FILE"))
    var log: String?

    @Option(name: .long, help: ArgumentHelp("Write the session as Chrome Trace Event JSON to FILE (on e, and at quit); open it in ui.perfetto.dev.", valueName: "FILE"))
    var trace: String?

    @Option(name: .long, help: ArgumentHelp("Record every event of the run to FILE as it happens, for daemondeck replay.", valueName: "FILE"))
    var record: String?

    @Flag(name: .customLong("color"), inversion: .prefixedNo,
          help: "Colours (default: on; --no-color, or the NO_COLOR environment variable, turns them off).")
    var color: Bool?

    @Flag(name: .long, inversion: .prefixedNo, help: "ASCII borders and bars (automatic outside a UTF-8 locale).")
    var ascii: Bool?

    @Option(name: .long, help: ArgumentHelp("Colour theme: dark, light (light backgrounds, projectors) or high-contrast (default: dark; --no-color wins).", valueName: "THEME"))
    var theme: Theme?

    @Option(name: .long, help: ArgumentHelp("Read defaults from FILE (default: ~/.config/daemondeck/config); options given here win.", valueName: "FILE"))
    var config: String?
    @Option(name: .long, help: ArgumentHelp("Play a lesson: a shipped one by NAME (daemondeck lessons lists them) or a .lesson FILE.", valueName: "NAME|FILE"))
    var lesson: String?

    @Option(name: .long, help: ArgumentHelp("Answer the lesson's questions in order, e.g. 2,1,3 (for scripted runs; each 1-4).", valueName: "LIST"))
    var answers: String?

    /// `--answers 2,1,3` as numbers; nil if not given.
    var answerList: [Int]? {
        answers.map { $0.split(separator: ",", omittingEmptySubsequences: false).compactMap { Int($0.trimmingWhitespace()) } }
    }

    func validate() throws {
        if let answers {
            let parts = answers.split(separator: ",", omittingEmptySubsequences: false)
            guard !parts.isEmpty, parts.allSatisfy({ Int($0.trimmingWhitespace()).map { (1...4).contains($0) } ?? false }) else {
                throw ValidationError("--answers must be numbers 1-4 separated by commas, like 2,1,3, got \"\(answers)\"")
            }
            if lesson == nil { throw ValidationError("--answers needs --lesson: only lessons ask questions") }
        }
        if let monitors, !(0...16).contains(monitors) {
            throw ValidationError("--monitors must be between 0 and 16, got \(monitors)")
        }
        if let interval, !DeckConfig.intervalRange.contains(interval) {
            throw ValidationError("--interval must be between 1 and 10000 milliseconds, got \(interval)")
        }
        if let alarmTicks, !(1...1000).contains(alarmTicks) {
            throw ValidationError("--alarm-ticks must be between 1 and 1000, got \(alarmTicks)")
        }
        if let alarmPeriod, !(10...60_000).contains(alarmPeriod) {
            throw ValidationError("--alarm-period must be between 10 and 60000 milliseconds, got \(alarmPeriod)")
        }
        guard duration.isFinite, (0.1...86_400).contains(duration) else {
            throw ValidationError("--duration must be between 0.1 and 86400 seconds, got \(duration)")
        }
        if let log, log.isEmpty { throw ValidationError("--log needs a file name") }
        if let trace, trace.isEmpty { throw ValidationError("--trace needs a file name") }
        if let record, record.isEmpty { throw ValidationError("--record needs a file name") }
        if let lesson {
            // A lesson that does not parse is refused here, before anything starts: file:line: what is wrong.
            do { _ = try LessonLibrary.resolve(lesson) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        // A terminal without cursor movement (TERM=dumb, or no TERM) cannot draw the dashboard: print lines.
        let term = Environment.value("TERM") ?? ""
        let noTerminal = isatty(STDOUT_FILENO) != 1 || isatty(STDIN_FILENO) != 1
        let dumb = !noTerminal && (term.isEmpty || term == "dumb")
        let usePlain = plain || noTerminal || dumb
        if dumb && !plain {
            LinePrinter.writeError(
                "daemondeck: TERM=\(term.isEmpty ? "(unset)" : term) cannot draw the dashboard; printing events as lines (Ctrl-C stops). For the dashboard: TERM=xterm-256color")
        }
        // Precedence: the command line, then the lesson, then the config file, then the defaults.
        var file = ConfigFile()
        if let path = self.config ?? ConfigFile.defaultPath() {
            file = try ConfigFile.load(path: path, required: self.config != nil)
        }
        var config = DeckConfig()
        config.monitors = file.monitors ?? (usePlain ? 1 : 4)
        config.intervalMs = file.interval ?? config.intervalMs
        config.alarmTicks = file.alarmTicks ?? config.alarmTicks
        config.alarmPeriodMs = file.alarmPeriod ?? config.alarmPeriodMs
        config.auto = file.auto ?? usePlain
        config.seed = file.seed
        var lesson: Lesson?
        if let name = self.lesson {
            do { lesson = try LessonLibrary.resolve(name) } catch { throw ValidationError(error.description) }
            // What the command line gives wins over the lesson's own settings, for the whole run.
            if let monitors { lesson?.settings.monitors = monitors }
            if let interval { lesson?.settings.intervalMs = interval }
            if let alarmTicks { lesson?.settings.alarmTicks = alarmTicks }
            if let alarmPeriod { lesson?.settings.alarmPeriodMs = alarmPeriod }
            if let seed { lesson?.settings.seed = seed }
            if let auto { lesson?.settings.auto = auto }
            lesson?.apply(to: &config)
        }
        config.monitors = monitors ?? config.monitors
        config.intervalMs = interval ?? config.intervalMs
        config.alarmTicks = alarmTicks ?? config.alarmTicks
        config.alarmPeriodMs = alarmPeriod ?? config.alarmPeriodMs
        config.auto = auto ?? config.auto
        config.seed = seed ?? config.seed
        config.logPath = log
        config.tracePath = trace
        // The recording file is opened before anything starts, so a path that cannot be written is refused at once.
        let recorder: EventRecorder?
        do { recorder = try record.map { try EventRecorder(path: $0) } } catch { throw ValidationError("--record: \(error)") }
        if usePlain {
            // On a terminal, plain mode reads keys too, so q quits.
            let keyboard = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
            let code = PlainRunner(config: config, duration: duration, lesson: lesson, keyboard: keyboard, recorder: recorder,
                                   answers: answerList ?? []).run()
            throw ExitCode(code)
        }
        config.firstLookHint = lesson == nil
        let ascii = self.ascii ?? file.ascii ?? false
        let color = (self.color ?? !(file.noColor ?? false)) && (Environment.value("NO_COLOR") ?? "").isEmpty
        let code = try DashboardSession(config: config, color: color, ascii: ascii, theme: theme ?? file.theme ?? .dark,
                                        lesson: lesson, recorder: recorder, answers: answerList ?? []).run()
        throw ExitCode(code)
    }
}

extension Theme: ExpressibleByArgument {}
