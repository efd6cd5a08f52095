import Foundation

/// The models lesson's job as a structured-concurrency `Task`. Cancelling is `Task.cancel()`: the pending
/// `Task.sleep` throws `CancellationError` and the catch block cleans up. At process exit it is cut off.
public final class TaskJobWorker: LessonWorkerProcess {
    public let handle: WorkerHandle
    private let inbox: Inbox
    private let taskBox = TaskBox()

    public init(handle: WorkerHandle, inbox: Inbox) {
        self.handle = handle
        self.inbox = inbox
    }

    public func start() {
        taskBox.set(Task.detached { [self] in await run() })
    }

    public func requestStop() { taskBox.task?.cancel() }

    private func run() async {
        let id = handle.id
        inbox.post(.workerRunning(worker: id))
        do {
            for step in 1...LessonJob.steps {
                handle.setState(.sleeping)
                try await Task.sleep(for: .milliseconds(LessonJob.stepMs))
                handle.iterations.add(1, ordering: .relaxed)
                if step % LessonJob.reportEvery == 0 { inbox.post(.workerSaid(worker: id, text: "step \(step)/\(LessonJob.steps)")) }
            }
            handle.setState(.finished)
            inbox.post(.workerSaid(worker: id, text: "job done: cleanup ran"))
            inbox.post(.workerEnded(worker: id, fate: .finished))
        } catch {
            handle.setState(.cancelled)
            inbox.post(.workerSaid(worker: id, text: "Task.cancel(): sleep threw CancellationError, cleanup ran"))
            inbox.post(.workerEnded(worker: id, fate: .cancelled))
        }
    }
}
