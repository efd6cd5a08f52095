import Foundation

/// The models lesson's job as a `DispatchWorkItem` on a global queue. `cancel()` only sets a flag: a
/// running item must check `isCancelled` itself (here, after each step's sleep, which cannot be woken).
/// At process exit the queue's threads are cut off.
public final class DispatchJobWorker: LessonWorkerProcess {
    public let handle: WorkerHandle
    private let inbox: Inbox
    private let itemBox = WorkItemBox()

    public init(handle: WorkerHandle, inbox: Inbox) {
        self.handle = handle
        self.inbox = inbox
    }

    public func start() {
        let box = itemBox
        let item = DispatchWorkItem { [self] in run(isCancelled: { box.item?.isCancelled ?? false }) }
        box.set(item)
        DispatchQueue.global(qos: .utility).async(execute: item)
    }

    public func requestStop() { itemBox.item?.cancel() }

    private func run(isCancelled: () -> Bool) {
        let id = handle.id
        inbox.post(.workerRunning(worker: id))
        for step in 1...LessonJob.steps {
            handle.setState(.sleeping)
            usleep(UInt32(LessonJob.stepMs * 1000))
            if isCancelled() {
                handle.setState(.cancelled)
                inbox.post(.workerSaid(worker: id, text: "isCancelled seen at step \(step) (not sooner): cleanup ran"))
                inbox.post(.workerEnded(worker: id, fate: .cancelled))
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

/// Holds the work item so `cancel()` can reach it from the UI thread.
final class WorkItemBox: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var stored: DispatchWorkItem? // safe: only touched with `lock` held

    func set(_ item: DispatchWorkItem) {
        lock.lock()
        stored = item
        lock.unlock()
    }

    var item: DispatchWorkItem? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
