import ArgumentParser
import DeckCore

/// `daemondeck lessons`: every shipped lesson with its title and length; with `--check`, plays lessons
/// without a presenter and says which meet every expectation on this machine.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "List the shipped lessons (play one with: daemondeck --lesson NAME).",
        discussion: "With --check, play lessons in plain mode without a presenter (reading pauses cut to one second, the workers at full speed) and print one line per lesson: ok, or FAILED with the first expectation missed and the lines its run printed. Exit status 1 if any failed."
    )

    @Flag(name: .long, help: "Play the lessons (default: every shipped one) and check each meets all its expectations.")
    var check = false

    @Argument(help: ArgumentHelp("With --check: shipped lesson names or .lesson files.", valueName: "NAME|FILE"))
    var lessons: [String] = []

    func validate() throws {
        if !lessons.isEmpty && !check { throw ValidationError("lesson names are for --check (to play one: daemondeck --lesson NAME)") }
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

    /// A line to standard output; one the reader no longer takes is dropped (the checks go on).
    private func say(_ line: String) { _ = LinePrinter.writeLine(line) }
}
