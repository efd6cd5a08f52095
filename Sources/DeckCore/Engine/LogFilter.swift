/// What the event log shows: every line, or only one worker's (`f`), or only lines containing a text (`/`).
public struct LogFilter: Sendable, Equatable {
    /// Show only lines from this source (a worker's name, `Main`, `Export`...).
    public var source: String?
    /// Show only lines whose source or text contains this, ignoring case. Empty means no search.
    public var search = ""
    /// The search being typed after `/`; nil when not typing. Enter applies it, Esc drops it.
    public var draft: String?
    /// `n` / `N` after a search: which match is marked, counted from the newest (0 is the newest).
    public var focus: Int?

    public init() {}

    /// Where `search` occurs in `text`, ignoring case, as character offsets (for the log's highlight).
    public static func matchRanges(of search: String, in text: String) -> [Range<Int>] {
        let needle = Array(search.lowercased())
        guard !needle.isEmpty else { return [] }
        // Lowercased one character at a time, so the offsets stay those of the text as drawn.
        let hay = text.map { Character($0.lowercased().count == 1 ? $0.lowercased() : String($0)) }
        guard hay.count >= needle.count else { return [] }
        var ranges: [Range<Int>] = []
        var start = 0
        while start + needle.count <= hay.count {
            if hay[start..<(start + needle.count)].elementsEqual(needle) {
                ranges.append(start..<(start + needle.count))
                start += needle.count
            } else {
                start += 1
            }
        }
        return ranges
    }

    public var isActive: Bool { source != nil || !search.isEmpty }

    public func matches(_ entry: LogEntry) -> Bool { matches(entry, needle: search.lowercased()) }

    /// `needle` is the search lowercased once, not once per line.
    private func matches(_ entry: LogEntry, needle: String) -> Bool {
        if let source, entry.source != source { return false }
        if !needle.isEmpty {
            return entry.text.lowercased().contains(needle) || entry.source.lowercased().contains(needle)
        }
        return true
    }

    /// How the log panel's title describes the filter: `worker Monitor-1 · search "data"`.
    public var summary: String {
        var parts: [String] = []
        if let source { parts.append("worker \(source)") }
        if !search.isEmpty { parts.append("search \"\(search)\"") }
        return parts.joined(separator: " · ")
    }

    /// Indices into `log` of the lines to show, oldest first.
    public func matchingIndices(in log: EventLog) -> [Int] {
        guard isActive else { return Array(0..<log.count) }
        let needle = search.lowercased()
        return (0..<log.count).filter { matches(log[$0], needle: needle) }
    }
}
