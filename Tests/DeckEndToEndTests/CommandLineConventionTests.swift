import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// The command line as a newcomer tries it: `--version`, `--help`, a bad number, a file that cannot be
/// written. Each bad input is one line on standard error, status 64, and nothing started.
@Suite struct CommandLineConventionTests {
    func run(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run([TmuxSession.binaryPath] + arguments, errorsToo: true)
    }

    /// A fresh empty folder for files the run may (or must not) write.
    func scratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("daemondeck-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(arguments: ["--version", "-V"])
    func versionIsPrintedAndExitsZero(_ flag: String) throws {
        let result = try run([flag])
        #expect(result.status == 0)
        #expect(result.output == "daemondeck \(DeckVersion.text)\n")
    }

    /// What a usage error says to read must hold the answer: the run options are in `daemondeck --help`.
    @Test func topHelpShowsTheRunOptionsAndTheSubcommands() throws {
        let result = try run(["--help"])
        #expect(result.status == 0)
        let options = try DocTables.options()
        #expect(options.count > 10, "the binary describes its options")
        for option in options { for name in option.allNames { #expect(result.output.contains(name), "--help shows \(name)") } }
        for subcommand in ["replay", "lessons", "bench"] { #expect(result.output.contains("  \(subcommand) "), "--help lists \(subcommand)") }
        #expect(try run(["-h"]).output == result.output)
    }

    /// Each error's hint names a help page, and that page shows the option the error is about.
    @Test(arguments: [
        (["--monitors", "99"], "daemondeck --help", "--monitors"),
        (["--bogus"], "daemondeck --help", "--lesson"),
        (["replay", "--from", "x", "some.jsonl"], "daemondeck replay --help", "--from"),
        (["lessons", "monitor"], "daemondeck lessons --help", "--check"),
        (["bench", "--only", "nothing"], "daemondeck bench --help", "--only"),
    ])
    func errorsPointToTheHelpThatAnswersThem(_ arguments: [String], _ hint: String, _ option: String) throws {
        let result = try run(arguments)
        #expect(result.status == 64, "\(arguments)")
        #expect(result.output.hasSuffix("(see \(hint))\n"), "\(arguments): \(result.output)")
        let help = try run(Array(hint.split(separator: " ").dropFirst().map(String.init)))
        #expect(help.status == 0)
        #expect(help.output.contains(option), "\(hint) shows \(option)")
    }

    /// `--seed -1` is a number that is out of range, not a missing value; every number option says the
    /// value and the range allowed.
    @Test(arguments: [
        ("--seed", "-1", "from 0 to 18446744073709551615"),
        ("--monitors", "-1", "from 0 to 16"),
        ("--interval", "-5", "from 1 to 10000 milliseconds"),
        ("--alarm-ticks", "-2", "from 1 to 1000"),
        ("--alarm-period", "-10", "from 10 to 60000 milliseconds"),
        ("--duration", "-3", "from 0.1 to 86400 seconds"),
        ("--monitors", "abc", "from 0 to 16"),
        ("--seed", "18446744073709551616", "from 0 to 18446744073709551615"),
    ])
    func badNumbersSayTheValueAndTheRange(_ option: String, _ value: String, _ range: String) throws {
        let result = try run([option, value])
        #expect(result.status == 64)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(result.output)")
        #expect(result.output.contains("\(option) must be"), "\(result.output)")
        #expect(result.output.contains(range) && result.output.contains("got '\(value)'"), "\(result.output)")
        #expect(!result.output.contains("Missing value"))
        if value.hasPrefix("-") { #expect(result.output.contains("negative numbers are not allowed")) }
    }

    /// `--log`, `--trace` and `--record` are checked alike before anything starts.
    @Test(arguments: ["--log", "--trace", "--record"])
    func outputPathsThatCannotBeWrittenAreRefusedAtOnce(_ option: String) throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missingFolder = folder.appendingPathComponent("no-such-folder/x.jsonl").path
        let missing = try run([option, missingFolder, "--plain", "--duration", "30"])
        #expect(missing.status == 64)
        #expect(missing.output == "daemondeck: \(option): cannot write \(missingFolder): no such directory \(folder.path)/no-such-folder (see daemondeck --help)\n")

        let aFolder = try run([option, folder.path, "--plain", "--duration", "30"])
        #expect(aFolder.status == 64)
        #expect(aFolder.output == "daemondeck: \(option): \(folder.path) is a directory, not a file (see daemondeck --help)\n")
    }

    /// The check writes nothing: a file that exists keeps its contents and a new one is not created
    /// when another option stops the run.
    @Test func theCheckNeitherCreatesNorTruncatesFiles() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let kept = folder.appendingPathComponent("kept.jsonl")
        try "someone's notes\n".write(to: kept, atomically: true, encoding: .utf8)
        let fresh = folder.appendingPathComponent("fresh.json")
        let result = try run(["--log", kept.path, "--record", fresh.path, "--trace", folder.appendingPathComponent("none/t.json").path])
        #expect(result.status == 64)
        #expect(result.output.contains("--trace: cannot write"))
        #expect(try String(contentsOf: kept, encoding: .utf8) == "someone's notes\n")
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
    }

    /// Plain mode has no `e` to press: its summary says how to get the log.
    @Test func plainModeSaysHowToExportInPlainMode() throws {
        let result = try run(["--plain", "--duration", "0.3", "--seed", "7"])
        #expect(result.status == 0)
        #expect(result.output.contains("log not exported (to write it, run again with --log FILE)"))
        #expect(!result.output.contains("press e"))
    }

    /// A path that can be written still is, at the end of a plain run.
    @Test func aWritableLogIsWrittenAtQuit() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("run.jsonl")
        let result = try run(["--plain", "--duration", "0.3", "--seed", "7", "--log", log.path])
        #expect(result.status == 0)
        #expect(result.output.contains("log exported to \(log.path)"))
        #expect(try String(contentsOf: log, encoding: .utf8).contains("\"source\""))
    }
}
