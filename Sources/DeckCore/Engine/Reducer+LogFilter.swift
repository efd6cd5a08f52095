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
                state.logFilter.focus = nil
                state.logScroll = 0
                // What the bar said before (`log filter cleared`) no longer applies to this search.
                let found = state.logFilter.matchingIndices(in: state.log).count
                setStatus(&state, state.logFilter.search.isEmpty ? "search cleared"
                          : "\(found) line\(found == 1 ? "" : "s") match \"\(state.logFilter.search)\" · n/N next/previous · Esc: all")
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
        if !state.logFilter.search.isEmpty, key == .char("n") || key == .char("N") {
            // While a search is on, n and N go through its matches, as in less (Right still continues a lesson).
            moveSearchFocus(&state, older: key == .char("N"))
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

    /// `n` marks the next newer match, `N` the next older one, and scrolls the log to show it.
    static func moveSearchFocus(_ state: inout AppState, older: Bool) {
        let matches = state.logFilter.matchingIndices(in: state.log).count
        guard matches > 0 else {
            setStatus(&state, "no line matches \"\(state.logFilter.search)\" (Esc: all)")
            return
        }
        let focus: Int
        if let current = state.logFilter.focus {
            focus = older ? current + 1 : current - 1
        } else {
            // The first n or N marks the newest match on screen (the bottom line of the log).
            focus = min(state.logScroll, matches - 1)
        }
        guard focus >= 0, focus < matches else {
            setStatus(&state, older ? "no older match (n: newer · Esc: all)" : "no newer match (N: older · Esc: all)")
            return
        }
        state.logFilter.focus = focus
        // Keep the marked line inside the page the log shows.
        let page = logPageSize(state)
        if focus < state.logScroll { state.logScroll = focus }
        if focus >= state.logScroll + page { state.logScroll = focus - page + 1 }
        clampScroll(&state)
        setStatus(&state, "match \(matches - focus) of \(matches) · n newer · N older · Esc: all")
    }
}
