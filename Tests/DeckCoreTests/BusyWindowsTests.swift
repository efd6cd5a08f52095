import DeckCore
import Testing

/// The parallel lesson's peak: how many threads the busiest 2 ms shows at work at once, from the CPU time
/// each thread reported at wall times chosen here (no threads, no clock).
@Suite struct BusyWindowsTests {
    let ms: UInt64 = 1_000_000

    @Test func twoThreadsThroughTheSameWindowAreTwoAtOnce() {
        var first = BusyWindows(), second = BusyWindows()
        for slice in 1...20 {
            first.add(cpuNanos: ms / 10, atWallNanos: UInt64(slice) * ms / 10 - 1)
            second.add(cpuNanos: ms / 10, atWallNanos: UInt64(slice) * ms / 10 - 1)
        }
        first.merge(second)
        #expect(first.peakCores == 2.0)
        #expect(first.coresAtOnce == 2)
    }

    @Test func threadsTakingTurnsOnOneCoreAreOneAtATime() {
        var first = BusyWindows(), second = BusyWindows()
        // Each runs a whole window while the other waits: 2 ms each, in turn, for 20 ms.
        for window in 0..<10 {
            let end = UInt64(window + 1) * 2 * ms - 1
            if window % 2 == 0 { first.add(cpuNanos: 2 * ms, atWallNanos: end) } else { second.add(cpuNanos: 2 * ms, atWallNanos: end) }
        }
        first.merge(second)
        #expect(first.peakCores == 1.0)
        #expect(first.coresAtOnce == 1)
    }

    @Test func aSliceCountedInTheNextWindowIsNotASecondCore() {
        // One thread, one core: a 0.1 ms slice that began in window 0 is counted in window 1.
        var alone = BusyWindows()
        alone.add(cpuNanos: 19 * ms / 10, atWallNanos: 19 * ms / 10)
        alone.add(cpuNanos: 2 * ms, atWallNanos: 39 * ms / 10)
        alone.add(cpuNanos: ms / 10, atWallNanos: 4 * ms + ms / 20)
        #expect(alone.peakCores == 1.0)
        #expect(alone.coresAtOnce == 1)
        var late = BusyWindows()
        late.add(cpuNanos: 21 * ms / 10, atWallNanos: ms)
        #expect(late.coresAtOnce == 1)
    }

    @Test func moreCPUThanOneCoreCanGiveMeansAtLeastTwoCores() {
        var first = BusyWindows(), second = BusyWindows()
        first.add(cpuNanos: 2 * ms, atWallNanos: 19 * ms / 10)
        second.add(cpuNanos: 6 * ms / 10, atWallNanos: 19 * ms / 10)
        first.merge(second)
        #expect(first.peakCores == 1.3)
        #expect(first.coresAtOnce == 2)
        var four = BusyWindows()
        for _ in 1...4 { four.add(cpuNanos: 2 * ms, atWallNanos: 3 * ms) }
        #expect(four.coresAtOnce == 4)
    }

    @Test func noCPUAtAllIsStillOneThread() {
        #expect(BusyWindows().peakCores == 0)
        #expect(BusyWindows().coresAtOnce == 1)
    }
}
