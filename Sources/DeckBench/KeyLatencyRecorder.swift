import DeckCore
import FoundationEssentials

/// Key-to-screen latency of the real dashboard: from a key being read to the frame that shows it being
/// flushed. Keeps the newest samples in a small ring; the hidden `daemondeck measure-keys --file FILE` writes
/// them there at exit (microseconds, one per line) for `scripts/measure-key-latency.sh`.
public struct KeyLatencyRecorder: Sendable {
    public let capacity: Int
    private var ring: [UInt64] = []
    private var next = 0

    public init(capacity: Int = 512) {
        self.capacity = max(1, capacity)
    }

    public mutating func record(nanos: UInt64) {
        if ring.count < capacity {
            ring.append(nanos)
        } else {
            ring[next] = nanos
            next = (next + 1) % capacity
        }
    }

    /// The kept samples, oldest first, in nanoseconds.
    public var samples: [UInt64] { Array(ring[next...] + ring[..<next]) }

    /// Writes the samples (microseconds, one per line) to `path`.
    public func write(to path: String) {
        let text = samples.map { String($0 / 1000) }.joined(separator: "\n") + "\n"
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
