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
    public var active: LessonState?

    public init() {}
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
    /// The question put to the learner, until the next one.
    public var question: OpenQuestion?
    /// Questions asked, answered, and answered as this run turned out.
    public var questionsAsked = 0
    public var questionsRight = 0
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
