import DeckCore
import Testing

@Suite struct NarrationPanelTests {
    func lessonState(monitors: Int) -> AppState {
        var config = DeckConfig()
        config.seed = 1
        var state = AppState(config: config, now: Timestamp(milliseconds: 1000))
        _ = Reducer.start(&state)
        let settings = LessonSettings()
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.begin(name: "alarm", title: "A daemon Task", totalSteps: 12, settings: settings))))
        for _ in 0..<monitors { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("m")))) }
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.stepBegan(index: 2, line: 9, summary: "wait 3s", until: state.now.adding(milliseconds: 3000)))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.narrate("The alarm is a Task: it prints >tick once a second, five times, then ALARM! It holds no thread while it sleeps."))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.snippet("let alarm = Task { await tick() }"))))
        return state
    }

    @Test func narrationFitsAt80x24AndOnlyTheLogShrinks() {
        let state = lessonState(monitors: 4)
        let plain = DashboardLayout(width: 80, height: 24, state: {
            var s = state
            s.lessons.active = nil
            return s
        }())
        let layout = DashboardLayout(width: 80, height: 24, state: state)
        #expect(layout.workers == plain.workers)
        #expect(layout.sharedState == plain.sharedState)
        #expect(layout.narration.height >= 5)
        #expect(layout.logLines >= 1)
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains("Lesson · step 3/12 · A daemon Task"))
        #expect(screen.contains("▶ wait 3s · 3.0 s left"))
        #expect(screen.contains("The alarm is a Task: it prints >tick once a second"))
        #expect(screen.contains("let alarm = Task { await tick() }"))
        #expect(screen.contains("Workers"))
        #expect(screen.contains("Event log"))
        #expect(screen.contains("n/→ next  p pause"))
    }

    @Test func pausedAndFinishedAreShown() {
        var state = lessonState(monitors: 0)
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("p"))))
        #expect(DashboardView.render(state, width: 80, height: 24).contains("‖ paused · p resumes · n steps one line"))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.finished)))
        #expect(DashboardView.render(state, width: 80, height: 24).contains("finished: 0 expectation(s) met"))
    }

    @Test func lessonMenuListsTheLessons() {
        var state = lessonState(monitors: 0)
        let lesson = Lesson(name: "cancel", title: "Cancelling a task", file: "c", settings: LessonSettings(),
                            steps: [LessonStep(line: 3, command: .pause)])
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.catalog([LessonSummary(lesson)]))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("l"))))
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains("Lessons · ↑↓ Enter or 1-1 starts · Esc closes"))
        #expect(screen.contains("1 cancel         Cancelling a task"))
    }

    @Test func helpStillFitsWithTheLessonKeys() {
        var state = lessonState(monitors: 0)
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("?"))))
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains("lesson menu"))
        #expect(screen.contains("n/Right p   lesson: next · pause"))
        #expect(screen.contains("non-daemon joined at exit: cleans up"))
    }
}
