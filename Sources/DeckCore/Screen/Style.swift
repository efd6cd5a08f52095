/// What a cell is, not what colour it is: the terminal maps roles to colour pairs in one place.
public enum StyleRole: UInt8, Sendable, CaseIterable {
    case normal, border, title, header, label, value, selection, dim, notice, warning, alarm, good, key,
         statusBar, overlay, progress, frozen,
         /// The text a `/` search matched, marked in the log.
         searchMatch
}

/// A cell's look: a role plus emphasis flags.
public struct Style: Equatable, Hashable, Sendable {
    public var role: StyleRole
    public var bold: Bool
    public var reverse: Bool

    public init(_ role: StyleRole = .normal, bold: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
    }

    public static let normal = Style()
}

/// Line-drawing and other glyphs: Unicode in a UTF-8 locale, ASCII otherwise (LANG=C, TERM=dumb, --ascii).
public struct Glyphs: Sendable, Equatable {
    public var horizontal: Unicode.Scalar
    public var vertical: Unicode.Scalar
    public var topLeft: Unicode.Scalar
    public var topRight: Unicode.Scalar
    public var bottomLeft: Unicode.Scalar
    public var bottomRight: Unicode.Scalar
    public var barFull: Unicode.Scalar
    public var barEmpty: Unicode.Scalar
    public var pointer: Unicode.Scalar
    public var ellipsis: Unicode.Scalar

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
                                       bottomRight: "┘", barFull: "█", barEmpty: "░", pointer: "▸", ellipsis: "…")
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
                                     bottomRight: "+", barFull: "#", barEmpty: ".", pointer: ">", ellipsis: "~")

    public var isASCII: Bool { self == .ascii }
}
