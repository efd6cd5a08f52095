#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials

/// One lesson played from start to end without a presenter, the way `daemondeck lessons --check` plays
/// it: plain mode, the lesson's own settings (never a config file's), real workers at full speed, and
/// reading pauses longer than a second cut to one second.
public struct LessonCheck: Sendable, Equatable, Codable {
    public var name: String
    /// The run's exit status: 0, 1 for a failed expectation, 128 + N after signal N.
    public var code: Int32
    /// The first expectation that failed, as `file:line: what was expected`.
    public var failure: String?
    public var met: Int
    /// The lesson's `expect` and `expect no` steps.
    public var expectations: Int
    public var finished: Bool
    public var seconds: Double
    /// Every line plain mode printed, for a run that failed.
    public var lines: [String]
    /// Each reveal's measured choice, in the order the lesson reveals them.
    public var outcomes: [QuestionOutcome] = []

    public init(name: String, code: Int32, failure: String?, met: Int, expectations: Int, finished: Bool,
                seconds: Double, lines: [String], outcomes: [QuestionOutcome] = []) {
        self.name = name
        self.code = code
        self.failure = failure
        self.met = met
        self.expectations = expectations
        self.finished = finished
        self.seconds = seconds
        self.lines = lines
        self.outcomes = outcomes
    }

    public var passed: Bool { code == 0 && failure == nil && finished && met == expectations }
    public var interrupted: Bool { code >= 128 }

    /// `ok      alarm  3 of 3 expectations met, 9.6 s`, `FAILED  alarm  2 of 3 …: file:line: …`, or
    /// `STOPPED …` after Ctrl-C or SIGTERM.
    public func verdict(nameWidth: Int = 0) -> String {
        let padded = name + String(repeating: " ", count: max(0, nameWidth - name.count))
        let counts = "\(met) of \(expectations) expectation\(expectations == 1 ? "" : "s") met"
        let time = "\((seconds * 10).rounded() / 10) s"
        if passed { return "ok      \(padded)  \(counts), \(time)" }
        if interrupted { return "STOPPED \(padded)  \(counts), \(time): stopped by signal \(code - 128)" }
        let reason = failure ?? (finished ? "exit status \(code)" : "stopped before its last step")
        return "FAILED  \(padded)  \(counts), \(time): \(reason)"
    }

    /// Plays `lesson` on the calling thread, which blocks until the lesson ends (its length at most).
    /// `installSignals`: Ctrl-C and SIGTERM stop the run the way they stop plain mode.
    public static func run(_ lesson: Lesson, installSignals: Bool) -> LessonCheck {
        var lines: [String] = []
        let started = monotonicNanos()
        let runner = PlainRunner(config: DeckConfig(), duration: 1, lesson: lesson, lessonSpeed: 0,
                                 output: { line in lines.append(line); return true })
        let code = runner.run(installSignals: installSignals)
        let active = runner.finalState.lessons.active
        return LessonCheck(name: lesson.name, code: code, failure: runner.lessonFailure,
                           met: active?.expectationsMet ?? 0, expectations: lesson.expectationCount,
                           finished: active?.finished ?? false,
                           seconds: Double(monotonicNanos() - started) / 1e9, lines: lines,
                           outcomes: active?.outcomes ?? [])
    }
}

extension Lesson {
    /// How many `expect` and `expect no` steps the lesson has.
    public var expectationCount: Int {
        steps.filter {
            switch $0.command {
            case .expect, .expectNo: true
            default: false
            }
        }.count
    }
}

/// One reveal in one run: the question, and the choice this run's measured figure fell in.
public struct QuestionOutcome: Sendable, Equatable, Codable {
    public var question: String
    public var choices: [String]
    public var measured: Int?
    /// The 1-based choice the figure fell in; nil when nothing was measured.
    public var choice: Int?
    /// The choice the lesson says a typical run comes to.
    public var usual: Int?

    public init(question: String, choices: [String], measured: Int?, choice: Int?, usual: Int?) {
        self.question = question
        self.choices = choices
        self.measured = measured
        self.choice = choice
        self.usual = usual
    }
}

/// `lessons --check --runs N`: one lesson played N times, and per question how often each choice was the
/// measured answer. A lesson passes when every run met every expectation and each question's `usual`
/// choice was measured in at least half the runs: a question whose usual answer is not the usual outcome
/// teaches the wrong thing.
public struct LessonTally: Sendable, Equatable {
    public struct Question: Sendable, Equatable {
        /// 1-based, in the order the lesson reveals.
        public var number: Int
        public var choices: [String]
        public var usual: Int?
        /// How many runs measured each choice (index 0 is choice 1).
        public var counts: [Int]
        /// Runs that did not reach this reveal, or measured nothing there.
        public var unmeasured: Int
        public var runs: Int

        /// The usual choice was measured in at least half the runs (or the question names none).
        public var usualHolds: Bool {
            guard let usual, counts.indices.contains(usual - 1) else { return true }
            return counts[usual - 1] * 2 >= runs
        }

        /// `q1  1) 0: 0/5  2) 1-2: 1/5  3) 3+: 4/5  usual 3 ✓`
        public var text: String {
            var parts = ["q\(number)"]
            parts += choices.enumerated().map { "\($0.offset + 1)) \($0.element): \(counts[$0.offset])/\(runs)" }
            if unmeasured > 0 { parts.append("not measured: \(unmeasured)/\(runs)") }
            if let usual {
                parts.append(usualHolds ? "usual \(usual) ✓"
                             : "usual \(usual) ✗ FAILED: measured in \(counts[safe: usual - 1] ?? 0) of \(runs) runs, fewer than half")
            } else {
                parts.append("(no usual choice)")
            }
            return parts.joined(separator: "  ")
        }
    }

    public var name: String
    public var runs: [LessonCheck]
    public var questions: [Question]

    public init(name: String, runs: [LessonCheck]) {
        self.name = name
        self.runs = runs
        let asked = runs.map(\.outcomes.count).max() ?? 0
        questions = (0..<asked).map { index in
            let first = runs.lazy.compactMap { $0.outcomes[safe: index] }.first!
            var counts = Array(repeating: 0, count: first.choices.count)
            var unmeasured = 0
            for run in runs {
                if let choice = run.outcomes[safe: index]?.choice, counts.indices.contains(choice - 1) {
                    counts[choice - 1] += 1
                } else {
                    unmeasured += 1
                }
            }
            return Question(number: index + 1, choices: first.choices, usual: first.usual, counts: counts,
                            unmeasured: unmeasured, runs: runs.count)
        }
    }

    /// Runs whose expectations failed (or that were stopped).
    public var failedRuns: [LessonCheck] { runs.filter { !$0.passed } }
    public var passed: Bool { !runs.isEmpty && failedRuns.isEmpty && questions.allSatisfy(\.usualHolds) }

    /// One line per question, then the lesson's verdict:
    /// `ok      alarm  3 runs: every expectation met, every usual choice held, 9.6 s at most`, or `FAILED …`.
    public func report(nameWidth: Int = 0) -> [String] {
        let padded = name + String(repeating: " ", count: max(0, nameWidth - name.count))
        var lines = questions.map { "\(padded)  \($0.text)" }
        let slowest = "\(((runs.map(\.seconds).max() ?? 0) * 10).rounded() / 10) s at most"
        var problems: [String] = []
        if let failed = failedRuns.first {
            let reason = failed.failure ?? (failed.interrupted ? "stopped by signal \(failed.code - 128)"
                                           : failed.finished ? "exit status \(failed.code)" : "stopped before its last step")
            problems.append("\(failedRuns.count) of \(runs.count) runs missed an expectation (first: \(reason))")
        }
        let unusual = questions.filter { !$0.usualHolds }.map { "q\($0.number)" }
        if !unusual.isEmpty { problems.append("usual choice measured in fewer than half the runs: \(unusual.joined(separator: ", "))") }
        if problems.isEmpty {
            lines.append("ok      \(padded)  \(runs.count) runs: every expectation met, every usual choice held, \(slowest)")
        } else {
            lines.append("FAILED  \(padded)  \(runs.count) runs: \(problems.joined(separator: "; "))")
        }
        return lines
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// Plays lessons many times, each run a child process of this binary (`lessons --check --json NAME`): a
/// lesson's alarm is a Task on the cooperative pool, and a process of its own gives each run a pool (and
/// timers) no other run can hold up. At most `parallel` children run at once.
public enum LessonRuns {
    /// The `--json` flag a child is started with: it prints its `LessonCheck` as one JSON line.
    public static let jsonFlag = "--json"

    /// The runs of each target (a shipped name or a .lesson file), in the order given.
    public static func play(_ targets: [String], runs: Int, binary: String, parallel: Int) -> [[LessonCheck]] {
        let jobs = targets.indices.flatMap { target in Array(repeating: target, count: runs) }
        let next = Guarded(0)
        let results = Guarded([[LessonCheck]](repeating: [], count: targets.count))
        let threads = (0..<max(1, min(parallel, jobs.count))).compactMap { n in
            PosixThread(name: "Check-\(n + 1)") {
                while true {
                    let job = next.withLock { index -> Int? in
                        defer { index += 1 }
                        return index < jobs.count ? jobs[index] : nil
                    }
                    guard let target = job else { return }
                    let check = playInChild(targets[target], binary: binary)
                    results.withLock { $0[target].append(check) }
                }
            }
        }
        for thread in threads { thread.join() }
        return results.withLock { $0 }
    }

    /// One run in a child process; a child that dies or prints no report is a failed run that says so.
    static func playInChild(_ target: String, binary: String) -> LessonCheck {
        let started = monotonicNanos()
        func failed(_ reason: String, code: Int32, lines: [String]) -> LessonCheck {
            LessonCheck(name: target, code: code == 0 ? 1 : code, failure: reason, met: 0, expectations: 0, finished: false,
                        seconds: Double(monotonicNanos() - started) / 1e9, lines: lines)
        }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(binary, ["lessons", "--check", jsonFlag, target])
        } catch {
            return failed("could not start \(binary): \(error)", code: 1, lines: [])
        }
        let output = readAll(child.outputFD)
        close(child.outputFD)
        child.waitForExit()
        let code: Int32 = switch child.reap() {
        case .exited(let status): status
        case .signalled(let signal): 128 + signal
        }
        let lines = output.split(separator: "\n").map(String.init)
        if let report = lines.last(where: { $0.hasPrefix("{") }),
           let check = try? JSONDecoder().decode(LessonCheck.self, from: Data(report.utf8)) {
            return check
        }
        let ending = code > 128 ? "killed by signal \(code - 128)" : "exit status \(code)"
        return failed("the run ended (\(ending)) without a report", code: code, lines: lines)
    }

    private static func readAll(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 { bytes += chunk[..<count] } else if count < 0 && errno == EINTR { continue } else { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
