import DeckCore
import DeckTestSupport
import Testing

/// The reveal is what a lesson exists for: in the dashboard it stays until the presenter presses `n`, even
/// when the next step is a narration; plain mode (no presenter) goes on.
@Suite struct RevealStaysTests {
    static let text = """
        title: t
        narrate Watch the writes.
        ask How many writes? | 0-1 | 2 | 3+
        set data 1
        set data 2
        expect "(v2)" within 2s
        reveal count "Main data = " usual 2 | Two set steps, two writes.
        narrate Next idea.
        wait 2s
        """

    func player(interactive: Bool, answers: [Int] = [2]) throws -> LessonPlayer {
        var config = DeckConfig()
        config.monitors = 0
        config.snapshotWriter = false
        config.alarmAtLaunch = false
        let engine = Engine(config: config, clock: ManualWallClock())
        let player = LessonPlayer(engine: engine, interactive: interactive)
        player.answers = answers
        player.begin(try LessonParser.parse(Self.text, name: "t", file: "t.lesson"))
        return player
    }

    /// Lets the engine take in the writes' log lines (the shared values are written by effects).
    func settle(_ player: LessonPlayer) {
        for _ in 0..<5 { _ = player.engine.drain(); player.advance() }
    }

    @Test func inTheDashboardTheRevealWaitsForThePresenter() throws {
        let player = try player(interactive: true)
        settle(player)
        let lesson = try #require(player.engine.state.lessons.active)
        let reveal = try #require(lesson.reveal, "the reveal is on screen")
        #expect(reveal.figure == "Measured in this run: 2 (lines with “Main data = ”): choice 2) 2.")
        #expect(reveal.verdict == "You predicted 2: right.")
        #expect(reveal.explanation == "Two set steps, two writes.")
        #expect(lesson.waitingForPresenter, "the player holds at the reveal")
        #expect(lesson.narration == "Watch the writes.", "the next narration has not replaced it")
        player.engine.process(.key(.char("n")))
        settle(player)
        #expect(player.engine.state.lessons.active?.narration == "Next idea.")
        #expect(player.engine.state.lessons.active?.reveal == nil, "the next narration takes its place once the presenter goes on")
    }

    @Test func inPlainModeTheLessonGoesOnAfterTheReveal() throws {
        let player = try player(interactive: false)
        settle(player)
        #expect(player.engine.state.lessons.active?.narration == "Next idea.", "no presenter: nothing waits for n")
        #expect(player.engine.state.lessons.active?.waitingForPresenter == false)
        #expect(player.engine.state.lessons.active?.outcomes.map(\.choice) == [2])
    }

    @Test func theQuestionIsShownBesideTheNarrationNotInsteadOfIt() throws {
        let player = try player(interactive: true, answers: [])
        settle(player)
        let lesson = try #require(player.engine.state.lessons.active)
        #expect(lesson.narration == "Watch the writes.")
        #expect(lesson.question?.question.text == "How many writes?")
        #expect(lesson.question?.awaitingAnswer == true)
    }
}
