/// A bad line in a config file: `file:line: what is wrong`.
public struct ConfigFileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)" }
}

/// Run defaults from `~/.config/daemondeck/config` (or `--config FILE`): `key = value` lines, `#` comments.
/// Every field is optional; the command line overrides whatever is set here.
public struct ConfigFile: Equatable, Sendable {
    public var monitors: Int?
    public var interval: Int?
    public var alarmTicks: Int?
    public var alarmPeriod: Int?
    public var auto: Bool?
    public var seed: UInt64?
    public var noColor: Bool?
    public var ascii: Bool?
    public var theme: Theme?

    public init() {}

    public static let keys = ["monitors", "interval", "alarm-ticks", "alarm-period", "auto", "seed", "no-color", "ascii", "theme"]

    /// The default file: `$XDG_CONFIG_HOME/daemondeck/config`, else `~/.config/daemondeck/config`.
    public static func defaultPath(environment: [String: String] = Environment.all) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/daemondeck/config" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/daemondeck/config"
    }

    /// Reads a file. A missing default file is no error (`required: false`); a missing `--config` file is.
    public static func load(path: String, required: Bool) throws(ConfigFileError) -> ConfigFile {
        guard TextFile.exists(path) else {
            if required { throw ConfigFileError(path: path, line: 0, message: "no such file") }
            return ConfigFile()
        }
        switch TextFile.read(path) {
        case .failure(.unreadable): throw ConfigFileError(path: path, line: 0, message: "cannot read the file")
        case .failure(.notUTF8): throw ConfigFileError(path: path, line: 0, message: "not UTF-8 text")
        case .success(let text): return try parse(text, path: path)
        }
    }

    /// Parses the text; the first bad line throws with its number.
    public static func parse(_ text: String, path: String) throws(ConfigFileError) -> ConfigFile {
        var config = ConfigFile()
        var seen = Set<String>()
        for (index, raw) in TextLines.split(text).enumerated() {
            let number = index + 1
            func bad(_ message: String) -> ConfigFileError { ConfigFileError(path: path, line: number, message: message) }
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw bad("expected 'key = value', got '\(trimmed)'")
            }
            let key = trimmed[..<equals].trimmingWhitespace()
            let value = trimmed[trimmed.index(after: equals)...].trimmingWhitespace()
            guard keys.contains(key) else {
                throw bad("unknown key '\(key)' (known: \(keys.joined(separator: ", ")))")
            }
            guard !value.isEmpty else { throw bad("\(key) needs a value") }
            guard seen.insert(key).inserted else { throw bad("\(key) is set twice") }
            func integer(_ range: ClosedRange<Int>, _ unit: String = "") throws(ConfigFileError) -> Int {
                guard let n = Int(value), range.contains(n) else {
                    throw bad("\(key) must be a whole number between \(range.lowerBound) and \(range.upperBound)\(unit), got '\(value)'")
                }
                return n
            }
            func flag() throws(ConfigFileError) -> Bool {
                switch value.lowercased() {
                case "true", "yes", "on", "1": return true
                case "false", "no", "off", "0": return false
                default: throw bad("\(key) must be true or false, got '\(value)'")
                }
            }
            switch key {
            case "monitors": config.monitors = try integer(0...16)
            case "interval": config.interval = try integer(DeckConfig.intervalRange, " milliseconds")
            case "alarm-ticks": config.alarmTicks = try integer(1...1000)
            case "alarm-period": config.alarmPeriod = try integer(10...60_000, " milliseconds")
            case "auto": config.auto = try flag()
            case "seed":
                guard let seed = UInt64(value) else { throw bad("seed must be a whole number between 0 and 18446744073709551615, got '\(value)'") }
                config.seed = seed
            case "no-color": config.noColor = try flag()
            case "ascii": config.ascii = try flag()
            case "theme":
                guard let theme = Theme(rawValue: value) else {
                    throw bad("theme must be one of \(Theme.allCases.map(\.rawValue).joined(separator: ", ")), got '\(value)'")
                }
                config.theme = theme
            default: break
            }
        }
        return config
    }
}
