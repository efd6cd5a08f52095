import DeckCore
import Testing

@Suite struct ConfigFileTests {
    @Test func readsEveryKeyWithCommentsAndBlankLines() throws {
        let text = """
            # daemondeck defaults
            monitors = 2
            interval=50   # fast polling

            alarm-ticks = 3
            alarm-period = 200
            auto = yes
            seed = 42
            no-color = true
            ascii = off
            theme = high-contrast
            """
        let config = try ConfigFile.parse(text, path: "config")
        #expect(config.monitors == 2)
        #expect(config.interval == 50)
        #expect(config.alarmTicks == 3)
        #expect(config.alarmPeriod == 200)
        #expect(config.auto == true)
        #expect(config.seed == 42)
        #expect(config.noColor == true)
        #expect(config.ascii == false)
        #expect(config.theme == .highContrast)
    }

    @Test func emptyFileSetsNothing() throws {
        #expect(try ConfigFile.parse("# nothing\n\n", path: "c") == ConfigFile())
    }

    @Test(arguments: [
        ("monitors = 2\nbogus = 1\n", 2, "unknown key 'bogus'"),
        ("\n\nmonitors 4\n", 3, "expected 'key = value'"),
        ("interval = 0\n", 1, "interval must be a whole number between 1 and 10000 milliseconds, got '0'"),
        ("# ok\nmonitors = 17\n", 2, "monitors must be a whole number between 0 and 16"),
        ("auto = maybe\n", 1, "auto must be true or false, got 'maybe'"),
        ("theme = pink\n", 1, "theme must be one of dark, light, high-contrast, got 'pink'"),
        ("seed = -1\n", 1, "seed must be a whole number"),
        ("alarm-ticks =\n", 1, "alarm-ticks needs a value"),
        ("ascii = 1\nascii = 0\n", 2, "ascii is set twice"),
    ])
    func badLinesSayFileLineAndWhatIsWrong(text: String, line: Int, message: String) {
        #expect {
            _ = try ConfigFile.parse(text, path: "my.conf")
        } throws: { error in
            guard let error = error as? ConfigFileError else { return false }
            return error.line == line && error.description.hasPrefix("my.conf:\(line): ") && error.message.contains(message)
        }
    }

    @Test func missingDefaultFileIsFineButMissingGivenFileIsAnError() throws {
        let path = "/nonexistent-daemondeck-dir/config"
        #expect(try ConfigFile.load(path: path, required: false) == ConfigFile())
        #expect(throws: ConfigFileError(path: path, line: 0, message: "no such file")) {
            _ = try ConfigFile.load(path: path, required: true)
        }
    }

    @Test func defaultPathFollowsXDGThenHome() {
        #expect(ConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/daemondeck/config")
        #expect(ConfigFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/daemondeck/config")
    }
}
