import DeckCore
import DeckTestSupport
import Testing

/// The Narration panel at the two moments a lesson exists for: a question beside the narration that sets it
/// up, and the reveal (figure, choice, right or wrong, explanation), whole at 80x24 as at 200x60.
@Suite struct RevealPanelTests {
    static let narration = "The main loop now writes random values to data, 80 to 150 ms apart, while one monitor looks every 0.5 s."
    static let question = "The monitor looks every 0.5 s; writes come 80 to 150 ms apart. How many writes will it miss in the next two seconds?"
    static let explanation = "Several writes land inside one 0.5 s gap: each overwrites the one before it before the monitor looks, so the monitor never sees them; the log names the versions it missed."

    /// A lesson at a crowded moment: four monitors (the Workers panel at its largest), Swift and Python on screen.
    func state(revealed: Bool) -> AppState {
        Snapshots.useUTC()
        var settings = LessonSettings()
        settings.monitors = 4
        var config = DeckConfig()
        config.seed = 1
        settings.apply(to: &config)
        var state = AppState(config: config, now: Timestamp(milliseconds: 1000))
        _ = Reducer.start(&state)
        func send(_ event: DeckEvent) { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: event)) }
        send(.lesson(.begin(name: "missed-changes", title: "Polling misses changes", totalSteps: 20, settings: settings)))
        send(.lesson(.stepBegan(index: 7, line: 13, summary: "waiting for your prediction", until: nil)))
        send(.lesson(.narrate(Self.narration)))
        send(.lesson(.snippet("if v != lastSeen { missed += v - lastSeen - 1; lastSeen = v }")))
        send(.lesson(.python("sleep(value); data = value   # value < 0.1: a write is missed")))
        send(.lesson(.asked(LessonQuestion(text: Self.question, choices: ["0", "1-2", "3+"]))))
        if revealed {
            send(.lesson(.answered(2)))
            send(.lesson(.revealed(measured: 7, quantity: "writes never seen", choice: 3, usual: 3, explanation: Self.explanation)))
            send(.lesson(.waitForPresenter))
        }
        return state
    }

    /// The panel's inner rows, and the words on them joined (wrapping splits sentences over rows).
    func panel(_ state: AppState, width: Int, height: Int) -> (rows: [String], words: String) {
        let layout = DashboardLayout(width: width, height: height, state: state)
        let lines = DashboardView.render(state, width: width, height: height).lines.map { String($0) }
        let rows = Array(lines[(layout.narration.y + 1)..<(layout.narration.maxY - 1)])
        let words = rows.map { $0.replacingOccurrences(of: "│", with: " ") }.joined(separator: " ")
            .split(separator: " ").joined(separator: " ")
        return (rows, words)
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func theRevealIsShownWholeUntilThePresenterGoesOn(width: Int, height: Int) throws {
        let state = state(revealed: true)
        let (rows, words) = panel(state, width: width, height: height)
        let shown = rows.joined(separator: "\n")
        #expect(words.contains("Measured in this run: 7 (writes never seen): choice 3) 3+."), "\(shown)")
        #expect(words.contains("You predicted 2) 1-2: not this time. ✗"), "\(shown)")
        #expect(words.contains(Self.explanation), "the explanation is whole, not cut\n\(shown)")
        let screen = DashboardView.render(state, width: width, height: height)
        #expect(screen.contains("waiting for you · n or → continues"), "the bottom border says n goes on")
        #expect(DashboardLayout(width: width, height: height, state: state).logLines >= 3, "the log keeps three lines")
        #expect(Snapshots.mismatch(screen.lines.map { String($0) }.joined(separator: "\n"), named: "lesson-reveal-\(width)x\(height)") == nil)
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func theQuestionIsShownUnderItsNarrationNotInsteadOfIt(width: Int, height: Int) throws {
        let state = state(revealed: false)
        let (rows, words) = panel(state, width: width, height: height)
        let shown = rows.joined(separator: "\n")
        #expect(words.contains(Self.narration), "the narration that sets the question up stays\n\(shown)")
        #expect(words.contains("Predict: \(Self.question)"), "\(shown)")
        #expect(words.contains("1) 0 2) 1-2 3) 3+ (press 1-3)"), "\(shown)")
        let narrationRow = try #require(rows.firstIndex { $0.contains("The main loop now writes") })
        let questionRow = try #require(rows.firstIndex { $0.contains("Predict:") })
        #expect(narrationRow < questionRow)
        let screen = DashboardView.render(state, width: width, height: height)
        #expect(Snapshots.mismatch(screen.lines.map { String($0) }.joined(separator: "\n"), named: "lesson-question-\(width)x\(height)") == nil)
    }
}
