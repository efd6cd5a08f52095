import CDeckSystem
import DeckResources
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials

/// What the Python start-up hook (Resources/python/hook/sitecustomize.py) reports about the watched
/// program, one JSON object a line on its private pipe.
public enum PythonReport: Sendable, Equatable, Codable {
    /// A `threading.Thread` began its `run` (reported from the thread itself, after naming it at the OS level).
    case threadStarted(name: String, tid: Int32, daemon: Bool)
    /// A thread's `run` returned (or raised).
    case threadEnded(name: String, tid: Int32, daemon: Bool)
    /// A running thread's `Thread.name` was set (`t.name = "New"`); the hook named its kernel thread again.
    case threadRenamed(name: String, was: String, tid: Int32, daemon: Bool)
    /// An asyncio task was created (`coroutine` is its coroutine's qualified name: `alarm`).
    case taskCreated(coroutine: String, key: Int)
    /// An asyncio task is done: `done`, `cancelled`, or `failed:ValueError`.
    case taskEnded(coroutine: String, key: Int, name: String, how: String)
    /// At shutdown, before the interpreter joins its non-daemon threads: this one is still running.
    case joins(name: String, tid: Int32)
    /// At exit, after that join: a daemon thread still running, which the interpreter abandons.
    case abandons(name: String, tid: Int32)
    /// The interpreter has run its exit functions (`atexit`: the hook's own, registered at start-up before
    /// the program's, runs last of them): the last report.
    case exiting
}

/// `daemondeck watch`'s Python start-up hook: when the command is a Python interpreter, the hook file goes
/// into a private folder (mode 0700) put first on `PYTHONPATH`, and a pipe's write end is inherited by
/// that one child (its number in `DAEMONDECK_HOOK_FD`). The learner's files are not touched, and the hook
/// gives the program back its own `PYTHONPATH`, `PYTHONUNBUFFERED` and `sys.path` as it starts.
public final class PythonHook: Sendable {
    public let folder: String
    /// daemondeck's end of the pipe (close-on-exec).
    public let readFD: Int32
    /// The child's end: close-on-exec in daemondeck, made inheritable for the one spawn (WatchSpawn).
    public let writeFD: Int32
    /// The folder is the cache's, kept between runs (Python keeps the hook's compiled bytecode in it);
    /// false for a fresh folder of this run's own, removed when it ends.
    public let isCached: Bool

    private init(folder: String, readFD: Int32, writeFD: Int32, isCached: Bool) {
        self.folder = folder
        self.readFD = readFD
        self.writeFD = writeFD
        self.isCached = isCached
    }

    /// Whether `executable` is a Python interpreter by its base name: `python`, `python3`, `python3.11`.
    /// (Other ways of starting Python, `env python3` and `#!` scripts: `PythonCommand`.)
    public static func isPython(_ executable: String) -> Bool {
        let base = executable.split(separator: "/").last.map(String.init) ?? executable
        guard base.hasPrefix("python") else { return false }
        let version = base.dropFirst("python".count)
        guard !version.isEmpty else { return true }
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// Where the hook is cached: `$XDG_CACHE_HOME/daemondeck` (an absolute path), else `~/.cache/daemondeck`.
    public static func defaultCacheRoot() -> String? {
        if let cache = Environment.value("XDG_CACHE_HOME"), cache.hasPrefix("/") { return cache + "/daemondeck" }
        guard let home = Environment.value("HOME"), home.hasPrefix("/") else { return nil }
        return home + "/.cache/daemondeck"
    }

    /// Puts the hook where Python finds it and makes its pipe; nil (and no hook: rows still come from
    /// /proc) if that fails. The hook goes into the cache (`cacheRoot/python-hook-<content hash>`) so that
    /// Python compiles it once and reuses its bytecode (a fresh folder cost each start about 4 ms of CPU);
    /// where the cache cannot be used safely, into a fresh private folder of this run's own.
    public static func prepare(cacheRoot: String? = defaultCacheRoot()) -> PythonHook? {
        let bytes = DeckResources.pythonHook
        var ends: [Int32] = [-1, -1]
        if let cacheRoot, let folder = HookCache.folder(for: bytes, in: cacheRoot) {
            guard deck_pipe_cloexec(&ends) == 0 else { return nil }
            return PythonHook(folder: folder, readFD: ends[0], writeFD: ends[1], isCached: true)
        }
        let base = Environment.value("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        guard let folder = HookCache.writeFreshFolder(bytes, template: base + "/daemondeck-hook-XXXXXX") else { return nil }
        guard deck_pipe_cloexec(&ends) == 0 else {
            try? FileManager.default.removeItem(atPath: folder)
            return nil
        }
        return PythonHook(folder: folder, readFD: ends[0], writeFD: ends[1], isCached: false)
    }

    /// The variables the child gets: the hook's folder first on `PYTHONPATH` (the user's after it, and
    /// given back to the program by the hook), and the pipe's fd number. The user's `PYTHONUNBUFFERED` (or
    /// its absence) goes along too: the spawn sets it to 1, and the hook gives the program back its own once
    /// Python has set up its streams.
    public func environment(userPythonPath: String?,
                            userUnbuffered: String? = Environment.value("PYTHONUNBUFFERED")) -> [String: String] {
        var variables = [
            "PYTHONPATH": folder + (userPythonPath.map { $0.isEmpty ? "" : ":" + $0 } ?? ""),
            "DAEMONDECK_HOOK_DIR": folder,
            "DAEMONDECK_HOOK_FD": "\(writeFD)",
            // Lines as they are printed even where the user's own value is 0 (which Python reads as "buffered").
            "PYTHONUNBUFFERED": "1",
        ]
        if let userPythonPath { variables["DAEMONDECK_USER_PYTHONPATH"] = userPythonPath }
        if let userUnbuffered { variables["DAEMONDECK_USER_PYTHONUNBUFFERED"] = userUnbuffered }
        // In the cache the hook writes its own bytecode once even where Python may not (`-B`, PYTHONDONTWRITEBYTECODE).
        if isCached { variables["DAEMONDECK_HOOK_CACHED"] = "1" }
        return variables
    }

    /// Removes a fresh folder's hook file and the folder (once the program has ended: Python reads it at start-up only,
    /// but a program may start another interpreter that would look for it).
    public func removeFiles() {
        guard !isCached else { return }  // the cache's folder stays for the next run
        try? FileManager.default.removeItem(atPath: folder)  // with the __pycache__ Python may have written
    }

    // MARK: - Reading the reports

    private struct Line: Decodable {
        var event: String
        var name: String?
        var tid: Int32?
        var daemon: Bool?
        var coro: String?
        var key: Int?
        var task: String?
        var how: String?
        var was: String?
    }

    /// One line of the pipe as a report; nil for anything else (a line the hook did not write is ignored).
    public static func parse(_ line: String) -> PythonReport? {
        guard let decoded = try? JSONDecoder().decode(Line.self, from: Data(line.utf8)) else { return nil }
        switch decoded.event {
        case "thread-start":
            guard let name = decoded.name, let tid = decoded.tid else { return nil }
            return .threadStarted(name: name, tid: tid, daemon: decoded.daemon ?? false)
        case "thread-end":
            guard let name = decoded.name, let tid = decoded.tid else { return nil }
            return .threadEnded(name: name, tid: tid, daemon: decoded.daemon ?? false)
        case "thread-rename":
            guard let name = decoded.name, let tid = decoded.tid else { return nil }
            return .threadRenamed(name: name, was: decoded.was ?? "", tid: tid, daemon: decoded.daemon ?? false)
        case "task-start":
            guard let coro = decoded.coro, let key = decoded.key else { return nil }
            return .taskCreated(coroutine: coro, key: key)
        case "task-end":
            guard let coro = decoded.coro, let key = decoded.key else { return nil }
            return .taskEnded(coroutine: coro, key: key, name: decoded.task ?? "", how: decoded.how ?? "done")
        case "joins":
            guard let name = decoded.name else { return nil }
            return .joins(name: name, tid: decoded.tid ?? 0)
        case "abandons":
            guard let name = decoded.name else { return nil }
            return .abandons(name: name, tid: decoded.tid ?? 0)
        case "exit":
            return .exiting
        default:
            return nil
        }
    }
}

extension PythonReport {
    /// The log's words for it: `thread Monitor started (daemon)`, `asyncio task alarm() cancelled`,
    /// `Python joins non-daemon thread Worker`, `daemon thread Monitor abandoned`.
    public var logText: String {
        switch self {
        case .threadStarted(let name, let tid, let daemon):
            "thread \(name) started (\(daemon ? "daemon" : "non-daemon"), tid \(tid))"
        case .threadEnded(let name, _, let daemon):
            "thread \(name) finished its run() (\(daemon ? "daemon" : "non-daemon"))"
        case .threadRenamed(let name, let was, _, _):
            "thread \(was) is now called \(name) (its Thread.name was set; the hook renamed its kernel thread too)"
        case .taskCreated(let coroutine, _):
            "asyncio task \(coroutine)() created"
        case .taskEnded(let coroutine, _, _, let how):
            how.hasPrefix("failed:") ? "asyncio task \(coroutine)() failed with \(how.dropFirst("failed:".count))"
                                     : "asyncio task \(coroutine)() \(how == "cancelled" ? "cancelled" : "done")"
        case .joins(let name, _):
            "Python joins non-daemon thread \(name) (the main thread is done; exit waits for it)"
        case .abandons(let name, _):
            "daemon thread \(name) abandoned (still running at exit: it is stopped wherever it is)"
        case .exiting:
            "Python's exit functions have run: the interpreter is ending"
        }
    }
}
