import DeckCore
import Foundation
import Testing

/// What `scripts/fuzz.sh` found, each input as the fuzzer wrote it (Fuzz/findings/), kept as a test so it
/// stays fixed. Every one crashed daemondeck before its fix; each must now end in a clear message.
@Suite struct FuzzFindingsTests {
    static func write(_ content: String) throws -> String {
        let path = NSTemporaryDirectory() + "daemondeck-fuzz-finding-\(UUID().uuidString).jsonl"
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// An exported log line whose `ms` is past what nanoseconds in 64 bits hold (the year 2554) stopped
    /// the replay with an arithmetic overflow. It is refused as not a log line, with its line number.
    @Test(arguments: [
        // As the first line: the file is not a log export.
        ("{\"message\":\"m\",\"ms\":18446744073709551615,\"source\":\"Main\",\"time\":\"x\"}\n", 1),
        // After a good first line: that line is refused.
        ("{\"message\":\"m\",\"ms\":1000,\"source\":\"Main\",\"time\":\"x\"}\n{\"message\":\"m\",\"ms\":18446744073709552,\"source\":\"Main\",\"time\":\"x\"}\n", 2),
    ])
    func anExportedLineWithATimeTooLargeIsRefused(content: String, line: Int) throws {
        let path = try Self.write(content)
        defer { unlink(path) }
        #expect {
            let file = try RecordingFile(path: path)
            _ = try ReplayPlayer(file: file)
        } throws: { error in
            (error as? RecordingError)?.line == line && "\(error)".hasPrefix("\(path):\(line): not")
        }
    }
}
