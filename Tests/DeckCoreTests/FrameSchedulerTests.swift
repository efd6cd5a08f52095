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
        #expect(!frames.isDue(now: 2999 * ms))
        #expect(frames.isDue(now: 3000 * ms))
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
