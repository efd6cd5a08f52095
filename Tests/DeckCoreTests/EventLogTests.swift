import DeckCore
import DeckTestSupport
import Foundation
import Testing

@Suite struct EventLogTests {
    @Test func keepsTheNewestEntriesUpToItsCapacity() {
        var log = EventLog(capacity: 3)
        for n in 1...5 { log.append(LogEntry(at: Timestamp(milliseconds: UInt64(n)), source: "T", text: "\(n)")) }
        #expect(log.count == 3)
        #expect(log.totalAppended == 5)
        #expect(log.entries.map(\.text) == ["3", "4", "5"])
        #expect(log.last?.text == "5")
    }

    @Test func lineShowsMillisecondsSourceAndMessage() {
        Snapshots.useUTC()
        let entry = LogEntry(at: Timestamp(milliseconds: 1_767_268_801_123), source: "Monitor-1", text: "data has changed to 3.205")
        #expect(entry.line == "12:00:01.123 Monitor-1 data has changed to 3.205")
    }

    @Test func jsonLinesExportParsesBack() throws {
        let entries = [
            LogEntry(at: Timestamp(milliseconds: 1000), source: "Main", text: "quote \" and \\ and\nnewline"),
            LogEntry(at: Timestamp(milliseconds: 2000), source: "Alarm", text: "ALARM!"),
        ]
        let path = NSTemporaryDirectory() + "daemondeck-test-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = try JSONLinesExporter.write(entries, to: path).get()
        #expect(written == path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["source"] as? String == "Main")
        #expect(first?["message"] as? String == "quote \" and \\ and\nnewline")
        #expect(first?["ms"] as? Int == 1000)
    }

    @Test func exportToAnUnwritablePlaceSaysWhy() {
        let result = JSONLinesExporter.write([], to: "/proc/daemondeck/none.jsonl")
        guard case .failure(let failure) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.message.contains("/proc/daemondeck/none.jsonl"))
    }
}
