import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
import SafehouseSystem
import SafehouseVFS

/// The socket calls that name an address or change what a socket is bound to. An AF_UNIX path is
/// a name in the guest's filesystem, so the VFS decides on it (zones, read-only mounts, hidden and
/// write-denied rules); an IP address goes to the network broker (BrokeredSockets.swift). Every
/// call that acts on a socket acts on the supervisor's copy of it with the address it copied once
/// — none continues in the kernel with the guest's descriptor number and buffer, which a thread
/// could switch (dup2, a rewritten address) between the check and the kernel's own read. Only
/// sends continue: inside the guest's namespace an address leads nowhere but where the broker
/// opened an exit (Docs/network.md).
enum Sockets {
    /// The syscalls this family answers (checked against the table's emulated set by
    /// SyscallRegistrationTests).
    static let handlers: [Syscall: SyscallHandler] = [
        .socket: socket, .bind: bind, .connect: connect, .listen: listen,
        .sendto: BrokeredSockets.sendto, .sendmsg: BrokeredSockets.sendmsg, .sendmmsg: BrokeredSockets.sendmmsg,
        .getsockname: getsockname, .getpeername: getpeername,
    ]

    static let afUnix: UInt16 = 1, afInet: UInt16 = 2, afInet6: UInt16 = 10
    /// sizeof(struct sockaddr_storage): longer addresses are EINVAL (move_addr_to_kernel).
    static let addressMax = 128
    /// offsetof(struct sockaddr_un, sun_path).
    static let sunPathOffset = 2
    static let netlinkRoute: Int32 = 0

    /// The address argument, copied once: EINVAL for a negative or oversized length.
    static func address(_ call: GuestCall, pointer: Int, length: Int) throws(CallError) -> [UInt8] {
        let raw = Int32(truncatingIfNeeded: call.arg(length))
        if raw < 0 || Int(raw) > addressMax { throw .errno(.EINVAL) }
        return try call.read(call.arg(pointer), Int(raw))
    }

    /// An AF_UNIX socket takes no address longer than `struct sockaddr_un` (EINVAL).
    static func checkUnixLength(_ socket: borrowing FileDescriptor, _ address: [UInt8]) throws(CallError) {
        if address.count > sunPathOffset + 108 && option(socket, SOL_SOCKET, SO_DOMAIN) == AF_UNIX { throw .errno(.EINVAL) }
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

    /// Runs `body` (which copies an argument); when it fails, a bad descriptor is reported instead,
    /// as Linux looks the socket up before it copies anything.
    static func socketFirst<T>(_ call: GuestCall, _ fd: Int32, _ body: () throws(CallError) -> T) throws(CallError) -> T {
        do { return try body() } catch {
            if case .errno = error { _ = try socket(call, fd) }
            throw error
        }
    }

    /// The guest's socket: EBADF, ENOTSOCK as Linux answers.
    static func socket(_ call: GuestCall, _ fd: Int32) throws(CallError) -> FileDescriptor {
        let copy = try call.guestDescriptor(fd)
        if try call.fs.metadata(copy).st_mode & S_IFMT != S_IFSOCK { throw .errno(.ENOTSOCK) }
        return copy
    }

    static func option(_ fd: borrowing FileDescriptor, _ level: Int32, _ name: Int32) -> Int32 {
        fd.intOption(level, name) ?? -1
    }

    /// A host socket the broker installed (its data moves natively): nothing may rebind it.
    static func isBrokered(_ call: GuestCall, _ socket: borrowing FileDescriptor) -> Bool {
        guard let network = call.network, let cookie = socket.socketCookie else { return false }
        return network.isBrokered(cookie: cookie)
    }

    /// socket(2) of the families the table sends here: AF_NETLINK only for NETLINK_ROUTE, which in
    /// the guest's own network namespace shows its loopback and nothing of the host's.
    static let socket = GuestCall.handler { call throws(CallError) in
        guard call.int(0) == AF_NETLINK else { throw .errno(.EAFNOSUPPORT) }
        // Other netlink protocols (audit, sock_diag, uevents, ...) as Linux answers an unknown one.
        guard call.int(2) == netlinkRoute else { throw .errno(.EPROTONOSUPPORT) }
        return .continueCall
    }

    static let bind = GuestCall.handler { call throws(CallError) in
        let socket = try socket(call, call.int(0))
        let address = try address(call, pointer: 1, length: 2)
        try checkUnixLength(socket, address)
        if isBrokered(call, socket) { throw .errno(.EINVAL) }
        let domain = option(socket, SOL_SOCKET, SO_DOMAIN)
        // Another family than the socket's: the kernel answers (EINVAL, EAFNOSUPPORT) on the copy.
        if domain == AF_UNIX, family(address) == afUnix, let path = unixPath(address) {
            return try bindPath(call, socket, path)
        }
        if domain == AF_UNIX && address.count >= 2 && family(address) != afUnix { throw .errno(.EINVAL) }
        if let family = family(address), family == afInet || family == afInet6, domain == Int32(family), address.count >= 4 {
            // The guest holds no CAP_NET_BIND_SERVICE in its namespace; the supervisor would.
            let port = UInt16(address[2]) << 8 | UInt16(address[3])
            if port != 0 && port < 1024 { throw .errno(.EACCES) }
        }
        try hostCall { () throws(Errno) in try socket.bind(address) }
        return .value(0)
    }

    /// bind(2) to a filesystem name: created by the VFS's rules, in the directory it pinned, with
    /// the guest's umask, owned by the guest's host identity.
    static func bindPath(_ call: GuestCall, _ socket: borrowing FileDescriptor, _ path: [UInt8]) throws(CallError) -> SyscallReply {
        let r = try FileNames.creationTarget(call, dirfd: GuestCall.atFdcwd, path: path, exists: .EADDRINUSE)
        let parent = try FileNames.writableParent(call, r)
        let name = parent.name
        // sun_path relative to the pinned directory: each worker has a working directory of its own.
        var local = [UInt8](repeating: 0, count: sunPathOffset + 108)
        local[0] = UInt8(afUnix)
        // A sun_path of all 108 bytes needs no NUL, as on Linux.
        guard name.count <= 108 else { throw .errno(.ENAMETOOLONG) }
        local.replaceSubrange(sunPathOffset..<(sunPathOffset + name.count), with: name)
        let umask = call.umask()
        try hostCall { () throws(Errno) in
            try socket.bind(Array(local.prefix(sunPathOffset + min(name.count + 1, 108))), in: parent.directory, umask: umask)
        }
        call.fs.unixNames.recordBound(socket, relative: name, given: path, guestPath: r.guestPath)
        return .value(0)
    }

    /// listen(2) on the copy: a brokered socket never listens (it would be a port on the host).
    /// listen(2): a brokered socket never listens (it would be a port on the host); the guest's own
    /// listens in the kernel, so its peer credentials (SO_PEERCRED) are the guest's. A brokered
    /// socket raced into the descriptor meanwhile is a connected TCP socket, which the kernel
    /// refuses to make listen (EINVAL).
    static let listen = GuestCall.handler { call throws(CallError) in
        let socket = try socket(call, call.int(0))
        if isBrokered(call, socket) { throw .errno(.EINVAL) }
        return .continueCall
    }

    static let connect = GuestCall.handler { call throws(CallError) in
        let fd = call.int(0)
        // As __sys_connect: EBADF, then the address is copied, then ENOTSOCK.
        _ = try call.guestDescriptor(fd)
        let address = try address(call, pointer: 1, length: 2)
        let socket = try socket(call, fd)
        try checkUnixLength(socket, address)
        let domain = option(socket, SOL_SOCKET, SO_DOMAIN)
        if domain == AF_INET || domain == AF_INET6 {
            return try BrokeredSockets.connect(call, socket, fd: fd, domain: domain, address: address)
        }
        if domain == AF_UNIX, let family = family(address), family == afUnix, let path = unixPath(address) {
            return try connectPath(call, socket, path)
        }
        // An abstract or unnamed unix address, AF_UNSPEC, or netlink: inside the namespace.
        return try BrokeredSockets.connectNow(socket, address)
    }

    /// connect(2) to a filesystem name: checked by the VFS, then made on a thread of its own that
    /// takes the guest's host identity (the peer sees the guest's uid in SO_PEERCRED) to exactly the
    /// socket the VFS pinned (through its /proc/self/fd link), and may wait for a full backlog.
    static func connectPath(_ call: GuestCall, _ socket: consuming FileDescriptor, _ path: [UInt8]) throws(CallError) -> SyscallReply {
        guard let r = try call.resolve(dirfd: GuestCall.atFdcwd, path: path, follow: true), r.kind != .missing else {
            throw .errno(.ENOENT)
        }
        if r.kind != .socket { throw .errno(.ECONNREFUSED) }
        if r.access.contains(.denyWrite) { throw .errno(.EACCES) }
        let target = try call.fs.pin(r)
        try call.fs.check(try call.fs.metadata(target), .write)
        let name = Array("/proc/self/fd/\(target.rawValue)".utf8)
        var local = [UInt8](repeating: 0, count: sunPathOffset + name.count + 1)
        local[0] = UInt8(afUnix)
        local.replaceSubrange(sunPathOffset..<(sunPathOffset + name.count), with: name)
        call.fs.unixNames.recordPeer(socket, guestPath: r.guestPath)
        // A send timeout makes the wait one Linux does not restart (sock_intr_errno): EINTR.
        let timeout = (socket.optionBytes(SOL_SOCKET, SO_SNDTIMEO) ?? []).contains { $0 != 0 }
        let pins = PinnedPair(socket: socket, target: target)
        let address = local
        let (uid, gid) = (call.fs.credentials.hostUID, call.fs.credentials.hostGID)
        // A connect waiting for room in a full backlog is interrupted when the guest stops waiting,
        // so it never completes later on the supervisor's copy (the guest's socket stays unconnected).
        let connect = InterruptibleCall()
        return .deferred(DeferredCall(restartable: !timeout, run: {
            if sh_thread_become(uid, gid) < 0 { return .error(.EACCES) }
            let r = connect.run { address.withUnsafeBytes { sh_connect(pins.socket, $0.baseAddress, UInt32($0.count)) } }
            return r < 0 ? .error(LinuxErrno(rawValue: -r)) : .value(0)
        }, cancel: { connect.interrupt() }))
    }

    /// The supervisor's copies a deferred connect holds until it is answered.
    final class PinnedPair: Sendable {
        private let socketCopy: FileDescriptor, targetPin: FileDescriptor
        var socket: Int32 { socketCopy.rawValue }
        init(socket: consuming FileDescriptor, target: consuming FileDescriptor) {
            socketCopy = socket
            targetPin = target
        }
    }
}
