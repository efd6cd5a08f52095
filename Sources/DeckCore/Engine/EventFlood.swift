#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A flood of events into a running engine, for "memory stays flat under a flood of a million events"
/// (`daemondeck bench`, `scripts/robustness.sh`). One thread posts as fast as it can, as a runaway
/// producer would, without waiting for the UI to keep up: mostly log notes, which a full inbox drops and
/// counts, and, one event in four, a worker's message or its end. Those are lifecycle events, which the
/// inbox never drops, so the flood also reaches whatever the inbox keeps for them when its ring is full.
/// They name a worker that is not running (`ghostWorker`): the log shows its lines, and joining it is a
/// no-op, so the flood changes no real worker's row.
///
/// Started only by the hidden `daemondeck flood` command: the shipped dashboard has no flood switch.
public final class EventFlood: Sendable {
    public static let startMarker = "flood begins"
    public static let doneMarker = "flood done"
    /// How long the dashboard runs before the flood begins, so the bench can read it at rest first.
    public static let startDelayMilliseconds = 3000
    /// The worker the flood's lifecycle events name: no real worker ever has this id.
    public static let ghostWorker: WorkerID = 1_000_000
    /// How often the producer looks whether it was asked to stop.
    static let stopCheckEvery = 1024

    /// The `n`th event of a flood: three log notes, the ghost's message, three notes, the ghost's end; again.
    public static func event(_ n: Int) -> DeckEvent {
        switch n % 8 {
        case 3: .workerSaid(worker: ghostWorker, text: "flood \(n)")
        case 7: .workerEnded(worker: ghostWorker, fate: .stoppedWithCleanup)
        default: .note(source: "Flood", text: "event \(n)")
        }
    }

    /// Of `count` flood events, how many are lifecycle events (never dropped).
    public static func lifecycleEvents(in count: Int) -> Int {
        (count / 8) * 2 + (count % 8 > 3 ? 1 : 0)
    }

    private let stopped = StopSignal()
    private let thread = Guarded<PosixThread?>(nil)

    /// Starts the producer; `stop` ends and joins it (at quit, whether or not it is done). After
    /// `startDelayMilliseconds` it posts `flood begins`, then the flood; when every event has been posted
    /// and drained, `flood done`, which the bench waits for on the screen.
    public init(count: Int, into inbox: Inbox, startDelayMilliseconds: Int = EventFlood.startDelayMilliseconds) {
        let started = PosixThread(name: "Flood") { [stopped] in
            if !stopped.sleep(milliseconds: startDelayMilliseconds) { return }  // quit before it began
            inbox.post(.note(source: "Flood", text: "\(Self.startMarker): \(count) events"))
            for n in 0..<count {
                if n % Self.stopCheckEvery == 0 && stopped.isStopped { return }
                inbox.post(Self.event(n))
            }
            // Into an empty inbox, so the marker itself (a droppable note) is not dropped.
            while !inbox.isEmpty {
                if stopped.isStopped { return }
                usleep(1000)
            }
            inbox.post(.note(source: "Flood", text: "\(Self.doneMarker): \(count) events posted "
                + "(\(Self.lifecycleEvents(in: count)) lifecycle), \(inbox.dropped) dropped"))
        }
        thread.withLock { $0 = started }
    }

    public func stop() {
        stopped.stop()
        thread.withLock { $0 }?.join()
    }
}
