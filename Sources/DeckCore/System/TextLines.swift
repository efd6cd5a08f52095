/// The lines of a lesson or board file as a teacher's editor wrote them: `\n` or `\r\n` line ends (in Swift
/// `"\r\n"` is one Character, so splitting on `"\n"` alone leaves a Windows file as one long line), and a
/// UTF-8 byte-order mark at the start dropped rather than read as part of the first word.
public enum TextLines {
    public static func split(_ text: String) -> [Substring] {
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        return body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }
}
