import DeckCore
import Foundation
import Testing

/// Every narration of every shipped lesson, with its code, fits the Narration panel at 80x24: nothing is
/// cut, and the log keeps its five lines.
@Suite struct ShippedLessonScreenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Resources/lessons")

    static var names: [String] { LessonLibrary.order }

    @Test(arguments: names)
    func everyStepFitsAt80x24(name: String) throws {
        let lesson = try LessonParser.parse(file: Self.folder.appendingPathComponent("\(name).lesson").path)
        var config = DeckConfig()
        config.seed = 1
        lesson.settings.apply(to: &config)
        var state = AppState(config: config, now: Timestamp(milliseconds: 1000))
        _ = Reducer.start(&state)
        func send(_ event: LessonEvent) { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(event))) }
        send(.begin(name: lesson.name, title: lesson.title, totalSteps: lesson.steps.count, settings: lesson.settings))
        var shown = 0
        for (index, step) in lesson.steps.enumerated() {
            switch step.command {
            case .narrate(let text): send(.narrate(text))
            case .snippet(let text): send(.snippet(text))
            case .python(let text): send(.python(text))
            default: continue
            }
            // Check once the step's narration and code are all in (the next line is no longer code).
            let next = index + 1 < lesson.steps.count ? lesson.steps[index + 1].command : .pause
            switch next {
            case .snippet, .python: continue
            default: break
            }
            let layout = DashboardLayout(width: 80, height: 24, state: state)
            let screen = DashboardView.render(state, width: 80, height: 24).text
            #expect(layout.logLines >= 5)
            #expect(!screen.contains("more code"), "\(name):\(step.line): the code is cut at 80x24\n\(screen)")
            let active = try #require(state.lessons.active)
            let lastWord = active.narration.split(separator: " ").last.map(String.init) ?? ""
            #expect(screen.contains(lastWord), "\(name):\(step.line): the narration is cut at 80x24\n\(screen)")
            shown += 1
        }
        #expect(shown > 0)
    }
}
