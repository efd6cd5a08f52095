import ArgumentParser
import DeckBench
import DeckCore
import Foundation

/// `daemondeck bench`: measures the SPEC's performance targets headless and prints one table.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure detection latency, log ingestion, render time, idle CPU and memory (one table, PASS/MISS).")

    @Flag(name: .long, help: "A shorter run (under 15 s) with fewer samples.")
    var quick = false

    func run() throws {
        let suite = BenchSuite(quick: quick) { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        let rows = suite.run()
        print(BenchReport.table(rows, header: ["daemondeck bench\(quick ? " --quick" : "") on \(BenchSuite.machine())", ""]))
    }
}
