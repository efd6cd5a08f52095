/// How `s` in a replay names the event it stepped to: in the words of the dashboard, not the recording's
/// case names (`Main writes data = 1.200`, `key + pressed`, `Monitor-1 sees data change to 3.205`).
public enum ReplayStepWords {
    /// `state` is the replay's state just after the event was applied (for the names of shared values).
    public static func describe(_ recorded: RecordedEvent, in state: AppState) -> String {
        let who = recorded.source
        func value(_ index: Int) -> String {
            state.values.indices.contains(index) ? state.values[index].name : "value \(index + 1)"
        }
        switch recorded.event {
        case .runStarted: return "the run starts"
        case .key(.mouse(let mouse)):
            switch mouse.button {
            case .click: return "mouse click at column \(mouse.x + 1), row \(mouse.y + 1)"
            case .wheelUp: return "mouse wheel up"
            case .wheelDown: return "mouse wheel down"
            }
        case .key(let key): return "key \(key.description) pressed"
        case .valueWritten(let index, let reading, let by):
            return "\(by) writes \(value(index)) = \(Reducer.format(reading.value)) (version \(reading.version))"
        case .changeDetected(_, let index, let reading, let missed):
            let seen = "\(who) sees \(value(index)) change to \(Reducer.format(reading.value))"
            guard let missed else { return seen }
            return seen + ", missing \(missed.count) version\(missed.count == 1 ? "" : "s")"
        case .workerRunning: return "\(who) starts running"
        case .workerSaid(_, let text): return "\(who) says: \(text)"
        case .workerEnded(_, let fate): return "\(who) ends (\(fate.finalState.label))"
        case .workerJoined(_, let joined): return joined ? "Main joins \(who) (waits for it to end)" : "Main stops waiting for \(who)"
        case .alarmTicked(_, let n, let total): return "\(who) ticks \(n) of \(total)"
        case .alarmFired: return "\(who) raises ALARM!"
        case .alarmCancelled: return "\(who) is cancelled"
        case .exportFinished(let path, _, let error): return error == nil ? "the log is exported to \(path)" : "the log export fails"
        case .note(let source, let text): return "\(source): \(text)"
        case .signal(let number): return "signal \(number) arrives"
        case .quitRequested: return "quit asked for"
        case .freeze(.freeze): return "the world freezes"
        case .freeze(.thaw): return "the world thaws"
        case .freeze(.step(let worker)): return "one step of \(worker ?? "the selected worker")"
        case .traceExported(let path, _, let error): return error == nil ? "the trace is written to \(path)" : "the trace export fails"
        case .lesson(let event): return lessonWords(event, who: who)
        case .watch(let event): return VisibleText.caret(watchWords(event))  // the program's text, one line
        case .tick, .resize, .logViewResized, .workersSampled, .selfCostSampled:
            return "the screen is redrawn"
        }
    }

    static func watchWords(_ event: WatchEvent) -> String {
        switch event {
        case .programStarted(let pid, let command): return "the watched program starts: \(command) (pid \(pid))"
        case .attached(let pid, let name): return "daemondeck attaches to \(name) (pid \(pid))"
        case .output(let stream, let line): return "the program writes to std\(stream.rawValue): \(line)"
        case .outputContinued(let stream, let piece): return "the program's line on std\(stream.rawValue) goes on: \(piece)"
        case .threadStarted(let reading, _): return "thread \(reading.tid) \(reading.name) appears"
        case .threadRenamed(let tid, let from, let to): return "thread \(tid) is renamed from \(from) to \(to)"
        case .threadEnded(let tid, let name, _, _, _): return "thread \(tid) \(name) ends"
        case .threadsSampled: return "the program's threads are sampled"
        case .signalled(let signal, _): return "signal \(signal) is sent to the program's group"
        case .leftBehind(let pids): return "\(pids.count) process\(pids.count == 1 ? "" : "es") of the group left behind"
        case .programEnded: return "the watched program ends"
        case .unreadable(let reason): return "the program cannot be read: \(reason)"
        case .python(let report): return "the Python hook reports: \(report.logText)"
        }
    }

    static func lessonWords(_ event: LessonEvent, who: String) -> String {
        switch event {
        case .catalog: return "the lesson menu is filled"
        case .begin(let name, let title, _, _): return "lesson \(name) begins: \(title)"
        case .stepBegan(_, _, let summary, _): return "lesson step: \(summary)"
        case .narrate(let text): return "the lesson says: \(text)"
        case .snippet(let text): return "the lesson shows Swift: \(text)"
        case .python(let text): return "the lesson shows Python: \(text)"
        case .waitForPresenter: return "the lesson waits for the presenter's n"
        case .expectation(.met(let text)): return "lesson check met: \(text)"
        case .expectation(.failed(let message, _)): return "lesson check failed: \(message)"
        case .expectation(.skipped(let text)): return "lesson check skipped: \(text)"
        case .finished: return "the lesson ends"
        case .set(let name, let value): return "the lesson sets \(name) = \(Reducer.format(value))"
        case .start(let worker): return "the lesson starts \(worker.name)"
        case .stop(let worker): return "the lesson stops \(worker.name)"
        case .stall: return "the lesson stalls the heartbeat"
        case .resume: return "the lesson lets the heartbeat beat again"
        case .runChild(let scenario): return "the lesson runs the child process \(scenario.rawValue)"
        case .runPython(let program): return "the lesson runs the Python program \(program).py"
        case .asked(let question): return "the lesson asks: \(question.text)"
        case .answered(let choice): return choice.map { "the learner predicts \($0)" } ?? "no prediction"
        case .revealed(let measured, let quantity, _, _, _):
            return "the lesson reveals: \(measured.map(String.init) ?? "nothing") (\(quantity))"
        case .notMeasured: return "the lesson's Python question is not measured: its program did not run"
        case .locksChanged: return "\(who): the locks change hands"
        case .scheduled(let report):
            return report.waitingFor.map { "\(who) is blocked on lock \($0)" } ?? "\(who) waits before statement \(report.line + 1)"
        case .boardReported(let report):
            return report.settled ? "the board's threads hold still" : "a thread of the board reports"
        case .boardCounted(_, let counts):
            return counts == .counting ? "the board's orders are being counted" : "the board's orders are counted"
        case .boardProgress(_, let problem): return problem.map { "the progress file: \($0)" } ?? "the progress file is read"
        case .workerSaid(_, let text, _): return "\(who) says: \(text)"
        case .pythonThreads(_, let event): return "the lesson's Python program: " + VisibleText.caret(watchWords(event))
        }
    }
}
