import CSafehouse
import Glibc
import SafehousePolicy
import SafehouseSystem
import Synchronization

/// The sandbox's resolver, at 127.0.0.53:53 inside the guest's namespace (its /etc/resolv.conf
/// names it). A question for a name a rule allows is forwarded to the upstream and the addresses
/// of the answer are pinned to that name; any other question is answered NXDOMAIN here and never
/// leaves the host, so DNS carries nothing out. Names are decided in canonical form (DNSQuery).
/// Over UDP and TCP (a client retries over TCP when an answer comes back truncated); the
/// upstream is asked the same way the client asked.
final class DNSResolver: @unchecked Sendable {
    static let timeoutMilliseconds: Int32 = 2000, attempts = 2
    /// Questions forwarded at once; more are answered SERVFAIL, as by a busy resolver.
    static let maxInFlight = 32

    private let socket: Int32
    /// The TCP listener at the same address.
    private let listener: Int32
    private let upstream: SocketAddress?
    private let events: NetworkEventSink?
    private let wake = Wakeup()
    private let stopping = Atomic<Bool>(false)
    private let inFlight = Atomic<Int>(0)
    /// Set by the broker before `start`.
    var allowedRule: @Sendable (String) -> NetworkRule? = { _ in nil }
    var pin: @Sendable (String, [IPAddress]) -> Void = { _, _ in }

    init(guestNamespace: Int32, upstream: SocketAddress?, events: NetworkEventSink?) throws(NetworkError) {
        self.upstream = upstream
        self.events = events
        let fd = sh_socket_in_netns(guestNamespace, AF_INET, SocketIO.datagram | SocketIO.nonblocking, 0)
        guard fd >= 0 else { throw NetworkError("cannot make the sandbox's resolver socket: \(Errno(-fd))") }
        let bound = SocketIO.bind(fd, NetworkBroker.resolverAddress, family: AF_INET)
        guard bound == 0 else {
            close(fd)
            throw NetworkError("cannot bind the sandbox's resolver at \(NetworkBroker.resolverAddress): \(Errno(-bound))")
        }
        let tcp = sh_socket_in_netns(guestNamespace, AF_INET, SocketIO.stream | SocketIO.nonblocking, 0)
        guard tcp >= 0, SocketIO.bind(tcp, NetworkBroker.resolverAddress, family: AF_INET) == 0, listen(tcp, 16) == 0 else {
            if tcp >= 0 { close(tcp) }
            close(fd)
            throw NetworkError("cannot listen for the sandbox's resolver over TCP at \(NetworkBroker.resolverAddress)")
        }
        socket = fd
        listener = tcp
    }

    /// The sockets close with the last reference: the loop's and each forwarding thread's.
    deinit {
        close(socket)
        close(listener)
    }

    func start() {
        DetachedThread.start { [self] in loop() }
    }

    func stop() {
        stopping.store(true, ordering: .releasing)
        wake.signal()
    }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopping.load(ordering: .acquiring) {
            var fds = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 3, -1) < 0 && errno != EINTR { break }
            if fds[1].revents != 0 { wake.drain() }
            if fds[2].revents != 0 { acceptTCP() }
            guard fds[0].revents != 0 else { continue }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let n = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(socket, raw.baseAddress, raw.count, 0, $0, &length) }
                }
            }
            guard n > 0 else { continue }
            let peer = SocketIO.peer(storage, length)
            guard let query = DNSQuery.parse(Array(buffer[0..<n])) else { continue }  // not a question: dropped
            answer(query, to: peer)
        }
    }

    private func answer(_ query: DNSQuery, to peer: [UInt8]) {
        guard allowedRule(query.name) != nil, upstream != nil else { return reply(resolve(query, overTCP: false), to: peer) }
        // Forwarded questions wait for the upstream on threads of their own, a bounded number.
        guard inFlight.add(1, ordering: .relaxed).newValue <= DNSResolver.maxInFlight else {
            inFlight.subtract(1, ordering: .relaxed)
            return reply(DNSQuery.response(to: query, rcode: DNSQuery.serverFailure), to: peer)
        }
        let started = DetachedThread.start { [self] in
            defer { inFlight.subtract(1, ordering: .relaxed) }
            reply(resolve(query, overTCP: false), to: peer)
        }
        if !started { inFlight.subtract(1, ordering: .relaxed) }
    }

    /// A TCP client: one question per message (2-byte length first), answered on its own thread.
    private func acceptTCP() {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        guard inFlight.add(1, ordering: .relaxed).newValue <= DNSResolver.maxInFlight else {
            inFlight.subtract(1, ordering: .relaxed)
            close(connection)
            return
        }
        let started = DetachedThread.start { [self] in
            defer {
                close(connection)
                inFlight.subtract(1, ordering: .relaxed)
            }
            _ = fcntl(connection, F_SETFL, fcntl(connection, F_GETFL) & ~O_NONBLOCK)
            var timeout = timeval(tv_sec: Int(DNSResolver.timeoutMilliseconds / 1000), tv_usec: 0)
            _ = setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            while let message = DNSResolver.readFramed(connection), let query = DNSQuery.parse(message) {
                guard DNSResolver.writeFramed(connection, resolve(query, overTCP: true)) else { return }
            }
        }
        if !started {
            close(connection)
            inFlight.subtract(1, ordering: .relaxed)
        }
    }

    /// The answer to one question: NXDOMAIN for a name no rule allows, else the upstream's (its
    /// addresses pinned to the name), SERVFAIL when it does not answer. Records the event.
    private func resolve(_ query: DNSQuery, overTCP: Bool) -> [UInt8] {
        let rule = allowedRule(query.name)
        guard let rule, let upstream else {
            events?.network("net.dns", [("name", .text(query.name)), ("qtype", .number(Int64(query.type))),
                                        ("verdict", .text("denied")),
                                        ("reason", .text(rule == nil ? "no rule allows this name" : "no upstream resolver"))])
            return DNSQuery.response(to: query, rcode: rule == nil ? DNSQuery.nxdomain : DNSQuery.serverFailure)
        }
        let (response, answer) = overTCP ? forwardTCP(query, to: upstream) : forward(query, to: upstream)
        if let answer { pin(query.name, answer.addresses) }
        events?.network("net.dns", [("name", .text(query.name)), ("qtype", .number(Int64(query.type))),
                                    ("verdict", .text("allowed")), ("rule", .text(rule.description)),
                                    ("answer", .texts(answer?.addresses.map(\.description) ?? [])),
                                    ("rcode", .number(Int64(answer?.rcode ?? DNSQuery.serverFailure))),
                                    ("transport", .text(overTCP ? "tcp" : "udp"))])
        return response ?? DNSQuery.response(to: query, rcode: DNSQuery.serverFailure)
    }

    /// Asks the upstream over TCP.
    private func forwardTCP(_ query: DNSQuery, to upstream: SocketAddress) -> ([UInt8]?, DNSAnswer?) {
        let family = SocketIO.family(of: upstream.address)
        let fd = Glibc.socket(family, SocketIO.stream | SocketIO.closeOnExec, 0)
        guard fd >= 0 else { return (nil, nil) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: Int(DNSResolver.timeoutMilliseconds / 1000), tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard SocketIO.connect(fd, upstream, family: family) == 0, DNSResolver.writeFramed(fd, query.bytes),
              let message = DNSResolver.readFramed(fd), let answer = DNSQuery.parseAnswer(message, to: query) else {
            return (nil, nil)
        }
        return (message, answer)
    }

    /// One DNS-over-TCP message: a 2-byte big-endian length, then the message; nil at its end.
    static func readFramed(_ fd: Int32) -> [UInt8]? {
        guard let prefix = readExactly(fd, 2) else { return nil }
        let length = Int(prefix[0]) << 8 | Int(prefix[1])
        return length == 0 ? nil : readExactly(fd, length)
    }

    static func writeFramed(_ fd: Int32, _ message: [UInt8]) -> Bool {
        guard message.count <= 65535 else { return false }
        let bytes = [UInt8(message.count >> 8), UInt8(message.count & 0xff)] + message
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    private static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let n = out.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + offset, count - offset, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            offset += n
        }
        return out
    }

    /// Asks the upstream over UDP: its answer to exactly this question, or nil after the attempts.
    private func forward(_ query: DNSQuery, to upstream: SocketAddress) -> ([UInt8]?, DNSAnswer?) {
        let family = SocketIO.family(of: upstream.address)
        let fd = Glibc.socket(family, SocketIO.datagram | SocketIO.closeOnExec, 0)
        guard fd >= 0 else { return (nil, nil) }
        defer { close(fd) }
        guard SocketIO.connect(fd, upstream, family: family) == 0 else { return (nil, nil) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        for _ in 0..<DNSResolver.attempts {
            guard query.bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == query.bytes.count else { continue }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while poll(&pfd, 1, DNSResolver.timeoutMilliseconds) > 0 {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { break }
                let message = Array(buffer[0..<n])
                // Anything but the answer to this question (a stray or forged datagram) is ignored.
                if let answer = DNSQuery.parseAnswer(message, to: query) { return (message, answer) }
            }
        }
        return (nil, nil)
    }

    private func reply(_ message: [UInt8], to peer: [UInt8]) {
        _ = message.withUnsafeBytes { data in
            peer.withUnsafeBytes { address in
                sendto(socket, data.baseAddress, data.count, Int32(MSG_DONTWAIT),
                       address.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(address.count))
            }
        }
    }
}
