import DeckTestSupport
import Foundation
import Testing

/// Ctrl-Z and `fg` in a real shell with job control, as a person at a terminal uses them: the dashboard
/// gives the terminal back to the shell, and `fg` brings it back whole and still answering keys.
@Suite(.serialized, .enabled(if: TmuxSession.isUsable, "needs tmux (and DAEMONDECK_SKIP_TMUX unset)"))
struct SuspendEndToEndTests {
    /// The screen's last line that is not blank.
    func lastLine(_ screen: String) -> String {
        screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
    }

    @Test func ctrlZSuspendsToTheShellAndFgRedrawsTheDashboard() throws {
        let session = try TmuxSession(shellWidth: 80, height: 24)
        let prompt = TmuxSession.shellPrompt.trimmingCharacters(in: .whitespaces)
        #expect(session.waitFor(prompt, seconds: 30) != nil, "the shell starts\n\(session.capture())")
        session.type(TmuxSession.quote(TmuxSession.binaryPath) + " --monitors 1 --seed 3")
        session.send("Enter")
        #expect(session.waitFor("Workers ·", seconds: 30) != nil, "the dashboard opens\n\(session.capture())")

        session.send("C-z")
        let suspended = session.waitFor("Stopped", seconds: 30)
        let diag = (try? Subprocess.run(["sh", "-c", "for p in $(pgrep -f 'daemondeck --monitors 1 --seed 3'); do echo PID $p; grep -E 'Sig|State' /proc/$p/status; ps -o pid,pgid,tpgid,stat,comm -p $p; done"], capture: true).output) ?? "?"
        #expect(suspended != nil, "Ctrl-Z suspends daemondeck as a job\n\(session.capture())\nDIAG\n\(diag)")
        #expect(waitUntil(seconds: 30) { lastLine(session.capture()) == prompt }, "the shell's prompt is back\n\(session.capture())")
        #expect(!session.capture().contains("Workers ·"), "the dashboard left the screen to the shell")

        session.type("fg")
        session.send("Enter")
        let back = session.waitFor("Workers ·", seconds: 30)
        #expect(back != nil, "fg brings the dashboard back\n\(session.capture())")
        #expect(waitUntil(seconds: 30) {
            let screen = session.capture()
            return screen.hasPrefix("┌ Shared state") && lastLine(screen).contains("q quit") && !screen.contains("Stopped")
        }, "redrawn whole, from the first row to the status bar\n\(session.capture())")

        // Still live: a key changes a value and a monitor reports it.
        session.send("+")
        #expect(session.waitFor("data has changed to 1.000", seconds: 30) != nil, "keys work after fg\n\(session.capture())")
        session.send("q")
        #expect(session.waitFor("joined, cleanup ran", seconds: 30) != nil, "q quits as usual\n\(session.capture())")
        session.type("echo \"[exited $?]\"")
        session.send("Enter")
        #expect(session.waitFor("[exited 0]", seconds: 30) != nil, "exit status 0\n\(session.capture())")
    }
}
