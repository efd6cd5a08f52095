@testable import DeckCore
import DeckTestSupport
import Testing

/// Clicks pick what the user sees under the pointer at 80x24: a worker row selects the worker, a log line
/// opens whole, a lesson in the menu starts. The frontend fills in the hit from the frame it drew.
@Suite struct MouseClickTests {
    /// Clicks the first cell of the screen row that contains `text` (after column `from`), as the terminal
    /// frontend would: the hit comes from the frame drawn.
    static func click(_ state: inout AppState, on text: String, width: Int = 80, height: Int = 24) throws -> [DeckEffect] {
        var drawing = DashboardDrawing(width: width, height: height)
        _ = drawing.draw(state, width: width, height: height)
        let lines = drawing.buffer.lines
        let row = try #require(lines.firstIndex { $0.contains(text) }, "\(text) on screen\n\(lines.joined(separator: "\n"))")
        let column = try #require(lines[row].range(of: text)).lowerBound.utf16Offset(in: lines[row])
        var mouse = MouseEvent(button: .click, x: column, y: row)
        mouse.valueRow = drawing.layout?.valueRow(atY: row, x: column)
        mouse.hit = drawing.hits.hit(x: column, y: row)
        return Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.mouse(mouse))))
    }

    @Test func aClickOnAWorkerRowSelectsIt() throws {
        var state = DashboardSnapshotTests.knownState()
        _ = try Self.click(&state, on: "Monitor-2   daemon")
        let selected = try #require(state.freeze.selectedWorker)
        #expect(state.workerName(selected) == "Monitor-2")
        #expect(state.status?.text.hasPrefix("selected Monitor-2 · daemon Thread · sleeping") == true, "\(state.status?.text ?? "")")
        let screen = DashboardView.render(state, width: 80, height: 24)
        let row = try #require(screen.lines.firstIndex { $0.contains("Monitor-2   daemon") })
        let x = try #require(screen.lines[row].range(of: "Monitor-2")).lowerBound.utf16Offset(in: screen.lines[row])
        #expect(screen[x, row].style.role == .selection, "the row is drawn selected")
    }

    @Test func aClickOnALogLineOpensItWhole() throws {
        var state = DashboardSnapshotTests.knownState()
        _ = try Self.click(&state, on: "Monitor-2  missed 1 change")
        guard case .logLine(let detail)? = state.overlay else { Issue.record("the click opened no line"); return }
        #expect(detail.entry.source == "Monitor-2")
        #expect(detail.entry.text == "missed 1 change of data: v2 never seen")
        let screen = DashboardView.render(state, width: 80, height: 24, glyphs: .ascii)
        #expect(screen.contains("| worker  Monitor-2 - daemon Thread - sleeping"), "\(screen.text)")
    }

    @Test func aClickOnALessonInTheMenuStartsIt() throws {
        var state = DashboardSnapshotTests.knownState()
        state.lessons.catalog = LessonLibrary.loadShipped().lessons.map(LessonSummary.init)
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(.char("l"))))
        let pick = try #require(state.lessons.catalog.firstIndex { $0.name == "deadlock" })
        let effects = try Self.click(&state, on: " deadlock ")
        #expect(state.overlay == nil)
        #expect(state.lessons.menuSelection == pick)
        #expect(effects.contains(.lab(.loadLesson("deadlock"))), "\(effects)")
    }

    @Test func aClickOnNothingDoesNothing() throws {
        var state = DashboardSnapshotTests.knownState()
        let before = state.freeze.selectedWorker
        _ = try Self.click(&state, on: "Workers ·")  // the title row
        #expect(state.freeze.selectedWorker == before)
        #expect(state.overlay == nil)
    }
}

/// While frozen, Home and End select the first and last worker (Tab's order), and the row is drawn selected.
@Suite struct FrozenHomeEndTests {
    @Test func homeAndEndSelectTheEndsWhileFrozen() throws {
        var state = DashboardSnapshotTests.knownState()
        func press(_ key: Key) { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(key))) }
        press(.end)
        #expect(state.logScroll == 0, "not frozen: End is the log's")
        press(.char("z"))
        press(.end)
        let alive = state.workers.filter(\.isAlive)
        #expect(state.freeze.selectedWorker == alive.last?.id, "End: the last worker")
        #expect(state.status?.text == "selected \(alive.last?.name ?? "")")
        press(.home)
        #expect(state.freeze.selectedWorker == alive.first?.id, "Home: the first worker")
        #expect(state.logScroll == 0, "frozen, Home does not scroll the log")
        let screen = DashboardView.render(state, width: 80, height: 24)
        let row = try #require(screen.lines.firstIndex { $0.contains("Monitor-1   daemon") })
        #expect(screen[2, row].style.role == .selection)
    }
}
