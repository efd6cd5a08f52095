import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// `run-python PROGRAM`: a lesson runs one of daemondeck's Python programs as a real child beside its
/// Swift side, its lines in the same log under `Python`; without python3 it says once what it would have
/// shown and the lesson goes on. Lessons run in a process of their own (`--plain --lesson FILE`), so each
/// test can give it the PATH it wants.
@Suite(.serialized) struct PythonLessonStepTests {
    static let programsFolder = ShippedLessons.folder.deletingLastPathComponent().appendingPathComponent("python/lessons")

    /// A one-step lesson around `run-python`, written to a temporary file.
    static func lessonFile(_ program: String, extra: String = "") throws -> URL {
        let text = """
            title: run-python \(program)
            run-python \(program)
            expect "python step over:" within 120s
            \(extra)
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pylesson-\(program)-\(UUID().uuidString).lesson")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// `daemondeck ARGUMENTS` with `PATH` set to `path`; its output lines.
    static func daemondeck(_ arguments: [String], path: String) throws -> (status: Int32, lines: [String]) {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = path
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let run = try ProgramRun.run(TmuxSession.binaryPath, arguments, environment: environment, seconds: 300)
        return (run.status, (run.stdout + run.stderr).split(separator: "\n").map(String.init))
    }

    static var python3: String? {
        guard case .success(let path) = WatchCommandResolver.resolve("python3") else { return nil }
        return path
    }

    @Test func everyShippedProgramIsEmbeddedAndSaysWhatItShows() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.programsFolder.path)
            .filter { $0.hasSuffix(".py") }.map { String($0.dropLast(3)) }.sorted()
        #expect(PythonLessonPrograms.names == files)
        for name in PythonLessonPrograms.names {
            // What the step says without python3 comes from the program's first line.
            #expect(PythonLessonPrograms.source(name)?.hasPrefix("# shows: ") == true, "\(name).py")
            #expect(PythonLessonPrograms.shows(name) != "the Python original", "\(name).py")
        }
    }

    @Test func parserTakesOnlyShippedPrograms() throws {
        let lesson = try LessonParser.parse("title: t\nrun-python daemon_exit\n", name: "t", file: "t.lesson")
        #expect(lesson.steps.map(\.command) == [.runPython("daemon_exit")])
        #expect(throws: LessonParseError.self) { try LessonParser.parse("title: t\nrun-python /tmp/evil.py\n", name: "t", file: "t.lesson") }
        let error = try #require(throws: LessonParseError.self) {
            try LessonParser.parse("title: t\nrun-python nope\n", name: "t", file: "t.lesson")
        }
        #expect(error.line == 2)
        #expect(error.message.contains("lost_updates"), "names the programs: \(error.message)")
    }

    /// The shipped lessons that run Python each use a program that exists and expect the step's end.
    @Test func shippedLessonsWaitForTheirPythonStep() throws {
        for name in ["lost-updates", "daemon-exit", "cancel", "parallel", "monitor"] {
            let lesson = try LessonLibrary.resolve(name)
            let runs = lesson.steps.compactMap { step -> String? in
                if case .runPython(let program) = step.command { return program }
                return nil
            }
            #expect(runs.count == 1, "\(name) runs one Python program")
            let after = lesson.steps.drop { if case .runPython = $0.command { return false }; return true }.dropFirst().first
            #expect(after?.command == .expect(PythonLessonPrograms.stepEnded, withinMs: after.map { step in
                if case .expect(_, let ms) = step.command { return ms }
                return 0
            } ?? 0), "\(name): the step after run-python waits for its end")
        }
    }

    /// A narration is shown whether or not python3 ran the step, so the one that introduces it says the run
    /// depends on python3 and claims nothing about what the run puts on screen (docs/lessons.md's rule).
    @Test(arguments: ["daemon-exit", "monitor", "cancel", "lost-updates", "parallel"])
    func theNarrationBeforeAPythonStepIsTrueWithoutPython3(name: String) throws {
        let lesson = try LessonLibrary.resolve(name)
        let runAt = try #require(lesson.steps.firstIndex { if case .runPython = $0.command { return true }; return false })
        let narrations = lesson.steps[..<runAt].compactMap { step -> String? in
            if case .narrate(let text) = step.command { return text }
            return nil
        }
        let introduces = try #require(narrations.last, "\(name) narrates before its Python step")
        #expect(introduces.contains("if python3 is on PATH"), "\(name): \(introduces)")
        for claim in ["Its lines come into the log as Python", "its threads are rows while it runs", "run now as a real child"] {
            #expect(!introduces.contains(claim), "\(name): \(introduces)")
        }
    }

    @Test func withoutPython3TheStepSaysWhatItWouldHaveShownOnceAndTheLessonGoesOn() throws {
        let file = try Self.lessonFile("daemon_exit", extra: "narrate the Swift side goes on\n")
        defer { try? FileManager.default.removeItem(at: file) }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let run = try Self.daemondeck(["--plain", "--lesson", file.path], path: empty.path)
        #expect(run.status == 0, "\(run.lines.joined(separator: "\n"))")
        let missing = run.lines.filter { $0.contains("not run: python3: command not found") }
        #expect(missing.count == 1, "said once: \(run.lines.joined(separator: "\n"))")
        #expect(missing.first?.contains("this step would have run daemon_exit.py, which shows a Python main thread") == true)
        #expect(missing.first?.contains("the Swift side goes on") == true)
        #expect(run.lines.contains { $0.contains("the Swift side goes on") && $0.contains("Lesson") }, "the lesson went on")
        #expect(run.lines.contains { $0.contains("1 of 1 expectations met") }, "\(run.lines.joined(separator: "\n"))")
    }

    /// A shipped lesson with a Python step passes its check without python3.
    @Test func aShippedLessonPassesItsCheckWithoutPython3() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let run = try Self.daemondeck(["lessons", "--check", "cancel"], path: empty.path)
        #expect(run.status == 0, "\(run.lines.joined(separator: "\n"))")
        #expect(run.lines.last?.hasPrefix("ok      cancel") == true, "\(run.lines.joined(separator: "\n"))")
    }

    /// Without python3, every shipped lesson with a Python step leaves out the question about that step's
    /// run and its reveal: no Python question, no "Measured in this run" for it, no explanation quoting a
    /// run that never happened; the step says once what it would have shown, and the check still passes.
    @Test(arguments: ["daemon-exit", "monitor", "cancel", "lost-updates", "parallel"])
    func withoutPython3ThePythonQuestionIsLeftOut(name: String) throws {
        let lesson = try LessonLibrary.resolve(name)
        let runAt = try #require(lesson.steps.firstIndex { if case .runPython = $0.command { return true }; return false })
        let ask = try #require(lesson.steps[..<runAt].last { if case .ask = $0.command { return true }; return false })
        let reveal = try #require(lesson.steps[runAt...].first { if case .reveal = $0.command { return true }; return false })
        guard case .ask(let question) = ask.command, case .reveal(let measure) = reveal.command else { return }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let run = try Self.daemondeck(["lessons", "--check", "--json", name], path: empty.path)
        let json = try #require(run.lines.first { $0.hasPrefix("{") }, "\(run.lines.joined(separator: "\n"))")
        let check = try JSONDecoder().decode(LessonCheck.self, from: Data(json.utf8))
        let log = check.lines.joined(separator: "\n")
        #expect(run.status == 0, "\(log)")
        #expect(check.lines.filter { $0.contains("python step over: not run: python3: command not found") }.count == 1, "said once: \(log)")
        #expect(!check.lines.contains { $0.contains(question.text) }, "the Python question is not asked: \(log)")
        #expect(!check.lines.contains { $0.contains(measure.explanation) }, "no explanation of a run that never happened: \(log)")
        let after = check.lines.drop { !$0.contains("python step over: not run") }
        let revealLines = check.lines.drop { !$0.contains("python step over: not run") }.prefix { !$0.contains("Question:") }
        #expect(!revealLines.contains { $0.contains("Measured in this run") }, "no figure for the Python question: \(Array(after))")
    }

    /// A folder holding one executable `python3`, a shell script with `body`, to put first on PATH.
    static func fakePython3(_ body: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fake-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("python3")
        try "#!/bin/sh\n\(body)\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return folder
    }

    /// A real python3 that reports itself as 3.6 (its `sys.version_info` replaced before the program runs),
    /// called as daemondeck calls it: `python3 -c SOURCE`.
    static func python36(_ python: String) -> String {
        #"exec \#(python) -c 'import sys; sys.version_info = (3, 6, 0); src = sys.argv[1]; sys.argv = ["-c"]; exec(compile(src, "<string>", "exec"), {"__name__": "__main__"})' "$2""#
    }

    /// A lesson that asks about a Python step, runs it with `path` first on PATH, and reveals; its lines.
    static func askRunReveal(fakeFolder: URL) throws -> (status: Int32, lines: [String], log: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pylesson-ask-\(UUID().uuidString).lesson")
        try """
            title: ask about a Python step
            ask How many cleanup lines does the task print? | 0 | 1
            run-python asyncio_cancel
            expect "python step over:" within 60s
            reveal count "alarm task: CancelledError" | EXPLANATION-OF-A-RUN
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let path = fakeFolder.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let run = try Self.daemondeck(["--plain", "--answers", "1", "--lesson", file.path], path: path)
        return (run.status, run.lines, run.lines.joined(separator: "\n"))
    }

    /// What a reveal must say about a Python step that did not run to its end: no figure, no credit, no
    /// explanation of a run that never happened.
    static func expectNotMeasured(_ run: (status: Int32, lines: [String], log: String)) {
        #expect(run.status == 0, "\(run.log)")
        #expect(run.lines.contains { $0.contains("Not measured: the Python step did not run") }, "\(run.log)")
        #expect(!run.lines.contains { $0.contains("Measured in this run") }, "\(run.log)")
        #expect(!run.lines.contains { $0.contains("EXPLANATION-OF-A-RUN") }, "\(run.log)")
        #expect(!run.lines.contains { $0.contains("You predicted 1: right") || $0.contains("not this time") }, "\(run.log)")
    }

    /// A python3 that fails (here: exits 2 at once) ran nothing the reveal may count.
    @Test func aPython3ThatFailsIsNotAMeasuredRun() throws {
        let fake = try Self.fakePython3("exit 2")
        defer { try? FileManager.default.removeItem(at: fake) }
        let run = try Self.askRunReveal(fakeFolder: fake)
        let failed = run.lines.filter { $0.contains("python step over: failed: python3 exited with status 2 after ") }
        #expect(failed.count == 1, "said once: \(run.log)")
        #expect(failed.first?.contains("the step would have shown an asyncio task ticking") == true, "\(run.log)")
        Self.expectNotMeasured(run)
    }

    /// A python3 too old for the programs: each shipped program, run by a real interpreter that reports
    /// itself as 3.6, says so and exits with the status daemondeck reads as "too old".
    @Test func everyProgramExitsWithTheTooOldStatusOnAnOldPython() throws {
        let python = try #require(Self.python3, "python3 is not on PATH here")
        let fake = try Self.fakePython3(Self.python36(python))
        defer { try? FileManager.default.removeItem(at: fake) }
        for name in PythonLessonPrograms.names {
            let source = try #require(PythonLessonPrograms.source(name))
            let run = try ProgramRun.run(fake.appendingPathComponent("python3").path, ["-c", source], seconds: 60)
            #expect(run.status == PythonLessonPrograms.tooOldStatus, "\(name).py: \(run.stdout)\(run.stderr)")
            #expect(run.stdout == "this is Python 3.6; \(PythonLessonPrograms.tooOldText)\n", "\(name).py: \(run.stdout)")
        }
    }

    /// The step on that old interpreter counts as not run: it says once what it would have shown, and its
    /// question is not measured.
    @Test func aPython3TooOldIsNotAMeasuredRun() throws {
        let python = try #require(Self.python3, "python3 is not on PATH here")
        let fake = try Self.fakePython3(Self.python36(python))
        defer { try? FileManager.default.removeItem(at: fake) }
        let run = try Self.askRunReveal(fakeFolder: fake)
        let notRun = run.lines.filter { $0.contains("python step over: not run: ") && $0.contains("is older than Python 3.8") }
        #expect(notRun.count == 1, "said once: \(run.log)")
        #expect(notRun.first?.contains("this step would have run asyncio_cancel.py, which shows an asyncio task ticking") == true, "\(run.log)")
        Self.expectNotMeasured(run)
        // An older program that printed the line but exited 0 is read the same way.
        let quiet = try Self.fakePython3("echo \"this is Python 3.6; \(PythonLessonPrograms.tooOldText)\"; exit 0")
        defer { try? FileManager.default.removeItem(at: quiet) }
        let old = try Self.askRunReveal(fakeFolder: quiet)
        #expect(old.lines.filter { $0.contains("python step over: not run: ") }.count == 1, "\(old.log)")
        Self.expectNotMeasured(old)
    }

    @Test func withPython3ItsLinesComeIntoTheLogAndNothingIsLeftBehind() throws {
        let python = try #require(Self.python3, "python3 is not on PATH here")
        let file = try Self.lessonFile("daemon_exit")
        defer { try? FileManager.default.removeItem(at: file) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let run = try Self.daemondeck(["--plain", "--lesson", file.path], path: path)
        let log = run.lines.joined(separator: "\n")
        #expect(run.status == 0, "\(log)")
        #expect(run.lines.contains { $0.contains("Python") && $0.contains("python3 daemon_exit.py (\(python))") }, "\(log)")
        // Python's interpreter joined the non-daemon thread; the daemon thread was cut off mid-sleep.
        #expect(run.lines.contains { $0.contains("Python") && $0.contains("[non-daemon] woke at") }, "\(log)")
        #expect(!run.lines.contains { $0.contains("[daemon] woke at") }, "\(log)")
        #expect(run.lines.contains { $0.contains("python step over: python3 exited with status 0") }, "\(log)")
    }

    /// parallel.py says what its own figures showed: "more than one core at once" only beside a figure above
    /// 110% of one core, otherwise that it was not more than one core in this run (a busy machine, one core);
    /// the lesson's reveal points to that line instead of claiming a result the run may not have had.
    @Test func parallelSaysOnlyWhatItsRunMeasured() throws {
        let python = try #require(Self.python3, "python3 is not on PATH here")
        let source = try #require(PythonLessonPrograms.source("parallel"))
        let run = try ProgramRun.run(python, ["-c", source], environment: ProcessInfo.processInfo.environment, seconds: 240)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let cpuLines = lines.filter { $0.contains("CPU-bound: ") }
        #expect(cpuLines.count == 2, "threads and processes: \(lines)")
        for line in cpuLines {
            let percent = try #require(LessonMeasure(kind: .number("CPU-bound: "), usual: nil, explanation: "").measure([line]), "\(line)")
            // The verdict names the 110% threshold, so 104% does not read as "not more than one core".
            if percent > 110 {
                #expect(line.hasSuffix(": above 110%, so more than one core at once"), "\(line)")
            } else {
                #expect(line.contains(": up to 110% counts as one core (a margin for timing noise), so this run did not show more than one core at once ("), "\(line)")
            }
        }
        let lesson = try LessonLibrary.resolve("parallel")
        let explanation = lesson.steps.compactMap { step -> String? in
            if case .reveal(let measure) = step.command, measure.kind == .number("Python threads, CPU-bound: ") { return measure.explanation }
            return nil
        }.first
        #expect(explanation?.contains("The processes line says what they reached in this run") == true, "\(explanation ?? "no reveal")")
        // What the step says without python3 promises no figure: processes *can* use more than one core.
        let shows = PythonLessonPrograms.shows("parallel")
        #expect(!shows.contains("processes using more than one"), "\(shows)")
        #expect(shows.contains("can use more than one core when cores are free"), "\(shows)")
    }

    /// The lesson moves on (here: it ends) while the program still runs: its group is ended, not left behind.
    @Test func aQuitEndsTheProgramsGroup() throws {
        _ = try #require(Self.python3, "python3 is not on PATH here")
        // parallel.py runs for seconds; the lesson is over at once, and the quit stops the worker.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pylesson-quit-\(UUID().uuidString).lesson")
        try "title: quit\nrun-python parallel\nexpect \"workers, each adding\" within 60s\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Self.daemondeck(["--plain", "--lesson", file.path], path: ProcessInfo.processInfo.environment["PATH"] ?? "")
        let log = run.lines.joined(separator: "\n")
        #expect(run.status == 0, "\(log)")
        let ended = run.lines.first { $0.contains("python step over: python3 killed by signal 15 (SIGTERM)") }
        #expect(ended != nil, "\(log)")
        // No process of the program's group is left (its own group, named in the log: other tests may run
        // the same program at the same time, so a search by its text would find theirs).
        let started = try #require(run.lines.first { $0.contains("a process group of its own") }, "\(log)")
        let digits = started.range(of: "pid ").map { String(started[$0.upperBound...].prefix(while: \.isNumber)) } ?? ""
        let pid: Int32 = try #require(Int32(digits), "\(started)")
        let alive = kill(-pid, 0) == 0
        #expect(!alive, "process group \(pid) still has processes")
    }
}
