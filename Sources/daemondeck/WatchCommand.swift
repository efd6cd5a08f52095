import ArgumentParser
import DeckCore
import DeckTerminal
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// `daemondeck watch [--plain] -- COMMAND [ARGS…]` and `daemondeck watch --pid PID`: a real program's
/// threads (from /proc) and output in the dashboard, or as lines.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Run a program and show its real threads and output (or attach to one with --pid).",
        discussion: """
            COMMAND runs in a process group of its own, its standard input from /dev/null. Every line it writes \
            goes into the log, marked out or err; each of its threads (read from /proc every 100 ms) is logged \
            when it starts and ends, with its state and why it waits (a timed sleep, a lock, I/O). Quitting sends \
            SIGTERM to its group, then SIGKILL after the grace period; nothing of it is left running, even when \
            daemondeck dies of a fatal signal (Ctrl-\\, a crash), though not of SIGKILL. With --plain \
            the run ends when the program does, with its exit status (128 + N for signal N). A command that is \
            not found exits 127, one that cannot be run 126.
            """
    )

    @Flag(name: .long, help: "Print events as lines instead of opening the dashboard (automatic when output is not a terminal).")
    var plain = false

    // The numbers are read as text whatever they look like (`.unconditional`), so `--pid -5` reaches
    // NumberOption's check (the option, the value, the range) instead of "Missing value".
    @Option(name: .customLong("pid"), parsing: .unconditional,
            help: ArgumentHelp("Attach read-only to this running process instead of starting one.", valueName: "PID"))
    var pidText: String?

    @Option(name: .customLong("grace"), parsing: .unconditional,
            help: ArgumentHelp("Seconds between SIGTERM to the program's group at quit and SIGKILL, 0.1-60 (default: 2).", valueName: "SECONDS"))
    var graceText: String?

    /// Any positive process id (one above `pid_max` is then told "no such process").
    static let pidRange = 1...Int(Int32.max)

    private var pid: Int32? { (try? NumberOption.whole(pidText, "--pid", Self.pidRange)).flatMap { $0.map(Int32.init) } }
    private var grace: Double? { try? NumberOption.decimal(graceText, "--grace", 0.1...60, unit: "seconds", shown: ("0.1", "60")) }

    @Option(name: .long, help: ArgumentHelp("Write the event log as JSON Lines to FILE at quit.", valueName: "FILE"))
    var log: String?

    @Option(name: .long, help: ArgumentHelp("Record every event of the watch to FILE as it happens, for daemondeck replay.", valueName: "FILE"))
    var record: String?

    @Flag(name: .customLong("no-hook"), help: "Run a Python program without daemondeck's start-up hook (thread names, daemon flags, asyncio tasks); rows still come from /proc.")
    var noHook = false

    @Flag(name: .customLong("color"), inversion: .prefixedNo, help: "Colours (default: on; NO_COLOR turns them off).")
    var color: Bool?

    @Flag(name: .long, inversion: .prefixedNo, help: "ASCII borders and bars (automatic outside a UTF-8 locale).")
    var ascii: Bool?

    @Argument(parsing: .captureForPassthrough,
              help: ArgumentHelp("The program to run and its arguments (after --).", valueName: "COMMAND"))
    var command: [String] = []

    /// The command without the `--` that separates it from daemondeck's options.
    private var words: [String] { command.first == "--" ? Array(command.dropFirst()) : command }

    /// Whether the user asked for this command's help: `--help` or `-h` among the options before `--`
    /// and before the program's name (the COMMAND argument captures them, so ArgumentParser never sees
    /// them). After those they belong to the program: `watch -- --help` runs a program called `--help`,
    /// and `watch python3 -h` asks python3.
    var asksForHelp: Bool {
        command.prefix { $0 != "--" && $0.hasPrefix("-") }.contains { $0 == "--help" || $0 == "-h" }
    }

    func validate() throws {
        if asksForHelp { throw CleanExit.helpRequest(self) }
        _ = try NumberOption.whole(pidText, "--pid", Self.pidRange)
        _ = try NumberOption.decimal(graceText, "--grace", 0.1...60, unit: "seconds", shown: ("0.1", "60"))
        if pidText != nil && !words.isEmpty { throw ValidationError("give either --pid PID or a COMMAND, not both") }
        if pidText == nil && words.isEmpty { throw ValidationError("watch needs a command (daemondeck watch -- COMMAND [ARGS...]) or --pid PID") }
        // Both files are checked before anything starts (nothing is created here): --log is written at the end.
        for (option, path) in [("--log", log), ("--record", record)] {
            if let path, let problem = OutputPath.problem(path) { throw ValidationError("\(option): \(problem)") }
        }
    }

    func run() throws {
        let source: WatchTarget.Source
        if let pid {
            if let problem = WatchTarget.attachProblem(pid: pid) {
                LinePrinter.writeError("daemondeck: watch: \(problem)")
                throw ExitCode(1)
            }
            source = .attach(pid: pid)
        } else {
            switch WatchCommandResolver.resolve(words[0]) {
            case .success(let path): source = .command(executable: path, arguments: words)
            case .failure(let failure):
                LinePrinter.writeError("daemondeck: watch: \(failure)")
                throw ExitCode(failure.exitStatus)
            }
        }
        var target = WatchTarget(source: source, graceMs: Int((grace ?? 2) * 1000))
        if noHook { target.noPythonHook = true }
        // Opened before the program starts, so a path that cannot be written is refused at once.
        let recorder: EventRecorder?
        do { recorder = try record.map { try EventRecorder(path: $0) } } catch { throw ValidationError("--record: \(error)") }
        let term = Environment.value("TERM") ?? ""
        let noTerminal = isatty(STDOUT_FILENO) != 1 || isatty(STDIN_FILENO) != 1 || term.isEmpty || term == "dumb"
        if plain || noTerminal {
            let keyboard = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
            throw ExitCode(WatchRunner(target: target, keyboard: keyboard, logPath: log, recorder: recorder).run())
        }
        var config = WatchRunner.config(for: target, logPath: log)
        config.firstLookHint = false
        let color = (self.color ?? true) && (Environment.value("NO_COLOR") ?? "").isEmpty
        let code = try DashboardSession(config: config, color: color, ascii: ascii ?? false, recorder: recorder).run()
        // A forced quit cut the watch off: the program is killed here, and says so after the summary.
        for killed in WatchedGroups.killAll() {
            print("daemondeck: watch: \(target.displayName) (pid \(killed.pid)) was still running at exit: SIGKILL to its process group; \(killed.ending.text), reaped")
        }
        throw ExitCode(code)
    }
}
