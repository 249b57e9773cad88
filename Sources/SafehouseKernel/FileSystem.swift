import CSafehouse
import Glibc
import SafehouseABI
import SafehousePolicy
import SafehouseProcfs
import SafehouseSystem
import SafehouseVFS
import Synchronization

/// The sandbox's file namespace as the file handlers use it: the VFS resolver over the mount
/// table (built beneath the guest's kernel root) with the policy's path rules, and who the guest is.
public final class FileSystem: Sendable {
    public let resolver: PathResolver
    public let credentials: GuestCredentials
    /// The guest paths of the AF_UNIX sockets the supervisor bound and connected.
    let unixNames = UnixNames()
    /// Held while a synthetic /proc directory is listed: reading its position, filling the guest's
    /// buffer and moving the position are one step, as Linux's f_pos_lock makes getdents, for
    /// threads listing through one shared descriptor.
    let procListing = Mutex<Void>(())
    /// Mount ids of the writable zones' mounts in the guest's namespace: the only mounts on which
    /// the metadata of an object the guest holds may be changed.
    let writableMounts: Set<UInt64>
    /// The output zones' mounts (kept by the caller: no set-id bits there).
    let outputMounts: Set<UInt64>
    /// Objects the sandbox was handed from the host (the guest's stdin, stdout and stderr), and
    /// the roots of its host-backed zones (the caller's directories themselves, not what the guest
    /// makes in them): never changed, whatever filesystem they live on.
    let handedObjects: Set<ObjectID>

    /// An inode, by device and number.
    public struct ObjectID: Hashable, Sendable {
        let device: UInt64, inode: UInt64
        public init(_ st: stat) {
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
        }
    }

    /// `checkPermissions`: the supervisor's own credentials would bypass the guest's (it runs as
    /// root), so the VFS checks them. `handedObjects`: what the guest's inherited descriptors name.
    public init(table: MountTable, rules: PathRuleSet, credentials: GuestCredentials, checkPermissions: Bool,
                procfs: ProcFilesystem? = nil, handedObjects: Set<ObjectID> = []) {
        self.resolver = PathResolver(table: table, rules: rules, credentials: checkPermissions ? credentials : nil,
                                     procfs: procfs)
        self.credentials = credentials
        var handed = handedObjects
        for zone in table.zones where zone.kind != .scratch && zone.isDirectory {
            var st = stat()
            if fstat(zone.baseFd, &st) == 0 { handed.insert(ObjectID(st)) }
        }
        self.handedObjects = handed
        var mounts = Set<UInt64>(), outputs = Set<UInt64>()
        for zone in table.zones where !zone.isReadOnly {
            guard let id = PathResolver.mountID(zone.baseFd) else { continue }
            mounts.insert(id)
            if zone.kind == .output { outputs.insert(id) }
        }
        // The sandbox's own devpts instance (made inside its user namespace: its ptys only): a
        // guest may change the mode of its own terminal (mesg, fchmod of a pts), never a host one.
        if table.guestRootFd >= 0,
           let devpts = try? PathResolver.openBeneath(table.guestRootFd, Array("dev/pts".utf8), flags: OpenFlag.path | O_DIRECTORY),
           fileSystemType(devpts.rawValue) == FileSystem.devptsMagic, let id = PathResolver.mountID(devpts.rawValue) {
            mounts.insert(id)
        }
        self.writableMounts = mounts
        self.outputMounts = outputs
    }

    /// Filesystems of objects that live in no directory (pipes, sockets, eventfds and the like):
    /// a guest's own may be changed like any object it owns.
    static let devptsMagic: Int64 = 0x1cd1

    static let anonymousFileSystems: Set<Int64> = [0x5049_5045 /* pipefs */, 0x534F_434B /* sockfs */,
                                                   0x0904_1934 /* anon_inodefs */]

    /// Whether the metadata of the object behind one of the guest's descriptors may change: only
    /// inside a writable zone, or an anonymous object that is the guest's own. Everything else it
    /// holds (host stdio, a host terminal, the /dev nodes, read-only zones, the synthetic /proc)
    /// is the host's and is EPERM, as for a file one does not own.
    /// Returns whether the object lies in an output zone.
    func checkMetadataChangeable(_ fd: borrowing FileDescriptor, _ st: stat) throws(CallError) -> Bool {
        // A read-only mount (a read-only zone, the sandbox's root) refuses first, as on Linux.
        var fs = statvfs()
        if fstatvfs(fd.rawValue, &fs) == 0 && fs.f_flag & UInt(ST_RDONLY) != 0 { throw .errno(.EROFS) }
        try checkNotHanded(st)
        if let mount = PathResolver.mountID(fd.rawValue), writableMounts.contains(mount) { return outputMounts.contains(mount) }
        if let type = fileSystemType(fd.rawValue), FileSystem.anonymousFileSystems.contains(type) { return false }
        throw .errno(.EPERM)
    }

    /// EPERM for an object the host handed the sandbox (its stdio, a zone's root directory).
    func checkNotHanded(_ st: stat) throws(CallError) {
        if handedObjects.contains(ObjectID(st)) { throw .errno(.EPERM) }
    }


    var table: MountTable { resolver.table }

    /// An O_PATH|O_NOFOLLOW descriptor of a resolved, existing name: where the sandbox's mount
    /// namespace has it (beneath its zone, or beneath the guest root for synthetic names).
    func pin(_ r: Resolved) throws(CallError) -> FileDescriptor {
        let flags: Int32 = OpenFlag.path | O_NOFOLLOW
        do throws(Errno) {
            switch r.location {
            case .host(let zone, let relative) where r.kind == .procObject:
                // Through the procfs magic link to the pipe, socket or removed file behind it.
                return try zone.base.open(relative, flags: OpenFlag.path)
            case .host(let zone, let relative):
                return try PathResolver.openBeneath(zone.baseFd, relative, flags: flags)
            case .synthetic:
                guard table.guestRootFd >= 0 else { throw Errno(ENOENT) }
                return try PathResolver.openBeneath(table.guestRootFd, PathResolver.rootRelative(r.guestPath), flags: flags)
            case .syntheticMissing:
                throw Errno(ENOENT)
            }
        } catch {
            throw LinuxErrno.host(error.rawValue)
        }
    }

    /// The host metadata of a pinned object.
    func metadata(_ fd: borrowing FileDescriptor) throws(CallError) -> stat {
        do { return try fd.status() } catch { throw LinuxErrno.host(error.rawValue) }
    }

    /// A name in a directory the supervisor holds: what calls that create, remove or rename act on.
    struct NameInDirectory: ~Copyable {
        let directory: FileDescriptor
        let name: [UInt8]
    }

    /// The directory holding a resolved name and the name in it, for calls that create, remove or
    /// rename names. A mount point (a zone's root) is EBUSY, a synthetic name EROFS, as on Linux.
    func parent(_ r: Resolved) throws(CallError) -> NameInDirectory {
        guard case .host(let zone, let relative) = r.location else { throw .errno(.EROFS) }
        if relative == [UInt8(ascii: ".")] || (!zone.isDirectory && r.guestPath == Array(zone.guestPath.utf8)) {
            // The mount point's own directory is the sandbox's read-only root (or a read-only zone).
            throw .errno(.EROFS)
        }
        let (parent, name) = PathResolver.split(relative)
        do {
            return NameInDirectory(directory: try PathResolver.openBeneath(zone.baseFd, parent, flags: OpenFlag.path | O_DIRECTORY),
                                   name: name)
        } catch { throw LinuxErrno.host(error.rawValue) }
    }

    /// The guest's view of host metadata: owners mapped as the user namespace maps them.
    func guestStat(_ st: stat) -> stat {
        var view = st
        view.st_uid = credentials.guestView(uid: st.st_uid)
        view.st_gid = credentials.guestView(gid: st.st_gid)
        return view
    }

    /// Permission check when the supervisor's credentials would skip it (nil credentials: the
    /// kernel checks on the supervisor's own call, which runs as the guest's host uid).
    func check(_ st: stat, _ wanted: GuestCredentials.Access) throws(CallError) {
        guard let credentials = resolver.credentials else { return }
        do throws(LinuxErrno) { try credentials.check(st, wanted) } catch { throw .errno(error) }
    }

    /// Permission check against the guest's credentials whoever the supervisor is (access(2),
    /// exec, chdir: calls the supervisor answers without making them on the host).
    func checkGuest(_ st: stat, _ wanted: GuestCredentials.Access) throws(CallError) {
        do throws(LinuxErrno) { try credentials.check(st, wanted) } catch { throw .errno(error) }
    }

    /// Only the owner may change mode, owner or explicit times (EPERM otherwise).
    func checkOwner(_ st: stat) throws(CallError) {
        guard let credentials = resolver.credentials else { return }
        if !credentials.owns(st) { throw .errno(.EPERM) }
    }
}
