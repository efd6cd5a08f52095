import DeckCore
import Testing

/// Lesson, board and config files saved by a Windows editor (CRLF) or with a byte-order mark read as the
/// same file with plain `\n`: same lines, same line numbers in errors.
@Suite struct TextLinesTests {
    static let board = "int x\nthread T1\n  load x\nthread T2\n  write x 1\ngoal x == 1\n"

    @Test func crlfAndABOMReadAsPlainLines() throws {
        let plain = try BoardParser.parse(Self.board, name: "b", file: "b.board")
        let crlf = try BoardParser.parse(Self.board.replacingOccurrences(of: "\n", with: "\r\n"), name: "b", file: "b.board")
        let bom = try BoardParser.parse("\u{FEFF}" + Self.board, name: "b", file: "b.board")
        #expect(crlf == plain)
        #expect(bom == plain)
        #expect(TextLines.split("a\r\nb\nc") == ["a", "b", "c"])
    }

    @Test func anErrorInACRLFFileNamesItsLine() {
        let text = "int x\r\nthread T1\r\n  lod x\r\nthread T2\r\n  load x\r\ngoal x == 1\r\n"
        #expect(throws: BoardParseError.self) { try BoardParser.parse(text, name: "b", file: "b.board") }
        do {
            _ = try BoardParser.parse(text, name: "b", file: "b.board")
        } catch {
            #expect(error.description.hasPrefix("b.board:3: unknown statement 'lod'"), "\(error.description)")
        }
    }

    @Test func aCRLFLessonReadsAsItsPlainSelf() throws {
        let lesson = "title: t\nnarrate hello\n"
        let plain = try LessonParser.parse(lesson, name: "t", file: "t.lesson")
        let crlf = try LessonParser.parse(lesson.replacingOccurrences(of: "\n", with: "\r\n"), name: "t", file: "t.lesson")
        #expect(crlf.title == plain.title && crlf.steps.count == plain.steps.count)
    }
}
