/// A watchdog on a daemon thread: it looks at the last beat of the shared pulse a few times per timeout
/// and reports a stall ("no progress") when nothing has beaten for longer than the timeout; a beat after
/// that clears it. The heartbeat beats the pulse; so do the deadlock lesson's threads when they take a lock.
public final class WatchdogWorker: Worker {
    public let life: WorkerLife
    private let timeoutMs: Int
    private let pulse: HeartbeatPulse

    public init(life: WorkerLife, timeoutMs: Int, pulse: HeartbeatPulse) {
        self.life = life
        self.timeoutMs = timeoutMs
        self.pulse = pulse
    }

    public func start() { life.startThread { [self] in run() } }

    private func run() -> WorkerFate {
        let id = handle.id
        life.announceRunning()
        let started = monotonicNanos()
        let checkMs = max(5, min(100, timeoutMs / 4))
        var raised = false
        while !life.isStopped {
            life.checkpoint()
            if life.isStopped { break }
            handle.setState(.running)
            handle.iterations.add(1, ordering: .relaxed)
            let last = max(pulse.lastBeatNanos.load(ordering: .relaxed), started)
            let silentMs = Int((monotonicNanos() &- last) / 1_000_000)
            if silentMs > timeoutMs && !raised {
                raised = true
                life.inbox.post(.lesson(.workerSaid(worker: id, text: "STALL: no progress (no beat, no lock taken) for \(silentMs) ms (timeout \(timeoutMs) ms)", emphasis: .alarm)))
            } else if silentMs <= timeoutMs && raised {
                raised = false
                life.inbox.post(.lesson(.workerSaid(worker: id, text: "beats are back: stall cleared", emphasis: .notice)))
            }
            handle.setState(.sleeping)
            life.sleep(milliseconds: checkMs)
        }
        life.say("stopping: cleanup ran")
        return .stoppedWithCleanup
    }
}
