#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// The policy model: what a sandbox may see and use. Value types only; loading and validation live in
// PolicyLoader.swift, the file syntax in TOMLSubset.swift. See Docs/policy.md.

/// Marks a stored property that records where a value came from (a file line, the command line),
/// not what it is: it takes no part in the synthesized equality of the type holding it.
@propertyWrapper
public struct Provenance<Value: Sendable>: Sendable, Equatable {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    public static func == (a: Provenance, b: Provenance) -> Bool { true }
}

/// One variable of the guest's environment.
public struct EnvironmentVariable: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// How a zone's guest path is backed.
public enum ZoneKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// A host directory or file, read-only.
    case system
    /// Writable, ephemeral, private to the sandbox, with a size quota. No host path.
    case scratch
    /// A host directory mapped read-only (the caller's inputs).
    case input
    /// A host directory mapped writable; what the guest writes here is what the caller keeps.
    case output

    /// Whether the zone has a host path.
    public var isHostBacked: Bool { self != .scratch }
    /// Whether the guest may write inside the zone.
    public var isWritable: Bool { self == .scratch || self == .output }

    public var description: String { rawValue }
}

/// One entry of the guest's mount table.
public struct Zone: Sendable, Equatable, CustomStringConvertible {
    /// Where a zone came from; used for error messages and override rules, not for equality.
    public enum Origin: Sendable, Equatable {
        case builtin
        case file
        case commandLine
    }

    public var kind: ZoneKind
    /// Absolute, normalised (no `.`/`..`/empty components, no trailing `/`), never "/".
    public var guestPath: String
    /// Absolute host path for system/input/output zones; nil for scratch zones.
    public var hostPath: String?
    /// Quota of a scratch zone in bytes; nil for host-backed zones.
    public var sizeBytes: UInt64?
    /// Line of the `[[zone]]` header in the policy file, when the zone came from one.
    @Provenance public var line: Int?
    @Provenance public var origin: Origin

    public init(kind: ZoneKind, guestPath: String, hostPath: String? = nil, sizeBytes: UInt64? = nil,
                line: Int? = nil, origin: Origin = .builtin) {
        self.kind = kind
        self.guestPath = guestPath
        self.hostPath = hostPath
        self.sizeBytes = sizeBytes
        self.line = line
        self.origin = origin
    }

    /// A read-only system zone whose host path equals its guest path.
    public static func system(_ path: String) -> Zone {
        Zone(kind: .system, guestPath: path, hostPath: path)
    }

    /// A scratch zone with the given quota (default 256 MiB).
    public static func scratch(_ guestPath: String, sizeBytes: UInt64 = Zone.defaultScratchSize) -> Zone {
        Zone(kind: .scratch, guestPath: guestPath, sizeBytes: sizeBytes)
    }

    public static let defaultScratchSize: UInt64 = 256 << 20

    public var description: String {
        switch kind {
        case .scratch: return "scratch \(guestPath) (\(sizeBytes ?? Zone.defaultScratchSize) bytes)"
        default: return "\(kind) \(guestPath) <- \(hostPath ?? "?")"
        }
    }
}

/// Resource limits. nil means "no limit beyond the host's".
public struct Limits: Sendable, Equatable {
    /// Wall-clock limit for the whole sandbox, in seconds (0 < t ≤ 1 week).
    public var timeoutSeconds: Double?
    /// Memory limit for all guest processes together (cgroup; RLIMIT_AS per process as fallback).
    public var memoryBytes: UInt64?
    /// Maximum number of guest processes and threads.
    public var pids: Int?
    /// RLIMIT_NOFILE per guest process (soft and hard). nil: the invoker's own limits, as a
    /// program started natively would have them (at most `maximumOpenFiles`).
    public var openFiles: Int?
    /// The kernel's default fs.nr_open: no process can hold more descriptors.
    public static let maximumOpenFiles = 1 << 20
    /// RLIMIT_FSIZE: largest file a guest process may write.
    public var fileSizeBytes: UInt64?
    /// RLIMIT_CPU per guest process, in seconds.
    public var cpuSeconds: Int?
    /// CPUs the guest may run on: the first `cpus` CPUs of the supervisor's own affinity mask
    /// (1 ≤ cpus ≤ the size of that mask). nil: all of them.
    public var cpus: Int?
    /// CPU time of all guest processes together, in CPUs' worth (0.5: half of one CPU), enforced by a
    /// cgroup quota. nil: no quota.
    public var cpuQuota: Double?

    public init(timeoutSeconds: Double? = nil, memoryBytes: UInt64? = nil, pids: Int? = nil,
                openFiles: Int? = nil, fileSizeBytes: UInt64? = nil, cpuSeconds: Int? = nil,
                cpus: Int? = nil, cpuQuota: Double? = nil) {
        self.cpuQuota = cpuQuota
        self.timeoutSeconds = timeoutSeconds
        self.memoryBytes = memoryBytes
        self.pids = pids
        self.openFiles = openFiles
        self.fileSizeBytes = fileSizeBytes
        self.cpuSeconds = cpuSeconds
        self.cpus = cpus
    }
}

/// Whether the kernel walls (namespaces) must be up.
public enum WallMode: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Refuse to run unless every namespace wall is up.
    case required
    /// Use namespaces where the host allows them; report which walls are up.
    case auto
    /// Do not create namespaces (seccomp, the supervisor and Landlock still apply).
    case off

    public var description: String { rawValue }
}

public struct Walls: Sendable, Equatable {
    public var namespaces: WallMode
    /// Consent to run without the user and mount namespaces (no host namespaces here, or
    /// `namespaces = .off`), with the reduced guarantee of Docs/walls.md; refused otherwise.
    public var allowDegraded: Bool

    public init(namespaces: WallMode = .auto, allowDegraded: Bool = false) {
        self.namespaces = namespaces
        self.allowDegraded = allowDegraded
    }
}

/// What the guest may reach beyond its own loopback (Docs/network.md). Empty: no network.
public struct NetworkPolicy: Sendable, Equatable {
    /// Outbound destinations, each a parsed `[tcp/|udp/]HOST:PORTS` spec.
    public var allow: [NetworkRule]
    /// Guest loopback ports the host may reach, through the supervisor.
    public var publish: [PublishedPort]
    /// The resolver allowed names are forwarded to; nil: the host's first `nameserver`.
    public var dnsUpstream: IPAddress?

    public init(allow: [NetworkRule] = [], publish: [PublishedPort] = [], dnsUpstream: IPAddress? = nil) {
        self.allow = allow
        self.publish = publish
        self.dnsUpstream = dnsUpstream
    }
}

/// Everything a sandbox is allowed to be. Build it with `Policy.builtinDefault`, `Policy.load(path:)`
/// or `Policy.parse(text:fileName:)`, then apply command-line overrides (`addZone`, `setEnv`, ...).
public struct Policy: Sendable, Equatable {
    /// Policy format version; always 1.
    public var version: Int
    /// The guest's hostname (UTS namespace and the synthetic /etc/hosts).
    public var hostname: String
    /// The guest's user name; the user has uid `guestUID` and gid `guestGID`.
    public var user: String
    /// The guest's initial working directory (absolute).
    public var cwd: String
    /// The guest's environment, in order. Never inherited from the host except through `inheritEnv`.
    public var env: [EnvironmentVariable]
    /// Host variables copied into the guest's environment when set on the host.
    public var inheritEnv: [String]
    public var limits: Limits
    /// The mount table, in order.
    public var zones: [Zone]
    public var walls: Walls
    /// Where the JSON-lines event stream is written, if anywhere.
    public var eventsFile: String?
    /// Per-path restrictions (`[[rule]]`: deny read, deny write, hide), in file order. The built-in
    /// default has none. Compile them once with `pathRuleSet` / `PathRuleSet(_:)`.
    public var pathRules: [PathRule]
    public var network: NetworkPolicy
    /// The file the policy was loaded from; nil for the built-in default and command-line-only policies.
    @Provenance public var sourceFile: String?

    /// uid and gid of the guest user inside the sandbox.
    public static let guestUID: UInt32 = 1000
    public static let guestGID: UInt32 = 1000

    public static let currentVersion = 1

    public init(version: Int = Policy.currentVersion, hostname: String, user: String, cwd: String,
                env: [EnvironmentVariable], inheritEnv: [String], limits: Limits, zones: [Zone],
                walls: Walls, eventsFile: String?, pathRules: [PathRule] = [], network: NetworkPolicy = NetworkPolicy(),
                sourceFile: String? = nil) {
        self.version = version
        self.hostname = hostname
        self.user = user
        self.cwd = cwd
        self.env = env
        self.inheritEnv = inheritEnv
        self.limits = limits
        self.zones = zones
        self.walls = walls
        self.eventsFile = eventsFile
        self.network = network
        self.pathRules = pathRules
        self.sourceFile = sourceFile
    }

    public static let defaultEnv: [EnvironmentVariable] = [
        EnvironmentVariable(name: "PATH", value: "/usr/local/bin:/usr/bin:/bin"),
        EnvironmentVariable(name: "HOME", value: "/home/sandbox"),
        EnvironmentVariable(name: "LANG", value: "C.UTF-8"),
        EnvironmentVariable(name: "USER", value: "sandbox"),
    ]

    /// Read-only host paths every default sandbox sees: the runtime and a curated /etc (never shadow,
    /// ssh keys, sudoers and the like). Paths missing on the host are skipped at launch.
    public static let defaultSystemPaths = [
        "/usr", "/lib", "/lib64", "/bin", "/sbin",
        "/etc/ssl/certs", "/etc/ssl/openssl.cnf", "/etc/ca-certificates", "/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime",
        "/etc/python3", "/etc/python3.11", "/etc/perl", "/etc/mime.types", "/etc/nsswitch.conf",
    ]

    public static let defaultZones: [Zone] =
        defaultSystemPaths.map { Zone.system($0) } + [Zone.scratch("/tmp"), Zone.scratch("/home/sandbox")]

    /// The policy used when no file is given; a file is applied on top of it.
    public static let builtinDefault = Policy(
        hostname: "sandbox", user: "sandbox", cwd: "/home/sandbox", env: defaultEnv, inheritEnv: [],
        limits: Limits(), zones: defaultZones, walls: Walls(), eventsFile: nil)

    // MARK: - Queries

    /// The value `env` gives `name`, if any.
    public func envValue(_ name: String) -> String? {
        env.first(where: { $0.name == name })?.value
    }

    /// The zone mounted exactly at `guestPath`, if any.
    public func zone(atGuestPath guestPath: String) -> Zone? {
        zones.first(where: { $0.guestPath == guestPath })
    }

    /// The guest's final environment as `NAME=VALUE` strings: `env` in order, where each name listed
    /// in `inheritEnv` and set on the host takes the host's value (replacing the `env` value, or
    /// appended after it). `hostLookup` returns a host variable's value, or nil when it is unset.
    public func resolvedEnvironment(hostLookup: (String) -> String?) -> [String] {
        var result = env
        for name in inheritEnv {
            guard let value = hostLookup(name), !value.utf8.contains(0) else { continue }
            if let i = result.firstIndex(where: { $0.name == name }) {
                result[i].value = value
            } else {
                result.append(EnvironmentVariable(name: name, value: value))
            }
        }
        return result.map { $0.name + "=" + $0.value }
    }

    /// `resolvedEnvironment(hostLookup:)` against this process's environment.
    public func resolvedEnvironment() -> [String] {
        resolvedEnvironment { name in
            guard let raw = getenv(name) else { return nil }
            return String(cString: raw)
        }
    }
}
