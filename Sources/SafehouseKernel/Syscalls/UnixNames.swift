import Glibc
import SafehouseCore
import SafehouseSystem
import Synchronization

/// The names of the AF_UNIX sockets the supervisor bound and connected. It binds a pathname socket
/// by its last component relative to the directory it pinned (so no symlink can be raced into the
/// path), and the kernel keeps that name: getsockname and getpeername would show "sock" where
/// Linux shows what the guest bound ("/tmp/dir/sock", or "dir/sock"). They are answered here with
/// the guest's own name.
final class UnixNames: Sendable {
    /// What the kernel keeps (`relative`), what the guest bound (`given`), where that is, and when
    /// (a sequence number: where several binds match, the latest is the one still bound).
    private struct Name { let relative: [UInt8]; let given: [UInt8]; let guestPath: [UInt8]; var order: UInt64 = 0 }
    /// By the socket's cookie (never reused, unlike a sockfs inode): the names bound, and the
    /// peers connected to.
    private struct Tables { var bound: [UInt64: Name] = [:]; var peers: [UInt64: Name] = [:]; var next: UInt64 = 0 }
    private let tables = Mutex(Tables())
    /// Entries kept at most (sockets closed leave theirs; a full table starts over).
    static let capacity = 4096

    func recordBound(_ socket: borrowing FileDescriptor, relative: [UInt8], given: [UInt8], guestPath: [UInt8]) {
        record(socket, Name(relative: relative, given: given, guestPath: guestPath), peer: false)
    }

    /// `socket` connected to the socket bound at `guestPath`: its peer's name is what that bind gave.
    func recordPeer(_ socket: borrowing FileDescriptor, guestPath: [UInt8]) {
        guard let name = tables.withLock({ $0.bound.values.filter { $0.guestPath == guestPath }.max { $0.order < $1.order } }) else {
            return
        }
        record(socket, name, peer: true)
    }

    private func record(_ socket: borrowing FileDescriptor, _ name: Name, peer: Bool) {
        guard let key = socket.socketCookie else { return }
        tables.withLock { tables in
            if tables.bound.count + tables.peers.count >= UnixNames.capacity { tables = Tables(next: tables.next) }
            var name = name
            tables.next += 1
            name.order = tables.next
            if peer { tables.peers[key] = name } else { tables.bound[key] = name }
        }
    }


    /// The guest's name for `relative`, the name the kernel reports for `socket` (its own with
    /// `peer` false). A socket accepted from a listener reports the listener's name: taken from the
    /// latest bind of that name.
    func givenName(of socket: borrowing FileDescriptor, relative: [UInt8], peer: Bool) -> [UInt8]? {
        guard let key = socket.socketCookie else { return nil }
        return tables.withLock { tables in
            if let name = (peer ? tables.peers : tables.bound)[key], name.relative == relative {
                return name.given
            }
            return tables.bound.values.filter { $0.relative == relative }.max { $0.order < $1.order }?.given
        }
    }
}

extension Sockets {
    static let getsockname = GuestCall.handler { call throws(CallError) in try socketName(call, peer: false) }
    static let getpeername = GuestCall.handler { call throws(CallError) in try socketName(call, peer: true) }

    /// getsockname/getpeername: the kernel's answer, on our copy of the guest's socket, with an
    /// AF_UNIX name the supervisor bound relative to its directory given back as the guest named it.
    /// Anything else continues in the kernel.
    static func socketName(_ call: GuestCall, peer: Bool) throws(CallError) -> SyscallReply {
        let socket = try socket(call, call.int(0))
        guard let storage = try? socket.socketName(peer: peer, capacity: addressMax), storage.count > sunPathOffset,
              family(storage) == afUnix, storage[sunPathOffset] != 0, storage[sunPathOffset] != UInt8(ascii: "/") else {
            return .continueCall
        }
        let relative = Array(storage[sunPathOffset...].prefix { $0 != 0 })
        guard let path = call.fs.unixNames.givenName(of: socket, relative: relative, peer: peer),
              path.count < 108 else { return .continueCall }
        // A value-result length: the guest's buffer gets what fits, its length the whole address.
        let given = Int32(bitPattern: UInt32(truncatingIfNeeded: try call.read(call.arg(2), 4).withUnsafeBytes { $0.load(as: UInt32.self) }))
        if given < 0 { throw .errno(.EINVAL) }
        let address = Array(storage[0..<sunPathOffset]) + path + [0]
        try call.write(call.arg(1), Array(address.prefix(Int(given))))
        try call.write(call.arg(2), value: UInt32(address.count))
        return .value(0)
    }
}
