/// One lesson played from start to end without a presenter, the way `daemondeck lessons --check` plays
/// it: plain mode, the lesson's own settings (never a config file's), real workers at full speed, and
/// reading pauses longer than a second cut to one second.
public struct LessonCheck: Sendable {
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
                           seconds: Double(monotonicNanos() - started) / 1e9, lines: lines)
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
