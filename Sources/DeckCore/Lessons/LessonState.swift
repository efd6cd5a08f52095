/// One shipped lesson as the menu and `daemondeck lessons` list it.
public struct LessonSummary: Sendable, Equatable, Codable {
    public var name: String
    public var title: String
    public var steps: Int
    public var seconds: Double
    public var pauses: Int

    public init(_ lesson: Lesson) {
        name = lesson.name
        title = lesson.title
        steps = lesson.steps.count
        seconds = lesson.approximateSeconds
        pauses = lesson.pauseCount
    }

    /// `12 steps, about 40 s + 3 pauses`
    public var lengthText: String {
        let pauseText = pauses == 0 ? "" : " + \(pauses) pause\(pauses == 1 ? "" : "s")"
        return "\(steps) steps, about \(Int(seconds.rounded())) s\(pauseText)"
    }
}

/// Lessons in the app state: the menu's catalog and selection, and the lesson running now, if any.
public struct LessonDeckState: Sendable, Equatable {
    public var catalog: [LessonSummary] = []
    public var menuSelection = 0
    /// A first digit typed in a menu of ten or more lessons (`1` may begin `12`): it opens on its own when
    /// `menuNumberWaitMs` pass, or at once on Enter or a second digit.
    public var pendingMenuNumber: PendingMenuNumber?
    public var active: LessonState?

    public init() {}
}

/// A digit typed in the lesson menu that may be the first of two.
public struct PendingMenuNumber: Sendable, Equatable {
    public var digit: Int
    public var typedAt: Timestamp
    /// When the lone digit opens its lesson.
    public var opensAt: Timestamp

    public init(digit: Int, typedAt: Timestamp, opensAt: Timestamp) {
        self.digit = digit
        self.typedAt = typedAt
        self.opensAt = opensAt
    }
}

/// The lesson running now, as the Narration panel shows it.
public struct LessonState: Sendable, Equatable {
    public var name: String
    public var title: String
    public var totalSteps: Int
    public var settings: LessonSettings
    /// The step being played (0-based); -1 before the first one.
    public var stepIndex = -1
    public var stepLine = 0
    public var stepSummary = ""
    /// When the current wait or expectation ends, for the countdown.
    public var stepUntil: Timestamp?
    public var narration = ""
    public var snippet: [String] = []
    /// The Python original of the snippet, shown beside it.
    public var python: [String] = []
    /// The last check that failed, explained: what was expected, what happened. Shown until the next narration.
    public var failureExplanation: [String] = []
    /// `p`: the player holds still (`n` still steps one line at a time).
    public var paused = false
    /// When `p` paused the lesson: the countdown reads as of then until `p` resumes it.
    public var pausedAt: Timestamp?
    /// A `pause` step: waiting for the presenter's `n`.
    public var waitingForPresenter = false
    /// How many times `n` / Right was pressed; the player compares with the count it has handled.
    public var skipRequests = 0
    public var expectationsMet = 0
    public var expectationsFailed = 0
    public var expectationsSkipped = 0
    /// `file:line: expected ...` of the first expectation that failed.
    public var firstFailure: String?
    public var finished = false
    /// The question put to the learner, until the next one. The panel shows it under the narration that
    /// set it up (never instead of it) until its reveal.
    public var question: OpenQuestion?
    /// The last question's answer as this run measured it. The panel shows it until the next narration or
    /// question; in the dashboard the player holds at a reveal until the presenter presses `n`.
    public var reveal: LessonReveal?
    /// Questions asked, answered, and answered as this run turned out.
    public var questionsAsked = 0
    public var questionsRight = 0
    /// Each reveal's measured choice, in order: what `lessons --check --runs N` tallies.
    public var outcomes: [QuestionOutcome] = []
    /// Milliseconds left on the current step's countdown, held still while paused.
    public func timeLeftMs(now: Timestamp) -> Int? {
        stepUntil.map { max(0, (pausedAt ?? now).milliseconds(until: $0)) }
    }

    /// `Score: 2/3`, once the lesson has asked anything.
    public var scoreText: String? {
        questionsAsked == 0 ? nil : "Score: \(questionsRight)/\(questionsAsked) predictions matched this run"
    }

    public init(name: String, title: String, totalSteps: Int, settings: LessonSettings) {
        self.name = name
        self.title = title
        self.totalSteps = totalSteps
        self.settings = settings
    }
}

/// A reveal as the Narration panel shows it: the measured figure and the choice it falls in, the learner's
/// prediction and whether it matched, a note when this run differs from the usual one, and the explanation.
public struct LessonReveal: Sendable, Equatable {
    /// `Measured in this run: 5 (lines with “>tick”): choice 2) 5.`
    public var figure: String
    /// `You predicted 2: right.`, `You predicted 1) 4: not this time.`, or nil when nobody answered.
    public var verdict: String?
    /// Whether the prediction matched this run; nil when nobody answered.
    public var right: Bool?
    /// `This run came out differently from the usual case (usually 2) 5).`
    public var unusual: String?
    public var explanation: String

    public init(figure: String, verdict: String?, right: Bool?, unusual: String?, explanation: String) {
        self.figure = figure
        self.verdict = verdict
        self.right = right
        self.unusual = unusual
        self.explanation = explanation
    }

    /// The lines in the order they are logged and shown.
    public var lines: [String] { [figure] + [verdict, unusual].compactMap { $0 } + (explanation.isEmpty ? [] : [explanation]) }
}
