import ArgumentParser
import DeckBench
import DeckCore

/// `daemondeck bench`: measures the SPEC's performance targets headless and prints one table.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure detection latency, log ingestion, render time, idle CPU beside the classic Python loop, memory and start-up (one table, PASS/MISS).")

    @Flag(name: .long, help: "A shorter run (about 30 s) with fewer samples.")
    var quick = false

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("Measure only these parts: idle, flood, keys, render, detection, ingestion, replay, startup, watch, pyhook.", valueName: "PART"))
    var only: [BenchSuite.Part] = []

    func run() throws {
        let suite = BenchSuite(quick: quick, only: only.isEmpty ? nil : Set(only)) { LinePrinter.writeError("bench: \($0)") }
        let rows = suite.run()
        print(BenchReport.table(rows, header: ["daemondeck bench\(quick ? " --quick" : "") on \(BenchSuite.machine())", ""]))
    }
}

extension BenchSuite.Part: ExpressibleByArgument {}
