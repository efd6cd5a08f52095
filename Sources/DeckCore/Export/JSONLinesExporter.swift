import FoundationEssentials

/// Writes the event log as JSON Lines: one object per event with its `time` (as the log shows it), `ms`
/// (milliseconds since 1970), `source` and `message`. Encoded by `JSONEncoder`, never by hand.
public enum JSONLinesExporter {
    public typealias Failure = FileExport.Failure

    /// One exported event, as a line of the file.
    public struct Line: Codable, Equatable, Sendable {
        public var time: String
        public var ms: UInt64
        public var source: String
        public var message: String
    }

    public static func line(_ entry: LogEntry) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = Line(time: entry.at.clockText, ms: entry.at.milliseconds, source: entry.source, message: entry.text)
        return (try? encoder.encode(line)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public static func render(_ entries: [LogEntry]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        data.reserveCapacity(entries.count * 96)
        for entry in entries {
            let line = Line(time: entry.at.clockText, ms: entry.at.milliseconds, source: entry.source, message: entry.text)
            if let encoded = try? encoder.encode(line) { data.append(encoded) }
            data.append(0x0A)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes to `path` (or the temporary folder, see `FileExport`). Returns the path actually written.
    public static func write(_ entries: [LogEntry], to path: String) -> Result<String, Failure> {
        FileExport.write(Data(render(entries).utf8), to: path)
    }
}
