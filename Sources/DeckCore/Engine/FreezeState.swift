/// The frozen world as the state knows it (`z`, `s`, Tab): since when it is frozen, the spans it was
/// frozen before (drawn shaded on the timeline, exported in the trace), the worker `s` steps, and how
/// many steps were given. The workers themselves park on the `FreezeGate`.
public struct FreezeState: Sendable, Equatable {
    /// Set while the world is frozen.
    public var since: Timestamp?
    /// Past frozen spans (bounded).
    public var spans: [ClosedRange<Timestamp>] = []
    /// The worker that `s` steps (Tab moves it); highlighted in the Workers panel.
    public var selectedWorker: WorkerID?
    /// Steps given in all (a lesson or test can check it).
    public var steps = 0

    public init() {}

    public var isFrozen: Bool { since != nil }
}
