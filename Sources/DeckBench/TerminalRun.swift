import CDeckSystem
import DeckCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// The real dashboard as a person runs it: this very binary started on a pseudo-terminal of its own,
/// drawing with curses, while a thread here reads everything it writes (a terminal that nobody reads
/// would fill up and stop it). The bench measures it from outside, through /proc, as `top` would.
public final class TerminalRun: Sendable {
    public let child: ChildProcess
    public let startedAt: UInt64
    private let controller: Int32
    private let reader: PosixThread?
    /// Each marker looked for, and the monotonic time it first appeared in the output.
    private let seen: Guarded<[String: UInt64]>
    /// Set by the first `quit`: the terminal is closed once, and a number it had is never touched again.
    private let ended = Guarded(false)

    /// Starts `daemondeck ARGUMENTS` on a `width`x`height` terminal, watching its output for `markers`.
    public init(arguments: [String], width: Int, height: Int, markers: [String], environment: [String: String] = [:]) throws {
        var name = [CChar](repeating: 0, count: 256)
        let controller = deck_pty_open(UInt16(width), UInt16(height), &name, name.count)
        guard controller >= 0 else { throw BenchError("cannot open a pseudo-terminal") }
        self.controller = controller
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var variables = ["TERM": "xterm-256color", "LANG": "C.UTF-8"]
        for (key, value) in environment { variables[key] = value }
        startedAt = monotonicNanos()
        do {
            child = try ChildProcess.spawn(ProcSelf.executablePath() ?? CommandLine.arguments[0], arguments,
                                           standard: .terminal(path), environment: variables)
        } catch {
            close(controller)
            throw error
        }
        let seen = Guarded<[String: UInt64]>([:])
        self.seen = seen
        reader = PosixThread(name: "bench-pty") {
            // Markers may be split across reads: keep a short tail of the previous read to search with.
            var tail: [UInt8] = []
            let longest = markers.map(\.utf8.count).max() ?? 0
            var bytes = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = bytes.withUnsafeMutableBytes { read(controller, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return }  // the child closed the terminal (EIO) or ended
                let now = monotonicNanos()
                let window = tail + bytes[0..<count]
                let text = String(decoding: window, as: UTF8.self)
                seen.update { found in
                    for marker in markers where found[marker] == nil && text.contains(marker) { found[marker] = now }
                }
                tail = Array(window.suffix(longest))
            }
        }
    }

    /// Waits up to `seconds` for `marker` to appear; returns the monotonic time it did.
    public func waitFor(_ marker: String, seconds: Double) -> UInt64? {
        var at: UInt64?
        seen.wait(deadline: monotonicNanos() + UInt64(seconds * 1e9)) { found in
            at = found[marker]
            return at != nil
        }
        return at
    }

    /// Types `text` into the dashboard's terminal.
    public func type(_ text: String) {
        guard !ended.withLock({ $0 }) else { return }  // the terminal is closed: its number may be another file's
        send(text)
    }

    private func send(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
    }

    /// Quits as a person does (`q`), and if the dashboard is still there after `seconds`, ends it.
    public func quit(seconds: Double = 10) {
        guard !ended.withLock({ ended in defer { ended = true }; return ended }) else { return }
        send("q")
        let deadline = monotonicNanos() + UInt64(seconds * 1e9)
        var status: Int32 = 0
        while waitpid(child.pid, &status, WNOHANG) == 0 {
            if monotonicNanos() > deadline {
                kill(child.pid, SIGKILL)
                _ = waitpid(child.pid, &status, 0)
                break
            }
            sleepNanos(20_000_000)
        }
        // The child is gone, so the reader's read fails (EIO) and it returns; only then is the terminal closed.
        reader?.join()
        close(controller)
    }
}

/// What /proc says about another process: its threads' CPU time and its resident size.
public enum ProcessProbe {
    public struct Thread: Sendable {
        public var tid: Int
        public var name: String
        /// Nanoseconds on a CPU so far.
        public var cpuNanos: UInt64
    }

    /// Every thread of `pid`: its id, name and nanoseconds on a CPU so far (`/proc/PID/task/*/schedstat`).
    public static func threads(of pid: pid_t) -> [Thread] {
        guard let folder = opendir("/proc/\(pid)/task") else { return [] }
        defer { closedir(folder) }
        var found: [Thread] = []
        while let entry = readdir(folder) {
            let tid = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let id = Int(tid) else { continue }
            let name = ProcSelf.read("/proc/\(pid)/task/\(tid)/comm")?.trimmingWhitespace() ?? "?"
            guard let stat = ProcSelf.read("/proc/\(pid)/task/\(tid)/schedstat"),
                  let first = stat.split(separator: " ").first, let nanos = UInt64(first) else { continue }
            found.append(Thread(tid: id, name: name, cpuNanos: nanos))
        }
        return found
    }

    /// CPU nanoseconds summed over every thread of `pid`.
    public static func cpuNanos(of pid: pid_t) -> UInt64 { threads(of: pid).reduce(0) { $0 + $1.cpuNanos } }

    /// What `pid` holds, from `/proc/PID/smaps_rollup`; nil where it cannot be read.
    public static func memory(of pid: pid_t) -> ProcessMemory? {
        ProcSelf.read("/proc/\(pid)/smaps_rollup", limit: 8192).flatMap(ProcessMemory.init(smapsRollup:))
    }

    /// Resident size in bytes (`VmRSS` in /proc/PID/status).
    public static func residentBytes(of pid: pid_t) -> Int? {
        guard let status = ProcSelf.read("/proc/\(pid)/status", limit: 4096) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}

/// A process's memory as `/proc/PID/smaps_rollup` gives it, in bytes. Anonymous memory (heap, stacks,
/// written data) is the program's own cost: no other process shares it, and it does not change with what
/// else is running. RSS also counts every page of a file the process touched (its code, libc's), whoever
/// else maps them; PSS divides each such page among the processes that map it; USS (unique) counts only
/// the pages no other process maps, so a file page turns unique when the last other process unmaps it.
public struct ProcessMemory: Equatable, Sendable {
    public var resident: Int
    public var proportional: Int
    public var unique: Int
    public var anonymous: Int

    public init(resident: Int, proportional: Int, unique: Int, anonymous: Int) {
        self.resident = resident
        self.proportional = proportional
        self.unique = unique
        self.anonymous = anonymous
    }

    /// Reads the `Rss:`, `Pss:`, `Private_Clean:`, `Private_Dirty:` and `Anonymous:` lines (in kB); nil if
    /// any is missing.
    public init?(smapsRollup text: String) {
        var fields: [Substring: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, parts[0].hasSuffix(":"), let kilobytes = Int(parts[1]) else { continue }
            fields[parts[0].dropLast()] = kilobytes * 1024
        }
        guard let resident = fields["Rss"], let proportional = fields["Pss"], let anonymous = fields["Anonymous"],
              let privateClean = fields["Private_Clean"], let privateDirty = fields["Private_Dirty"] else { return nil }
        self.init(resident: resident, proportional: proportional, unique: privateClean + privateDirty, anonymous: anonymous)
    }
}

/// Why a bench measurement could not be made.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
