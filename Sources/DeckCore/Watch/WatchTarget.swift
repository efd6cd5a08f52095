#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What `daemondeck watch` watches: a command it starts, or a running process it attaches to read-only.
public struct WatchTarget: Sendable, Equatable, Codable {
    public enum Source: Sendable, Equatable, Codable {
        /// Start `executable` (a resolved path) with `arguments` (argv[0] first) in a process group of its own.
        case command(executable: String, arguments: [String])
        /// Attach to this running process: its threads and CPU, no output lines, never signalled.
        case attach(pid: Int32)
    }

    public var source: Source
    /// Milliseconds between SIGTERM to the group at quit and SIGKILL.
    public var graceMs: Int
    /// Milliseconds between two samples of /proc (10 Hz, the frame rate of plain mode).
    public var sampleEveryMs: Int
    /// End the run when the program ends (plain mode); the dashboard stays to be looked at.
    public var quitWhenEnded: Bool
    /// `--no-hook`: a Python program runs without daemondeck's start-up hook (optional, so recordings
    /// made before the hook still decode).
    public var noPythonHook: Bool?

    /// Whether a Python interpreter gets the start-up hook (docs/watch.md).
    public var usesPythonHook: Bool { noPythonHook != true }

    public init(source: Source, graceMs: Int = 2000, sampleEveryMs: Int = 100, quitWhenEnded: Bool = false) {
        self.source = source
        self.graceMs = graceMs
        self.sampleEveryMs = sampleEveryMs
        self.quitWhenEnded = quitWhenEnded
    }

    /// The name the log and the Workers panel use for the program: its command's base name, or `pid 4242`.
    public var displayName: String {
        switch source {
        case .command(let executable, let arguments):
            let word = arguments.first ?? executable
            return String(word.split(separator: "/").last ?? Substring(word))
        case .attach(let pid):
            return "pid \(pid)"
        }
    }

    /// The command line as a shell would show it, for the log.
    public var commandLine: String {
        switch source {
        case .command(_, let arguments): arguments.map(Self.quoted).joined(separator: " ")
        case .attach(let pid): "pid \(pid)"
        }
    }

    private static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        return plain ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }
}

extension WatchTarget {
    /// Why process `pid` cannot be watched (`--pid`), or nil if its threads can be read.
    public static func attachProblem(pid: Int32) -> String? {
        // /proc/TID exists for every thread too (hidden from listings): a thread's Tgid is its process.
        if let process = statusField("Tgid", of: pid).flatMap({ Int32($0) }), process != pid {
            return "pid \(pid) is a thread of process \(process): use --pid \(process)"
        }
        if hasEnded(pid: pid) { return "pid \(pid): it has ended (a zombie: its parent has not reaped it yet)" }
        if ProcSelf.threadIDs(of: pid) != nil { return nil }
        return access("/proc/\(pid)", F_OK) == 0
            ? "pid \(pid): its threads cannot be read (/proc/\(pid)/task: permission denied; run as its owner or root)"
            : "pid \(pid): no such process"
    }

    /// Whether process `pid` has ended and waits to be reaped: a zombie (State Z, proc_pid_status(5)) with
    /// no thread left. A leader thread that ended while the others run is a zombie too, but the process
    /// lives on: it still counts its threads.
    public static func hasEnded(pid: Int32) -> Bool {
        guard let state = statusField("State", of: pid), state.hasPrefix("Z") else { return false }
        return statusField("Threads", of: pid).flatMap { Int($0) }.map { $0 <= 1 } ?? true
    }

    /// A field of /proc/PID/status (`Tgid`, `State`, `Threads`), its value trimmed; nil if unreadable.
    static func statusField(_ name: String, of pid: Int32) -> String? {
        guard let text = ProcSelf.read("/proc/\(pid)/status", limit: 16384) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.dropFirst(name.count + 1).trimmingWhitespace()
        }
        return nil
    }
}

/// Finds the program a command names, as a shell would (a name with a slash as it is, else each folder
/// of PATH), and says why it cannot run with the shell's statuses: 127 not found, 126 not executable.
public enum WatchCommandResolver {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notFound(String)
        case notExecutable(String, reason: String)

        /// 127 and 126, as sh, env and timeout use them.
        public var exitStatus: Int32 {
            switch self {
            case .notFound: 127
            case .notExecutable: 126
            }
        }

        public var description: String {
            switch self {
            case .notFound(let name):
                name.contains("/") ? "\(name): no such file" : "\(name): command not found (looked in PATH)"
            case .notExecutable(let path, let reason):
                "\(path): cannot run it: \(reason)"
            }
        }
    }

    /// The path to run for `name`, or why not.
    public static func resolve(_ name: String, path: String? = Environment.value("PATH")) -> Result<String, Failure> {
        guard !name.isEmpty else { return .failure(.notFound("''")) }
        if name.contains("/") { return check(name) }
        let folders = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        var firstRefusal: Failure?
        for folder in folders {
            let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + name
            switch check(candidate) {
            case .success(let found): return .success(found)
            case .failure(.notFound): continue
            case .failure(let refusal): firstRefusal = firstRefusal ?? refusal
            }
        }
        return .failure(firstRefusal ?? .notFound(name))
    }

    private static func check(_ path: String) -> Result<String, Failure> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(.notFound(path)) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .failure(.notExecutable(path, reason: "it is a directory")) }
        guard access(path, X_OK) == 0 else { return .failure(.notExecutable(path, reason: "permission denied (not executable)")) }
        return .success(path)
    }
}
