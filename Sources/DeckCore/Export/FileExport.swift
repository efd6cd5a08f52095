import Foundation

/// Writes an export file: to `path`, or, if that fails and the path was relative (a default name in a
/// folder that may not be writable), to the same name in the temporary folder. The log and the trace
/// both write this way.
public enum FileExport {
    public struct Failure: Error, Equatable {
        public var message: String
    }

    /// Returns the absolute path actually written.
    public static func write(_ data: Data, to path: String) -> Result<String, Failure> {
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
}
