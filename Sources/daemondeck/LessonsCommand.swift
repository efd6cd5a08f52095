import ArgumentParser
import DeckCore
import FoundationEssentials

/// `daemondeck lessons`: every shipped lesson with its title and length; with `--check`, plays lessons
/// without a presenter and says which meet every expectation on this machine.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "List the shipped lessons (play one with: daemondeck --lesson NAME).",
        discussion: "With --check, play lessons in plain mode without a presenter (reading pauses cut to one second, the workers at full speed) and print one line per lesson: ok, or FAILED with the first expectation missed and the lines its run printed. With --runs N, play each lesson N times (in child processes, as many at once as there are cores) and print, per question, how often each choice was the measured answer; a question whose usual choice is measured in fewer than half the runs fails. Exit status 1 if any failed."
    )

    @Flag(name: .long, help: "Play the lessons (default: every shipped one) and check each meets all its expectations.")
    var check = false

    @Option(name: .long, help: ArgumentHelp("With --check: play each lesson N times, 1-100, and tally each question's measured answers.", valueName: "N"))
    var runs: Int?

    /// A child of `--runs`: print each lesson's check as one JSON line, for the parent to tally.
    @Flag(name: .customLong("json"), help: .hidden)
    var json = false

    @Argument(help: ArgumentHelp("With --check: shipped lesson names or .lesson files.", valueName: "NAME|FILE"))
    var lessons: [String] = []

    func validate() throws {
        if !lessons.isEmpty && !check { throw ValidationError("lesson names are for --check (to play one: daemondeck --lesson NAME)") }
        if let runs {
            if !check { throw ValidationError("--runs is for --check: daemondeck lessons --check --runs N [NAME|FILE ...]") }
            if !(1...100).contains(runs) { throw ValidationError("--runs must be 1-100 (how many times to play each lesson), not \(runs)") }
        }
        if json && !check { throw ValidationError("--json is for --check") }
        for name in lessons {
            do { _ = try LessonLibrary.resolve(name) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        if check { return try runChecks() }
        let (lessons, errors) = LessonLibrary.loadShipped()
        let width = max(8, lessons.map(\.name.count).max() ?? 0)
        for lesson in lessons {
            let summary = LessonSummary(lesson)
            print("\(lesson.name + String(repeating: " ", count: max(0, width - lesson.name.count)))  \(summary.title)  (\(summary.lengthText))")
        }
        for error in errors { print("broken lesson: \(error)") }
        if !errors.isEmpty { throw ExitCode(1) }
    }

    private func runChecks() throws {
        var toPlay: [Lesson] = []
        var broken = 0
        if lessons.isEmpty {
            let (shipped, errors) = LessonLibrary.loadShipped()
            toPlay = shipped
            for error in errors { say("broken lesson: \(error)") }
            broken = errors.count
        } else {
            for name in lessons {
                do { toPlay.append(try LessonLibrary.resolve(name)) } catch { throw ValidationError(error.description) }
            }
        }
        let width = toPlay.map(\.name.count).max() ?? 0
        if json { return try reportJSON(toPlay) }
        if let runs {
            // Shipped lessons by name, files by the path given: what a child resolves the same way.
            let targets = lessons.isEmpty ? toPlay.map(\.name) : lessons
            return try tally(toPlay, targets: targets, runs: runs, broken: broken, width: width)
        }
        var failed = broken
        for lesson in toPlay {
            let result = LessonCheck.run(lesson, installSignals: true)
            if !result.passed && !result.interrupted {
                failed += 1
                for line in result.lines { say("  " + line) }
            }
            say(result.verdict(nameWidth: width))
            // Ctrl-C stops the whole check, not only the lesson it came in.
            if result.interrupted { throw ExitCode(result.code) }
        }
        if toPlay.count + broken > 1 {
            say(failed == 0 ? "all \(toPlay.count) lessons met every expectation"
                            : "\(failed) of \(toPlay.count + broken) lessons failed")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// Each lesson played `runs` times in child processes, tallied per question.
    private func tally(_ toPlay: [Lesson], targets: [String], runs: Int, broken: Int, width: Int) throws {
        let binary = ProcSelf.executablePath() ?? CommandLine.arguments[0]
        let parallel = ProcessInfo.processInfo.activeProcessorCount
        say("playing \(toPlay.count) lesson\(toPlay.count == 1 ? "" : "s") \(runs) time\(runs == 1 ? "" : "s") each, \(min(parallel, toPlay.count * runs)) at once")
        let results = LessonRuns.play(targets, runs: runs, binary: binary, parallel: parallel)
        var failed = broken
        for (lesson, checks) in zip(toPlay, results) {
            let tally = LessonTally(name: lesson.name, runs: checks)
            if !tally.passed { failed += 1 }
            // The lines of the first run that missed an expectation, as a single --check shows them.
            if let run = tally.failedRuns.first { for line in run.lines { say("  " + line) } }
            for line in tally.report(nameWidth: width) { say(line) }
        }
        if toPlay.count + broken > 1 {
            say(failed == 0 ? "all \(toPlay.count) lessons met every expectation in \(runs) runs, every usual choice held"
                            : "\(failed) of \(toPlay.count + broken) lessons failed")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// A child of `--runs`: each lesson's check as one JSON line.
    private func reportJSON(_ toPlay: [Lesson]) throws {
        var failed = false
        for lesson in toPlay {
            let result = LessonCheck.run(lesson, installSignals: true)
            failed = failed || !result.passed
            let data = try JSONEncoder().encode(result)
            say(String(decoding: data, as: UTF8.self))
            if result.interrupted { throw ExitCode(result.code) }
        }
        if failed { throw ExitCode(1) }
    }

    /// A line to standard output; one the reader no longer takes is dropped (the checks go on).
    private func say(_ line: String) { _ = LinePrinter.writeLine(line) }
}
