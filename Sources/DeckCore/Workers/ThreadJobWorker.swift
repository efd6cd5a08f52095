import Foundation

/// The models lesson's job on a Foundation `Thread`. Cancelling is cooperative: a `StopSignal` wakes its
/// sleep and the loop ends, so its cleanup runs. At process exit a `Thread` is simply cut off.
public final class ThreadJobWorker: LessonWorkerProcess {
    public let handle: WorkerHandle
    private let inbox: Inbox
    private let stopSignal = StopSignal()

    public init(handle: WorkerHandle, inbox: Inbox) {
        self.handle = handle
        self.inbox = inbox
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
        for step in 1...LessonJob.steps {
            handle.setState(.sleeping)
            if !stopSignal.sleep(seconds: Double(LessonJob.stepMs) / 1000) {
                handle.setState(.stopped)
                inbox.post(.workerSaid(worker: id, text: "stop flag seen at step \(step): cleanup ran"))
                inbox.post(.workerEnded(worker: id, fate: .stoppedWithCleanup))
                return
            }
            handle.iterations.add(1, ordering: .relaxed)
            if step % LessonJob.reportEvery == 0 { inbox.post(.workerSaid(worker: id, text: "step \(step)/\(LessonJob.steps)")) }
        }
        handle.setState(.finished)
        inbox.post(.workerSaid(worker: id, text: "job done: cleanup ran"))
        inbox.post(.workerEnded(worker: id, fate: .finished))
    }
}
