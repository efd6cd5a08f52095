import DeckCore
import Testing

@Suite struct LessonReducerTests {
    func state() -> AppState {
        var config = DeckConfig()
        config.seed = 1
        return AppState(config: config, now: Timestamp(milliseconds: 1000))
    }

    func send(_ state: inout AppState, _ event: DeckEvent) -> [DeckEffect] {
        Reducer.reduce(&state, PostedEvent(at: state.now, event: event))
    }

    @Test func aNewLessonStartsFromACleanWorld() {
        var s = state()
        _ = send(&s, .lesson(.begin(name: "heartbeat", title: "Heartbeat", totalSteps: 1, settings: LessonSettings())))
        _ = send(&s, .lesson(.start(.heartbeat)))
        _ = send(&s, .key(.char("a")))
        let heartbeat = s.workers.first { $0.role == .heartbeat }!.id
        let alarm = s.workers.first { $0.role == .alarm }!.id
        _ = send(&s, .freeze(.freeze))
        #expect(s.freeze.isFrozen)
        let effects = send(&s, .lesson(.begin(name: "alarm", title: "Alarm", totalSteps: 1, settings: LessonSettings())))
        #expect(effects.contains(.thaw), "the world thaws")
        #expect(!s.freeze.isFrozen)
        #expect(effects.contains(.stopWorker(heartbeat)), "the previous lesson's worker stops")
        #expect(effects.contains(.stopWorker(alarm)), "the alarm is cancelled")
    }

    @Test func lessonMenuPicksALessonThroughTheReducer() {
        var s = state()
        let lesson = Lesson(name: "alarm", title: "Alarm", file: "alarm.lesson", settings: LessonSettings(),
                            steps: [LessonStep(line: 1, command: .pause)])
        _ = send(&s, .lesson(.catalog([LessonSummary(lesson), LessonSummary(Lesson(name: "cancel", title: "Cancel", file: "c", settings: LessonSettings(), steps: lesson.steps))])))
        _ = send(&s, .key(.char("l")))
        #expect(s.overlay == .lessonMenu)
        _ = send(&s, .key(.down))
        #expect(send(&s, .key(.enter)) == [.lab(.loadLesson("cancel"))])
        #expect(s.overlay == nil)
        _ = send(&s, .key(.char("l")))
        #expect(send(&s, .key(.char("1"))) == [.lab(.loadLesson("alarm"))])
    }

    @Test func nextAndPauseKeysDriveTheLessonState() {
        var s = state()
        _ = send(&s, .key(.char("n")))
        #expect(s.status?.text == "no lesson is running: l opens the lesson menu")
        _ = send(&s, .lesson(.begin(name: "x", title: "X", totalSteps: 3, settings: LessonSettings())))
        _ = send(&s, .lesson(.waitForPresenter))
        #expect(s.lessons.active?.waitingForPresenter == true)
        _ = send(&s, .key(.right))
        #expect(s.lessons.active?.waitingForPresenter == false)
        #expect(s.lessons.active?.skipRequests == 1)
        _ = send(&s, .key(.char("p")))
        #expect(s.lessons.active?.paused == true)
        _ = send(&s, .key(.char("p")))
        #expect(s.lessons.active?.paused == false)
    }

    @Test func lessonWorkersGetRowsWithTheirModel() {
        var s = state()
        _ = send(&s, .lesson(.begin(name: "x", title: "X", totalSteps: 1, settings: LessonSettings())))
        let effects = send(&s, .lesson(.start(.job(.process)))) + send(&s, .lesson(.runChild(.daemonExit)))
        #expect(effects.count == 2)
        let rows = s.workers.filter { $0.model == .process }
        #expect(rows.map(\.name) == ["Job-Child", "daemon-exit"])
        #expect(rows.map(\.kind) == [.daemon, .nonDaemon])
    }
}
