import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
import SafehouseSystem
import SafehouseVFS

/// bind and connect. An AF_UNIX path is a name in the guest's filesystem, so the VFS decides on it
/// (zones, read-only mounts, hidden and write-denied rules). bind is made by the supervisor on its
/// copy of the guest's socket with the address it copied once — for every family, so a thread
/// rewriting the address after the check cannot make the kernel create a name the VFS never saw.
/// connect to a path is checked by the VFS and continues in the kernel (the peer must see the
/// guest as its peer, SO_PEERCRED); whatever the buffer races to then is in the policy-shaped
/// mount namespace, where the objects a rule protects at start are masked (Docs/fd-model.md).
enum Sockets {
    /// The syscalls this family answers (checked against the table's emulated set by
    /// SyscallRegistrationTests).
    static let handlers: [Syscall: SyscallHandler] = [
        .bind: bind, .connect: connect,
    ]

    static let afUnix: UInt16 = 1, afInet: UInt16 = 2, afInet6: UInt16 = 10
    /// sizeof(struct sockaddr_storage): longer addresses are EINVAL (move_addr_to_kernel).
    static let addressMax = 128
    /// offsetof(struct sockaddr_un, sun_path).
    static let sunPathOffset = 2

    /// The address argument, copied once: EINVAL for a negative or oversized length.
    static func address(_ call: GuestCall, pointer: Int, length: Int) throws(CallError) -> [UInt8] {
        let raw = Int32(truncatingIfNeeded: call.arg(length))
        if raw < 0 || Int(raw) > addressMax { throw .errno(.EINVAL) }
        return try call.read(call.arg(pointer), Int(raw))
    }

    static func family(_ address: [UInt8]) -> UInt16? {
        address.count >= 2 ? UInt16(address[0]) | UInt16(address[1]) << 8 : nil
    }

    /// The filesystem name of an AF_UNIX address, nil for an abstract or unnamed one. The kernel
    /// reads sun_path up to the first NUL or the address's end.
    static func unixPath(_ address: [UInt8]) -> [UInt8]? {
        guard address.count > sunPathOffset, address[sunPathOffset] != 0 else { return nil }
        return Array(address[sunPathOffset...].prefix { $0 != 0 })
    }

    /// The guest's socket: EBADF, ENOTSOCK as Linux answers.
    static func socket(_ call: GuestCall, _ fd: Int32) throws(CallError) -> FileDescriptor {
        let copy = try call.guestDescriptor(fd)
        if try call.fs.metadata(copy).st_mode & S_IFMT != S_IFSOCK { throw .errno(.ENOTSOCK) }
        return copy
    }

    static let bind = GuestCall.handler { call throws(CallError) in
        let address = try address(call, pointer: 1, length: 2)
        let socket = try socket(call, call.int(0))
        if let family = family(address), family == afUnix, let path = unixPath(address) {
            return try bindPath(call, socket, path)
        }
        if let family = family(address), family == afInet || family == afInet6, address.count >= 4 {
            // The guest holds no CAP_NET_BIND_SERVICE in its namespace; the supervisor would.
            let port = UInt16(address[2]) << 8 | UInt16(address[3])
            if port != 0 && port < 1024 { throw .errno(.EACCES) }
        }
        let r = address.withUnsafeBytes { sh_bind(socket.rawValue, $0.baseAddress, UInt32($0.count)) }
        if r < 0 { throw LinuxErrno.host(-r) }
        return .value(0)
    }

    /// bind(2) to a filesystem name: created by the VFS's rules, in the directory it pinned, with
    /// the guest's umask, owned by the guest's host identity.
    static func bindPath(_ call: GuestCall, _ socket: borrowing FileDescriptor, _ path: [UInt8]) throws(CallError) -> SyscallReply {
        let r = try FileNames.creationTarget(call, dirfd: GuestCall.atFdcwd, path: path, exists: .EADDRINUSE)
        let (parent, name) = try call.fs.parent(r)
        defer { close(parent) }
        try FileNames.checkCreateIn(call, parent)
        // sun_path relative to the pinned directory: each worker has a working directory of its own.
        var local = [UInt8](repeating: 0, count: sunPathOffset + 108)
        local[0] = UInt8(afUnix)
        guard name.count < 108 else { throw .errno(.ENAMETOOLONG) }
        local.replaceSubrange(sunPathOffset..<(sunPathOffset + name.count), with: name)
        let umask = call.umask()
        let r2 = local.withUnsafeBytes { sh_bind_in(parent, umask, socket.rawValue, $0.baseAddress,
                                                    UInt32(sunPathOffset + name.count + 1)) }
        if r2 < 0 { throw LinuxErrno.host(-r2) }
        return .value(0)
    }

    static let connect = GuestCall.handler { call throws(CallError) in
        let address = try address(call, pointer: 1, length: 2)
        if let family = family(address), family == afUnix, let path = unixPath(address) {
            guard let r = try call.resolve(dirfd: GuestCall.atFdcwd, path: path, follow: true), r.kind != .missing else {
                throw .errno(.ENOENT)
            }
            if r.kind != .socket { throw .errno(.ECONNREFUSED) }
            if r.access.contains(.denyWrite) { throw .errno(.EACCES) }
            try call.fs.check(try call.fs.metadata(try call.fs.pin(r)), .write)
        }
        return .continueCall
    }
}
