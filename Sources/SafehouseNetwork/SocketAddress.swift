import Glibc
import SafehousePolicy

/// An IP endpoint as the broker decides on it: the address in its one canonical form (an
/// IPv4-mapped IPv6 address is the IPv4 address) and the port.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// sizeof(struct sockaddr_in), and the shortest sockaddr_in6 Linux accepts (SIN6_LEN_RFC2133).
    static let inetLength = 16, inet6MinimumLength = 24, inet6Length = 28

    /// The address of a `struct sockaddr_in`/`sockaddr_in6` the guest gave, copied once; nil for
    /// any other family or a length the kernel would refuse.
    public init?(sockaddr bytes: [UInt8]) {
        guard let family = SocketAddress.family(bytes), bytes.count >= 4 else { return nil }
        let port = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        switch family {
        case UInt16(AF_INET) where bytes.count >= SocketAddress.inetLength:
            guard let address = IPAddress(bytes: bytes[4..<8]) else { return nil }
            self.init(address: address, port: port)
        case UInt16(AF_INET6) where bytes.count >= SocketAddress.inet6MinimumLength:
            guard let address = IPAddress(bytes: bytes[8..<24]) else { return nil }
            self.init(address: address, port: port)
        default:
            return nil
        }
    }

    /// sa_family of an address the guest gave (host byte order), nil if too short to have one.
    public static func family(_ bytes: [UInt8]) -> UInt16? {
        bytes.count >= 2 ? UInt16(bytes[0]) | UInt16(bytes[1]) << 8 : nil
    }

    /// The sockaddr for a socket of `family`, built from the canonical address (an IPv4
    /// destination of an AF_INET6 socket is written IPv4-mapped); nil if that family cannot reach it.
    public func sockaddr(family: Int32) -> [UInt8]? {
        let port = [UInt8(self.port >> 8), UInt8(self.port & 0xff)]
        switch (family, address.isIPv4) {
        case (AF_INET, true):
            return [UInt8(AF_INET), 0] + port + address.bytes + [UInt8](repeating: 0, count: 8)
        case (AF_INET6, _):
            let bytes = address.isIPv4 ? [UInt8](repeating: 0, count: 10) + [0xff, 0xff] + address.bytes : address.bytes
            return [UInt8(AF_INET6), 0] + port + [0, 0, 0, 0] + bytes + [0, 0, 0, 0]
        default:
            return nil
        }
    }

    /// The sandbox's own loopback (or "this host", which Linux connects to loopback): the guest's
    /// own namespace, never the host's.
    public var isGuestLocal: Bool {
        address.special == .loopback || address.special == .unspecified
    }

    public var description: String {
        address.isIPv4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }
}
