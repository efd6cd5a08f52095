#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A flood of events into a running dashboard, for the bench's "resident after a million events":
/// a thread of its own posts `count` log notes into the real inbox, in batches that the UI loop drains
/// through the reducer into the event log (the log keeps its newest 10,000). When the last batch has
/// been drained it posts `flood done`, which the bench waits for on the screen.
public final class EventFlood: Sendable {
    /// `DAEMONDECK_BENCH_FLOOD=1000000 daemondeck`: the dashboard floods itself once it runs.
    public static let environmentVariable = "DAEMONDECK_BENCH_FLOOD"
    public static let doneMarker = "flood done"
    /// Events posted before the producer waits for the inbox to be drained (a quarter of its slots, so
    /// none is dropped and every one goes through the reducer).
    static let batch = 1024

    private let stopped = StopSignal()
    private let thread = Guarded<PosixThread?>(nil)

    /// Starts the producer; `stop` ends and joins it (at quit, whether or not it is done).
    public init(count: Int, into inbox: Inbox) {
        let started = PosixThread(name: "Flood") { [stopped] in
            var posted = 0
            while posted < count {
                for n in posted..<min(count, posted + Self.batch) { inbox.post(.note(source: "Flood", text: "event \(n)")) }
                posted = min(count, posted + Self.batch)
                while !inbox.isEmpty {
                    if stopped.isStopped { return }
                    usleep(1000)
                }
            }
            inbox.post(.note(source: "Flood", text: "\(Self.doneMarker): \(count) events posted, \(inbox.dropped) dropped"))
        }
        thread.withLock { $0 = started }
    }

    public func stop() {
        stopped.stop()
        thread.withLock { $0 }?.join()
    }
}
