import Synchronization

/// When the heartbeat last beat, shared by the heartbeat (writer) and the watchdog (reader).
public final class HeartbeatPulse: Sendable {
    public let lastBeatNanos = Atomic<UInt64>(0)

    public init() {}
}

/// A periodic heartbeat on a daemon thread: beats every period. `stall()` keeps the thread alive but
/// silent (a hung worker); `resume()` lets it beat again.
public final class HeartbeatWorker: Worker {
    public let life: WorkerLife
    private let periodMs: Int
    private let pulse: HeartbeatPulse
    private let stalled = Atomic<Bool>(false)

    public init(life: WorkerLife, periodMs: Int, pulse: HeartbeatPulse) {
        self.life = life
        self.periodMs = periodMs
        self.pulse = pulse
    }

    public func start() { life.startThread { [self] in run() } }

    public func stall() { stalled.store(true, ordering: .relaxed) }

    public func resume() { stalled.store(false, ordering: .relaxed) }

    private func run() -> WorkerFate {
        life.announceRunning()
        var beats = 0
        var wasStalled = false
        while !life.isStopped {
            life.checkpoint()
            if life.isStopped { break }
            if stalled.load(ordering: .relaxed) {
                if !wasStalled { life.say("stalled: alive, but not beating") }
                wasStalled = true
                handle.setState(.stalled)
            } else {
                if wasStalled { life.say("beating again") }
                wasStalled = false
                beats += 1
                handle.setState(.running)
                handle.iterations.add(1, ordering: .relaxed)
                pulse.lastBeatNanos.store(monotonicNanos(), ordering: .relaxed)
                life.say("beat \(beats)")
                handle.setState(.sleeping)
            }
            life.sleep(milliseconds: periodMs)
        }
        life.say("stopping: cleanup ran after \(beats) beats")
        return .stoppedWithCleanup
    }
}
