/// One line of the event log: when, who, what.
///
/// The most common line, a monitor's "data has changed to 3.205", keeps the value and builds its text only
/// when someone reads it (the log panel shows a screenful, an export writes them once). That keeps a flood
/// of changes cheap to log: no string formatting per event.
public struct LogEntry: Sendable, Equatable {
    public var at: Timestamp
    public var source: String
    private var message: Message
    /// Marks a line that should stand out (a missed change, ALARM!, a cancel).
    public var emphasis: Emphasis

    public enum Emphasis: UInt8, Sendable, Equatable, Codable {
        case normal, notice, warning, alarm
    }

    private enum Message: Sendable {
        case text(String)
        case changed(name: String, value: Double)
    }

    public init(at: Timestamp, source: String, text: String, emphasis: Emphasis = .normal) {
        self.at = at
        self.source = source
        self.message = .text(text)
        self.emphasis = emphasis
    }

    /// `NAME has changed to VALUE`, formatted when read.
    public init(at: Timestamp, source: String, changed name: String, to value: Double, emphasis: Emphasis = .normal) {
        self.at = at
        self.source = source
        self.message = .changed(name: name, value: value)
        self.emphasis = emphasis
    }

    public var text: String {
        get {
            switch message {
            case .text(let text): text
            case .changed(let name, let value): "\(name) has changed to \(Reducer.format(value))"
            }
        }
        set { message = .text(newValue) }
    }

    /// `12:00:01.123 Monitor-1 data has changed to 3.205`
    public var line: String { "\(at.clockText) \(source) \(text)" }

    public static func == (a: LogEntry, b: LogEntry) -> Bool {
        a.at == b.at && a.source == b.source && a.emphasis == b.emphasis && a.text == b.text
    }
}

/// The event log: newest last, bounded in memory. Old entries fall off the front of a ring.
public struct EventLog: Sendable {
    public let capacity: Int
    private var ring: [LogEntry] = []
    private var head = 0
    /// Every entry ever appended, including those that fell off.
    public private(set) var totalAppended = 0
    /// Changes with every change to the kept entries, so a view can tell the log is as it last drew it.
    public private(set) var revision = 0

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        ring.reserveCapacity(min(self.capacity, 1024))
    }

    public var count: Int { ring.count }

    public mutating func append(_ entry: LogEntry) {
        totalAppended += 1
        revision += 1
        if ring.count < capacity {
            // Grow by doubling, but never past the capacity (an array left to itself would take 16,384
            // slots for 10,000 entries).
            if ring.count == ring.capacity { ring.reserveCapacity(min(capacity, max(16, ring.capacity * 2))) }
            ring.append(entry)
        } else {
            ring[head] = entry
            head = (head + 1) % capacity
        }
    }

    /// The entry at `index`, 0 being the oldest kept.
    public subscript(index: Int) -> LogEntry {
        ring[(head + index) % ring.count]
    }

    public var entries: [LogEntry] {
        (0..<count).map { self[$0] }
    }

    public var last: LogEntry? { count == 0 ? nil : self[count - 1] }

    /// The indices of the entries appended after `mark` (a past `totalAppended`) that are still kept.
    public func indicesAppended(since mark: Int) -> Range<Int> {
        (count - min(max(0, totalAppended - mark), count))..<count
    }

    /// Drops all but the newest `n` entries (the count of all entries ever appended stays).
    public mutating func keepNewest(_ n: Int) {
        guard ring.count > n else { return }
        let kept = Array(((count - n)..<count).map { self[$0] })
        var trimmed: [LogEntry] = []
        trimmed.reserveCapacity(min(capacity, kept.count + 1024))
        trimmed.append(contentsOf: kept)
        ring = trimmed
        head = 0
        revision += 1
    }
}
