/// What a run shows its state on and reads its input from: the terminal (the dashboard), a line printer
/// (plain mode), or nothing but a screen buffer (the bench and the tests). The run loop is the same for
/// all of them; only this differs.
public protocol Frontend: AnyObject {
    /// A descriptor the loop also watches while it sleeps (the terminal's input), if any.
    var inputDescriptor: Int32? { get }
    /// A descriptor whose error or hang-up ends the wait (plain mode's standard output), if any.
    var outputDescriptor: Int32? { get }
    /// Whether it draws whole frames (paced by the frame scheduler) or just prints what is new each turn.
    var drawsFrames: Bool { get }
    /// Input waiting now; never blocks.
    func readInput() -> [FrontendInput]
    /// Shows the state. Returns what the view learned that the state must know (the log panel's height).
    func present(_ state: AppState) -> [DeckEvent]
    /// The run is over: the last look, and the quit summary.
    func finish(_ state: AppState, summary: String)
}

/// What a frontend delivers.
public enum FrontendInput: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// Nobody reads the output any more (a closed pipe): the run ends as on SIGPIPE.
    case outputClosed
}

/// The dashboard without a terminal: the same loop, the same frame policy, rendering into a buffer.
/// The bench runs it to measure idle CPU; the tests drive real workers through it.
public final class HeadlessFrontend: Frontend {
    public private(set) var buffer: ScreenBuffer
    public private(set) var frames = 0
    public private(set) var summary: String?
    private var logLines = 0

    public init(width: Int = 80, height: Int = 24) {
        buffer = ScreenBuffer(width: width, height: height)
    }

    public var inputDescriptor: Int32? { nil }
    public var outputDescriptor: Int32? { nil }
    public var drawsFrames: Bool { true }
    public func readInput() -> [FrontendInput] { [] }

    public func present(_ state: AppState) -> [DeckEvent] {
        var events: [DeckEvent] = []
        if state.screenWidth != buffer.width || state.screenHeight != buffer.height {
            events.append(.resize(width: buffer.width, height: buffer.height))
        }
        DashboardView.render(state, into: &buffer)
        frames += 1
        let lines = DashboardLayout(width: buffer.width, height: buffer.height, state: state).logLines
        if lines != logLines {
            logLines = lines
            events.append(.logViewResized(lines: lines))
        }
        return events
    }

    public func finish(_ state: AppState, summary: String) {
        _ = present(state)
        self.summary = summary
    }
}
