/// Text from a watched program (its output lines, its thread and task names) made safe to print on a line:
/// each control character is shown in caret notation, as `cat -vT` shows it, so that a `\r` cannot move the
/// cursor back over the time stamp, an ESC cannot start an escape sequence, and a `\n` in a thread's name
/// cannot split one log line in two. C0 controls (tab too) are `^@`…`^_` (`\r` is `^M`, ESC `^[`, BEL `^G`),
/// DEL is `^?`, and the C1 controls U+0080…U+009F are `M-^@`…`M-^_`. Everything else passes unchanged.
/// The dashboard and `--plain` show the same text; `--record` keeps the raw text, and replay shows it this way.
public enum VisibleText {
    public static func caret(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }  // the usual case: no copy
        var shown = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F {
                shown.append("^")
                shown.append(Unicode.Scalar(UInt8(v ^ 0x40)))  // 0x0D → M, 0x1B → [, 0x7F → ?
            } else if (0x80..<0xA0).contains(v) {
                shown.append(contentsOf: "M-^".unicodeScalars)
                shown.append(Unicode.Scalar(UInt8((v - 0x80) ^ 0x40)))
            } else {
                shown.append(scalar)
            }
        }
        return String(shown)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
    }
}
