#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A file daemondeck will write (`--log`, `--trace`, `--record`), checked before anything starts so a
/// path that cannot be written is refused at once instead of failing at quit. The check creates and
/// truncates nothing: `--log` promises to write only on `e` and at quit, so the user's file is left as
/// it is until then.
public enum OutputPath {
    /// Why `path` cannot be written, or nil if it can (its directory exists and is writable, and the
    /// path is not a directory nor a file this user may not write).
    public static func problem(_ path: String) -> String? {
        guard !path.isEmpty else { return "needs a file name" }
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { return "\(path) is a directory, not a file" }
            if access(path, W_OK) != 0 { return "cannot write \(path): \(reason(errno))" }
            return nil
        }
        let directory = self.directory(of: path)
        guard stat(directory, &info) == 0 else {
            return "cannot write \(path): no such directory \(directory)"
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return "cannot write \(path): \(directory) is not a directory" }
        if access(directory, W_OK | X_OK) != 0 { return "cannot write \(path): directory \(directory): \(reason(errno))" }
        return nil
    }

    /// The directory a new file at `path` would go in: `.` for a bare name, `/` for `/name`.
    static func directory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
