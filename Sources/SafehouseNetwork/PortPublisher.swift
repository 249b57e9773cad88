import CSafehouse
import Glibc
import SafehousePolicy
import SafehouseSystem
import Synchronization

/// `--publish HOST_PORT:GUEST_PORT`: the supervisor listens on the host and joins each connection
/// it accepts to a new connection to the guest's own 127.0.0.1:GUEST_PORT, made in the guest's
/// namespace. Nothing else from the host reaches the sandbox.
final class PortPublisher: @unchecked Sendable {
    static let bufferSize = 65536
    /// Connections joined at once; later ones wait in the listen backlog.
    static let maxConnections = 256

    private let ports: [PublishedPort]
    private let listeners: [Int32]
    private let guestNamespace: Int32
    private let events: NetworkEventSink?
    private let wake = Wakeup()
    private let stopping = Atomic<Bool>(false)
    private let connections = Atomic<Int>(0)

    init(_ ports: [PublishedPort], guestNamespace: Int32, events: NetworkEventSink?) throws(NetworkError) {
        var listeners: [Int32] = []
        for port in ports {
            let host = SocketAddress(address: port.hostAddress, port: port.hostPort)
            let family = SocketIO.family(of: port.hostAddress)
            let fd = socket(family, SocketIO.stream | SocketIO.closeOnExec | SocketIO.nonblocking, 0)
            var r = fd < 0 ? -errno : 0
            if r == 0 {
                _ = SocketIO.setInt(fd, SOL_SOCKET, SO_REUSEADDR, 1)
                r = SocketIO.bind(fd, host, family: family)
            }
            if r == 0 && listen(fd, 128) < 0 { r = -errno }
            if r < 0 {
                if fd >= 0 { close(fd) }
                for l in listeners { close(l) }
                throw NetworkError("cannot publish \(host): \(Errno(-r))")
            }
            listeners.append(fd)
            events?.network("net.publish", [("host", .text(host.description)), ("guest_port", .number(Int64(port.guestPort)))])
        }
        self.ports = ports
        self.listeners = listeners
        self.guestNamespace = guestNamespace
        self.events = events
    }

    deinit {
        for fd in listeners { close(fd) }
    }

    func start() { DetachedThread.start { [self] in acceptLoop() } }

    func stop() {
        stopping.store(true, ordering: .releasing)
        wake.signal()
    }

    private func acceptLoop() {
        while !stopping.load(ordering: .acquiring) {
            var fds = listeners.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            fds.append(pollfd(fd: wake.fd, events: Int16(POLLIN), revents: 0))
            if poll(&fds, nfds_t(fds.count), -1) < 0 && errno != EINTR { return }
            for (i, port) in ports.enumerated() where fds[i].revents != 0 {
                guard connections.load(ordering: .relaxed) < PortPublisher.maxConnections else { continue }
                let client = accept(listeners[i], nil, nil)
                guard client >= 0 else { continue }
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                // Accepted sockets do not inherit O_NONBLOCK on Linux: the pump blocks in poll only.
                join(client, port)
            }
        }
    }

    /// Connects `client` to the guest's port and copies both ways on a thread of its own.
    private func join(_ client: Int32, _ port: PublishedPort) {
        let guest = sh_socket_in_netns(guestNamespace, AF_INET, SocketIO.stream, 0)
        let loopback = SocketAddress(address: IPAddress(127, 0, 0, 1), port: port.guestPort)
        guard guest >= 0, SocketIO.connect(guest, loopback, family: AF_INET) == 0 else {
            if guest >= 0 { close(guest) }
            close(client)
            return
        }
        events?.network("net.accept", [("guest_port", .number(Int64(port.guestPort))), ("host_port", .number(Int64(port.hostPort)))])
        connections.add(1, ordering: .relaxed)
        let started = DetachedThread.start { [self] in
            PortPublisher.pump(client, guest, wake: wake.fd, stopping: stopping)
            close(client)
            close(guest)
            connections.subtract(1, ordering: .relaxed)
        }
        if !started {
            close(client)
            close(guest)
            connections.subtract(1, ordering: .relaxed)
        }
    }

    /// Copies between `a` and `b` until both directions have ended (a half-close is passed on).
    static func pump(_ a: Int32, _ b: Int32, wake: Int32, stopping: borrowing Atomic<Bool>) {
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        var open = (true, true)  // a→b, b→a
        while (open.0 || open.1) && !stopping.load(ordering: .acquiring) {
            var fds = [pollfd(fd: a, events: open.0 ? Int16(POLLIN) : 0, revents: 0),
                       pollfd(fd: b, events: open.1 ? Int16(POLLIN) : 0, revents: 0),
                       pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 3, -1) < 0 && errno != EINTR { return }
            if open.0 && fds[0].revents != 0 { open.0 = copy(from: a, to: b, &buffer) }
            if open.1 && fds[1].revents != 0 { open.1 = copy(from: b, to: a, &buffer) }
        }
    }

    /// One read and a full write; false when the source ended or either side failed.
    private static func copy(from source: Int32, to sink: Int32, _ buffer: inout [UInt8]) -> Bool {
        let n = buffer.withUnsafeMutableBytes { Glibc.read(source, $0.baseAddress, $0.count) }
        if n < 0 && errno == EAGAIN { return true }
        guard n > 0 else {
            shutdown(sink, Int32(SHUT_WR))
            return false
        }
        var offset = 0
        while offset < n {
            let w = buffer.withUnsafeBytes { send(sink, $0.baseAddress! + offset, n - offset, Int32(MSG_NOSIGNAL)) }
            if w < 0 && errno == EINTR { continue }
            guard w > 0 else { return false }
            offset += w
        }
        return true
    }
}
