import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// The lists a reader of the docs relies on come from the code, as the key table does: docs/lessons.md's
/// step and setting tables are the lesson parser's, troubleshooting's config keys are the config file's,
/// and the parser's own "unknown command" message names every command it takes.
@Suite struct DocumentListsTests {
    static let docs = DocumentsTests.root.appendingPathComponent("docs")

    /// The first word of each backquoted item in the first column of the table under `header`
    /// (`start WORKER`, `stop WORKER` give start and stop).
    static func firstColumnWords(_ text: String, header: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: header) else { return [] }
        var words: [String] = []
        for line in lines[(start + 2)...] {
            guard line.hasPrefix("| ") else { break }
            let cell = line.dropFirst(2).prefix { $0 != "|" }
            for (index, part) in cell.split(separator: "`", omittingEmptySubsequences: false).enumerated() where index % 2 == 1 {
                if let word = part.split(separator: " ").first { words.append(String(word)) }
            }
        }
        return words
    }

    /// A one-step lesson's parse error (nil if it parsed).
    static func parseError(_ body: String) -> String? {
        do {
            _ = try LessonParser.parse("title: t\n" + body + "\n", name: "t", file: "t.lesson")
            return nil
        } catch {
            return error.message
        }
    }

    @Test func everyListedStepCommandIsOneTheParserTakes() {
        for command in LessonParser.stepCommands {
            let error = Self.parseError(command)
            #expect(error?.contains("unknown command") != true, "\(command): \(error ?? "")")
        }
        #expect(Self.parseError("frobnicate")?.contains("unknown command") == true)
    }

    @Test func everyListedSettingIsOneTheParserTakes() {
        for setting in LessonParser.settingNames {
            // A setting with a bad value is refused as that setting, never as an unknown command.
            let error = Self.parseError(setting + " ???\nnarrate hello")
            #expect(error?.hasPrefix(setting) == true, "\(setting): \(error ?? "accepted")")
        }
    }

    @Test func unknownCommandNamesEveryCommandAndSetting() throws {
        let error = try #require(Self.parseError("frobnicate"))
        for name in LessonParser.stepCommands + LessonParser.settingNames {
            #expect(error.contains(" \(name),") || error.contains(" \(name);") || error.contains(" \(name))"), "names \(name)")
        }
    }

    @Test func lessonsDocStepTableIsTheParsersCommands() throws {
        let text = try String(contentsOf: Self.docs.appendingPathComponent("lessons.md"), encoding: .utf8)
        let steps = Self.firstColumnWords(text, header: "| step | what it does |")
        #expect(Set(steps) == Set(LessonParser.stepCommands), "docs/lessons.md's step table: \(steps)")
        let settings = Self.firstColumnWords(text, header: "| line | meaning | default |").filter { $0 != "title:" }
        #expect(Set(settings) == Set(LessonParser.settingNames), "docs/lessons.md's settings table: \(settings)")
        let values = DeckConfig().values.map { "`\($0.name)`" }.joined(separator: ", ")
        #expect(text.contains("| `set NAME NUMBER` | the main loop writes NUMBER to the shared value NAME (\(values)) |"),
                "the set row names the shared values \(values)")
    }

    @Test func troubleshootingNamesEveryConfigKey() throws {
        let text = try String(contentsOf: Self.docs.appendingPathComponent("troubleshooting.md"), encoding: .utf8)
        let sentence = try #require(text.firstRange(of: "keys are ").map { text[$0.upperBound...].prefix { $0 != "." } })
        let keys = sentence.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
        #expect(keys == ConfigFile.keys, "docs/troubleshooting.md's config keys")
    }
}
