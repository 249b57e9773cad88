import CSafehouse
import Glibc
import SafehouseSystem
import SafehousePolicy
import Synchronization

/// The TCP sockets the broker installed, by cookie (SO_COOKIE), and what each carried. Their data
/// moves without a trap, so the counts come from the kernel: it broadcasts every TCP socket's
/// destruction on sock_diag with its cookie and tcp_info, and the ledger reports ours as
/// `net.close` with the kernel's counts, `tcp_bytes_acked` and `tcp_bytes_received` (RFC 4898's,
/// in sequence space: the SYN and each FIN count one byte).
final class ConnectionLedger: @unchecked Sendable {
    /// How long `stop` waits for the broadcasts of sockets that closed as the sandbox ended.
    static let settleMilliseconds = 200
    // struct inet_diag_msg and struct tcp_info offsets (linux/inet_diag.h, linux/tcp.h).
    static let diagMessageSize = 72, cookieOffset = 44, bytesAckedOffset = 120, bytesReceivedOffset = 128
    static let sockDiagByFamily: UInt16 = 20, infoAttribute: UInt16 = 2

    private let events: NetworkEventSink?
    private let open = Mutex<[UInt64: SocketAddress]>([:])
    private let listener: Int32
    private let wake = Wakeup()
    private let stopping = Atomic<Bool>(false)

    /// `counting`: subscribe to the broadcasts (every TCP socket of the host's namespace, so only
    /// where the policy allows network at all).
    init(events: NetworkEventSink?, counting: Bool) {
        self.events = events
        listener = counting ? sh_tcp_destroy_listener() : -1  // < 0: no counts (sockets are still tracked)
        if listener >= 0 { DetachedThread.start { [self] in loop() } }
    }

    deinit {
        if listener >= 0 { close(listener) }
    }

    func track(_ cookie: UInt64, _ destination: SocketAddress) {
        open.withLock { $0[cookie] = destination }
    }

    func contains(_ cookie: UInt64) -> Bool { open.withLock { $0[cookie] != nil } }

    /// Installed sockets not yet destroyed.
    var count: Int { open.withLock { $0.count } }

    func stop() {
        if listener >= 0 {
            var waited = 0
            while waited < ConnectionLedger.settleMilliseconds && !open.withLock({ $0.isEmpty }) {
                usleep(10_000)
                waited += 10
            }
        }
        stopping.store(true, ordering: .releasing)
        wake.signal()
    }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !stopping.load(ordering: .acquiring) {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.fd, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 && errno != EINTR { return }
            guard fds[0].revents != 0 else { continue }
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(listener, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if n < 0 && errno == ENOBUFS { continue }  // broadcasts were dropped: keep reading
                guard n > 0 else { break }
                messages(buffer[0..<n])
            }
        }
    }

    /// Walks the netlink messages of one read.
    private func messages(_ data: ArraySlice<UInt8>) {
        var offset = data.startIndex
        while offset + 16 <= data.endIndex {
            let length = Int(Self.u32(data, offset))
            let type = UInt16(data[offset + 4]) | UInt16(data[offset + 5]) << 8
            guard length >= 16, offset + length <= data.endIndex else { return }
            if type == Self.sockDiagByFamily { destroyed(data[(offset + 16)..<(offset + length)]) }
            offset += (length + 3) & ~3
        }
    }

    /// One destroyed socket: reported if it is one of ours.
    private func destroyed(_ body: ArraySlice<UInt8>) {
        guard body.count >= Self.diagMessageSize else { return }
        let start = body.startIndex
        let cookie = UInt64(Self.u32(body, start + Self.cookieOffset)) | UInt64(Self.u32(body, start + Self.cookieOffset + 4)) << 32
        guard let destination = open.withLock({ $0.removeValue(forKey: cookie) }) else { return }
        var sent: Int64 = -1, received: Int64 = -1
        var offset = start + Self.diagMessageSize
        while offset + 4 <= body.endIndex {
            let length = Int(UInt16(body[offset]) | UInt16(body[offset + 1]) << 8)
            let type = UInt16(body[offset + 2]) | UInt16(body[offset + 3]) << 8
            guard length >= 4, offset + length <= body.endIndex else { break }
            if type == Self.infoAttribute && length >= 4 + Self.bytesReceivedOffset + 8 {
                sent = Int64(bitPattern: Self.u64(body, offset + 4 + Self.bytesAckedOffset))
                received = Int64(bitPattern: Self.u64(body, offset + 4 + Self.bytesReceivedOffset))
            }
            offset += (length + 3) & ~3
        }
        var fields: [(String, EventValue)] = [("destination", .text(destination.description)), ("transport", .text("tcp"))]
        if sent >= 0 { fields += [("tcp_bytes_acked", .number(sent)), ("tcp_bytes_received", .number(received))] }
        events?.network("net.close", fields)
    }

    private static func u32(_ data: ArraySlice<UInt8>, _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[at + $1]) << (8 * UInt32($1)) }
    }

    private static func u64(_ data: ArraySlice<UInt8>, _ at: Int) -> UInt64 {
        UInt64(u32(data, at)) | UInt64(u32(data, at + 4)) << 32
    }
}
