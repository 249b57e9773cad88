// Outbound allowlist rules (`[tcp/|udp/]HOST:PORTS`) and published ports (`[ADDR:]HOST_PORT:GUEST_PORT`)
// for the brokered network. Parsing is strict and every error is one line naming the spec, so a
// mistyped rule fails at start-up instead of silently allowing less (or more) than meant.

public enum TransportProtocol: String, Sendable {
    case tcp, udp
}

/// An inclusive port range within 1...65535.
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
    public let lower: UInt16
    public let upper: UInt16

    /// nil when `lower` is 0 or `lower > upper`.
    public init?(_ lower: UInt16, _ upper: UInt16) {
        guard lower >= 1 && lower <= upper else { return nil }
        self.lower = lower
        self.upper = upper
    }

    /// Every port (`*`).
    public static let all = PortRange(unchecked: 1, 65535)

    private init(unchecked lower: UInt16, _ upper: UInt16) {
        self.lower = lower
        self.upper = upper
    }

    public func contains(_ port: UInt16) -> Bool { lower <= port && port <= upper }

    /// `*`, `N` or `N-M`, as the rule syntax writes it.
    public var description: String {
        if self == .all { return "*" }
        return lower == upper ? "\(lower)" : "\(lower)-\(upper)"
    }

    /// Parses `*`, `N` or `N-M` (1 ≤ N ≤ M ≤ 65535).
    init(parsing text: Substring, spec: String) throws(Invalid) {
        if text == "*" {
            self = .all
            return
        }
        let ends = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let lower = try Self.port(ends[0], spec: spec)
        let upper = ends.count == 2 ? try Self.port(ends[1], spec: spec) : lower
        guard lower <= upper else {
            throw Invalid("\(spec.debugDescription): the port range \(text) is reversed; write \(upper)-\(lower)")
        }
        self.init(unchecked: lower, upper)
    }

    /// One port number, 1...65535, decimal digits only.
    static func port(_ text: Substring, spec: String) throws(Invalid) -> UInt16 {
        guard !text.isEmpty, text.utf8.count <= 5,
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int(text), value >= 1 && value <= 65535 else {
            throw Invalid("\(spec.debugDescription): \(String(text).debugDescription) is not a port; ports are 1 to 65535, a range N-M, or *")
        }
        return UInt16(value)
    }
}

/// One outbound allowlist entry: connections (TCP) or datagrams (UDP) to HOST on PORTS.
public struct NetworkRule: Sendable, Equatable, CustomStringConvertible {
    public enum Target: Sendable, Equatable {
        /// A canonical host name.
        case name(String)
        /// Any name below this canonical suffix (the rule text is `*.` + suffix).
        case wildcard(String)
        /// An address block; a bare address is a /32 or /128.
        case network(IPNetwork)
    }

    public let transport: TransportProtocol
    public let target: Target
    public let ports: PortRange

    /// Parses `[tcp/|udp/]HOST:PORTS`. HOST is a host name, `*.domain`, an IPv4 address or CIDR
    /// block, or an IPv6 address or block in brackets (`[2001:db8::1]`, `[2001:db8::/32]`); PORTS is
    /// `N`, `N-M` or `*`. The transport defaults to tcp.
    init(parsing spec: String) throws(Invalid) {
        let shown = spec.debugDescription
        guard !spec.isEmpty else {
            throw Invalid("a network rule is empty; write HOST:PORT, such as example.com:443")
        }
        if spec.contains(where: { $0.isWhitespace }) {
            throw Invalid("network rule \(shown) contains whitespace")
        }
        let (transport, rest) = try Self.transportPrefix(Substring(spec), spec: spec)
        self.transport = transport
        let host: Substring, portText: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw Invalid("network rule \(shown): '[' opens an IPv6 address that is never closed with ']'")
            }
            host = rest[rest.startIndex...close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix("/") {
                throw Invalid("network rule \(shown): write the prefix length inside the brackets: \(host.dropLast())\(after.prefix { $0 != ":" })]\(after.drop { $0 != ":" })")
            }
            guard after.hasPrefix(":") else {
                throw Invalid("network rule \(shown) needs a port after the address: \(host):443")
            }
            portText = after.dropFirst()
        } else {
            guard let colon = rest.lastIndex(of: ":") else {
                throw Invalid("\(shown) needs a port: \(spec):443")
            }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
            if host.contains(":") {
                throw Invalid("network rule \(shown): write an IPv6 address in brackets, such as [2001:db8::1]:443")
            }
        }
        target = try Self.target(host, spec: spec)
        ports = try PortRange(parsing: portText, spec: spec)
    }

    /// Splits off `tcp/` or `udp/`; without one the transport is tcp.
    private static func transportPrefix(_ text: Substring, spec: String) throws(Invalid) -> (TransportProtocol, Substring) {
        guard let slash = text.firstIndex(of: "/") else { return (.tcp, text) }
        let word = text[..<slash]
        // Only a word of letters before the first '/' is a protocol; otherwise it is a CIDR block.
        guard !word.isEmpty && word.allSatisfy({ $0.isASCII && $0.isLetter }) else { return (.tcp, text) }
        guard let transport = TransportProtocol(rawValue: word.lowercased()) else {
            throw Invalid("network rule \(spec.debugDescription): unknown protocol \(String(word).debugDescription); write tcp/ or udp/")
        }
        return (transport, text[text.index(after: slash)...])
    }

    private static func target(_ host: Substring, spec: String) throws(Invalid) -> Target {
        let shown = spec.debugDescription
        if host.isEmpty {
            throw Invalid("network rule \(shown) has no host before the port")
        }
        if host.hasPrefix("[") {
            let inner = host.dropFirst().dropLast()  // the caller ends `host` at the ']'
            guard inner.contains(":"), let network = IPNetwork(String(inner)) else {
                throw Invalid("network rule \(shown): \(String(inner).debugDescription) is not an IPv6 address or block; brackets hold IPv6 only")
            }
            return .network(network)
        }
        if host == "*" {
            throw Invalid("network rule \(shown): '*' alone would allow every host; name the hosts, or write 0.0.0.0/0 and [::]/0 for every address")
        }
        if host.contains("*") {
            guard host.hasPrefix("*."), !host.dropFirst(2).contains("*") else {
                throw Invalid("network rule \(shown): '*' may only start a name, as in *.example.com")
            }
            let suffix = host.dropFirst(2)
            guard !suffix.isEmpty else {
                throw Invalid("network rule \(shown): '*.' must be followed by a domain, as in *.example.com")
            }
            return .wildcard(try name(suffix, spec: spec))
        }
        if host.contains("/") {
            guard let network = IPNetwork(String(host)) else {
                throw Invalid("network rule \(shown): \(String(host).debugDescription) is not an IPv4 block such as 192.0.2.0/24")
            }
            return .network(network)
        }
        if let address = IPAddress(String(host)), let network = IPNetwork(address: address, prefixLength: 32) {
            return .network(network)
        }
        return .name(try name(host, spec: spec))
    }

    /// A host name or wildcard suffix, canonical; errors name the rule.
    private static func name(_ host: Substring, spec: String) throws(Invalid) -> String {
        do {
            return try HostName.canonical(String(host))
        } catch where error.message.contains(HostName.notANameMessage) {
            throw Invalid("network rule \(spec.debugDescription): \(String(host).debugDescription) is not a valid IPv4 address; write four decimal numbers 0 to 255 without leading zeros, such as 192.0.2.1")
        } catch {
            throw Invalid("network rule \(spec.debugDescription): \(error.message)")
        }
    }

    /// Whether this rule lets a connection to canonical host `name` through (name and wildcard
    /// rules only; address rules answer `permits(address:…)`).
    public func permits(name: String, port: UInt16, transport: TransportProtocol) -> Bool {
        guard transport == self.transport && ports.contains(port) else { return false }
        switch target {
        case .name(let ruleName): return name == ruleName
        case .wildcard(let suffix): return HostName.matches(name, pattern: "*." + suffix)
        case .network: return false
        }
    }

    /// Whether this rule lets a connection to `address` through (address rules only). A special
    /// address (loopback, private, metadata, …) passes only when the rule's block lies wholly
    /// inside that special range, so `0.0.0.0/0` never opens 127.0.0.1 or 169.254.169.254.
    public func permits(address: IPAddress, port: UInt16, transport: TransportProtocol) -> Bool {
        guard transport == self.transport && ports.contains(port) else { return false }
        guard case .network(let network) = target, network.contains(address) else { return false }
        return address.special == nil || network.namesExplicitly(address)
    }

    /// Canonical spec text, always with the transport; parses back to an equal rule.
    public var description: String {
        let host: String
        switch target {
        case .name(let name): host = name
        case .wildcard(let suffix): host = "*." + suffix
        case .network(let network):
            let full = network.prefixLength == network.address.bytes.count * 8
            let text = full ? "\(network.address)" : "\(network)"
            host = network.address.isIPv4 ? text : "[\(text)]"
        }
        return "\(transport.rawValue)/\(host):\(ports)"
    }
}

/// A port on the host forwarded to a port in the guest: `HOST_PORT:GUEST_PORT` or
/// `ADDR:HOST_PORT:GUEST_PORT`, ADDR an IPv4 address or a bracketed IPv6 one (default 127.0.0.1).
public struct PublishedPort: Sendable, Equatable, CustomStringConvertible {
    public let hostAddress: IPAddress
    public let hostPort: UInt16
    public let guestPort: UInt16
    /// tcp only for now.
    public let transport: TransportProtocol

    /// nil when a port is 0.
    public init?(hostAddress: IPAddress = IPAddress(127, 0, 0, 1), hostPort: UInt16, guestPort: UInt16) {
        guard hostPort != 0 && guestPort != 0 else { return nil }
        self.hostAddress = hostAddress
        self.hostPort = hostPort
        self.guestPort = guestPort
        self.transport = .tcp
    }

    /// Parses `[tcp/][ADDR:]HOST_PORT:GUEST_PORT`.
    init(parsing spec: String) throws(Invalid) {
        let shown = spec.debugDescription
        guard !spec.isEmpty else {
            throw Invalid("a published port is empty; write HOST_PORT:GUEST_PORT, such as 8080:80")
        }
        if spec.contains(where: { $0.isWhitespace }) {
            throw Invalid("published port \(shown) contains whitespace")
        }
        var rest = Substring(spec)
        if rest.hasPrefix("udp/") {
            throw Invalid("published port \(shown): only tcp ports can be published for now")
        }
        if rest.hasPrefix("tcp/") { rest = rest.dropFirst(4) }
        var address = IPAddress(127, 0, 0, 1)
        let bracketed = rest.hasPrefix("[")
        if bracketed {
            guard let close = rest.firstIndex(of: "]"),
                  rest[rest.index(after: close)...].hasPrefix(":") else {
                throw Invalid("published port \(shown): write an IPv6 address as [ADDR]:HOST_PORT:GUEST_PORT")
            }
            let inner = rest[rest.index(after: rest.startIndex)..<close]
            guard inner.contains(":"), let parsed = IPAddress(String(inner)) else {
                throw Invalid("published port \(shown): \(String(inner).debugDescription) is not an IPv6 address; brackets hold IPv6 only")
            }
            address = parsed
            rest = rest[rest.index(close, offsetBy: 2)...]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        let portParts: ArraySlice<Substring>
        switch parts.count {
        case 2: portParts = parts[...]
        case 3 where !bracketed:
            guard let parsed = IPAddress(String(parts[0])), parsed.isIPv4 else {
                throw Invalid("published port \(shown): \(String(parts[0]).debugDescription) is not an IPv4 address; write [ADDR] for IPv6")
            }
            address = parsed
            portParts = parts[1...]
        default:
            throw Invalid("published port \(shown): write HOST_PORT:GUEST_PORT or ADDR:HOST_PORT:GUEST_PORT, such as 8080:80")
        }
        hostPort = try PortRange.port(portParts[portParts.startIndex], spec: spec)
        guestPort = try PortRange.port(portParts[portParts.startIndex + 1], spec: spec)
        hostAddress = address
        transport = .tcp
    }

    /// Canonical spec text; parses back to an equal value.
    public var description: String {
        let address = hostAddress.isIPv4 ? "\(hostAddress)" : "[\(hostAddress)]"
        return "\(transport.rawValue)/\(address):\(hostPort):\(guestPort)"
    }
}

// MARK: - Public entry points for other modules

// `Invalid` is internal (the loader adds file, line and field), and a public function cannot throw
// an internal type; these wrappers throw `PolicyError` the way `PathRule.checkedPattern` does.

extension NetworkRule {
    public init(parsing spec: String, field: String) throws(PolicyError) {
        do { try self.init(parsing: spec) } catch { throw PolicyError(field: field, message: error.message) }
    }
}

extension PublishedPort {
    public init(parsing spec: String, field: String) throws(PolicyError) {
        do { try self.init(parsing: spec) } catch { throw PolicyError(field: field, message: error.message) }
    }
}

extension HostName {
    public static func canonical(_ text: String, field: String) throws(PolicyError) -> String {
        do { return try canonical(text) } catch { throw PolicyError(field: field, message: error.message) }
    }
}
