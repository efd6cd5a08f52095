/// `f` cycles the log through its sources, `/` types a search: Enter applies it, Esc clears.
extension Reducer {
    /// Keys that belong to the filter: everything while a search is typed, and Esc while a filter is on.
    /// Returns nil when the key is not the filter's, so the key map handles it.
    static func handleLogFilterKey(_ state: inout AppState, _ key: Key) -> [DeckEffect]? {
        if var draft = state.logFilter.draft {
            switch key {
            case .enter:
                state.logFilter.search = draft.trimmingWhitespace()
                state.logFilter.draft = nil
                state.logScroll = 0
            case .escape:
                state.logFilter.draft = nil
                state.logFilter.search = ""
            case .backspace, .delete:
                if !draft.isEmpty { draft.removeLast() }
                state.logFilter.draft = draft
            case .char(let c) where draft.count < 64 && !c.isNewline:
                draft.append(c)
                state.logFilter.draft = draft
            default:
                break  // arrows, mouse, function keys: ignored while typing
            }
            return []
        }
        if key == .escape && state.logFilter.isActive {
            state.logFilter = LogFilter()
            state.logScroll = 0
            setStatus(&state, "log filter cleared")
            return []
        }
        return nil
    }

    /// `f`: all sources → the first source in the log → the next → ... → all again.
    static func cycleLogSource(_ state: inout AppState) {
        var sources: [String] = []
        var seen = Set<String>()
        for worker in state.workers where seen.insert(worker.name).inserted { sources.append(worker.name) }
        for index in 0..<state.log.count where seen.insert(state.log[index].source).inserted {
            sources.append(state.log[index].source)
        }
        let next: String?
        if let current = state.logFilter.source, let at = sources.firstIndex(of: current) {
            next = at + 1 < sources.count ? sources[at + 1] : nil
        } else {
            next = state.logFilter.source == nil ? sources.first : nil
        }
        state.logFilter.source = next
        state.logScroll = 0
        setStatus(&state, next.map { "log shows only \($0) (f: next worker, Esc: all)" } ?? "log shows every worker")
    }

    /// `/`: start typing a search.
    static func beginLogSearch(_ state: inout AppState) {
        state.logFilter.draft = state.logFilter.search
    }
}
