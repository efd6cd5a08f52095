import DeckCore
import DeckTestSupport
import Testing

/// Scrolling the event log moves what is drawn, not only the title: after `PgUp`, `Home` or the mouse wheel
/// the older lines are on screen and the newest are not. Drawn the way the dashboard draws (the panel memo,
/// the log's height reported back to the reducer), keys sent through the reducer.
@Suite struct EventLogScrollTests {
    static let noteCount = 60

    /// A state with `noteCount` numbered notes in its log, and the drawing that shows it at 80x24.
    struct Screen {
        let clock = ManualWallClock()
        var state: AppState
        var drawing = DashboardDrawing(width: 80, height: 24)

        init() {
            var config = DeckConfig()
            config.seed = 5
            state = AppState(config: config, now: clock.now())
            send(.resize(width: 80, height: 24))
            for n in 0..<EventLogScrollTests.noteCount { send(.note(source: "Test", text: "note " + (n < 10 ? "0\(n)" : "\(n)")), after: 10) }
        }

        /// Sends an event through the reducer, then draws, and sends back what the drawing reports (the log's height).
        mutating func send(_ event: DeckEvent, after ms: Int = 0) {
            clock.advance(milliseconds: ms)
            _ = Reducer.reduce(&state, PostedEvent(at: clock.now(), event: event))
            for reported in drawing.draw(state, width: 80, height: 24) {
                _ = Reducer.reduce(&state, PostedEvent(at: clock.now(), event: reported))
            }
        }

        /// The numbers of the notes drawn, top to bottom.
        var notesShown: [Int] {
            drawing.buffer.lines.compactMap { line in
                guard let range = line.firstRange(of: "note ") else { return nil }
                return Int(line[range.upperBound...].prefix(2))
            }
        }

        var title: String { drawing.buffer.lines.first { $0.contains("Event log") } ?? "" }
    }

    @Test func pageUpDrawsTheLinesAboveAndHidesTheNewest() {
        var screen = Screen()
        let page = screen.notesShown.count
        #expect(page >= 5, "the log shows several lines at 80x24:\n\(screen.drawing.buffer.text)")
        #expect(screen.notesShown.last == Self.noteCount - 1, "following: the newest line is drawn")
        screen.send(.key(.pageUp))
        #expect(screen.title.contains("scrolled up \(page)"), "title: \(screen.title)")
        let newestShown = Self.noteCount - 1 - page
        #expect(screen.notesShown == Array((newestShown - page + 1)...newestShown),
                "one page older:\n\(screen.drawing.buffer.text)")
        #expect(!screen.notesShown.contains(Self.noteCount - 1))
    }

    @Test func homeDrawsTheOldestLinesAndEndFollowsAgain() {
        var screen = Screen()
        let page = screen.notesShown.count
        screen.send(.key(.home))
        #expect(screen.notesShown == Array(0..<page), "the oldest page:\n\(screen.drawing.buffer.text)")
        #expect(screen.title.contains("scrolled up"))
        screen.send(.key(.end))
        #expect(screen.notesShown.last == Self.noteCount - 1, "End follows the newest again")
        #expect(!screen.title.contains("scrolled up"))
    }

    @Test func theWheelMovesTheDrawnLinesThreeAtATime() {
        var screen = Screen()
        let page = screen.notesShown.count
        screen.send(.key(.mouse(MouseEvent(button: .wheelUp, x: 10, y: 20))))
        #expect(screen.notesShown.last == Self.noteCount - 4, "three lines up:\n\(screen.drawing.buffer.text)")
        #expect(screen.notesShown.count == page)
        screen.send(.key(.mouse(MouseEvent(button: .wheelDown, x: 10, y: 20))))
        #expect(screen.notesShown.last == Self.noteCount - 1)
    }

    @Test func linesArrivingWhileScrolledUpLeaveTheDrawnLinesInPlace() {
        var screen = Screen()
        screen.send(.key(.pageUp))
        let before = screen.notesShown
        screen.send(.note(source: "Test", text: "note 99"), after: 10)
        #expect(screen.notesShown == before, "the reader keeps the lines being read")
        #expect(!screen.notesShown.contains(99))
    }
}
