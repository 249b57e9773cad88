#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// Reads a policy file, maps its tables onto the model and validates every value. The file is applied
// on top of `Policy.builtinDefault`; see Docs/policy.md for the merge rules.

extension Policy {
    /// Largest policy file accepted.
    public static let maximumFileSize = 1 << 20

    /// Reads the policy file at `path` and applies it on top of the built-in default.
    public static func load(path: String) throws(PolicyError) -> Policy {
        let text = try readTextFile(path)
        return try parse(text: text, fileName: path)
    }

    /// Parses policy text (as `load` would a file's contents) and applies it on top of the built-in
    /// default. `fileName` only labels errors.
    public static func parse(text: String, fileName: String = "<policy>") throws(PolicyError) -> Policy {
        let document = try TOMLParser.parse(text, file: fileName)
        var loader = PolicyLoader(file: fileName)
        return try loader.apply(document, onto: builtinDefault)
    }

    /// Reads a whole file with plain system calls (no Foundation), rejecting invalid UTF-8 and files
    /// over `maximumFileSize`. FIFOs (e.g. `--policy <(...)`) work.
    static func readTextFile(_ path: String) throws(PolicyError) -> String {
        func failure(_ message: String) -> PolicyError { PolicyError(file: path, field: "", message: message) }
        func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }
        if path.isEmpty { throw PolicyError(field: "policy", message: "the policy path is empty") }
        if path.utf8.contains(0) { throw PolicyError(field: "policy", message: "the policy path contains a NUL byte") }
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY) } while fd < 0 && errno == EINTR
        if fd < 0 { throw failure("cannot open the policy file: \(errnoText(errno))") }
        defer { _ = close(fd) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read the policy file: \(errnoText(errno))")
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
            if data.count > maximumFileSize {
                throw failure("the policy file is larger than \(maximumFileSize) bytes")
            }
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            var line = 1
            // Name the first line that does not decode.
            var start = 0
            for (i, b) in data.enumerated() where b == UInt8(ascii: "\n") || i == data.count - 1 {
                if String(validating: data[start...i], as: UTF8.self) == nil { break }
                line += 1
                start = i + 1
            }
            throw PolicyError(file: path, line: line, field: "", message: "the policy file is not valid UTF-8")
        }
        return text
    }
}

/// The tables and keys a policy file may use.
enum Schema {
    static let rootKeys = ["version"]
    struct Table {
        let name: String
        /// `[[name]]` rather than `[name]`.
        let isArray: Bool
        /// The keys it may hold; nil: any key (as in [env]).
        let keys: [String]?
    }

    /// A table's keys: its scalar fields (PolicyField.all) and the keys with parsers of their own.
    private static func keys(_ table: String, plus own: [String] = []) -> [String] {
        PolicyField.all.filter { $0.table == table }.map(\.key) + own
    }

    static let tables: [Table] = [
        Table(name: "sandbox", isArray: false,
              keys: keys("sandbox", plus: ["user", "inherit_env", "default_zones", "default_env"])),
        Table(name: "env", isArray: false, keys: nil),
        Table(name: "limits", isArray: false, keys: keys("limits")),
        Table(name: "zone", isArray: true, keys: ["kind", "guest", "host", "size"]),
        Table(name: "walls", isArray: false, keys: keys("walls")),
        Table(name: "events", isArray: false, keys: keys("events")),
        Table(name: "network", isArray: false, keys: keys("network", plus: ["allow", "publish"])),
        Table(name: "rule", isArray: true, keys: ["path", "deny", "hide"]),
    ]

    static func header(_ name: String) -> String {
        tables.first(where: { $0.name == name && $0.isArray }) != nil ? "[[\(name)]]" : "[\(name)]"
    }

    /// A hint for an unknown key in table `table` ("" for the top level).
    static func unknownKeyMessage(_ key: String, in table: String) -> String {
        let where_ = table.isEmpty ? "at the top level (only `version` belongs there)" : "in \(header(table))"
        var message = "unknown key '\(key)' \(where_)"
        let own = table.isEmpty ? rootKeys : (tables.first(where: { $0.name == table })?.keys ?? [])
        if table == "rule", ["read", "write", "deny_read", "deny_write", "read_only", "readonly", "exec"].contains(key) {
            message += "; write deny = [\"read\"], deny = [\"write\"] or deny = [\"read\", \"write\"]"
        } else if !table.isEmpty && rootKeys.contains(key) {
            message += "; '\(key)' belongs at the top of the file, before the first [table] header"
        } else if let guess = Check.closest(to: key, in: own) {
            message += "; did you mean '\(guess)'?"
        } else if let home = tables.first(where: { $0.name != table && ($0.keys ?? []).contains(key) }) {
            message += "; '\(key)' belongs in \(header(home.name))"
        } else if !own.isEmpty {
            message += "; known keys: " + own.joined(separator: ", ")
        }
        return message
    }

    static func unknownTableMessage(_ name: String) -> String {
        var message = "unknown table [\(name)]"
        if let guess = Check.closest(to: name, in: tables.map { $0.name }) {
            message += "; did you mean \(header(guess))?"
        } else {
            message += "; known tables: " + tables.map { header($0.name) }.joined(separator: ", ")
        }
        return message
    }
}

/// Maps a parsed document onto a policy.
struct PolicyLoader {
    let file: String

    private func error(_ field: String, _ line: Int?, _ message: String) -> PolicyError {
        PolicyError(file: file, line: line, field: field, message: message)
    }

    /// Runs a check, attributing its failure to `field` at `line`.
    private func at<T>(_ field: String, _ line: Int?, _ body: () throws(Invalid) -> T) throws(PolicyError) -> T {
        do {
            return try body()
        } catch {
            throw self.error(field, line, error.message)
        }
    }

    // MARK: Typed access

    private func string(_ entry: TOMLEntry, _ field: String) throws(PolicyError) -> String {
        guard case .string(let s) = entry.node.value else {
            throw error(field, entry.node.line, "expected a string, found \(entry.node.value.typeName)")
        }
        return s
    }

    private func bool(_ entry: TOMLEntry, _ field: String) throws(PolicyError) -> Bool {
        guard case .boolean(let b) = entry.node.value else {
            throw error(field, entry.node.line, "expected true or false, found \(entry.node.value.typeName)")
        }
        return b
    }

    private func integer(_ entry: TOMLEntry, _ field: String) throws(PolicyError) -> Int {
        guard case .integer(let n) = entry.node.value else {
            throw error(field, entry.node.line, "expected an integer, found \(entry.node.value.typeName)")
        }
        return n
    }

    /// The elements of an array of strings, each with its line.
    private func stringArray(_ entry: TOMLEntry, _ field: String) throws(PolicyError) -> [TOMLNode] {
        guard case .array(let nodes) = entry.node.value else {
            throw error(field, entry.node.line, "expected an array of strings, found \(entry.node.value.typeName)")
        }
        for (i, node) in nodes.enumerated() {
            guard case .string = node.value else {
                throw error("\(field)[\(i + 1)]", node.line, "expected a string, found \(node.value.typeName)")
            }
        }
        return nodes
    }

    /// A size: an integer number of bytes or a string such as "512M".
    private func size(_ entry: TOMLEntry, _ field: String) throws(PolicyError) -> UInt64 {
        let line = entry.node.line
        switch entry.node.value {
        case .integer(let n):
            guard n > 0 else { throw error(field, line, "must be positive, got \(n)") }
            return UInt64(n)
        case .string(let s):
            let bytes = try at(field, line) { () throws(Invalid) in try Check.size(s) }
            guard bytes > 0 else { throw error(field, line, "must be positive, got \"\(s)\"") }
            return bytes
        default:
            throw error(field, line, "expected a size (a number of bytes or a string such as \"512M\"), found \(entry.node.value.typeName)")
        }
    }

    // MARK: Mapping

    mutating func apply(_ document: TOMLDocument, onto base: Policy) throws(PolicyError) -> Policy {
        var policy = base
        policy.sourceFile = file
        var versionSeen = false
        var useDefaultZones = true
        var useDefaultEnv = true
        var userSet = false
        var fileEnv: [EnvironmentVariable] = []
        var fileZones: [FileZone] = []
        var fileRules: [PathRule] = []

        for table in document.tables {
            switch table.kind {
            case .root:
                for entry in table.entries {
                    guard entry.key == "version" else {
                        throw error(entry.key, entry.line, Schema.unknownKeyMessage(entry.key, in: ""))
                    }
                    let version = try integer(entry, "version")
                    guard version == Policy.currentVersion else {
                        throw error("version", entry.node.line,
                                    "unsupported policy version \(version); this safehouse understands version \(Policy.currentVersion)")
                    }
                    versionSeen = true
                }
            case .table, .arrayElement:
                guard let schema = Schema.tables.first(where: { $0.name == table.name }) else {
                    throw error(table.name, table.line, Schema.unknownTableMessage(table.name))
                }
                if schema.isArray && table.kind == .table {
                    throw error(table.name, table.line, "[\(table.name)] is a list: write [[\(table.name)]] before each entry")
                }
                if !schema.isArray && table.kind == .arrayElement {
                    throw error(table.name, table.line, "[[\(table.name)]] is not a list: write [\(table.name)]")
                }
                if let keys = schema.keys {
                    for entry in table.entries where !keys.contains(entry.key) {
                        throw error(table.field(entry.key), entry.line, Schema.unknownKeyMessage(entry.key, in: table.name))
                    }
                }
                switch table.name {
                case "sandbox":
                    try applySandbox(table, to: &policy, defaultZones: &useDefaultZones, defaultEnv: &useDefaultEnv,
                                     userSet: &userSet)
                case "env":
                    for entry in table.entries {
                        let field = "env." + entry.key
                        try at(field, entry.line) { () throws(Invalid) in try Check.envName(entry.key) }
                        let value = try string(entry, field)
                        try at(field, entry.node.line) { () throws(Invalid) in try Check.envValue(value) }
                        fileEnv.append(EnvironmentVariable(name: entry.key, value: value))
                    }
                case "limits", "walls", "events":
                    try applyFields(table, to: &policy)
                case "network":
                    try applyNetwork(table, to: &policy)
                case "zone":
                    fileZones.append(try zone(from: table))
                case "rule":
                    fileRules.append(try rule(from: table))
                default:
                    break  // unreachable: every schema table is handled above
                }
            }
        }

        guard versionSeen else {
            throw error("version", nil, "missing; the first line of a policy file must be `version = 1`")
        }

        // Zones: duplicates within the file are errors; a file zone replaces a default at the same guest path.
        for (i, entry) in fileZones.enumerated() {
            if let j = fileZones[..<i].firstIndex(where: { $0.zone.guestPath == entry.zone.guestPath }) {
                let first = fileZones[j]
                throw error(entry.field + ".guest", entry.guestLine,
                            "guest path \(entry.zone.guestPath) is already used by \(first.field)"
                                + (first.zone.line.map { " (line \($0))" } ?? ""))
            }
        }
        if !useDefaultZones { policy.zones = [] }
        for entry in fileZones {
            if let k = policy.zones.firstIndex(where: { $0.guestPath == entry.zone.guestPath }) {
                policy.zones[k] = entry.zone
            } else {
                policy.zones.append(entry.zone)
            }
        }

        // Rules add to the base's (the built-in default has none); they combine by union, so order
        // and repetition do not matter.
        policy.pathRules += fileRules

        // Environment: defaults (unless default_env = false), then the file's values in order.
        if !useDefaultEnv { policy.env = [] }
        if userSet && useDefaultEnv && !fileEnv.contains(where: { $0.name == "USER" }),
           let k = policy.env.firstIndex(where: { $0.name == "USER" }) {
            policy.env[k].value = policy.user
        }
        for variable in fileEnv {
            if let k = policy.env.firstIndex(where: { $0.name == variable.name }) {
                policy.env[k].value = variable.value
            } else {
                policy.env.append(variable)
            }
        }
        return policy
    }

    private func applySandbox(_ table: TOMLTable, to policy: inout Policy, defaultZones: inout Bool,
                              defaultEnv: inout Bool, userSet: inout Bool) throws(PolicyError) {
        for entry in table.entries {
            let field = table.field(entry.key)
            let line = entry.node.line
            switch entry.key {
            case "hostname", "cwd":
                try PolicyField.named(table: "sandbox", key: entry.key)?.apply(Self.value(entry.node), to: &policy, field: field,
                                                                               file: file, line: line)
            case "user":
                let name = try string(entry, field)
                try at(field, line) { () throws(Invalid) in try Check.userName(name) }
                policy.user = name
                userSet = true
            case "inherit_env":
                var names: [String] = []
                for (i, node) in try stringArray(entry, field).enumerated() {
                    guard case .string(let name) = node.value else { continue }
                    let elementField = "\(field)[\(i + 1)]"
                    let elementLine = node.line
                    try at(elementField, elementLine) { () throws(Invalid) in try Check.envName(name) }
                    if names.contains(name) {
                        throw error(elementField, elementLine, "\(name) is listed twice")
                    }
                    names.append(name)
                }
                policy.inheritEnv = names
            case "default_zones":
                defaultZones = try bool(entry, field)
            case "default_env":
                defaultEnv = try bool(entry, field)
            default:
                break  // rejected by the schema check
            }
        }
    }

    /// `[network]`: the lists `allow` and `publish` (each element through the parser its flag
    /// uses), and the scalar fields.
    private func applyNetwork(_ table: TOMLTable, to policy: inout Policy) throws(PolicyError) {
        for entry in table.entries {
            let field = table.field(entry.key)
            switch entry.key {
            case "allow", "publish":
                var specs: [(String, String, Int?)] = []
                for (i, node) in try stringArray(entry, field).enumerated() {
                    guard case .string(let spec) = node.value else { continue }
                    specs.append((spec, "\(field)[\(i + 1)]", node.line))
                }
                if entry.key == "allow" { policy.network.allow = [] } else { policy.network.publish = [] }
                for (spec, elementField, line) in specs {
                    do {
                        if entry.key == "allow" { try policy.addAllowedNetwork(spec) } else { try policy.addPublishedPort(spec) }
                    } catch {
                        throw self.error(elementField, line, error.message)
                    }
                }
            default:
                guard let scalar = PolicyField.named(table: table.name, key: entry.key) else { continue }  // schema-checked
                try scalar.apply(Self.value(entry.node), to: &policy, field: field, file: file, line: entry.node.line)
            }
        }
    }

    /// Scalar settings: each through its PolicyField, the same parser and checks as its flag.
    private func applyFields(_ table: TOMLTable, to policy: inout Policy) throws(PolicyError) {
        for entry in table.entries {
            guard let field = PolicyField.named(table: table.name, key: entry.key) else { continue }  // schema-checked
            try field.apply(Self.value(entry.node), to: &policy, field: table.field(entry.key), file: file,
                            line: entry.node.line)
        }
    }

    static func value(_ node: TOMLNode) -> FieldValue {
        switch node.value {
        case .string(let s): return .text(s)
        case .integer(let n): return .integer(n)
        case .boolean(let b): return .boolean(b)
        default: return .other(typeName: node.value.typeName)
        }
    }

    /// A zone from the file, with what its errors need.
    private struct FileZone {
        let zone: Zone
        /// "zone[N]"
        let field: String
        let guestLine: Int
    }

    private func zone(from table: TOMLTable) throws(PolicyError) -> FileZone {
        var kind: ZoneKind?
        var guest: (path: String, line: Int)?
        var host: (path: String, line: Int)?
        var size: (bytes: UInt64, line: Int)?
        for entry in table.entries {
            let field = table.field(entry.key)
            let line = entry.node.line
            switch entry.key {
            case "kind":
                let text = try string(entry, field)
                guard let k = ZoneKind(rawValue: text) else {
                    throw error(field, line, "\"\(text)\" is not a zone kind; use \"system\", \"scratch\", \"input\" or \"output\"")
                }
                kind = k
            case "guest":
                let text = try string(entry, field)
                guest = (try at(field, line) { () throws(Invalid) in try Check.guestPath(text) }, line)
            case "host":
                let text = try string(entry, field)
                host = (try at(field, line) { () throws(Invalid) in try Check.hostPath(text) }, line)
            case "size":
                size = (try self.size(entry, field), line)
            default:
                break  // rejected by the schema check
            }
        }
        guard let kind else {
            throw error(table.field("kind"), table.line, "missing; every [[zone]] needs kind = \"system\", \"scratch\", \"input\" or \"output\"")
        }
        guard let guest else {
            throw error(table.field("guest"), table.line, "missing; every [[zone]] needs the absolute guest path it is mounted at")
        }
        if kind == .scratch {
            if let host {
                throw error(table.field("host"), host.line,
                            "a scratch zone has no host path (it lives in sandbox memory); use kind = \"output\" to keep files on the host")
            }
        } else {
            guard host != nil else {
                throw error(table.field("host"), table.line, "missing; a \(kind) zone needs the absolute host path it maps")
            }
            if let size {
                throw error(table.field("size"), size.line, "size applies to scratch zones only; a \(kind) zone uses the host's disk")
            }
        }
        let zone = Zone(kind: kind, guestPath: guest.path, hostPath: host?.path,
                        sizeBytes: kind == .scratch ? (size?.bytes ?? Zone.defaultScratchSize) : nil,
                        line: table.line, origin: .file)
        return FileZone(zone: zone, field: table.path, guestLine: guest.line)
    }
    // MARK: Rules

    /// The words `deny` accepts.
    private static let denyWords: [(word: String, access: PathAccess)] = [("read", .denyRead), ("write", .denyWrite)]

    private func rule(from table: TOMLTable) throws(PolicyError) -> PathRule {
        var pattern: (text: String, line: Int)?
        var access: PathAccess = []
        var hide: (value: Bool, line: Int)?
        for entry in table.entries {
            let field = table.field(entry.key)
            let line = entry.node.line
            switch entry.key {
            case "path":
                let text = try string(entry, field)
                pattern = (try at(field, line) { () throws(Invalid) in try Check.pathPattern(text) }, line)
            case "deny":
                guard case .array(let nodes) = entry.node.value else {
                    var message = "expected an array of strings, found \(entry.node.value.typeName)"
                    if case .string(let word) = entry.node.value { message += "; write deny = [\"\(word)\"]" }
                    throw error(field, line, message)
                }
                if nodes.isEmpty {
                    throw error(field, line, "the list is empty; deny \"read\", \"write\" or both (or remove the key)")
                }
                var seen: [String] = []
                for (i, node) in try stringArray(entry, field).enumerated() {
                    guard case .string(let word) = node.value else { continue }
                    let elementField = "\(field)[\(i + 1)]"
                    guard let known = Self.denyWords.first(where: { $0.word == word }) else {
                        throw error(elementField, node.line, Self.unknownDenyWordMessage(word))
                    }
                    if seen.contains(word) {
                        throw error(elementField, node.line, "\"\(word)\" is listed twice")
                    }
                    seen.append(word)
                    access.insert(known.access)
                }
            case "hide":
                hide = (try bool(entry, field), line)
            default:
                break  // rejected by the schema check
            }
        }
        guard let pattern else {
            throw error(table.field("path"), table.line,
                        "missing; every [[rule]] needs path = \"/absolute/guest/glob\" (such as \"/home/sandbox/secrets/**\")")
        }
        if let hide, hide.value {
            access.insert(.hidden)
            try at(table.field("path"), pattern.line) { () throws(Invalid) in try Check.hideableRulePattern(pattern.text) }
        }
        guard !access.isEmpty else {
            if let hide {
                throw error(table.field("hide"), hide.line,
                            "hide = false restricts nothing; a [[rule]] needs hide = true or deny = [\"read\"] / [\"write\"]")
            }
            throw error(table.path, table.line,
                        "a [[rule]] needs deny = [\"read\"], [\"write\"] or both, or hide = true; this one restricts nothing")
        }
        return PathRule(pattern: pattern.text, access: access, line: table.line)
    }

    private static func unknownDenyWordMessage(_ word: String) -> String {
        var message = "\"\(word)\" is not something a rule can deny; use \"read\" or \"write\""
        switch word.lowercased() {
        case "hide", "hidden":
            message += "; to hide a path write hide = true"
        case "exec", "execute", "list", "readdir", "open":
            message += "; denying \"read\" also denies exec and listing"
        case "create", "delete", "unlink", "rename", "truncate", "chmod":
            message += "; denying \"write\" covers \(word.lowercased())"
        case "all", "rw", "readwrite", "read-write", "*":
            message += "; write deny = [\"read\", \"write\"]"
        default:
            if let guess = Check.closest(to: word, in: denyWords.map(\.word)) {
                message += "; did you mean \"\(guess)\"?"
            }
        }
        return message
    }
}
