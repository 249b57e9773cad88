import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
import SafehouseNetwork
import SafehousePolicy
import SafehouseSystem
import Synchronization

/// IP sockets and the network broker (Docs/network.md). The guest's IP sockets live in its own
/// network namespace, where every address is local: its loopback is its own, and nothing it sends
/// leaves. A TCP connect to an allowed destination is made by the supervisor on a host socket of
/// the same kind, which then takes the guest's descriptor number (data moves natively); a UDP
/// destination the policy allows gets an exit the broker relays. Every decision is made on one
/// copy of the address, in canonical form (an IPv4-mapped address is its IPv4 address).
enum BrokeredSockets {
    static let msgFastopen: Int32 = 0x2000_0000
    /// How long a worker waits for a blocking connect's handshake before handing it to a thread.
    static let quickConnectMilliseconds: Int32 = 2
    /// struct msghdr, and struct mmsghdr (a msghdr and an unsigned int, padded to 8); UIO_MAXIOV
    /// bounds sendmmsg's vector.
    static let msghdrSize = MemoryLayout<msghdr>.size, mmsghdrSize = MemoryLayout<msghdr>.size + 8, maxMessages = 1024

    // MARK: connect

    static func connect(_ call: GuestCall, _ socket: consuming FileDescriptor, fd: Int32, domain: Int32,
                        address: [UInt8]) throws(CallError) -> SyscallReply {
        let hostSocket = Sockets.isBrokered(call, socket)
        let family = Int32(Sockets.family(address) ?? 0)
        if family == AF_UNSPEC && address.count >= 2 {
            // Dissolves the association (a TCP disconnect): never blocks, stays on this socket.
            return try connectNow(socket, address)
        }
        if family != domain {
            // A dual-stack IPv6 datagram socket takes an IPv4 address (as ::ffff:a.b.c.d); anything
            // else is refused as Linux does: the length for the socket's own family first.
            let ipv6Only: Int32 = 26   // IPV6_V6ONLY
            if domain == AF_INET6 && family == AF_INET
                && Sockets.option(socket, SOL_SOCKET, SO_TYPE) == Int32(SOCK_DGRAM.rawValue) {
                if Sockets.option(socket, Int32(IPPROTO_IPV6), ipv6Only) != 0 { throw .errno(.EAFNOSUPPORT) }
            } else {
                let minimum = domain == AF_INET6 ? 24 : 16   // SIN6_LEN_RFC2133, sizeof(sockaddr_in)
                throw .errno(address.count < minimum ? .EINVAL : .EAFNOSUPPORT)
            }
        }
        guard let destination = SocketAddress(sockaddr: address) else { throw .errno(.EINVAL) }
        let type = Sockets.option(socket, SOL_SOCKET, SO_TYPE)
        guard type == Int32(SOCK_STREAM.rawValue) || type == Int32(SOCK_DGRAM.rawValue) else { throw .errno(.EACCES) }
        let transport: TransportProtocol = type == Int32(SOCK_DGRAM.rawValue) ? .udp : .tcp
        guard let bytes = destination.sockaddr(family: domain) else { throw .errno(.EAFNOSUPPORT) }
        let nonblocking = fcntl(socket.rawValue, F_GETFL) & O_NONBLOCK != 0

        if destination.isGuestLocal {
            // A host socket's loopback would be the host's.
            if hostSocket {
                call.network?.record(.denied(reason: "a brokered socket cannot reach loopback"), destination,
                                     transport: transport, call: "connect")
                throw .errno(.EACCES)
            }
            return nonblocking || transport == .udp ? try connectNow(socket, bytes) : connectWaiting(socket, bytes)
        }
        // Without a broker (an unprivileged supervisor and no network policy) nothing leaves.
        guard let network = call.network else { throw .errno(.ENETUNREACH) }
        guard case .allowed = network.record(network.decide(destination, transport: transport), destination,
                                             transport: transport, call: "connect") else {
            throw .errno(.EACCES)
        }
        if transport == .udp {
            let opened = network.openExit(to: destination)
            if opened < 0 { throw LinuxErrno.host(-opened) }
            return try connectNow(socket, bytes)
        }
        if hostSocket {
            // Connecting a brokered socket again (after a failed attempt): on that socket.
            return nonblocking ? try connectNow(socket, bytes) : connectWaiting(socket, bytes)
        }
        return try connectOnHost(call, network, socket, fd: fd, domain: domain, destination: destination, bytes: bytes,
                                 nonblocking: nonblocking)
    }

    /// connect(2) made on the supervisor's copy, which cannot block here (a datagram socket, a
    /// non-blocking one, or AF_UNSPEC).
    static func connectNow(_ socket: borrowing FileDescriptor, _ address: [UInt8]) throws(CallError) -> SyscallReply {
        do { try socket.connect(address) } catch { throw .errno(LinuxErrno(rawValue: error.rawValue)) }
        return .value(0)
    }

    /// A blocking connect on the copy, on a thread of its own; a signal for the guest disconnects
    /// the attempt (Linux would let it go on in the background).
    static func connectWaiting(_ socket: consuming FileDescriptor, _ address: [UInt8]) -> SyscallReply {
        let held = HeldSocket(socket)
        return .deferred(DeferredCall(run: {
            do throws(Errno) { try held.socket.connect(address) } catch { return .error(LinuxErrno(rawValue: error.rawValue)) }
            return .value(0)
        }, cancel: {
            shutdown(held.socket.rawValue, Int32(SHUT_RDWR))
        }))
    }

    /// A new host socket of the guest's socket's kind, with its options, connected to the
    /// destination and installed at the guest's descriptor number. A non-blocking guest gets it at
    /// once (EINPROGRESS, then poll and SO_ERROR as on Linux); a blocking one when it is connected.
    static func connectOnHost(_ call: GuestCall, _ network: NetworkBroker, _ guest: borrowing FileDescriptor, fd: Int32,
                              domain: Int32, destination: SocketAddress, bytes: [UInt8],
                              nonblocking: Bool) throws(CallError) -> SyscallReply {
        guard network.canConnect else {
            network.record(.denied(reason: "the sandbox holds \(NetworkBroker.maxConnections) host connections already"),
                           destination, transport: .tcp, call: "connect")
            throw LinuxErrno.host(EADDRNOTAVAIL)   // what Linux answers when no local port is left
        }
        let proto = Sockets.option(guest, SOL_SOCKET, SO_PROTOCOL)
        let socket = try hostCall { () throws(Errno) in
            try FileDescriptor.socket(domain: domain, type: Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue),
                                      protocol: max(0, proto))
        }
        copyOptions(from: guest, to: socket, domain: domain)
        // Known by its cookie from now on, so it is never bound, made to listen or sent to loopback.
        guard let cookie = socket.socketCookie else { throw LinuxErrno.host(ENOBUFS) }
        network.adopt(cookie: cookie, destination: destination)
        var r: Int32 = 0
        do { try socket.connect(bytes) } catch {
            guard error.rawValue == EINPROGRESS else { throw .errno(LinuxErrno(rawValue: error.rawValue)) }
            r = -EINPROGRESS
        }
        let host = socket.release()
        let closeOnExec = (call.task.descriptorFlags(fd) ?? 0) & O_CLOEXEC != 0
        if nonblocking { return .replaceDescriptor(host, guestFD: fd, closeOnExec: closeOnExec, result: Int64(r)) }
        let waiting = ConnectingSocket(host)
        // Most handshakes finish within a round trip or two: waiting that long here spares a thread.
        if r == 0 || waiting.isConnected(withinMilliseconds: quickConnectMilliseconds) {
            let error = waiting.error()
            guard error == 0 else { throw .errno(LinuxErrno(rawValue: error)) }
            return waiting.installBlocking(guestFD: fd, closeOnExec: closeOnExec)
        }
        return .deferred(DeferredCall(run: {
            let error = waiting.waitUntilConnected()
            guard error == 0 else { return .error(LinuxErrno(rawValue: error)) }
            return waiting.installBlocking(guestFD: fd, closeOnExec: closeOnExec)
        }, cancel: { waiting.cancel() }))
    }

    /// The socket options a program sets before connecting, carried from its socket to the host
    /// socket that replaces it where they differ from the host socket's own.
    static let carriedOptions: [(level: Int32, name: Int32)] = [
        (SOL_SOCKET, SO_KEEPALIVE), (SOL_SOCKET, SO_REUSEADDR), (SOL_SOCKET, SO_OOBINLINE),
        (SOL_SOCKET, SO_PRIORITY), (SOL_SOCKET, SO_LINGER), (SOL_SOCKET, SO_RCVTIMEO), (SOL_SOCKET, SO_SNDTIMEO),
        (SOL_SOCKET, SO_RCVLOWAT),
        (Int32(IPPROTO_IP), IP_TOS), (Int32(IPPROTO_IP), IP_TTL),
        (Int32(IPPROTO_IPV6), IPV6_V6ONLY), (Int32(IPPROTO_IPV6), IPV6_TCLASS), (Int32(IPPROTO_IPV6), IPV6_UNICAST_HOPS),
        (Int32(IPPROTO_TCP), TCP_NODELAY), (Int32(IPPROTO_TCP), TCP_KEEPIDLE), (Int32(IPPROTO_TCP), TCP_KEEPINTVL),
        (Int32(IPPROTO_TCP), TCP_KEEPCNT), (Int32(IPPROTO_TCP), TCP_USER_TIMEOUT), (Int32(IPPROTO_TCP), TCP_NOTSENT_LOWAT),
    ]

    /// A fresh host socket's value of each carried option, per family: read once, so carrying
    /// the options costs one getsockopt each on the guest's socket.
    static let hostDefaults = Mutex<[Int32: [[UInt8]]]>([:])

    static func copyOptions(from guest: borrowing FileDescriptor, to host: borrowing FileDescriptor, domain: Int32) {
        let defaults = hostDefaults.withLock { cache in
            if let known = cache[domain] { return known }
            let values = carriedOptions.map { host.optionBytes($0.level, $0.name) ?? [] }
            cache[domain] = values
            return values
        }
        for (i, (level, name)) in carriedOptions.enumerated() {
            guard let wanted = guest.optionBytes(level, name), wanted != defaults[i] else { continue }
            host.setOption(level, name, wanted)
        }
        // Buffer sizes read back doubled (socket(7)): set what the program asked for.
        for name in [SO_SNDBUF, SO_RCVBUF] {
            if let wanted = guest.intOption(SOL_SOCKET, name), let current = host.intOption(SOL_SOCKET, name),
               wanted != current {
                host.setOption(SOL_SOCKET, name, withUnsafeBytes(of: wanted / 2) { Array($0) })
            }
        }
    }

    // MARK: sends

    /// sendto(2) with an address (the filter lets those without one through).
    static let sendto = GuestCall.handler { call throws(CallError) in
        try checkFastOpen(call, fd: call.int(0), flags: call.int(3))
        let address = try Sockets.socketFirst(call, call.int(0)) { () throws(CallError) in
            try Sockets.address(call, pointer: 4, length: 5)
        }
        try checkDestination(call, fd: call.int(0), address, call: "sendto")
        return .continueCall
    }

    static let sendmsg = GuestCall.handler { call throws(CallError) in
        try checkFastOpen(call, fd: call.int(0), flags: call.int(2))
        try Sockets.socketFirst(call, call.int(0)) { () throws(CallError) in
            try checkMessage(call, fd: call.int(0), try call.read(call.arg(1), msghdrSize), call: "sendmsg")
        }
        return .continueCall
    }

    static let sendmmsg = GuestCall.handler { call throws(CallError) in
        try checkFastOpen(call, fd: call.int(0), flags: call.int(3))
        let count = min(Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: call.arg(2))), maxMessages)
        if count == 0 { return .continueCall }
        // As Linux, messages are taken one at a time and one that fails ends the batch: the kernel
        // sends those before it and returns their count; only a failing first one is an error.
        // (A datagram past a refused one still meets the sandbox's network namespace.)
        for i in 0..<count {
            do throws(CallError) {
                let header = try Sockets.socketFirst(call, call.int(0)) { () throws(CallError) in
                    try call.read(call.arg(1) &+ UInt64(i * mmsghdrSize), msghdrSize)
                }
                try checkMessage(call, fd: call.int(0), header, call: "sendmmsg")
            } catch {
                if i > 0, case .errno = error { break }
                throw error
            }
        }
        return .continueCall
    }

    /// SCM_CREDENTIALS naming an id other than the guest's own: EPERM, as Linux answers an
    /// unprivileged sender. (The sandbox's user namespace maps no other id, so the kernel would
    /// say EINVAL, an id that does not exist.) An id of -1 is invalid on Linux too: left to it.
    static func checkCredentials(_ call: GuestCall, _ message: msghdr) throws(CallError) {
        /// struct ucred (<sys/socket.h> declares it only under _GNU_SOURCE).
        struct ucred { var pid: Int32; var uid: UInt32; var gid: UInt32 }
        let control = UInt64(UInt(bitPattern: message.msg_control)), length = min(Int(message.msg_controllen), 4096)
        let headerSize = MemoryLayout<cmsghdr>.size, credentialsSize = MemoryLayout<ucred>.size
        guard control != 0, length >= headerSize + credentialsSize,
              let bytes = try? call.read(control, length) else { return }   // unreadable: the kernel's EFAULT
        var offset = 0
        while offset + headerSize <= bytes.count {
            let header = GuestCall.load(cmsghdr.self, from: Array(bytes[offset...]))
            let size = Int(header.cmsg_len)
            guard size >= headerSize, offset + size <= bytes.count else { return }
            if header.cmsg_level == SOL_SOCKET && header.cmsg_type == 2 /* SCM_CREDENTIALS */, size >= headerSize + credentialsSize {
                let claimed = GuestCall.load(ucred.self, from: Array(bytes[(offset + headerSize)...]))
                let invalid = UInt32.max
                let own = call.fs.credentials
                if claimed.uid != invalid && claimed.gid != invalid && (claimed.uid != own.guestUID || claimed.gid != own.guestGID) {
                    throw .errno(.EPERM)
                }
            }
            offset += (size + 7) & ~7   // CMSG_ALIGN
        }
    }

    /// MSG_FASTOPEN would connect a TCP socket without the broker (its data goes with the SYN):
    /// refused there (EOPNOTSUPP); other sockets ignore the flag, as Linux does. EBADF and
    /// ENOTSOCK come first.
    static func checkFastOpen(_ call: GuestCall, fd: Int32, flags: Int32) throws(CallError) {
        guard flags & msgFastopen != 0 else { return }
        let socket = try Sockets.socket(call, fd)
        let domain = Sockets.option(socket, SOL_SOCKET, SO_DOMAIN)
        if (domain == AF_INET || domain == AF_INET6) && Sockets.option(socket, SOL_SOCKET, SO_TYPE) == Int32(SOCK_STREAM.rawValue) {
            throw .errno(.EOPNOTSUPP)
        }
    }

    /// The destination of one message (its msg_name), if it has one, and the credentials it claims.
    static func checkMessage(_ call: GuestCall, fd: Int32, _ header: [UInt8], call name: String) throws(CallError) {
        let message = GuestCall.load(msghdr.self, from: header)
        try checkCredentials(call, message)
        let pointer = UInt64(UInt(bitPattern: message.msg_name))
        let length = Int(Int32(bitPattern: message.msg_namelen))   // the kernel's msg_namelen is an int
        guard pointer != 0 else { return }
        if length < 0 { throw .errno(.EINVAL) }
        if length == 0 { return }
        // The kernel clamps msg_namelen to sizeof(struct sockaddr_storage).
        let address = try call.read(pointer, min(length, Sockets.addressMax))
        try checkDestination(call, fd: fd, address, call: name)
    }

    /// A datagram's destination: the guest's own loopback, or one the policy allows (its exit is
    /// opened); anything else is EACCES. Whatever the buffer holds when the kernel reads it again,
    /// a datagram can only reach loopback or an open exit. TCP ignores the address.
    static func checkDestination(_ call: GuestCall, fd: Int32, _ address: [UInt8], call name: String) throws(CallError) {
        guard let family = Sockets.family(address), family == Sockets.afInet || family == Sockets.afInet6,
              let destination = SocketAddress(sockaddr: address), !destination.isGuestLocal else { return }
        guard let network = call.network else { throw .errno(.ENETUNREACH) }
        let socket = try Sockets.socket(call, fd)
        guard Sockets.option(socket, SOL_SOCKET, SO_TYPE) == Int32(SOCK_DGRAM.rawValue) else { return }
        guard case .allowed = network.record(network.decide(destination, transport: .udp), destination,
                                             transport: .udp, call: name) else {
            throw .errno(.EACCES)
        }
        let opened = network.openExit(to: destination)
        if opened < 0 { throw LinuxErrno.host(-opened) }
    }
}

/// A supervisor copy of a guest socket held by a deferred call.
final class HeldSocket: Sendable {
    let socket: FileDescriptor
    init(_ socket: consuming FileDescriptor) { self.socket = socket }
}

/// A host socket connecting on behalf of a blocking guest connect: waited on until it is
/// connected, fails, or the guest stops waiting.
final class ConnectingSocket: Sendable {
    let fd: Int32
    private let wake = Wakeup()
    private let taken = Atomic<Bool>(false)

    init(_ fd: Int32) { self.fd = fd }

    deinit { if !taken.load(ordering: .acquiring) { close(fd) } }

    /// Whether the handshake ended (either way) within `milliseconds`.
    func isConnected(withinMilliseconds milliseconds: Int32) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        return poll(&pfd, 1, milliseconds) > 0
    }

    /// 0 once connected, else the errno of the attempt (EINTR when cancelled).
    func waitUntilConnected() -> Int32 {
        var fds = [pollfd(fd: fd, events: Int16(POLLOUT), revents: 0), pollfd(fd: wake.fd, events: Int16(POLLIN), revents: 0)]
        while poll(&fds, 2, -1) < 0 {
            if errno != EINTR { return errno }
        }
        if fds[1].revents != 0 { return EINTR }
        return error()
    }

    /// SO_ERROR: the outcome of the handshake.
    func error() -> Int32 {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0 { return errno }
        return error
    }

    /// The connected socket, blocking again as the guest's was, to take the guest's descriptor number.
    func installBlocking(guestFD: Int32, closeOnExec: Bool) -> SyscallReply {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return .replaceDescriptor(take(), guestFD: guestFD, closeOnExec: closeOnExec, result: 0)
    }

    /// Hands the descriptor over (to the reply, whose platform closes it).
    func take() -> Int32 {
        taken.store(true, ordering: .releasing)
        return fd
    }

    func cancel() { wake.signal() }
}
