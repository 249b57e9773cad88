import CSafehouse
import Glibc

/// The host calls the supervisor makes on objects it holds, typed: each acts on a descriptor (an
/// O_PATH pin of a directory or object) and a single name in it, never on a path the host would
/// walk, and throws the host's errno.
extension FileDescriptor {
    /// fstat(2).
    public func status() throws(Errno) -> stat {
        var st = stat()
        if fstat(rawValue, &st) != 0 { throw Errno.current }
        return st
    }

    /// openat(2) of `name` in this directory, retried on EINTR; close-on-exec always.
    public func open(_ name: [UInt8], flags: Int32, mode: mode_t = 0) throws(Errno) -> FileDescriptor {
        let fd = try withCPath(name) { path throws(Errno) in
            try retryingOnInterrupt { Glibc.openat(rawValue, path, flags | O_CLOEXEC, mode) }
        }
        return FileDescriptor(adopting: fd)
    }

    /// mkdirat(2).
    public func makeDirectory(_ name: [UInt8], mode: mode_t) throws(Errno) {
        if withCPath(name, { Glibc.mkdirat(rawValue, $0, mode) }) != 0 { throw Errno.current }
    }

    /// mknodat(2) of a FIFO, socket or regular file (`mode` carries the type).
    public func makeNode(_ name: [UInt8], mode: mode_t) throws(Errno) {
        if withCPath(name, { Glibc.mknodat(rawValue, $0, mode, 0) }) != 0 { throw Errno.current }
    }

    /// symlinkat(2): `name` in this directory, holding `target` as given.
    public func makeSymlink(_ name: [UInt8], target: [UInt8]) throws(Errno) {
        let r = withCPath(target) { t in withCPath(name) { Glibc.symlinkat(t, rawValue, $0) } }
        if r != 0 { throw Errno.current }
    }

    /// unlinkat(2) of a name (`directory`: AT_REMOVEDIR).
    public func removeName(_ name: [UInt8], directory: Bool) throws(Errno) {
        let atRemoveDir: Int32 = 0x200
        if withCPath(name, { Glibc.unlinkat(rawValue, $0, directory ? atRemoveDir : 0) }) != 0 { throw Errno.current }
    }

    /// linkat(2): a new name `newName` in `directory` for `name` of this directory (not followed).
    public func link(_ name: [UInt8], into directory: borrowing FileDescriptor, as newName: [UInt8]) throws(Errno) {
        let r = withCPath(name) { a in withCPath(newName) { Glibc.linkat(rawValue, a, directory.rawValue, $0, 0) } }
        if r != 0 { throw Errno.current }
    }

    /// linkat(2) with AT_EMPTY_PATH: a name for the object this descriptor holds (an O_TMPFILE
    /// file, a removed file); the kernel refuses one from another mount (EXDEV).
    public func linkObject(into directory: borrowing FileDescriptor, as newName: [UInt8]) throws(Errno) {
        let atEmptyPath: Int32 = 0x1000
        if withCPath(newName, { Glibc.linkat(rawValue, "", directory.rawValue, $0, atEmptyPath) }) != 0 {
            throw Errno.current
        }
    }

    /// renameat2(2) of `name` in this directory to `newName` in `directory`.
    public func rename(_ name: [UInt8], to directory: borrowing FileDescriptor, as newName: [UInt8],
                       flags: UInt32) throws(Errno) {
        let r = withCPath(name) { a in
            withCPath(newName) { b in sh_renameat2(rawValue, a, directory.rawValue, b, flags) }
        }
        if r < 0 { throw Errno(-r) }
    }

    /// fcntl(F_GETFL): the open flags.
    public func statusFlags() throws(Errno) -> Int32 {
        let flags = fcntl(rawValue, F_GETFL)
        if flags < 0 { throw Errno.current }
        return flags
    }
}

/// Metadata changes of a pinned object. An O_PATH pin allows no f*-call, so each goes through the
/// pin's /proc/self/fd entry, which names exactly the pinned object (a symlink itself included).
extension FileDescriptor {
    private var selfPath: String { "/proc/self/fd/\(rawValue)" }

    public func changeMode(_ mode: mode_t) throws(Errno) {
        if Glibc.chmod(selfPath, mode) != 0 { throw Errno.current }
    }

    /// chown(2); `uid_t.max`/`gid_t.max` leave that id unchanged.
    public func changeOwner(uid: uid_t, gid: gid_t) throws(Errno) {
        if Glibc.chown(selfPath, uid, gid) != 0 { throw Errno.current }
    }

    /// utimensat(2) with two timespecs (UTIME_NOW/UTIME_OMIT allowed).
    public func setTimes(_ times: [timespec]) throws(Errno) {
        let r = times.withUnsafeBufferPointer { Glibc.utimensat(AT_FDCWD, selfPath, $0.baseAddress, 0) }
        if r != 0 { throw Errno.current }
    }

    public func truncate(to length: Int64) throws(Errno) {
        if Glibc.truncate(selfPath, off_t(length)) != 0 { throw Errno.current }
    }

    public func setAttribute(_ name: [UInt8], _ value: [UInt8], flags: Int32) throws(Errno) {
        let r = withCPath(name) { n in value.withUnsafeBytes { sh_setxattr(selfPath, n, $0.baseAddress, $0.count, flags) } }
        if r < 0 { throw Errno(Int32(-r)) }
    }

    /// getxattr(2) into a buffer of `capacity` bytes: the value, or with capacity 0 only its size.
    public func attribute(_ name: [UInt8], capacity: Int) throws(Errno) -> (value: [UInt8], size: Int) {
        var value = [UInt8](repeating: 0, count: max(capacity, 1))
        let n = withCPath(name) { n in
            value.withUnsafeMutableBytes { sh_getxattr(selfPath, n, capacity == 0 ? nil : $0.baseAddress, capacity) }
        }
        if n < 0 { throw Errno(Int32(-n)) }
        return (capacity == 0 ? [] : Array(value[0..<n]), n)
    }

    /// listxattr(2): the NUL-terminated names.
    public func attributeNames(limit: Int) throws(Errno) -> [UInt8] {
        var list = [UInt8](repeating: 0, count: limit)
        let n = list.withUnsafeMutableBytes { sh_listxattr(selfPath, $0.baseAddress, $0.count) }
        if n < 0 { throw Errno(Int32(-n)) }
        return Array(list[0..<n])
    }

    public func removeAttribute(_ name: [UInt8]) throws(Errno) {
        let r = withCPath(name) { sh_removexattr(selfPath, $0) }
        if r < 0 { throw Errno(Int32(-r)) }
    }

    /// inotify_add_watch(2) on this pinned object, for the inotify instance `inotify`.
    public func addWatch(to inotify: borrowing FileDescriptor, mask: UInt32) throws(Errno) -> Int32 {
        let wd = inotify_add_watch(inotify.rawValue, selfPath, mask)
        if wd < 0 { throw Errno.current }
        return wd
    }
}

/// Reading a directory the supervisor holds a copy of (the guest's own open file description).
extension FileDescriptor {
    /// lseek(2).
    @discardableResult
    public func seek(_ offset: Int64, from whence: Int32 = SEEK_SET) throws(Errno) -> Int64 {
        let r = lseek(rawValue, off_t(offset), whence)
        if r < 0 { throw Errno.current }
        return Int64(r)
    }

    /// getdents64(2) into `buffer`: the bytes filled (0 at the end).
    public func directoryEntries(into buffer: inout [UInt8]) throws(Errno) -> Int {
        let n = buffer.withUnsafeMutableBytes { sh_getdents64(rawValue, $0.baseAddress, $0.count) }
        if n < 0 { throw Errno(Int32(-n)) }
        return Int(n)
    }
}

/// statx(2), typed (`struct statx` of <linux/stat.h>).
public enum ExtendedStatus {
    /// STATX_MNT_ID: ask for the mount ID too (`stx_mnt_id`, valid when `stx_mask` has it).
    public static let mountID: UInt32 = 0x1000
    public static let atEmptyPath: Int32 = 0x1000, atSymlinkNofollow: Int32 = 0x100

    /// statx of `path` relative to `dirfd` (with AT_EMPTY_PATH and "", of `dirfd` itself).
    public static func of(_ dirfd: Int32, _ path: String, flags: Int32, mask: UInt32) throws(Errno) -> statx {
        var result = statx()
        let r = sh_statx(dirfd, path, flags, mask, &result)
        if r < 0 { throw Errno(-r) }
        return result
    }
}

extension FileDescriptor {
    /// statx of the object this descriptor holds (a symlink pin included: not followed).
    public func extendedStatus(mask: UInt32, flags: Int32 = 0) throws(Errno) -> statx {
        try ExtendedStatus.of(rawValue, "", flags: flags | ExtendedStatus.atEmptyPath | ExtendedStatus.atSymlinkNofollow, mask: mask)
    }
}
