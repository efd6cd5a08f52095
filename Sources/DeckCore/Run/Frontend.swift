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

/// Draws the dashboard into a buffer and says what the state must learn from the drawing: the size it
/// was drawn at and how many lines the log panel got (the reducer pages and clamps scrolling by them).
/// Both dashboard frontends, the terminal and the headless one, draw through it.
public struct DashboardDrawing {
    public private(set) var buffer: ScreenBuffer
    /// Where the last frame put each panel.
    public private(set) var layout: DashboardLayout?
    /// What a click on the last frame lands on (workers, log lines, the menu's lessons).
    public private(set) var hits = ScreenHits()
    private var logLines = 0
    /// What the last frame drew its quiet panels from (see `PanelMemo`).
    private var memo: PanelMemo?

    public init(width: Int, height: Int, glyphs: Glyphs = .unicode) {
        buffer = ScreenBuffer(width: width, height: height, glyphs: glyphs)
    }

    /// Draws `state` at `width`x`height`; returns the events the state needs.
    public mutating func draw(_ state: AppState, width: Int, height: Int) -> [DeckEvent] {
        if buffer.width != width || buffer.height != height {
            buffer = ScreenBuffer(width: width, height: height, glyphs: buffer.glyphs)
        }
        var events: [DeckEvent] = []
        if state.screenWidth != width || state.screenHeight != height {
            events.append(.resize(width: width, height: height))
        }
        // A new size is a new layout, so the memo draws everything afresh into the new buffer.
        let layout = DashboardView.render(state, into: &buffer, memo: &memo)
        self.layout = layout
        hits = Self.hits(state, drawn: memo, layout: layout)
        if layout.logLines != logLines {
            logLines = layout.logLines
            events.append(.logViewResized(lines: logLines))
        }
        return events
    }

    /// Over an overlay a click picks nothing under it (the lesson menu's entries excepted: it closes help).
    static func hits(_ state: AppState, drawn memo: PanelMemo?, layout: DashboardLayout) -> ScreenHits {
        guard !layout.tooSmall else { return ScreenHits() }
        switch state.overlay {
        case nil: return memo?.hits ?? ScreenHits()
        case .lessonMenu?:
            var hits = ScreenHits()
            let screen = Rect(x: 0, y: 0, width: layout.status.width, height: layout.status.y + layout.status.height - 1)
            let menu = LessonMenuOverlay.entryHits(state, in: screen)
            (hits.menuTop, hits.menuX, hits.menuEntries) = (menu.top, menu.columns, menu.drawn)
            return hits
        default: return ScreenHits()
        }
    }
}

/// The dashboard without a terminal: the same loop, the same frame policy, rendering into a buffer.
/// The bench runs it to measure idle CPU; the tests drive real workers through it.
public final class HeadlessFrontend: Frontend {
    private var drawing: DashboardDrawing
    public private(set) var frames = 0
    public private(set) var summary: String?

    public init(width: Int = 80, height: Int = 24) {
        drawing = DashboardDrawing(width: width, height: height)
    }

    public var buffer: ScreenBuffer { drawing.buffer }

    public var inputDescriptor: Int32? { nil }
    public var outputDescriptor: Int32? { nil }
    public var drawsFrames: Bool { true }
    public func readInput() -> [FrontendInput] { [] }

    public func present(_ state: AppState) -> [DeckEvent] {
        frames += 1
        return drawing.draw(state, width: drawing.buffer.width, height: drawing.buffer.height)
    }

    public func finish(_ state: AppState, summary: String) {
        _ = present(state)
        self.summary = summary
    }
}
