@testable import DeckCore
import DeckTestSupport
import Testing

/// Help at 80x24, live and in a replay: every key's names whole, at least two columns between a key and
/// its words and between two columns, and a column before the right border.
@Suite struct HelpLayoutTests {
    static func help(replay: Bool, glyphs: Glyphs = .unicode) -> ScreenBuffer {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 0))
        if replay {
            state.replay = ReplayBanner(playhead: 0, duration: 1_000_000_000, paused: true, speed: 1, position: 0, count: 10)
        }
        state.overlay = .help
        return DashboardView.render(state, width: 80, height: 24, glyphs: glyphs)
    }

    /// The column where `text` starts on a row that has it after column `from`, if any.
    static func place(of text: String, in lines: [String], from: Int = 0) -> (row: Int, column: Int)? {
        for (row, line) in lines.enumerated() {
            let scalars = Array(line.unicodeScalars), needle = Array(text.unicodeScalars)
            guard needle.count <= scalars.count else { continue }
            for column in from...(scalars.count - needle.count) where Array(scalars[column..<(column + needle.count)]) == needle {
                return (row, column)
            }
        }
        return nil
    }

    @Test(arguments: [false, true]) func keysAndWordsStandApart(replay: Bool) throws {
        let screen = Self.help(replay: replay)
        let lines = screen.lines
        let keyLines = replay ? KeyMap.replayHelpLines : KeyMap.helpLines
        for line in keyLines {
            // The keys start a column: after the border and a space, or after two spaces.
            let start = Self.place(of: "│ " + line.keys + "  ", in: lines).map { ($0.row, $0.column + 2) }
                ?? Self.place(of: "   " + line.keys + "  ", in: lines).map { ($0.row, $0.column + 3) }
            let keys = try #require(start.map { (row: $0.0, column: $0.1) }, "keys \(line.keys) whole, apart from what is beside them\n\(screen.text)")
            let words = try #require(Self.place(of: line.help, in: [lines[keys.row]], from: keys.column),
                                     "\(line.help) on the row of \(line.keys)\n\(screen.text)")
            #expect(words.column >= keys.column + line.keys.unicodeScalars.count + 2, "\(line.keys) runs into its words")
        }
        if !replay {
            for (left, right) in HelpOverlay.glossary {
                let at = try #require(Self.place(of: right, in: lines), "\(right)")
                if !left.isEmpty {
                    let start = try #require(Self.place(of: left, in: [lines[at.row]]), "\(left) beside \(right)")
                    #expect(at.column >= start.column + left.unicodeScalars.count + 2, "\(left) runs into \(right)")
                }
            }
        }
        for line in lines.dropFirst().dropLast(2) {
            #expect(line.hasSuffix(" │"), "a space before the right border: \(line)")
        }
        #expect(!screen.text.contains("…"), "nothing in help is cut")
    }

    @Test func replayHelpListsEveryViewKey() {
        let text = Self.help(replay: true).text
        #expect(text.contains("t/</>/PgUp/PgDn/f  "), "\(text)")
        #expect(text.contains("Enter"), "\(text)")
        if let problem = Snapshots.mismatch(text, named: "help-replay-80x24") { Issue.record(Comment(rawValue: problem)) }
    }
}
