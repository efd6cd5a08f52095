import DeckBench
import DeckCore
import Foundation
import Testing

@Suite struct BenchStatisticsTests {
    @Test func percentilesUseNearestRank() {
        let stats = SampleStats((1...100).map(Double.init).shuffled())
        #expect(stats.p50 == 50)
        #expect(stats.p99 == 99)
        #expect(stats.percentile(100) == 100)
        #expect(stats.percentile(0) == 1)
        #expect(stats.min == 1)
        #expect(stats.max == 100)
        #expect(stats.mean == 50.5)
    }

    @Test func percentileOfFewSamplesIsAMeasuredValue() {
        let stats = SampleStats([3, 1, 2])
        #expect(stats.p50 == 2)
        #expect(stats.p99 == 3)
        #expect(SampleStats([7]).p99 == 7)
    }

    @Test func noSamplesGiveNoFigures() {
        let stats = SampleStats([])
        #expect(stats.isEmpty)
        #expect(stats.p50 == nil)
        #expect(stats.max == nil)
        #expect(stats.mean == nil)
    }

    @Test func nonFiniteSamplesAreIgnored() {
        let stats = SampleStats([1, .nan, 2, .infinity])
        #expect(stats.count == 2)
        #expect(stats.max == 2)
    }

    @Test func ratesAndShares() {
        #expect(BenchMath.perSecond(count: 2_000_000, nanos: 1_000_000_000) == 2_000_000)
        #expect(BenchMath.perSecond(count: 500, nanos: 250_000_000) == 2000)
        #expect(BenchMath.perSecond(count: 5, nanos: 0) == nil)
        #expect(BenchMath.cpuPercent(cpuNanos: 50_000_000, wallNanos: 10_000_000_000) == 0.5)
        #expect(BenchMath.cpuPercent(cpuNanos: 1, wallNanos: 0) == nil)
        #expect(BenchMath.share(8, of: 50) == 16)
        #expect(BenchMath.share(3, of: 0) == 0)
    }

    @Test func numbersAreFormattedForTheTable() {
        #expect(BenchFormat.fixed(3.14159, 2) == "3.14")
        #expect(BenchFormat.fixed(0.005, 3) == "0.005")
        #expect(BenchFormat.fixed(-1.5, 1) == "-1.5")
        #expect(BenchFormat.fixed(2.999, 1) == "3.0")
        #expect(BenchFormat.fixed(42, 0) == "42")
        #expect(BenchFormat.ms(0.0234) == "0.023 ms")
        #expect(BenchFormat.ms(48.25) == "48.2 ms" || BenchFormat.ms(48.25) == "48.3 ms")
        #expect(BenchFormat.ms(nil) == "-")
        #expect(BenchFormat.rate(2_340_000) == "2.34M/s")
        #expect(BenchFormat.rate(456_700) == "456.7k/s")
        #expect(BenchFormat.megabytes(10 * 1_048_576) == "10.0 MB")
        #expect(BenchFormat.percent(0.234) == "0.23%")
    }

    @Test func tableShowsEachFigureBesideItsTargetAndASummary() {
        let rows = [
            BenchRow.checked("idle CPU", "0.20%", target: "≤ 0.50%", met: true),
            BenchRow.checked("render 200x60 p99", "1.20 ms", target: "< 1 ms", met: false),
            BenchRow("missed, polling", "8/50"),
        ]
        let lines = BenchReport.table(rows, header: ["daemondeck bench"]).split(separator: "\n").map(String.init)
        #expect(lines[0] == "daemondeck bench")
        #expect(lines[1].hasPrefix("figure"))
        #expect(lines[3].hasPrefix("idle CPU") && lines[3].contains("≤ 0.50%") && lines[3].hasSuffix("PASS"))
        #expect(lines[4].hasSuffix("MISS"))
        #expect(lines[5].hasPrefix("missed, polling") && lines[5].hasSuffix("8/50"))
        #expect(lines.last == "1 of 2 targets met (MISS: render 200x60 p99)")
        #expect(BenchReport.summary([rows[0]]) == "1 of 1 targets met")
    }

    @Test func residentSizeIsReadFromStatm() {
        #expect(ProcessStats.parseStatmResident("12345 2560 1000 10 0 300 0\n", pageSize: 4096) == 2560 * 4096)
        #expect(ProcessStats.parseStatmResident("garbage", pageSize: 4096) == nil)
        #expect((ProcessStats.residentBytes() ?? 0) > 0, "/proc/self/statm is readable on Linux")
    }

    /// The bench reads both processes' memory from smaps_rollup: anonymous memory, PSS, USS and RSS.
    @Test func memoryIsReadFromSmapsRollup() throws {
        let text = """
            56497b084000-7fffaaeaf000 ---p 00000000 00:00 0                          [rollup]
            Rss:               10240 kB
            Pss:                4100 kB
            Pss_Anon:           2048 kB
            Shared_Clean:       7000 kB
            Shared_Dirty:          0 kB
            Private_Clean:       900 kB
            Private_Dirty:      2340 kB
            Anonymous:          2048 kB
            AnonHugePages:         0 kB
            """
        let memory = try #require(ProcessMemory(smapsRollup: text))
        #expect(memory.resident == 10240 * 1024)
        #expect(memory.proportional == 4100 * 1024)
        #expect(memory.anonymous == 2048 * 1024, "Anonymous:, not AnonHugePages: nor Pss_Anon:")
        #expect(memory.unique == (900 + 2340) * 1024, "USS: private clean and dirty pages")
        #expect(ProcessMemory(smapsRollup: "Rss: 10 kB\nPss: 5 kB\n") == nil, "no Anonymous line: no figure")
        #expect(ProcessMemory(smapsRollup: "") == nil)
        #if os(Linux)
        let own = try #require(ProcessProbe.memory(of: getpid()), "this process's smaps_rollup is readable")
        #expect(own.anonymous > 0 && own.anonymous <= own.resident)
        #expect(own.proportional <= own.resident)
        #endif
    }

    /// Idle CPU is a median of paired windows: each window's ratio uses that window's two figures.
    @Test func pairedWindowsGiveOneRatioEachAndAMedianWithItsSpread() {
        let ratios = BenchMath.pairedRatios([10, 12, 9, 30], [20, 12, 0, 15])
        #expect(ratios == [0.5, 1.0, 2.0], "a window where the other side used nothing has no ratio")
        let stats = SampleStats(ratios)
        #expect(BenchFormat.medianAndSpread(stats, 2) == "1.00 (0.50-2.00)")
        #expect(BenchFormat.medianAndSpread(SampleStats([]), 2) == "-")
        // CPU nanoseconds as the bench reads them from /proc: 2.4 ms against 3.2 ms is 0.75, not infinity.
        #expect(BenchMath.pairedRatios(nanos: [2_400_000, 6_000_000], [3_200_000, 4_000_000]) == [0.75, 1.5])
    }

    /// The flood carries lifecycle events (never dropped) beside log notes, and says how many.
    @Test func theFloodMixesLifecycleEventsIntoItsNotes() {
        let events = (0..<20).map(EventFlood.event)
        let lifecycle = events.filter { !$0.mayBeDropped }
        #expect(lifecycle.count == EventFlood.lifecycleEvents(in: 20))
        #expect(lifecycle.count == 5, "one in four: \(lifecycle)")
        #expect(lifecycle.contains(.workerSaid(worker: EventFlood.ghostWorker, text: "flood 3")))
        #expect(lifecycle.contains(.workerEnded(worker: EventFlood.ghostWorker, fate: .stoppedWithCleanup)))
        #expect(EventFlood.lifecycleEvents(in: 1_000_000) == 250_000)
        #expect(EventFlood.lifecycleEvents(in: 3) == 0 && EventFlood.lifecycleEvents(in: 4) == 1)
    }
}

@Suite struct FastTextTests {
    @Test func threeDecimalsMatchPrintf() {
        var random = SeededRandom(seed: 99)
        var values: [Double] = [0, -0.0, 1, -1, 0.0005, 0.0015, 2.5, 3.205, 4.9995, 1e14, 1e16, -2.3456, .nan, .infinity]
        for _ in 0..<20_000 { values.append((random.unit() - 0.3) * 10_000) }
        for _ in 0..<5_000 { values.append((random.unit() * 5000).rounded() / 1000) }
        for value in values {
            #expect(DecimalText.threeDecimals(value) == String(format: "%.3f", value), "value \(value)")
        }
    }

    @Test func changeLinesReadLikeTheOthers() {
        let at = Timestamp(milliseconds: 1_000)
        let lazy = LogEntry(at: at, source: "Monitor-1", changed: "data", to: 3.205)
        #expect(lazy.text == "data has changed to 3.205")
        #expect(lazy == LogEntry(at: at, source: "Monitor-1", text: "data has changed to 3.205"))
        var edited = lazy
        edited.text = "other"
        #expect(edited.text == "other")
    }
}
