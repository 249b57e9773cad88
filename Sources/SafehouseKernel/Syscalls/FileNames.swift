import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
import SafehouseSystem
import SafehouseVFS

/// Calls that create, remove or rename names: mknod, unlink, rmdir, rename, link, symlink.
/// Each resolves its names in the VFS, then acts with the *at call on the parent directory
/// (opened beneath the zone) and the final name, so the host kernel looks up one plain name.
enum FileNames {
    /// The syscalls this family answers (checked against the table's emulated set by
    /// SyscallRegistrationTests).
    static let handlers: [Syscall: SyscallHandler] = [
        .mknod: mknod, .mknodat: mknodat, .unlink: unlink, .unlinkat: unlinkat, .rename: rename,
        .renameat: renameat, .renameat2: renameat2, .link: link, .linkat: linkat, .symlink: symlink,
        .symlinkat: symlinkat,
    ]

    /// The final component of the path as the guest wrote it ("." and ".." have their own errnos).
    static func lastComponent(_ path: [UInt8]) -> ArraySlice<UInt8> {
        let trimmed = path.reversed().drop { $0 == UInt8(ascii: "/") }
        let count = trimmed.prefix { $0 != UInt8(ascii: "/") }.count
        let end = path.count - (path.count - trimmed.count)
        return path[(end - count)..<end]
    }

    /// The path without trailing slashes, and whether it had any: calls that act on the final
    /// name itself (unlink, rmdir, rename) never follow it, and a slash demands a directory.
    static func withoutTrailingSlash(_ path: [UInt8]) -> ([UInt8], Bool) {
        var trimmed = path
        while trimmed.count > 1 && trimmed.last == UInt8(ascii: "/") { trimmed.removeLast() }
        return (trimmed, trimmed.count != path.count)
    }

    /// Resolves the final name itself (never following it); a trailing slash needs a directory.
    static func finalName(_ call: GuestCall, dirfd: Int32, path: [UInt8]) throws(CallError) -> Resolved {
        let (trimmed, slash) = withoutTrailingSlash(path)
        guard let r = try call.resolve(dirfd: dirfd, path: trimmed, follow: false) else { throw .errno(.ENOENT) }
        if slash && r.kind != .directory && r.kind != .missing { throw .errno(.ENOTDIR) }
        return r
    }

    /// ENOENT or ENOTDIR unless `path` (the part before a final "." or "..") names a directory.
    static func requireDirectory(_ call: GuestCall, dirfd: Int32, path: [UInt8]) throws(CallError) {
        if path.isEmpty || path.allSatisfy({ $0 == UInt8(ascii: "/") }) { return }
        guard let r = try call.resolve(dirfd: dirfd, path: path, follow: true), r.kind != .missing else { throw .errno(.ENOENT) }
        if r.kind != .directory { throw .errno(.ENOTDIR) }
    }

    static func isDot(_ name: ArraySlice<UInt8>) -> Bool { name.elementsEqual([UInt8(ascii: ".")]) }
    static func isDotDot(_ name: ArraySlice<UInt8>) -> Bool { name.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) }

    /// A name about to be created: EEXIST if it exists, then EROFS, then the policy's rules.
    static func creationTarget(_ call: GuestCall, dirfd: Int32, pathArg: Int,
                               allowTrailingSlash: Bool = false) throws(CallError) -> Resolved {
        try creationTarget(call, dirfd: dirfd, path: try call.path(pathArg), allowTrailingSlash: allowTrailingSlash)
    }

    /// `exists`: the errno for a name that is already there (bind says EADDRINUSE).
    static func creationTarget(_ call: GuestCall, dirfd: Int32, path: [UInt8], allowTrailingSlash: Bool = false,
                               exists: LinuxErrno = .EEXIST) throws(CallError) -> Resolved {
        // As Linux's filename_create: the parent first (its ENOENT/ENOTDIR), then a final `.`,
        // `..` or `/` exists; the final name is never followed, trailing slash or not (a symlink,
        // dangling too, exists), and only a missing one meets the trailing-slash rule.
        let last = lastComponent(path)
        if last.isEmpty || isDot(last) || isDotDot(last) {
            _ = try call.resolve(dirfd: dirfd, path: path, follow: true)
            throw .errno(exists)
        }
        var name = path
        while name.count > 1 && name.last == UInt8(ascii: "/") { name.removeLast() }
        guard let r = try call.resolve(dirfd: dirfd, path: name, follow: false) else { throw .errno(.ENOENT) }
        if r.kind != .missing { throw .errno(exists) }
        if name.count < path.count && !allowTrailingSlash { throw .errno(.ENOENT) }
        if r.zone?.isProcfs == true { throw .errno(.ENOENT) }   // procfs looks up no new names
        if r.isReadOnly { throw .errno(.EROFS) }
        if r.access.contains(.hidden) || r.access.contains(.denyWrite) { throw .errno(.EACCES) }
        return r
    }

    /// Write and search permission on the directory a name is created in or removed from.
    static func checkCreateIn(_ call: GuestCall, _ directory: borrowing FileDescriptor) throws(CallError) {
        try call.fs.check(try call.fs.metadata(directory), [.write, .execute])
    }

    /// The directory where a resolved name is to be created, removed or renamed, and the name,
    /// after the guest's write and search permission on that directory.
    static func writableParent(_ call: GuestCall, _ r: Resolved) throws(CallError) -> FileSystem.NameInDirectory {
        let parent = try call.fs.parent(r)
        try checkCreateIn(call, parent.directory)
        return parent
    }

    /// An existing name about to be removed, renamed or changed: EROFS, then the rules.
    static func checkChangeable(_ r: Resolved) throws(CallError) {
        if r.isReadOnly { throw .errno(.EROFS) }
        if r.access.contains(.denyWrite) { throw .errno(.EACCES) }
    }

    /// A rule protects an object, not a spelling: a rename or link may not give a protected object
    /// (or a directory holding one, or one a rule could match beneath it) a name with fewer
    /// protections than it has now (EACCES). Renaming into a protected place is fine.
    static func checkNotCarriedOut(_ call: GuestCall, _ object: Resolved, to destination: Resolved) throws(CallError) {
        let rules = call.fs.resolver.rules
        if rules.isEmpty { return }
        let carried = object.kind == .directory ? rules.accessAtOrBeneath(object.guestPath) : rules.access(for: object.guestPath)
        if carried.isEmpty { return }
        if !rules.access(for: destination.guestPath).isSuperset(of: carried) { throw .errno(.EACCES) }
    }

    // MARK: mknod

    static let mknod = GuestCall.handler { call throws(CallError) in
        try mknodCommon(call, dirfd: GuestCall.atFdcwd, pathArg: 0, mode: mode_t(truncatingIfNeeded: call.arg(1)),
                        device: call.arg(2))
    }
    static let mknodat = GuestCall.handler { call throws(CallError) in
        try mknodCommon(call, dirfd: call.int(0), pathArg: 1, mode: mode_t(truncatingIfNeeded: call.arg(2)),
                        device: call.arg(3))
    }

    /// FIFOs, sockets, regular files and whiteouts; device nodes need CAP_MKNOD, which the guest lacks.
    static func mknodCommon(_ call: GuestCall, dirfd: Int32, pathArg: Int, mode: mode_t,
                            device: UInt64) throws(CallError) -> SyscallReply {
        var type = mode & S_IFMT
        switch type {
        case 0: type = S_IFREG
        case S_IFREG, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK: break
        case S_IFDIR: throw .errno(.EPERM)
        default: throw .errno(.EINVAL)
        }
        let r = try creationTarget(call, dirfd: dirfd, pathArg: pathArg)
        // A whiteout (a character device 0:0) needs no privilege; real devices need CAP_MKNOD.
        let whiteout = type == S_IFCHR && UInt32(truncatingIfNeeded: device) == 0
        if (type == S_IFCHR || type == S_IFBLK) && !whiteout { throw .errno(.EPERM) }
        let parent = try writableParent(call, r)
        let m = type | HostZone.mode(mode & 0o7777 & ~call.umask(), directory: false, inOutputZone: r.zone?.kind == .output)
        try hostCall { () throws(Errno) in try parent.directory.makeNode(parent.name, mode: m) }
        return .value(0)
    }

    // MARK: unlink, rmdir

    static let unlink = GuestCall.handler { call throws(CallError) in
        try remove(call, dirfd: GuestCall.atFdcwd, pathArg: 0, directory: false)
    }
    static let unlinkat = GuestCall.handler { call throws(CallError) in
        let removeDir: Int32 = 0x200
        let flags = call.int(2)
        if flags & ~removeDir != 0 { throw .errno(.EINVAL) }
        return try remove(call, dirfd: call.int(0), pathArg: 1, directory: flags & removeDir != 0)
    }

    static func remove(_ call: GuestCall, dirfd: Int32, pathArg: Int, directory: Bool) throws(CallError) -> SyscallReply {
        let path = try call.path(pathArg)
        let last = lastComponent(path)
        // Linux's LAST_DOT, LAST_DOTDOT and LAST_ROOT ("/" itself) name no entry to remove.
        if directory && isDot(last) { throw .errno(.EINVAL) }
        if directory && isDotDot(last) { throw .errno(.ENOTEMPTY) }
        if directory && last.isEmpty && !path.isEmpty { throw .errno(.EBUSY) }
        if !directory && (isDot(last) || isDotDot(last) || (last.isEmpty && !path.isEmpty)) {
            // The walk to the parent comes first: "file/." is ENOTDIR, "missing/." ENOENT.
            try requireDirectory(call, dirfd: dirfd, path: Array(path.dropLast(last.count)))
            throw .errno(.EISDIR)
        }
        let r = try finalName(call, dirfd: dirfd, path: path)
        if directory && r.guestPath == [UInt8(ascii: "/")] { throw .errno(.EBUSY) }
        // Linux takes write access to the mount before it looks the name up: EROFS first. (The
        // sandbox's procfs mount is writable; its lookup of a missing name fails first: ENOENT.)
        if r.kind == .missing && r.zone?.isProcfs == true { throw .errno(.ENOENT) }
        if r.isReadOnly { throw .errno(.EROFS) }
        if r.kind == .missing { throw .errno(.ENOENT) }
        if directory && r.kind != .directory { throw .errno(.ENOTDIR) }
        if !directory && r.kind == .directory { throw .errno(.EISDIR) }
        let parent = try call.fs.parent(r)
        try checkChangeable(r)
        try checkCreateIn(call, parent.directory)
        try hostCall { () throws(Errno) in try parent.directory.removeName(parent.name, directory: directory) }
        return .value(0)
    }

    // MARK: rename

    static let rename = GuestCall.handler { call throws(CallError) in
        try renameCommon(call, oldDir: GuestCall.atFdcwd, oldArg: 0, newDir: GuestCall.atFdcwd, newArg: 1, flags: 0)
    }
    static let renameat = GuestCall.handler { call throws(CallError) in
        try renameCommon(call, oldDir: call.int(0), oldArg: 1, newDir: call.int(2), newArg: 3, flags: 0)
    }
    static let renameat2 = GuestCall.handler { call throws(CallError) in
        try renameCommon(call, oldDir: call.int(0), oldArg: 1, newDir: call.int(2), newArg: 3,
                         flags: UInt32(truncatingIfNeeded: call.arg(4)))
    }

    static func renameCommon(_ call: GuestCall, oldDir: Int32, oldArg: Int, newDir: Int32, newArg: Int,
                             flags: UInt32) throws(CallError) -> SyscallReply {
        let noReplace: UInt32 = 1, exchange: UInt32 = 2, whiteout: UInt32 = 4
        if flags & ~(noReplace | exchange | whiteout) != 0 { throw .errno(.EINVAL) }
        if flags & noReplace != 0 && flags & exchange != 0 { throw .errno(.EINVAL) }
        if flags & whiteout != 0 && flags & exchange != 0 { throw .errno(.EINVAL) }
        let oldPath = try call.path(oldArg), newPath = try call.path(newArg)
        for (path, dirfd, isNew) in [(oldPath, oldDir, false), (newPath, newDir, true)] {
            let last = lastComponent(path)
            // ".", ".." and "/" itself name no entry of a parent: EBUSY, as Linux's LAST_DOT/LAST_ROOT
            // (as the new name with RENAME_NOREPLACE: EEXIST), once the directories before it resolve.
            if isDot(last) || isDotDot(last) || (!path.isEmpty && path.allSatisfy { $0 == UInt8(ascii: "/") }) {
                try requireDirectory(call, dirfd: dirfd, path: Array(path.dropLast(last.count)))
                throw .errno(isNew && flags & noReplace != 0 ? .EEXIST : .EBUSY)
            }
        }
        let from = try finalName(call, dirfd: oldDir, path: oldPath)
        let to = try finalName(call, dirfd: newDir, path: newPath)
        // Linux's order: EXDEV (the parents' mounts), EROFS, then the lookups.
        do throws(LinuxErrno) { try PathResolver.checkSameMount(from, to) } catch { throw .errno(error) }
        if from.isReadOnly { throw .errno(.EROFS) }
        if from.kind == .missing { throw .errno(.ENOENT) }
        if flags & exchange != 0 && to.kind == .missing { throw .errno(.ENOENT) }
        if from.kind != .directory && withoutTrailingSlash(newPath).1 { throw .errno(.ENOTDIR) }
        if flags & noReplace != 0 && to.kind != .missing { throw .errno(.EEXIST) }
        try checkChangeable(from)
        try checkChangeable(to)
        if to.access.contains(.hidden) { throw .errno(.EACCES) }
        try checkNotCarriedOut(call, from, to: to)
        if flags & exchange != 0 { try checkNotCarriedOut(call, to, to: from) }
        let source = try call.fs.parent(from)
        let destination = try call.fs.parent(to)
        try checkCreateIn(call, source.directory)
        try checkCreateIn(call, destination.directory)
        try hostCall { () throws(Errno) in
            try source.directory.rename(source.name, to: destination.directory, as: destination.name, flags: flags)
        }
        return .value(0)
    }

    // MARK: link, symlink

    static let link = GuestCall.handler { call throws(CallError) in
        try linkCommon(call, oldDir: GuestCall.atFdcwd, oldArg: 0, newDir: GuestCall.atFdcwd, newArg: 1, flags: 0)
    }
    static let linkat = GuestCall.handler { call throws(CallError) in
        try linkCommon(call, oldDir: call.int(0), oldArg: 1, newDir: call.int(2), newArg: 3, flags: call.int(4))
    }

    static func linkCommon(_ call: GuestCall, oldDir: Int32, oldArg: Int, newDir: Int32, newArg: Int,
                           flags: Int32) throws(CallError) -> SyscallReply {
        if flags & ~(GuestCall.atSymlinkFollow | GuestCall.atEmptyPath) != 0 { throw .errno(.EINVAL) }
        let oldPath = try call.path(oldArg)
        let source = try call.resolve(dirfd: oldDir, path: oldPath, follow: flags & GuestCall.atSymlinkFollow != 0,
                                      emptyPathOK: flags & GuestCall.atEmptyPath != 0)
        if let source, source.kind == .missing { throw .errno(.ENOENT) }
        let target = try creationTarget(call, dirfd: newDir, pathArg: newArg)
        // A directory gets no second name: refused only once the new name could be made, as
        // vfs_link does (the working directory, for AT_EMPTY_PATH with AT_FDCWD, is one).
        if source?.kind == .directory || (source == nil && oldDir == GuestCall.atFdcwd) { throw .errno(.EPERM) }
        if let source, source.kind != .procObject {
            do throws(LinuxErrno) { try PathResolver.checkSameMount(source, target) } catch { throw .errno(error) }
            if source.access.contains(.denyWrite) { throw .errno(.EACCES) }
            try checkNotCarriedOut(call, source, to: target)
        }
        let parent = try writableParent(call, target)
        if let source, source.kind == .procObject, case .host(let zone, let relative) = source.location {
            // linkat(AT_FDCWD, "/proc/self/fd/N", ..., AT_SYMLINK_FOLLOW): the file behind the link
            // (an O_TMPFILE); the kernel refuses one from another mount (EXDEV). A removed file
            // keeps the rules of the path it had.
            if let removed = source.symlinkTarget.flatMap(PathResolver.removedPath),
               !call.fs.resolver.rules.access(for: removed).isEmpty {
                throw .errno(.EACCES)
            }
            try hostCall { () throws(Errno) in
                try zone.base.open(relative, flags: OpenFlag.path).linkObject(into: parent.directory, as: parent.name)
            }
        } else if let source {
            let old = try call.fs.parent(source)
            try hostCall { () throws(Errno) in try old.directory.link(old.name, into: parent.directory, as: parent.name) }
        } else {
            // linkat(fd, "", ..., AT_EMPTY_PATH): the guest's own descriptor (an O_TMPFILE file);
            // the kernel refuses a descriptor from another mount (EXDEV).
            let fd = try call.guestDescriptor(oldDir)
            // The object keeps its rules: a descriptor of a protected file gets no new name.
            try FileAttributes.checkRules(call, oldDir, object: try call.fs.metadata(fd), refusing: .all)
            try hostCall { () throws(Errno) in try fd.linkObject(into: parent.directory, as: parent.name) }
        }
        return .value(0)
    }

    static let symlink = GuestCall.handler { call throws(CallError) in
        try symlinkCommon(call, targetArg: 0, newDir: GuestCall.atFdcwd, newArg: 1)
    }
    static let symlinkat = GuestCall.handler { call throws(CallError) in
        try symlinkCommon(call, targetArg: 0, newDir: call.int(1), newArg: 2)
    }

    /// The target is stored as given, never resolved: the VFS interprets it when it is followed.
    static func symlinkCommon(_ call: GuestCall, targetArg: Int, newDir: Int32, newArg: Int) throws(CallError) -> SyscallReply {
        let target = try call.path(targetArg)
        if target.isEmpty { throw .errno(.ENOENT) }
        let r = try creationTarget(call, dirfd: newDir, pathArg: newArg)
        let parent = try writableParent(call, r)
        try hostCall { () throws(Errno) in try parent.directory.makeSymlink(parent.name, target: target) }
        return .value(0)
    }
}
