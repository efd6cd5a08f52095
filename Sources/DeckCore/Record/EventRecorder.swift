#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials

/// Writes a recording (`--record FILE`) as the run goes: the header, then one JSON line per event the
/// reducer receives, encoded by `JSONEncoder`. The UI thread appends; `flush()` writes what is pending
/// with `write(2)` at the end of every turn of the run loop (which wakes at least once a second), so a
/// crash or SIGKILL loses at most the turn in progress.
public final class EventRecorder {
    public let path: String
    private var descriptor: Int32
    private let encoder: JSONEncoder
    private var pending: [UInt8] = []
    private var startNanos: UInt64 = 0
    private var headerWritten = false
    /// Why recording stopped (a full disk, a closed descriptor); nil while it works.
    public private(set) var failure: String?
    /// Events written so far.
    public private(set) var recorded = 0

    /// Opens (creates or truncates) `path`. Throws a one-line reason when it cannot.
    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RecordingError(path: path, line: nil, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        pending.reserveCapacity(64 * 1024)
    }

    deinit { close() }

    /// The header: called once, with the state as the run begins.
    public func begin(_ state: AppState) {
        guard !headerWritten else { return }
        headerWritten = true
        startNanos = state.now.nanos
        var config = state.config
        config.seed = state.seed
        append(RecordingHeader(seed: state.seed, started: state.now, config: config))
        flush()
    }

    /// One event, before the reducer applies it (`state` names its source).
    public func record(_ posted: PostedEvent, state: AppState) {
        guard failure == nil else { return }
        if !headerWritten { begin(state) }
        let t = posted.at.nanos >= startNanos ? posted.at.nanos - startNanos : 0
        append(RecordedEvent(t: t, at: posted.at, source: posted.event.source(in: state), event: posted.event))
        recorded += 1
        if pending.count >= 256 * 1024 { flush() }
    }

    /// Writes everything pending. Returns false once writing has failed.
    @discardableResult
    public func flush() -> Bool {
        guard failure == nil, descriptor >= 0 else { return failure == nil }
        var offset = 0
        while offset < pending.count {
            let written = pending[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 {
                failure = "\(path): recording stopped: \(String(cString: strerror(errno)))"
                break
            }
            offset += written
        }
        pending.removeAll(keepingCapacity: true)
        return failure == nil
    }

    /// Flushes and closes the file (at the end of the run).
    public func close() {
        guard descriptor >= 0 else { return }
        flush()
        closeDescriptor(descriptor)
        descriptor = -1
    }

    private func append<T: Encodable>(_ value: T) {
        do {
            pending.append(contentsOf: try encoder.encode(value))
            pending.append(0x0A)
        } catch {
            failure = "\(path): recording stopped: \(error)"
        }
    }
}

/// `close(2)`, out of reach of the recorder's own `close()`.
private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }

/// A recording that cannot be read, as `file:line: what is wrong` (line nil: the file as a whole).
public struct RecordingError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var line: Int?
    public var reason: String

    public init(path: String, line: Int?, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String { line.map { "\(path):\($0): \(reason)" } ?? "\(path): \(reason)" }
}
