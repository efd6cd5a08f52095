import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// `lessons --check --runs N`: per question, how often each choice was the measured answer, and the rule
/// that a question whose usual choice is measured in fewer than half the runs fails the check.
@Suite struct LessonTallyTests {
    static let choices = ["0", "1-2", "3+"]

    func run(_ choices: [Int?], passed: Bool = true) -> LessonCheck {
        LessonCheck(name: "missed-changes", code: passed ? 0 : 1, failure: passed ? nil : "m.lesson:9: expected \"x\" within 1s, not seen",
                    met: passed ? 2 : 1, expectations: 2, finished: true, seconds: 2.5, lines: ["a line"],
                    outcomes: choices.map { QuestionOutcome(question: "How many?", choices: Self.choices, measured: $0, choice: $0, usual: 3) })
    }

    @Test func eachChoiceIsCountedOverTheRuns() {
        let tally = LessonTally(name: "missed-changes", runs: [run([3]), run([3]), run([2]), run([3]), run([3])])
        #expect(tally.questions.count == 1)
        #expect(tally.questions[0].counts == [0, 1, 4])
        #expect(tally.report(nameWidth: 14).first == "missed-changes  q1  1) 0: 0/5  2) 1-2: 1/5  3) 3+: 4/5  usual 3 ✓")
        #expect(tally.passed)
        #expect(tally.report().last?.hasPrefix("ok      missed-changes  5 runs: every expectation met, every usual choice held") == true)
    }

    @Test func aUsualChoiceMeasuredInFewerThanHalfTheRunsFails() {
        let tally = LessonTally(name: "missed-changes", runs: [run([3]), run([2]), run([2])])
        #expect(!tally.questions[0].usualHolds)
        #expect(!tally.passed)
        #expect(tally.report().first == "missed-changes  q1  1) 0: 0/3  2) 1-2: 2/3  3) 3+: 1/3  usual 3 ✗ FAILED: measured in 1 of 3 runs, fewer than half")
        #expect(tally.report().last == "FAILED  missed-changes  3 runs: usual choice measured in fewer than half the runs: q1")
    }

    @Test func exactlyHalfTheRunsIsEnough() {
        let tally = LessonTally(name: "m", runs: [run([3]), run([1])])
        #expect(tally.questions[0].usualHolds)
        #expect(tally.passed)
    }

    @Test func aRunThatMissedAnExpectationFailsTheLessonEvenWhenTheUsualHeld() {
        let tally = LessonTally(name: "m", runs: [run([3]), run([3], passed: false), run([3])])
        #expect(tally.questions[0].usualHolds)
        #expect(!tally.passed)
        #expect(tally.report().last == "FAILED  m  3 runs: 1 of 3 runs missed an expectation (first: m.lesson:9: expected \"x\" within 1s, not seen)")
    }

    /// A run that stopped before a reveal counts as a run that did not measure the usual choice.
    @Test func aRunThatNeverReachedTheRevealIsNotMeasured() {
        let tally = LessonTally(name: "m", runs: [run([3]), run([], passed: false), run([])])
        #expect(tally.questions[0].counts == [0, 0, 1])
        #expect(tally.questions[0].unmeasured == 2)
        #expect(!tally.questions[0].usualHolds)
        #expect(tally.report().first?.contains("not measured: 2/3") == true)
    }

    @Test func aCheckSurvivesItsJSONRoundTrip() throws {
        let check = run([2, nil])
        let decoded = try JSONDecoder().decode(LessonCheck.self, from: JSONEncoder().encode(check))
        #expect(decoded == check)
    }

    /// The real command: a tiny lesson file played twice in child processes of the binary.
    @Test func runsTwoPlaysALessonFileTwiceAndTalliesIt() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, usual: Int) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try """
                title: Two writes
                narrate The main loop writes twice.
                ask How many writes will the main loop make? | 0-1 | 2 | 3+
                set data 1
                set data 2
                expect "(v2)" within 5s
                reveal count "Main data = " usual \(usual) | Two set steps, two writes.
                """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let right = try write("two.lesson", usual: 2)
        let wrong = try write("three.lesson", usual: 3)
        let run = try #require(await offThePool {
            Result { (try Subprocess.run([TmuxSession.binaryPath, "lessons", "--check", "--runs", "2", right]),
                      try Subprocess.run([TmuxSession.binaryPath, "lessons", "--check", "--runs", "2", wrong])) }
        }, "the two lesson checks did not end within 600 s")
        let (good, bad) = try run.get()
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("two  q1  1) 0-1: 0/2  2) 2: 2/2  3) 3+: 0/2  usual 2 ✓"), "\(good.output)")
        #expect(good.output.contains("ok      two  2 runs: every expectation met"), "\(good.output)")
        // The same run with a usual choice it never comes to fails the check.
        #expect(bad.status == 1, "\(bad.output)")
        #expect(bad.output.contains("three  q1  1) 0-1: 0/2  2) 2: 2/2  3) 3+: 0/2  usual 3 ✗ FAILED"), "\(bad.output)")
    }
}
