import DeckCore
/// Order statistics of a set of measurements (latencies, frame times), computed once from sorted samples.
/// Percentiles use the nearest-rank method: p99 of 100 samples is the 99th smallest, never an interpolation,
/// so every figure reported is a value that was really measured.
public struct SampleStats: Equatable, Sendable {
    /// The samples, smallest first.
    public let sorted: [Double]

    public init(_ samples: [Double]) {
        sorted = samples.filter { $0.isFinite }.sorted()
    }

    public var count: Int { sorted.count }
    public var isEmpty: Bool { sorted.isEmpty }

    /// The nearest-rank percentile `p` (0...100): the smallest sample with at least p% of samples at or below it.
    /// Nil when there are no samples.
    public func percentile(_ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let clamped = Swift.min(100, Swift.max(0, p))
        let rank = Int((clamped / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(sorted.count - 1, Swift.max(0, rank - 1))]
    }

    public var p50: Double? { percentile(50) }
    public var p99: Double? { percentile(99) }
    public var min: Double? { sorted.first }
    public var max: Double? { sorted.last }

    public var mean: Double? {
        sorted.isEmpty ? nil : sorted.reduce(0, +) / Double(sorted.count)
    }
}

/// Rates and shares, kept here so the arithmetic (and its edge cases) has unit tests.
public enum BenchMath {
    /// Events per second for `count` events in `nanos` nanoseconds; nil if no time passed.
    public static func perSecond(count: Int, nanos: UInt64) -> Double? {
        nanos == 0 ? nil : Double(count) * 1e9 / Double(nanos)
    }

    /// CPU time as a percentage of one core over a wall-clock span.
    public static func cpuPercent(cpuNanos: UInt64, wallNanos: UInt64) -> Double? {
        wallNanos == 0 ? nil : Double(cpuNanos) / Double(wallNanos) * 100
    }

    /// Window by window, `numerators[i] / denominators[i]`: the ratio of two figures measured in the same
    /// window. A window whose denominator is 0 has no ratio and is left out.
    public static func pairedRatios(_ numerators: [Double], _ denominators: [Double]) -> [Double] {
        zip(numerators, denominators).compactMap { $1 > 0 ? $0 / $1 : nil }
    }

    /// The same for CPU nanoseconds. (Converted one by one with `Double(_:)`: `map(Double.init)` on
    /// `[UInt64]` picks `Double(bitPattern:)` and turns every count into a tiny denormal number.)
    public static func pairedRatios(nanos numerators: [UInt64], _ denominators: [UInt64]) -> [Double] {
        pairedRatios(numerators.map { Double($0) }, denominators.map { Double($0) })
    }

    /// `part` as a percentage of `whole` (0 when `whole` is 0).
    public static func share(_ part: Int, of whole: Int) -> Double {
        whole == 0 ? 0 : Double(part) / Double(whole) * 100
    }
}
