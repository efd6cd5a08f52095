/// The models lesson's job on a thread. Stopping is cooperative: the stop signal wakes its sleep and the
/// loop ends, so its cleanup runs (Foundation's `Thread.cancel()` is the same idea: it only sets
/// `isCancelled`, which the thread must check). At process exit a thread nobody joined is cut off.
public final class ThreadJobWorker: Worker {
    public let life: WorkerLife

    public init(life: WorkerLife) { self.life = life }

    public func start() { life.startThread { [self] in run() } }

    private func run() -> WorkerFate {
        life.announceRunning()
        for step in 1...LessonJob.steps {
            life.checkpoint()
            handle.setState(.sleeping)
            if !life.sleep(milliseconds: LessonJob.stepMs) {
                life.say("stop flag seen at step \(step): cleanup ran")
                return .stoppedWithCleanup
            }
            handle.iterations.add(1, ordering: .relaxed)
            if step % LessonJob.reportEvery == 0 { life.say("step \(step)/\(LessonJob.steps)") }
        }
        life.say("job done: cleanup ran")
        return .finished
    }
}
