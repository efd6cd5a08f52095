#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// This process's environment, read with the C library (`getenv`, `environ`) rather than Foundation's
/// `ProcessInfo`, so starting up touches none of Foundation.
public enum Environment {
    /// The variable's value, nil if it is not set.
    public static func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    /// Every variable, for code that takes the environment as a dictionary (tests pass their own).
    public static var all: [String: String] {
        var variables: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        return variables
    }
}

/// A whole file read with `open` and `read`, for the small text files daemondeck reads (the config file,
/// a lesson given by path).
public enum TextFile {
    public enum Failure: Error, Equatable {
        case unreadable
        case notUTF8
    }

    public static func read(_ path: String) -> Result<String, Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.unreadable) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return .failure(.unreadable) }  // a directory, say
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.notUTF8) }
        return .success(text)
    }

    /// Whether something exists at `path`.
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}

/// The C `read`, named apart from `TextFile.read`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
