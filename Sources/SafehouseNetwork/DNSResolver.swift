import CSafehouse
import Glibc
import SafehousePolicy
import SafehouseSystem
import Synchronization

/// The sandbox's resolver, at 127.0.0.53:53 inside the guest's namespace (its /etc/resolv.conf
/// names it). A question for a name a rule allows is forwarded to the upstream and the addresses
/// of the answer are pinned to that name; any other question is answered NXDOMAIN here and never
/// leaves the host, so DNS carries nothing out. Names are decided in canonical form (DNSQuery).
final class DNSResolver: @unchecked Sendable {
    static let timeoutMilliseconds: Int32 = 2000, attempts = 2
    /// Questions forwarded at once; more are answered SERVFAIL, as by a busy resolver.
    static let maxInFlight = 32

    private let socket: Int32
    private let upstream: SocketAddress?
    private let events: NetworkEventSink?
    private let wake: Int32
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
        socket = fd
        wake = SocketIO.makeWake()
    }

    /// The sockets close with the last reference: the loop's and each forwarding thread's.
    deinit {
        close(socket)
        close(wake)
    }

    func start() {
        DetachedThread.start { [self] in loop() }
    }

    func stop() {
        stopping.store(true, ordering: .releasing)
        SocketIO.wake(wake)
    }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopping.load(ordering: .acquiring) {
            var fds = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 && errno != EINTR { break }
            if fds[1].revents != 0 { SocketIO.drain(wake) }
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
        let rule = allowedRule(query.name)
        guard let rule, let upstream else {
            events?.network("net.dns", [("name", .text(query.name)), ("qtype", .number(Int64(query.type))),
                                        ("verdict", .text("denied")),
                                        ("reason", .text(rule == nil ? "no rule allows this name" : "no upstream resolver"))])
            reply(DNSQuery.response(to: query, rcode: rule == nil ? DNSQuery.nxdomain : DNSQuery.serverFailure), to: peer)
            return
        }
        guard inFlight.add(1, ordering: .relaxed).newValue <= DNSResolver.maxInFlight else {
            inFlight.subtract(1, ordering: .relaxed)
            reply(DNSQuery.response(to: query, rcode: DNSQuery.serverFailure), to: peer)
            return
        }
        let started = DetachedThread.start { [self] in
            defer { inFlight.subtract(1, ordering: .relaxed) }
            let (response, answer) = forward(query, to: upstream)
            if let answer { pin(query.name, answer.addresses) }
            events?.network("net.dns", [("name", .text(query.name)), ("qtype", .number(Int64(query.type))),
                                        ("verdict", .text("allowed")), ("rule", .text(rule.description)),
                                        ("answer", .texts(answer?.addresses.map(\.description) ?? [])),
                                        ("rcode", .number(Int64(answer?.rcode ?? DNSQuery.serverFailure)))])
            reply(response ?? DNSQuery.response(to: query, rcode: DNSQuery.serverFailure), to: peer)
        }
        if !started { inFlight.subtract(1, ordering: .relaxed) }
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
