import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// `--answers` answers a lesson's questions in plain mode: the question, the prediction, what this run
/// measured and the score are printed; a bad list is a usage error.
@Suite struct AskEndToEndTests {
    @Test func plainModeWithAnswersPrintsTheQuestionTheRevealAndTheScore() throws {
        let result = try Subprocess.run([TmuxSession.binaryPath, "--plain", "--lesson", "pool", "--answers", "2"])
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(result.status == 0)
        #expect(lines.contains { $0.hasSuffix("Lesson Question: Six tasks, a pool of 2 threads. When both threads have taken their first task, how many still wait in the queue?") })
        #expect(lines.contains { $0.hasSuffix("1) 2   2) 4   3) 6   (press 1-3)") })
        #expect(lines.contains { $0.hasSuffix("You predicted 2) 4. Now watch.") })
        // The reveal names the figure it measured in this run's own log, where the pool said it.
        let said = try #require(lines.first { $0.contains(" runs task 2 (") })
        let queued = said.components(separatedBy: "runs task 2 (").last.flatMap { Int($0.prefix { $0.isNumber }) }
        #expect(lines.contains { $0.hasSuffix("Measured in this run: \(queued ?? -1) (the number after “runs task 2 (”): choice 2) 4.") })
        #expect(lines.contains { $0.hasSuffix("Score: 1/1 predictions matched this run") })
    }

    @Test func aBadAnswerListIsAUsageError() throws {
        for arguments in [["--plain", "--lesson", "pool", "--answers", "7"], ["--plain", "--lesson", "pool", "--answers", "1,,2"],
                          ["--plain", "--answers", "1"]] {
            let result = try Subprocess.run([TmuxSession.binaryPath] + arguments)
            #expect(result.status == 64, "\(arguments)")
        }
    }
}
