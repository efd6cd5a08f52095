import DeckCore
import Foundation

/// The dashboard's frontend: the terminal. It reads keys, renders the state into a screen buffer with
/// the panels, and flushes what changed to ncurses. The run loop calls it on the UI thread only.
public final class TerminalFrontend: Frontend {
    private let terminal: Terminal
    private var buffer: ScreenBuffer
    private var logLines = 0

    public init(terminal: Terminal) {
        self.terminal = terminal
        let size = terminal.size
        buffer = ScreenBuffer(width: size.width, height: size.height, glyphs: terminal.glyphs)
    }

    public var inputDescriptor: Int32? { STDIN_FILENO }
    public var outputDescriptor: Int32? { nil }
    public var drawsFrames: Bool { true }

    public func readInput() -> [FrontendInput] {
        var inputs: [FrontendInput] = []
        while let input = terminal.readKey() {
            switch input {
            case .key(.mouse(var mouse)):
                // The view knows where it drew the shared values; the reducer only hears which row was clicked.
                mouse.valueRow = layout?.valueRow(atY: mouse.y, x: mouse.x)
                inputs.append(.key(.mouse(mouse)))
            case .key(let key): inputs.append(.key(key))
            case .resize(let width, let height): inputs.append(.resize(width: width, height: height))
            case .ignored: continue
            }
        }
        return inputs
    }

    /// Where the last frame put each panel (the state itself is not kept: holding it would make the
    /// reducer's next change copy the whole log).
    private var layout: DashboardLayout?

    public func present(_ state: AppState) -> [DeckEvent] {
        let size = terminal.size
        var events: [DeckEvent] = []
        if buffer.width != size.width || buffer.height != size.height {
            buffer = ScreenBuffer(width: size.width, height: size.height, glyphs: terminal.glyphs)
        }
        if state.screenWidth != size.width || state.screenHeight != size.height {
            events.append(.resize(width: size.width, height: size.height))
        }
        DashboardView.render(state, into: &buffer)
        terminal.draw(buffer)
        let layout = DashboardLayout(width: buffer.width, height: buffer.height, state: state)
        self.layout = layout
        let lines = layout.logLines
        if lines != logLines {
            logLines = lines
            events.append(.logViewResized(lines: lines))
        }
        return events
    }

    /// The last frame says what happened (who was joined); the summary is printed after the terminal is
    /// restored, by the session.
    public func finish(_ state: AppState, summary: String) {
        _ = present(state)
        self.summary = summary
    }

    public private(set) var summary: String?
}
