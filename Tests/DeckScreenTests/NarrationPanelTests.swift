import DeckCore
import Testing

@Suite struct NarrationPanelTests {
    func lessonState(monitors: Int, lessonSettings: LessonSettings? = nil) -> AppState {
        var config = DeckConfig()
        config.seed = 1
        lessonSettings?.apply(to: &config)
        var state = AppState(config: config, now: Timestamp(milliseconds: 1000))
        _ = Reducer.start(&state)
        let settings = LessonSettings()
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.begin(name: "alarm", title: "An unstructured Task", totalSteps: 12, settings: settings))))
        for _ in 0..<monitors { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("m")))) }
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.stepBegan(index: 2, line: 9, summary: "wait 3s", until: state.now.adding(milliseconds: 3000)))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.narrate("The alarm is a Task: it prints >tick once a second, five times, then ALARM! It holds no thread while it sleeps."))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.snippet("let alarm = Task { await tick() }"))))
        return state
    }

    @Test func narrationFitsAt80x24AndTheLogKeepsFiveLines() {
        let state = lessonState(monitors: 4)
        let layout = DashboardLayout(width: 80, height: 24, state: state)
        #expect(layout.narration.height >= 4)
        #expect(layout.logLines >= 5, "the log keeps five lines while the narration is open")
        #expect(layout.workers.height >= 5, "the workers keep a header and two rows")
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains("Lesson · step 3/12 · An unstructured Task"))
        #expect(screen.contains("▶ wait 3s · 3.0 s left"))
        #expect(screen.contains("The alarm is a Task: it prints >tick once a second"))
        #expect(screen.contains("let alarm = Task { await tick() }"))
        #expect(screen.contains("Workers"))
        #expect(screen.contains("Event log"))
        #expect(screen.contains("n/→ next  p pause"))
    }

    /// A long Swift line and its Python original, as a lesson step shows them.
    func codeState() -> AppState {
        // As the monitor lesson starts: one monitor, no snapshot writer, no alarm yet.
        var settings = LessonSettings()
        settings.monitors = 1
        var state = lessonState(monitors: 0, lessonSettings: settings)
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.narrate("A monitor compares data with the last value it saw."))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.snippet(Self.swiftLine))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.python("while True:"))))
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.python("    sleep(0.1)"))))
        return state
    }

    static let swiftLine = "while true { let now = shared.data; if now != last { report(now); last = now }; Thread.sleep(forTimeInterval: 0.1) }"

    /// The screen rows inside the narration panel, borders and labels stripped.
    func narrationRows(_ state: AppState, width: Int, height: Int) -> [String] {
        let layout = DashboardLayout(width: width, height: height, state: state)
        let lines = DashboardView.render(state, width: width, height: height).lines
        return lines[(layout.narration.y + 1)..<(layout.narration.maxY - 1)].map { String($0) }
    }

    @Test func aLongSnippetWrapsAt80ColumnsAndThePythonGoesUnderIt() throws {
        let rows = narrationRows(codeState(), width: 80, height: 24)
        // Every word of the Swift is on screen, in order, over several rows: nothing is cut.
        let swiftRows = rows.filter { $0.contains("Thread.sleep") || $0.contains("while true") || $0.contains("report(now)") }
        #expect(swiftRows.count >= 2, "\(rows.joined(separator: "\n"))")
        let joined = rows.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(joined.contains("Thread.sleep(forTimeInterval: 0.1) }"), "\(rows.joined(separator: "\n"))")
        #expect(rows.allSatisfy { $0.count <= 80 })
        let swiftRow = try #require(rows.firstIndex { $0.contains("Swift") && $0.contains("while true {") })
        let pythonRow = try #require(rows.firstIndex { $0.contains("Python") && $0.contains("while True:") }, "\(rows.joined(separator: "\n"))")
        #expect(pythonRow > swiftRow, "stacked at 80 columns: the Python under the Swift")
        #expect(rows.contains { $0.contains("    sleep(0.1)") }, "Python keeps its indentation")
    }

    @Test func from120ColumnsThePythonStandsBesideTheSwift() throws {
        let rows = narrationRows(codeState(), width: 120, height: 40)
        let row = try #require(rows.first { $0.contains("while true {") })
        #expect(row.contains("Python") && row.contains("while True:"), "\(rows.joined(separator: "\n"))")
        let swiftColumn = try #require(row.range(of: "while true {")).lowerBound
        let pythonColumn = try #require(row.range(of: "while True:")).lowerBound
        #expect(swiftColumn < pythonColumn)
    }

    @Test func theStatusSaysInWordsWhatTheStepWaitsFor() {
        var state = lessonState(monitors: 0)
        let step = LessonCommand.expect("ALARM!", withinMs: 4000)
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.stepBegan(index: 3, line: 12, summary: step.learnerText, until: state.now.adding(milliseconds: 4000)))))
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains("▶ waiting for the log to show “ALARM!” · 4.0 s left"))
        #expect(!screen.contains("expect \""), "the lesson's syntax is not shown")
    }

    @Test func aFailedCheckIsExplained() {
        var state = lessonState(monitors: 0)
        let explanation = ["✗ Check failed: the log should have shown “ALARM!” within 4 s.",
                           "What happened: it never appeared; 2 other lines did, the last: “Alarm >tick 4/5”."]
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(.expectation(.failed("t.lesson:3: expected \"ALARM!\" within 4s, not seen", explanation: explanation)))))
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains("✗ Check failed: the log should have shown “ALARM!” within 4 s."))
        #expect(screen.contains("What happened: it never appeared"))
    }

    @Test func pausedAndFinishedAreShown() {
        var state = lessonState(monitors: 0)
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("p"))))
        #expect(DashboardView.render(state, width: 80, height: 24).contains("‖ paused · 3.0 s left · p resumes · n steps one line"), "the countdown holds still where p paused it")
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
        // The shipped boards follow the lessons in a section of their own, numbered on.
        let entries = 1 + state.boardCatalog.count
        #expect(screen.contains("Lessons and boards · ↑↓ Enter or 1-\(entries) starts · Esc closes"))
        #expect(screen.contains("1 cancel         Cancelling a task"))
        #expect(screen.contains("Boards · be the scheduler"))
        // In the menu's order (each bug, then its fix): the lost update comes first.
        #expect(screen.contains("2   lost-update "), "no level won: no mark before the name")
        #expect(screen.contains("Lost update: two increments"))
    }

    @Test func helpStillFitsWithTheLessonKeys() {
        var state = lessonState(monitors: 0)
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("?"))))
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains("lesson menu"))
        #expect(screen.contains("n/Right p    lesson: next · pause"))
        #expect(screen.contains("non-daemon: joined (child: killed)"))
    }
}
