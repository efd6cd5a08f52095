/// The locks the running lesson's threads use, like tokio-console's resources view: who holds each one
/// and for how long, who waits for it and for how long, and how often a thread found it taken.
public enum LocksPanel {
    /// Shown while a lesson's locks are in use, and a while after the last change, so the end is seen.
    static let lingerMs = 8000

    public static func isShown(_ state: AppState) -> Bool {
        guard !state.locks.isEmpty, state.schedule == nil, let at = state.locksChangedAt else { return false }
        let busy = state.locks.contains { $0.holder != nil || !$0.waiters.isEmpty }
        return busy || at.milliseconds(until: state.now) <= lingerMs
    }

    public static func height(_ state: AppState) -> Int { isShown(state) ? state.locks.count + 2 : 0 }

    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        buffer.box(area, title: "Locks · who holds, who waits, how long")
        let inner = area.inner
        let elapsed = state.locksChangedAt.map { max(0, $0.milliseconds(until: state.now)) } ?? 0
        for (row, lock) in state.locks.enumerated() where inner.y + row < inner.maxY {
            // Held and waited-for times count on from the last report; a free lock has nothing to count.
            let style = !lock.waiters.isEmpty ? Style(.warning, bold: true) : lock.holder != nil ? Style(.value) : Style(.dim)
            buffer.putTruncated(lock.text(elapsedMs: elapsed), x: inner.x + 1, y: inner.y + row, style: style, maxWidth: inner.width - 2)
        }
    }
}
