import DeckBench
import DeckCore
import Testing

@Suite struct FrameSchedulerTests {
    let ms: UInt64 = 1_000_000

    @Test func idleLoopSleepsUntilTheNextSlowFrame() {
        var frames = FrameScheduler()
        frames.frameDrawn(at: 1000 * ms)
        #expect(!frames.isDue(now: 1100 * ms))
        #expect(frames.sleepMilliseconds(now: 1100 * ms, dueInMs: nil) == 1900)
        #expect(!frames.isDue(now: 2998 * ms))
        #expect(frames.isDue(now: 3000 * ms))
    }

    @Test func idleFramesLandOnTheMonitorsTicks() {
        var frames = FrameScheduler()
        // A frame drawn between ticks: the idle frame comes at the last 100 ms tick within two seconds.
        frames.frameDrawn(at: 1037 * ms)
        #expect(frames.idleFrameDueNanos == 3000 * ms)
        #expect(frames.sleepMilliseconds(now: 1100 * ms, dueInMs: nil) == 1900)
        #expect(!frames.isDue(now: 2950 * ms))
        // The sleep is rounded down, so a wake just before the tick draws it rather than sleeping again.
        #expect(frames.sleepMilliseconds(now: 2999 * ms + 500_000, dueInMs: nil) == 0)
        #expect(frames.isDue(now: 2999 * ms + 500_000))
        // An idle frame drawn just after its tick: the next one is a whole period later, on a tick too.
        frames.frameDrawn(at: 3000 * ms + 40_000)
        #expect(frames.idleFrameDueNanos == 5000 * ms)
        // A period shorter than a tick, right after the clock's start: the first tick, no wrap-around.
        var quick = FrameScheduler()
        quick.framePeriodNanos = 50 * ms
        quick.frameDrawn(at: 10 * ms)
        #expect(quick.idleFrameDueNanos == 100 * ms)
    }

    @Test func pollRhythmTicksAreSharedMultiplesOfTheInterval() {
        #expect(PollRhythm.nextTick(after: 0, everyMilliseconds: 100) == 100 * ms)
        #expect(PollRhythm.nextTick(after: 1234 * ms, everyMilliseconds: 100) == 1300 * ms)
        // Exactly on a tick: the next one, never the same instant again.
        #expect(PollRhythm.nextTick(after: 1300 * ms, everyMilliseconds: 100) == 1400 * ms)
        // A 10 ms monitor's ticks include every 100 ms tick.
        #expect(PollRhythm.nextTick(after: 1395 * ms, everyMilliseconds: 10) == 1400 * ms)
        // A zero interval cannot spin: it counts as 1 ms.
        #expect(PollRhythm.nextTick(after: 5 * ms, everyMilliseconds: 0) == 6 * ms)
    }

    @Test func workerEventsAreBatchedIntoFramesAtLeastAGapApart() {
        var frames = FrameScheduler()
        frames.frameDrawn(at: 1000 * ms)
        frames.dirty = true
        #expect(!frames.isDue(now: 1005 * ms))
        #expect(frames.sleepMilliseconds(now: 1005 * ms, dueInMs: nil) == 11)
        #expect(frames.isDue(now: 1016 * ms))
    }

    @Test func aKeyIsDrawnAtOnce() {
        var frames = FrameScheduler()
        frames.frameDrawn(at: 1000 * ms)
        frames.keyPressed()
        #expect(frames.isDue(now: 1001 * ms))
        #expect(frames.sleepMilliseconds(now: 1001 * ms, dueInMs: nil) == 0)
        frames.frameDrawn(at: 1002 * ms)
        #expect(!frames.keyPending && !frames.dirty)
    }

    @Test func theMainLoopsNextWriteShortensTheSleep() {
        var frames = FrameScheduler()
        frames.frameDrawn(at: 1000 * ms)
        #expect(frames.sleepMilliseconds(now: 1000 * ms, dueInMs: 40) == 40)
        #expect(frames.sleepMilliseconds(now: 1000 * ms, dueInMs: -5) == 0)
    }

    @Test func keyLatencyKeepsTheNewestSamples() {
        var recorder = KeyLatencyRecorder(capacity: 3)
        for n in 1...5 { recorder.record(nanos: UInt64(n)) }
        #expect(recorder.samples == [3, 4, 5])
    }
}
