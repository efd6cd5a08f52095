import DeckCore
import DeckTestSupport
import Testing

/// The player in the dashboard (a presenter) and in plain mode (none), on a clock that moves only when told.
@Suite struct LessonPlayerTests {
    static let text = "title: t\nnarrate first\nwait 8s\npause\nnarrate second\nwait 2s\nnarrate third\n"

    func player(interactive: Bool) throws -> (LessonPlayer, ManualWallClock) {
        var config = DeckConfig()
        config.monitors = 0
        config.snapshotWriter = false
        config.alarmAtLaunch = false
        let clock = ManualWallClock()
        let engine = Engine(config: config, clock: clock)
        let player = LessonPlayer(engine: engine, interactive: interactive)
        player.begin(try LessonParser.parse(Self.text, name: "t", file: "t.lesson"))
        return (player, clock)
    }

    @Test func inTheDashboardAWaitRightBeforeAPauseIsNotWaited() throws {
        let (player, clock) = try player(interactive: true)
        player.advance()
        // No time has passed, yet the lesson already waits for the presenter: the 8 s wait was dead time.
        let lesson = try #require(player.engine.state.lessons.active)
        #expect(lesson.waitingForPresenter)
        #expect(lesson.stepIndex == 2)
        player.engine.process(.key(.char("n")))
        player.advance()
        // A wait that is not followed by a pause is waited in full.
        #expect(player.engine.state.lessons.active?.stepIndex == 4)
        #expect(player.engine.state.lessons.active?.stepSummary == "watching")
        clock.advance(milliseconds: 1999)
        player.advance()
        #expect(player.engine.state.lessons.active?.stepIndex == 4)
        clock.advance(milliseconds: 1)
        player.advance()
        #expect(player.finished)
    }

    @Test func inPlainModeTheWaitBeforeAPauseStays() throws {
        let (player, clock) = try player(interactive: false)
        player.advance()
        #expect(player.engine.state.lessons.active?.stepIndex == 1, "plain mode has no presenter: the wait is the reading time")
        clock.advance(milliseconds: 8000)
        player.advance()
        #expect(player.engine.state.lessons.active?.stepIndex == 4)
    }
}
