import Foundation
import DeckCore
import Testing

@Suite struct LessonParserTests {
    static let good = """
        # a comment, then a blank line

        title: Good lesson
        monitors 2
        interval 250ms
        alarm-ticks 3
        alarm-period 1.5s
        seed 42
        auto-gap 100ms-2s
        narrate Hello, #1 is not a comment here.
        snippet let t = Thread { }
        python while True:
        python     sleep(0.1)
        press space
        press Right
        set data 3.5
        start monitor
        start job dispatch
        stop counters locked
        stall heartbeat
        resume heartbeat
        wait 1.5s
        wait 300ms
        pause
        expect "ALARM!" within 8s
        expect no "never seen" for 2s
        run-child daemon-exit
        freeze
        step Monitor-1
        thaw
        """

    @Test func parsesEveryCommandAndSetting() throws {
        let lesson = try LessonParser.parse(Self.good, name: "good", file: "good.lesson")
        #expect(lesson.title == "Good lesson")
        #expect(lesson.settings.monitors == 2)
        #expect(lesson.settings.intervalMs == 250)
        #expect(lesson.settings.alarmTicks == 3)
        #expect(lesson.settings.alarmPeriodMs == 1500)
        #expect(lesson.settings.seed == 42)
        #expect(lesson.settings.autoGapMs == 100...2000)
        #expect(lesson.steps.map(\.command) == [
            .narrate("Hello, #1 is not a comment here."), .snippet("let t = Thread { }"),
            .python("while True:"), .python("    sleep(0.1)"), .press(.char(" ")), .press(.right), .set(name: "data", value: 3.5),
            .start(.monitor), .start(.job(.dispatch)), .stop(.counters(locked: true)), .stall, .resume,
            .wait(ms: 1500), .wait(ms: 300), .pause,
            .expect("ALARM!", withinMs: 8000), .expectNo("never seen", forMs: 2000), .runChild(.daemonExit),
            .freeze(.freeze), .freeze(.step(worker: "Monitor-1")), .freeze(.thaw),
        ])
        #expect(lesson.steps.first?.line == 10)
        #expect(lesson.steps.last?.line == 30)
    }

    /// Each bad line, placed at line 3 after a title and a narration, is refused with that line number.
    @Test(arguments: [
        ("frobnicate 3", "unknown command 'frobnicate'"),
        ("wait 3 seconds", "wait needs a duration"),
        ("wait -1s", "wait needs a duration"),
        ("press NoSuchKey", "press needs one key"),
        ("set nothing 1", "unknown value 'nothing'"),
        ("set data many", "set needs a value name and a number"),
        ("start shell", "unknown worker 'shell'"),
        ("start job python", "unknown worker 'job python'"),
        ("run-child /bin/sh", "run-child needs one of daemondeck's scenarios"),
        ("expect ALARM! within 3s", "expect needs a quoted text"),
        ("expect \"ALARM!\" in 3s", "expect needs 'within'"),
        ("expect no \"x\" within 3s", "expect needs 'for'"),
        ("pause now", "pause takes no argument"),
        ("monitors 2", "must come before the first step"),
        ("title: again", "a second title"),
        ("stall monitor", "stall needs 'heartbeat'"),
        ("freeze now", "freeze takes no argument"),
        ("step", "step needs one worker name"),
        ("step Monitor 1", "step needs one worker name"),
    ])
    func refusesABadLineWithItsNumber(line: String, message: String) {
        let text = "title: t\nnarrate hello\n\(line)\nnarrate after\n"
        #expect {
            _ = try LessonParser.parse(text, name: "bad", file: "bad.lesson")
        } throws: { error in
            guard let error = error as? LessonParseError else { return false }
            return error.line == 3 && error.file == "bad.lesson" && error.message.contains(message)
                && error.description.hasPrefix("bad.lesson:3: ")
        }
    }

    @Test func badSettingValuesNameTheirLine() {
        #expect(throws: LessonParseError(file: "f", line: 2, message: "monitors needs a whole number from 0 to 16, got '99'")) {
            _ = try LessonParser.parse("title: t\nmonitors 99\nnarrate x", name: "f", file: "f")
        }
        #expect(throws: LessonParseError(file: "f", line: 4, message: "auto-gap needs a range of durations like 200ms-2.5s (low <= high, at most 60s), got '2s-1s'")) {
            _ = try LessonParser.parse("title: t\n\n# c\nauto-gap 2s-1s\nnarrate x", name: "f", file: "f")
        }
    }

    @Test func missingTitleAndEmptyLessonAreRefused() {
        #expect(throws: LessonParseError(file: "f", line: 1, message: "missing 'title: ...' line")) {
            _ = try LessonParser.parse("narrate x\n", name: "f", file: "f")
        }
        #expect(throws: LessonParseError(file: "f", line: 2, message: "the lesson has no steps")) {
            _ = try LessonParser.parse("title: t\n# nothing", name: "f", file: "f")
        }
    }

    @Test func everyShippedLessonParses() throws {
        let files = ShippedLessons.files
        #expect(Set(files.map(\.name)) == Set(LessonLibrary.order))
        for (name, path) in files {
            let lesson = try LessonParser.parse(file: path)
            #expect(lesson.name == name)
            #expect(!lesson.title.isEmpty)
            // Every shipped lesson shows the Python original beside its Swift.
            #expect(lesson.steps.contains { if case .python = $0.command { true } else { false } }, "\(name) has no python line")
        }
    }
}

/// docs/lessons.md teaches the format by example: every example block that is a lesson (it has a
/// `title:` line) must parse with the real parser, and every lesson the shipped folder holds is listed.
@Suite struct LessonsDocTests {
    static let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/lessons.md")

    static func codeBlocks(_ text: String) -> [String] {
        text.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    }

    @Test func everyLessonExampleInTheDocParses() throws {
        let text = try String(contentsOf: Self.doc, encoding: .utf8)
        let examples = Self.codeBlocks(text).filter { $0.contains("\ntitle:") }
        #expect(!examples.isEmpty, "the doc shows at least one lesson")
        for example in examples {
            let lesson = try LessonParser.parse(example, name: "doc-example", file: "docs/lessons.md")
            #expect(!lesson.steps.isEmpty)
        }
    }

    @Test func theDocListsEveryShippedLesson() throws {
        let text = try String(contentsOf: Self.doc, encoding: .utf8)
        for name in LessonLibrary.shippedNames() { #expect(text.contains("| `\(name)` |"), "\(name)") }
    }
}

@Suite struct RevealSumTests {
    @Test func sumAddsTheWritesMissedNotTheLines() throws {
        let lesson = try LessonParser.parse("title: t\nask q | 0 | 1-2 | 3+\nreveal sum \"missed \" usual 3 | why\n", name: "t", file: "t")
        guard case .reveal(let measure) = lesson.steps[1].command else { Issue.record("not a reveal"); return }
        let lines = ["Monitor-1 missed 4 changes of data: v2–v5 never seen", "Monitor-1 data has changed to 3.000",
                     "Monitor-1 missed 1 change of data: v7 never seen"]
        #expect(measure.measure(lines) == 5)
        #expect(measure.measure(["Monitor-1 data has changed to 3.000"]) == 0, "nothing missed is a measured 0")
        #expect(measure.quantity.contains("added"))
    }
}
