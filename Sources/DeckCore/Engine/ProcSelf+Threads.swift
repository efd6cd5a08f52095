#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// One thread of any process as /proc shows it at one moment (`daemondeck watch` samples these).
public struct ProcThreadReading: Sendable, Equatable, Codable {
    public var tid: Int32
    /// The kernel's name of the thread (`comm`, at most 15 bytes): what `ps -L` and `top -H` show.
    public var name: String
    public var state: ProcThreadState
    /// Nanoseconds on a CPU so far (schedstat), or user+system clock ticks converted when schedstat is missing.
    public var cpuNanos: UInt64
    /// Why it waits, when it is not running (nil while running, or when /proc would not say).
    public var wait: WaitReason?
    /// Context switches it made (it blocked) and suffered (it was preempted), from `status`; nil if not read.
    public var voluntarySwitches: Int?
    public var involuntarySwitches: Int?

    public init(tid: Int32, name: String, state: ProcThreadState, cpuNanos: UInt64, wait: WaitReason? = nil,
                voluntarySwitches: Int? = nil, involuntarySwitches: Int? = nil) {
        self.tid = tid
        self.name = name
        self.state = state
        self.cpuNanos = cpuNanos
        self.wait = wait
        self.voluntarySwitches = voluntarySwitches
        self.involuntarySwitches = involuntarySwitches
    }
}

/// A thread's scheduling state, from the third field of /proc/PID/task/TID/stat (proc_pid_stat(5)).
public enum ProcThreadState: String, Sendable, Equatable, Codable {
    case running, sleeping
    /// `D`: uninterruptible sleep, usually waiting for a disk.
    case diskWait = "disk wait"
    /// `T` or `t`: stopped by a signal (SIGSTOP, `z`) or by a tracer.
    case stopped
    /// `Z`: ended, not yet reaped by its parent.
    case zombie
    /// `I`, `X`, `P`, `W` and anything newer kernels add.
    case other

    public init(code: Character) {
        switch code {
        case "R": self = .running
        case "S": self = .sleeping
        case "D": self = .diskWait
        case "T", "t": self = .stopped
        case "Z", "X": self = .zombie
        default: self = .other
        }
    }
}

/// Why a thread is blocked, from the system call it sits in (`/proc/PID/task/TID/syscall`, first field)
/// or, where that cannot be read, the kernel function it sleeps in (`wchan`).
public enum WaitReason: Sendable, Equatable, Codable {
    /// `nanosleep`, `clock_nanosleep`: `time.sleep`, `Thread.sleep`, `usleep`.
    case timedSleep(String)
    /// `futex`: a lock, a condition variable, a semaphore, a join; in CPython, often the GIL.
    case lock(String)
    /// `read`, `poll`, `select`, `epoll_wait`, `accept`...: waiting for input or output.
    case io(String)
    /// `wait4`, `waitid`: waiting for a child process.
    case child(String)
    /// `pause`, `rt_sigsuspend`, `rt_sigtimedwait`: waiting for a signal.
    case signal(String)
    /// Any other system call or kernel function, by name (or number).
    case other(String)

    /// The call or function it comes from: `futex`, `clock_nanosleep`, `syscall 999`.
    public var call: String {
        switch self {
        case .timedSleep(let call), .lock(let call), .io(let call), .child(let call), .signal(let call), .other(let call): call
        }
    }

    /// Short, for a narrow column: `sleep`, `lock`, `I/O`.
    public var kind: String {
        switch self {
        case .timedSleep: "sleep"
        case .lock: "lock"
        case .io: "I/O"
        case .child: "child"
        case .signal: "signal"
        case .other: "other"
        }
    }

    /// For the log: `timed sleep (clock_nanosleep)`, `lock or condition (futex)`.
    public var text: String {
        switch self {
        case .timedSleep(let call): "timed sleep (\(call))"
        case .lock(let call): "lock or condition (\(call))"
        case .io(let call): "I/O (\(call))"
        case .child(let call): "a child process (\(call))"
        case .signal(let call): "a signal (\(call))"
        case .other(let call): call
        }
    }

    /// The reason for a system call, by its name.
    public init(syscall name: String) {
        switch name {
        case "nanosleep", "clock_nanosleep": self = .timedSleep(name)
        case "futex", "futex_waitv": self = .lock(name)
        case "read", "readv", "pread64", "write", "writev", "poll", "ppoll", "select", "pselect6", "epoll_wait",
             "epoll_pwait", "epoll_pwait2", "accept", "accept4", "recvfrom", "recvmsg", "connect", "sendto",
             "sendmsg", "io_getevents", "flock": self = .io(name)
        case "wait4", "waitid": self = .child(name)
        case "pause", "rt_sigsuspend", "rt_sigtimedwait": self = .signal(name)
        default: self = .other(name)
        }
    }

    /// The reason for a kernel function in `wchan` (names vary between kernel versions: matched by part).
    public init(wchan name: String) {
        if name.contains("nanosleep") { self = .timedSleep(name) }
        else if name.contains("futex") { self = .lock(name) }
        else if ["poll", "select", "pipe_read", "pipe_write", "wait_woken", "_read", "_recvmsg", "inet_csk_accept", "n_tty"]
                    .contains(where: { name.contains($0) }) { self = .io(name) }
        else if name == "do_wait" || name.contains("wait_consider") { self = .child(name) }
        else if name.contains("sigsuspend") || name.contains("sigtimedwait") || name.contains("sys_pause") { self = .signal(name) }
        else { self = .other(name) }
    }
}

/// System call numbers by name, for the architecture daemondeck was built for. Checked against the
/// kernel's tables (arch/x86/entry/syscalls/syscall_64.tbl; include/uapi/asm-generic/unistd.h, which
/// aarch64 uses); only the calls a waiting thread is usually in.
public enum SyscallNames {
    #if arch(x86_64)
    static let table: [Int: String] = [
        0: "read", 1: "write", 7: "poll", 19: "readv", 20: "writev", 23: "select", 34: "pause", 35: "nanosleep",
        42: "connect", 43: "accept", 44: "sendto", 45: "recvfrom", 46: "sendmsg", 47: "recvmsg", 61: "wait4",
        73: "flock", 128: "rt_sigtimedwait", 130: "rt_sigsuspend", 202: "futex", 208: "io_getevents",
        230: "clock_nanosleep", 232: "epoll_wait", 247: "waitid", 270: "pselect6", 271: "ppoll",
        281: "epoll_pwait", 288: "accept4", 441: "epoll_pwait2", 449: "futex_waitv",
    ]
    #elseif arch(arm64)
    static let table: [Int: String] = [
        4: "io_getevents", 22: "epoll_pwait", 32: "flock", 63: "read", 64: "write", 65: "readv", 66: "writev",
        72: "pselect6", 73: "ppoll", 95: "waitid", 98: "futex", 101: "nanosleep", 115: "clock_nanosleep",
        133: "rt_sigsuspend", 137: "rt_sigtimedwait", 202: "accept", 203: "connect", 206: "sendto",
        207: "recvfrom", 211: "sendmsg", 212: "recvmsg", 242: "accept4", 260: "wait4", 441: "epoll_pwait2",
        449: "futex_waitv",
    ]
    #else
    static let table: [Int: String] = [:]
    #endif

    /// `futex` for 202 on x86_64; `syscall 999` for a number not in the table.
    public static func name(_ number: Int) -> String { table[number] ?? "syscall \(number)" }
}

extension ProcSelf {
    /// The thread ids of process `pid` (`/proc/PID/task`), in ascending order; nil when the process is
    /// gone or its folder cannot be read.
    public static func threadIDs(of pid: Int32) -> [Int32]? {
        guard let folder = opendir("/proc/\(pid)/task") else { return nil }
        defer { closedir(folder) }
        var tids: [Int32] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if let tid = Int32(name) { tids.append(tid) }
        }
        return tids.sorted()
    }

    /// The files of `/proc/PID/task/TID/` a reading comes from.
    enum ThreadFile: String, CaseIterable {
        case stat, schedstat, syscall, wchan, status
        /// `status` is larger than the rest (about 1.5 KB); the others fit in 1 KB.
        var capacity: Int { self == .status ? 4096 : 1024 }
    }

    /// One thread of `pid` now; nil when it has ended (its files are gone). Opens and closes each file:
    /// for a single look. `WatchSampler` keeps them open instead (`ProcThreadFiles`).
    /// - Parameter switches: also read `status` for the context switches (a larger file: callers read it less often).
    public static func thread(pid: Int32, tid: Int32, switches: Bool) -> ProcThreadReading? {
        let folder = "/proc/\(pid)/task/\(tid)/"
        return thread(tid: tid, switches: switches) { read(folder + $0.rawValue, limit: $0.capacity) }
    }

    /// A thread's reading from its files, reading only what it needs: `stat` and `schedstat` always,
    /// `syscall` only when it is not running, `wchan` only when `syscall` does not say, `status` only
    /// when asked for the switches.
    static func thread(tid: Int32, switches: Bool, read: (ThreadFile) -> String?) -> ProcThreadReading? {
        guard let stat = read(.stat), var reading = parseThreadStat(stat, tid: tid) else { return nil }
        // Only the first field of each is needed: no split of the whole line (this runs for every thread, ten times a second).
        if let schedstat = read(.schedstat), let nanos = UInt64(schedstat.prefix { $0 != " " && $0 != "\n" }) {
            reading.cpuNanos = nanos
        }
        if reading.state != .running && reading.state != .zombie {
            let syscall = read(.syscall)
            reading.wait = waitReasonFromSyscall(syscall) ?? waitReason(syscall: nil, wchan: read(.wchan))
        }
        if switches, let status = read(.status) {
            (reading.voluntarySwitches, reading.involuntarySwitches) = parseSwitches(status)
        }
        return reading
    }

    /// `TID (name) S ...` -> name, state and CPU time from the user and system ticks (fields 14, 15).
    /// The name sits in parentheses and may itself hold spaces or parentheses: it ends at the last `)`.
    public static func parseThreadStat(_ text: String, tid: Int32) -> ProcThreadReading? {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else { return nil }
        let name = String(text[text.index(after: open)..<close])
        // Fields 3-15 are all that is read: the other 37 are left unsplit.
        let fields = text[text.index(after: close)...].split(separator: " ", maxSplits: 13)
        guard fields.count > 12, let code = fields[0].first else { return nil }
        let ticks = (UInt64(fields[11]) ?? 0) + (UInt64(fields[12]) ?? 0)
        let hertz = UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))
        return ProcThreadReading(tid: tid, name: name, state: ProcThreadState(code: code), cpuNanos: ticks * 1_000_000_000 / hertz)
    }

    /// The wait reason from `syscall` (`202 0x... ...`, `-1 ...` blocked outside a call, or `running`),
    /// else from `wchan` (a kernel function name, or `0` when not blocked).
    public static func waitReason(syscall: String?, wchan: String?) -> WaitReason? {
        if let reason = waitReasonFromSyscall(syscall) { return reason }
        let function = wchan?.trimmingWhitespace() ?? ""
        return function.isEmpty || function == "0" ? nil : WaitReason(wchan: function)
    }

    /// The reason from `syscall` alone: nil when it is unreadable, `running`, or `-1` (blocked outside a call).
    static func waitReasonFromSyscall(_ syscall: String?) -> WaitReason? {
        guard let syscall, let number = Int(syscall.prefix { $0 != " " && $0 != "\n" }), number >= 0 else { return nil }
        return WaitReason(syscall: SyscallNames.name(number))
    }

    /// `voluntary_ctxt_switches:	12` and `nonvoluntary_ctxt_switches:	3` from a status file.
    public static func parseSwitches(_ status: String) -> (Int?, Int?) {
        var voluntary: Int?
        var involuntary: Int?
        for line in status.split(separator: "\n") {
            if line.hasPrefix("voluntary_ctxt_switches:") {
                voluntary = Int(line.dropFirst("voluntary_ctxt_switches:".count).trimmingWhitespace())
            } else if line.hasPrefix("nonvoluntary_ctxt_switches:") {
                involuntary = Int(line.dropFirst("nonvoluntary_ctxt_switches:".count).trimmingWhitespace())
            }
        }
        return (voluntary, involuntary)
    }

    /// Every process whose process group is `group` (field 5 of /proc/PID/stat), for checking that a
    /// group has really gone. Walks all of /proc: for the end of a run and for tests, not every frame.
    public static func processes(inGroup group: Int32) -> [Int32] {
        guard let folder = opendir("/proc") else { return [] }
        defer { closedir(folder) }
        var members: [Int32] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            guard let pid = Int32(name), let stat = read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, Int32(fields[2]) == group, fields[0] != "Z" { members.append(pid) }
        }
        return members.sorted()
    }
}

/// One thread's /proc files, opened once and re-read in place with `pread` at every sample: /proc makes
/// each file's text anew on every read, so a sample costs a read per file instead of an open, a read
/// and a close. `wchan` and `status` are opened the first time they are needed. Closed with the object.
final class ProcThreadFiles {
    let tid: Int32
    private let folder: String
    private var files: [ProcSelf.ThreadFile: ProcFile] = [:]

    /// nil when the thread's `stat` cannot be opened (it has ended).
    init?(pid: Int32, tid: Int32) {
        self.tid = tid
        folder = "/proc/\(pid)/task/\(tid)/"
        guard file(.stat).isOpen else { return nil }
    }

    /// Files held open now (for tests and the bench's account).
    var openCount: Int { files.values.filter(\.isOpen).count }

    private func file(_ which: ProcSelf.ThreadFile) -> ProcFile {
        if let open = files[which] { return open }
        let opened = ProcFile(folder + which.rawValue, capacity: which.capacity)
        files[which] = opened
        return opened
    }

    /// The thread now; nil once it has ended (a read of an ended thread's open file fails).
    func read(switches: Bool) -> ProcThreadReading? {
        ProcSelf.thread(tid: tid, switches: switches) { file($0).read() }
    }
}
