import CSafehouse
import Glibc
import SafehouseSystem
import SafehousePolicy
import Synchronization

/// UDP exits. Inside the guest's namespace every address is local, so a datagram to an allowed
/// destination D is delivered to an exit socket the supervisor bound at D there; the relay sends
/// it on from a host socket connected to D (one per guest source, so answers find their way
/// back), and answers return from D's exit socket, with D as their source. A destination without
/// an exit is a dead end inside the namespace: no datagram the guest sends leaves otherwise, so
/// a guest racing an address past a check can only reach a destination that was allowed.
final class UDPRelay: @unchecked Sendable {
    /// Bounds on what one sandbox can make the supervisor hold.
    static let maxExits = 256, maxPeersPerExit = 64, maxPeers = 1024, datagramMax = 65536

    private struct Exit {
        let destination: SocketAddress
        /// The exit socket in the guest's namespace, bound at the destination.
        let inside: Int32
        /// Host sockets connected to the destination, by the guest socket they answer.
        var outside: [[UInt8]: Int32] = [:]
        var bytesOut: Int64 = 0, bytesIn: Int64 = 0
    }

    private let guestNamespace: Int32
    private let events: NetworkEventSink?
    private let exits = Mutex<[SocketAddress: Exit]>([:])
    private let wake = Wakeup()
    private let running = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)

    init(guestNamespace: Int32, events: NetworkEventSink?) {
        self.guestNamespace = guestNamespace
        self.events = events
    }

    /// Opens the exit for `destination` if it is not open: 0, or -errno.
    func open(to destination: SocketAddress) -> Int32 {
        if exits.withLock({ $0[destination] != nil }) { return 0 }
        let family = SocketIO.family(of: destination.address)
        let inside = sh_socket_in_netns(guestNamespace, family, SocketIO.datagram | SocketIO.nonblocking, 0)
        if inside < 0 { return inside }
        // Bound at an address no interface has: the namespace's local route delivers it here.
        _ = family == AF_INET ? SocketIO.setInt(inside, Int32(IPPROTO_IP), 15 /* IP_FREEBIND */, 1)
            : SocketIO.setInt(inside, Int32(IPPROTO_IPV6), 78 /* IPV6_FREEBIND */, 1)
        let bound = SocketIO.bind(inside, destination, family: family)
        if bound < 0 {
            close(inside)
            return bound == -EADDRINUSE ? 0 : bound  // the guest's own socket holds it: its traffic
        }
        let added = exits.withLock { exits -> Bool in
            guard exits[destination] == nil, exits.count < UDPRelay.maxExits else { return false }
            exits[destination] = Exit(destination: destination, inside: inside)
            return true
        }
        if !added {
            close(inside)
            return exits.withLock { $0[destination] != nil } ? 0 : -ENOBUFS
        }
        if !running.exchange(true, ordering: .acquiringAndReleasing) {
            if !DetachedThread.start({ [self] in loop() }) { running.store(false, ordering: .releasing) }
        } else {
            wake.signal()
        }
        return 0
    }

    func stop() {
        stopping.store(true, ordering: .releasing)
        wake.signal()
        // The loop closes the sockets when it sees `stopping`; without a loop, close them here.
        if !running.load(ordering: .acquiring) { closeAll() }
    }

    private func closeAll() {
        let all = exits.withLock { exits -> [Exit] in
            defer { exits = [:] }
            return Array(exits.values)
        }
        for exit in all {
            events?.network("net.close", [("destination", .text(exit.destination.description)), ("transport", .text("udp")),
                                          ("bytes_sent", .number(exit.bytesOut)), ("bytes_received", .number(exit.bytesIn))])
            close(exit.inside)
            for fd in exit.outside.values { close(fd) }
        }
    }

    private enum Source { case wake, inside(SocketAddress), outside(SocketAddress, [UInt8]) }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: UDPRelay.datagramMax)
        while !stopping.load(ordering: .acquiring) {
            var fds = [pollfd(fd: wake.fd, events: Int16(POLLIN), revents: 0)]
            var sources: [Source] = [.wake]
            exits.withLock { exits in
                for (destination, exit) in exits {
                    fds.append(pollfd(fd: exit.inside, events: Int16(POLLIN), revents: 0))
                    sources.append(.inside(destination))
                    for (peer, fd) in exit.outside {
                        fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
                        sources.append(.outside(destination, peer))
                    }
                }
            }
            if poll(&fds, nfds_t(fds.count), -1) < 0 && errno != EINTR { break }
            for (i, pfd) in fds.enumerated() where pfd.revents != 0 {
                switch sources[i] {
                case .wake: wake.drain()
                case .inside(let destination): forwardOut(destination, pfd.fd, &buffer)
                case .outside(let destination, let peer): forwardIn(destination, peer, pfd.fd, &buffer)
                }
            }
        }
        closeAll()
    }

    /// A datagram from a guest socket to `destination`: sent on from that guest socket's host socket.
    private func forwardOut(_ destination: SocketAddress, _ inside: Int32, _ buffer: inout [UInt8]) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let n = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(inside, raw.baseAddress, raw.count, 0, $0, &length) }
            }
        }
        guard n >= 0 else { return }
        let peer = SocketIO.peer(storage, length)
        var outside = exits.withLock { $0[destination]?.outside[peer] }
        if outside == nil {
            let family = SocketIO.family(of: destination.address)
            let fd = socket(family, SocketIO.datagram | SocketIO.nonblocking | SocketIO.closeOnExec, 0)
            guard fd >= 0 else { return }
            guard SocketIO.connect(fd, destination, family: family) == 0 else {
                close(fd)
                return
            }
            let kept = exits.withLock { exits -> Bool in
                guard var exit = exits[destination], exit.outside.count < UDPRelay.maxPeersPerExit,
                      exits.values.reduce(0, { $0 + $1.outside.count }) < UDPRelay.maxPeers else { return false }
                exit.outside[peer] = fd
                exits[destination] = exit
                return true
            }
            if !kept {
                close(fd)
                return
            }
            outside = fd
        }
        guard let outside else { return }
        if buffer.withUnsafeBytes({ send(outside, $0.baseAddress, n, Int32(MSG_DONTWAIT)) }) == n {
            exits.withLock { $0[destination]?.bytesOut += Int64(n) }
        }
    }

    /// An answer from `destination` to the guest socket `peer`: sent back from the exit socket.
    private func forwardIn(_ destination: SocketAddress, _ peer: [UInt8], _ outside: Int32, _ buffer: inout [UInt8]) {
        let n = buffer.withUnsafeMutableBytes { recv(outside, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        guard n >= 0, let inside = exits.withLock({ $0[destination]?.inside }) else { return }
        let sent = buffer.withUnsafeBytes { data in
            peer.withUnsafeBytes { address in
                sendto(inside, data.baseAddress, n, Int32(MSG_DONTWAIT),
                       address.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(address.count))
            }
        }
        if sent == n { exits.withLock { $0[destination]?.bytesIn += Int64(n) } }
    }
}
