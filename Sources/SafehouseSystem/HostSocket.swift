import CSafehouse
import Glibc

/// The socket calls the supervisor makes on its copies of guest sockets and on the host sockets
/// it opens for them: typed, owned, the host errno thrown.
extension FileDescriptor {
    /// socket(2), close-on-exec.
    public static func socket(domain: Int32, type: Int32, protocol: Int32) throws(Errno) -> FileDescriptor {
        let fd = Glibc.socket(domain, type | Int32(SOCK_CLOEXEC.rawValue), `protocol`)
        if fd < 0 { throw Errno.current }
        return FileDescriptor(adopting: fd)
    }

    /// An `int` socket option, or nil.
    public func intOption(_ level: Int32, _ name: Int32) -> Int32? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(rawValue, level, name, &value, &length) == 0 ? value : nil
    }

    /// A socket option's bytes (at most 16: the options carried between sockets), or nil.
    public func optionBytes(_ level: Int32, _ name: Int32) -> [UInt8]? {
        var value = [UInt8](repeating: 0, count: 16)
        var length = socklen_t(16)
        guard getsockopt(rawValue, level, name, &value, &length) == 0 else { return nil }
        return Array(value.prefix(Int(length)))
    }

    @discardableResult
    public func setOption(_ level: Int32, _ name: Int32, _ value: [UInt8]) -> Bool {
        value.withUnsafeBytes { setsockopt(rawValue, level, name, $0.baseAddress, socklen_t($0.count)) } == 0
    }

    /// SO_COOKIE: the socket's identity for as long as it exists.
    public var socketCookie: UInt64? {
        var value: UInt64 = 0
        var length = socklen_t(MemoryLayout<UInt64>.size)
        return getsockopt(rawValue, SOL_SOCKET, 57 /* SO_COOKIE */, &value, &length) == 0 ? value : nil
    }

    /// bind(2) to a socket address given as bytes.
    public func bind(_ address: [UInt8]) throws(Errno) {
        let r = address.withUnsafeBytes { sh_bind(rawValue, $0.baseAddress, UInt32($0.count)) }
        if r < 0 { throw Errno(-r) }
    }

    /// bind(2) of an AF_UNIX address whose sun_path is relative to `directory`, with `umask`.
    public func bind(_ address: [UInt8], in directory: borrowing FileDescriptor, umask: mode_t) throws(Errno) {
        let r = address.withUnsafeBytes { sh_bind_in(directory.rawValue, umask, rawValue, $0.baseAddress, UInt32($0.count)) }
        if r < 0 { throw Errno(-r) }
    }

    /// connect(2) to a socket address given as bytes (EINPROGRESS thrown like any errno).
    public func connect(_ address: [UInt8]) throws(Errno) {
        let r = address.withUnsafeBytes { sh_connect(rawValue, $0.baseAddress, UInt32($0.count)) }
        if r < 0 { throw Errno(-r) }
    }

    /// getsockname(2) (`peer`: getpeername(2)): the address bytes, at most `capacity`.
    public func socketName(peer: Bool, capacity: Int) throws(Errno) -> [UInt8] {
        var storage = [UInt8](repeating: 0, count: capacity)
        var length = socklen_t(capacity)
        let r = storage.withUnsafeMutableBytes { raw in
            raw.baseAddress!.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                peer ? Glibc.getpeername(rawValue, $0, &length) : Glibc.getsockname(rawValue, $0, &length)
            }
        }
        if r != 0 { throw Errno.current }
        if Int(length) > capacity { throw Errno(ENOBUFS) }   // truncated: not an address we know
        return Array(storage.prefix(Int(length)))
    }
}
