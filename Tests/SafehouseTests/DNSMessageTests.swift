import XCTest
import SafehousePolicy
@testable import SafehouseNetwork

/// Tests for the DNS codec the network broker uses: queries from the guest, the broker's own
/// responses, and the addresses in upstream answers. Messages are built byte by byte.
final class DNSMessageTests: XCTestCase {

    // MARK: Message building

    /// Builds DNS messages by hand, remembering where each name starts so tests can point at it.
    private struct Builder {
        var bytes: [UInt8] = []

        mutating func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xff)] }
        mutating func u32(_ value: UInt32) { u16(UInt16(value >> 16)); u16(UInt16(value & 0xffff)) }

        mutating func header(id: UInt16, flags: UInt16, qd: UInt16 = 1, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0) {
            u16(id); u16(flags); u16(qd); u16(an); u16(ns); u16(ar)
        }

        /// Writes labels, then a pointer to `then` or the root byte. Returns where the name starts.
        @discardableResult
        mutating func name(_ text: String, then pointer: Int? = nil) -> Int {
            let start = bytes.count
            for label in text.split(separator: ".") {
                bytes.append(UInt8(label.utf8.count))
                bytes += Array(label.utf8)
            }
            if let pointer {
                bytes += [0xc0 | UInt8(pointer >> 8), UInt8(pointer & 0xff)]
            } else {
                bytes.append(0)
            }
            return start
        }

        mutating func pointer(_ offset: Int) { bytes += [0xc0 | UInt8(offset >> 8), UInt8(offset & 0xff)] }

        mutating func question(_ name: String, type: UInt16 = 1, qclass: UInt16 = 1) -> Int {
            let start = self.name(name)
            u16(type); u16(qclass)
            return start
        }

        /// A record whose owner is written by `owner` and whose RDATA is written by `rdata`;
        /// RDLENGTH is filled in afterwards. Returns the offset of the RDATA.
        @discardableResult
        mutating func record(owner: (inout Builder) -> Void, type: UInt16, qclass: UInt16 = 1, ttl: UInt32,
                             rdata: (inout Builder) -> Void) -> Int {
            owner(&self)
            u16(type); u16(qclass); u32(ttl)
            let lengthAt = bytes.count
            u16(0)
            let start = bytes.count
            rdata(&self)
            let length = bytes.count - start
            bytes[lengthAt] = UInt8(length >> 8)
            bytes[lengthAt + 1] = UInt8(length & 0xff)
            return start
        }
    }

    private let wwwExampleA: [UInt8] = [
        0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        3, 0x77, 0x77, 0x77, 7, 0x45, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 3, 0x63, 0x6f, 0x6d, 0,
        0x00, 0x01, 0x00, 0x01,
    ]  // id 0x1234, RD, "www.Example.com" A IN

    private func query(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> DNSQuery? {
        let parsed = DNSQuery.parse(bytes)
        XCTAssertNotNil(parsed, "query should parse", file: file, line: line)
        return parsed
    }

    private func ip(_ text: String) -> IPAddress { IPAddress(text) ?? IPAddress(0, 0, 0, 0) }

    /// Where the question name starts, right after the header.
    private let qname = 12

    /// A response header and question for `q`, ready for answer records.
    private func responseStart(to q: DNSQuery, flags: UInt16 = 0x8180, an: UInt16, ns: UInt16 = 0) -> Builder {
        var b = Builder()
        b.header(id: q.id, flags: flags, an: an, ns: ns)
        _ = b.question(q.name, type: q.type, qclass: q.qclass)
        return b
    }

    // MARK: Queries

    func testParseHandBuiltQuery() {
        guard let q = query(wwwExampleA) else { return }
        XCTAssertEqual(q.id, 0x1234)
        XCTAssertEqual(q.flags, 0x0100)
        XCTAssertEqual(q.name, "www.example.com")
        XCTAssertEqual(q.type, 1)
        XCTAssertEqual(q.qclass, 1)
        XCTAssertEqual(q.bytes, wwwExampleA)
    }

    func testParseQueryWithEDNS() {
        var b = Builder()
        b.header(id: 0xbeef, flags: 0x0120, ar: 1)  // RD and AD, as dig sends
        _ = b.question("_sip._tcp.example.org", type: 33)
        b.bytes += [0, 0x00, 0x29, 0x04, 0xd0, 0, 0, 0x80, 0, 0, 0]  // OPT, 1232 bytes, DO
        guard let q = query(b.bytes) else { return }
        XCTAssertEqual(q.name, "_sip._tcp.example.org")
        XCTAssertEqual(q.type, 33)
        XCTAssertEqual(q.bytes.count, b.bytes.count)
    }

    func testParseRootAndAAAAQueries() {
        var b = Builder()
        b.header(id: 1, flags: 0)
        b.bytes += [0, 0, 2, 0, 1]  // ". NS IN"
        XCTAssertEqual(query(b.bytes)?.name, "")
        let built = DNSQuery.query(id: 7, name: "ipv6.example", type: DNSQuery.typeAAAA)
        XCTAssertEqual(query(built)?.type, 28)
    }

    func testRejectedQueries() {
        func variant(_ change: (inout [UInt8]) -> Void) -> [UInt8] {
            var copy = wwwExampleA
            change(&copy)
            return copy
        }
        let rejected: [(String, [UInt8])] = [
            ("QR set", variant { $0[2] |= 0x80 }),
            ("opcode IQUERY", variant { $0[2] |= 0x08 }),
            ("opcode STATUS", variant { $0[2] |= 0x10 }),
            ("opcode UPDATE", variant { $0[2] |= 0x28 }),
            ("QDCOUNT 0", variant { $0[5] = 0 }),
            ("QDCOUNT 2", variant { $0[5] = 2 }),
            ("QDCOUNT 257", variant { $0[4] = 1 }),
            ("ANCOUNT 1", variant { $0[7] = 1 }),
            ("NSCOUNT 1", variant { $0[9] = 1 }),
            ("ARCOUNT 2", variant { $0[11] = 2 }),
            ("ARCOUNT 256", variant { $0[10] = 1 }),
            ("label with a space", variant { $0[13] = 0x20 }),
            ("label with a NUL", variant { $0[13] = 0 }),
            ("label with a dot", variant { $0[13] = 0x2e }),
            ("label with a high byte", variant { $0[13] = 0xe9 }),
            ("label type 01", variant { $0[12] = 0x43 }),
            ("label type 10", variant { $0[12] = 0x83 }),
            ("label runs past the end", variant { $0[24] = 60 }),
            ("empty", []),
            ("header only", Array(wwwExampleA.prefix(12))),
        ]
        for (what, bytes) in rejected {
            XCTAssertNil(DNSQuery.parse(bytes), what)
        }
        // A pointer in the question, even to a valid name.
        var b = Builder()
        b.header(id: 1, flags: 0x0100)
        b.pointer(12)
        b.u16(1); b.u16(1)
        XCTAssertNil(DNSQuery.parse(b.bytes), "pointer")
        var c = Builder()
        c.header(id: 1, flags: 0x0100)
        c.name("www", then: 12)
        c.u16(1); c.u16(1)
        XCTAssertNil(DNSQuery.parse(c.bytes), "labels then a pointer")
        // A name longer than 255 bytes in wire form.
        var d = Builder()
        d.header(id: 1, flags: 0x0100)
        for _ in 0..<5 { d.bytes.append(60); d.bytes += Array(repeating: 0x61, count: 60) }
        d.bytes.append(0)
        d.u16(1); d.u16(1)
        XCTAssertNil(DNSQuery.parse(d.bytes), "long name")
        // A name of 253 characters (255 wire bytes) is fine, 254 is not.
        let longest = [String](repeating: String(repeating: "a", count: 63), count: 3).joined(separator: ".")
            + "." + String(repeating: "b", count: 61)
        XCTAssertEqual(DNSQuery.parse(DNSQuery.query(id: 1, name: longest, type: 1))?.name, longest)
        XCTAssertNil(DNSQuery.parse(DNSQuery.query(id: 1, name: longest + "b", type: 1)))
    }

    func testEveryTruncatedQueryIsRejected() {
        for length in 0..<wwwExampleA.count {
            XCTAssertNil(DNSQuery.parse(Array(wwwExampleA.prefix(length))), "prefix of \(length) bytes")
        }
    }

    func testBuildQuery() {
        let built = DNSQuery.query(id: 0x1234, name: "www.example.com", type: 1)
        var expected = wwwExampleA
        expected.replaceSubrange(16..<24, with: Array("\u{7}example".utf8))
        XCTAssertEqual(built, expected)
        XCTAssertEqual(DNSQuery.query(id: 0, name: "", type: 2), [0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1])
        guard let q = query(built) else { return }
        XCTAssertEqual(q.name, "www.example.com")
        XCTAssertEqual(q.flags & 0x0100, 0x0100, "RD")
    }

    // MARK: Responses

    func testResponseBytes() {
        guard let q = query(wwwExampleA) else { return }
        let nx = DNSQuery.response(to: q, rcode: DNSQuery.nxdomain)
        XCTAssertEqual(Array(nx.prefix(12)), [0x12, 0x34, 0x81, 0x83, 0, 1, 0, 0, 0, 0, 0, 0])
        // The question is rebuilt from the canonical name.
        XCTAssertEqual(Array(nx.dropFirst(12)), Array(DNSQuery.query(id: 0x1234, name: "www.example.com", type: 1).dropFirst(12)))
        XCTAssertEqual(nx.count, wwwExampleA.count)

        var noRD = wwwExampleA
        noRD[2] = 0
        noRD[3] = 0x10  // CD: not copied
        guard let q2 = query(noRD) else { return }
        XCTAssertEqual(Array(DNSQuery.response(to: q2, rcode: DNSQuery.refused).prefix(4)), [0x12, 0x34, 0x80, 0x85])
        XCTAssertEqual(DNSQuery.response(to: q2, rcode: DNSQuery.serverFailure)[3], 0x82)
        XCTAssertEqual(DNSQuery.response(to: q2, rcode: DNSQuery.formatError)[3], 0x81)
        XCTAssertEqual(DNSQuery.response(to: q2, rcode: 0xff)[3] & 0x0f, 0x0f, "rcode is four bits")

        // An EDNS query gets a response without the OPT record.
        var b = Builder()
        b.header(id: 9, flags: 0x0100, ar: 1)
        _ = b.question("example.com", type: 28)
        b.bytes += [0, 0x00, 0x29, 0x10, 0x00, 0, 0, 0, 0, 0, 0]
        guard let q3 = query(b.bytes) else { return }
        let refused = DNSQuery.response(to: q3, rcode: DNSQuery.refused)
        XCTAssertEqual(Array(refused.prefix(12)), [0, 9, 0x81, 0x85, 0, 1, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(refused.count, 12 + 13 + 4)

        // The broker's own response is accepted by the answer parser.
        let answer = DNSQuery.parseAnswer(refused, to: q3)
        XCTAssertEqual(answer?.rcode, 5)
        XCTAssertEqual(answer?.addresses, [])
        XCTAssertEqual(answer?.ttl, 0)
    }

    // MARK: Answers

    func testSimpleAnswer() {
        guard let q = query(wwwExampleA) else { return }
        var b = responseStart(to: q, an: 2)
        b.record(owner: { $0.pointer(qname) }, type: 1, ttl: 300) { $0.bytes += [93, 184, 216, 34] }
        b.record(owner: { $0.pointer(qname) }, type: 1, ttl: 120) { $0.bytes += [93, 184, 216, 35] }
        let answer = DNSQuery.parseAnswer(b.bytes, to: q)
        XCTAssertEqual(answer?.addresses, [ip("93.184.216.34"), ip("93.184.216.35")])
        XCTAssertEqual(answer?.ttl, 120)
        XCTAssertEqual(answer?.rcode, 0)
    }

    func testQuestionIsComparedCanonically() {
        guard let q = query(wwwExampleA) else { return }
        var b = Builder()
        b.header(id: 0x1234, flags: 0x8180, an: 1)
        let qname = b.question("WWW.EXAMPLE.COM")
        b.record(owner: { $0.pointer(qname) }, type: 1, ttl: 5) { $0.bytes += [1, 2, 3, 4] }
        XCTAssertEqual(DNSQuery.parseAnswer(b.bytes, to: q)?.addresses, [ip("1.2.3.4")])
    }

    func testAAAAAndMappedAnswers() {
        guard let q = DNSQuery.parse(DNSQuery.query(id: 3, name: "v6.example", type: 28)) else { return XCTFail() }
        var b = responseStart(to: q, an: 2)
        b.record(owner: { $0.pointer(qname) }, type: 28, ttl: 60) {
            $0.bytes += [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1]
        }
        b.record(owner: { $0.pointer(qname) }, type: 28, ttl: 60) {
            $0.bytes += Array(repeating: 0, count: 10) + [0xff, 0xff, 10, 0, 0, 1]
        }
        let answer = DNSQuery.parseAnswer(b.bytes, to: q)
        XCTAssertEqual(answer?.addresses, [ip("2001:db8::1"), ip("10.0.0.1")])
        XCTAssertEqual(answer?.addresses.last?.isIPv4, true, "mapped AAAA is unwrapped")
    }

    func testCNAMEChainWithCompression() {
        guard let q = query(wwwExampleA) else { return }
        var b = responseStart(to: q, an: 5)
        let exampleCom = qname + 4  // "example.com" inside the question
        // www.example.com CNAME cdn.example.com (compressed against the question)
        let cdn = b.record(owner: { $0.pointer(qname) }, type: 5, ttl: 300) { $0.name("cdn", then: exampleCom) }
        // cdn.example.com CNAME edge.provider.net
        let edge = b.record(owner: { $0.pointer(cdn) }, type: 5, ttl: 30) { $0.name("edge.provider.net") }
        // edge.provider.net A 198.51.100.7 and 198.51.100.8 (owner is a pointer to the CNAME target)
        b.record(owner: { $0.pointer(edge) }, type: 1, ttl: 600) { $0.bytes += [198, 51, 100, 7] }
        b.record(owner: { $0.name("EDGE", then: edge + 5) }, type: 1, ttl: 600) { $0.bytes += [198, 51, 100, 8] }
        // Unrelated owner: ignored.
        b.record(owner: { $0.name("other.example.com") }, type: 1, ttl: 1) { $0.bytes += [6, 6, 6, 6] }
        let answer = DNSQuery.parseAnswer(b.bytes, to: q)
        XCTAssertEqual(answer?.addresses, [ip("198.51.100.7"), ip("198.51.100.8")])
        XCTAssertEqual(answer?.ttl, 30, "the CNAME's TTL bounds the mapping")
    }

    func testIgnoredRecords() {
        guard let q = query(wwwExampleA) else { return }
        var b = responseStart(to: q, an: 5, ns: 1)
        b.record(owner: { $0.pointer(qname) }, type: 1, qclass: 3, ttl: 9) { $0.bytes += [7, 7, 7, 7] }  // class CH
        b.record(owner: { $0.pointer(qname) }, type: 16, ttl: 9) { $0.bytes += [3, 0x61, 0x62, 0x63] }  // TXT
        b.record(owner: { $0.name("we!rd.example") }, type: 1, ttl: 9) { $0.bytes += [8, 8, 8, 8] }  // odd owner
        b.record(owner: { $0.pointer(qname) }, type: 1, ttl: 0x8000_0000) { $0.bytes += [1, 1, 1, 1] }  // TTL top bit
        b.record(owner: { $0.pointer(qname) }, type: 1, ttl: 50) { $0.bytes += [1, 1, 1, 1] }  // duplicate
        b.bytes += [0xde, 0xad]  // the authority section is not read
        let answer = DNSQuery.parseAnswer(b.bytes, to: q)
        XCTAssertEqual(answer?.addresses, [ip("1.1.1.1")])
        XCTAssertEqual(answer?.ttl, 0, "a TTL with the top bit set counts as 0")
    }

    func testCNAMELoopAndLength() {
        guard let q = query(wwwExampleA) else { return }
        // www.example.com → a.test → b.test → a.test: no addresses, no hang.
        var b = responseStart(to: q, an: 3)
        let a = b.record(owner: { $0.pointer(qname) }, type: 5, ttl: 9) { $0.name("a.test") }
        let bName = b.record(owner: { $0.pointer(a) }, type: 5, ttl: 9) { $0.name("b.test") }
        b.record(owner: { $0.pointer(bName) }, type: 5, ttl: 9) { $0.pointer(a) }
        let looped = DNSQuery.parseAnswer(b.bytes, to: q)
        XCTAssertEqual(looped?.addresses, [])
        XCTAssertEqual(looped?.ttl, 0)

        // A chain of `steps` CNAMEs, then an A record at its end.
        func chain(_ steps: Int) -> DNSAnswer? {
            var m = responseStart(to: q, an: UInt16(steps + 1))
            var previous = qname
            for step in 0..<steps {
                previous = m.record(owner: { $0.pointer(previous) }, type: 5, ttl: 9) { $0.name("n\(step).test") }
            }
            m.record(owner: { $0.pointer(previous) }, type: 1, ttl: 9) { $0.bytes += [192, 0, 2, 1] }
            return DNSQuery.parseAnswer(m.bytes, to: q)
        }
        XCTAssertEqual(chain(16)?.addresses, [ip("192.0.2.1")], "16 steps are followed")
        XCTAssertEqual(chain(17)?.addresses, [], "the 17th step is not")
    }

    func testPointerLoopsAndBadPointers() {
        guard let q = query(wwwExampleA) else { return }
        // Owner name is a pointer to itself.
        var b = responseStart(to: q, an: 1)
        let at = b.bytes.count
        b.record(owner: { $0.pointer(at) }, type: 1, ttl: 9) { $0.bytes += [1, 2, 3, 4] }
        XCTAssertNil(DNSQuery.parseAnswer(b.bytes, to: q), "self loop")
        // Two names pointing at each other, reached from a CNAME target.
        var c = responseStart(to: q, an: 1)
        let first = c.bytes.count + 2 + 10  // RDATA of the record below
        c.record(owner: { $0.pointer(qname) }, type: 5, ttl: 9) {
            $0.bytes += [1, 0x78]; $0.pointer(first + 4)   // "x" → next
            $0.bytes += [1, 0x79]; $0.pointer(first)       // "y" → back to "x"
        }
        XCTAssertNil(DNSQuery.parseAnswer(c.bytes, to: q), "two-name loop")
        // A pointer past the end, a pointer into the middle of nowhere.
        var d = responseStart(to: q, an: 1)
        d.record(owner: { $0.pointer(0x3fff) }, type: 1, ttl: 9) { $0.bytes += [1, 2, 3, 4] }
        XCTAssertNil(DNSQuery.parseAnswer(d.bytes, to: q), "out of bounds")
        // A CNAME whose target runs past its RDATA.
        var e = responseStart(to: q, an: 1)
        e.record(owner: { $0.pointer(qname) }, type: 5, ttl: 9) { $0.bytes += [3, 0x61, 0x62] }
        e.bytes += [0x63, 0]
        XCTAssertNil(DNSQuery.parseAnswer(e.bytes, to: q), "CNAME target overruns RDATA")
    }

    func testMismatchedAnswersAreRejected() {
        guard let q = query(wwwExampleA) else { return }
        func answer(id: UInt16 = 0x1234, flags: UInt16 = 0x8180, qd: UInt16 = 1, name: String = "www.example.com",
                    type: UInt16 = 1, qclass: UInt16 = 1) -> [UInt8] {
            var b = Builder()
            b.header(id: id, flags: flags, qd: qd, an: 1)
            if qd > 0 { _ = b.question(name, type: type, qclass: qclass) }
            b.record(owner: { $0.name("www.example.com") }, type: 1, ttl: 9) { $0.bytes += [1, 2, 3, 4] }
            return b.bytes
        }
        XCTAssertNotNil(DNSQuery.parseAnswer(answer(), to: q))
        XCTAssertNil(DNSQuery.parseAnswer(answer(id: 0x1235), to: q), "id")
        XCTAssertNil(DNSQuery.parseAnswer(answer(flags: 0x0180), to: q), "QR clear")
        XCTAssertNil(DNSQuery.parseAnswer(answer(flags: 0x8980), to: q), "opcode")
        XCTAssertNil(DNSQuery.parseAnswer(answer(qd: 0), to: q), "no question")
        XCTAssertNil(DNSQuery.parseAnswer(answer(name: "www.example.org"), to: q), "name")
        XCTAssertNil(DNSQuery.parseAnswer(answer(name: "example.com"), to: q), "name")
        XCTAssertNil(DNSQuery.parseAnswer(answer(type: 28), to: q), "type")
        XCTAssertNil(DNSQuery.parseAnswer(answer(qclass: 3), to: q), "class")
        XCTAssertEqual(DNSQuery.parseAnswer(answer(flags: 0x8183), to: q)?.rcode, 3)
        // An A record with the wrong length is malformed.
        var b = responseStart(to: q, an: 1)
        b.record(owner: { $0.pointer(qname) }, type: 1, ttl: 9) { $0.bytes += [1, 2, 3, 4, 5] }
        XCTAssertNil(DNSQuery.parseAnswer(b.bytes, to: q))
        var c = responseStart(to: q, an: 1)
        c.record(owner: { $0.pointer(qname) }, type: 28, ttl: 9) { $0.bytes += [1, 2, 3, 4] }
        XCTAssertNil(DNSQuery.parseAnswer(c.bytes, to: q))
        // More answers announced than present.
        var d = responseStart(to: q, an: 2)
        d.record(owner: { $0.pointer(qname) }, type: 1, ttl: 9) { $0.bytes += [1, 2, 3, 4] }
        XCTAssertNil(DNSQuery.parseAnswer(d.bytes, to: q))
    }

    func testEveryTruncatedAnswerIsRejected() {
        guard let q = query(wwwExampleA) else { return }
        var b = responseStart(to: q, an: 2)
        let target = b.record(owner: { $0.pointer(qname) }, type: 5, ttl: 60) { $0.name("cdn.example.net") }
        b.record(owner: { $0.pointer(target) }, type: 1, ttl: 60) { $0.bytes += [192, 0, 2, 9] }
        XCTAssertEqual(DNSQuery.parseAnswer(b.bytes, to: q)?.addresses, [ip("192.0.2.9")])
        for length in 0..<b.bytes.count {
            XCTAssertNil(DNSQuery.parseAnswer(Array(b.bytes.prefix(length)), to: q), "prefix of \(length) bytes")
        }
    }

    // MARK: Fuzz

    /// 10,000 random messages and 10,000 mutations of valid ones: the parsers must not trap.
    func testFuzzNeverCrashes() {
        guard let q = query(wwwExampleA) else { return }
        var b = responseStart(to: q, an: 3)
        let target = b.record(owner: { $0.pointer(qname) }, type: 5, ttl: 60) { $0.name("cdn", then: qname + 4) }
        b.record(owner: { $0.pointer(target) }, type: 1, ttl: 60) { $0.bytes += [192, 0, 2, 9] }
        b.record(owner: { $0.pointer(target) }, type: 28, ttl: 60) { $0.bytes += Array(repeating: 0x20, count: 16) }
        let seeds = [wwwExampleA, b.bytes, DNSQuery.response(to: q, rcode: 3)]

        var rng = SplitMix64(seed: 0xd15_0001)
        var parsed = 0
        for round in 0..<20_000 {
            var message: [UInt8]
            if round < 10_000 {
                message = (0..<Int(rng.next() % 300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                if rng.next() % 2 == 0 && message.count >= 12 {
                    // Give random bodies a plausible header so the parsers get past it.
                    message.replaceSubrange(0..<4, with: [0x12, 0x34, rng.next() % 2 == 0 ? 0x81 : 0x01, 0x80])
                    message[4] = 0; message[5] = 1
                }
            } else {
                message = seeds[Int(rng.next() % UInt64(seeds.count))]
                for _ in 0..<(1 + rng.next() % 6) {
                    guard !message.isEmpty else { break }
                    let index = Int(rng.next() % UInt64(message.count))
                    switch rng.next() % 5 {
                    case 0: message[index] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: message[index] ^= 1 << UInt8(rng.next() % 8)
                    case 2: message.removeSubrange(index...)
                    case 3: message.insert(UInt8(truncatingIfNeeded: rng.next()), at: index)
                    default: message[index] = 0xc0 | UInt8(rng.next() % 4)  // pointer-ish
                    }
                }
            }
            if let query = DNSQuery.parse(message) {
                parsed += 1
                _ = DNSQuery.response(to: query, rcode: 2)
            }
            if let answer = DNSQuery.parseAnswer(message, to: q) {
                parsed += 1
                if answer.addresses.isEmpty { XCTAssertEqual(answer.ttl, 0) }
            }
            let labels = (0..<Int(rng.next() % 5)).map { _ in
                (0..<Int(rng.next() % 70)).map { _ in UInt8(truncatingIfNeeded: rng.next() % 2 == 0 ? 0x61 : rng.next()) }
            }
            if let name = HostName.canonical(wire: labels) {
                XCTAssertEqual(DNSQuery.parse(DNSQuery.query(id: 1, name: name, type: 1))?.name, name)
            }
        }
        XCTAssertGreaterThan(parsed, 0, "the mutations reach the accepting paths")
    }
}
