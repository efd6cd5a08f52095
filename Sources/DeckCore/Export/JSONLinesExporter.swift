import Foundation

/// Writes the event log as JSON Lines: one object per event, `{"time":…,"ms":…,"source":…,"message":…}`.
public enum JSONLinesExporter {
    public struct Failure: Error {
        public var message: String
    }

    public static func line(_ entry: LogEntry) -> String {
        "{\"time\":\"\(entry.at.clockText)\",\"ms\":\(entry.at.milliseconds),\"source\":\(quote(entry.source)),\"message\":\(quote(entry.text))}"
    }

    public static func render(_ entries: [LogEntry]) -> String {
        var text = ""
        text.reserveCapacity(entries.count * 96)
        for entry in entries {
            text += line(entry)
            text += "\n"
        }
        return text
    }

    /// Writes to `path`; if that fails and the path was relative (the default name), tries the temporary folder.
    /// Returns the path actually written.
    public static func write(_ entries: [LogEntry], to path: String) -> Result<String, Failure> {
        let data = Data(render(entries).utf8)
        var candidates = [path]
        if !path.hasPrefix("/") {
            candidates.append((NSTemporaryDirectory() as NSString).appendingPathComponent((path as NSString).lastPathComponent))
        }
        var lastError = "no path"
        for candidate in candidates {
            do {
                try data.write(to: URL(fileURLWithPath: candidate), options: .atomic)
                return .success(URL(fileURLWithPath: candidate).standardizedFileURL.path)
            } catch {
                lastError = "\(candidate): \(error.localizedDescription)"
            }
        }
        return .failure(Failure(message: lastError))
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
