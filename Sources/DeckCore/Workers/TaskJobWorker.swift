/// The models lesson's job as an unstructured `Task` (`Task.detached`). Cancelling is `Task.cancel()`:
/// the pending `Task.sleep` throws `CancellationError` and the catch block cleans up. At process exit a
/// task nobody cancelled is cut off with the process.
public final class TaskJobWorker: Worker {
    public let life: WorkerLife
    private let task = Guarded<Task<Void, Never>?>(nil)

    public init(life: WorkerLife) { self.life = life }

    public func start() {
        let started = Task.detached { [self] in life.finish(await run()) }
        task.withLock { $0 = started }
    }

    public func requestStop() {
        life.stopSignal.stop()
        task.withLock { $0 }?.cancel()
    }

    private func run() async -> WorkerFate {
        life.announceRunning()
        do {
            for step in 1...LessonJob.steps {
                await life.checkpoint()
                handle.setState(.sleeping)
                try await Task.sleep(for: .milliseconds(LessonJob.stepMs))
                handle.iterations.add(1, ordering: .relaxed)
                if step % LessonJob.reportEvery == 0 { life.say("step \(step)/\(LessonJob.steps)") }
            }
            life.say("job done: cleanup ran")
            return .finished
        } catch {
            life.say("Task.cancel(): sleep threw CancellationError, cleanup ran")
            return .cancelled
        }
    }
}
