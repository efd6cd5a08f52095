import DeckTestSupport
import Foundation
import Testing

/// The daemon-exit child scenario, run as the real binary: main joins the non-daemon worker and returns, so
/// the non-daemon worker's cleanup line appears and the daemon worker's never does.
@Suite struct ChildScenarioTests {
    @Test func daemonCleanupNeverRunsNonDaemonCleanupDoes() throws {
        // Its output ends once the child (and every thread in it) is gone; a child that never ends is killed.
        let run = try ProgramRun.run(TmuxSession.binaryPath, ["scenario", "daemon-exit"])
        let output = run.stdout
        #expect(run.status == 0)
        #expect(output.contains("[non-daemon] done"))
        #expect(output.contains("cleanup ran"))
        #expect(output.contains("[daemon] working"))
        #expect(!output.contains("[daemon] done"))
        #expect(output.contains("main: returning"))
    }

    /// Tutorial 000's program: main announces each write, the last one with "returns at once", and exits; the
    /// daemon monitor only ever reports values main wrote. (How many it reports is timing, and the lesson
    /// measures it: `lessons --check --runs N daemon-exit`.)
    @Test func lastWriteScenarioWritesThreeTimesAndExits() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TmuxSession.binaryPath)
        process.arguments = ["scenario", "last-write"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output.contains("main: data = 1.25 (write 1 of 3)"))
        #expect(output.contains("main: data = 3.50 (write 2 of 3)"))
        #expect(output.contains("main: data = 4.75 (write 3 of 3); main returns at once"))
        let reports = output.split(separator: "\n").filter { $0.hasPrefix("Monitor: data has changed to ") }
        #expect(reports.allSatisfy { ["1.25", "3.50", "4.75"].contains(String($0.split(separator: " ").last ?? "")) })
    }

    @Test func unknownScenarioIsAUsageError() throws {
        let run = try ProgramRun.run(TmuxSession.binaryPath, ["scenario", "sh"])
        let output = run.stderr
        #expect(run.status == 64)
        #expect(output.contains("unknown scenario 'sh'"))
    }

    @Test func brokenLessonFileIsRefusedBeforeAnythingStarts() throws {
        let path = NSTemporaryDirectory() + "daemondeck-broken-\(getpid()).lesson"
        try "title: broken\nnarrate fine\nlaunch /bin/sh\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try ProgramRun.run(TmuxSession.binaryPath, ["--lesson", path, "--plain"])
        let message = run.stderr
        let printed = run.stdout
        #expect(run.status == 64)
        #expect(message.contains("\(path):3: unknown command 'launch'"))
        #expect(printed.isEmpty)
    }
}
