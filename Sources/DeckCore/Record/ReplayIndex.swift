import Synchronization

/// The replay's checkpoints: the replayed state at regular points of the file, so a seek restores the
/// nearest one before its target and applies only the events in between.
///
/// Building them means decoding and reducing every event once, which takes seconds for a million events.
/// `startInBackground` does it on a thread of its own ("ReplayIndex") while the replay already plays from
/// the start; the player can seek as far as the index has come. Quitting stops the thread and joins it.
///
/// Memory stays bounded: at most `maxCheckpoints` are kept, and a checkpoint keeps only the newest
/// `keptLogLines` lines of the log and `keptTimelinePoints` points of each timeline lane, which is more
/// than any screen shows. (A seek therefore restores a log that starts up to that many lines back.)
public final class ReplayIndex: Sendable {
    public struct Checkpoint: Sendable {
        /// The next event to apply after restoring `state`.
        public var index: Int
        /// The replay time reached before event `index`.
        public var time: UInt64
        public var state: AppState
    }

    public struct Progress: Sendable {
        public var checkpoints: [Checkpoint] = []
        /// Events indexed so far, and the replay time they reach.
        public var indexed = 0
        public var reached: UInt64 = 0
        public var done = false
        /// `file:line: ...` of a line that did not decode.
        public var failure: RecordingError?
    }

    public static let spacing = 2048
    public static let maxCheckpoints = 512
    public static let keptLogLines = 300
    public static let keptTimelinePoints = 128

    public let total: Int
    private let progress: Guarded<Progress>
    private let stopRequested = Atomic<Bool>(false)
    private let thread = Guarded<PosixThread?>(nil)

    /// The spacing of checkpoints for a file of `total` events: 2,048 events, more for files over a million.
    public let every: Int

    init(total: Int, initial: AppState) {
        self.total = total
        every = max(Self.spacing, (total + Self.maxCheckpoints - 1) / Self.maxCheckpoints)
        progress = Guarded(Progress(checkpoints: [Checkpoint(index: 0, time: 0, state: initial)]))
    }

    /// Builds every checkpoint now, on this thread (tests, small files).
    static func build(_ file: RecordingFile, initial: AppState) throws -> ReplayIndex {
        let index = ReplayIndex(total: file.count, initial: initial)
        index.run(file, initial: initial)
        if let failure = index.failure { throw failure }
        return index
    }

    /// Starts building on a thread of its own, reading the file through its own descriptor.
    static func startInBackground(path: String, total: Int, initial: AppState, waker: Waker?) -> ReplayIndex {
        let index = ReplayIndex(total: total, initial: initial)
        let started = PosixThread(name: "ReplayIndex") {
            do {
                index.run(try RecordingFile(path: path), initial: initial)
            } catch let error as RecordingError {
                index.progress.update { $0.failure = error; $0.done = true }
            } catch {
                index.progress.update { $0.failure = RecordingError(path: path, line: nil, reason: "\(error)"); $0.done = true }
            }
            waker?.wake()
        }
        if started == nil { index.run(try? RecordingFile(path: path), initial: initial) }
        index.thread.update { $0 = started }
        return index
    }

    /// Stops a background build and joins its thread.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        let running = thread.update { thread -> PosixThread? in
            defer { thread = nil }
            return thread
        }
        running?.join()
    }

    public var snapshot: Progress { progress.withLock { $0 } }

    public var done: Bool { progress.withLock { $0.done } }

    /// The line that did not decode, if the build met one (read every turn: no copy of the checkpoints).
    public var failure: RecordingError? { progress.withLock { $0.failure } }

    /// The last checkpoint at or before `time` (the first one at worst).
    func checkpoint(atOrBefore time: UInt64) -> Checkpoint {
        progress.withLock { progress in progress.checkpoints.last { $0.time <= time } ?? progress.checkpoints[0] }
    }

    /// Waits (at most `timeoutMs`) until the index has reached `time` or is done: a seek just after opening
    /// a small file need not stop short. Returns how far it has come.
    func waitUntilReached(_ time: UInt64, timeoutMs: Int) -> (index: Int, time: UInt64, done: Bool) {
        progress.wait(until: { $0.done || $0.reached >= time }, deadline: monotonicNanos() + UInt64(timeoutMs) * 1_000_000)
        return reachable
    }

    /// How far seeking can go: the time the index has reached (everything, once done).
    var reachable: (index: Int, time: UInt64, done: Bool) {
        progress.withLock { ($0.indexed, $0.reached, $0.done) }
    }

    private func run(_ file: RecordingFile?, initial: AppState) {
        guard let file else {
            progress.update { $0.done = true }
            return
        }
        var working = initial
        var time: UInt64 = 0
        var pending: [Checkpoint] = []
        do {
            try file.forEachEvent { index, event in
                if index > 0, index % every == 0 {
                    pending.append(Checkpoint(index: index, time: time, state: Self.trimmed(working)))
                }
                time = max(time, event.t)
                ReplayPlayer.apply(event, to: &working)
                if index & 0xFF == 0xFF {
                    // Publish in batches, so the player can seek into what is indexed already.
                    let batch = pending
                    pending.removeAll()
                    progress.update {
                        $0.checkpoints += batch
                        $0.indexed = index + 1
                        $0.reached = time
                    }
                    if stopRequested.load(ordering: .acquiring) { return false }
                }
                return true
            }
        } catch let error as RecordingError {
            progress.update { $0.failure = error }
        } catch {
            progress.update { $0.failure = RecordingError(path: file.path, line: nil, reason: "\(error)") }
        }
        let batch = pending
        progress.update {
            $0.checkpoints += batch
            if $0.failure == nil && !stopRequested.load(ordering: .relaxed) {
                $0.indexed = file.count
                $0.reached = time
            }
            $0.done = true
        }
    }

    /// A checkpoint keeps what a screen can show, not the whole history.
    static func trimmed(_ state: AppState) -> AppState {
        var state = state
        state.log.keepNewest(keptLogLines)
        for lane in state.timeline.lanes.indices {
            state.timeline.lanes[lane].events.keepNewest(keptTimelinePoints)
            state.timeline.lanes[lane].polls.keepNewest(keptTimelinePoints)
        }
        return state
    }
}
