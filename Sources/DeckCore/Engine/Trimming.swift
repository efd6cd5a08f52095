extension StringProtocol {
    /// The text without the whitespace (spaces, tabs, `\r`, newlines) at either end, using only the
    /// standard library (Foundation's `trimmingCharacters(in:)` would pull all of Foundation in).
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
