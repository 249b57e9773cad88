import CSafehouse
import Glibc
import SafehouseABI
import SafehouseSystem

// open(2) semantics on top of PathResolver: the checks Linux makes (EISDIR, ENOTDIR, EEXIST, EROFS,
// EINVAL) in the order it makes them, then the host open beneath the zone. See Docs/fd-model.md.

/// What an open produced.
public enum OpenedFile: ~Copyable {
    /// A host file beneath its zone, or a synthetic file/device: a descriptor for ADDFD.
    case file(FileDescriptor, Resolved)
    /// A directory: never a host descriptor; the caller installs a placeholder mapped to it.
    case directory(Resolved)
}

/// `O_PATH`, `O_TMPFILE`: not exported by Glibc's Swift module everywhere.
private let oPath: Int32 = 0o10000000
private let oTmpfile: Int32 = 0o20000000 | O_DIRECTORY

extension PathResolver {
    /// How often a resolve+open is retried when the host changed between the walk and the open
    /// (a directory swapped for a symlink makes the no-symlink open fail with ELOOP).
    static let raceRetries = 4

    /// `openat(AT_FDCWD-like cwd, path, flags, mode)` for the guest. `mode` should already carry the
    /// guest's umask. The returned descriptor is close-on-exec in the supervisor; the guest's
    /// O_CLOEXEC is for the ADDFD flags.
    public func open(_ path: [UInt8], cwd: [UInt8] = [UInt8(ascii: "/")], flags: Int32,
                     mode: mode_t = 0) throws(LinuxErrno) -> OpenedFile {
        let flags = PathResolver.openatFlags(flags)
        let isTmpfile = flags & oTmpfile == oTmpfile
        let creating = flags & O_CREAT != 0 && !isTmpfile
        if creating && flags & O_DIRECTORY != 0 { throw .EINVAL }
        if isTmpfile && flags & O_ACCMODE == O_RDONLY { throw .EINVAL }
        // O_CREAT|O_EXCL never follows a final symlink: the link itself "exists" (EEXIST).
        let follow = flags & O_NOFOLLOW == 0 && !(creating && flags & O_EXCL != 0)
        var lastError = LinuxErrno.ELOOP
        for _ in 0..<PathResolver.raceRetries {
            let resolved = try resolve(path, cwd: cwd, followFinalSymlink: follow)
            switch resolved.location {
            case .host:
                if resolved.kind == .directory && !isTmpfile {
                    try PathResolver.checkDirectoryOpen(flags: flags)
                    return .directory(resolved)
                }
                do throws(LinuxErrno) {
                    return .file(try openHost(resolved, flags: flags, mode: mode), resolved)
                } catch {
                    // The host changed under the walk: resolve again. Anything else is the answer.
                    guard error == .ELOOP || error == .ENOENT || error == .ENOTDIR else { throw error }
                    lastError = error
                }
            case .synthetic, .syntheticMissing:
                return try openSynthetic(resolved, flags: flags)
            }
        }
        throw lastError
    }

    public func open(_ path: String, cwd: String = "/", flags: Int32, mode: mode_t = 0) throws(LinuxErrno) -> OpenedFile {
        try open(Array(path.utf8), cwd: Array(cwd.utf8), flags: flags, mode: mode)
    }

    /// Opens a resolved host name beneath its zone with the guest's open flags. Refuses, before the
    /// host is touched, what Linux refuses: creating or writing in a read-only zone (EROFS), O_CREAT
    /// on a directory or with a trailing slash (EISDIR), O_DIRECTORY on a non-directory (ENOTDIR),
    /// O_EXCL on an existing name (EEXIST), a symlink without O_PATH (ELOOP).
    public func openHost(_ resolved: Resolved, flags: Int32, mode: mode_t = 0) throws(LinuxErrno) -> FileDescriptor {
        guard case .host(let zone, let relative) = resolved.location else { throw .EINVAL }
        let flags = PathResolver.openatFlags(flags)
        let isTmpfile = flags & oTmpfile == oTmpfile
        let creating = flags & O_CREAT != 0 && !isTmpfile
        let writing = flags & O_ACCMODE != O_RDONLY
        // O_NOFOLLOW: the walk already followed what the guest asked to follow; the host kernel
        // follows nothing (RESOLVE_NO_SYMLINKS too), and O_PATH|O_NOFOLLOW names a symlink itself.
        var hostFlags = flags | O_CLOEXEC | O_NOFOLLOW
        if hostFlags & oPath == 0 { hostFlags |= O_NOCTTY }

        switch resolved.kind {
        case .missing:
            if !creating { throw .ENOENT }
            if resolved.trailingSlash { throw .EISDIR }
            if zone.isReadOnly { throw .EROFS }
        case .directory:
            if isTmpfile {
                if zone.isReadOnly { throw .EROFS }
            } else {
                if creating { throw .EISDIR }
                // Only the supervisor ever opens host directories (getdents64); the guest gets a
                // placeholder through open(_:cwd:flags:mode:).
                try PathResolver.checkDirectoryOpen(flags: flags)
            }
        case .symlink:
            if creating && flags & O_EXCL != 0 { throw .EEXIST }
            if flags & oPath == 0 { throw .ELOOP }
        default:
            if isTmpfile { throw .ENOTDIR }
            if creating && flags & O_EXCL != 0 { throw .EEXIST }
            if flags & O_DIRECTORY != 0 { throw .ENOTDIR }
            let truncating = flags & O_TRUNC != 0 && resolved.kind == .regular
            // Like Linux, only regular files (and directories, above) are protected by a read-only
            // mount; a device node or FIFO in a read-only zone can still be written.
            if zone.isReadOnly && resolved.kind == .regular && (writing || truncating) { throw .EROFS }
            if resolved.kind == .fifo { hostFlags |= O_NONBLOCK }
        }
        // openat2, unlike openat, refuses a mode without O_CREAT/O_TMPFILE (EINVAL).
        let hostMode = creating || isTmpfile ? mode & 0o7777 : 0
        let fd = HostLookup.openat2(zone.baseFd, relative, flags: hostFlags, mode: hostMode)
        if fd < 0 { throw HostLookup.hostError(-fd) }
        if resolved.kind == .fifo && flags & O_NONBLOCK == 0 {
            // Opened non-blocking so a FIFO without a peer cannot park a supervisor worker; the
            // guest asked for a blocking description.
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        }
        return FileDescriptor(adopting: fd)
    }

    /// VALID_OPEN_FLAGS of the x86-64 kernel. openat(2) ignores other bits; openat2, which the
    /// supervisor uses, refuses them.
    static let validOpenFlags: Int32 = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND
        | O_NONBLOCK | O_DSYNC | 0o20000 /* FASYNC */ | 0o40000 /* O_DIRECT */ | 0o100000 /* O_LARGEFILE */
        | O_DIRECTORY | O_NOFOLLOW | 0o1000000 /* O_NOATIME */ | O_CLOEXEC | 0o4000000 /* __O_SYNC */
        | oPath | oTmpfile

    /// The flags openat(2) would act on (build_open_flags): unknown bits dropped, and with O_PATH
    /// only O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC kept. The guest's openat2 must be checked for
    /// unknown bits (EINVAL) by its handler before it gets here.
    static func openatFlags(_ flags: Int32) -> Int32 {
        let valid = flags & validOpenFlags
        return valid & oPath != 0 ? valid & (oPath | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : valid
    }

    /// Opening a directory for the guest: only read-only, without O_CREAT.
    static func checkDirectoryOpen(flags: Int32) throws(LinuxErrno) {
        if flags & O_CREAT != 0 { throw .EISDIR }
        if flags & oPath == 0 && flags & O_ACCMODE != O_RDONLY { throw .EISDIR }
    }

    /// Synthetic names: directories become placeholders, files sealed memfds, devices the
    /// supervisor's open of the fixed host node. Nothing in the synthetic tree can be created.
    private func openSynthetic(_ resolved: Resolved, flags: Int32) throws(LinuxErrno) -> OpenedFile {
        let isTmpfile = flags & oTmpfile == oTmpfile
        let creating = flags & O_CREAT != 0 && !isTmpfile
        let writing = flags & O_ACCMODE != O_RDONLY
        switch resolved.location {
        case .syntheticMissing:
            if !creating { throw .ENOENT }
            if resolved.trailingSlash { throw .EISDIR }
            throw .EROFS
        case .host:
            throw .EINVAL
        case .synthetic(let node):
            if resolved.kind == .directory {
                if isTmpfile { throw .EROFS }
                try PathResolver.checkDirectoryOpen(flags: flags)
                return .directory(resolved)
            }
            if isTmpfile || flags & O_DIRECTORY != 0 { throw .ENOTDIR }
            if creating && flags & O_EXCL != 0 { throw .EEXIST }
            switch node.mount {
            case .synthetic(.file(let bytes)):
                // Owned by root, mode 0644: the guest user may read, not write.
                if writing || flags & O_TRUNC != 0 { throw .EACCES }
                let fd = bytes.withUnsafeBytes { sh_memfd_sealed("safehouse-synthetic", $0.baseAddress, $0.count) }
                if fd < 0 { throw HostLookup.hostError(-fd) }
                return .file(FileDescriptor(adopting: fd), resolved)
            case .synthetic(.hostDevice(let hostPath)):
                let deviceFlags = (flags & (O_ACCMODE | O_NONBLOCK | O_APPEND)) | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW
                let fd = Glibc.open(hostPath, deviceFlags)
                if fd < 0 { throw HostLookup.hostError(errno) }
                return .file(FileDescriptor(adopting: fd), resolved)
            case .synthetic(.symlink):
                if creating && flags & O_EXCL != 0 { throw .EEXIST }
                throw .ELOOP
            default:
                throw .ENOENT
            }
        }
    }
}
