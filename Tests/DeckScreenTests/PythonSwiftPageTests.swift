import DeckCore
import Foundation
import Testing

/// `?` then `P`: the Python ↔ Swift page, in the dashboard and in docs/python-swift.md.
@Suite struct PythonSwiftPageTests {
    func press(_ keys: [Key], on state: inout AppState) {
        for key in keys { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .key(key))) }
    }

    @Test func helpThenPShowsEveryMappingAt80x24() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 0))
        press([.char("?")], on: &state)
        #expect(DashboardView.render(state, width: 80, height: 24).text.contains("P Python ↔ Swift"), "help says how to reach the page")
        press([.char("P")], on: &state)
        let screen = DashboardView.render(state, width: 80, height: 24).text
        #expect(screen.contains("Python ↔ Swift"))
        for entry in PythonSwift.entries {
            // Each mapping on one row: the Python, then the Swift beside it (it may wrap onto the next row).
            let firstWords = entry.swift.split(separator: " ").prefix(2).joined(separator: " ")
            let row = screen.split(separator: "\n").first { $0.contains(entry.python) }
            #expect(row?.contains(firstWords) == true, "\(entry.python) → \(entry.swift)\n\(screen)")
        }
        press([.char("x")], on: &state)
        #expect(!DashboardView.render(state, width: 80, height: 24).text.contains("Python ↔ Swift"), "any key closes it")
    }

    @Test func theIssueMappingsAreAllThere() {
        let pythons = PythonSwift.entries.map(\.python).joined(separator: "\n")
        for word in ["daemon=True", "join()", "Lock", "Event", "Semaphore", "create_task", "gather", "CancelledError",
                     "ThreadPoolExecutor", "Process"] {
            #expect(pythons.contains(word), "\(word)")
        }
    }

    @Test func theDocNamesEveryEntry() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/python-swift.md")
        let text = try String(contentsOf: doc, encoding: .utf8).replacingOccurrences(of: "`", with: "")
        for entry in PythonSwift.entries { #expect(text.contains(entry.python), "\(entry.python)") }
    }
}
