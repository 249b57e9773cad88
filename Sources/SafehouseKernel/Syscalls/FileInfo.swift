import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
import SafehouseProcfs
import SafehouseSystem
import SafehouseVFS

/// Calls that look at names without changing them: stat family, statfs, access family, readlink.
/// Metadata comes from the object the VFS resolved (pinned with O_PATH), owners mapped as the
/// guest's user namespace maps them, so `stat` by path and `fstat` by descriptor agree.
enum FileInfo {
    /// The syscalls this family answers (checked against the table's emulated set by
    /// SyscallRegistrationTests).
    static let handlers: [Syscall: SyscallHandler] = [
        .stat: stat, .lstat: lstat, .newfstatat: newfstatat, .statx: statx, .statfs: statfs, .fstatfs: fstatfs, .access: access,
        .faccessat: faccessat, .faccessat2: faccessat2, .readlink: readlink, .readlinkat: readlinkat,
    ]

    static let atNoAutomount: Int32 = 0x800
    /// AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC.
    static let statxSyncType: Int32 = 0x6000

    /// The object a stat-like call names: a resolved path, or with AT_EMPTY_PATH and "" the
    /// descriptor (or working directory) itself, through the caller's procfs entry.
    enum Target: ~Copyable {
        case pinned(FileDescriptor)
        case task(TaskEntry)
    }

    static func target(_ call: GuestCall, dirfd: Int32, pathArg: Int, flags: Int32) throws(CallError) -> Target {
        let follow = flags & GuestCall.atSymlinkNofollow == 0
        let emptyOK = flags & GuestCall.atEmptyPath != 0
        guard let r = try call.resolve(dirfd: dirfd, pathArg: pathArg, follow: follow, emptyPathOK: emptyOK,
                                       itselfOK: true, nullPathOK: true) else {
            if dirfd != GuestCall.atFdcwd && dirfd < 0 { throw .errno(.EBADF) }
            return .task(dirfd == GuestCall.atFdcwd ? .workingDirectory : .descriptor(dirfd))
        }
        if r.kind == .missing { throw .errno(.ENOENT) }
        return .pinned(try call.fs.pin(r))
    }

    static func hostStat(_ target: borrowing Target, call: GuestCall) throws(CallError) -> Glibc.stat {
        var st = Glibc.stat()
        switch target {
        case .pinned(let fd):
            if fstatat(fd.rawValue, "", &st, GuestCall.atEmptyPath | GuestCall.atSymlinkNofollow) != 0 {
                throw LinuxErrno.host(errno)
            }
        case .task(let entry):
            st = try call.taskMetadata(entry)
            guard st.st_mode & S_IFMT == S_IFREG, let guestPath = syntheticPath(call, entry) else { break }
            // A synthetic /proc file is a sealed memfd holding its text: its descriptor describes the
            // procfs file it stands for (device, inode, mode), which has no size.
            if let origin = origin(call, guestPath), let real = try? origin.status(), real.st_mode & S_IFMT == S_IFREG {
                st = real
            } else {
                st.st_mode = S_IFREG | 0o444
                st.st_nlink = 1
            }
            st.st_size = 0
            st.st_blocks = 0
        }
        return st
    }

    /// The guest path a synthetic file the task holds stands for, or nil for any other object.
    static func syntheticPath(_ call: GuestCall, _ entry: TaskEntry) -> [UInt8]? {
        guard let link = try? call.task.link(entry) else { return nil }
        let path = ProcessText.linkTarget(link)
        return path == link ? nil : path
    }

    /// A pin of the procfs file behind a synthetic one, where the sandbox's procfs has it.
    static func origin(_ call: GuestCall, _ guestPath: [UInt8]) -> FileDescriptor? {
        guard let r = try? call.resolve(dirfd: GuestCall.atFdcwd, path: guestPath, follow: false),
              r.kind == .regular else { return nil }
        return try? call.fs.pin(r)
    }

    static func statCommon(_ call: GuestCall, dirfd: Int32, pathArg: Int, buffer: UInt64, flags: Int32) throws(CallError) -> SyscallReply {
        let st: Glibc.stat
        var fstat = flags & GuestCall.atEmptyPath != 0 && dirfd >= 0
        if fstat && call.arg(pathArg) != 0 { fstat = try call.path(pathArg).isEmpty }
        if fstat {
            // fstat (glibc's is this call): as vfs_fstatat, the descriptor itself, other flags unread.
            st = try hostStat(.task(.descriptor(dirfd)), call: call)
        } else {
            // As vfs_fstatat: statx's sync-type bits are accepted (and mean nothing here).
            if flags & ~(GuestCall.atSymlinkNofollow | GuestCall.atEmptyPath | atNoAutomount | statxSyncType) != 0 {
                throw .errno(.EINVAL)
            }
            st = try hostStat(try target(call, dirfd: dirfd, pathArg: pathArg, flags: flags), call: call)
        }
        try call.write(buffer, value: call.fs.guestStat(st))
        return .value(0)
    }

    static let stat = GuestCall.handler { call throws(CallError) in
        try statCommon(call, dirfd: GuestCall.atFdcwd, pathArg: 0, buffer: call.arg(1), flags: 0)
    }
    static let lstat = GuestCall.handler { call throws(CallError) in
        try statCommon(call, dirfd: GuestCall.atFdcwd, pathArg: 0, buffer: call.arg(1), flags: GuestCall.atSymlinkNofollow)
    }
    static let newfstatat = GuestCall.handler { call throws(CallError) in
        try statCommon(call, dirfd: call.int(0), pathArg: 1, buffer: call.arg(2), flags: call.int(3))
    }

    static let statx = GuestCall.handler { call throws(CallError) in
        let flags = call.int(2), mask = UInt32(truncatingIfNeeded: call.arg(3))
        let syncType = statxSyncType
        if flags & ~(GuestCall.atSymlinkNofollow | GuestCall.atEmptyPath | atNoAutomount | syncType) != 0
            || flags & syncType == syncType || mask & 0x8000_0000 != 0 {
            throw .errno(.EINVAL)
        }
        let target = try target(call, dirfd: call.int(0), pathArg: 1, flags: flags)
        func statx(_ object: borrowing FileDescriptor) throws(CallError) -> CSafehouse.statx {
            try hostCall { () throws(Errno) in try object.extendedStatus(mask: mask, flags: flags & syncType) }
        }
        var result: CSafehouse.statx
        switch target {
        case .pinned(let fd): result = try statx(fd)
        case .task(let entry):
            let object = try call.taskObject(entry)
            // Only a synthetic file's link names a guest path (a sealed memfd's): no fstat needed.
            if let guestPath = syntheticPath(call, entry), let origin = origin(call, guestPath) {
                result = try statx(origin)
            } else {
                result = try statx(object)
            }
        }
        result.stx_uid = call.fs.credentials.guestView(uid: result.stx_uid)
        result.stx_gid = call.fs.credentials.guestView(gid: result.stx_gid)
        try call.write(call.arg(4), value: result)
        return .value(0)
    }

    static let statfs = GuestCall.handler { call throws(CallError) in
        let r = try call.existing(dirfd: GuestCall.atFdcwd, pathArg: 0, follow: true)
        try writeStatfs(call, try call.fs.pin(r))
        return .value(0)
    }

    /// fstatfs(2) on the guest's own descriptor; a synthetic /proc file (a memfd) answers for the
    /// procfs it stands in for, as its fstat does.
    static let fstatfs = GuestCall.handler { call throws(CallError) in
        let fd = call.int(0)
        let copy = try call.guestDescriptor(fd)
        if let guestPath = syntheticPath(call, .descriptor(fd)), let origin = origin(call, guestPath) {
            try writeStatfs(call, origin)
        } else {
            try writeStatfs(call, copy)
        }
        return .value(0)
    }

    /// `struct statfs` (120 bytes on x86-64) of the filesystem holding `object`, to argument 1.
    static func writeStatfs(_ call: GuestCall, _ object: borrowing FileDescriptor) throws(CallError) {
        var buffer = [UInt8](repeating: 0, count: 120)
        let result = buffer.withUnsafeMutableBytes { sh_fstatfs(object.rawValue, $0.baseAddress) }
        if result < 0 { throw LinuxErrno.host(-result) }
        try call.write(call.arg(1), buffer)
    }

    // MARK: access

    static let access = GuestCall.handler { call throws(CallError) in
        try accessCommon(call, dirfd: GuestCall.atFdcwd, pathArg: 0, mode: call.int(1), flags: 0)
    }
    static let faccessat = GuestCall.handler { call throws(CallError) in
        try accessCommon(call, dirfd: call.int(0), pathArg: 1, mode: call.int(2), flags: 0)
    }
    static let faccessat2 = GuestCall.handler { call throws(CallError) in
        try accessCommon(call, dirfd: call.int(0), pathArg: 1, mode: call.int(2), flags: call.int(3))
    }

    /// The guest holds no capability, so its real and effective ids are the same: AT_EACCESS
    /// changes nothing. Checked against the guest's credentials, whoever the supervisor is.
    static func accessCommon(_ call: GuestCall, dirfd: Int32, pathArg: Int, mode: Int32, flags: Int32) throws(CallError) -> SyscallReply {
        let atEaccess: Int32 = 0x200
        if mode & ~7 != 0 { throw .errno(.EINVAL) }
        if flags & ~(atEaccess | GuestCall.atSymlinkNofollow | GuestCall.atEmptyPath) != 0 { throw .errno(.EINVAL) }
        let follow = flags & GuestCall.atSymlinkNofollow == 0
        let resolved = try call.resolve(dirfd: dirfd, pathArg: pathArg, follow: follow,
                                        emptyPathOK: flags & GuestCall.atEmptyPath != 0, itselfOK: true)
        let target: Target
        if let r = resolved {
            if r.kind == .missing { throw .errno(.ENOENT) }
            if mode & W_OK != 0 && r.isReadOnly && [.regular, .directory, .symlink].contains(r.kind)
                && !isWritableProcFile(call, r) { throw .errno(.EROFS) }
            if r.access.contains(.denyRead) && mode & R_OK != 0 { throw .errno(.EACCES) }
            if r.access.contains(.denyWrite) && mode & W_OK != 0 { throw .errno(.EACCES) }
            target = .pinned(try call.fs.pin(r))
        } else {
            target = .task(dirfd == GuestCall.atFdcwd ? .workingDirectory : .descriptor(dirfd))
        }
        let st = try hostStat(target, call: call)
        var wanted: GuestCredentials.Access = []
        if mode & R_OK != 0 { wanted.insert(.read) }
        if mode & W_OK != 0 { wanted.insert(.write) }
        if mode & X_OK != 0 { wanted.insert(.execute) }
        try call.fs.checkGuest(st, wanted)
        return .value(0)
    }

    /// A /proc file the guest may open for writing (comm, oom_score_adj of its own processes).
    static func isWritableProcFile(_ call: GuestCall, _ r: Resolved) -> Bool {
        guard r.kind == .regular, let zone = r.zone, zone.isProcfs, let procfs = call.fs.resolver.procfs,
              case .host(_, let relative) = r.location else { return false }
        return procfs.isWritable(relative.split(separator: UInt8(ascii: "/")).map(Array.init))
    }

    // MARK: readlink

    static let readlink = GuestCall.handler { call throws(CallError) in
        try readlinkCommon(call, dirfd: GuestCall.atFdcwd, pathArg: 0, buffer: call.arg(1), size: call.int(2))
    }
    static let readlinkat = GuestCall.handler { call throws(CallError) in
        try readlinkCommon(call, dirfd: call.int(0), pathArg: 1, buffer: call.arg(2), size: call.int(3))
    }

    static func readlinkCommon(_ call: GuestCall, dirfd: Int32, pathArg: Int, buffer: UInt64, size: Int32) throws(CallError) -> SyscallReply {
        if size <= 0 { throw .errno(.EINVAL) }
        let path = try call.path(pathArg)
        let target: [UInt8]
        if path.isEmpty {
            // readlinkat(fd, "") reads the symlink an O_PATH descriptor names.
            if dirfd == GuestCall.atFdcwd { throw .errno(.ENOENT) }
            let fd = try call.guestDescriptor(dirfd)
            target = try readLink(fd.rawValue)
        } else {
            guard let r = try call.resolve(dirfd: dirfd, path: path, follow: false) else { throw .errno(.ENOENT) }
            if r.kind == .missing { throw .errno(.ENOENT) }
            guard r.kind == .symlink else { throw .errno(.EINVAL) }
            if let known = r.symlinkTarget {
                target = known
            } else {
                let fd = try call.fs.pin(r)
                target = try readLink(fd.rawValue)
            }
        }
        let count = min(Int(size), target.count)
        try call.write(buffer, Array(target[0..<count]))
        return .value(Int64(count))
    }

    static func readLink(_ fd: Int32) throws(CallError) -> [UInt8] {
        do { return try HostFile.readLink("", relativeTo: fd) } catch { throw LinuxErrno.host(error.rawValue) }
    }
}
