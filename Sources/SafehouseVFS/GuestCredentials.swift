import Glibc
import SafehouseABI

/// Who the guest is on the host, for the permission checks the supervisor makes on its behalf.
///
/// The guest's user namespace maps exactly one uid and one gid (the invoker's) and the guest holds no
/// capability, so for a host object it is the owner when the object's uid is the invoker's, in the
/// group when the gid is the invoker's, and "other" otherwise. The kernel makes these checks itself
/// when the supervisor runs as that same unprivileged user; when the supervisor is root it would
/// not, so the VFS makes them (see Docs/fd-model.md).
public struct GuestCredentials: Sendable {
    public let hostUID: uid_t
    public let hostGID: gid_t
    /// The ids the guest sees for itself, and for unmapped owners (the kernel's overflow ids).
    public let guestUID: uid_t
    public let guestGID: gid_t
    public static let overflowID: UInt32 = 65534

    public init(hostUID: uid_t, hostGID: gid_t, guestUID: uid_t, guestGID: gid_t) {
        self.hostUID = hostUID
        self.hostGID = hostGID
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

    public func owns(_ st: stat) -> Bool { st.st_uid == hostUID }

    /// EACCES unless the guest may access an object with this host metadata. Execute on a regular
    /// file needs an x bit in the class that applies, as for any unprivileged user.
    public func check(_ st: stat, _ wanted: Access) throws(LinuxErrno) {
        if wanted.isEmpty { return }
        let mode = UInt32(st.st_mode)
        let bits: UInt32
        if st.st_uid == hostUID { bits = (mode >> 6) & 7 } else if st.st_gid == hostGID { bits = (mode >> 3) & 7 } else { bits = mode & 7 }
        if wanted.rawValue & ~bits != 0 { throw .EACCES }
    }

    /// The uid/gid a guest `stat` shows for a host owner.
    public func guestView(uid: uid_t) -> uid_t { uid == hostUID ? guestUID : GuestCredentials.overflowID }
    public func guestView(gid: gid_t) -> gid_t { gid == hostGID ? guestGID : GuestCredentials.overflowID }
}
