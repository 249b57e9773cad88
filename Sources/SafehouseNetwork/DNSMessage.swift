// DNS messages as the broker reads and writes them (RFC 1035): the single-question queries a stub
// resolver sends, the short error responses the broker answers itself with, and the A/AAAA
// addresses in an upstream answer. Every parser is total: any bytes give a value or nil, never a
// trap, and compression pointers are followed with a hop limit and bounds checks.

import SafehousePolicy

/// A standard query with one question, as received from the guest.
public struct DNSQuery: Sendable {
    public let id: UInt16
    public let flags: UInt16
    /// Canonical (`HostName.canonical(wire:)`); "" for the root.
    public let name: String
    public let type: UInt16
    public let qclass: UInt16
    /// The whole message as received.
    public let bytes: [UInt8]

    // Response codes (RFC 1035 section 4.1.1).
    public static let formatError: UInt8 = 1
    public static let serverFailure: UInt8 = 2
    public static let nxdomain: UInt8 = 3
    public static let refused: UInt8 = 5

    // Record types and class.
    public static let typeA: UInt16 = 1
    public static let typeCNAME: UInt16 = 5
    public static let typeAAAA: UInt16 = 28
    public static let classIN: UInt16 = 1

    /// A query the broker will handle: QR=0, opcode QUERY, exactly one question whose name is
    /// uncompressed and canonical, no answer or authority records, and at most one additional
    /// record (an EDNS OPT, left unparsed). Anything else is nil.
    public static func parse(_ message: [UInt8]) -> DNSQuery? {
        var reader = Reader(message)
        guard let id = reader.u16(), let flags = reader.u16(),
              let qdcount = reader.u16(), let ancount = reader.u16(),
              let nscount = reader.u16(), let arcount = reader.u16() else { return nil }
        guard flags & DNSHeader.qr == 0, DNSHeader.opcode(flags) == 0,
              qdcount == 1, ancount == 0, nscount == 0, arcount <= 1 else { return nil }
        // A query has nothing earlier to point at, so a pointer here is malformed or an attack.
        guard let question = readName(message, at: reader.offset, allowPointers: false),
              let name = HostName.canonical(wire: question.labels) else { return nil }
        reader.offset = question.end
        guard let type = reader.u16(), let qclass = reader.u16() else { return nil }
        return DNSQuery(id: id, flags: flags, name: name, type: type, qclass: qclass, bytes: message)
    }

    /// A response the broker sends itself: same id, QR=1, opcode QUERY, RD copied, RA=1, `rcode`,
    /// and the question rebuilt from the canonical name, type and class; no other sections.
    public static func response(to query: DNSQuery, rcode: UInt8) -> [UInt8] {
        let flags = DNSHeader.qr | (query.flags & DNSHeader.rd) | DNSHeader.ra | UInt16(rcode & 0x0f)
        return header(id: query.id, flags: flags) + question(query.name, type: query.type, qclass: query.qclass)
    }

    /// A standard recursive query (RD=1) for `name`, which must be canonical (as
    /// `HostName.canonical` returns it), class IN.
    public static func query(id: UInt16, name: String, type: UInt16) -> [UInt8] {
        header(id: id, flags: DNSHeader.rd) + question(name, type: type, qclass: classIN)
    }

    /// Reads the answer to `query`: nil unless it is a response (QR=1) with the query's id, opcode
    /// QUERY and exactly the query's question (name compared canonically). Answer records may use
    /// compression; authority and additional sections are ignored. Truncated or malformed → nil.
    public static func parseAnswer(_ message: [UInt8], to query: DNSQuery) -> DNSAnswer? {
        var reader = Reader(message)
        guard let id = reader.u16(), let flags = reader.u16(),
              let qdcount = reader.u16(), let ancount = reader.u16(),
              reader.u16() != nil, reader.u16() != nil else { return nil }
        guard id == query.id, flags & DNSHeader.qr != 0, DNSHeader.opcode(flags) == 0, qdcount == 1 else {
            return nil
        }
        guard let question = readName(message, at: reader.offset, allowPointers: true),
              HostName.canonical(wire: question.labels) == query.name else { return nil }
        reader.offset = question.end
        guard reader.u16() == query.type, reader.u16() == query.qclass else { return nil }

        var records: [AnswerRecord] = []
        for _ in 0..<ancount {
            guard let owner = readName(message, at: reader.offset, allowPointers: true) else { return nil }
            reader.offset = owner.end
            guard let type = reader.u16(), let rclass = reader.u16(), let rawTTL = reader.u32(),
                  let length = reader.u16() else { return nil }
            let start = reader.offset, end = start + Int(length)
            guard end <= message.count else { return nil }
            reader.offset = end
            var data = AnswerRecord.Data.other
            switch (type, Int(length)) {
            case (DNSQuery.typeCNAME, _):
                // The target must end inside the record (it may point anywhere before it).
                guard let target = readName(message, at: start, allowPointers: true), target.end <= end else {
                    return nil
                }
                data = .cname(HostName.canonical(wire: target.labels))
            case (DNSQuery.typeA, 4), (DNSQuery.typeAAAA, 16):
                guard let address = IPAddress(bytes: message[start..<end]) else { return nil }
                data = .address(address)
            case (DNSQuery.typeA, _), (DNSQuery.typeAAAA, _):
                return nil
            default:
                break
            }
            // RFC 2181 section 8: a TTL with the top bit set means 0.
            let ttl = rawTTL > UInt32(Int32.max) ? 0 : rawTTL
            // Names we cannot canonicalise match nothing; the record is skipped, not an error.
            records.append(AnswerRecord(owner: HostName.canonical(wire: owner.labels), rclass: rclass, ttl: ttl, data: data))
        }

        // Follow the CNAME chain from the query name, at most 16 steps, stopping at a loop.
        var names = [query.name]
        var ttl = UInt32.max
        for _ in 0..<16 {
            guard let current = names.last,
                  let link = records.first(where: { $0.rclass == DNSQuery.classIN && $0.owner == current && $0.isCNAME }),
                  case .cname(let target?) = link.data, !names.contains(target) else { break }
            names.append(target)
            ttl = min(ttl, link.ttl)
        }
        var addresses: [IPAddress] = []
        var seen = Set<IPAddress>()  // a 64 KiB answer can hold thousands of records
        var addressTTL = UInt32.max
        for record in records where record.rclass == DNSQuery.classIN {
            guard case .address(let address) = record.data, let owner = record.owner, names.contains(owner) else {
                continue
            }
            if seen.insert(address).inserted { addresses.append(address) }
            addressTTL = min(addressTTL, record.ttl)
        }
        let resultTTL = addresses.isEmpty ? 0 : min(ttl, addressTTL)
        return DNSAnswer(addresses: addresses, ttl: resultTTL, rcode: UInt8(flags & 0x0f))
    }

    /// Header with QDCOUNT=1 and the other counts 0.
    private static func header(id: UInt16, flags: UInt16) -> [UInt8] {
        bigEndian(id) + bigEndian(flags) + [0, 1, 0, 0, 0, 0, 0, 0]
    }

    private static func question(_ name: String, type: UInt16, qclass: UInt16) -> [UInt8] {
        var out: [UInt8] = []
        for label in name.utf8.split(separator: UInt8(ascii: ".")) {
            let bytes = label.prefix(63)  // keeps the encoding well-formed even for a bad name
            out.append(UInt8(bytes.count))
            out += bytes
        }
        return out + [0] + bigEndian(type) + bigEndian(qclass)
    }
}

/// The addresses an upstream answer gives for a query.
public struct DNSAnswer: Sendable {
    /// A and AAAA records for the query name or a name its CNAME chain reaches, in message order,
    /// without duplicates.
    public let addresses: [IPAddress]
    /// The smallest TTL of the records used (the addresses and the CNAMEs leading to them): how
    /// long the name-to-address mapping may be trusted. 0 when there are no addresses.
    public let ttl: UInt32
    public let rcode: UInt8

    public init(addresses: [IPAddress], ttl: UInt32, rcode: UInt8) {
        self.addresses = addresses
        self.ttl = ttl
        self.rcode = rcode
    }
}

/// One answer record, as far as collecting addresses needs it.
private struct AnswerRecord {
    enum Data {
        /// The target; nil when it is not a name we can canonicalise.
        case cname(String?)
        case address(IPAddress)
        case other
    }
    /// nil when the owner is not a name we can canonicalise (then it matches nothing).
    let owner: String?
    let rclass: UInt16
    let ttl: UInt32
    let data: Data

    var isCNAME: Bool {
        if case .cname = data { return true }
        return false
    }
}

// MARK: - Wire helpers

private enum DNSHeader {
    static let qr: UInt16 = 0x8000
    static let rd: UInt16 = 0x0100
    static let ra: UInt16 = 0x0080
    static func opcode(_ flags: UInt16) -> UInt16 { (flags >> 11) & 0x0f }
}

/// A bounds-checked big-endian cursor.
private struct Reader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func u16() -> UInt16? {
        guard offset >= 0 && offset + 2 <= bytes.count else { return nil }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u32() -> UInt32? {
        guard let high = u16(), let low = u16() else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }
}

private func bigEndian(_ value: UInt16) -> [UInt8] {
    [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
}

/// Reads the name at `offset`: its labels, and `end`, the offset just past the name where it sits
/// (after the first pointer, if any). Bounds-checked; the name may be at most 255 bytes in wire
/// form and take at most 127 pointer hops, so a pointer loop ends in nil.
private func readName(_ message: [UInt8], at offset: Int, allowPointers: Bool) -> (labels: [[UInt8]], end: Int)? {
    var labels: [[UInt8]] = []
    var position = offset
    var end: Int?
    var wireLength = 0
    var hops = 0
    while true {
        guard position >= 0 && position < message.count else { return nil }
        let length = Int(message[position])
        switch length & 0xc0 {
        case 0x00:
            wireLength += 1 + length
            guard wireLength <= 255 else { return nil }
            if length == 0 { return (labels, end ?? position + 1) }
            let start = position + 1
            guard start + length <= message.count else { return nil }
            labels.append(Array(message[start..<(start + length)]))
            position = start + length
        case 0xc0:
            guard allowPointers, position + 1 < message.count else { return nil }
            hops += 1
            guard hops <= 127 else { return nil }
            if end == nil { end = position + 2 }
            position = (length & 0x3f) << 8 | Int(message[position + 1])
        default:
            return nil  // 0x40 and 0x80 label types are obsolete or undefined
        }
    }
}
