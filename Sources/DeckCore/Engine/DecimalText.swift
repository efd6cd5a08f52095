#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Fast fixed-point text for the values the log prints on every change (`3.205`). `String(format:)` costs
/// about a microsecond per call, which alone capped log ingestion below the SPEC's 2 million events/s.
/// The result is the same as `%.3f`: where the value lies too close to a rounding tie to be sure, or is
/// very large or not finite, it falls back to the C library's `%.3f`.
public enum DecimalText {
    public static func threeDecimals(_ value: Double) -> String {
        let scaled = abs(value) * 1000
        guard value.isFinite, scaled < 1e15 else { return cFormatted(value, decimals: 3) }
        let fraction = scaled - scaled.rounded(.down)
        if abs(fraction - 0.5) < 1e-6 { return cFormatted(value, decimals: 3) }
        let thousandths = UInt64(scaled.rounded())
        let whole = thousandths / 1000
        let part = thousandths % 1000
        let sign = value.sign == .minus ? "-" : ""  // as printf: -0.0001 prints -0.000
        let digits = part < 10 ? "00\(part)" : part < 100 ? "0\(part)" : "\(part)"
        return sign + "\(whole)." + digits
    }

    /// `snprintf("%.*f")`: exact rounding of the binary value, as `String(format:)` gives, without
    /// Foundation. The numeric locale is always "C" (the terminal sets only LC_CTYPE), so the point is a point.
    static func cFormatted(_ value: Double, decimals: Int) -> String {
        let arguments: [CVarArg] = [Int32(decimals), value]
        let needed = withVaList(arguments) { Int(vsnprintf(nil, 0, "%.*f", $0)) }
        var buffer = [CChar](repeating: 0, count: max(0, needed) + 1)
        _ = withVaList(arguments) { vsnprintf(&buffer, buffer.count, "%.*f", $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `value` with exactly `digits` decimals (the bench's figures), without Foundation.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<max(0, digits) { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else { return sign + "\(whole)" }
        var fractionText = "\(fraction)"
        while fractionText.count < digits { fractionText = "0" + fractionText }
        return sign + "\(whole)." + fractionText
    }
}
