import ArgumentParser
import DeckCore
import DeckTerminal
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// `daemondeck replay FILE`: a recorded run (`--record`) or an exported log, in the dashboard or as lines.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a run recorded with --record (or an exported log) in the dashboard, or as lines with --plain.",
        discussion: "A file that is not a recording, or has a corrupt line, gets file:line: what is wrong and exit status 65."
    )

    @Argument(help: ArgumentHelp("A recording (daemondeck --record FILE) or an exported log (e, --log).", valueName: "FILE"))
    var file: String

    @Flag(name: .long, help: "Print the recording's log lines instead of opening the dashboard (automatic when output is not a terminal).")
    var plain = false

    @Option(name: .long, help: ArgumentHelp("With --plain: start at this time into the run, in seconds or m:ss.", valueName: "TIME"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("With --plain: stop at this time into the run, in seconds or m:ss.", valueName: "TIME"))
    var to: String?

    @Flag(name: .customLong("color"), inversion: .prefixedNo, help: "Colours (default: on; NO_COLOR turns them off).")
    var color: Bool?

    @Flag(name: .long, inversion: .prefixedNo, help: "ASCII borders and bars (automatic outside a UTF-8 locale).")
    var ascii: Bool?

    @Option(name: .long, help: ArgumentHelp("Colour theme: dark, light or high-contrast.", valueName: "THEME"))
    var theme: Theme?

    func validate() throws {
        if let from, ReplayTime.seconds(from) == nil { throw ValidationError("--from must be seconds or m:ss, got \"\(from)\"") }
        if let to, ReplayTime.seconds(to) == nil { throw ValidationError("--to must be seconds or m:ss, got \"\(to)\"") }
        if let from = from.flatMap(ReplayTime.seconds), let to = to.flatMap(ReplayTime.seconds), to < from {
            throw ValidationError("--to (\(to) s) is before --from (\(from) s)")
        }
    }

    func run() throws {
        let recording: RecordingFile
        do {
            recording = try RecordingFile(path: file)
        } catch {
            Self.fail("\(error)")
        }
        let term = Environment.value("TERM") ?? ""
        let noTerminal = isatty(STDOUT_FILENO) != 1 || isatty(STDIN_FILENO) != 1 || term.isEmpty || term == "dumb"
        if plain || noTerminal || from != nil || to != nil {
            let code = ReplayPrinter.run(recording, from: from.flatMap(ReplayTime.seconds), to: to.flatMap(ReplayTime.seconds),
                                         errors: { LinePrinter.writeError("daemondeck: \($0)") })
            throw ExitCode(code)
        }
        let color = (self.color ?? true) && (Environment.value("NO_COLOR") ?? "").isEmpty
        let code = try ReplayTerminalSession(file: recording, color: color, ascii: ascii ?? false, theme: theme ?? .dark).run()
        throw ExitCode(code)
    }

    /// `file:line: what is wrong`, and EX_DATAERR.
    static func fail(_ message: String) -> Never {
        LinePrinter.writeError("daemondeck: \(message)")
        Self.exit(withError: ExitCode(65))
    }
}

/// Times into a run as the replay's options take them: `12.5` (seconds) or `1:02.5` (m:ss).
enum ReplayTime {
    static func seconds(_ text: String) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let last = Double(parts[parts.count - 1]), last.isFinite, last >= 0 else { return nil }
        guard parts.count == 2 else { return last }
        guard let minutes = Int(parts[0]), minutes >= 0, last < 60 else { return nil }
        return Double(minutes) * 60 + last
    }
}
