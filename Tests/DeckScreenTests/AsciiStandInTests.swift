@testable import DeckCore
import Foundation
import Testing

/// `LANG=C`, `TERM=dumb` and `--ascii` draw only ASCII: every non-ASCII character daemondeck's own code and
/// lessons write gets a stand-in that means the same (an arrow, a tick), never the `?` of an unknown one.
@Suite struct AsciiStandInTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Non-ASCII characters outside comments in the Swift sources that draw screens, and in the shipped lessons.
    static func charactersWritten() throws -> [Unicode.Scalar: String] {
        var found: [Unicode.Scalar: String] = [:]
        let folders = ["Sources/DeckCore", "Resources/lessons"]
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where ["swift", "lesson"].contains(file.pathExtension) {
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    if code.hasPrefix("//") || code.hasPrefix("#") { continue }  // comments (Swift, lessons)
                    for scalar in line.unicodeScalars where scalar.value >= 0x80 && found[scalar] == nil {
                        found[scalar] = "\(file.lastPathComponent):\(number + 1)"
                    }
                }
            }
        }
        return found
    }

    @Test func everyCharacterDaemondeckWritesHasAnASCIIStandIn() throws {
        let written = try Self.charactersWritten()
        #expect(written.count > 10, "the sources were found under \(Self.root.path)")
        for (scalar, place) in written.sorted(by: { $0.key.value < $1.key.value }) {
            guard let shown = ScreenBuffer.displayable(scalar) else { continue }  // combining marks are skipped
            #expect(ScreenBuffer.asciiStandIn(shown) != "?",
                    "\(scalar) (U+\(String(scalar.value, radix: 16, uppercase: true)), first at \(place)) shows as ? under LANG=C: give it a stand-in in ScreenBuffer.asciiStandIn")
        }
    }

    @Test func helpTitleReadsInASCII() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 0))
        state.overlay = .help
        let screen = DashboardView.render(state, width: 80, height: 24, glyphs: .ascii)
        #expect(screen.lines[0].hasPrefix("+ Help - P Python / Swift - any other key closes -"), "\(screen.lines[0])")
        #expect(screen.lines.last == " Help - any key closes - P shows Python / Swift")
        #expect(screen.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
    }
}
