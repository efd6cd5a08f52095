import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// Every shipped lesson, played in plain mode by the real engine and real workers, meets all its
/// expectations. Serialized: the lessons measure real threads, and running them side by side on a small
/// machine would make one lesson's busy threads another's missed deadline.
@Suite(.serialized) struct LessonRunTests {
    /// What a plain-mode lesson run left behind, collected off the cooperative thread pool.
    struct LessonRun: Sendable {
        var code: Int32
        var failure: String?
        var lines: [String]
        var finished: Bool
        var failed: Int
        var met: Int
    }

    @Test(arguments: LessonLibrary.order)
    func shippedLessonMeetsEveryExpectation(name: String) async throws {
        let path = try #require(ShippedLessons.files.first { $0.name == name }?.path)
        let lesson = try LessonParser.parse(file: path)
        // The run blocks its thread for up to a minute: it runs on a thread of its own, so the lesson's own
        // tasks (the alarm) and other tests' tasks keep the cooperative pool (2 threads here) to run on.
        let run = await offThePool {
            var config = DeckConfig()
            config.childBinaryPath = TmuxSession.binaryPath
            let lines = Guarded<[String]>([])
            // Reading pauses longer than a second are cut to one second; everything the lesson measures runs at full speed.
            let runner = PlainRunner(config: config, duration: 1, lesson: lesson, lessonSpeed: 0,
                                     output: { line in lines.withLock { $0.append(line) }; return true })
            let code = runner.run(installSignals: false)
            let active = runner.finalState.lessons.active
            return LessonRun(code: code, failure: runner.lessonFailure, lines: lines.withLock { $0 },
                             finished: active?.finished ?? false, failed: active?.expectationsFailed ?? -1,
                             met: active?.expectationsMet ?? -1)
        }
        #expect(run.failure == nil, "\(run.failure ?? "")\n\(run.lines.joined(separator: "\n"))")
        #expect(run.code == 0)
        #expect(run.finished)
        #expect(run.failed == 0)
        #expect(run.met == lesson.steps.filter { if case .expect = $0.command { true } else if case .expectNo = $0.command { true } else { false } }.count)
        #expect(run.lines.contains { $0.contains("lesson \(name) finished") })
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
