/// Why a policy (a file, or a command-line override) was rejected.
///
/// `description` renders `FILE:LINE: FIELD: MESSAGE`; parts that are not known are left out, so an
/// override given on the command line renders as `FIELD: MESSAGE`.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The policy file's name as given to `load`/`parse`; nil for command-line overrides.
    public var file: String?
    /// 1-based line in `file`, when the error belongs to one.
    public var line: Int?
    /// The field in dotted form, e.g. `zone[2].guest`, `limits.memory`, `env.PATH`; empty for pure
    /// syntax errors that belong to no field.
    public var field: String
    public var message: String

    public init(file: String? = nil, line: Int? = nil, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var out = ""
        if let file {
            out += file
            if let line { out += ":\(line)" }
            out += ": "
        } else if let line {
            out += "line \(line): "
        }
        if !field.isEmpty { out += field + ": " }
        return out + message
    }
}
