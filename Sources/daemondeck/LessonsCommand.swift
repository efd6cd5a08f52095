import ArgumentParser
import DeckCore

/// `daemondeck lessons`: every shipped lesson with its title and length.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "List the shipped lessons (play one with: daemondeck --lesson NAME)."
    )

    func run() throws {
        let (lessons, errors) = LessonLibrary.loadShipped()
        if lessons.isEmpty && errors.isEmpty {
            print("no lessons found (the lessons folder is missing beside the binary)")
        }
        let width = max(8, lessons.map(\.name.count).max() ?? 0)
        for lesson in lessons {
            let summary = LessonSummary(lesson)
            print("\(lesson.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(summary.title)  (\(summary.lengthText))")
        }
        for error in errors { print("broken lesson: \(error)") }
        if !errors.isEmpty { throw ExitCode(1) }
    }
}
