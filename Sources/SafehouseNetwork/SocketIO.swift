import CSafehouse
import Glibc
import SafehousePolicy

/// Small socket and thread helpers of the broker's own threads.
enum SocketIO {
    static let stream = Int32(SOCK_STREAM.rawValue), datagram = Int32(SOCK_DGRAM.rawValue)
    static let nonblocking = Int32(SOCK_NONBLOCK.rawValue), closeOnExec = Int32(SOCK_CLOEXEC.rawValue)

    static func setInt(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) -> Bool {
        var v = value
        return setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) == 0
    }

    static func bind(_ fd: Int32, _ address: SocketAddress, family: Int32) -> Int32 {
        guard let bytes = address.sockaddr(family: family) else { return -EAFNOSUPPORT }
        return bytes.withUnsafeBytes { sh_bind(fd, $0.baseAddress, UInt32($0.count)) }
    }

    static func connect(_ fd: Int32, _ address: SocketAddress, family: Int32) -> Int32 {
        guard let bytes = address.sockaddr(family: family) else { return -EAFNOSUPPORT }
        return bytes.withUnsafeBytes { sh_connect(fd, $0.baseAddress, UInt32($0.count)) }
    }

    /// The peer of a datagram from recvfrom's address buffer.
    static func peer(_ storage: sockaddr_storage, _ length: socklen_t) -> [UInt8] {
        withUnsafeBytes(of: storage) { Array($0.prefix(Int(length))) }
    }

    static func family(of address: IPAddress) -> Int32 { address.isIPv4 ? AF_INET : AF_INET6 }
}
