import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
import SafehousePolicy
import SafehouseSystem
import SafehouseVFS

/// Metadata changes (mode, owner, times, size, extended attributes) and inotify watches.
/// By path: the VFS resolves, the object is pinned with O_PATH and changed through
/// `/proc/self/fd/N` of that pin. By descriptor (fchmod, fchown, fsetxattr, fremovexattr): the
/// guest's own object, pinned as a copy of its open file description and changed through that copy,
/// only inside a writable zone (FileSystem.checkMetadataChangeable), after the rules for its path.
/// Read-only zones are read-only mounts in the guest's namespace, so the kernel refuses there too.
enum FileAttributes {
    /// The syscalls this family answers (checked against the table's emulated set by
    /// SyscallRegistrationTests).
    static let handlers: [Syscall: SyscallHandler] = [
        .chmod: chmod, .fchmodat: fchmodat, .fchmod: fchmod, .chown: chown, .lchown: lchown,
        .fchownat: fchownat, .fchown: fchown, .utimensat: utimensat, .utimes: utimes, .futimesat: futimesat,
        .utime: utime, .truncate: truncate, .setxattr: setxattr, .lsetxattr: lsetxattr, .fsetxattr: fsetxattr,
        .getxattr: getxattr, .lgetxattr: lgetxattr, .listxattr: listxattr, .llistxattr: llistxattr,
        .removexattr: removexattr, .lremovexattr: lremovexattr, .fremovexattr: fremovexattr,
        .inotify_add_watch: inotifyAddWatch,
    ]

    /// What a metadata call acts on: a path for the host's *at calls.
    struct Object: ~Copyable {
        /// The object, pinned: every check and change acts on it (through its /proc/self/fd entry).
        let pin: FileDescriptor
        let metadata: stat
        let resolved: Resolved?
        /// In an output zone: kept by the caller, so never made set-id.
        let inOutputZone: Bool

    }

    static func object(_ call: GuestCall, dirfd: Int32, pathArg: Int, follow: Bool, emptyPathOK: Bool = false) throws(CallError) -> Object {
        guard let r = try call.resolve(dirfd: dirfd, pathArg: pathArg, follow: follow, emptyPathOK: emptyPathOK) else {
            return try descriptor(call, dirfd == GuestCall.atFdcwd ? nil : dirfd)
        }
        if r.kind == .missing { throw .errno(.ENOENT) }
        return try changeable(call, r)
    }

    /// A resolved, existing name that is about to change: EROFS and the rules, then pinned.
    static func changeable(_ call: GuestCall, _ r: Resolved) throws(CallError) -> Object {
        try FileNames.checkChangeable(r)
        let object = try pinned(call, r)
        try call.fs.checkNotHanded(object.metadata)
        return object
    }

    /// A resolved, existing name pinned with O_PATH, named through the pin's /proc/self/fd entry.
    static func pinned(_ call: GuestCall, _ r: Resolved) throws(CallError) -> Object {
        let pin = try call.fs.pin(r)
        let st = try call.fs.metadata(pin)
        return Object(pin: pin, metadata: st, resolved: r, inOutputZone: r.zone?.kind == .output)
    }

    /// One of the guest's descriptors (nil: its working directory), about to be changed. The
    /// object is pinned once (a copy of the guest's own open file description) and every check and
    /// the change itself act on that copy: a `dup2` racing the call cannot swap the object.
    /// `opened`: the call needs an open descriptor (fchmod, fchown, f*xattr, futimens), so an
    /// O_PATH one is EBADF, as Linux answers.
    static func descriptor(_ call: GuestCall, _ fd: Int32?, opened: Bool = false) throws(CallError) -> Object {
        guard let fd else {
            guard let cwd = try call.resolve(dirfd: GuestCall.atFdcwd, path: [UInt8(ascii: ".")], follow: true),
                  cwd.kind != .missing else { throw .errno(.ENOENT) }
            return try changeable(call, cwd)
        }
        let copy = try call.guestDescriptor(fd)
        if opened && (try? copy.statusFlags()).map({ $0 & OpenFlag.path != 0 }) ?? false { throw .errno(.EBADF) }
        let st = try call.fs.metadata(copy)
        let output = try call.fs.checkMetadataChangeable(copy, st)
        try checkRules(call, fd, object: st)
        return Object(pin: copy, metadata: st, resolved: nil, inOutputZone: output)
    }

    /// The path rules (`refusing`: deny write by default) for the object behind guest descriptor `fd`, decided on the path
    /// the guest's procfs shows for it — and only if that path still names the same object (else a
    /// racing rename or dup2 could lend the object another path's rules): EACCES otherwise. A
    /// removed file keeps the rules of the path it had.
    static func checkRules(_ call: GuestCall, _ fd: Int32, object st: stat,
                           refusing: PathAccess = .denyWrite) throws(CallError) {
        if call.fs.resolver.rules.isEmpty { return }
        let link = try call.taskLink(.descriptor(fd))
        guard link.first == UInt8(ascii: "/") else { return }   // pipe:[…], socket:[…]: no path, no rule
        let removed = st.st_nlink == 0 ? PathResolver.removedPath(link) : nil
        let path = removed ?? link
        if !call.fs.resolver.rules.access(for: path).isDisjoint(with: refusing) { throw .errno(.EACCES) }
        if removed != nil { return }
        guard let r = try? call.resolve(dirfd: GuestCall.atFdcwd, path: path, follow: false), r.kind != .missing,
              let pin = try? call.fs.pin(r), let current = try? call.fs.metadata(pin),
              FileSystem.ObjectID(current) == FileSystem.ObjectID(st) else { throw .errno(.EACCES) }
    }

    // MARK: chmod

    static let chmod = GuestCall.handler { call throws(CallError) in
        try chmodCommon(call, try object(call, dirfd: GuestCall.atFdcwd, pathArg: 0, follow: true), mode: call.arg(1))
    }
    static let fchmodat = GuestCall.handler { call throws(CallError) in
        try chmodCommon(call, try object(call, dirfd: call.int(0), pathArg: 1, follow: true), mode: call.arg(2))
    }
    static let fchmod = GuestCall.handler { call throws(CallError) in
        try chmodCommon(call, try descriptor(call, call.int(0), opened: true), mode: call.arg(1))
    }

    static func chmodCommon(_ call: GuestCall, _ object: borrowing Object, mode: UInt64) throws(CallError) -> SyscallReply {
        try call.fs.checkOwner(object.metadata)
        var m = mode_t(truncatingIfNeeded: mode) & 0o7777
        m = HostZone.mode(m, directory: object.metadata.st_mode & S_IFMT == S_IFDIR, inOutputZone: object.inOutputZone)
        // Like Linux, setgid is dropped when the caller is not in the file's group.
        if let credentials = call.fs.resolver.credentials, !credentials.inGroup(object.metadata.st_gid) { m &= ~mode_t(S_ISGID) }
        try hostCall { () throws(Errno) in try object.pin.changeMode(m) }
        return .value(0)
    }

    // MARK: chown

    static let chown = GuestCall.handler { call throws(CallError) in
        try chownCommon(call, try object(call, dirfd: GuestCall.atFdcwd, pathArg: 0, follow: true), uid: call.arg(1), gid: call.arg(2), follow: true)
    }
    static let lchown = GuestCall.handler { call throws(CallError) in
        try chownCommon(call, try object(call, dirfd: GuestCall.atFdcwd, pathArg: 0, follow: false), uid: call.arg(1), gid: call.arg(2), follow: false)
    }
    static let fchownat = GuestCall.handler { call throws(CallError) in
        let flags = call.int(4)
        if flags & ~(GuestCall.atSymlinkNofollow | GuestCall.atEmptyPath) != 0 { throw .errno(.EINVAL) }
        let follow = flags & GuestCall.atSymlinkNofollow == 0
        let target = try object(call, dirfd: call.int(0), pathArg: 1, follow: follow,
                                emptyPathOK: flags & GuestCall.atEmptyPath != 0)
        return try chownCommon(call, target, uid: call.arg(2), gid: call.arg(3), follow: follow)
    }
    static let fchown = GuestCall.handler { call throws(CallError) in
        try chownCommon(call, try descriptor(call, call.int(0), opened: true), uid: call.arg(1), gid: call.arg(2), follow: true)
    }

    /// Only the guest's own ids can be given (others: EPERM); without
    /// CAP_CHOWN the owner may only keep its uid and pick its own group.
    static func chownCommon(_ call: GuestCall, _ object: borrowing Object, uid: UInt64, gid: UInt64, follow: Bool) throws(CallError) -> SyscallReply {
        let credentials = call.fs.credentials
        let unchanged = UInt32.max
        let guestUID = UInt32(truncatingIfNeeded: uid), guestGID = UInt32(truncatingIfNeeded: gid)
        // Another id is not the guest's to give (it holds no CAP_CHOWN): EPERM, as for an
        // unprivileged user on Linux.
        if guestUID != unchanged && guestUID != credentials.guestUID { throw .errno(.EPERM) }
        if guestGID != unchanged && guestGID != credentials.guestGID { throw .errno(.EPERM) }
        // The guest's ids stand for every host id it owns by (its own identity and the invoker's):
        // a name that already has one keeps it; anything else becomes the guest's own identity.
        let owns = credentials.owns(object.metadata)
        if guestUID != unchanged && !owns { throw .errno(.EPERM) }
        let keepsGroup = credentials.inGroup(object.metadata.st_gid)
        if guestGID != unchanged && !keepsGroup && !owns { throw .errno(.EPERM) }
        let hostUID = unchanged
        let hostGID = guestGID == unchanged || keepsGroup ? unchanged : credentials.hostGID
        // The pin of a symlink names the link itself through /proc/self/fd, so follow there.
        try hostCall { () throws(Errno) in try object.pin.changeOwner(uid: hostUID, gid: hostGID) }
        return .value(0)
    }

    // MARK: times

    static let utimeNow: Int = 0x3fff_ffff, utimeOmit: Int = 0x3fff_fffe

    /// In the kernel's order: the times are copied (EFAULT) and both UTIME_OMIT returns at once;
    /// then the flags and the object (a NULL path with a descriptor is futimens, which takes no
    /// flags); the nanoseconds are checked only once the object is found (vfs_utimes).
    static let utimensat = GuestCall.handler { call throws(CallError) in
        let flags = call.int(3)
        var times: [timespec]? = nil
        if call.arg(2) != 0 {
            let raw = try call.read(call.arg(2), 32)
            times = raw.withUnsafeBytes { [$0.load(fromByteOffset: 0, as: timespec.self), $0.load(fromByteOffset: 16, as: timespec.self)] }
        }
        if let times, times.allSatisfy({ $0.tv_nsec == utimeOmit }) { return .value(0) }
        let target: Object
        if call.arg(1) == 0 && call.int(0) != GuestCall.atFdcwd {
            if flags != 0 { throw .errno(.EINVAL) }
            target = try descriptor(call, call.int(0), opened: true)
        } else {
            if flags & ~(GuestCall.atSymlinkNofollow | GuestCall.atEmptyPath) != 0 { throw .errno(.EINVAL) }
            target = try object(call, dirfd: call.int(0), pathArg: 1, follow: flags & GuestCall.atSymlinkNofollow == 0,
                                emptyPathOK: flags & GuestCall.atEmptyPath != 0)
        }
        for t in times ?? [] where t.tv_nsec != utimeNow && t.tv_nsec != utimeOmit && !(0..<1_000_000_000).contains(t.tv_nsec) {
            throw .errno(.EINVAL)
        }
        return try setTimes(call, target, times)
    }
    static let utimes = GuestCall.handler { call throws(CallError) in
        let times = try timevals(call, call.arg(1))
        return try setTimes(call, try object(call, dirfd: GuestCall.atFdcwd, pathArg: 0, follow: true), times)
    }
    static let futimesat = GuestCall.handler { call throws(CallError) in
        let times = try timevals(call, call.arg(2))
        // futimesat(fd, NULL, ...) acts on the descriptor itself; with AT_FDCWD the path is read (EFAULT).
        let target = call.arg(1) == 0 && call.int(0) != GuestCall.atFdcwd
            ? try descriptor(call, call.int(0), opened: true)
            : try object(call, dirfd: call.int(0), pathArg: 1, follow: true)
        return try setTimes(call, target, times)
    }
    static let utime = GuestCall.handler { call throws(CallError) in
        var times: [timespec]? = nil
        if call.arg(1) != 0 {
            let raw = try call.read(call.arg(1), 16)
            times = raw.withUnsafeBytes { r in
                [timespec(tv_sec: r.load(fromByteOffset: 0, as: Int.self), tv_nsec: 0),
                 timespec(tv_sec: r.load(fromByteOffset: 8, as: Int.self), tv_nsec: 0)]
            }
        }
        return try setTimes(call, try object(call, dirfd: GuestCall.atFdcwd, pathArg: 0, follow: true), times)
    }

    static func timevals(_ call: GuestCall, _ address: UInt64) throws(CallError) -> [timespec]? {
        if address == 0 { return nil }
        let raw = try call.read(address, 32)
        let values = raw.withUnsafeBytes { [$0.load(fromByteOffset: 0, as: timeval.self), $0.load(fromByteOffset: 16, as: timeval.self)] }
        var times: [timespec] = []
        for v in values {
            if v.tv_usec < 0 || v.tv_usec >= 1_000_000 { throw .errno(.EINVAL) }
            times.append(timespec(tv_sec: v.tv_sec, tv_nsec: v.tv_usec * 1000))
        }
        return times
    }

    /// Explicit times need ownership (EPERM); "now" needs ownership or write permission (EACCES).
    static func setTimes(_ call: GuestCall, _ object: borrowing Object, _ times: [timespec]?) throws(CallError) -> SyscallReply {
        let both = times ?? [timespec(tv_sec: 0, tv_nsec: utimeNow), timespec(tv_sec: 0, tv_nsec: utimeNow)]
        if both.allSatisfy({ $0.tv_nsec == utimeOmit }) { return .value(0) }
        if let credentials = call.fs.resolver.credentials, !credentials.owns(object.metadata) {
            if both.contains(where: { $0.tv_nsec != utimeNow && $0.tv_nsec != utimeOmit }) { throw .errno(.EPERM) }
            try call.fs.check(object.metadata, .write)
        }
        let isLink = object.metadata.st_mode & S_IFMT == S_IFLNK
        do { try object.pin.setTimes(both) } catch {
            throw LinuxErrno.host(isLink && error.rawValue == ENOENT ? EPERM : error.rawValue)
        }
        return .value(0)
    }

    // MARK: truncate

    static let truncate = GuestCall.handler { call throws(CallError) in
        let length = Int64(bitPattern: call.arg(1))
        if length < 0 { throw .errno(.EINVAL) }
        // The file type is checked before the mount (EISDIR, EINVAL, then EROFS), as vfs_truncate does.
        let r = try call.existing(dirfd: GuestCall.atFdcwd, pathArg: 0, follow: true)
        switch r.kind {
        case .directory: throw .errno(.EISDIR)
        case .regular: break
        default: throw .errno(.EINVAL)
        }
        let target = try changeable(call, r)
        try call.fs.check(target.metadata, .write)
        // The guest's file-size limit, not the supervisor's: growing past it is EFBIG and SIGXFSZ
        // for the caller, as the kernel answers the guest's own truncate.
        if length > target.metadata.st_size, let limit = call.task.fileSizeLimit(), UInt64(length) > limit {
            if call.request.memory.isValid() { call.task.signal(SIGXFSZ) }
            throw .errno(.EFBIG)
        }
        try hostCall { () throws(Errno) in try target.pin.truncate(to: length) }
        return .value(0)
    }

    // MARK: extended attributes

    static let xattrNameMax = 255, xattrSizeMax = 65536

    static func xattrName(_ call: GuestCall, _ i: Int) throws(CallError) -> [UInt8] {
        let bytes: [UInt8]?
        do { bytes = try call.request.memory.readCString(GuestAddress(call.arg(i)), limit: xattrNameMax + 1) } catch {
            throw GuestCall.memory(error)
        }
        guard let bytes, !bytes.isEmpty else { throw .errno(.ERANGE) }
        return bytes
    }

    /// Only the `user.` namespace is the guest's: the others need capabilities it lacks.
    static func isUserName(_ name: [UInt8]) -> Bool { name.starts(with: Array("user.".utf8)) }

    /// Changing an attribute: the privileged namespaces are EPERM; anything else but `user.` is
    /// EOPNOTSUPP — `system.*` included, POSIX ACLs too, as on a file system mounted without ACLs
    /// (an ACL's ids would be read in the supervisor's user namespace, not the guest's; programs
    /// that keep modes with ACLs, like `cp -p`, fall back to chmod on EOPNOTSUPP).
    static func checkSettable(_ name: [UInt8]) throws(CallError) {
        if isUserName(name) { return }
        let privileged = ["trusted.", "security."].contains { name.starts(with: Array($0.utf8)) }
        throw .errno(privileged ? .EPERM : .EOPNOTSUPP)
    }

    /// POSIX ACLs are not supported (see `checkSettable`): reading one is EOPNOTSUPP too.
    static func isACLName(_ name: [UInt8]) -> Bool { name.starts(with: Array("system.posix_acl_".utf8)) }
    static func isTrustedName<C: Collection<UInt8>>(_ name: C) -> Bool { name.starts(with: Array("trusted.".utf8)) }

    static let setxattr = GuestCall.handler { call throws(CallError) in
        try setXattr(call) { () throws(CallError) in try object(call, dirfd: GuestCall.atFdcwd, pathArg: 0, follow: true) }
    }
    static let lsetxattr = GuestCall.handler { call throws(CallError) in
        try setXattr(call) { () throws(CallError) in try object(call, dirfd: GuestCall.atFdcwd, pathArg: 0, follow: false) }
    }
    static let fsetxattr = GuestCall.handler { call throws(CallError) in
        try setXattr(call) { () throws(CallError) in try xattrDescriptor(call) }
    }

    /// The object of fsetxattr and fremovexattr: the descriptor, or (Linux 6.13 on, where these are
    /// the *xattrat calls with AT_EMPTY_PATH) the working directory for AT_FDCWD, as the host does.
    static func xattrDescriptor(_ call: GuestCall) throws(CallError) -> Object {
        if call.int(0) == GuestCall.atFdcwd && fdcwdNamesWorkingDirectory { return try descriptor(call, nil) }
        return try descriptor(call, call.int(0), opened: true)
    }

    static let fdcwdNamesWorkingDirectory: Bool = {
        let parts = HostProcess.hostUname().release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        return parts.count == 2 && (parts[0], parts[1]) >= (6, 13)
    }()

    /// As the kernel: the flags, the name and the value are taken before the object is looked up.
    static func setXattr(_ call: GuestCall, _ lookup: () throws(CallError) -> Object) throws(CallError) -> SyscallReply {
        let flags = call.int(4)
        if flags & ~3 != 0 { throw .errno(.EINVAL) }
        let name = try xattrName(call, 1)
        let size = try call.size(3, max: xattrSizeMax, else: .E2BIG)
        let value = try call.read(call.arg(2), size)
        let object = try lookup()
        try checkSettable(name)
        if object.metadata.st_mode & S_IFMT == S_IFLNK { throw .errno(.EPERM) }
        try call.fs.check(object.metadata, .write)
        try hostCall { () throws(Errno) in try object.pin.setAttribute(name, value, flags: flags) }
        return .value(0)
    }

    static let getxattr = GuestCall.handler { call throws(CallError) in
        try getXattr(call) { () throws(CallError) in try readable(call, follow: true) }
    }
    static let lgetxattr = GuestCall.handler { call throws(CallError) in
        try getXattr(call) { () throws(CallError) in try readable(call, follow: false) }
    }

    /// A path-named object for reading attributes: the read rules apply, not the write rules.
    static func readable(_ call: GuestCall, follow: Bool) throws(CallError) -> Object {
        let r = try call.existing(dirfd: GuestCall.atFdcwd, pathArg: 0, follow: follow)
        if r.access.contains(.denyRead) { throw .errno(.EACCES) }
        return try pinned(call, r)
    }

    static func getXattr(_ call: GuestCall, _ lookup: () throws(CallError) -> Object) throws(CallError) -> SyscallReply {
        let name = try xattrName(call, 1)
        let object = try lookup()
        let size = call.size(3, clampedTo: xattrSizeMax)
        if isACLName(name) { throw .errno(.EOPNOTSUPP) }
        if isTrustedName(name) || object.metadata.st_mode & S_IFMT == S_IFLNK { throw .errno(.ENODATA) }
        if isUserName(name) { try call.fs.check(object.metadata, .read) }
        let found = try hostCall { () throws(Errno) in try object.pin.attribute(name, capacity: size) }
        if size > 0 { try call.write(call.arg(2), found.value) }
        return .value(Int64(found.size))
    }

    static let listxattr = GuestCall.handler { call throws(CallError) in
        try listXattr(call) { () throws(CallError) in try readable(call, follow: true) }
    }
    static let llistxattr = GuestCall.handler { call throws(CallError) in
        try listXattr(call) { () throws(CallError) in try readable(call, follow: false) }
    }

    /// The names the guest could see: `trusted.` ones need CAP_SYS_ADMIN, which it lacks; POSIX ACLs
    /// are not supported (`checkSettable`).
    static func listXattr(_ call: GuestCall, _ lookup: () throws(CallError) -> Object) throws(CallError) -> SyscallReply {
        let object = try lookup()
        let size = call.size(2, clampedTo: xattrSizeMax)
        if object.metadata.st_mode & S_IFMT == S_IFLNK { return .value(0) }
        let list = try hostCall { () throws(Errno) in try object.pin.attributeNames(limit: xattrSizeMax) }
        let visible = list.split(separator: 0).filter { !isTrustedName($0) && !isACLName(Array($0)) }.flatMap { (name: ArraySlice<UInt8>) -> [UInt8] in Array(name) + [0] }
        if size == 0 { return .value(Int64(visible.count)) }
        if visible.count > size { throw .errno(.ERANGE) }
        try call.write(call.arg(1), visible)
        return .value(Int64(visible.count))
    }

    static let removexattr = GuestCall.handler { call throws(CallError) in
        try removeXattr(call) { () throws(CallError) in try object(call, dirfd: GuestCall.atFdcwd, pathArg: 0, follow: true) }
    }
    static let lremovexattr = GuestCall.handler { call throws(CallError) in
        try removeXattr(call) { () throws(CallError) in try object(call, dirfd: GuestCall.atFdcwd, pathArg: 0, follow: false) }
    }
    static let fremovexattr = GuestCall.handler { call throws(CallError) in
        try removeXattr(call) { () throws(CallError) in try xattrDescriptor(call) }
    }

    static func removeXattr(_ call: GuestCall, _ lookup: () throws(CallError) -> Object) throws(CallError) -> SyscallReply {
        let name = try xattrName(call, 1)
        let object = try lookup()
        try checkSettable(name)
        if object.metadata.st_mode & S_IFMT == S_IFLNK { throw .errno(.EPERM) }
        try call.fs.check(object.metadata, .write)
        try hostCall { () throws(Errno) in try object.pin.removeAttribute(name) }
        return .value(0)
    }

    // MARK: inotify

    /// The watch is added to the guest's own inotify description on the object the VFS resolved.
    static let inotifyAddWatch = GuestCall.handler { call throws(CallError) in
        let dontFollow: UInt32 = 0x0200_0000, onlyDir: UInt32 = 0x0100_0000
        let maskCreate: UInt32 = 0x1000_0000, maskAdd: UInt32 = 0x2000_0000
        // IN_ALL_EVENTS, IN_UNMOUNT, IN_Q_OVERFLOW, IN_IGNORED and the flag bits (ALL_INOTIFY_BITS).
        let allBits: UInt32 = 0xfff | 0xe000 | 0xf700_0000
        let mask = UInt32(truncatingIfNeeded: call.arg(2))
        // As the kernel: the mask's bits, then the descriptor (EBADF, then EINVAL for another kind),
        // then IN_MASK_ADD with IN_MASK_CREATE, then the path.
        if mask & allBits == 0 || mask & ~allBits != 0 { throw .errno(.EINVAL) }
        let inotify = try call.guestDescriptor(call.int(0))
        if try call.taskLink(.descriptor(call.int(0))) != Array("anon_inode:inotify".utf8) { throw .errno(.EINVAL) }
        if mask & maskAdd != 0 && mask & maskCreate != 0 { throw .errno(.EINVAL) }
        let r = try call.existing(dirfd: GuestCall.atFdcwd, pathArg: 1, follow: mask & dontFollow == 0)
        if mask & onlyDir != 0 && r.kind != .directory { throw .errno(.ENOTDIR) }
        if r.access.contains(.denyRead) { throw .errno(.EACCES) }
        let pin = try call.fs.pin(r)
        try call.fs.check(try call.fs.metadata(pin), .read)
        // The pin's /proc/self/fd link must be followed, so IN_DONT_FOLLOW is left out; a mask of
        // nothing else still makes (or keeps) the watch, as IN_MASK_ADD of nothing does.
        var hostMask = mask & ~dontFollow
        if hostMask & allBits == 0 { hostMask |= maskAdd }
        let wd = try hostCall { () throws(Errno) in try pin.addWatch(to: inotify, mask: hostMask) }
        return .value(Int64(wd))
    }
}
