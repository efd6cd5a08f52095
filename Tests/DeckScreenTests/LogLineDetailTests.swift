@testable import DeckCore
import DeckTestSupport
import Testing

/// `Enter` on the log (or a click on a line) opens one line whole: its worker, its time and its full text.
@Suite struct LogLineDetailTests {
    static let longText = "job finished: the Dispatch work item ran on a queue's thread, signalled its group, and the main "
        + "thread's wait returned after 1.2 s; nothing of this line may be cut, even at 80 columns (end)"

    /// The known dashboard, plus a lesson's Dispatch job that wrote one long line and then a short one.
    static func state() -> AppState {
        var state = DashboardSnapshotTests.knownState()
        let id = Reducer.newWorker(&state, name: "Job-Dispatch", kind: .nonDaemon, model: .dispatch, role: .job, intervalMs: 0)
        press(&state, event: .workerRunning(worker: id))
        press(&state, event: .workerSaid(worker: id, text: longText))
        press(&state, event: .note(source: "Main", text: "carrying on"))
        return state
    }

    static func press(_ state: inout AppState, _ key: Key) { press(&state, event: .key(key)) }
    static func press(_ state: inout AppState, event: DeckEvent) {
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: event))
    }

    /// The overlay's text rows joined back into one string (the wrapped text, without the box).
    static func shownText(_ screen: ScreenBuffer) -> String {
        screen.lines.compactMap { line -> String? in
            let inside = line.trimmingCharacters(in: .whitespaces)
            guard inside.hasPrefix("│"), inside.hasSuffix("│") else { return nil }
            return String(inside.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
    }

    @Test func enterOpensTheNewestShownLineWhole() throws {
        var state = Self.state()
        Self.press(&state, .enter)
        guard case .logLine(let detail)? = state.overlay else { Issue.record("Enter opened no log line"); return }
        #expect(detail.entry.text == "carrying on", "the newest line shown, at the foot of the log")
        Self.press(&state, .up)
        guard case .logLine(let older)? = state.overlay else { Issue.record("Up closed the line"); return }
        #expect(older.entry.source == "Job-Dispatch")
        let screen = DashboardView.render(state, width: 80, height: 24)
        let text = Self.shownText(screen)
        #expect(text.contains(Self.longText), "the whole text, wrapped:\n\(screen.text)")
        #expect(text.contains("worker  Job-Dispatch · non-daemon Dispatch · running"), "\(screen.text)")
        #expect(text.contains("time    " + older.entry.at.clockText), "\(screen.text)")
        #expect(!screen.text.contains("…"), "nothing cut")
        #expect(screen.lines.last?.contains("any other key closes") == true)
        if let problem = Snapshots.mismatch(screen.text, named: "log-line-detail-80x24") { Issue.record(Comment(rawValue: problem)) }
        let ascii = DashboardView.render(state, width: 80, height: 24, glyphs: .ascii)
        #expect(ascii.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(Self.shownText(ascii).isEmpty, "ASCII borders are | not │")
        #expect(ascii.text.replacing("|", with: " ").contains("Job-Dispatch - non-daemon Dispatch - running"), "\(ascii.text)")
        if let problem = Snapshots.mismatch(ascii.text, named: "log-line-detail-80x24-ascii") { Issue.record(Comment(rawValue: problem)) }
        Self.press(&state, .down)
        guard case .logLine(let back)? = state.overlay else { Issue.record("Down closed the line"); return }
        #expect(back.entry.text == "carrying on")
        Self.press(&state, .down)
        #expect(state.status?.text == "the newest line", "no line past the newest")
        Self.press(&state, .char("x"))
        #expect(state.overlay == nil, "any other key closes")
    }

    @Test func enterOpensTheFootOfAScrolledLogAndTheSearchMatch() throws {
        var state = Self.state()
        Self.press(&state, event: .logViewResized(lines: 4))
        Self.press(&state, .pageUp)  // four lines back: the foot of the page is the fifth newest
        Self.press(&state, .enter)
        let newest = state.log.count - 1
        guard case .logLine(let scrolled)? = state.overlay else { Issue.record("Enter opened nothing"); return }
        #expect(scrolled.entry == state.log[newest - 4])
        Self.press(&state, .escape)
        #expect(state.overlay == nil)
        Self.press(&state, .end)
        // A search: n marks the newest match, N the one before; Enter opens the marked one.
        Self.press(&state, .char("/"))
        for c in "missed" { Self.press(&state, .char(c)) }
        Self.press(&state, .enter)
        Self.press(&state, .char("n"))
        Self.press(&state, .char("N"))
        Self.press(&state, .enter)
        guard case .logLine(let match)? = state.overlay else { Issue.record("Enter opened nothing while searching"); return }
        #expect(match.entry.text == "missed 1 change of data: v2 never seen")
        #expect(match.entry.source == "Monitor-1", "the older of the two matches")
    }

    @Test func anEmptyLogSaysSoInsteadOfOpening() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 0))
        Self.press(&state, .enter)
        #expect(state.overlay == nil)
        #expect(state.status?.text == "the log is empty")
    }
}
