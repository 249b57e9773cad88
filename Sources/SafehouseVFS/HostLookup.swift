import CSafehouse
import Glibc
import SafehouseABI
import SafehouseSystem

// The only file in the VFS that makes host calls on guest-derived names. Every call is relative to
// a descriptor that was itself obtained beneath a zone root, and carries RESOLVE_BENEATH |
// RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS: the host kernel never follows a symlink or `..` for
// the guest. Symlinks are read and interpreted by PathResolver.

/// What a name refers to, as the guest will see it.
public enum FileKind: Sendable, Equatable, CustomStringConvertible {
    case regular, directory, symlink, fifo, socket, characterDevice, blockDevice
    /// The final component does not exist (its parent does): a create target.
    case missing
    /// A kernel object behind a procfs magic link that names no path (`/proc/self/fd/N` of a pipe,
    /// socket or anonymous inode): opened through the link, as Linux does.
    case procObject

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symlink
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        default: self = .regular
        }
    }

    public var description: String {
        switch self {
        case .regular: "regular"
        case .directory: "directory"
        case .symlink: "symlink"
        case .fifo: "fifo"
        case .socket: "socket"
        case .characterDevice: "character device"
        case .blockDevice: "block device"
        case .missing: "missing"
        case .procObject: "kernel object"
        }
    }
}

/// Linux limits the resolver enforces, named as in the kernel.
public enum PathLimits {
    /// PATH_MAX including the terminating NUL: a path of 4096 bytes or more is ENAMETOOLONG.
    public static let pathMax = 4096
    /// NAME_MAX: a component longer than 255 bytes is ENAMETOOLONG.
    public static let nameMax = 255
    /// MAXSYMLINKS: the 41st symlink followed in one resolution is ELOOP.
    public static let maxSymlinks = 40
}

enum HostLookup {
    /// RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS.
    static let resolveBeneath = UInt64(RESOLVE_BENEATH) | UInt64(RESOLVE_NO_SYMLINKS) | UInt64(RESOLVE_NO_MAGICLINKS)

    /// `O_PATH` (not exported by Glibc's Swift module everywhere).

    /// The result of looking one name up in a host directory.
    enum Entry {
        case missing
        /// An O_PATH|O_NOFOLLOW descriptor (owned by the caller) and what it is.
        case found(fd: Int32, kind: FileKind)
    }

    /// Looks `name` up in the host directory `dirfd`, without following any symlink (a symlink on
    /// the way is ELOOP, a final one is returned as such). `name` is one component, or several
    /// without `.`/`..` (PathResolver's fast path). The descriptor returned is O_PATH; the caller
    /// closes it.
    static func lookup(in dirfd: Int32, name: [UInt8]) throws(LinuxErrno) -> Entry {
        let fd = openat2(dirfd, name, flags: OpenFlag.path | O_NOFOLLOW | O_CLOEXEC, mode: 0)
        if fd == -ENOENT { return .missing }
        if fd < 0 { throw hostError(-fd) }
        var st = stat()
        if fstat(fd, &st) != 0 {
            let e = errno
            close(fd)
            throw hostError(e)
        }
        return .found(fd: fd, kind: FileKind(mode: st.st_mode))
    }

    /// Reads the target of the symlink open as an O_PATH|O_NOFOLLOW descriptor.
    static func readLink(_ fd: Int32) throws(LinuxErrno) -> [UInt8] {
        do { return try HostFile.readLink("", relativeTo: fd) } catch { throw hostError(error.rawValue) }
    }

    /// openat2 beneath `dirfd` with the no-symlink rules; returns the fd or -errno.
    static func openat2(_ dirfd: Int32, _ path: [UInt8], flags: Int32, mode: mode_t) -> Int32 {
        withCPath(path) { cPath in
            while true {
                let r = sh_openat2(dirfd, cPath, UInt64(UInt32(bitPattern: flags)), UInt64(mode), resolveBeneath)
                if r != -EINTR { return r }
            }
        }
    }

    /// `PathResolver.openBeneath`, with the guest's errno.
    static func open(beneath dirfd: Int32, _ path: [UInt8], flags: Int32) throws(LinuxErrno) -> FileDescriptor {
        do { return try PathResolver.openBeneath(dirfd, path, flags: flags) } catch { throw hostError(error.rawValue) }
    }

    /// fstat(2) of a descriptor of ours; the guest's errno.
    static func status(_ fd: borrowing FileDescriptor) throws(LinuxErrno) -> stat {
        do { return try fd.status() } catch { throw hostError(error.rawValue) }
    }

    /// What the guest sees for an errno of one of our host lookups. The numbers are the same on the
    /// host and in the guest; the supervisor's own resource exhaustion is reported as ENFILE (the
    /// guest did not run out of descriptors, the system did) and a bad descriptor of our own is a
    /// bug that the guest sees as EIO rather than EBADF.
    static func hostError(_ e: Int32) -> LinuxErrno {
        switch e {
        case EMFILE: return .ENFILE
        case EBADF: return .EIO
        default: return LinuxErrno(rawValue: e)
        }
    }
}
