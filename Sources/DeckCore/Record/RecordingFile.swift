#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials

/// A recording opened for replay, read from disk as it is needed: never loaded whole. Opening scans the
/// file once for line starts and keeps every `stride`th offset (a sparse index: 4,000 numbers for a
/// million events), so any event can be reached by reading at most `stride` lines.
///
/// It also reads the log export (`e`, `--log`): each exported line replays as a log line, with no workers.
public final class RecordingFile {
    public enum Kind: Sendable, Equatable {
        /// A `--record` file: a header, then every event of the run.
        case recording
        /// An exported event log (JSON Lines): log lines only.
        case logExport
    }

    public let path: String
    public let kind: Kind
    /// The recording's header (for a log export, one made up from its first line).
    public let header: RecordingHeader
    /// Events that can be replayed (a cut-short last line is not counted).
    public private(set) var count = 0
    /// Said when the last line was cut short (a crash mid-write): everything before it replays.
    public private(set) var notice: String?
    /// Bytes in the file.
    public let size: Int64

    public static let stride = 256
    private let descriptor: Int32
    /// Byte offset of event `k * stride`.
    private var sparse: [Int64] = []
    /// The file's line number of event 0 (the header is line 1 of a recording).
    private let firstEventLine: Int
    private let decoder = JSONDecoder()
    /// The first exported line's time, which a log export's `t` counts from.
    private var exportStartMs: UInt64 = 0

    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RecordingError(path: path, line: nil, reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            let error = RecordingError(path: path, line: nil, reason: "not a regular file")
            closeFile(descriptor)
            throw error
        }
        size = Int64(status.st_size)
        var reader = LineReader(descriptor: descriptor, offset: 0)
        guard let first = reader.next() else {
            closeFile(descriptor)
            throw RecordingError(path: path, line: 1, reason: "empty file: not a daemondeck recording")
        }
        do {
            (kind, header, exportStartMs) = try Self.readFirstLine(first.bytes, path: path, decoder: decoder)
        } catch {
            closeFile(descriptor)
            throw error
        }
        firstEventLine = kind == .recording ? 2 : 1
        if kind == .logExport { reader = LineReader(descriptor: descriptor, offset: 0) }
        try index(reader)
    }

    deinit { closeFile(descriptor) }

    /// Calls `body` with each event from `start` on, in file order, until it returns false.
    /// A line that does not decode throws `file:line: what is wrong`.
    public func forEachEvent(from start: Int = 0, _ body: (Int, RecordedEvent) throws -> Bool) throws {
        guard start < count else { return }
        let block = start / Self.stride
        var reader = LineReader(descriptor: descriptor, offset: sparse[block])
        var index = block * Self.stride
        while index < count, let line = reader.next() {
            if index >= start {
                let event = try decode(line.bytes, line: firstEventLine + index)
                if try !body(index, event) { return }
            }
            index += 1
        }
    }

    /// Reads events in order from `index` on, one at a time (the replay's playhead).
    public func cursor(at index: Int) -> Cursor { Cursor(file: self, index: index) }

    public struct Cursor {
        let file: RecordingFile
        /// The index of the event `next()` returns.
        public private(set) var index: Int
        private var reader: LineReader

        init(file: RecordingFile, index: Int) {
            self.file = file
            let start = min(max(0, index), file.count)
            let block = min(start / RecordingFile.stride, max(0, file.sparse.count - 1))
            reader = LineReader(descriptor: file.descriptor, offset: file.sparse.isEmpty ? file.size : file.sparse[block])
            var skipped = block * RecordingFile.stride
            while skipped < start, reader.next() != nil { skipped += 1 }
            self.index = start
        }

        public mutating func next() throws -> RecordedEvent? {
            guard index < file.count, let line = reader.next() else { return nil }
            let event = try file.decode(line.bytes, line: file.firstEventLine + index)
            index += 1
            return event
        }
    }

    /// The event at `index` (reads at most `stride` lines).
    public func event(at index: Int) throws -> RecordedEvent? {
        var found: RecordedEvent?
        try forEachEvent(from: index) { _, event in
            found = event
            return false
        }
        return found
    }

    // MARK: - Opening

    private static func readFirstLine(_ bytes: ArraySlice<UInt8>, path: String, decoder: JSONDecoder) throws
        -> (Kind, RecordingHeader, UInt64) {
        let data = Data(bytes)
        if let header = try? decoder.decode(RecordingHeader.self, from: data) {
            guard header.format == RecordingHeader.formatName else {
                throw RecordingError(path: path, line: 1, reason: "not a daemondeck recording (format \"\(header.format)\")")
            }
            guard header.version <= RecordingHeader.currentVersion else {
                throw RecordingError(path: path, line: 1, reason: "recording format version \(header.version) is newer than "
                    + "this daemondeck reads (\(RecordingHeader.currentVersion)); replay it with daemondeck \(header.daemondeck) or later")
            }
            guard header.version >= 1 else {
                throw RecordingError(path: path, line: 1, reason: "recording format version \(header.version) does not exist")
            }
            return (.recording, header, 0)
        }
        if let line = try? decoder.decode(JSONLinesExporter.Line.self, from: data), exportTime(line.ms) != nil {
            var config = DeckConfig()
            config.monitors = 0
            config.snapshotWriter = false
            config.alarmAtLaunch = false
            config.seed = 0
            let started = Timestamp(milliseconds: line.ms)
            return (.logExport, RecordingHeader(seed: 0, started: started, config: config), line.ms)
        }
        // Say what the first line lacks: a recording header's own fields, or not JSON at all.
        let reason: String
        do {
            _ = try decoder.decode(RecordingHeader.self, from: data)
            reason = "not a daemondeck recording"
        } catch {
            reason = "not a daemondeck recording: the first line is not a recording header (" + Self.describe(error) + ")"
        }
        throw RecordingError(path: path, line: 1, reason: reason)
    }

    /// One pass over the file for line starts. A last line with no newline that does not decode was cut
    /// short by a crash: it is left out, with a notice.
    private func index(_ start: LineReader) throws {
        var reader = start
        var lastLine: (bytes: [UInt8], terminated: Bool)?
        var events = 0
        while let line = reader.next() {
            if events % Self.stride == 0 { sparse.append(line.offset) }
            if !line.terminated { lastLine = (Array(line.bytes), false) }
            events += 1
        }
        count = events
        if let lastLine, !lastLine.terminated, count > 0 {
            let lineNumber = firstEventLine + count - 1
            if (try? decode(lastLine.bytes[...], line: lineNumber)) == nil {
                count -= 1
                notice = "\(path):\(lineNumber): the last line is cut short (the run ended mid-write); "
                    + "replaying the \(count) events before it"
            }
        }
    }

    private func decode(_ bytes: ArraySlice<UInt8>, line: Int) throws -> RecordedEvent {
        let data = Data(bytes)
        do {
            switch kind {
            case .recording:
                return try decoder.decode(RecordedEvent.self, from: data)
            case .logExport:
                let exported = try decoder.decode(JSONLinesExporter.Line.self, from: data)
                guard let at = Self.exportTime(exported.ms) else {
                    throw RecordingError(path: path, line: line, reason: "not an exported log line: bad value at ms: "
                        + "\(exported.ms) is past the year 2554 (daemondeck counts time in 64-bit nanoseconds)")
                }
                let t = exported.ms >= exportStartMs ? (exported.ms - exportStartMs) * 1_000_000 : 0
                return RecordedEvent(t: t, at: at, source: exported.source,
                                     event: .note(source: exported.source, text: exported.message))
            }
        } catch let error as RecordingError {
            throw error
        } catch {
            throw RecordingError(path: path, line: line, reason: (kind == .recording ? "not a recorded event: " : "not an exported log line: ")
                + Self.describe(error))
        }
    }

    /// An exported line's time, or nil past what 64-bit nanoseconds hold (a file can say anything).
    static func exportTime(_ ms: UInt64) -> Timestamp? {
        ms <= UInt64.max / 1_000_000 ? Timestamp(milliseconds: ms) : nil
    }

    /// A decoding error in one short clause.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value\(at(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\"\(at(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type\(at(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }
}

/// Reads a file line by line from an offset, 256 KB at a time, with `pread(2)`.
struct LineReader {
    struct Line {
        var bytes: ArraySlice<UInt8>
        /// Where the line starts in the file.
        var offset: Int64
        /// Whether a newline ended it (the last line of a file cut short has none).
        var terminated: Bool
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// File offset of `buffer[0]`.
    private var bufferOffset: Int64
    private var atEnd = false
    private static let chunk = 256 * 1024

    init(descriptor: Int32, offset: Int64) {
        self.descriptor = descriptor
        bufferOffset = offset
    }

    mutating func next() -> Line? {
        while true {
            if let newline = findNewline() {
                let line = Line(bytes: buffer[start..<newline], offset: bufferOffset + Int64(start), terminated: true)
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = Line(bytes: buffer[start...], offset: bufferOffset + Int64(start), terminated: false)
                start = buffer.count
                return line
            }
            refill()
        }
    }

    private func findNewline() -> Int? {
        guard start < buffer.count else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return nil }
            guard let hit = memchr(base + start, 0x0A, buffer.count - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    /// Keeps the unread tail and appends the next chunk of the file.
    private mutating func refill() {
        if start > 0 {
            buffer.removeFirst(start)
            bufferOffset += Int64(start)
            start = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunk))
        let fileOffset = bufferOffset + Int64(old)
        var got = 0
        repeat {
            got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + old, Self.chunk, off_t(fileOffset)) }
        } while got < 0 && errno == EINTR
        buffer.removeLast(Self.chunk - max(0, got))
        if got <= 0 { atEnd = true }
    }
}

private func closeFile(_ descriptor: Int32) { _ = close(descriptor) }
