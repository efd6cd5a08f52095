import FoundationEssentials

/// One thread or task of the trace: a track in Perfetto and chrome://tracing.
public struct TraceThread: Sendable, Equatable {
    public var worker: WorkerID?
    /// The kernel's thread id, when the worker has a thread of its own: the trace uses it as the track id.
    public var osTid: Int32 = 0
    public var name: String
    public var label: String
}

/// What the trace is made of, copied from the state on the UI thread so the file is written elsewhere.
public struct TraceInput: Sendable, Equatable {
    public var threads: [TraceThread]
    public var entries: [LogEntry]
    public var lanes: [TimelineLane]
    public var frozenSpans: [ClosedRange<Timestamp>]
    public var end: Timestamp
}

/// Writes the session as Chrome Trace Event JSON (`{"traceEvents":[…]}`): one track per thread or task
/// (`thread_name` metadata), an instant per log event, and durations for what has a known length:
/// each worker's life, each alarm tick's sleep, and the time the world was frozen.
public enum ChromeTraceExporter {
    static let pid = 1
    static let mainTid = 1

    /// `daemondeck-log-1.jsonl` → `daemondeck-log-1.trace.json`.
    public static func path(besideLog logPath: String) -> String {
        let url = URL(fileURLWithPath: logPath)
        let base = ["jsonl", "json", "log", "txt"].contains(url.pathExtension.lowercased())
            ? String(logPath.dropLast(url.pathExtension.utf8.count + 1)) : logPath
        return base + ".trace.json"
    }

    public static func input(_ state: AppState) -> TraceInput {
        var threads = [TraceThread(worker: nil, name: "Main", label: "Main (UI thread)")]
        for row in state.workers {
            threads.append(TraceThread(worker: row.id, osTid: row.tid, name: row.name,
                                       label: "\(row.name) (\(row.kind.rawValue) \(row.model.rawValue))"))
        }
        var spans = state.freeze.spans
        if let since = state.freeze.since { spans.append(since...max(since, state.now)) }
        return TraceInput(threads: threads, entries: state.log.entries, lanes: state.timeline.lanes,
                          frozenSpans: spans, end: state.now)
    }

    /// A worker's track: its real thread id where known, else one made from its worker id.
    static func tid(_ worker: WorkerID?, _ osTids: [WorkerID: Int32] = [:]) -> Int {
        guard let worker else { return mainTid }
        if let os = osTids[worker], os > 0 { return Int(os) }
        return worker + 1
    }

    /// One Chrome Trace event. Encoded by `JSONEncoder`; absent fields are left out.
    struct TraceEvent: Encodable {
        struct Args: Encodable {
            var name: String?
            var sortIndex: Int?
            enum CodingKeys: String, CodingKey {
                case name
                case sortIndex = "sort_index"
            }
        }
        var name: String
        var cat: String?
        var ph: String
        var s: String?
        var pid = ChromeTraceExporter.pid
        var tid: Int
        var ts: UInt64?
        var dur: UInt64?
        var args: Args?
    }

    struct TraceFile: Encodable {
        var traceEvents: [TraceEvent]
        var displayTimeUnit = "ms"
    }

    /// The trace as JSON text, and how many trace events it holds.
    public static func render(_ input: TraceInput) -> (text: String, count: Int) {
        let starts = input.entries.map(\.at) + input.lanes.map(\.startedAt)
        let origin = starts.min() ?? input.end
        func ts(_ t: Timestamp) -> UInt64 { t < origin ? 0 : (t.nanos - origin.nanos) / 1000 }
        func duration(_ name: String, cat: String, _ tid: Int, _ from: Timestamp, _ to: Timestamp) -> TraceEvent {
            TraceEvent(name: name, cat: cat, ph: "X", tid: tid, ts: ts(from), dur: to > from ? (to.nanos - from.nanos) / 1000 : 0)
        }
        var events: [TraceEvent] = []
        events.append(TraceEvent(name: "process_name", ph: "M", tid: mainTid, args: .init(name: "daemondeck")))

        // One track per thread: workers by id; other log sources (Export, a lesson) get tracks after them.
        var osTids: [WorkerID: Int32] = [:]
        for thread in input.threads { if let worker = thread.worker { osTids[worker] = thread.osTid } }
        func tid(_ worker: WorkerID?) -> Int { ChromeTraceExporter.tid(worker, osTids) }
        var tidByName: [String: Int] = [:]
        var named: [(tid: Int, label: String)] = []
        for thread in input.threads where tidByName[thread.name] == nil {
            tidByName[thread.name] = tid(thread.worker)
            named.append((tid(thread.worker), thread.label))
        }
        var nextTid = (input.threads.compactMap(\.worker).max() ?? 0) + 1000
        for entry in input.entries where tidByName[entry.source] == nil {
            tidByName[entry.source] = nextTid
            named.append((nextTid, entry.source))
            nextTid += 1
        }
        for (index, thread) in named.enumerated() {
            events.append(TraceEvent(name: "thread_name", ph: "M", tid: thread.tid, args: .init(name: thread.label)))
            events.append(TraceEvent(name: "thread_sort_index", ph: "M", tid: thread.tid, args: .init(sortIndex: index)))
        }

        // Durations: each worker's life, the alarm's sleeps between ticks, frozen spans.
        for lane in input.lanes {
            let t = tid(lane.worker)
            let end = lane.endedAt ?? input.end
            if lane.worker != nil {
                events.append(duration("\(lane.name) alive", cat: "worker", t, lane.startedAt, end))
            }
            let points = lane.events.points
            let ticks = points.filter { $0.mark == .tick }
            for (n, tick) in ticks.enumerated() {
                let next = points.first { $0.at > tick.at && ($0.mark == .tick || $0.mark == .alarm || $0.mark == .cancel || $0.mark == .stop) }
                events.append(duration("tick \(n + 1): sleep", cat: "sleep", t, tick.at, next?.at ?? end))
            }
            for span in input.frozenSpans where lane.worker != nil && span.lowerBound < end && span.upperBound > lane.startedAt {
                events.append(duration("frozen", cat: "freeze", t, max(span.lowerBound, lane.startedAt), min(span.upperBound, end)))
            }
            for point in lane.events.points where point.mark == .lost {
                events.append(TraceEvent(name: "lost change (no monitor saw it)", cat: "lost", ph: "i", s: "t", tid: t, ts: ts(point.at)))
            }
        }

        // Instants: every log event on its source's track.
        for entry in input.entries {
            events.append(TraceEvent(name: entry.text, cat: "log", ph: "i", s: "t", tid: tidByName[entry.source] ?? mainTid,
                                     ts: ts(entry.at)))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(TraceFile(traceEvents: events))) ?? Data("{\"traceEvents\":[]}".utf8)
        return (String(decoding: data, as: UTF8.self) + "\n", events.count)
    }

    /// Writes the trace (falling back to the temporary folder for a relative path, as the log export does)
    /// and returns the event that reports it.
    public static func write(_ input: TraceInput, to path: String) -> DeckEvent {
        let (text, count) = render(input)
        switch FileExport.write(Data(text.utf8), to: path) {
        case .success(let written): return .traceExported(path: written, events: count, error: nil)
        case .failure(let failure): return .traceExported(path: path, events: 0, error: failure.message)
        }
    }
}
