import XCTest
@testable import SafehousePolicy

/// Tests for the brokered network's building blocks: addresses, networks, special ranges, host
/// names, allowlist rules and published ports.
final class NetworkRuleTests: XCTestCase {

    // MARK: Helpers

    private func ip(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> IPAddress {
        guard let address = IPAddress(text) else {
            XCTFail("\(text) should parse", file: file, line: line)
            return IPAddress(0, 0, 0, 0)
        }
        return address
    }

    private func net(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> IPNetwork {
        guard let network = IPNetwork(text) else {
            XCTFail("\(text) should parse as a network", file: file, line: line)
            return IPNetwork(address: IPAddress(0, 0, 0, 0), prefixLength: 32)!
        }
        return network
    }

    private func rule(_ spec: String, file: StaticString = #filePath, line: UInt = #line) -> NetworkRule? {
        do {
            return try NetworkRule(parsing: spec)
        } catch {
            XCTFail("\(spec) should parse: \(error.message)", file: file, line: line)
            return nil
        }
    }

    private func assertRuleError(_ spec: String, _ contains: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let parsed = try NetworkRule(parsing: spec)
            XCTFail("\(spec.debugDescription) should be rejected, got \(parsed)", file: file, line: line)
        } catch {
            XCTAssertTrue(error.message.contains(contains), "message \(error.message.debugDescription) lacks \(contains.debugDescription)",
                          file: file, line: line)
            XCTAssertFalse(error.message.contains("\n"), "one line", file: file, line: line)
        }
    }

    private func assertNameError(_ text: String, _ contains: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let name = try HostName.canonical(text)
            XCTFail("\(text.debugDescription) should be rejected, got \(name)", file: file, line: line)
        } catch {
            XCTAssertTrue(error.message.contains(contains), "message \(error.message.debugDescription) lacks \(contains.debugDescription)",
                          file: file, line: line)
        }
    }

    private func canonical(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            return try HostName.canonical(text)
        } catch {
            XCTFail("\(text.debugDescription) should be a valid name: \(error.message)", file: file, line: line)
            return nil
        }
    }

    // MARK: IPv4 text

    func testIPv4Parsing() {
        XCTAssertEqual(IPAddress("192.0.2.1")?.bytes, [192, 0, 2, 1])
        XCTAssertEqual(IPAddress("0.0.0.0")?.bytes, [0, 0, 0, 0])
        XCTAssertEqual(IPAddress("255.255.255.255")?.bytes, [255, 255, 255, 255])
        XCTAssertEqual(IPAddress("192.0.2.1")?.isIPv4, true)
        XCTAssertEqual(IPAddress("10.20.30.40")?.description, "10.20.30.40")
        XCTAssertEqual(IPAddress(1, 2, 3, 4), IPAddress("1.2.3.4"))
    }

    func testIPv4StrictRejection() {
        for text in ["01.2.3.4", "1.2.3", "0x7f.0.0.1", "256.1.1.1", "1.2.3.4.5", "1..2.3", "", ".1.2.3", "1.2.3.",
                     " 1.2.3.4", "1.2.3.4 ", "+1.2.3.4", "1.2.3.-4", "1.2.3.00", "127.1", "2130706433", "0177.0.0.1",
                     "1.2.3.4/32", "１.2.3.4", "1.2.3.4\u{0}", "1000.1.1.1", "1.2.3.0x4", "a.b.c.d"] {
            XCTAssertNil(IPAddress(text), text.debugDescription)
        }
    }

    // MARK: IPv6 text

    func testIPv6ParsingAndCanonicalText() {
        let cases: [(String, String)] = [
            ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
            ("2001:DB8::1", "2001:db8::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),  // tie: the first run
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),  // a single zero group stays
            ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),  // the longest run
            ("::", "::"),
            ("0:0:0:0:0:0:0:0", "::"),
            ("::1", "::1"),
            ("1::", "1::"),
            ("FE80::ABCD", "fe80::abcd"),
            ("::1.2.3.4", "::102:304"),
            ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
            ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
            ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
            ("1::2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
            ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
            ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            ("0:0:1::", "0:0:1::"),
            ("1:0:0:0:1:0:0:0", "1::1:0:0:0"),
            ("2001:db8::ffff:0:0", "2001:db8::ffff:0:0"),
        ]
        for (text, canonical) in cases {
            guard let address = IPAddress(text) else {
                XCTFail("\(text) should parse")
                continue
            }
            XCTAssertEqual(address.description, canonical, text)
            XCTAssertFalse(address.isIPv4, text)
            XCTAssertEqual(address.bytes.count, 16)
            XCTAssertEqual(IPAddress(canonical), address, "canonical text parses back")
        }
    }

    func testIPv6Rejection() {
        for text in ["fe80::1%eth0", "fe80::1%1", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::", ":1::", "1::2:",
                     ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:", "1.2.3.4::", "::1.2.3", "::1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4",
                     "::01.2.3.4", "[::1]", "1:2:3:4:5:6:7", "::1.2.3.4:5", ":", "1::2::", "::ffff:256.0.0.0", " ::1",
                     "::1 ", "1:2:3:4:5:6:7:8::", "::1/128", "0x1::", "1:-2::"] {
            XCTAssertNil(IPAddress(text), text.debugDescription)
        }
    }

    func testMappedAddressesAreUnwrapped() {
        let mapped = ip("::ffff:192.0.2.1")
        XCTAssertTrue(mapped.isIPv4)
        XCTAssertEqual(mapped, ip("192.0.2.1"))
        XCTAssertEqual(ip("::FFFF:c000:201"), ip("192.0.2.1"))
        XCTAssertEqual(ip("0:0:0:0:0:ffff:10.0.0.1").description, "10.0.0.1")
        let bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]
        XCTAssertEqual(IPAddress(bytes: bytes), ip("127.0.0.1"))
        // Near misses stay IPv6.
        XCTAssertFalse(ip("::fffe:1.2.3.4").isIPv4)
        XCTAssertFalse(ip("1::ffff:1.2.3.4").isIPv4)
        XCTAssertFalse(ip("::ffff:0:1.2.3.4").isIPv4)
    }

    func testBytesInitialiser() {
        XCTAssertEqual(IPAddress(bytes: [8, 8, 4, 4] as [UInt8])?.description, "8.8.4.4")
        XCTAssertNil(IPAddress(bytes: [] as [UInt8]))
        XCTAssertNil(IPAddress(bytes: [1, 2, 3] as [UInt8]))
        XCTAssertNil(IPAddress(bytes: [UInt8](repeating: 0, count: 15)))
        XCTAssertEqual(IPAddress(bytes: [UInt8](repeating: 0, count: 16))?.description, "::")
        XCTAssertEqual(IPAddress(bytes: [1, 2, 3, 4, 5][1...])?.description, "2.3.4.5")
    }

    // MARK: Networks

    func testNetworkParsingAndMasking() {
        XCTAssertEqual(net("10.1.2.3/8").description, "10.0.0.0/8")
        XCTAssertEqual(net("192.168.1.129/25").description, "192.168.1.128/25")
        XCTAssertEqual(net("192.168.1.129/32").description, "192.168.1.129/32")
        XCTAssertEqual(net("192.168.1.129").prefixLength, 32)
        XCTAssertEqual(net("0.0.0.0/0").description, "0.0.0.0/0")
        XCTAssertEqual(net("255.255.255.255/1").description, "128.0.0.0/1")
        XCTAssertEqual(net("2001:db8::1/32").description, "2001:db8::/32")
        XCTAssertEqual(net("2001:db8::ffff:ffff:ffff:ffff/65").description, "2001:db8:0:0:8000::/65")
        XCTAssertEqual(net("::1").description, "::1/128")
        XCTAssertEqual(net("::/0").description, "::/0")
        // A mapped block is the IPv4 block it denotes.
        XCTAssertEqual(net("::ffff:10.0.0.0/104"), net("10.0.0.0/8"))
        XCTAssertEqual(net("::ffff:0:0/96"), net("0.0.0.0/0"))
        XCTAssertEqual(IPNetwork(address: ip("10.9.8.7"), prefixLength: 16), net("10.9.0.0/16"))
        XCTAssertNil(IPNetwork(address: ip("10.9.8.7"), prefixLength: 33))
        XCTAssertNil(IPNetwork(address: ip("::1"), prefixLength: -1))
        for text in ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/08", "/8", "::/129", "10.0.0.0/8/8",
                     "::ffff:0:0/95", "10.0.0/8", "", "/", "10.0.0.0/ 8", "10.0.0.0/8 ", "::/1000", "fe80::/10%eth0",
                     "10.0.0.0/99999999999999999999999"] {
            XCTAssertNil(IPNetwork(text), text.debugDescription)
        }
    }

    func testNetworkContainment() {
        let ten = net("10.0.0.0/8")
        XCTAssertTrue(ten.contains(ip("10.0.0.0")))
        XCTAssertTrue(ten.contains(ip("10.255.255.255")))
        XCTAssertFalse(ten.contains(ip("11.0.0.0")))
        XCTAssertFalse(ten.contains(ip("9.255.255.255")))
        XCTAssertTrue(ten.contains(ip("::ffff:10.1.1.1")), "mapped addresses are IPv4")
        let pair = net("10.0.0.0/31")
        XCTAssertTrue(pair.contains(ip("10.0.0.1")))
        XCTAssertFalse(pair.contains(ip("10.0.0.2")))
        let all4 = net("0.0.0.0/0"), all6 = net("::/0")
        XCTAssertTrue(all4.contains(ip("8.8.8.8")))
        XCTAssertFalse(all4.contains(ip("2001:db8::1")), "families must match")
        XCTAssertTrue(all6.contains(ip("2001:db8::1")))
        XCTAssertFalse(all6.contains(ip("8.8.8.8")))
        XCTAssertFalse(all6.contains(ip("::ffff:8.8.8.8")), "a mapped address is IPv4, not inside ::/0")
        let doc = net("2001:db8::/32")
        XCTAssertTrue(doc.contains(ip("2001:db8:ffff::1")))
        XCTAssertFalse(doc.contains(ip("2001:db9::1")))
        let odd = net("2001:db8::/127")
        XCTAssertTrue(odd.contains(ip("2001:db8::1")))
        XCTAssertFalse(odd.contains(ip("2001:db8::2")))
        XCTAssertTrue(net("1.2.3.4").contains(ip("1.2.3.4")))
        XCTAssertFalse(net("1.2.3.4").contains(ip("1.2.3.5")))
        XCTAssertTrue(net("10.0.0.0/8").covers(net("10.1.0.0/16")))
        XCTAssertFalse(net("10.1.0.0/16").covers(net("10.0.0.0/8")))
    }

    // MARK: Special ranges

    func testEverySpecialRange() {
        let cases: [(String, SpecialRange?)] = [
            ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified), ("::", .unspecified),
            ("127.0.0.1", .loopback), ("127.255.255.255", .loopback), ("::1", .loopback),
            ("10.1.2.3", .private), ("172.16.0.1", .private), ("172.31.255.255", .private), ("192.168.1.1", .private),
            ("172.15.255.255", nil), ("172.32.0.0", nil), ("192.169.0.1", nil), ("11.0.0.1", nil),
            ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace), ("100.128.0.0", nil),
            ("100.63.255.255", nil),
            ("169.254.1.1", .linkLocal), ("fe80::1", .linkLocal), ("febf:ffff::1", .linkLocal),
            ("169.254.169.254", .cloudMetadata), ("fd00:ec2::254", .cloudMetadata), ("100.100.100.200", .cloudMetadata),
            ("192.0.0.192", .cloudMetadata), ("::ffff:169.254.169.254", .cloudMetadata),
            ("fc00::1", .uniqueLocal), ("fdff:ffff::1", .uniqueLocal), ("fd00:ec2::253", .uniqueLocal),
            ("224.0.0.1", .multicast), ("239.255.255.255", .multicast), ("ff02::1", .multicast),
            ("255.255.255.255", .broadcast),
            ("240.0.0.1", .reserved), ("255.255.255.254", .reserved),
            ("192.0.0.8", .ietfProtocol), ("192.0.0.0", .ietfProtocol), ("192.0.1.0", nil),
            ("64:ff9b::808:808", .nat64), ("64:ff9b::8.8.8.8", .nat64), ("64:ff9b:1:2::808:808", .nat64),
            ("64:ff9b::10.0.0.1", .private), ("64:ff9b::127.0.0.1", .loopback),
            ("64:ff9b::169.254.169.254", .cloudMetadata), ("64:ff9b:1::a00:1", .private),
            ("64:ff9b::", .unspecified), ("64:ff9b::ffff:ffff", .broadcast), ("64:ff9c::1", nil),
            ("::1.2.3.4", .ipv4Compatible), ("::2", .ipv4Compatible), ("::ffff:10.0.0.1", .private),
            ("2002:808:808::1", .sixToFour), ("2002:a00:1::", .private), ("2002:7f00:1::1", .loopback),
            ("2002:a9fe:a9fe::", .cloudMetadata), ("2002:c000:201::1", .sixToFour),
            ("2001::1", .teredo), ("2001:0:4136:e378:8000:63bf:3fff:fdd2", .teredo), ("2001:1::1", nil),
            // Documentation ranges are deliberately ordinary.
            ("192.0.2.1", nil), ("198.51.100.1", nil), ("203.0.113.1", nil), ("2001:db8::1", nil),
            ("8.8.8.8", nil), ("1.1.1.1", nil), ("2606:4700::1111", nil), ("2a00:1450::1", nil),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(ip(text).special, expected, text)
        }
        XCTAssertEqual(ip("::ffff:10.0.0.1").isIPv4, true)
    }

    func testSpecialRangeTable() {
        XCTAssertEqual(SpecialRange.sixToFour.rawValue, "6to4")
        XCTAssertEqual(SpecialRange(rawValue: "private"), .private)
        for range in SpecialRange.allCases {
            XCTAssertFalse(range.networks.isEmpty, "\(range) has blocks")
            // Every block's first address is classified as the range (or something more specific
            // listed first), so no literal in the table is a typo that parsed to something else.
            for network in range.networks where network.prefixLength == network.address.bytes.count * 8 {
                XCTAssertEqual(network.address.special, range, "\(network)")
            }
        }
        XCTAssertEqual(Special.table.reduce(0) { $0 + $1.networks.count }, 25)
        XCTAssertEqual(Special.table.count, SpecialRange.allCases.count)
    }

    func testNamesExplicitly() {
        XCTAssertTrue(net("10.1.0.0/16").namesExplicitly(ip("10.1.2.3")))
        XCTAssertTrue(net("10.1.2.3").namesExplicitly(ip("10.1.2.3")))
        XCTAssertTrue(net("10.0.0.0/8").namesExplicitly(ip("10.1.2.3")))
        XCTAssertFalse(net("10.0.0.0/7").namesExplicitly(ip("10.1.2.3")), "10.0.0.0/7 reaches 11/8 too")
        XCTAssertFalse(net("0.0.0.0/0").namesExplicitly(ip("10.1.2.3")))
        XCTAssertFalse(net("8.0.0.0/5").namesExplicitly(ip("10.1.2.3")))
        XCTAssertFalse(net("10.1.0.0/16").namesExplicitly(ip("10.2.0.1")), "must contain the address")
        XCTAssertFalse(net("8.8.8.0/24").namesExplicitly(ip("8.8.8.8")), "ordinary addresses are not special")
        XCTAssertTrue(net("127.0.0.0/8").namesExplicitly(ip("127.0.0.1")))
        XCTAssertTrue(net("::1").namesExplicitly(ip("::1")))
        XCTAssertFalse(net("::/0").namesExplicitly(ip("::1")))
        XCTAssertFalse(net("::/96").namesExplicitly(ip("::1")), "::1 is loopback, not the ::/96 block")
        XCTAssertTrue(net("169.254.0.0/16").namesExplicitly(ip("169.254.1.1")))
        XCTAssertFalse(net("169.254.0.0/16").namesExplicitly(ip("169.254.169.254")), "metadata is more specific")
        XCTAssertTrue(net("169.254.169.254").namesExplicitly(ip("169.254.169.254")))
        XCTAssertFalse(net("192.0.0.0/24").namesExplicitly(ip("192.0.0.192")))
        XCTAssertFalse(net("240.0.0.0/4").namesExplicitly(ip("255.255.255.255")))
        XCTAssertTrue(net("240.0.0.0/4").namesExplicitly(ip("240.0.0.1")))
        XCTAssertTrue(net("fc00::/7").namesExplicitly(ip("fd12::1")))
        XCTAssertFalse(net("fc00::/7").namesExplicitly(ip("fd00:ec2::254")))
        XCTAssertTrue(net("64:ff9b::/96").namesExplicitly(ip("64:ff9b::808:808")))
        XCTAssertFalse(net("64:ff9b::/96").namesExplicitly(ip("64:ff9b::a00:1")), "embedded private needs naming")
        XCTAssertTrue(net("64:ff9b::10.0.0.0/104").namesExplicitly(ip("64:ff9b::a00:1")))
        XCTAssertTrue(net("64:ff9b::10.0.0.1").namesExplicitly(ip("64:ff9b::a00:1")))
        XCTAssertTrue(net("2002:a00::/24").namesExplicitly(ip("2002:a00:1::")))
        XCTAssertFalse(net("2002::/16").namesExplicitly(ip("2002:a00:1::")))
        XCTAssertTrue(net("2002::/16").namesExplicitly(ip("2002:808:808::1")))
        XCTAssertTrue(net("::ffff:10.0.0.0/104").namesExplicitly(ip("::ffff:10.0.0.1")))
        XCTAssertTrue(net("10.0.0.0/8").isWithin(.private))
        XCTAssertFalse(net("0.0.0.0/0").isWithin(.private))
        XCTAssertFalse(SpecialRange.allCases.contains { net("0.0.0.0/0").isWithin($0) }, "0.0.0.0/0 names nothing")
        XCTAssertFalse(SpecialRange.allCases.contains { net("::/0").isWithin($0) }, "::/0 names nothing")
    }

    // MARK: Host names

    func testHostNameCanonicalForm() {
        XCTAssertEqual(canonical("Example.COM"), "example.com")
        XCTAssertEqual(canonical("example.com."), "example.com")
        XCTAssertEqual(canonical("localhost"), "localhost")
        XCTAssertEqual(canonical("_dmarc.Example.com"), "_dmarc.example.com")
        XCTAssertEqual(canonical("a-b.c_d.e1"), "a-b.c_d.e1")
        XCTAssertEqual(canonical("123abc.com"), "123abc.com")
        XCTAssertEqual(canonical("1.2.3.example"), "1.2.3.example")
        XCTAssertEqual(canonical("example.0xg"), "example.0xg")
        XCTAssertEqual(canonical("XN--BCHER-KVA.example"), "xn--bcher-kva.example")
        XCTAssertEqual(canonical("\u{212A}.com"), "k.com", "Kelvin sign lowercases to k")
    }

    func testInternationalNames() {
        XCTAssertEqual(canonical("bücher.example"), "xn--bcher-kva.example")
        XCTAssertEqual(canonical("BÜCHER.Example."), "xn--bcher-kva.example")
        XCTAssertEqual(canonical("例え.テスト"), "xn--r8jz45g.xn--zckzah")
        XCTAssertEqual(canonical("例え。テスト"), "xn--r8jz45g.xn--zckzah", "ideographic full stop separates labels")
        XCTAssertEqual(canonical("münchen.de"), "xn--mnchen-3ya.de")
        XCTAssertEqual(canonical("ü"), "xn--tda")
        assertNameError(String(repeating: "ü", count: 60), "longer than 63")
        assertNameError("exa\u{200B}mple.com", "U+200B")
        assertNameError("exa\u{00A0}mple.com", "U+A0")
        assertNameError("a\u{2215}b.com", "U+2215")  // division slash, a look-alike of '/'
        assertNameError("-ü.com", "'-'")
    }

    func testPunycodeSamplesFromRFC3492() {
        func encode(_ scalars: [UInt32]) -> String {
            HostName.punycode(scalars.compactMap(Unicode.Scalar.init))
        }
        XCTAssertEqual(encode([0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628, 0x062A, 0x0643, 0x0644, 0x0645, 0x0648,
                               0x0634, 0x0639, 0x0631, 0x0628, 0x064A, 0x061F]), "egbpdaj6bu4bxfgehfvwxn")
        XCTAssertEqual(encode([0x4ED6, 0x4EEC, 0x4E3A, 0x4EC0, 0x4E48, 0x4E0D, 0x8BF4, 0x4E2D, 0x6587]),
                       "ihqwcrb4cv8a8dqg056pqjye")
        XCTAssertEqual(encode([0x0033, 0x5E74, 0x0042, 0x7D44, 0x91D1, 0x516B, 0x5148, 0x751F]), "3B-ww4c5e180e575a65lsy2b")
        XCTAssertEqual(HostName.punycode(Array("PorquénopuedensimplementehablarenEspañol".unicodeScalars)),
                       "PorqunopuedensimplementehablarenEspaol-fmd56a")
        XCTAssertEqual(encode([0x043F, 0x043E, 0x0447, 0x0435, 0x043C, 0x0443, 0x0436, 0x0435, 0x043E, 0x043D, 0x0438,
                               0x043D, 0x0435, 0x0433, 0x043E, 0x0432, 0x043E, 0x0440, 0x044F, 0x0442, 0x043F, 0x043E,
                               0x0440, 0x0443, 0x0441, 0x0441, 0x043A, 0x0438]), "b1abfaaepdrnnbgefbadotcwatmq2g4l")
        XCTAssertEqual(encode([0x10FFFF, 0x80, 0x41]), "A-a260354a")  // the extremes of the code space
    }

    func testHostNameRejections() {
        assertNameError("", "empty")
        assertNameError(".", "empty label")
        assertNameError("example.com..", "empty label")
        assertNameError(".example.com", "empty label")
        assertNameError("a..b", "empty label")
        assertNameError("exa\u{0}mple.com", "control")
        assertNameError("exa\tmple.com", "control")
        assertNameError("a\u{7f}.com", "control")
        assertNameError("a\u{1b}[31m.com", "control")
        assertNameError(" example.com", "' '")
        assertNameError("exa mple.com", "' '")
        assertNameError("a/b.com", "'/'")
        assertNameError("a\\b.com", "'\\'")
        assertNameError("user@host.com", "'@'")
        assertNameError("host:80", "':'")
        assertNameError("a%2e.com", "'%'")
        assertNameError("*.example.com", "'*'")
        assertNameError("ex!ample.com", "'!'")
        assertNameError("-a.com", "'-'")
        assertNameError("a-.com", "'-'")
        assertNameError("a.b-", "'-'")
        assertNameError("1.2.3.4", "is an address, not a name")
        assertNameError("0x7f.1", "is an address, not a name")
        assertNameError("127.1", "is an address, not a name")
        assertNameError("2130706433", "is an address, not a name")
        assertNameError("example.123", "is an address, not a name")
        assertNameError("1.2.3.4.", "is an address, not a name")
        assertNameError("0X7F", "is an address, not a name")
    }

    func testHostNameLengths() {
        let a63 = String(repeating: "a", count: 63)
        XCTAssertEqual(canonical(a63 + ".com"), a63 + ".com")
        assertNameError(String(repeating: "a", count: 64) + ".com", "longer than 63")
        let b63 = String(repeating: "b", count: 63), c63 = String(repeating: "c", count: 63)
        let longest = [a63, b63, c63, String(repeating: "d", count: 61)].joined(separator: ".")
        XCTAssertEqual(longest.utf8.count, 253)
        XCTAssertEqual(canonical(longest), longest)
        XCTAssertEqual(canonical(longest + "."), longest, "the trailing dot does not count")
        assertNameError(longest + "d", "longer than 253")
        // An A-label counts its encoded length.
        let encoded = try? HostName.canonical(String(repeating: "ü", count: 20))
        XCTAssertNotNil(encoded)
        XCTAssertLessThanOrEqual(encoded?.utf8.count ?? 99, 63)
    }

    func testWireNames() {
        func wire(_ labels: [String]) -> String? { HostName.canonical(wire: labels.map { Array($0.utf8) }) }
        XCTAssertEqual(wire(["WWW", "Example", "COM"]), "www.example.com")
        XCTAssertEqual(wire([]), "")
        XCTAssertEqual(wire(["_sip", "_tcp", "x-1"]), "_sip._tcp.x-1")
        XCTAssertNil(wire(["a.b", "com"]), "a dot inside a label")
        XCTAssertNil(wire(["", "com"]))
        XCTAssertNil(wire(["a b"]))
        XCTAssertNil(wire(["*", "com"]))
        XCTAssertNil(HostName.canonical(wire: [[0x61, 0x00]]))
        XCTAssertNil(HostName.canonical(wire: [[0x61, 0x0a]]))
        XCTAssertNil(HostName.canonical(wire: [[0x61, 0x80]]))
        XCTAssertNil(HostName.canonical(wire: [[0xc3, 0xbc]]))
        XCTAssertNil(wire([String(repeating: "a", count: 64)]))
        XCTAssertNotNil(wire([String(repeating: "a", count: 63)]))
        let long = Array(repeating: String(repeating: "a", count: 63), count: 4)
        XCTAssertNil(wire(long), "255 bytes is over 253")
        XCTAssertNotNil(wire(Array(long.prefix(3)) + [String(repeating: "a", count: 61)]))
    }

    func testWildcardMatching() {
        XCTAssertTrue(HostName.matches("a.example.com", pattern: "*.example.com"))
        XCTAssertTrue(HostName.matches("a.b.example.com", pattern: "*.example.com"))
        XCTAssertFalse(HostName.matches("example.com", pattern: "*.example.com"))
        XCTAssertFalse(HostName.matches("badexample.com", pattern: "*.example.com"))
        XCTAssertFalse(HostName.matches(".example.com", pattern: "*.example.com"))
        XCTAssertFalse(HostName.matches("example.com.evil", pattern: "*.example.com"))
        XCTAssertFalse(HostName.matches("a.example.co", pattern: "*.example.com"))
        XCTAssertTrue(HostName.matches("example.com", pattern: "example.com"))
        XCTAssertFalse(HostName.matches("a.example.com", pattern: "example.com"))
        XCTAssertFalse(HostName.matches("x.com", pattern: "*."))
        XCTAssertFalse(HostName.matches("", pattern: "*.com"))
        XCTAssertTrue(HostName.matches("a.com", pattern: "*.com"))
    }

    // MARK: Rules

    func testRuleParsingAndRoundTrip() {
        let cases: [(String, String)] = [
            ("example.com:443", "tcp/example.com:443"),
            ("Example.COM.:443", "tcp/example.com:443"),
            ("udp/8.8.8.8:53", "udp/8.8.8.8:53"),
            ("UDP/8.8.8.8:53", "udp/8.8.8.8:53"),
            ("tcp/*.Example.COM:80-90", "tcp/*.example.com:80-90"),
            ("10.0.0.0/8:*", "tcp/10.0.0.0/8:*"),
            ("10.1.2.3/8:1", "tcp/10.0.0.0/8:1"),
            ("0.0.0.0/0:1-65535", "tcp/0.0.0.0/0:*"),
            ("[2001:db8::1]:443", "tcp/[2001:db8::1]:443"),
            ("[2001:DB8:0::/32]:1-1024", "tcp/[2001:db8::/32]:1-1024"),
            ("[::/0]:53", "tcp/[::/0]:53"),
            ("[::ffff:10.0.0.1]:80", "tcp/10.0.0.1:80"),
            ("bücher.example:443", "tcp/xn--bcher-kva.example:443"),
            ("_service.example:5060", "tcp/_service.example:5060"),
            ("localhost:8080", "tcp/localhost:8080"),
            ("example.com:65535", "tcp/example.com:65535"),
            ("example.com:1", "tcp/example.com:1"),
            ("example.com:7-7", "tcp/example.com:7"),
        ]
        for (spec, expected) in cases {
            guard let parsed = rule(spec) else { continue }
            XCTAssertEqual(parsed.description, expected, spec)
            XCTAssertEqual(rule(parsed.description), parsed, "round trip of \(spec)")
        }
        let r = rule("udp/*.example.com:53")
        XCTAssertEqual(r?.transport, .udp)
        XCTAssertEqual(r?.target, .wildcard("example.com"))
        XCTAssertEqual(r?.ports, PortRange(53, 53))
        XCTAssertEqual(rule("example.com:443")?.transport, .tcp)
        XCTAssertEqual(rule("example.com:443")?.target, .name("example.com"))
        XCTAssertEqual(rule("192.0.2.1:22")?.target, .network(net("192.0.2.1/32")))
        XCTAssertEqual(rule("[::1]:22")?.target, .network(net("::1/128")))
        XCTAssertEqual(rule("example.com:*")?.ports, .all)
    }

    func testRuleErrors() {
        assertRuleError("", "empty")
        assertRuleError("example.com", "\"example.com\" needs a port: example.com:443")
        assertRuleError("udp/example.com", "\"udp/example.com\" needs a port: udp/example.com:443")
        assertRuleError("example.com:", "not a port")
        assertRuleError("example.com:0", "not a port")
        assertRuleError("example.com:65536", "not a port")
        assertRuleError("example.com:99999999999999999999", "not a port")
        assertRuleError("example.com:443-80", "reversed")
        assertRuleError("example.com:-1", "not a port")
        assertRuleError("example.com:1-", "not a port")
        assertRuleError("example.com:1-2-3", "not a port")
        assertRuleError("example.com:a", "not a port")
        assertRuleError("example.com:+80", "not a port")
        assertRuleError("example.com:**", "not a port")
        assertRuleError(":443", "no host")
        assertRuleError("tcp/:443", "no host")
        assertRuleError("*:443", "'*' alone")
        assertRuleError("a.*.com:443", "'*' may only start a name")
        assertRuleError("*example.com:443", "'*' may only start a name")
        assertRuleError("**.com:443", "'*' may only start a name")
        assertRuleError("*.*.com:443", "'*' may only start a name")
        assertRuleError("*.:443", "must be followed by a domain")
        assertRuleError("example .com:443", "whitespace")
        assertRuleError(" example.com:443", "whitespace")
        assertRuleError("example.com:443 ", "whitespace")
        assertRuleError("example.com:443\n", "whitespace")
        assertRuleError("sctp/example.com:443", "unknown protocol \"sctp\"")
        assertRuleError("::1:443", "brackets")
        assertRuleError("2001:db8::1:443", "brackets")
        assertRuleError("[::1]443", "needs a port")
        assertRuleError("[::1:443", "never closed")
        assertRuleError("[::]/0:53", "inside the brackets: [::/0]:53")
        assertRuleError("[1.2.3.4]:80", "IPv6 only")
        assertRuleError("[example.com]:80", "IPv6 only")
        assertRuleError("[fe80::1%eth0]:80", "IPv6 only")
        assertRuleError("[::1]:", "not a port")
        assertRuleError("01.2.3.4:80", "not a valid IPv4 address")
        assertRuleError("1.2.3:80", "not a valid IPv4 address")
        assertRuleError("0x7f.0.0.1:80", "not a valid IPv4 address")
        assertRuleError("256.1.1.1:80", "not a valid IPv4 address")
        assertRuleError("*.1.2.3:80", "not a valid IPv4 address")
        assertRuleError("10.0.0.0/33:80", "not an IPv4 block")
        assertRuleError("10.0.0.0/:80", "not an IPv4 block")
        assertRuleError("exa..mple.com:80", "empty label")
        assertRuleError("exa\u{0}mple.com:80", "control")
        assertRuleError("user@example.com:80", "'@'")
        // Every message names the spec.
        do {
            _ = try NetworkRule(parsing: "bad_host!:80")
            XCTFail("should fail")
        } catch {
            XCTAssertTrue(error.message.contains("\"bad_host!:80\""), error.message)
        }
    }

    func testPublicParsingEntryPointsThrowPolicyError() {
        do {
            _ = try NetworkRule(parsing: "example.com", field: "network.allow")
            XCTFail("should fail")
        } catch {
            XCTAssertEqual(error.field, "network.allow")
            XCTAssertTrue(error.message.contains("needs a port"))
        }
        XCTAssertEqual(try? NetworkRule(parsing: "example.com:1", field: "f"), rule("example.com:1"))
        XCTAssertEqual(try? HostName.canonical("A.b", field: "f"), "a.b")
        XCTAssertEqual(try? PublishedPort(parsing: "1:2", field: "f").hostPort, 1)
    }

    func testPortRange() {
        XCTAssertNil(PortRange(0, 1))
        XCTAssertNil(PortRange(5, 4))
        XCTAssertEqual(PortRange(1, 65535), .all)
        let range = PortRange(80, 90)
        XCTAssertEqual(range?.contains(80), true)
        XCTAssertEqual(range?.contains(90), true)
        XCTAssertEqual(range?.contains(91), false)
        XCTAssertEqual(range?.contains(79), false)
        XCTAssertFalse(PortRange.all.contains(0))
        XCTAssertTrue(PortRange.all.contains(65535))
        XCTAssertEqual(PortRange(80, 90)?.description, "80-90")
        XCTAssertEqual(PortRange(80, 80)?.description, "80")
    }

    // MARK: permits

    func testNameRulesPermit() {
        guard let exact = rule("example.com:443"), let wild = rule("udp/*.example.com:5000-5010") else { return }
        XCTAssertTrue(exact.permits(name: "example.com", port: 443, transport: .tcp))
        XCTAssertFalse(exact.permits(name: "example.com", port: 444, transport: .tcp))
        XCTAssertFalse(exact.permits(name: "example.com", port: 443, transport: .udp))
        XCTAssertFalse(exact.permits(name: "a.example.com", port: 443, transport: .tcp))
        XCTAssertFalse(exact.permits(address: ip("93.184.216.34"), port: 443, transport: .tcp), "names do not permit addresses")
        XCTAssertTrue(wild.permits(name: "a.example.com", port: 5005, transport: .udp))
        XCTAssertTrue(wild.permits(name: "a.b.example.com", port: 5000, transport: .udp))
        XCTAssertFalse(wild.permits(name: "example.com", port: 5005, transport: .udp))
        XCTAssertFalse(wild.permits(name: "badexample.com", port: 5005, transport: .udp))
        XCTAssertFalse(wild.permits(name: "a.example.com", port: 5011, transport: .udp))
        XCTAssertFalse(wild.permits(name: "a.example.com", port: 5005, transport: .tcp))
    }

    func testAddressRulesPermit() {
        guard let any4 = rule("0.0.0.0/0:*"), let any6 = rule("[::/0]:*"), let ten = rule("10.0.0.0/8:5432"),
              let linkLocal = rule("169.254.0.0/16:80"), let metadata = rule("169.254.169.254:80"),
              let local = rule("127.0.0.1:8080"), let wide = rule("8.0.0.0/5:*"),
              let name = rule("example.com:*") else { return }
        XCTAssertTrue(any4.permits(address: ip("8.8.8.8"), port: 53, transport: .tcp))
        XCTAssertTrue(any4.permits(address: ip("192.0.2.1"), port: 53, transport: .tcp), "documentation ranges are ordinary")
        XCTAssertFalse(any4.permits(address: ip("8.8.8.8"), port: 53, transport: .udp))
        for special in ["10.0.0.1", "127.0.0.1", "169.254.169.254", "100.64.0.1", "255.255.255.255", "0.0.0.0",
                        "224.0.0.1", "192.168.1.1", "::ffff:10.0.0.1", "::ffff:127.0.0.1"] {
            XCTAssertFalse(any4.permits(address: ip(special), port: 80, transport: .tcp), special)
        }
        XCTAssertFalse(any4.permits(address: ip("::1"), port: 80, transport: .tcp))
        XCTAssertTrue(any6.permits(address: ip("2606:4700::1111"), port: 443, transport: .tcp))
        XCTAssertTrue(any6.permits(address: ip("2001:db8::1"), port: 443, transport: .tcp))
        for special in ["::1", "::", "fe80::1", "fd00:ec2::254", "fd12::1", "ff02::1", "64:ff9b::808:808",
                        "64:ff9b::a00:1", "2002:808:808::1", "2001::1", "::1.2.3.4"] {
            XCTAssertFalse(any6.permits(address: ip(special), port: 80, transport: .tcp), special)
        }
        XCTAssertFalse(any6.permits(address: ip("8.8.8.8"), port: 80, transport: .tcp))
        XCTAssertTrue(ten.permits(address: ip("10.1.2.3"), port: 5432, transport: .tcp))
        XCTAssertTrue(ten.permits(address: ip("::ffff:10.1.2.3"), port: 5432, transport: .tcp))
        XCTAssertFalse(ten.permits(address: ip("10.1.2.3"), port: 5433, transport: .tcp))
        XCTAssertFalse(ten.permits(address: ip("11.1.2.3"), port: 5432, transport: .tcp))
        XCTAssertTrue(linkLocal.permits(address: ip("169.254.1.1"), port: 80, transport: .tcp))
        XCTAssertFalse(linkLocal.permits(address: ip("169.254.169.254"), port: 80, transport: .tcp))
        XCTAssertTrue(metadata.permits(address: ip("169.254.169.254"), port: 80, transport: .tcp))
        XCTAssertTrue(local.permits(address: ip("127.0.0.1"), port: 8080, transport: .tcp))
        XCTAssertFalse(local.permits(address: ip("127.0.0.2"), port: 8080, transport: .tcp))
        XCTAssertTrue(wide.permits(address: ip("8.8.8.8"), port: 1, transport: .tcp))
        XCTAssertFalse(wide.permits(address: ip("10.0.0.1"), port: 1, transport: .tcp), "8.0.0.0/5 does not name 10/8")
        XCTAssertFalse(name.permits(address: ip("8.8.8.8"), port: 1, transport: .tcp))
        XCTAssertFalse(any4.permits(name: "example.com", port: 1, transport: .tcp), "addresses do not permit names")
        if let nat = rule("[64:ff9b::10.0.0.0/104]:*") {
            XCTAssertTrue(nat.permits(address: ip("64:ff9b::10.1.2.3"), port: 1, transport: .tcp))
        }
    }

    // MARK: Published ports

    func testPublishedPorts() throws {
        let simple = try PublishedPort(parsing: "8080:80")
        XCTAssertEqual(simple.hostAddress, ip("127.0.0.1"))
        XCTAssertEqual(simple.hostPort, 8080)
        XCTAssertEqual(simple.guestPort, 80)
        XCTAssertEqual(simple.transport, .tcp)
        XCTAssertEqual(simple.description, "tcp/127.0.0.1:8080:80")
        let all = try PublishedPort(parsing: "0.0.0.0:8080:80")
        XCTAssertEqual(all.hostAddress, ip("0.0.0.0"))
        let v6 = try PublishedPort(parsing: "[::1]:8443:443")
        XCTAssertEqual(v6.hostAddress, ip("::1"))
        XCTAssertEqual(v6.description, "tcp/[::1]:8443:443")
        XCTAssertEqual(try PublishedPort(parsing: "tcp/1:65535").guestPort, 65535)
        for spec in ["8080:80", "0.0.0.0:8080:80", "[::1]:8443:443", "[2001:DB8::5]:1:2", "[::ffff:127.0.0.1]:1:2"] {
            let parsed = try PublishedPort(parsing: spec)
            XCTAssertEqual(try PublishedPort(parsing: parsed.description), parsed, spec)
        }
        XCTAssertEqual(PublishedPort(hostPort: 1, guestPort: 2)?.hostAddress, ip("127.0.0.1"))
        XCTAssertNil(PublishedPort(hostPort: 0, guestPort: 2))
        XCTAssertNil(PublishedPort(hostPort: 1, guestPort: 0))

        let errors: [(String, String)] = [
            ("udp/53:53", "only tcp"), ("8080", "HOST_PORT:GUEST_PORT"), ("0:80", "not a port"), ("8080:0", "not a port"),
            ("8080:65536", "not a port"), ("a:b", "not a port"), ("1.2.3:80:80", "not an IPv4 address"),
            ("[1.2.3.4]:80:80", "IPv6 only"), ("[::1]:80", "HOST_PORT:GUEST_PORT"), ("::1:80:80", "HOST_PORT:GUEST_PORT"),
            ("1:2:3:4", "HOST_PORT:GUEST_PORT"), ("", "empty"), ("80 :80", "whitespace"), ("[::1]80:80", "[ADDR]"),
            ("[::1:80:80", "[ADDR]"), ("example.com:80:80", "not an IPv4 address"), (":80", "not a port"),
        ]
        for (spec, message) in errors {
            do {
                let parsed = try PublishedPort(parsing: spec)
                XCTFail("\(spec.debugDescription) should fail, got \(parsed)")
            } catch {
                XCTAssertTrue(error.message.contains(message), "\(spec): \(error.message)")
            }
        }
    }

    // MARK: Fuzz

    /// Random strings over an alphabet of meaningful characters: no parser may trap, and whatever
    /// parses must print back to the same value.
    func testParsersAreTotal() {
        var rng = SplitMix64(seed: 0x5afe_0001)
        let alphabet = Array("0123456789abcdefxABCDEF:.[]/*-_%@ \u{0}\u{7f}üé例。\u{200B}tcpud") as [Character]
        for _ in 0..<10_000 {
            let length = Int(rng.next() % 24)
            let text = String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            if let address = IPAddress(text) {
                XCTAssertEqual(IPAddress(address.description), address, text)
            }
            if let network = IPNetwork(text) {
                XCTAssertEqual(IPNetwork(network.description), network, text)
                _ = network.address.special
            }
            if let name = try? HostName.canonical(text) {
                XCTAssertEqual(try? HostName.canonical(name), name, text)
            }
            if let parsed = try? NetworkRule(parsing: text) {
                XCTAssertEqual(try? NetworkRule(parsing: parsed.description), parsed, text)
            }
            if let parsed = try? PublishedPort(parsing: text) {
                XCTAssertEqual(try? PublishedPort(parsing: parsed.description), parsed, text)
            }
            let bytes = (0..<(rng.next() % 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if let address = IPAddress(bytes: bytes) {
                _ = address.special
                XCTAssertEqual(IPAddress(address.description), address)
            }
        }
    }
}

/// A small deterministic generator so fuzz failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
