/// "Predict, then reveal": a lesson asks before the world runs (`ask`), and later reveals the answer
/// measured from what really happened in this run (`reveal`), never a hard-coded one.
public struct LessonQuestion: Sendable, Equatable, Codable {
    public var text: String
    /// 2 to 4 choices, each a number (`3`), a range (`1-2`) or an open range (`3+`).
    public var choices: [String]

    public init(text: String, choices: [String]) {
        self.text = text
        self.choices = choices
    }

    /// The 1-based choice a measured figure falls in: the choice whose number or range holds it, else the
    /// nearest number. nil if no choice is numeric.
    public func choice(for measured: Int) -> Int? {
        let ranges = choices.map(Self.range)
        if let hit = ranges.firstIndex(where: { $0?.contains(measured) == true }) { return hit + 1 }
        let nearest = ranges.enumerated().compactMap { n, range in
            range.map { (n + 1, min(abs($0.lowerBound - measured), abs($0.upperBound - measured))) }
        }.min { $0.1 < $1.1 }
        return nearest?.0
    }

    /// `3` → 3...3, `1-2` → 1...2, `3+` → 3...Int.max.
    static func range(_ choice: String) -> ClosedRange<Int>? {
        let text = choice.trimmingWhitespace()
        if text.hasSuffix("+"), let low = Int(text.dropLast()) { return low...Int.max }
        let parts = text.split(separator: "-")
        if parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low <= high { return low...high }
        if let exact = Int(text) { return exact...exact }
        return nil
    }

    /// `1) 1   2) 3   3) 5`
    public var choicesText: String {
        choices.enumerated().map { "\($0.offset + 1)) \($0.element)" }.joined(separator: "   ")
    }
}

/// How a `reveal` step measures the answer, from the log lines since the question was answered.
public struct LessonMeasure: Sendable, Equatable, Codable {
    public enum Kind: Sendable, Equatable, Codable {
        /// How many lines contain this text.
        case count(String)
        /// The whole number right after this text, in the last line that has it.
        case number(String)
        /// The whole numbers right after this text, added over every line that has it (`missed 4 changes`
        /// counts four writes missed, where `count` would count one line).
        case sum(String)
    }

    public var kind: Kind
    /// The choice a typical run comes to (1-based), to say when this run came out differently.
    public var usual: Int?
    public var explanation: String

    public init(kind: Kind, usual: Int?, explanation: String) {
        self.kind = kind
        self.usual = usual
        self.explanation = explanation
    }

    /// What is measured, in words: `lines with “data has changed”`.
    public var quantity: String {
        switch kind {
        case .count(let text): "lines with “\(text)”"
        case .number(let text): "the number after “\(text)”"
        case .sum(let text): "the numbers after “\(text)”, added"
        }
    }

    /// The measured figure from these lines (`source text`, oldest first), or nil if there is none.
    public func measure(_ lines: [String]) -> Int? {
        switch kind {
        case .count(let text):
            return lines.filter { $0.contains(text) }.count
        case .number(let text):
            guard let line = lines.last(where: { $0.contains(text) }) else { return nil }
            return Self.number(after: text, in: line)
        case .sum(let text):
            // No line with the text is a measured 0 (nothing missed), not a missing figure.
            return lines.compactMap { Self.number(after: text, in: $0) }.reduce(0, +)
        }
    }

    /// The whole number right after the last `text` in `line`, or nil.
    static func number(after text: String, in line: String) -> Int? {
        guard let range = line.ranges(of: text).last else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}

/// A question as the lesson state keeps it: asked, then answered (or not), then revealed.
public struct OpenQuestion: Sendable, Equatable {
    public var question: LessonQuestion
    /// True until the learner answers (or the question is skipped).
    public var awaitingAnswer = true
    public var answer: Int?
}
