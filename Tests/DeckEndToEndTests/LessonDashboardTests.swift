import DeckTestSupport
import Testing

/// A lesson played in the real dashboard under tmux: narration panel, `n` to skip, `p` to pause, the menu.
@Suite(.serialized, .enabled(if: TmuxSession.isUsable, "needs tmux (and DAEMONDECK_SKIP_TMUX unset)"))
struct LessonDashboardTests {
    @Test func theAlarmLessonNarratesStepsAndTheAlarmFires() throws {
        let session = try TmuxSession(arguments: ["--lesson", "alarm", "--monitors", "1"])
        // The 8 s wait before the first pause is dead time in the dashboard: the pause waits for the presenter.
        #expect(session.waitFor("waiting for you", seconds: 30) != nil, "a pause waits for the presenter")
        #expect(session.capture().contains("create_task only schedules"))
        #expect(session.capture().contains("await asyncio.sleep(0)"), "the Python original is shown with the narration")
        session.send("n")
        // The lesson asks before the alarm starts, and waits for the prediction.
        #expect(session.waitFor("Predict: main starts the alarm Task", seconds: 20) != nil)
        #expect(!session.capture().contains(">tick 1/5"), "the world waits for the answer")
        session.send("2")
        #expect(session.waitFor("You predicted 2) 1", seconds: 20) != nil)
        #expect(session.waitFor(">tick 1/5", seconds: 20) != nil)
        // The reveal is measured from this run's log: one >tick in the first half second.
        let reveal = session.waitFor("Measured in this run: 1", seconds: 20)
        #expect(reveal != nil)
        #expect(session.waitFor("You predicted 2: right.", seconds: 20) != nil)
        // The log line itself (the lesson's title also says ALARM!).
        #expect(session.waitFor("Alarm      ALARM!", seconds: 30) != nil)
        session.send("q")
        #expect(session.waitFor("[exited 0]") != nil)
    }

    @Test func theMenuListsTheLessonsAndStartsOne() throws {
        let session = try TmuxSession(arguments: ["--monitors", "1"])
        #expect(session.waitFor("Workers") != nil)
        session.send("l")
        let menu = session.waitFor("missed-changes")
        #expect(menu?.contains("daemon-exit") == true)
        #expect(menu?.contains("lost-updates") == true)
        session.send("Escape")
        #expect(waitUntil { !session.capture().contains("lost-updates") }, "Esc closes the menu")
        session.send("l")
        #expect(session.waitFor("missed-changes") != nil)
        session.send("3")  // the third lesson in the menu
        #expect(session.waitFor("Lesson · step") != nil)
        session.send("p")
        #expect(session.waitFor("paused") != nil)
        session.send("q")
        #expect(session.waitFor("[exited 0]") != nil)
    }
}
