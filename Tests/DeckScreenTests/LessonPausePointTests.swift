import DeckCore
import Foundation
import Testing

/// Every shipped lesson's screen at 80x24 where it waits for `n` (each `pause`): the lesson panel and the
/// log have all four borders, and the narration is there whole, no word cut at the panel's edge. Checked as
/// properties, not golden text, so lesson wording can change without re-recording.
@Suite struct LessonPausePointTests {
    static var names: [String] { LessonLibrary.order }

    /// The screens at the lesson's pauses, with what the narration said there.
    static func pauseScreens(_ name: String, width: Int = 80, height: Int = 24) throws -> [(line: Int, narration: String, layout: DashboardLayout, lines: [String])] {
        let lesson = try LessonParser.parse(file: ShippedLessonScreenTests.folder.appendingPathComponent("\(name).lesson").path)
        var config = DeckConfig()
        lesson.settings.apply(to: &config)
        var state = AppState(config: config, now: Timestamp(milliseconds: 1000))
        _ = Reducer.start(&state)
        func send(_ event: LessonEvent) { _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: .lesson(event))) }
        send(.begin(name: lesson.name, title: lesson.title, totalSteps: lesson.steps.count, settings: lesson.settings))
        var screens: [(Int, String, DashboardLayout, [String])] = []
        for (index, step) in lesson.steps.enumerated() {
            switch step.command {
            case .narrate(let text): send(.narrate(text))
            case .snippet(let text): send(.snippet(text))
            case .python(let text): send(.python(text))
            case .pause:
                send(.stepBegan(index: index, line: step.line, summary: step.command.learnerText, until: nil))
                send(.waitForPresenter)
                let layout = DashboardLayout(width: width, height: height, state: state)
                let lines = DashboardView.render(state, width: width, height: height).lines.map { String($0) }
                screens.append((step.line, state.lessons.active?.narration ?? "", layout, lines))
            default: continue
            }
        }
        return screens
    }

    /// All four corners and edges of `area` are drawn.
    static func hasBorders(_ area: Rect, _ lines: [String]) -> Bool {
        guard !area.isEmpty, area.maxY <= lines.count else { return false }
        func cell(_ x: Int, _ y: Int) -> Character? {
            let row = Array(lines[y])
            return x < row.count ? row[x] : nil
        }
        let corners = [cell(area.x, area.y) == "┌", cell(area.maxX - 1, area.y) == "┐",
                       cell(area.x, area.maxY - 1) == "└", cell(area.maxX - 1, area.maxY - 1) == "┘"]
        let sides = (area.y + 1..<area.maxY - 1).allSatisfy { cell(area.x, $0) == "│" && cell(area.maxX - 1, $0) == "│" }
        return corners.allSatisfy { $0 } && sides
    }

    @Test(arguments: names)
    func everyPausePointReadsWholeAt80x24(name: String) throws {
        let screens = try Self.pauseScreens(name)
        #expect(!screens.isEmpty, "\(name) has a pause")
        for (line, narration, layout, lines) in screens {
            let where_ = "\(name):\(line)\n\(lines.joined(separator: "\n"))"
            #expect(Self.hasBorders(layout.narration, lines), "the lesson panel has its four borders at \(where_)")
            #expect(Self.hasBorders(layout.log, lines), "the log has its four borders at \(where_)")
            #expect(Self.hasBorders(layout.workers, lines), "the workers panel has its four borders at \(where_)")
            #expect(layout.logLines >= 3, "the log keeps lines to read at \(where_)")
            // The narration, read back from the panel's rows, is whole: every word, none cut at the edge.
            let rows = lines[(layout.narration.y + 1)..<max(layout.narration.y + 1, layout.narration.maxY - 1)]
            let words = rows.map { String($0.dropFirst().dropLast()) }.joined(separator: " ").split(separator: " ").joined(separator: " ")
            let wanted = narration.split(separator: " ").joined(separator: " ")
            #expect(words.contains(wanted), "the narration is whole at \(where_)")
        }
    }
}
