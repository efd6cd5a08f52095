import CDeckSystem
import DeckCore

/// `daemondeck replay FILE` on a terminal: signals first, the terminal with its rescue, the replay loop,
/// and the restore on every way out (as `DashboardSession` does for a live run).
public struct ReplayTerminalSession {
    let file: RecordingFile
    let color: Bool
    let ascii: Bool
    let theme: Theme

    public init(file: RecordingFile, color: Bool, ascii: Bool, theme: Theme) {
        self.file = file
        self.color = color
        self.ascii = ascii
        self.theme = theme
    }

    /// Returns the exit status: 0, or 65 for a line found corrupt while playing (printed after the restore).
    public func run() throws -> Int32 {
        guard let waker = Waker() else { throw TerminalError.cannotOpen(term: "no pipe") }
        SignalTrap.install(waker: waker)
        guard let terminal = DashboardSession.openTerminal(color: color, ascii: ascii, theme: theme) else { return 1 }
        let code: Int32
        let failure: String?
        do {
            defer {
                terminal.restore()
                deck_rescue_disarm()
            }
            // The checkpoints are built on a thread of their own while the replay plays from the start.
            let player = try ReplayPlayer.openInBackground(file, waker: waker)
            defer { player.index.stop() }
            let session = ReplaySession(player: player, frontend: TerminalFrontend(terminal: terminal), waker: waker)
            code = session.run()
            failure = session.failure
        } catch {
            code = 65
            failure = "\(error)"
        }
        if let failure { LinePrinter.writeError("daemondeck: \(failure)") }
        return code
    }
}
