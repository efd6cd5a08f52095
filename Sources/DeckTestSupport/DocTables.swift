import DeckCore
import Foundation

/// The documents' generated parts: README's key and option tables and the man page's KEYS and OPTIONS
/// sections, made from the one key map (`KeyMap`) and the one option list (the binary's own
/// swift-argument-parser definitions, read with `--experimental-dump-help`). A test keeps README.md and
/// Resources/daemondeck.1 equal to them; `DAEMONDECK_RECORD=1` rewrites the blocks.
public enum DocTables {
    /// One option as swift-argument-parser describes it.
    public struct Option: Decodable, Equatable {
        public struct Name: Decodable, Equatable {
            public var kind: String
            public var name: String
        }
        public var kind: String
        public var names: [Name]?
        public var valueName: String?
        public var abstract: String?
        public var shouldDisplay: Bool?

        public var longNames: [String] { (names ?? []).filter { $0.kind == "long" }.map { "--" + $0.name } }
        /// `-V` as well as `--version`: what the help shows, short names first.
        public var allNames: [String] { (names ?? []).filter { $0.kind == "short" }.map { "-" + $0.name } + longNames }
    }

    struct Dump: Decodable {
        struct Command: Decodable { var arguments: [Option]? }
        var command: Command
    }

    /// The options of `daemondeck run` (the dashboard), from the binary itself.
    public static func options(binary: String = TmuxSession.binaryPath) throws -> [Option] {
        let result = try Subprocess.run([binary, "run", "--experimental-dump-help"])
        let dump = try JSONDecoder().decode(Dump.self, from: Data(result.output.utf8))
        return (dump.command.arguments ?? []).filter { !$0.longNames.contains("--help") && $0.shouldDisplay != false }
    }

    /// Each subcommand a user sees (not `run`, whose options have their own tables, nor `help`) with the
    /// long options it shows in its `--help`, from the binary itself.
    public static func subcommandOptions(binary: String = TmuxSession.binaryPath) throws -> [(command: String, options: [String])] {
        struct Top: Decodable {
            struct Command: Decodable {
                var commandName: String
                var shouldDisplay: Bool?
                var arguments: [Option]?
                var subcommands: [Command]?
            }
            var command: Command
        }
        let result = try Subprocess.run([binary, "--experimental-dump-help"])
        let top = try JSONDecoder().decode(Top.self, from: Data(result.output.utf8))
        return (top.command.subcommands ?? [])
            .filter { $0.shouldDisplay != false && !["run", "help"].contains($0.commandName) }
            .map { command in
                let options = (command.arguments ?? []).filter { $0.shouldDisplay != false }.flatMap(\.longNames)
                return (command.commandName, options.filter { $0 != "--help" })
            }
    }

    /// Options with the same text (`--auto` and `--no-auto`) share one row.
    static func rows(_ options: [Option]) -> [(names: [String], text: String)] {
        var rows: [(names: [String], text: String)] = []
        for option in options {
            let value = option.kind == "option" ? " " + (option.valueName ?? "value").uppercased() : ""
            let names = option.allNames.map { $0 + value }
            let text = option.abstract ?? ""
            if let last = rows.last, last.text == text { rows[rows.count - 1].names += names } else { rows.append((names, text)) }
        }
        return rows
    }

    public static func markdownOptions(_ options: [Option]) -> String {
        var lines = ["| option | meaning |", "| --- | --- |"]
        for row in rows(options) {
            lines.append("| " + row.names.map { "`\($0)`" }.joined(separator: ", ") + " | " + row.text.replacingOccurrences(of: "|", with: "\\|") + " |")
        }
        return lines.joined(separator: "\n")
    }

    public static func manOptions(_ options: [Option]) -> String {
        var lines: [String] = []
        for row in rows(options) {
            lines.append(".TP")
            lines.append(".B " + row.names.map { $0.replacingOccurrences(of: "-", with: "\\-") }.joined(separator: ", "))
            lines.append(KeyMap.manEscape(row.text).replacingOccurrences(of: "-", with: "\\-"))
        }
        return lines.joined(separator: "\n")
    }

    /// The text between `begin` and `end` marker lines in `text`, or nil if they are missing.
    public static func block(_ text: String, begin: String, end: String) -> String? {
        guard let start = text.range(of: begin + "\n"), let stop = text.range(of: "\n" + end, range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<stop.lowerBound])
    }

    /// `text` with the block between the markers replaced by `body`.
    public static func replacing(_ text: String, begin: String, end: String, with body: String) -> String {
        guard let start = text.range(of: begin + "\n"), let stop = text.range(of: "\n" + end, range: start.upperBound..<text.endIndex)
        else { return text }
        return String(text[..<start.upperBound]) + body + String(text[stop.lowerBound...])
    }
}
