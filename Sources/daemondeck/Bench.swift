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

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("Measure only these parts: idle, render, detection, ingestion, replay, startup.", valueName: "PART"))
    var only: [BenchSuite.Part] = []

    func run() throws {
        let suite = BenchSuite(quick: quick, only: only.isEmpty ? nil : Set(only)) { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        let rows = suite.run()
        print(BenchReport.table(rows, header: ["daemondeck bench\(quick ? " --quick" : "") on \(BenchSuite.machine())", ""]))
    }
}

extension BenchSuite.Part: ExpressibleByArgument {}
