import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// Every shipped lesson, played by `daemondeck lessons --check` (plain mode, the real engine and real
/// workers), meets all its expectations. Each plays in a process of its own: its alarm task then has
/// that process's cooperative pool to itself, where in this process other tests' blocking waits can hold
/// every pool thread (2 on a 2-core machine) for seconds. Serialized: the lessons measure real threads,
/// and running them side by side on a small machine would make one lesson's busy threads another's
/// missed deadline.
@Suite(.serialized) struct LessonRunTests {
    @Test(arguments: LessonLibrary.order)
    func shippedLessonMeetsEveryExpectation(name: String) async throws {
        let lesson = try LessonLibrary.resolve(name)
        // The child runs for up to a minute; the wait for it blocks a thread of its own, not the pool's.
        let run = try #require(await offThePool { Result { try Subprocess.run([TmuxSession.binaryPath, "lessons", "--check", name]) } },
                               "lessons --check \(name) did not end within 600 s")
        let result = try run.get()
        let verdict = result.output.split(separator: "\n").last.map(String.init) ?? ""
        let counts = "\(lesson.expectationCount) of \(lesson.expectationCount) expectation"
        #expect(result.status == 0, "\(result.output)")
        #expect(verdict.hasPrefix("ok      \(name)  \(counts)"), "\(result.output)")
        #expect(lesson.expectationCount > 0)
    }

    @Test func aFailedExpectationNamesItsLineAndFailsTheRun() throws {
        let lesson = try LessonParser.parse("title: t\nnarrate nothing happens\nexpect \"ALARM!\" within 200ms\n",
                                            name: "t", file: "t.lesson")
        // Bounded, as every run in these tests: a quit that never ends fails the test instead of hanging it.
        let run = try #require(onThread(seconds: 120) { () -> (code: Int32, lines: [String], failure: String?, explanation: [String]) in
            var lines: [String] = []
            let runner = PlainRunner(config: DeckConfig(), duration: 1, lesson: lesson, output: { lines.append($0); return true })
            let code = runner.run(installSignals: false)
            return (code, lines, runner.lessonFailure, runner.finalState.lessons.active?.failureExplanation ?? [])
        }, "a 1 s lesson run did not end within 120 s")
        let (code, lines) = (run.code, run.lines)
        #expect(code != 0)
        #expect(run.failure == "t.lesson:3: expected \"ALARM!\" within 200ms, not seen")
        #expect(lines.last == "lesson failed: t.lesson:3: expected \"ALARM!\" within 200ms, not seen")
        // The narration explains it in words: what was expected, what happened.
        let explanation = run.explanation
        #expect(explanation.first == "✗ Check failed: the log should have shown “ALARM!” within 200 ms.")
        #expect(explanation.last?.hasPrefix("What happened: ") == true)
        #expect(lines.contains { $0.contains("What happened: ") })
    }

    /// `lessons --check` says which expectation failed, and keeps the run's lines to show with it.
    @Test func aCheckedLessonThatFailsSaysWhereAndKeepsItsLines() throws {
        let lesson = try LessonParser.parse("title: t\nnarrate nothing happens\nexpect \"ALARM!\" within 200ms\n",
                                            name: "t", file: "t.lesson")
        let check = try #require(onThread(seconds: 120) { LessonCheck.run(lesson, installSignals: false) },
                                 "a checked lesson did not end within 120 s")
        #expect(!check.passed)
        #expect(check.verdict(nameWidth: 3).hasPrefix("FAILED  t    0 of 1 expectation met, "))
        #expect(check.verdict().hasSuffix(": t.lesson:3: expected \"ALARM!\" within 200ms, not seen"))
        #expect(check.lines.contains { $0.contains("What happened: ") })
    }

    @Test func sameSeedSameValues() throws {
        let text = "title: t\nseed 99\nauto-gap 10ms-20ms\nmonitors 0\npress r\npress r\npress r\nexpect \"(v3)\" within 2s\n"
        func values() throws -> [String] {
            let lesson = try LessonParser.parse(text, name: "t", file: "t")
            let lines = try #require(onThread(seconds: 120) { () -> [String] in
                var lines: [String] = []
                _ = PlainRunner(config: DeckConfig(), duration: 1, lesson: lesson, output: { lines.append($0); return true }).run(installSignals: false)
                return lines
            }, "a 1 s lesson run did not end within 120 s")
            return lines.filter { $0.contains("Main data = ") }.map { String($0.split(separator: " ", maxSplits: 1)[1]) }
        }
        let first = try values()
        #expect(first.count == 3)
        #expect(try values() == first)
    }
}
