#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials
import Synchronization

/// Writes an export file: to `path`, or, if that fails and the path was relative (a default name in a
/// folder that may not be writable), to the same name in the temporary folder. The log and the trace
/// both write this way.
public enum FileExport {
    public struct Failure: Error, Equatable {
        public var message: String
    }

    /// `name` in the temporary folder: `$TMPDIR` if set, else `/tmp`.
    public static func temporaryPath(_ name: String) -> String {
        var folder = Environment.value("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        return folder == "/" ? "/" + name : folder + "/" + name
    }

    /// Returns the absolute path actually written.
    public static func write(_ data: Data, to path: String) -> Result<String, Failure> {
        var candidates = [path]
        if !path.hasPrefix("/") {
            candidates.append(temporaryPath(path.split(separator: "/").last.map(String.init) ?? path))
        }
        var lastError = "no path"
        for candidate in candidates {
            if let error = replaceContents(of: candidate, with: data) {
                lastError = "\(candidate): \(error)"
            } else {
                return .success(absolute(candidate))
            }
        }
        return .failure(Failure(message: lastError))
    }

    /// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so a reader never
    /// sees half a file. Returns nil, or the system's reason (`No such file or directory`).
    public static func replaceContents(of path: String, with bytes: some Collection<UInt8>) -> String? {
        // A name of its own for every write (two exports of one file may run at once: `e`, then `q`).
        let temporary = path + ".tmp-\(getpid())-\(temporaryNumber.add(1, ordering: .relaxed).newValue)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        let written = bytes.withContiguousStorageIfAvailable { writeAll(fd, UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes { writeAll(fd, $0) }
        let closed = close(fd) == 0
        guard written, closed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return reason
        }
        return nil
    }

    private static let temporaryNumber = Atomic<Int>(0)

    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let count = posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    /// `path` made absolute against the working folder, as the export's notice shows it.
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        var folder = [CChar](repeating: 0, count: 4096)
        guard getcwd(&folder, folder.count) != nil else { return path }
        let cwd = String(decoding: folder.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return cwd == "/" ? "/" + relative : cwd + "/" + relative
    }
}

/// The C `write`, named apart from `FileExport.write` so the two cannot be confused.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
