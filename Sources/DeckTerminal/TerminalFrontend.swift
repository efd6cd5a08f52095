import DeckCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The dashboard's frontend: the terminal. It reads keys, renders the state into a screen buffer with
/// the panels, and flushes what changed to ncurses. The run loop calls it on the UI thread only.
public final class TerminalFrontend: Frontend {
    private let terminal: Terminal
    private var drawing: DashboardDrawing

    public init(terminal: Terminal) {
        self.terminal = terminal
        let size = terminal.size
        drawing = DashboardDrawing(width: size.width, height: size.height, glyphs: terminal.glyphs)
    }

    public var inputDescriptor: Int32? { STDIN_FILENO }
    public var outputDescriptor: Int32? { nil }
    public var drawsFrames: Bool { true }

    public func readInput() -> [FrontendInput] {
        var inputs: [FrontendInput] = []
        while let input = terminal.readKey() {
            switch input {
            case .key(.mouse(var mouse)):
                // The view knows where it drew the shared values, the workers, the log lines and the menu;
                // the reducer only hears what was clicked.
                mouse.valueRow = drawing.layout?.valueRow(atY: mouse.y, x: mouse.x)
                if mouse.button == .click { mouse.hit = drawing.hits.hit(x: mouse.x, y: mouse.y) }
                inputs.append(.key(.mouse(mouse)))
            case .key(let key): inputs.append(.key(key))
            case .resize(let width, let height): inputs.append(.resize(width: width, height: height))
            case .ignored: continue
            }
        }
        return inputs
    }


    public func present(_ state: AppState) -> [DeckEvent] {
        let size = terminal.size
        let events = drawing.draw(state, width: size.width, height: size.height)
        terminal.draw(drawing.buffer)
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
