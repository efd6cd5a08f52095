import Foundation

/// A watchdog on a daemon `Thread`: it looks at the heartbeat's last beat a few times per timeout and raises
/// an alarm when the heartbeat has been silent longer than the timeout; a beat after that clears it.
public final class WatchdogWorker: LessonWorkerProcess {
    public let handle: WorkerHandle
    private let inbox: Inbox
    private let timeoutMs: Int
    private let pulse: HeartbeatPulse
    private let stopSignal = StopSignal()

    public init(handle: WorkerHandle, inbox: Inbox, timeoutMs: Int, pulse: HeartbeatPulse) {
        self.handle = handle
        self.inbox = inbox
        self.timeoutMs = timeoutMs
        self.pulse = pulse
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = handle.name
        thread.start()
    }

    public func requestStop() { stopSignal.stop() }

    private func run() {
        let id = handle.id
        inbox.post(.workerRunning(worker: id))
        let started = monotonicNanos()
        let checkSeconds = Double(max(5, min(100, timeoutMs / 4))) / 1000
        var raised = false
        while !stopSignal.isStopped {
            handle.setState(.running)
            handle.iterations.add(1, ordering: .relaxed)
            let last = max(pulse.lastBeatNanos.load(ordering: .relaxed), started)
            let silentMs = Int((monotonicNanos() &- last) / 1_000_000)
            if silentMs > timeoutMs && !raised {
                raised = true
                inbox.post(.lesson(.workerSaid(worker: id, text: "ALARM: no heartbeat for \(silentMs) ms (timeout \(timeoutMs) ms)", emphasis: .alarm)))
            } else if silentMs <= timeoutMs && raised {
                raised = false
                inbox.post(.lesson(.workerSaid(worker: id, text: "heartbeat is back: alarm cleared", emphasis: .notice)))
            }
            handle.setState(.sleeping)
            stopSignal.sleep(seconds: checkSeconds)
        }
        handle.setState(.stopped)
        inbox.post(.workerSaid(worker: id, text: "stopping: cleanup ran"))
        inbox.post(.workerEnded(worker: id, fate: .stoppedWithCleanup))
    }
}
