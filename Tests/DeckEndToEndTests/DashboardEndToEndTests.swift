import DeckTestSupport
import Foundation
import Testing

/// The real binary in a real terminal (tmux), used as a person would: every wait has a deadline.
@Suite(.serialized, .enabled(if: TmuxSession.isUsable, "needs tmux (and DAEMONDECK_SKIP_TMUX unset)"))
struct DashboardEndToEndTests {
    @Test func aChangeIsReportedByAMonitor() throws {
        let session = try TmuxSession(arguments: ["--seed", "1", "--monitors", "2"])
        #expect(session.waitFor("Monitor-2") != nil, "the dashboard draws its workers")
        session.send("+")
        // A generous deadline: on a loaded machine the key, the poll and the frame can each wait for a core.
        let screen = session.waitFor("data has changed to 1.000", seconds: 30)
        #expect(screen != nil, "a monitor reports the write\n\(session.capture())")
        #expect(screen?.contains("v1") == true, "the Shared state panel shows version 1")
        session.send("q")
        #expect(session.waitFor("[exited 0]") != nil)
    }

    @Test func theAlarmTicksAndFires() throws {
        let session = try TmuxSession(arguments: ["--alarm-ticks", "3", "--alarm-period", "200", "--monitors", "1"])
        #expect(session.waitFor(">tick 1/3") != nil)
        #expect(session.waitFor("ALARM!", seconds: 30) != nil)
        session.send("q")
        #expect(session.waitFor("finished (ALARM! after 3 ticks)") != nil, "the quit summary says how the alarm ended")
    }

    @Test func cancellingTheAlarmIsLoggedAndShown() throws {
        let session = try TmuxSession(arguments: ["--alarm-ticks", "100", "--monitors", "1"])
        #expect(session.waitFor(">tick 1/100") != nil)
        session.send("c")
        let screen = session.waitFor("Alarm cancelled", seconds: 20)
        #expect(screen != nil)
        #expect(session.waitFor("cleanup: alarm disarmed", seconds: 20) != nil)
        session.send("q")
        #expect(session.waitFor("cancelled, cleanup ran") != nil)
    }

    @Test func aTinyTerminalShowsANoticeAndRecovers() throws {
        let session = try TmuxSession(arguments: ["--monitors", "1"])
        #expect(session.waitFor("Workers") != nil)
        session.resize(width: 40, height: 10)
        #expect(session.waitFor("terminal too small (need 80x24)") != nil)
        session.resize(width: 10, height: 5)
        // The notice, cut to the new width: every line of the pane is at most 10 columns now.
        #expect(waitUntil {
            let screen = session.capture()
            return screen.contains("terminal") && screen.split(separator: "\n").allSatisfy { $0.count <= 10 }
        })
        session.resize(width: 100, height: 30)
        #expect(session.waitFor("Workers") != nil, "the dashboard comes back when the terminal grows")
        session.send("q")
        #expect(session.waitFor("[exited 0]") != nil)
    }

    @Test func quitWaitsForTheNonDaemonWorkerAndLeavesASaneTerminal() throws {
        let session = try TmuxSession(arguments: ["--monitors", "1"])
        #expect(session.waitFor("Snapshot") != nil)
        session.send("q")
        let screen = session.waitFor("[modes]")
        #expect(screen?.contains("[exited 0]") == true)
        #expect(screen?.contains("Snapshot    non-daemon Thread   joined, cleanup ran") == true)
        #expect(screen?.contains("Monitor-1   daemon     Thread   abandoned, cleanup never ran") == true)
        #expect(session.modesAfterExit() == "icanon echo", "canonical mode and echo are back")
    }

    @Test func controlCQuitsWithStatus130() throws {
        let session = try TmuxSession(arguments: ["--monitors", "1"])
        #expect(session.waitFor("Workers") != nil)
        session.send("C-c")
        #expect(session.waitFor("[exited 130]") != nil)
        #expect(waitUntil { session.modesAfterExit() != nil })
        #expect(session.modesAfterExit() == "icanon echo")
    }

    @Test func sigtermRestoresTheTerminalAndExits143() throws {
        let session = try TmuxSession(arguments: ["--monitors", "1"])
        #expect(session.waitFor("Workers") != nil)
        let pid = try #require(session.programPID())
        kill(pid, SIGTERM)
        #expect(session.waitFor("[exited 143]") != nil)
        #expect(waitUntil { session.modesAfterExit() != nil })
        #expect(session.modesAfterExit() == "icanon echo")
    }

    @Test func aCrashWithTheDashboardOpenStillRestoresTheTerminal() throws {
        let session = try TmuxSession(arguments: ["scenario", "crash"])
        let screen = session.waitFor("[modes]", seconds: 30)
        let status = screen.flatMap { text in
            text.range(of: #"\[exited (\d+)\]"#, options: .regularExpression).map { Int(text[$0].dropFirst(8).dropLast()) ?? 0 }
        }
        #expect((status ?? 0) > 128, "the process dies of the signal, as it would have")
        #expect(session.modesAfterExit() == "icanon echo", "canonical mode and echo are back")
    }

    @Test func controlBackslashQuitsWithSIGQUITAndLeavesASaneTerminal() throws {
        let session = try TmuxSession(arguments: ["--monitors", "1"])
        #expect(session.waitFor("Workers") != nil)
        session.send("C-\\")
        #expect(session.waitFor("[exited 131]") != nil)
        #expect(waitUntil { session.modesAfterExit() != nil })
        #expect(session.modesAfterExit() == "icanon echo")
    }

    @Test func plainModeOnATerminalQuitsOnQ() throws {
        let session = try TmuxSession(arguments: ["--plain", "--duration", "60", "--monitors", "1"])
        #expect(session.waitFor("q or Ctrl-C quits") != nil, "plain mode says how to quit")
        #expect(session.waitFor("Monitor-1 started") != nil)
        session.send("q")
        let screen = session.waitFor("[modes]", seconds: 20)
        #expect(screen?.contains("[exited 0]") == true, "q ends a 60 s run")
        #expect(screen?.contains("Snapshot    non-daemon Thread   joined, cleanup ran") == true)
        #expect(session.modesAfterExit() == "icanon echo", "the keyboard settings are put back")
    }

    @Test(arguments: [(80, 24), (100, 30), (200, 60)])
    func helpAndQuitAreAlwaysVisible(width: Int, height: Int) throws {
        let session = try TmuxSession(width: width, height: height, arguments: ["--monitors", "16"])
        #expect(session.waitFor("Workers") != nil)
        // Wait for a whole frame whose bottom line (the status bar) shows both: a capture may catch a frame
        // half drawn, never a bar without them.
        var bar = ""
        let shown = waitUntil(seconds: 20) {
            bar = session.capture().split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
            return bar.contains("? help") && bar.contains("q quit")
        }
        #expect(shown, "status bar at \(width)x\(height): \(bar)")
        if height < 40 { #expect(session.waitFor("more (a taller terminal shows them)") != nil, "overflowing workers are counted") }
        session.send("?")
        let help = try #require(session.waitFor("any other key closes"))
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).dropLast().filter { !$0.isEmpty }
        // The overlay covers every panel: each line starts and ends with its own border, nothing beside it.
        for line in lines.dropLast() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            #expect(trimmed.first.map { "┌│└".contains($0) } ?? false, "\(line)")
        }
        session.send("x")
        session.send("q")
        #expect(session.waitFor("[exited 0]") != nil)
    }

    @Test(arguments: ["light", "high-contrast"])
    func aThemeIsAcceptedAndDraws(theme: String) throws {
        let session = try TmuxSession(arguments: ["--theme", theme, "--monitors", "1"])
        #expect(session.waitFor("Workers") != nil, "the dashboard draws with the \(theme) theme")
        session.send("q")
        #expect(session.waitFor("[exited 0]") != nil)
    }

    @Test func asciiBordersOutsideAUTF8Locale() throws {
        let session = try TmuxSession(arguments: ["--monitors", "1"], environment: ["LANG": "C", "LC_ALL": "C"])
        let screen = session.waitFor("Workers")
        #expect(screen?.contains("+-") == true, "ASCII corners and lines")
        #expect(screen?.contains("┌") == false)
        session.send("q")
        #expect(session.waitFor("[exited 0]") != nil)
    }
}

/// The binary without a terminal, and with bad options.
@Suite struct CommandLineTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String]) throws -> Run {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "interactive=no"
        // Bounded: a run that never ends is killed and fails the test.
        let run = try ProgramRun.run(TmuxSession.binaryPath, arguments, environment: environment)
        return Run(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    /// Precedence: the command line, then the lesson, then the config file, then the defaults.
    @Test func theCommandLineBeatsTheLessonWhichBeatsTheConfigFile() throws {
        let folder = NSTemporaryDirectory() + "daemondeck-precedence-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/config", lesson = folder + "/short.lesson"
        try "monitors = 3\nseed = 11\nauto = true\n".write(toFile: config, atomically: true, encoding: .utf8)
        try "title: short\nmonitors 1\nseed 7\nwait 300ms\n".write(toFile: lesson, atomically: true, encoding: .utf8)

        let lessonWins = try run(["--plain", "--config", config, "--lesson", lesson])
        #expect(lessonWins.status == 0, "\(lessonWins.stderr)")
        #expect(lessonWins.stdout.contains("Monitor-1 started"))
        #expect(!lessonWins.stdout.contains("Monitor-2 started"), "the lesson's 1 monitor beats the file's 3")
        #expect(lessonWins.stdout.contains("(seed 7)"))

        let commandLineWins = try run(["--plain", "--config", config, "--lesson", lesson, "--monitors", "2", "--seed", "5"])
        #expect(commandLineWins.stdout.contains("Monitor-2 started"), "--monitors 2 beats the lesson's 1")
        #expect(!commandLineWins.stdout.contains("Monitor-3 started"))
        #expect(commandLineWins.stdout.contains("(seed 5)"))

        let fileWins = try run(["--plain", "--config", config, "--duration", "0.3"])
        #expect(fileWins.stdout.contains("Monitor-3 started"), "without a lesson the file's 3 monitors count")
        #expect(fileWins.stdout.contains("(seed 11)"))
    }

    @Test func aConfigFileBooleanCanBeTurnedOffOnTheCommandLine() throws {
        let config = NSTemporaryDirectory() + "daemondeck-no-auto-\(UUID().uuidString)"
        try "auto = true\nascii = true\n".write(toFile: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let off = try run(["--plain", "--config", config, "--no-auto", "--no-ascii", "--duration", "3", "--monitors", "0",
                           "--seed", "1"])
        #expect(off.status == 0, "\(off.stderr)")
        #expect(!off.stdout.contains("Main data = "), "--no-auto turns off the file's auto = true: no automatic writes")
    }

    @Test func withoutATerminalItRunsPlainModeAndPrintsTheSummary() throws {
        let result = try run(["--duration", "1.2", "--seed", "5", "--alarm-period", "100", "--alarm-ticks", "3"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Main thread is carrying on... (seed 5)"))
        #expect(result.stdout.contains("Monitor-1 started (daemon Thread)"))
        #expect(result.stdout.contains("Alarm ALARM!"))
        #expect(result.stdout.contains("Alarm       task       Task     finished (ALARM! after 3 ticks)"))
        #expect(result.stdout.contains("Snapshot    non-daemon Thread   joined, cleanup ran"))
        #expect(!result.stdout.contains("\u{1B}["), "no terminal escapes in plain output")
    }

    @Test(arguments: [
        (["--interval", "0"], "--interval must be a whole number from 1 to 10000 milliseconds"),
        (["--monitors", "99"], "--monitors must be a whole number from 0 to 16"),
        (["--alarm-ticks", "zero"], "alarm-ticks"),
        (["--duration", "0"], "--duration must be a number from 0.1 to 86400 seconds"),
        (["--no-such-option"], "no-such-option"),
        (["--theme", "pink"], "one of 'dark', 'light' or 'high-contrast'"),
    ])
    func badOptionsGiveOneLineAndTheUsageStatus(arguments: [String], message: String) throws {
        let result = try run(arguments + ["--plain"])
        #expect(result.status == 64)
        #expect(result.stderr.contains(message))
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing started")
    }
}

/// A board played in a real terminal: `daemondeck --board lost-update`, the shortest win with Tab and s.
@Suite(.serialized, .enabled(if: TmuxSession.isUsable, "needs tmux (and DAEMONDECK_SKIP_TMUX unset)"))
struct BoardEndToEndTests {
    @Test func theLostUpdateBoardIsWonWithTabAndS() throws {
        let session = try TmuxSession(arguments: ["--board", "lost-update"])
        #expect(session.waitFor("of the 20 possible orders, 18 reach the goal", seconds: 30) != nil, "\(session.capture())")
        // T1 loads, T2 loads, T2 adds and stores, T1 adds and stores: both stored 1.
        for key in ["s", "Tab", "s", "s", "s", "Tab", "s", "s"] { session.send(key) }
        let screen = session.waitFor("WON in 6 moves, shortest win 6", seconds: 60)
        #expect(screen != nil, "\(session.capture())")
        #expect(screen?.contains("counter = 1") == true)
        session.send("q")
        #expect(session.waitFor("[exited 0]", seconds: 30) != nil)
    }
}
