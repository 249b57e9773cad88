import SafehouseNetwork
import SafehousePolicy
import XCTest

/// The broker's one reading of a guest sockaddr: total on any bytes, canonical on the rest.
final class SocketAddressTests: XCTestCase {
    func testAnyBytesParseWithoutTrapping() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            for _ in 0..<200 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                if length >= 2 && Bool.random() { bytes[0] = [2, 10][Int.random(in: 0...1)]; bytes[1] = 0 }
                _ = SocketAddress(sockaddr: bytes)
            }
        }
    }

    func testInetForms() throws {
        let v4: [UInt8] = [2, 0, 0x1f, 0x90, 198, 51, 100, 2, 0, 0, 0, 0, 0, 0, 0, 0]
        let a = try XCTUnwrap(SocketAddress(sockaddr: v4))
        XCTAssertEqual(a.description, "198.51.100.2:8080")
        XCTAssertNil(SocketAddress(sockaddr: Array(v4.prefix(15))), "shorter than sockaddr_in")
        XCTAssertNil(SocketAddress(sockaddr: [2, 0, 0]))
        // An IPv4-mapped IPv6 address is decided as its IPv4 address, and written back mapped.
        var mapped: [UInt8] = [10, 0, 0x1f, 0x91, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 10) + [0xff, 0xff, 198, 51, 100, 2]
        mapped += [0, 0, 0, 0]
        let m = try XCTUnwrap(SocketAddress(sockaddr: mapped))
        XCTAssertTrue(m.address.isIPv4)
        XCTAssertEqual(m.description, "198.51.100.2:8081")
        XCTAssertEqual(m.sockaddr(family: 10), mapped)
        XCTAssertNil(m.sockaddr(family: 99))
        XCTAssertTrue(try XCTUnwrap(SocketAddress(sockaddr: [2, 0, 0, 80, 127, 9, 9, 9] + [UInt8](repeating: 0, count: 8))).isGuestLocal)
        XCTAssertFalse(a.isGuestLocal)
    }
}
