import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// Every shipped lesson, played in plain mode by the real engine and real workers, meets all its
/// expectations. Serialized: the lessons measure real threads, and running them side by side on a small
/// machine would make one lesson's busy threads another's missed deadline.
@Suite(.serialized) struct LessonRunTests {
    @Test(arguments: LessonLibrary.order)
    func shippedLessonMeetsEveryExpectation(name: String) throws {
        let path = try #require(ShippedLessons.files.first { $0.name == name }?.path)
        let lesson = try LessonParser.parse(file: path)
        var config = DeckConfig()
        config.childBinaryPath = TmuxSession.binaryPath
        var lines: [String] = []
        // Reading pauses longer than a second are cut to one second; everything the lesson measures runs at full speed.
        let runner = PlainRunner(config: config, duration: 1, lesson: lesson, lessonSpeed: 0, output: { lines.append($0); return true })
        let code = runner.run(installSignals: false)
        #expect(runner.lessonFailure == nil, "\(runner.lessonFailure ?? "")\n\(lines.joined(separator: "\n"))")
        #expect(code == 0)
        let state = runner.finalState
        let active = try #require(state.lessons.active)
        #expect(active.finished)
        #expect(active.expectationsFailed == 0)
        #expect(active.expectationsMet == lesson.steps.filter { if case .expect = $0.command { true } else if case .expectNo = $0.command { true } else { false } }.count)
        #expect(lines.contains { $0.contains("lesson \(name) finished") })
    }

    @Test func aFailedExpectationNamesItsLineAndFailsTheRun() throws {
        let lesson = try LessonParser.parse("title: t\nnarrate nothing happens\nexpect \"ALARM!\" within 200ms\n",
                                            name: "t", file: "t.lesson")
        var lines: [String] = []
        let runner = PlainRunner(config: DeckConfig(), duration: 1, lesson: lesson, output: { lines.append($0); return true })
        let code = runner.run(installSignals: false)
        #expect(code != 0)
        #expect(runner.lessonFailure == "t.lesson:3: expected \"ALARM!\" within 200ms, not seen")
        #expect(lines.last == "lesson failed: t.lesson:3: expected \"ALARM!\" within 200ms, not seen")
        // The narration explains it in words: what was expected, what happened.
        let explanation = runner.finalState.lessons.active?.failureExplanation ?? []
        #expect(explanation.first == "✗ Check failed: the log should have shown “ALARM!” within 200 ms.")
        #expect(explanation.last?.hasPrefix("What happened: ") == true)
        #expect(lines.contains { $0.contains("What happened: ") })
    }

    @Test func sameSeedSameValues() throws {
        let text = "title: t\nseed 99\nauto-gap 10ms-20ms\nmonitors 0\npress r\npress r\npress r\nexpect \"(v3)\" within 2s\n"
        func values() throws -> [String] {
            let lesson = try LessonParser.parse(text, name: "t", file: "t")
            var lines: [String] = []
            _ = PlainRunner(config: DeckConfig(), duration: 1, lesson: lesson, output: { lines.append($0); return true }).run(installSignals: false)
            return lines.filter { $0.contains("Main data = ") }.map { String($0.split(separator: " ", maxSplits: 1)[1]) }
        }
        let first = try values()
        #expect(first.count == 3)
        #expect(try values() == first)
    }
}
