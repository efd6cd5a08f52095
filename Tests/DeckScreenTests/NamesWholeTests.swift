@testable import DeckCore
import DeckTestSupport
import Testing

/// At 80 columns every name and label is whole: the lesson's `Job-Dispatch` in Workers, the log, the
/// timeline and the quit summary; queue mode's `on message`; the timeline's legend names every mark drawn.
/// A name longer than any column is cut on purpose (`…`) and a click names it whole.
@Suite struct NamesWholeTests {
    static func press(_ state: inout AppState, _ event: DeckEvent) {
        _ = Reducer.reduce(&state, PostedEvent(at: state.now, event: event))
    }

    /// The known dashboard with the models lesson's Dispatch job running and talking.
    static func withDispatchJob(name: String = "Job-Dispatch") -> (AppState, WorkerID) {
        var state = DashboardSnapshotTests.knownState()
        let id = Reducer.newWorker(&state, name: name, kind: .nonDaemon, model: .dispatch, role: .job, intervalMs: 0)
        press(&state, .workerRunning(worker: id))
        press(&state, .workerSaid(worker: id, text: "work item done"))
        return (state, id)
    }

    @Test(arguments: [Glyphs.unicode, .ascii]) func jobDispatchIsWholeInWorkersLogAndTimeline(glyphs: Glyphs) throws {
        var (state, _) = Self.withDispatchJob()
        Self.press(&state, .key(.char("t")))
        let screen = DashboardView.render(state, width: 80, height: 24, glyphs: glyphs)
        let layout = DashboardLayout(width: 80, height: 24, state: state)
        let lines = screen.lines
        let workers = lines[layout.workers.y..<layout.workers.maxY].joined(separator: "\n")
        let log = lines[layout.log.y..<layout.log.maxY].joined(separator: "\n")
        // 24 rows leave the timeline three lanes; 40 rows show them all.
        let tall = DashboardView.render(state, width: 80, height: 40, glyphs: glyphs)
        let tallLayout = DashboardLayout(width: 80, height: 40, state: state)
        let timeline = tall.lines[tallLayout.timeline.y..<tallLayout.timeline.maxY].joined(separator: "\n")
        #expect(workers.contains(" Job-Dispatch non-daemon Dispatch"), "\(screen.text)")
        #expect(log.contains(" Job-Dispatch work item done"), "\(screen.text)")
        #expect(!timeline.isEmpty, "the timeline is shown\n\(screen.text)")
        #expect(timeline.contains("Job-Dispatch "), "\(tall.text)")
        #expect(!screen.text.contains("Job-Dispat" + (glyphs.isASCII ? "~" : "…")))
    }

    @Test func queueModeSaysOnMessageWhole() {
        var state = DashboardSnapshotTests.knownState()
        Self.press(&state, .key(.char("w")))
        Self.press(&state, .key(.char("w")))
        #expect(state.monitorStrategy == .queue)
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.lines.filter { $0.contains("Monitor-") && $0.contains("on message") }.count == 2, "\(screen.text)")
        #expect(screen.contains("interval │") || screen.contains(" interval "), "the column's title whole\n\(screen.text)")
    }

    @Test func theQuitSummaryNamesEveryWorkerWhole() {
        let (state, _) = Self.withDispatchJob()
        let summary = QuitSummary.render(state)
        #expect(summary.contains("  Job-Dispatch non-daemon Dispatch "), "\(summary)")
        #expect(summary.contains("  Monitor-1    daemon     Thread "), "the columns stay aligned\n\(summary)")
    }

    @Test func aNameLongerThanAnyColumnIsCutOnPurposeAndAClickNamesItWhole() throws {
        let long = "Job-Dispatch-with-a-long-name"
        var (state, _) = Self.withDispatchJob(name: long)
        let screen = DashboardView.render(state, width: 80, height: 24)
        #expect(screen.contains(" Job-Dispatch-wi… non-daemon"), "\(screen.text)")
        #expect(screen.contains(" Job-Dispatch-wi… work item done"), "\(screen.text)")
        _ = try MouseClickTests.click(&state, on: "Job-Dispatch-wi… non-daemon")
        #expect(state.status?.text.contains(long) == true, "\(state.status?.text ?? "")")
    }

    @Test(arguments: [Glyphs.unicode, .ascii]) func theLegendNamesEveryMarkDrawnAt80Columns(glyphs: Glyphs) throws {
        var state = TimelinePanelTests.knownSession()
        Self.press(&state, .key(.char("z")))  // a freeze span and a step mark too
        Self.press(&state, .key(.char("s")))
        // Marks the old legend ran out of room for: a cleanup and a save.
        let monitor = try #require(state.workers.first { $0.name == "Monitor-1" }?.id)
        state.timeline.mark(monitor, .cleanup, at: state.now.adding(milliseconds: -300))
        state.timeline.mark(monitor, .save, at: state.now.adding(milliseconds: -600))
        var buffer = ScreenBuffer(width: 80, height: 8, glyphs: glyphs)
        TimelinePanel.render(state, in: buffer.bounds, into: &buffer)
        let lines = buffer.lines
        let legend = lines[buffer.height - 2]
        let labelWidth = TimelinePanel.labelWidth(TimelinePanel.visibleLanes(state))
        var seen = Set<TimelineMark>()
        for mark in TimelineMark.allCases where mark != .start {
            let glyph = TimelinePanel.look(mark, ascii: glyphs.isASCII).0
            let drawn = lines[1..<(buffer.height - 2)].contains { line in
                line.unicodeScalars.dropFirst(1 + labelWidth).contains { String($0) == glyph }
            }
            guard drawn else { continue }
            seen.insert(mark)
            let name = TimelinePanel.legendMarks.first { $0.0 == mark }?.1 ?? "?"
            #expect(legend.contains(glyph + " " + name) || legend.contains(glyph + name), "\(mark) is drawn, the legend names it\n\(buffer.text)")
        }
        #expect(seen.isSuperset(of: [.cleanup, .save, .step, .detect]), "the marks this test is about are drawn\n\(buffer.text)")
    }
}
