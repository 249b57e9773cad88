#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// Command-line overrides applied after the file. Same checks and error type as the file loader; the
// errors carry a field but no file or line.

extension Policy {
    /// Parses a size: a number of bytes ("1048576") or a number with a unit K, M, G or T (powers of
    /// 1024; "KB"/"KiB" spellings and fractions such as "1.5G" accepted). Zero is returned as zero.
    public static func parseSize(_ text: String, field: String = "size") throws(PolicyError) -> UInt64 {
        do {
            return try Check.size(text)
        } catch {
            throw PolicyError(field: field, message: error.message)
        }
    }

    /// Parses a duration in seconds: "30" or "1.5" (seconds), or numbers with units ms, s, m, h, d,
    /// optionally summed ("1m30s"). Zero is returned as zero; negative values are errors.
    public static func parseDuration(_ text: String, field: String = "duration") throws(PolicyError) -> Double {
        do {
            return try Check.duration(text)
        } catch {
            throw PolicyError(field: field, message: error.message)
        }
    }

    private static func check<T>(_ field: String, _ body: () throws(Invalid) -> T) throws(PolicyError) -> T {
        do {
            return try body()
        } catch {
            throw PolicyError(field: field, message: error.message)
        }
    }

    /// Adds a zone from a command-line spec: "HOST:GUEST" for system, input and output zones (split at
    /// the last ':'; a relative HOST is taken relative to the current directory), "GUEST" or
    /// "GUEST:SIZE" for scratch zones. A zone at the same guest path from the defaults or the file is
    /// replaced; two command-line zones at one guest path are an error.
    public mutating func addZone(kind: ZoneKind, spec: String) throws(PolicyError) {
        var zone: Zone
        if kind == .scratch {
            var guestText = spec
            var size = Zone.defaultScratchSize
            if let colon = spec.lastIndex(of: ":") {
                guestText = String(spec[..<colon])
                let sizeText = String(spec[spec.index(after: colon)...])
                size = try Self.check("zone.size") { () throws(Invalid) in
                    let bytes = try Check.size(sizeText)
                    guard bytes > 0 else { throw Invalid("\"\(spec)\": the size must be positive") }
                    return bytes
                }
            }
            let guest = try Self.check("zone.guest") { () throws(Invalid) in
                try Self.prefixing(spec) { () throws(Invalid) in try Check.guestPath(guestText) }
            }
            zone = Zone(kind: .scratch, guestPath: guest, sizeBytes: size, origin: .commandLine)
        } else {
            guard let colon = spec.lastIndex(of: ":") else {
                throw PolicyError(field: "zone", message: "\"\(spec)\": expected HOST:GUEST for a \(kind) zone")
            }
            var hostText = String(spec[..<colon])
            let guestText = String(spec[spec.index(after: colon)...])
            if !hostText.isEmpty && !hostText.hasPrefix("/"), let cwd = Self.currentDirectory() {
                hostText = (cwd == "/" ? "" : cwd) + "/" + hostText
            }
            let host = try Self.check("zone.host") { () throws(Invalid) in
                try Self.prefixing(spec) { () throws(Invalid) in try Check.hostPath(hostText) }
            }
            let guest = try Self.check("zone.guest") { () throws(Invalid) in
                try Self.prefixing(spec) { () throws(Invalid) in try Check.guestPath(guestText) }
            }
            zone = Zone(kind: kind, guestPath: guest, hostPath: host, origin: .commandLine)
        }
        if let k = zones.firstIndex(where: { $0.guestPath == zone.guestPath }) {
            if zones[k].origin == .commandLine {
                throw PolicyError(field: "zone.guest",
                                  message: "\"\(spec)\": guest path \(zone.guestPath) is already used by another command-line zone")
            }
            zones[k] = zone
        } else {
            zones.append(zone)
        }
    }

    /// "NAME=VALUE" sets a variable (replacing one of the same name, keeping its position);
    /// "NAME" alone copies the host's value when it is set (adds NAME to `inheritEnv`).
    public mutating func setEnv(_ assignment: String) throws(PolicyError) {
        guard let eq = assignment.firstIndex(of: "=") else {
            try Self.check("env") { () throws(Invalid) in try Check.envName(assignment) }
            if !inheritEnv.contains(assignment) { inheritEnv.append(assignment) }
            return
        }
        let name = String(assignment[..<eq])
        let value = String(assignment[assignment.index(after: eq)...])
        try Self.check(name.isEmpty ? "env" : "env." + name) { () throws(Invalid) in
            try Check.envName(name)
            try Check.envValue(value)
        }
        if let k = env.firstIndex(where: { $0.name == name }) {
            env[k].value = value
        } else {
            env.append(EnvironmentVariable(name: name, value: value))
        }
    }

    // Library setters for single settings: the same PolicyField (parser and checks) as the file and
    // the command line; errors name the setting ("limits.timeout").

    /// Sets a scalar setting by its name ("limits.timeout") from text, as its flag would.
    public mutating func set(_ name: String, _ text: String) throws(PolicyError) {
        guard let field = PolicyField.all.first(where: { $0.name == name }) else {
            throw PolicyError(field: name, message: "not a policy setting")
        }
        try field.apply(.flag(text), to: &self)
    }

    /// `--allow-net SPEC` / `[network] allow`: one more outbound destination.
    public mutating func addAllowedNetwork(_ spec: String) throws(PolicyError) {
        let rule = try Policy.check("network.allow") { () throws(Invalid) in try NetworkRule(parsing: spec) }
        if !network.allow.contains(rule) { network.allow.append(rule) }
    }

    /// `--publish [ADDR:]HOST_PORT:GUEST_PORT` / `[network] publish`: one guest port the host may reach.
    public mutating func addPublishedPort(_ spec: String) throws(PolicyError) {
        let port = try Policy.check("network.publish") { () throws(Invalid) in try PublishedPort(parsing: spec) }
        if network.publish.contains(where: { $0.hostAddress == port.hostAddress && $0.hostPort == port.hostPort }) {
            throw PolicyError(field: "network.publish", message: "host port \(port.hostPort) is published twice")
        }
        network.publish.append(port)
    }

    public mutating func setTimeout(_ text: String) throws(PolicyError) { try set("limits.timeout", text) }
    public mutating func setMemory(_ text: String) throws(PolicyError) { try set("limits.memory", text) }
    public mutating func setPids(_ text: String) throws(PolicyError) { try set("limits.pids", text) }
    public mutating func setCpus(_ text: String) throws(PolicyError) { try set("limits.cpus", text) }
    public mutating func setCwd(_ path: String) throws(PolicyError) { try set("sandbox.cwd", path) }

    private static func prefixing<T>(_ spec: String, _ body: () throws(Invalid) -> T) throws(Invalid) -> T {
        do {
            return try body()
        } catch {
            throw Invalid("\"\(spec)\": \(error.message)")
        }
    }

    private static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        return buffer.withUnsafeMutableBufferPointer { buf -> String? in
            guard let base = buf.baseAddress, getcwd(base, buf.count) != nil else { return nil }
            return String(cString: base)
        }
    }
}
