import Foundation
import Synchronization

/// When the heartbeat last beat, shared by the heartbeat (writer) and the watchdog (reader).
public final class HeartbeatPulse: Sendable {
    public let lastBeatNanos = Atomic<UInt64>(0)

    public init() {}
}

/// A periodic heartbeat on a daemon `Thread`: beats every period. `stall()` keeps the thread alive but
/// silent (a hung worker); `resume()` lets it beat again.
public final class HeartbeatWorker: LessonWorkerProcess {
    public let handle: WorkerHandle
    private let inbox: Inbox
    private let periodMs: Int
    private let pulse: HeartbeatPulse
    private let stopSignal = StopSignal()
    private let stalled = Atomic<Bool>(false)

    public init(handle: WorkerHandle, inbox: Inbox, periodMs: Int, pulse: HeartbeatPulse) {
        self.handle = handle
        self.inbox = inbox
        self.periodMs = periodMs
        self.pulse = pulse
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = handle.name
        thread.start()
    }

    public func requestStop() { stopSignal.stop() }

    public func stall() { stalled.store(true, ordering: .relaxed) }

    public func resume() { stalled.store(false, ordering: .relaxed) }

    private func run() {
        let id = handle.id
        inbox.post(.workerRunning(worker: id))
        var beats = 0
        var wasStalled = false
        while !stopSignal.isStopped {
            if stalled.load(ordering: .relaxed) {
                if !wasStalled { inbox.post(.workerSaid(worker: id, text: "stalled: alive, but not beating")) }
                wasStalled = true
                handle.setState(.stalled)
            } else {
                if wasStalled { inbox.post(.workerSaid(worker: id, text: "beating again")) }
                wasStalled = false
                beats += 1
                handle.setState(.running)
                handle.iterations.add(1, ordering: .relaxed)
                pulse.lastBeatNanos.store(monotonicNanos(), ordering: .relaxed)
                inbox.post(.workerSaid(worker: id, text: "beat \(beats)"))
                handle.setState(.sleeping)
            }
            stopSignal.sleep(seconds: Double(periodMs) / 1000)
        }
        handle.setState(.stopped)
        inbox.post(.workerSaid(worker: id, text: "stopping: cleanup ran after \(beats) beats"))
        inbox.post(.workerEnded(worker: id, fate: .stoppedWithCleanup))
    }
}
