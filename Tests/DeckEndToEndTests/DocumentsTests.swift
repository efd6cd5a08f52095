import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// README.md and the man page say what the program does: their key tables come from the key map and
/// their option tables from the binary's own option list. `DAEMONDECK_RECORD=1` rewrites the blocks.
@Suite struct DocumentsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let readme = root.appendingPathComponent("README.md")
    static let manual = root.appendingPathComponent("Resources/daemondeck.1")
    static let recording = ProcessInfo.processInfo.environment["DAEMONDECK_RECORD"] == "1"

    /// Checks (or with DAEMONDECK_RECORD=1 rewrites) one generated block of a document.
    func check(_ file: URL, begin: String, end: String, expected: String, _ what: String) throws {
        var text = try String(contentsOf: file, encoding: .utf8)
        if Self.recording {
            text = DocTables.replacing(text, begin: begin, end: end, with: expected)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let block = DocTables.block(text, begin: begin, end: end)
        #expect(block != nil, "\(file.lastPathComponent) has no \(begin) … \(end) block")
        #expect(block == expected, "\(file.lastPathComponent): \(what) differs from the program (DAEMONDECK_RECORD=1 rewrites it)")
    }

    @Test func readmeKeyTableIsTheKeyMap() throws {
        try check(Self.readme, begin: "<!-- keys:begin -->", end: "<!-- keys:end -->", expected: KeyMap.markdownTable, "the key table")
    }

    @Test func manPageKeysAreTheKeyMap() throws {
        try check(Self.manual, begin: ".\\\" keys:begin", end: ".\\\" keys:end", expected: KeyMap.manSection, "KEYS")
    }

    @Test func replayKeysInBothDocumentsAreTheReplayKeyMap() throws {
        try check(Self.readme, begin: "<!-- replay-keys:begin -->", end: "<!-- replay-keys:end -->",
                  expected: KeyMap.replayMarkdownTable, "the replay key table")
        try check(Self.manual, begin: ".\\\" replay-keys:begin", end: ".\\\" replay-keys:end",
                  expected: KeyMap.replayManSection, "the replay keys")
    }

    @Test func readmeOptionTableIsTheOptionList() throws {
        let options = try DocTables.options()
        #expect(options.contains { $0.longNames.contains("--no-auto") }, "the binary describes its options")
        try check(Self.readme, begin: "<!-- options:begin -->", end: "<!-- options:end -->",
                  expected: DocTables.markdownOptions(options), "the option table")
    }

    @Test func manPageOptionsAreTheOptionList() throws {
        try check(Self.manual, begin: ".\\\" options:begin", end: ".\\\" options:end",
                  expected: DocTables.manOptions(try DocTables.options()), "OPTIONS")
    }

    /// `daemondeck lessons --check`, `bench --only`: what a subcommand's `--help` offers, both documents name.
    @Test func everySubcommandOptionIsNamedInBothDocuments() throws {
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        let manual = try String(contentsOf: Self.manual, encoding: .utf8)
        let subcommands = try DocTables.subcommandOptions()
        #expect(subcommands.contains { $0.command == "lessons" && $0.options.contains("--check") }, "the binary describes its subcommands")
        for (command, options) in subcommands {
            #expect(readme.contains("`daemondeck \(command)"), "README names daemondeck \(command)")
            #expect(manual.contains("daemondeck \(command)"), "the man page names daemondeck \(command)")
            for option in options {
                #expect(readme.contains(option), "README names daemondeck \(command) \(option)")
                #expect(manual.contains(option.replacingOccurrences(of: "-", with: "\\-")), "the man page names daemondeck \(command) \(option)")
            }
        }
    }

    /// The mouse is documented where the keys are: README, the man page and the help overlay, from one list.
    @Test func theMouseIsDocumentedInHelpReadmeAndTheManPage() throws {
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        let manual = try String(contentsOf: Self.manual, encoding: .utf8)
        #expect(KeyMap.mouseBindings.map(\.gesture) == ["wheel", "click"], "what Reducer.handleMouse does today")
        let help = KeyMap.helpLines.first { $0.keys == "mouse" }
        for mouse in KeyMap.mouseBindings {
            #expect(readme.contains("| `mouse \(mouse.gesture)` | \(mouse.manual) |"), "README's key table has the mouse \(mouse.gesture)")
            #expect(manual.contains(".B mouse \(mouse.gesture)\n\(mouse.manual.replacing("`", with: ""))"),
                    "the man page's KEYS has the mouse \(mouse.gesture)")
            #expect(help?.help.contains(mouse.help) == true, "help names the mouse \(mouse.gesture)")
        }
    }

    @Test func everyKeyIsNamedInBothDocuments() throws {
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        let manual = try String(contentsOf: Self.manual, encoding: .utf8)
        for binding in KeyMap.bindings {
            for key in binding.keys {
                #expect(readme.contains("`\(key.description == "|" ? "\\|" : key.description)`"), "README names key \(key.description)")
                #expect(manual.contains(KeyMap.manEscape(key.description)), "the man page names key \(key.description)")
            }
        }
    }
}
