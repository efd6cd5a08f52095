import Dispatch
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The models lesson's job as a `DispatchWorkItem` on a global queue. `cancel()` only sets a flag: a
/// running item must check `isCancelled` itself (here, after each step's sleep, which cannot be woken).
/// At process exit the queue's threads are cut off.
public final class DispatchJobWorker: Worker {
    public let life: WorkerLife
    /// Set by `start`, cleared when the item has run, so the item and this worker do not keep each other alive.
    private let item = Guarded<WorkItemReference?>(nil)

    /// `DispatchWorkItem` is not marked `Sendable`. Across threads this worker only calls `cancel()` and
    /// reads `isCancelled`, which libdispatch implements on an atomic flag (`dispatch_block_cancel`,
    /// `dispatch_block_testcancel`); everything else happens on the thread that made it.
    private struct WorkItemReference: @unchecked Sendable { // safe: only cancel() and isCancelled cross threads (see above)
        let item: DispatchWorkItem
    }

    public init(life: WorkerLife) { self.life = life }

    public func start() {
        let item = DispatchWorkItem { [self] in
            life.finish(run(isCancelled: { self.item.withLock { $0?.item.isCancelled ?? true } }))
            self.item.withLock { $0 = nil }  // breaks the cycle worker → item → closure → worker
        }
        self.item.withLock { $0 = WorkItemReference(item: item) }
        DispatchQueue.global(qos: .utility).async(execute: item)
    }

    public func requestStop() {
        life.stopSignal.stop()
        item.withLock { $0 }?.item.cancel()
    }

    private func run(isCancelled: () -> Bool) -> WorkerFate {
        life.announceRunning()
        for step in 1...LessonJob.steps {
            life.checkpoint()
            handle.setState(.sleeping)
            usleep(UInt32(LessonJob.stepMs * 1000))
            if isCancelled() {
                life.say("isCancelled seen at step \(step) (not sooner): cleanup ran")
                return .cancelled
            }
            handle.iterations.add(1, ordering: .relaxed)
            if step % LessonJob.reportEvery == 0 { life.say("step \(step)/\(LessonJob.steps)") }
        }
        life.say("job done: cleanup ran")
        return .finished
    }
}
