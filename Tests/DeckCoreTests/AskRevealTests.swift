import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// Predict, then reveal: a lesson asks before the world runs and reveals what this run measured.
@Suite struct AskRevealTests {
    @Test func askAndRevealParse() throws {
        let text = """
            title: t
            ask How many? | 1 | 2-3 | 4+
            reveal count "data has changed" usual 2 | Because.
            reveal number "actual " | Why.
            """
        let lesson = try LessonParser.parse(text, name: "t", file: "t.lesson")
        #expect(lesson.steps[0].command == .ask(LessonQuestion(text: "How many?", choices: ["1", "2-3", "4+"])))
        #expect(lesson.steps[1].command == .reveal(LessonMeasure(kind: .count("data has changed"), usual: 2, explanation: "Because.")))
        #expect(lesson.steps[2].command == .reveal(LessonMeasure(kind: .number("actual "), usual: nil, explanation: "Why.")))
    }

    @Test(arguments: [
        ("ask How many? | 1", "t.lesson:2: ask needs a question and 2 to 4 choices"),
        ("ask How many? | 1 | 2 | 3 | 4 | 5", "t.lesson:2: ask needs a question and 2 to 4 choices"),
        ("ask How many? | one | two", "t.lesson:2: each choice of ask is a number"),
        ("reveal count data | x", "t.lesson:2: reveal needs"),
        ("reveal count \"data\" usual 9 | x", "t.lesson:2: reveal needs"),
        ("reveal count \"data\"", "t.lesson:2: reveal needs"),
    ])
    func badAskOrRevealIsRefusedWithFileAndLine(line: String, message: String) {
        #expect {
            _ = try LessonParser.parse("title: t\n\(line)", name: "t", file: "t.lesson")
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test func aMeasuredFigureFallsInItsChoice() {
        let question = LessonQuestion(text: "?", choices: ["0", "1-2", "3+"])
        #expect(question.choice(for: 0) == 1)
        #expect(question.choice(for: 2) == 2)
        #expect(question.choice(for: 7) == 3)
        let exact = LessonQuestion(text: "?", choices: ["1", "3", "5"])
        #expect(exact.choice(for: 4) == 2)  // none holds 4: the nearest (3, before 5)
        #expect(exact.choice(for: 6) == 3)
        let lines = ["Monitor-1 data has changed to 1", "Main data = 2", "Monitor-1 data has changed to 2",
                     "Count-race expected 800000, actual 612345: 187655 updates lost"]
        #expect(LessonMeasure(kind: .count("data has changed"), usual: nil, explanation: "").measure(lines) == 2)
        #expect(LessonMeasure(kind: .number("actual "), usual: nil, explanation: "").measure(lines) == 612345)
        #expect(LessonMeasure(kind: .number("nowhere "), usual: nil, explanation: "").measure(lines) == nil)
    }

    /// A question about a Python step that did not run: its reveal says plainly that nothing was measured,
    /// quotes no run, and credits nothing (the score leaves the question out).
    @Test func aPythonQuestionWhoseStepDidNotRunIsNotMeasuredAndCreditsNothing() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 1_000))
        func send(_ event: LessonEvent) { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(event))) }
        send(.begin(name: "t", title: "T", totalSteps: 3, settings: LessonSettings()))
        let question = LessonQuestion(text: "How many cleanup lines?", choices: ["0", "1"])
        send(.asked(question))
        send(.answered(2))
        send(.notMeasured(question: question, usual: nil, posed: true))
        let reveal = state.lessons.active?.reveal
        #expect(reveal?.figure.hasPrefix("Not measured: the Python step did not run") == true, "\(String(describing: reveal))")
        #expect(reveal?.right == nil)
        #expect(reveal?.lines.count == 1, "no explanation quoting a run: \(String(describing: reveal?.lines))")
        #expect(!state.log.entries.contains { $0.text.hasPrefix("Measured in this run") })
        #expect(state.lessons.active?.question == nil)
        #expect(state.lessons.active?.outcomes.map(\.measured) == [nil], "tallied as not measured")
        // A question never posed (no python3 before it) leaves no trace but its place in the tally.
        send(.notMeasured(question: question, usual: nil, posed: false))
        #expect(state.lessons.active?.outcomes.count == 2)
        send(.finished)
        #expect(!state.log.entries.contains { $0.text.hasPrefix("Score:") }, "nothing measured, nothing scored")
    }

    /// The reducer compares the prediction with the measured choice, says when the run was unusual, and scores.
    @Test func theRevealComparesThePredictionWithThisRunAndTheLessonScores() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 1_000))
        func send(_ event: LessonEvent) { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(event))) }
        send(.begin(name: "t", title: "T", totalSteps: 3, settings: LessonSettings()))
        send(.asked(LessonQuestion(text: "How many?", choices: ["1", "3", "5"])))
        #expect(state.lessons.active?.question?.question.text == "How many?", "the question is posed beside the narration")
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("9"))))
        #expect(state.lessons.active?.question?.awaitingAnswer == true, "9 is not a choice")
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("2"))))
        #expect(state.lessons.active?.question?.answer == 2)
        send(.revealed(measured: 5, quantity: "lines", choice: 3, usual: 2, explanation: "Because."))
        let text = state.log.entries.map(\.text)
        #expect(text.contains("Measured in this run: 5 (lines): choice 3) 5."))
        #expect(text.contains("You predicted 2) 3: not this time."))
        #expect(text.contains("This run came out differently from the usual case (usually 2) 3)."))
        send(.asked(LessonQuestion(text: "Again?", choices: ["0", "1+"])))
        send(.answered(2))
        send(.revealed(measured: 4, quantity: "lines", choice: 2, usual: 2, explanation: "x"))
        #expect(state.log.entries.last { $0.text.hasPrefix("You predicted") }?.text == "You predicted 2: right.")
        send(.finished)
        #expect(state.log.entries.contains { $0.text == "Score: 1/2 predictions matched this run" })
    }

    @Test(arguments: ShippedLessons.files.map(\.name))
    func everyShippedLessonAsksAndReveals(name: String) throws {
        let path = try #require(ShippedLessons.files.first { $0.name == name }?.path)
        let steps = try LessonParser.parse(file: path).steps.map(\.command)
        let asks = steps.firstIndex { if case .ask = $0 { true } else { false } }
        let reveals = steps.firstIndex { if case .reveal = $0 { true } else { false } }
        let ask = try #require(asks, "\(name) asks nothing")
        let reveal = try #require(reveals, "\(name) reveals nothing")
        #expect(ask < reveal, "\(name): the question comes before its reveal")
    }
}
