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
        let width = max(8, lessons.map(\.name.count).max() ?? 0)
        for lesson in lessons {
            let summary = LessonSummary(lesson)
            print("\(lesson.name + String(repeating: " ", count: max(0, width - lesson.name.count)))  \(summary.title)  (\(summary.lengthText))")
        }
        for error in errors { print("broken lesson: \(error)") }
        if !errors.isEmpty { throw ExitCode(1) }
    }
}
