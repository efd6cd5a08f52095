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

    // The numbers are read as text whatever they look like (`.unconditional`), so `--seed -1` gets
    // "must be a whole number from 0 to …" from `numbers()` rather than "Missing value".
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Monitor threads at start, 0-16 (default: 4 in the dashboard, 1 in plain mode).", valueName: "N"))
    var monitors: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Monitors' poll interval in milliseconds, 1-10000.", valueName: "MS"))
    var interval: String?

    @Option(name: .customLong("alarm-ticks"), parsing: .unconditional, help: ArgumentHelp("Ticks before the alarm fires, 1-1000.", valueName: "N"))
    var alarmTicks: String?

    @Option(name: .customLong("alarm-period"), parsing: .unconditional, help: ArgumentHelp("Milliseconds between ticks, 10-60000.", valueName: "MS"))
    var alarmPeriod: String?

    @Flag(name: .long, inversion: .prefixedNo,
          help: "Auto-mutation at start: the main loop writes random values at random intervals (default: off in the dashboard, on in plain mode).")
    var auto: Bool?

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Seed for the main loop's random values (same seed, same values), 0-18446744073709551615.", valueName: "S"))
    var seed: String?

    @Flag(name: .long, help: "Print events as lines instead of opening the dashboard (automatic when output is not a terminal).")
    var plain = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seconds to run in plain mode, 0.1-86400 (default: 10).", valueName: "SECONDS"))
    var duration: String?

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

    @Option(name: .long, help: ArgumentHelp("Play a scheduler board: a shipped one by NAME (the lesson menu's Boards section lists them) or a .board FILE.", valueName: "NAME|FILE"))
    var board: String?

    @Option(name: .long, help: ArgumentHelp("Answer the lesson's questions in order, e.g. 2,1,3 (for scripted runs; each 1-4).", valueName: "LIST"))
    var answers: String?

    @Flag(name: [.customShort("V"), .long], help: "Print daemondeck's version and exit.")
    var version = false

    /// `--answers 2,1,3` as numbers; nil if not given.
    var answerList: [Int]? {
        answers.map { $0.split(separator: ",", omittingEmptySubsequences: false).compactMap { Int($0.trimmingWhitespace()) } }
    }

    /// The numeric options, checked: each bad one says its value and the range allowed.
    struct Numbers {
        var monitors, interval, alarmTicks, alarmPeriod: Int?
        var seed: UInt64?
        var duration: Double
    }

    func numbers() throws -> Numbers {
        Numbers(monitors: try NumberOption.whole(monitors, "--monitors", 0...16),
                interval: try NumberOption.whole(interval, "--interval", DeckConfig.intervalRange, unit: "milliseconds"),
                alarmTicks: try NumberOption.whole(alarmTicks, "--alarm-ticks", 1...1000),
                alarmPeriod: try NumberOption.whole(alarmPeriod, "--alarm-period", 10...60_000, unit: "milliseconds"),
                seed: try NumberOption.seed(seed, "--seed"),
                duration: try NumberOption.decimal(duration, "--duration", 0.1...86_400, unit: "seconds",
                                                   shown: ("0.1", "86400")) ?? 10)
    }

    func validate() throws {
        // Before any other check: `--version` answers even beside options that would be refused.
        if version { throw CleanExit.message("daemondeck \(DeckVersion.text)") }
        if let answers {
            let parts = answers.split(separator: ",", omittingEmptySubsequences: false)
            guard !parts.isEmpty, parts.allSatisfy({ Int($0.trimmingWhitespace()).map { (1...4).contains($0) } ?? false }) else {
                throw ValidationError("--answers must be numbers 1-4 separated by commas, like 2,1,3, got \"\(answers)\"")
            }
            if lesson == nil { throw ValidationError("--answers needs --lesson: only lessons ask questions") }
        }
        _ = try numbers()
        // The files this run will write are checked the same way before anything starts, and none is
        // created or truncated here: --log and --trace are written only on e and at quit.
        for (option, path) in [("--log", log), ("--trace", trace), ("--record", record)] {
            if let path, let problem = OutputPath.problem(path) { throw ValidationError("\(option): \(problem)") }
        }
        if let board {
            // A board that does not parse is refused here too, before anything starts: file:line: what is wrong.
            if lesson != nil { throw ValidationError("--board and --lesson are one or the other: a board is played on its own") }
            do { _ = try BoardLibrary.source(board) } catch { throw ValidationError(error.description) }
        }
        if let lesson {
            // A lesson that does not parse is refused here, before anything starts: file:line: what is wrong.
            do { _ = try LessonLibrary.resolve(lesson) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let numbers = try numbers()
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
            if let monitors = numbers.monitors { lesson?.settings.monitors = monitors }
            if let interval = numbers.interval { lesson?.settings.intervalMs = interval }
            if let alarmTicks = numbers.alarmTicks { lesson?.settings.alarmTicks = alarmTicks }
            if let alarmPeriod = numbers.alarmPeriod { lesson?.settings.alarmPeriodMs = alarmPeriod }
            if let seed = numbers.seed { lesson?.settings.seed = seed }
            if let auto { lesson?.settings.auto = auto }
            lesson?.apply(to: &config)
        }
        if let name = self.board {
            do { config.board = try BoardLibrary.source(name) } catch { throw ValidationError(error.description) }
            // The board is the show: no monitors or alarm around it unless asked for.
            config.monitors = 0
            config.alarmAtLaunch = false
            config.snapshotWriter = false
        }
        config.monitors = numbers.monitors ?? config.monitors
        config.intervalMs = numbers.interval ?? config.intervalMs
        config.alarmTicks = numbers.alarmTicks ?? config.alarmTicks
        config.alarmPeriodMs = numbers.alarmPeriod ?? config.alarmPeriodMs
        config.auto = auto ?? config.auto
        config.seed = numbers.seed ?? config.seed
        config.logPath = log
        config.tracePath = trace
        // The recording file is opened before anything starts, so a path that cannot be written is refused at once.
        let recorder: EventRecorder?
        do { recorder = try record.map { try EventRecorder(path: $0) } } catch { throw ValidationError("--record: \(error)") }
        if usePlain {
            // On a terminal, plain mode reads keys too, so q quits.
            let keyboard = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
            let code = PlainRunner(config: config, duration: numbers.duration, lesson: lesson, keyboard: keyboard, recorder: recorder,
                                   answers: answerList ?? []).run()
            throw ExitCode(code)
        }
        config.firstLookHint = lesson == nil && board == nil
        config.progressPath = BoardProgressStore.defaultFile()?.path  // levels won, for the lesson menu
        let ascii = self.ascii ?? file.ascii ?? false
        let color = (self.color ?? !(file.noColor ?? false)) && (Environment.value("NO_COLOR") ?? "").isEmpty
        let code = try DashboardSession(config: config, color: color, ascii: ascii, theme: theme ?? file.theme ?? .dark,
                                        lesson: lesson, recorder: recorder, answers: answerList ?? []).run()
        throw ExitCode(code)
    }
}

extension Theme: ExpressibleByArgument {}
