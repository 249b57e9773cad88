// The one description of every scalar policy setting: its place in the file (`[table] key`), its
// command-line flag, how a value is parsed and checked, and the line the documentation shows. The
// file loader, the CLI overrides and Docs/policy.md all come from this table, so a value is checked
// the same way whichever way it comes in. Lists and tables of their own (`[[zone]]`, `[[rule]]`,
// `[env]`, `inherit_env`) keep their own parsers in PolicyLoader.swift and PolicyOverrides.swift.

/// A value as it arrives: a TOML value from the file, or the text of a command-line flag.
public enum FieldValue: Sendable {
    /// A TOML string.
    case text(String)
    /// The text of a command-line option: parsed as the field's type (a count from its digits,
    /// a switch from `true`/`false`), where the file would need a TOML integer or boolean.
    case flag(String)
    case integer(Int)
    case boolean(Bool)
    /// Any other TOML value (an array, a table): always a type error.
    case other(typeName: String)

    /// A number of seconds: an integer, or a duration string ("30", "1.5s", "2m", "1h30m").
    func duration() throws(Invalid) -> Double {
        switch self {
        case .integer(let n):
            guard n > 0 else { throw Invalid("must be positive, got \(n)") }
            return Double(n)
        case .text(let s), .flag(let s): return try Check.duration(s)
        default: throw Invalid("expected seconds or a duration string such as \"1.5s\" or \"2m\", found \(typeName)")
        }
    }

    /// A size in bytes, positive: an integer, or a string such as "512M".
    func size() throws(Invalid) -> UInt64 {
        switch self {
        case .integer(let n):
            guard n > 0 else { throw Invalid("must be positive, got \(n)") }
            return UInt64(n)
        case .text(let s), .flag(let s):
            let bytes = try Check.size(s)
            guard bytes > 0 else { throw Invalid("must be positive, got \"\(s)\"") }
            return bytes
        default: throw Invalid("expected a size (a number of bytes or a string such as \"512M\"), found \(typeName)")
        }
    }

    /// A count from 1 to `maximum`: an integer, or (from the command line) its decimal text.
    func count(maximum: Int) throws(Invalid) -> Int {
        let n: Int
        switch self {
        case .integer(let value): n = value
        case .flag(let s):
            let trimmed = Check.trimmed(s)
            guard let value = Int(trimmed) else {
                let digits = !trimmed.isEmpty && trimmed.allSatisfy { $0.isNumber || $0 == "-" || $0 == "+" }
                throw Invalid(digits ? "\"\(s)\" is out of range (at most \(maximum))" : "\"\(s)\" is not an integer")
            }
            n = value
        default: throw Invalid("expected an integer, found \(typeName)")
        }
        try Check.count(n, maximum: maximum)
        return n
    }

    func string() throws(Invalid) -> String {
        switch self {
        case .text(let s), .flag(let s): return s
        default: throw Invalid("expected a string, found \(typeName)")
        }
    }

    func bool() throws(Invalid) -> Bool {
        switch self {
        case .boolean(let b): return b
        case .flag("true"): return true
        case .flag("false"): return false
        default: throw Invalid("expected true or false, found \(typeName)")
        }
    }

    var typeName: String {
        switch self {
        case .text, .flag: return "a string"
        case .integer: return "an integer"
        case .boolean: return "a boolean"
        case .other(let name): return name
        }
    }
}

/// One scalar policy setting.
public struct PolicyField: Sendable {
    /// The file's table (`limits` for `[limits]`).
    public let table: String
    public let key: String
    /// The `run` option that sets it (without `--`), if any.
    public let flag: String?
    /// What the value looks like, for help and docs ("SECONDS|DURATION").
    public let valueName: String
    /// One line: what it does, its range and default. Shown by `--help` and Docs/policy.md.
    public let help: String
    let assign: @Sendable (inout Policy, FieldValue) throws(Invalid) -> Void

    /// "limits.timeout": the name errors carry.
    public var name: String { table + "." + key }

    /// Applies a value to `policy`, or throws an error naming `field` (default: this field's name).
    public func apply(_ value: FieldValue, to policy: inout Policy, field: String? = nil, file: String? = nil,
                      line: Int? = nil) throws(PolicyError) {
        do {
            try assign(&policy, value)
        } catch {
            throw PolicyError(file: file, line: line, field: field ?? name, message: error.message)
        }
    }
}

extension PolicyField {
    /// Every scalar setting, in documentation order.
    public static let all: [PolicyField] = [
        PolicyField(table: "sandbox", key: "hostname", flag: nil, valueName: "NAME",
                    help: "The guest's hostname (uname, /etc/hostname, /etc/hosts): 1 to 64 letters, digits, `-` and `.`. Default `sandbox`.") { p, v throws(Invalid) in
            let name = try v.string()
            try Check.hostname(name)
            p.hostname = name
        },
        PolicyField(table: "sandbox", key: "cwd", flag: "cwd", valueName: "DIR",
                    help: "The guest's initial working directory (absolute guest path). Default `/home/sandbox`.") { p, v throws(Invalid) in
            p.cwd = try Check.guestPath(try v.string(), allowRoot: true, checkReserved: false)
        },
        PolicyField(table: "limits", key: "timeout", flag: "timeout", valueName: "SECONDS|DURATION",
                    help: "Wall-clock limit for the whole sandbox: seconds or a duration (`90`, `1.5s`, `2m`, `1h30m`), more than 0 and at most one week; the sandbox is killed and `run` exits 124. Default: none.") { p, v throws(Invalid) in
            let seconds = try v.duration()
            try Check.timeout(seconds)
            p.limits.timeoutSeconds = seconds
        },
        PolicyField(table: "limits", key: "memory", flag: "memory", valueName: "BYTES|SIZE",
                    help: "Memory of all guest processes together (a memory cgroup; where the host has none, the address-space limit of each process): bytes or a size (`512M`, `2G`), at least 1M. Default: none.") { p, v throws(Invalid) in
            let bytes = try v.size()
            try Check.memory(bytes)
            p.limits.memoryBytes = bytes
        },
        PolicyField(table: "limits", key: "pids", flag: "pids", valueName: "N",
                    help: "Maximum number of guest tasks (processes and threads together), 1 to 4194304. Default: none.") { p, v throws(Invalid) in
            p.limits.pids = try v.count(maximum: Check.maximumPids)
        },
        PolicyField(table: "limits", key: "open_files", flag: "open-files", valueName: "N",
                    help: "Open descriptors per guest process (RLIMIT_NOFILE, soft and hard), 1 to 1048576. Default: the invoker's own limits (at most 1048576), as natively.") { p, v throws(Invalid) in
            p.limits.openFiles = try v.count(maximum: Check.maximumOpenFiles)
        },
        PolicyField(table: "limits", key: "file_size", flag: "file-size", valueName: "BYTES|SIZE",
                    help: "Largest file a guest process may write (RLIMIT_FSIZE): bytes or a size. Default: none.") { p, v throws(Invalid) in
            p.limits.fileSizeBytes = try v.size()
        },
        PolicyField(table: "limits", key: "cpu_seconds", flag: "cpu-seconds", valueName: "N",
                    help: "CPU time per guest process in seconds (RLIMIT_CPU), 1 to 2147483647. Default: none.") { p, v throws(Invalid) in
            p.limits.cpuSeconds = try v.count(maximum: Int(Int32.max))
        },
        PolicyField(table: "limits", key: "cpus", flag: "cpus", valueName: "N",
                    help: "CPUs the guest may use: the first N of the supervisor's own CPUs, 1 to that many. Default: all of them.") { p, v throws(Invalid) in
            let n = try v.count(maximum: Int(Int32.max))
            try Check.cpus(n)
            p.limits.cpus = n
        },
        PolicyField(table: "limits", key: "cpu_quota", flag: "cpu-quota", valueName: "CPUS",
                    help: "CPU time of all guest processes together, in CPUs (`0.5`, `2`), more than 0 and at most 4096: a cgroup quota per 100 ms. Default: none.") { p, v throws(Invalid) in
            let text: String
            switch v {
            case .integer(let n): text = String(n)
            default: text = try v.string()
            }
            guard let cpus = Double(Check.trimmed(text)), cpus.isFinite, cpus > 0, cpus <= 4096 else {
                throw Invalid("\"\(text)\" is not a number of CPUs more than 0 and at most 4096")
            }
            p.limits.cpuQuota = cpus
        },
        PolicyField(table: "walls", key: "namespaces", flag: nil, valueName: "required|auto|off",
                    help: "Whether the namespace walls must be up (`required`), are used where the host allows (`auto`), or are not made (`off`). Default `auto`.") { p, v throws(Invalid) in
            let text = try v.string()
            guard let mode = WallMode(rawValue: text) else {
                throw Invalid("\"\(text)\" is not a wall mode; use \"required\", \"auto\" or \"off\"")
            }
            p.walls.namespaces = mode
        },
        PolicyField(table: "walls", key: "allow_degraded", flag: "allow-degraded", valueName: "true|false",
                    help: "Consent to run without user and mount namespaces, with the reduced guarantee of Docs/walls.md. Default `false`: such a run is refused.") { p, v throws(Invalid) in
            p.walls.allowDegraded = try v.bool()
        },
        PolicyField(table: "network", key: "dns_upstream", flag: "dns-upstream", valueName: "ADDRESS",
                    help: "The resolver (an IPv4 or IPv6 address, port 53) the broker forwards allowed names to. Default: the host's first `nameserver` in /etc/resolv.conf.") { p, v throws(Invalid) in
            let text = try v.string()
            guard let address = IPAddress(text) else { throw Invalid("\"\(text)\" is not an IP address") }
            p.network.dnsUpstream = address
        },
        PolicyField(table: "events", key: "file", flag: "events", valueName: "FILE",
                    help: "Append the live event stream (JSON lines) to this host file. Default: none.") { p, v throws(Invalid) in
            let path = try v.string()
            try Check.eventsFile(path)
            p.eventsFile = path
        },
    ]

    /// The field a file key names, if the table has scalar fields.
    public static func named(table: String, key: String) -> PolicyField? {
        all.first { $0.table == table && $0.key == key }
    }

    /// The field a `run` option sets.
    public static func flagged(_ flag: String) -> PolicyField? {
        all.first { $0.flag == flag }
    }

    /// The help line of the field a `run` option sets ("" if none: a build-time mistake the tests catch).
    public static func help(flag: String) -> String { flagged(flag)?.help ?? "" }

    /// The Markdown rows of Docs/policy.md for one table's fields (a test keeps the page current).
    public static func markdownRows(table: String) -> String {
        all.filter { $0.table == table }.map { field in
            "| `\(field.key)` | \(field.valueName.replacingBars) | \(field.flag.map { "`--\($0)`" } ?? "—") | \(field.help) |"
        }.joined(separator: "\n")
    }
}

extension Policy {
    /// Applies a command-line option's text through its field: the same parser and checks as the file.
    public mutating func set(flag: String, _ text: String) throws(PolicyError) {
        guard let field = PolicyField.flagged(flag) else {
            throw PolicyError(field: "--" + flag, message: "not a policy option")
        }
        try field.apply(.flag(text), to: &self, field: "--\(flag) (\(field.name))")
    }
}

extension String {
    /// `a|b` as `a\|b` for a Markdown table cell.
    fileprivate var replacingBars: String {
        var out = ""
        for c in self { out += c == "|" ? "\\|" : String(c) }
        return out
    }
}
