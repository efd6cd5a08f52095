import Foundation

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
        String(format: "cpu %.1f%% · %.1f MB", cpuPercent, Double(residentBytes) / 1_048_576)
    }
}

/// Reads the process's own CPU time and resident size from /proc/self (two small reads, cheap enough
/// for the UI thread once a second). Where /proc is missing, it reports nothing.
public struct SelfCostSampler {
    private var lastCPUTicks: UInt64?
    private var lastAt: UInt64 = 0
    private static let ticksPerSecond = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
    private static let pageSize = Int(max(1, sysconf(Int32(_SC_PAGESIZE))))

    public init() {}

    /// A new sample, or nil on the first call (CPU needs two points) or without /proc.
    public mutating func sample() -> SelfCost? {
        guard let ticks = Self.cpuTicks(), let resident = Self.residentBytes() else { return nil }
        let now = monotonicNanos()
        defer { lastCPUTicks = ticks; lastAt = now }
        guard let last = lastCPUTicks, now > lastAt else { return nil }
        let seconds = Double(now - lastAt) / 1e9
        let cpu = Double(ticks &- last) / Self.ticksPerSecond / seconds * 100
        return SelfCost(cpuPercent: max(0, cpu), residentBytes: resident)
    }

    /// Resident set size in bytes (see `ProcSelf`).
    public static func residentBytes() -> Int? { ProcSelf.residentBytes() }

    static func cpuTicks() -> UInt64? { ProcSelf.cpuTicks() }
}

/// The one reader of `/proc/self`: small reads with no Foundation file machinery, cheap enough for the
/// UI thread once a second. Where there is no /proc, every figure is nil.
public enum ProcSelf {
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

    /// User plus system CPU time in clock ticks, from /proc/self/stat (fields 14 and 15).
    public static func cpuTicks() -> UInt64? {
        guard let text = read("/proc/self/stat"), let close = text.lastIndex(of: ")") else { return nil }
        // After the command name (which may hold spaces) come the fields from the third on.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        return user + system
    }

    /// CPU time (user + system) one thread of this process has used, in milliseconds, from
    /// /proc/self/task/TID/stat.
    /// A thread's CPU time in microseconds, from `/proc/self/task/TID/schedstat` (nanoseconds on the CPU:
    /// precise, where `stat` counts 10 ms ticks); falls back to `stat`.
    public static func threadCPUMicroseconds(tid: Int32) -> Int? {
        guard tid > 0 else { return nil }
        if let text = read("/proc/self/task/\(tid)/schedstat"), let first = text.split(separator: " ").first, let nanos = UInt64(first) {
            return Int(nanos / 1000)
        }
        return threadCPUMilliseconds(tid: tid).map { $0 * 1000 }
    }

    public static func threadCPUMilliseconds(tid: Int32) -> Int? {
        guard tid > 0, let text = read("/proc/self/task/\(tid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        return Int((user + system) * 1000 / UInt64(max(1, sysconf(Int32(_SC_CLK_TCK)))))
    }

    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 1024)
        let count = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: bytes[0..<count], as: UTF8.self)
    }
}
