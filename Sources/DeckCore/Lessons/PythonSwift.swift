/// The "Python ↔ Swift" page: what a learner coming from the Python tutorials writes, and what Swift has for
/// it. Shown in the dashboard (`?`, then `P`) and written out in docs/python-swift.md, which gives each fact
/// its source. Keep both in step: a test checks that the doc names every Python entry here.
public enum PythonSwift {
    public struct Entry: Sendable, Equatable {
        /// The Python, as the tutorials write it.
        public var python: String
        /// The Swift for it, in one short line.
        public var swift: String
    }

    public static let entries: [Entry] = [
        Entry(python: "Thread(daemon=True)",
              swift: "a Thread nobody joins: cut off when main returns"),
        Entry(python: "t.join()",
              swift: "no Thread.join: pthread_join, or a semaphore the thread signals last"),
        Entry(python: "Lock(), with lock:",
              swift: "Mutex (or NSLock): lock.withLock { … }"),
        Entry(python: "Event().set(), .wait()",
              swift: "NSCondition + Bool: broadcast() wakes all waiters"),
        Entry(python: "Semaphore(2)",
              swift: "DispatchSemaphore(value: 2): wait(), signal()"),
        Entry(python: "create_task(c())",
              swift: "Task { await c() }: unstructured in both"),
        Entry(python: "gather(a(), b())",
              swift: "async let (one per child), or withTaskGroup"),
        Entry(python: "async with TaskGroup()",
              swift: "withThrowingTaskGroup: a child's error, rethrown, cancels the rest"),
        Entry(python: "task.cancel()",
              swift: "task.cancel(): cooperative in both"),
        Entry(python: "except CancelledError:",
              swift: "catch is CancellationError (Task.sleep throws it)"),
        Entry(python: "asyncio.run() returns",
              swift: "cancels leftover tasks; Swift's exit cuts them off"),
        Entry(python: "ThreadPoolExecutor(4)",
              swift: "a fixed pool of threads fed by a queue (lesson pool)"),
        Entry(python: "Process(target=f)",
              swift: "Foundation Process: run(), waitUntilExit()"),
        Entry(python: "GIL: one at a time",
              swift: "Swift threads run in parallel, one per core"),
    ]
}
