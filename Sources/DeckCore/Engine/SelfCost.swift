#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// daemondeck's own cost, as the status bar shows it: CPU over the last sample period and resident size.
public struct SelfCost: Sendable, Equatable, Codable {
    /// Percent of one core used since the previous sample.
    public var cpuPercent: Double
    public var residentBytes: Int

    public init(cpuPercent: Double, residentBytes: Int) {
        self.cpuPercent = cpuPercent
        self.residentBytes = residentBytes
    }

    /// `cpu 0.3% · 11.8 MB`
    public var text: String {
        "cpu \(DecimalText.fixed(cpuPercent, 1))% · \(DecimalText.fixed(Double(residentBytes) / 1_048_576, 1)) MB"
    }
}

/// Measures the process's own CPU time (the process CPU clock, in nanoseconds) and resident size
/// (/proc/self/statm, kept open and re-read in place), cheap enough for the UI thread once a second:
/// two system calls, no file opened. Where /proc is missing, it reports nothing.
public struct SelfCostSampler {
    private var lastCPUNanos: UInt64?
    private var lastAt: UInt64 = 0
    private let statm = ProcFile("/proc/self/statm")

    public init() {}

    /// A new sample, or nil on the first call (CPU needs two points) or without /proc.
    public mutating func sample() -> SelfCost? {
        guard let text = statm.read(), let resident = ProcSelf.parseStatmResident(text, pageSize: ProcSelf.pageSize) else { return nil }
        let cpuNanos = ProcSelf.processCPUNanos()
        let now = monotonicNanos()
        defer { lastCPUNanos = cpuNanos; lastAt = now }
        guard let last = lastCPUNanos, now > lastAt else { return nil }
        let cpu = Double(cpuNanos &- last) / Double(now - lastAt) * 100
        return SelfCost(cpuPercent: max(0, cpu), residentBytes: resident)
    }

    /// Resident set size in bytes (see `ProcSelf`).
    public static func residentBytes() -> Int? { ProcSelf.residentBytes() }

}

/// A /proc file opened once and read again from its start whenever asked (`pread`): /proc makes the text
/// anew on each read, so a figure read once a second costs one system call instead of three.
final class ProcFile {
    private let fd: Int32
    /// Read into again at each read: allocated once, with the file.
    private let buffer: UnsafeMutableRawBufferPointer

    /// - Parameter capacity: the most of the file read (a thread's `status` needs more than 1024 bytes).
    init(_ path: String, capacity: Int = 1024) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        buffer = .allocate(byteCount: capacity, alignment: 1)
    }

    /// Whether the file could be opened at all.
    var isOpen: Bool { fd >= 0 }

    deinit {
        if fd >= 0 { close(fd) }
        buffer.deallocate()
    }

    func read() -> String? {
        readBytes().map { String(decoding: $0, as: UTF8.self) }
    }

    /// The file's text as bytes, without making a String: valid until the next read of this file.
    func readBytes() -> UnsafeRawBufferPointer? {
        guard fd >= 0 else { return nil }
        let count = pread(fd, buffer.baseAddress, buffer.count, 0)
        guard count > 0 else { return nil }
        return UnsafeRawBufferPointer(rebasing: buffer[0..<count])
    }
}

/// The one reader of `/proc/self`: small reads with no Foundation file machinery, cheap enough for the
/// UI thread once a second. Where there is no /proc, every figure is nil.
public enum ProcSelf {
    /// CPU time used by every thread of this process so far, in nanoseconds (the process CPU clock).
    public static func processCPUNanos() -> UInt64 {
        var now = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) == 0 else { return 0 }
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    static let pageSize = Int(max(1, sysconf(Int32(_SC_PAGESIZE))))

    /// Resident set size in bytes, from /proc/self/statm (second field, in pages).
    public static func residentBytes() -> Int? {
        read("/proc/self/statm").flatMap { parseStatmResident($0, pageSize: pageSize) }
    }

    /// `size resident shared ...` in pages -> resident bytes.
    public static func parseStatmResident(_ text: String, pageSize: Int) -> Int? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * pageSize
    }


    /// A thread's CPU time in microseconds, from `/proc/self/task/TID/schedstat` (nanoseconds on the CPU:
    /// precise, where `stat` counts 10 ms ticks); falls back to `stat`.
    public static func threadCPUMicroseconds(tid: Int32) -> Int? {
        guard tid > 0 else { return nil }
        if let text = read("/proc/self/task/\(tid)/schedstat"), let first = text.split(separator: " ").first, let nanos = UInt64(first) {
            return Int(nanos / 1000)
        }
        return threadCPUMilliseconds(tid: tid).map { $0 * 1000 }
    }

    /// CPU time (user + system) one thread of this process has used, in milliseconds, from
    /// /proc/self/task/TID/stat (in clock ticks).
    public static func threadCPUMilliseconds(tid: Int32) -> Int? {
        guard tid > 0, let text = read("/proc/self/task/\(tid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        return Int((user + system) * 1000 / UInt64(max(1, sysconf(Int32(_SC_CLK_TCK)))))
    }

    /// This very executable, from the /proc/self/exe link (what a child process of daemondeck runs).
    public static func executablePath() -> String? {
        var bytes = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &bytes, bytes.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: bytes[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A small file's text (its first `limit` bytes), or nil.
    public static func read(_ path: String, limit: Int = 1024) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: bytes[0..<count], as: UTF8.self)
    }
}
