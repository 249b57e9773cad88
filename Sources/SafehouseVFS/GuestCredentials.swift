import Glibc
import SafehouseABI

/// Who the guest is on the host, for the permission checks the supervisor makes on its behalf.
///
/// The guest's user namespace maps exactly one uid and one gid to its host identity (`hostUID`,
/// `hostGID`): the invoker's own when the invoker is unprivileged, an unprivileged identity
/// (`unprivilegedID`, never host root) when the invoker is root. Everything the guest creates on the
/// host is owned by that identity. Objects owned by the invoker count as the guest's own too (the
/// caller handed them over: its output directory, its files), so a root invoker's output zone stays
/// writable. The guest holds no capability: for a host object it is the owner, in the group, or
/// "other". The kernel makes these checks itself when the supervisor runs as that same unprivileged
/// user; when the supervisor is root it would not, so the VFS makes them (see Docs/fd-model.md).
public struct GuestCredentials: Sendable {
    /// The guest's identity on the host: the owner of what it creates.
    public let hostUID: uid_t
    public let hostGID: gid_t
    /// Who started the sandbox (equal to hostUID/hostGID for an unprivileged invoker).
    public let invokerUID: uid_t
    public let invokerGID: gid_t
    /// The ids the guest sees for itself, and for unmapped owners (the kernel's overflow ids).
    public let guestUID: uid_t
    public let guestGID: gid_t
    public static let overflowID: UInt32 = 65534

    /// The host identity a root invoker's guest runs as: an id no host account uses (not even
    /// `nobody`, whose files must not become the guest's), below 2^31 for tools that sign-extend.
    public static let unprivilegedID: UInt32 = 2_000_000_000

    public init(hostUID: uid_t, hostGID: gid_t, guestUID: uid_t, guestGID: gid_t,
                invokerUID: uid_t? = nil, invokerGID: gid_t? = nil) {
        self.hostUID = hostUID
        self.hostGID = hostGID
        self.invokerUID = invokerUID ?? hostUID
        self.invokerGID = invokerGID ?? hostGID
        self.guestUID = guestUID
        self.guestGID = guestGID
    }

    public struct Access: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let execute = Access(rawValue: 1)
        public static let write = Access(rawValue: 2)
        public static let read = Access(rawValue: 4)
    }

    /// For the guest's host identity of an invoker: the guest's (unprivileged) host identity when the
    /// invoker is root, else the invoker itself.
    /// `uidMap`/`gidMap`: the id maps of the invoker's own user namespace (`/proc/self/uid_map`);
    /// a root that is root only in a user namespace with a partial map (a rootless container) gets
    /// the highest id mapped there instead of `unprivilegedID`, which it could not map.
    public static func forInvoker(uid: uid_t, gid: gid_t, guestUID: uid_t, guestGID: gid_t,
                                  uidMap: String = "0 0 4294967295", gidMap: String = "0 0 4294967295") -> GuestCredentials {
        guard uid == 0 else {
            return GuestCredentials(hostUID: uid, hostGID: gid, guestUID: guestUID, guestGID: guestGID)
        }
        return GuestCredentials(hostUID: unprivileged(in: uidMap), hostGID: unprivileged(in: gidMap),
                                guestUID: guestUID, guestGID: guestGID, invokerUID: uid, invokerGID: gid)
    }

    /// `unprivilegedID` when the map holds it, else the highest nonzero id it holds (0 if none).
    static func unprivileged(in map: String) -> UInt32 {
        var highest: UInt64 = 0
        for line in map.split(separator: "\n") {
            let numbers = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { UInt64($0) }
            guard numbers.count == 3, numbers[2] > 0 else { continue }
            let first = numbers[0], last = numbers[0] + numbers[2] - 1
            if first <= UInt64(unprivilegedID) && UInt64(unprivilegedID) <= last { return unprivilegedID }
            highest = max(highest, min(last, UInt64(UInt32.max - 1)))
        }
        return UInt32(highest)
    }

    public func owns(_ st: stat) -> Bool { ownsUID(st.st_uid) }
    public func ownsUID(_ uid: uid_t) -> Bool { uid == hostUID || uid == invokerUID }
    public func inGroup(_ gid: gid_t) -> Bool { gid == hostGID || gid == invokerGID }

    /// EACCES unless the guest may access an object with this host metadata. Execute on a regular
    /// file needs an x bit in the class that applies, as for any unprivileged user.
    public func check(_ st: stat, _ wanted: Access) throws(LinuxErrno) {
        if wanted.isEmpty { return }
        let mode = UInt32(st.st_mode)
        let bits: UInt32
        if owns(st) { bits = (mode >> 6) & 7 } else if inGroup(st.st_gid) { bits = (mode >> 3) & 7 } else { bits = mode & 7 }
        if wanted.rawValue & ~bits != 0 { throw .EACCES }
    }

    /// The uid/gid a guest `stat` shows for a host owner.
    public func guestView(uid: uid_t) -> uid_t { ownsUID(uid) ? guestUID : GuestCredentials.overflowID }
    public func guestView(gid: gid_t) -> gid_t { inGroup(gid) ? guestGID : GuestCredentials.overflowID }
}
