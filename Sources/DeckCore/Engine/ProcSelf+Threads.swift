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
        self.init(byte: code.asciiValue ?? 0)
    }

    /// From the state letter's byte, as `stat` holds it.
    init(byte: UInt8) {
        switch Character(Unicode.Scalar(byte)) {
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
    /// `nanosleep`, `clock_nanosleep`: `Thread.sleep`, `usleep`, and CPython's `time.sleep` from 3.11 (before
    /// 3.11 it waits in `select`, which reads as `io`).
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
        var text = text
        return text.withUTF8 { parseThreadStat(UnsafeRawBufferPointer($0), tid: tid) }
    }

    /// The same from the file's bytes: no String is made but the name's (at most 15 bytes: stored inline).
    static func parseThreadStat(_ bytes: UnsafeRawBufferPointer, tid: Int32) -> ProcThreadReading? {
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")), let close = bytes.lastIndex(of: UInt8(ascii: ")")),
              open < close else { return nil }
        // Fields 3-15 are all that is read (state, then utime and stime); the other 37 are left alone.
        var field = 3
        var index = close + 1
        var state: UInt8 = 0
        var ticks: UInt64 = 0
        while field <= 15 {
            while index < bytes.count && bytes[index] == UInt8(ascii: " ") { index += 1 }
            let start = index
            var value: UInt64 = 0
            var numeric = true
            while index < bytes.count && bytes[index] != UInt8(ascii: " ") && bytes[index] != UInt8(ascii: "\n") {
                let digit = bytes[index] &- UInt8(ascii: "0")
                if digit < 10 { value = value &* 10 &+ UInt64(digit) } else { numeric = false }
                index += 1
            }
            guard index > start else { break }
            if field == 3 { state = bytes[start] } else if field >= 14 && numeric { ticks += value }
            field += 1
        }
        guard field > 15 else { return nil }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(open + 1)..<close]), as: UTF8.self)
        return ProcThreadReading(tid: tid, name: name, state: ProcThreadState(byte: state), cpuNanos: ticks * 1_000_000_000 / clockTicksPerSecond)
    }

    /// `sysconf(_SC_CLK_TCK)`, asked once: `stat` counts CPU time in these.
    static let clockTicksPerSecond = UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))

    /// A leading unsigned number (`schedstat`'s fields, `syscall`'s first), and where it ended; nil when
    /// the text does not start with a digit (`running`, `-1`).
    static func leadingNumber(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> (value: UInt64, end: Int)? {
        var index = start
        var value: UInt64 = 0
        while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            value = value &* 10 &+ UInt64(digit)
            index += 1
        }
        return index > start ? (value, index) : nil
    }

    /// `schedstat`: nanoseconds on a CPU, nanoseconds waiting for one, and how many times it was put on
    /// one. The first and the last say whether a thread has run since an earlier reading.
    static func parseSchedstat(_ bytes: UnsafeRawBufferPointer) -> ThreadRuns? {
        guard let nanos = leadingNumber(bytes), let waited = leadingNumber(bytes, from: nanos.end + 1),
              let slices = leadingNumber(bytes, from: waited.end + 1) else {
            return leadingNumber(bytes).map { ThreadRuns(cpuNanos: $0.value, timesRun: nil) }
        }
        return ThreadRuns(cpuNanos: nanos.value, timesRun: slices.value)
    }

    /// The reason from `syscall`'s bytes alone: nil when `running` or `-1` (blocked outside a call).
    static func waitReasonFromSyscall(_ bytes: UnsafeRawBufferPointer) -> WaitReason? {
        leadingNumber(bytes).map { WaitReason(syscall: SyscallNames.name(Int($0.value))) }
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
        guard var syscall else { return nil }
        return syscall.withUTF8 { waitReasonFromSyscall(UnsafeRawBufferPointer($0)) }
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

/// How much a thread has run, from its `schedstat`: equal twice means it was not on a CPU in between.
struct ThreadRuns: Equatable {
    var cpuNanos: UInt64
    /// Times it was put on a CPU; nil on a kernel whose `schedstat` has only the first field.
    var timesRun: UInt64?

    /// Whether equal readings prove the thread did not run: only with the count (a thread can run for
    /// less than the clock's step, never without being put on a CPU), and only a count above 0: a kernel
    /// with schedstats off reads `0 0 0` however much the thread runs.
    var provesIdle: Bool { (timesRun ?? 0) > 0 }
}

/// One thread's /proc files, opened once and re-read in place with `pread` at every sample: /proc makes
/// each file's text anew on every read, so a sample costs a read per file instead of an open, a read
/// and a close. `wchan` and `status` are opened the first time they are needed. Closed with the object.
///
/// It reads only what can have changed: a thread that has not been on a CPU since the last sample (its
/// `schedstat` the same, state the same) is still in the same system call, and has made no context
/// switch, so `syscall`, `wchan` and `status` are not read again and the last reading of them stands.
/// The text is parsed as bytes: no String is made but the thread's name.
final class ProcThreadFiles {
    let tid: Int32
    private let folder: String
    private var files: [ProcSelf.ThreadFile: ProcFile] = [:]
    /// What the last sample read: how much it had run, its state and why it waited.
    private var last: (runs: ThreadRuns, state: ProcThreadState, wait: WaitReason?)?
    /// The context switches last read from `status`, and how much it had run then.
    private var switches: (runs: ThreadRuns, voluntary: Int?, involuntary: Int?)?
    /// Reads of each file so far (for tests: what a sample did not read).
    private(set) var reads: [ProcSelf.ThreadFile: Int] = [:]

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

    private func bytes(_ which: ProcSelf.ThreadFile) -> UnsafeRawBufferPointer? {
        reads[which, default: 0] += 1
        return file(which).readBytes()
    }

    /// The thread now; nil once it has ended (a read of an ended thread's open file fails). Reads what
    /// `ProcSelf.thread(tid:switches:read:)` reads, less what cannot have changed since the last sample.
    func read(switches wantSwitches: Bool) -> ProcThreadReading? {
        guard let stat = bytes(.stat), var reading = ProcSelf.parseThreadStat(stat, tid: tid) else { return nil }
        let runs = bytes(.schedstat).flatMap(ProcSelf.parseSchedstat)
        if let runs { reading.cpuNanos = runs.cpuNanos }
        if reading.state != .running && reading.state != .zombie {
            if let runs, runs.provesIdle, let last, last.runs == runs, last.state == reading.state {
                reading.wait = last.wait  // not on a CPU since: still in the same call
            } else {
                reading.wait = bytes(.syscall).flatMap(ProcSelf.waitReasonFromSyscall)
                    ?? ProcSelf.waitReason(syscall: nil, wchan: bytes(.wchan).map { String(decoding: $0, as: UTF8.self) })
            }
        }
        last = runs.map { ($0, reading.state, reading.wait) }
        if wantSwitches {
            if let runs, runs.provesIdle, let known = switches, known.runs == runs {
                (reading.voluntarySwitches, reading.involuntarySwitches) = (known.voluntary, known.involuntary)
            } else if let status = file(.status).read() {
                reads[.status, default: 0] += 1
                (reading.voluntarySwitches, reading.involuntarySwitches) = ProcSelf.parseSwitches(status)
                switches = runs.map { ($0, reading.voluntarySwitches, reading.involuntarySwitches) }
            }
        }
        return reading
    }
}

/// A process's `/proc/PID/task` folder, kept open and listed again from its start at each sample
/// (`rewinddir`: one `lseek` and the `getdents64` that lists it, instead of an open, a stat and a close).
/// The folder stays the process's own while open: a number taken again by a new process is not read.
final class ProcTaskFolder {
    private let folder: OpaquePointer?

    init(pid: Int32) { folder = opendir("/proc/\(pid)/task") }

    var isOpen: Bool { folder != nil }

    deinit { if let folder { closedir(folder) } }

    /// The thread ids now, ascending; nil when the process is gone (none listed) or was never readable.
    func threadIDs() -> [Int32]? {
        guard let folder else { return nil }
        rewinddir(folder)
        var tids: [Int32] = []
        while let entry = readdir(folder) {
            let tid = withUnsafeBytes(of: entry.pointee.d_name) { name -> Int32? in
                guard let number = ProcSelf.leadingNumber(name), number.end < name.count, name[number.end] == 0,
                      number.value <= UInt64(Int32.max) else { return nil }
                return Int32(number.value)
            }
            if let tid { tids.append(tid) }
        }
        return tids.isEmpty ? nil : tids.sorted()
    }
}
