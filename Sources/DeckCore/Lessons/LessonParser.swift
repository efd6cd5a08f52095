/// A lesson file that does not parse: `file:line: what is wrong`.
public typealias LessonParseError = FileLineError

/// Reads the lesson format (see docs/lessons.md). Every line is a comment, a blank, the title, a setting
/// (before the first step) or a step. Anything else is an error with its line number: never skipped.
public enum LessonParser {
    public static func parse(file path: String) throws(LessonParseError) -> Lesson {
        let text: String
        switch TextFile.read(path) {
        case .failure(.unreadable): throw LessonParseError(file: path, line: 0, message: "cannot read the file")
        case .failure(.notUTF8): throw LessonParseError(file: path, line: 0, message: "not UTF-8 text")
        case .success(let read): text = read
        }
        let name = LessonLibrary.lessonName(ofFile: path)
        return try parse(text, name: name, file: path)
    }

    public static func parse(_ text: String, name: String, file: String) throws(LessonParseError) -> Lesson {
        var title: String?
        var settings = LessonSettings()
        var steps: [LessonStep] = []
        let lines = TextLines.split(text)
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            func fail(_ message: String) -> LessonParseError {
                LessonParseError(file: file, line: number, message: message)
            }
            let line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            var (word, rest) = split(line)
            // Code keeps its own indentation (Python needs it): only the one space after the word is dropped.
            if word == "snippet" || word == "python", line.count > word.count + 1 {
                rest = String(line.dropFirst(word.count + 1))
            }
            if word == "title:" {
                guard title == nil else { throw fail("a second title (the first one stands)") }
                guard !rest.isEmpty else { throw fail("title: needs a text") }
                title = rest
                continue
            }
            if let setting = try parseSetting(word, rest, into: &settings, fail: fail) {
                guard steps.isEmpty else { throw fail("setting '\(setting)' must come before the first step") }
                continue
            }
            steps.append(LessonStep(line: number, command: try parseCommand(word, rest, fail: fail)))
        }
        guard let title else {
            throw LessonParseError(file: file, line: 1, message: "missing 'title: ...' line")
        }
        guard !steps.isEmpty else {
            throw LessonParseError(file: file, line: max(1, lines.count), message: "the lesson has no steps")
        }
        return Lesson(name: name, title: title, file: file, settings: settings, steps: steps)
    }

    /// Splits `word rest of line`.
    static func split(_ line: String) -> (String, String) {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (line, "") }
        return (String(line[..<space]), line[space...].trimmingWhitespace())
    }

    /// Returns the setting's name if `word` is one (and stores its value), nil if it is not a setting.
    static func parseSetting(_ word: String, _ rest: String, into settings: inout LessonSettings,
                             fail: (String) -> LessonParseError) throws(LessonParseError) -> String? {
        func integer(_ range: ClosedRange<Int>) throws(LessonParseError) -> Int {
            guard let n = Int(rest), range.contains(n) else {
                throw fail("\(word) needs a whole number from \(range.lowerBound) to \(range.upperBound), got '\(rest)'")
            }
            return n
        }
        func duration(_ range: ClosedRange<Int>) throws(LessonParseError) -> Int {
            guard let ms = LessonDuration.parse(rest), range.contains(ms) else {
                throw fail("\(word) needs a duration from \(LessonDuration.text(range.lowerBound)) to \(LessonDuration.text(range.upperBound)) (like 100ms or 1.5s), got '\(rest)'")
            }
            return ms
        }
        switch word {
        case "monitors": settings.monitors = try integer(0...16)
        case "interval": settings.intervalMs = try duration(DeckConfig.intervalRange)
        case "alarm-ticks": settings.alarmTicks = try integer(1...1000)
        case "alarm-period": settings.alarmPeriodMs = try duration(10...60_000)
        case "heartbeat": settings.heartbeatMs = try duration(10...10_000)
        case "watchdog": settings.watchdogMs = try duration(10...60_000)
        case "counter-threads": settings.counterThreads = try integer(2...16)
        case "counter-increments": settings.counterIncrements = try integer(1...10_000_000)
        case "seed":
            guard let seed = UInt64(rest) else { throw fail("seed needs a whole number from 0 to \(UInt64.max), got '\(rest)'") }
            settings.seed = seed
        case "auto-gap":
            let parts = rest.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let low = LessonDuration.parse(parts[0]), let high = LessonDuration.parse(parts[1]),
                  low >= 1, low <= high, high <= 60_000 else {
                throw fail("auto-gap needs a range of durations like 200ms-2.5s (low <= high, at most 60s), got '\(rest)'")
            }
            settings.autoGapMs = low...high
        case "snapshot-writer":
            switch rest {
            case "on": settings.snapshotWriter = true
            case "off": settings.snapshotWriter = false
            default: throw fail("snapshot-writer needs on or off, got '\(rest)'")
            }
        default:
            return nil
        }
        return word
    }

    /// Every step command `parseCommand` accepts, in the order docs/lessons.md lists them; the "unknown
    /// command" message and the test that checks the documents' table both read it.
    public static let stepCommands = ["narrate", "snippet", "python", "press", "set", "start", "stop", "stall", "resume",
                                      "freeze", "thaw", "step", "wait", "pause", "expect", "run-child", "run-python", "ask", "reveal"]

    /// Every setting `parseSetting` accepts (before the first step).
    public static let settingNames = ["monitors", "interval", "alarm-ticks", "alarm-period", "seed", "auto-gap", "snapshot-writer",
                                      "heartbeat", "watchdog", "counter-threads", "counter-increments"]

    static func parseCommand(_ word: String, _ rest: String, fail: (String) -> LessonParseError) throws(LessonParseError) -> LessonCommand {
        func noArgument() throws(LessonParseError) {
            guard rest.isEmpty else { throw fail("\(word) takes no argument, got '\(rest)'") }
        }
        switch word {
        case "narrate":
            guard !rest.isEmpty else { throw fail("narrate needs a text") }
            return .narrate(rest)
        case "snippet":
            guard !rest.isEmpty else { throw fail("snippet needs a line of Swift") }
            return .snippet(rest)
        case "python":
            guard !rest.isEmpty else { throw fail("python needs a line of Python (the original beside the Swift)") }
            return .python(rest)
        case "press":
            guard !rest.isEmpty, let key = Key(name: rest) else {
                throw fail("press needs one key (a character, space, Up, Down, Left, Right, PgUp, PgDn, Home, End, Tab, Enter, Esc, F1-F12), got '\(rest)'")
            }
            return .press(key)
        case "set":
            let (name, value) = split(rest)
            guard !name.isEmpty, let number = Double(value), number.isFinite else {
                throw fail("set needs a value name and a number, like 'set data 3.5', got '\(rest)'")
            }
            let names = DeckConfig().values.map(\.name)
            guard names.contains(name) else {
                throw fail("set: unknown value '\(name)' (values: \(names.joined(separator: ", ")))")
            }
            return .set(name: name, value: number)
        case "start", "stop":
            let worker = try parseWorker(rest, fail: fail)
            return word == "start" ? .start(worker) : .stop(worker)
        case "stall", "resume":
            guard rest == "heartbeat" else { throw fail("\(word) needs 'heartbeat', got '\(rest)'") }
            return word == "stall" ? .stall : .resume
        case "freeze", "thaw":
            try noArgument()
            return .freeze(word == "freeze" ? .freeze : .thaw)
        case "step":
            guard !rest.isEmpty, !rest.contains(" ") else { throw fail("step needs one worker name, like 'step Monitor-1', got '\(rest)'") }
            return .freeze(.step(worker: rest))
        case "wait":
            guard let ms = LessonDuration.parse(rest), ms > 0, ms <= 600_000 else {
                throw fail("wait needs a duration up to 600s like 1.5s or 300ms, got '\(rest)'")
            }
            return .wait(ms: ms)
        case "pause":
            try noArgument()
            return .pause
        case "ask":
            // ask QUESTION | CHOICE | CHOICE [| CHOICE | CHOICE]
            let parts = rest.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
            guard parts.count >= 3, parts.count <= 5, !parts[0].isEmpty, parts.dropFirst().allSatisfy({ !$0.isEmpty }) else {
                throw fail("ask needs a question and 2 to 4 choices: ask How many? | 1 | 3 | 5, got '\(rest)'")
            }
            let question = LessonQuestion(text: parts[0], choices: Array(parts.dropFirst()))
            guard question.choices.allSatisfy({ LessonQuestion.range($0) != nil }) else {
                throw fail("each choice of ask is a number (3), a range (1-2) or at least a number (3+), got '\(parts.dropFirst().joined(separator: " | "))'")
            }
            return .ask(question)
        case "reveal":
            return try parseReveal(rest, fail: fail)
        case "expect":
            return try parseExpect(rest, fail: fail)
        case "run-child":
            guard let scenario = ChildScenario(rawValue: rest) else {
                throw fail("run-child needs one of daemondeck's scenarios (\(ChildScenario.allCases.map(\.rawValue).joined(separator: ", "))), got '\(rest)'")
            }
            return .runChild(scenario)
        case "run-python":
            guard PythonLessonPrograms.names.contains(rest) else {
                throw fail("run-python needs one of daemondeck's Python programs (\(PythonLessonPrograms.names.joined(separator: ", "))), got '\(rest)'")
            }
            return .runPython(rest)
        default:
            throw fail("unknown command '\(word)' (commands: \(stepCommands.joined(separator: ", ")); settings: \(settingNames.joined(separator: ", ")))")
        }
    }

    /// `reveal count|number|sum "TEXT" [usual N] | EXPLANATION`.
    static func parseReveal(_ rest: String, fail: (String) -> LessonParseError) throws(LessonParseError) -> LessonCommand {
        let usage = "reveal needs: reveal count \"TEXT\" [usual N] | explanation (or number or sum instead of count)"
        let halves = rest.split(separator: "|", maxSplits: 1).map { $0.trimmingWhitespace() }
        guard halves.count == 2, !halves[1].isEmpty else { throw fail("\(usage), got '\(rest)'") }
        let head = halves[0]
        let kindWord = head.prefix { $0 != " " }
        guard ["count", "number", "sum"].contains(kindWord), head.count > kindWord.count else { throw fail("\(usage), got '\(rest)'") }
        let afterKind = head.drop { $0 != " " }.trimmingWhitespace()
        guard afterKind.first == "\"", let close = afterKind.dropFirst().firstIndex(of: "\"") else {
            throw fail("\(usage): the text goes in double quotes, got '\(rest)'")
        }
        let text = String(afterKind[afterKind.index(after: afterKind.startIndex)..<close])
        guard !text.isEmpty else { throw fail("\(usage): the text is empty") }
        let tail = afterKind[afterKind.index(after: close)...].trimmingWhitespace()
        var usual: Int?
        if !tail.isEmpty {
            let words = tail.split(separator: " ")
            guard words.count == 2, words[0] == "usual", let n = Int(words[1]), (1...4).contains(n) else {
                throw fail("\(usage): after the text only 'usual N' (N a choice, 1-4), got '\(tail)'")
            }
            usual = n
        }
        let kind: LessonMeasure.Kind = switch kindWord {
        case "count": .count(text)
        case "number": .number(text)
        default: .sum(text)
        }
        return .reveal(LessonMeasure(kind: kind, usual: usual, explanation: halves[1]))
    }

    static func parseWorker(_ rest: String, fail: (String) -> LessonParseError) throws(LessonParseError) -> LessonWorker {
        let words = rest.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let allowed = "monitor, alarm, heartbeat, watchdog, counters unlocked|locked, job thread|task|dispatch|process, demo "
            + Demo.allCases.map(\.rawValue).joined(separator: "|") + ", schedule "
            + ScheduleGame.allCases.map(\.rawValue).joined(separator: "|")
        switch words {
        case ["monitor"]: return .monitor
        case ["alarm"]: return .alarm
        case ["heartbeat"]: return .heartbeat
        case ["watchdog"]: return .watchdog
        case ["counters", "unlocked"]: return .counters(locked: false)
        case ["counters", "locked"]: return .counters(locked: true)
        case ["job", "thread"]: return .job(.thread)
        case ["job", "task"]: return .job(.task)
        case ["job", "dispatch"]: return .job(.dispatch)
        case ["job", "process"]: return .job(.process)
        case let words where words.count == 2 && words[0] == "demo" && Demo(rawValue: words[1]) != nil:
            return .demo(Demo(rawValue: words[1])!)
        case let words where words.count == 2 && words[0] == "schedule" && ScheduleGame(rawValue: words[1]) != nil:
            return .schedule(ScheduleGame(rawValue: words[1])!)
        default: throw fail("unknown worker '\(rest)' (lessons can start only: \(allowed))")
        }
    }

    /// `expect "TEXT" within 3s` or `expect no "TEXT" for 2s`.
    static func parseExpect(_ rest: String, fail: (String) -> LessonParseError) throws(LessonParseError) -> LessonCommand {
        var body = Substring(rest)
        var negative = false
        if body.hasPrefix("no ") {
            negative = true
            body = body.dropFirst(3).drop { $0 == " " }
        }
        let shape = negative ? "expect no \"TEXT\" for DURATION" : "expect \"TEXT\" within DURATION"
        guard body.first == "\"", let close = body.dropFirst().firstIndex(of: "\"") else {
            throw fail("expect needs a quoted text: \(shape)")
        }
        let text = String(body[body.index(after: body.startIndex)..<close])
        guard !text.isEmpty else { throw fail("expect needs a non-empty text: \(shape)") }
        let (keyword, durationText) = split(body[body.index(after: close)...].trimmingWhitespace())
        guard keyword == (negative ? "for" : "within") else { throw fail("expect needs '\(negative ? "for" : "within")' after the text: \(shape)") }
        guard let ms = LessonDuration.parse(durationText), ms > 0, ms <= 600_000 else {
            throw fail("expect needs a duration up to 600s like 3s or 500ms, got '\(durationText)'")
        }
        return negative ? .expectNo(text, forMs: ms) : .expect(text, withinMs: ms)
    }
}
