// IP addresses and networks as the network broker compares them, and the special-purpose ranges it
// refuses unless a rule names them. Parsing is strict (one spelling per address, no inet_aton
// shortcuts) so a policy cannot say one thing and mean another, and IPv4-mapped IPv6 addresses are
// always unwrapped to IPv4 so every decision sees one canonical form. All parsers are total.

/// An IPv4 address (4 bytes) or an IPv6 address (16 bytes) that is not IPv4-mapped.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// Network byte order; 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    public var isIPv4: Bool { bytes.count == 4 }

    /// Parses a strict dotted quad (`192.0.2.1`: four decimal numbers 0–255, no leading zeros) or an
    /// IPv6 address in any RFC 4291 text form (`::`, an embedded dotted-quad tail), without a zone.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        if utf8.contains(colon) {
            guard let raw = parseIPv6(utf8[...]) else { return nil }
            self.init(unwrapping: raw)
        } else {
            guard let raw = parseIPv4(utf8[...]) else { return nil }
            self.init(unwrapping: raw)
        }
    }

    /// The IPv4 address a.b.c.d.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        bytes = [a, b, c, d]
    }

    /// An address from its 4 or 16 bytes in network byte order.
    public init?(bytes: some Collection<UInt8>) {
        let raw = Array(bytes)
        guard raw.count == 4 || raw.count == 16 else { return nil }
        self.init(unwrapping: raw)
    }

    /// `raw` has 4 or 16 bytes. `::ffff:a.b.c.d` becomes `a.b.c.d`: the kernel connects such a
    /// socket to the IPv4 host, so the policy must judge it as that host.
    private init(unwrapping raw: [UInt8]) {
        if raw.count == 16 && raw[0..<10].allSatisfy({ $0 == 0 }) && raw[10] == 0xff && raw[11] == 0xff {
            bytes = Array(raw[12..<16])
        } else {
            bytes = raw
        }
    }

    /// Dotted quad, or RFC 5952 text: lowercase hex, no leading zeros, the longest run of two or
    /// more zero groups (the first on a tie) written `::`. Always all-hex: the one form RFC 5952
    /// writes with a dotted tail, IPv4-mapped, never reaches here (it is unwrapped).
    public var description: String {
        if isIPv4 { return bytes.map { String($0) }.joined(separator: ".") }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var bestStart = -1, bestLength = 1  // a single zero group is never compressed
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > bestLength { bestStart = index; bestLength = end - index }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }

    /// The IPv4 address a NAT64 (RFC 6052/8215) or 6to4 (RFC 3056) address carries, which a
    /// gateway would reach on the guest's behalf. For 64:ff9b:1::/48 the operator picks the
    /// prefix length; we assume the common /96 (address in the last four bytes).
    var embeddedIPv4: IPAddress? {
        guard !isIPv4 else { return nil }
        if Special.nat64Prefixes.contains(where: { $0.contains(self) }) {
            return IPAddress(bytes: bytes[12..<16])
        }
        if Special.sixToFour.contains(where: { $0.contains(self) }) {
            return IPAddress(bytes: bytes[2..<6])
        }
        return nil
    }

    /// The special-purpose range this address lies in, the most specific first; nil for an
    /// ordinary public address. NAT64 and 6to4 addresses take the class of the IPv4 address they
    /// embed when that is special.
    public var special: SpecialRange? {
        if let inner = embeddedIPv4, let innerClass = inner.special { return innerClass }
        for (range, networks) in Special.table where networks.contains(where: { $0.contains(self) }) {
            return range
        }
        return nil
    }
}

/// Address ranges a brokered sandbox denies unless a rule names them explicitly. The documentation
/// ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are deliberately absent:
/// tests use them inside private network namespaces.
public enum SpecialRange: String, Sendable, CaseIterable {
    case unspecified         // 0.0.0.0/8, ::
    case loopback            // 127.0.0.0/8, ::1
    case `private`           // 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16
    case sharedAddressSpace  // 100.64.0.0/10 (carrier-grade NAT)
    case linkLocal           // 169.254.0.0/16, fe80::/10
    case cloudMetadata       // 169.254.169.254, fd00:ec2::254 (AWS), 100.100.100.200 (Alibaba), 192.0.0.192 (Oracle)
    case uniqueLocal         // fc00::/7
    case multicast           // 224.0.0.0/4, ff00::/8
    case broadcast           // 255.255.255.255
    case reserved            // 240.0.0.0/4
    case ietfProtocol        // 192.0.0.0/24
    case nat64               // 64:ff9b::/96, 64:ff9b:1::/48 (embedded IPv4 judged first)
    case ipv4Compatible      // ::/96 apart from :: and ::1 (deprecated)
    case sixToFour = "6to4"  // 2002::/16 (embedded IPv4 judged first)
    case teredo              // 2001::/32

    /// The CIDR blocks of this range.
    public var networks: [IPNetwork] {
        Special.table.first(where: { $0.range == self })?.networks ?? []
    }
}

/// The classification table. Order matters: the first range containing an address wins, so the
/// more specific names (metadata endpoints, broadcast, `::1`) come before the blocks around them.
enum Special {
    /// Networks from literals; the tests check every range has its blocks.
    private static func nets(_ texts: String...) -> [IPNetwork] { texts.compactMap { IPNetwork($0) } }

    static let nat64Prefixes = nets("64:ff9b::/96", "64:ff9b:1::/48")
    static let sixToFour = nets("2002::/16")

    static let table: [(range: SpecialRange, networks: [IPNetwork])] = [
        (.cloudMetadata, nets("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")),
        (.broadcast, nets("255.255.255.255")),
        (.unspecified, nets("0.0.0.0/8", "::")),
        (.loopback, nets("127.0.0.0/8", "::1")),
        (.private, nets("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")),
        (.sharedAddressSpace, nets("100.64.0.0/10")),
        (.linkLocal, nets("169.254.0.0/16", "fe80::/10")),
        (.uniqueLocal, nets("fc00::/7")),
        (.multicast, nets("224.0.0.0/4", "ff00::/8")),
        (.reserved, nets("240.0.0.0/4")),
        (.ietfProtocol, nets("192.0.0.0/24")),
        (.nat64, nat64Prefixes),
        (.ipv4Compatible, nets("::/96")),
        (.sixToFour, sixToFour),
        (.teredo, nets("2001::/32")),
    ]
}

/// An address block: `address` with every bit past `prefixLength` cleared.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    /// `address` masked to `prefixLength` (0...32 for IPv4, 0...128 for IPv6).
    public init?(address: IPAddress, prefixLength: Int) {
        let bits = address.bytes.count * 8
        guard prefixLength >= 0 && prefixLength <= bits else { return nil }
        self.prefixLength = prefixLength
        self.address = IPAddress(masked: address.bytes, to: prefixLength)
    }

    /// Parses `a.b.c.d/n`, `v6/n`, or a bare address (a /32 or /128). Host bits are cleared. An
    /// IPv4-mapped IPv6 block (`::ffff:a.b.c.d/n`, n ≥ 96) becomes the IPv4 block it denotes.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        let slash = utf8.firstIndex(of: UInt8(ascii: "/"))
        let addressPart = utf8[..<(slash ?? utf8.count)]
        let isV6Text = addressPart.contains(colon)
        let raw: [UInt8]
        if isV6Text {
            guard let parsed = parseIPv6(addressPart) else { return nil }
            raw = parsed
        } else {
            guard let parsed = parseIPv4(addressPart) else { return nil }
            raw = parsed
        }
        var prefix = raw.count * 8
        if let slash {
            guard let n = parseDecimal(utf8[(slash + 1)...], max: raw.count * 8) else { return nil }
            prefix = n
        }
        guard let address = IPAddress(bytes: raw) else { return nil }
        if address.bytes.count != raw.count {
            // Mapped: the prefix counted the 96 bits of ::ffff:0:0 too.
            guard prefix >= 96 else { return nil }
            prefix -= 96
        }
        self.init(address: address, prefixLength: prefix)
    }

    /// Whether `a` lies in this block. Families must match: IPv4 addresses (including unwrapped
    /// mapped ones) are never inside an IPv6 block.
    public func contains(_ a: IPAddress) -> Bool {
        guard a.bytes.count == address.bytes.count else { return false }
        return IPAddress(masked: a.bytes, to: prefixLength) == address
    }

    /// Whether all of `other` lies inside this block.
    public func covers(_ other: IPNetwork) -> Bool {
        other.prefixLength >= prefixLength && contains(other.address)
    }

    /// Whether this whole block lies inside `range`, so a rule naming it names that range on
    /// purpose. For NAT64 and 6to4 blocks long enough to fix part of the embedded IPv4 address,
    /// the embedded IPv4 block is judged too (`[64:ff9b::10.0.0.0/104]` names `private`).
    public func isWithin(_ range: SpecialRange) -> Bool {
        if range.networks.contains(where: { $0.covers(self) }) { return true }
        return embeddedIPv4Network?.isWithin(range) ?? false
    }

    /// The IPv4 block inside a NAT64 or 6to4 block (see `IPAddress.embeddedIPv4`).
    private var embeddedIPv4Network: IPNetwork? {
        guard !address.isIPv4, let inner = address.embeddedIPv4 else { return nil }
        if Special.nat64Prefixes.contains(where: { $0.covers(self) }) {
            guard prefixLength >= 96 else { return nil }
            return IPNetwork(address: inner, prefixLength: prefixLength - 96)
        }
        guard Special.sixToFour.contains(where: { $0.covers(self) }) else { return nil }
        return IPNetwork(address: inner, prefixLength: min(prefixLength, 48) - 16)
    }

    /// Whether this block contains `a`, `a` is special, and the whole block lies inside `a`'s
    /// special range: `10.1.0.0/16` names private 10.1.2.3, `0.0.0.0/0` names nothing, and
    /// `169.254.0.0/16` does not name the metadata endpoint 169.254.169.254.
    public func namesExplicitly(_ a: IPAddress) -> Bool {
        guard contains(a), let range = a.special else { return false }
        return isWithin(range)
    }

    public var description: String { "\(address)/\(prefixLength)" }
}

extension IPAddress {
    /// `raw` (4 or 16 bytes of a canonical address) with the bits past `prefix` cleared. The result
    /// is canonical too: masking clears trailing bits, so it cannot create the ::ffff:0:0/96 form.
    fileprivate init(masked raw: [UInt8], to prefix: Int) {
        var out = raw
        for i in out.indices {
            let keep = prefix - i * 8
            if keep <= 0 {
                out[i] = 0
            } else if keep < 8 {
                out[i] &= UInt8(truncatingIfNeeded: 0xff << (8 - keep))
            }
        }
        bytes = out
    }
}

// MARK: - Text parsers (total on any bytes)

private let colon = UInt8(ascii: ":"), dot = UInt8(ascii: ".")

/// A decimal number with no sign and no leading zeros (except "0" itself), at most `max`.
private func parseDecimal(_ text: ArraySlice<UInt8>, max: Int) -> Int? {
    guard !text.isEmpty && text.count <= 3 else { return nil }  // every caller's max has ≤ 3 digits
    guard text.count == 1 || text.first != UInt8(ascii: "0") else { return nil }
    var value = 0
    for byte in text {
        guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
        guard value <= max else { return nil }
    }
    return value
}

/// Exactly four decimal octets separated by dots.
private func parseIPv4(_ text: ArraySlice<UInt8>) -> [UInt8]? {
    let parts = text.split(separator: dot, omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var out: [UInt8] = []
    for part in parts {
        guard let value = parseDecimal(part, max: 255) else { return nil }
        out.append(UInt8(value))
    }
    return out
}

/// RFC 4291 section 2.2: eight groups of 1–4 hex digits, at most one `::` standing for one or more
/// zero groups, and optionally a dotted quad in place of the last two groups.
private func parseIPv6(_ text: ArraySlice<UInt8>) -> [UInt8]? {
    guard text.count >= 2 && text.count <= 45 else { return nil }  // longest form is 45 chars
    // Split at the first "::", if any.
    var head = text, tail: ArraySlice<UInt8>? = nil
    var i = text.startIndex
    while i + 1 < text.endIndex {
        if text[i] == colon && text[i + 1] == colon {
            head = text[text.startIndex..<i]
            tail = text[(i + 2)...]
            break
        }
        i += 1
    }
    // The dotted quad may only end the address, so only the last part may hold one.
    guard let headGroups = parseGroups(head, allowIPv4: tail == nil) else { return nil }
    var groups = headGroups
    if let tail {
        guard let tailGroups = parseGroups(tail, allowIPv4: true) else { return nil }
        guard groups.count + tailGroups.count <= 7 else { return nil }
        groups += Array(repeating: 0, count: 8 - groups.count - tailGroups.count) + tailGroups
    }
    guard groups.count == 8 else { return nil }
    return groups.flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
}

/// Colon-separated hex groups (an empty text is zero groups); the last may be a dotted quad.
private func parseGroups(_ text: ArraySlice<UInt8>, allowIPv4: Bool) -> [UInt16]? {
    guard !text.isEmpty else { return [] }
    let parts = text.split(separator: colon, omittingEmptySubsequences: false)
    var groups: [UInt16] = []
    for (index, part) in parts.enumerated() {
        if part.contains(dot) {
            guard allowIPv4 && index == parts.count - 1, let quad = parseIPv4(part) else { return nil }
            groups.append(UInt16(quad[0]) << 8 | UInt16(quad[1]))
            groups.append(UInt16(quad[2]) << 8 | UInt16(quad[3]))
            continue
        }
        guard (1...4).contains(part.count) else { return nil }
        var value: UInt16 = 0
        for byte in part {
            guard let digit = hexValue(byte) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        groups.append(value)
    }
    return groups
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
