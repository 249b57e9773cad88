import CSafehouse
import Glibc
import SafehouseABI
import SafehouseProcfs
import SafehouseSystem

// open(2) semantics on top of PathResolver: the checks Linux makes (EISDIR, ENOTDIR, EEXIST, EROFS,
// EINVAL) in the order it makes them, then the host open beneath the zone. See Docs/fd-model.md.

/// What an open produced.
public enum OpenedFile: ~Copyable {
    /// A host file beneath its zone, or a synthetic file/device: a descriptor for ADDFD.
    case file(FileDescriptor, Resolved)
    /// A directory: the caller opens it with `openDirectory` where the guest's own mount namespace
    /// has it (Docs/fd-model.md), never as a host directory outside the sandbox.
    case directory(Resolved)
    /// A FIFO the guest opens blocking, read-only or write-only: the open waits for the other end,
    /// so it must not be made on a supervisor worker. The pin (O_PATH) names the checked FIFO; the
    /// caller opens it with `PathResolver.openFIFO` on a thread of its own.
    case fifo(pin: FileDescriptor, flags: Int32)
}

/// `O_PATH`, `O_TMPFILE`: not exported by Glibc's Swift module everywhere.

extension PathResolver {
    /// How often a resolve+open is retried when the host changed between the walk and the open
    /// (a directory swapped for a symlink makes the no-symlink open fail with ELOOP).
    static let raceRetries = 4

    /// `openat(AT_FDCWD-like cwd, path, flags, mode)` for the guest. `mode` should already carry the
    /// guest's umask. The returned descriptor is close-on-exec in the supervisor; the guest's
    /// O_CLOEXEC is for the ADDFD flags.
    /// `noSymlinks`, `noMagicLinks` and `inRoot` are openat2's restrictions, applied by the same
    /// walk that finds what is opened (never checked on one walk and opened by another).
    public func open(_ path: [UInt8], cwd: [UInt8] = [UInt8(ascii: "/")], flags: Int32,
                     mode: mode_t = 0, procSelf: ProcSelf? = nil, noSymlinks: Bool = false,
                     noMagicLinks: Bool = false, inRoot: [UInt8]? = nil) throws(LinuxErrno) -> OpenedFile {
        let flags = PathResolver.openatFlags(flags)
        let isTmpfile = flags & OpenFlag.tmpfile == OpenFlag.tmpfile
        let creating = flags & O_CREAT != 0 && !isTmpfile
        if creating && flags & O_DIRECTORY != 0 { throw .EINVAL }
        if isTmpfile && flags & O_ACCMODE == O_RDONLY { throw .EINVAL }
        if creating && path.count > 1 && path.last == UInt8(ascii: "/") {
            // O_CREAT with a trailing slash is EISDIR whatever the name is (Linux decides before
            // looking it up), once the directories before it resolve.
            var name = path
            while name.count > 1 && name.last == UInt8(ascii: "/") { name.removeLast() }
            _ = try resolve(name, cwd: cwd, followFinalSymlink: false, procSelf: procSelf,
                            noSymlinks: noSymlinks, noMagicLinks: noMagicLinks, inRoot: inRoot)
            throw .EISDIR
        }
        // O_CREAT|O_EXCL never follows a final symlink: the link itself "exists" (EEXIST).
        let follow = flags & O_NOFOLLOW == 0 && !(creating && flags & O_EXCL != 0)
        var lastError = LinuxErrno.ELOOP
        for _ in 0..<PathResolver.raceRetries {
            let resolved = try resolve(path, cwd: cwd, followFinalSymlink: follow, procSelf: procSelf,
                                       noSymlinks: noSymlinks, noMagicLinks: noMagicLinks, inRoot: inRoot)
            try PathResolver.checkRules(resolved, flags: flags, creating: creating || isTmpfile)
            switch resolved.location {
            case .host(let zone, let relative):
                if zone.isProcfs, resolved.kind == .regular, let procfs {
                    return .file(try openProcFile(procfs, resolved, relative: relative, flags: flags, caller: procSelf),
                                 resolved)
                }
                if resolved.kind == .procObject {
                    return try reopenThroughLink(zone: zone, relative: relative, target: resolved.symlinkTarget ?? [],
                                                 flags: flags, resolved: resolved)
                }
                if resolved.kind == .directory && !isTmpfile {
                    try PathResolver.checkDirectoryOpen(flags: flags)
                    return .directory(resolved)
                }
                do throws(LinuxErrno) {
                    if resolved.kind == .fifo, PathResolver.fifoOpenMayBlock(flags) {
                        return .fifo(pin: try pinFIFO(resolved, flags: flags), flags: flags)
                    }
                    return .file(try openHost(resolved, flags: flags, mode: mode), resolved)
                } catch {
                    // The host changed under the walk: resolve again. Anything else is the answer.
                    guard error == .ELOOP || error == .ENOENT || error == .ENOTDIR else { throw error }
                    lastError = error
                }
            case .synthetic, .syntheticMissing:
                return try openSynthetic(resolved, flags: flags, caller: procSelf)
            }
        }
        throw lastError
    }

    public func open(_ path: String, cwd: String = "/", flags: Int32, mode: mode_t = 0) throws(LinuxErrno) -> OpenedFile {
        try open(Array(path.utf8), cwd: Array(cwd.utf8), flags: flags, mode: mode)
    }

    /// The policy's path rules for an open: a hidden name is absent (and cannot be created), a
    /// read-denied one cannot be opened for reading, a write-denied one not for writing,
    /// truncating or creating.
    public static func checkRules(_ resolved: Resolved, flags: Int32, creating: Bool) throws(LinuxErrno) {
        let access = resolved.access
        if access.isEmpty { return }
        let isPath = flags & OpenFlag.path != 0
        if access.contains(.hidden) { throw creating ? .EACCES : .ENOENT }
        if access.contains(.denyRead) && !isPath && flags & O_ACCMODE != O_WRONLY { throw .EACCES }
        if access.contains(.denyWrite) && !isPath
            && (flags & O_ACCMODE != O_RDONLY || flags & O_TRUNC != 0 || (creating && resolved.kind == .missing)) {
            throw .EACCES
        }
    }

    /// Opens a resolved directory for the guest where the sandbox's mount namespace has it: beneath
    /// its zone, or for a synthetic directory beneath the guest's kernel root, where the launcher
    /// made it. Such a descriptor names a directory of the guest's own view; every path the guest
    /// resolves through it comes back to the VFS (the *at calls are trapped).
    public func openDirectory(_ resolved: Resolved, flags: Int32) throws(LinuxErrno) -> FileDescriptor {
        let isPath = flags & OpenFlag.path != 0
        // The guest's own O_DIRECTORY and O_NOFOLLOW, no more, so its F_GETFL is what it asked
        // for; O_NONBLOCK while we open, in case the name raced to a FIFO (then refused below).
        let hostFlags = isPath ? OpenFlag.path | O_DIRECTORY | O_CLOEXEC
            : O_RDONLY | O_NONBLOCK | O_CLOEXEC | (flags & (O_DIRECTORY | O_NOFOLLOW))
        let fd: Int32
        switch resolved.location {
        case .host(let zone, let relative):
            fd = HostLookup.openat2(zone.baseFd, relative, flags: hostFlags, mode: 0)
        case .synthetic:
            guard table.guestRootFd >= 0 else { throw .ENOENT }
            fd = HostLookup.openat2(table.guestRootFd, PathResolver.rootRelative(resolved.guestPath), flags: hostFlags, mode: 0)
        case .syntheticMissing:
            throw .ENOENT
        }
        if fd < 0 { throw HostLookup.hostError(-fd) }
        let directory = FileDescriptor(adopting: fd)
        if isPath { return directory }
        var st = stat()
        if fstat(directory.rawValue, &st) != 0 { throw HostLookup.hostError(errno) }
        // What the walk found was a directory: anything else is a rename racing the open.
        if st.st_mode & S_IFMT != S_IFDIR { throw .ELOOP }
        try credentials?.check(st, .read)
        if flags & O_NONBLOCK == 0 && fcntl(directory.rawValue, F_SETFL, fcntl(directory.rawValue, F_GETFL) & ~O_NONBLOCK) != 0 {
            throw HostLookup.hostError(errno)
        }
        return directory
    }

    /// openat2 beneath `dirfd` with RESOLVE_BENEATH|NO_SYMLINKS|NO_MAGICLINKS, close-on-exec
    /// always; throws the host errno.
    public static func openBeneath(_ dirfd: Int32, _ path: [UInt8], flags: Int32, mode: mode_t = 0) throws(Errno) -> FileDescriptor {
        let fd = HostLookup.openat2(dirfd, path, flags: flags | O_CLOEXEC, mode: mode)
        if fd < 0 { throw Errno(-fd) }
        return FileDescriptor(adopting: fd)
    }

    /// A canonical guest path relative to the guest root ("." for "/").
    public static func rootRelative(_ guestPath: [UInt8]) -> [UInt8] {
        let trimmed = Array(guestPath.drop { $0 == UInt8(ascii: "/") })
        return trimmed.isEmpty ? [UInt8(ascii: ".")] : trimmed
    }

    /// A file of the synthetic /proc: generated now, delivered as a sealed memfd reopened read-only
    /// (the guest gets a plain read-only description, as from procfs). Named after the guest path,
    /// which is what readlink of /proc/self/fd/N then shows. Its pages are charged to the sandbox's
    /// budget for synthetic files until the kernel frees it (ENOMEM when the budget is spent).
    private func openProcFile(_ procfs: ProcFilesystem, _ resolved: Resolved, relative: [UInt8], flags: Int32,
                              caller: ProcSelf?) throws(LinuxErrno) -> FileDescriptor {
        if flags & O_CREAT != 0 && flags & O_EXCL != 0 { throw .EEXIST }
        if flags & O_DIRECTORY != 0 { throw .ENOTDIR }
        if flags & O_ACCMODE != O_RDONLY {
            let path = relative.split(separator: UInt8(ascii: "/")).map(Array.init)
            return FileDescriptor(adopting: try procfs.openForWriting(path, flags: flags, caller: caller))
        }
        if flags & O_TRUNC != 0 { throw .EACCES }
        let bytes = try procfs.read(relative.split(separator: UInt8(ascii: "/")).map(Array.init), caller: caller)
        let cost = try procfs.budget.charge(size: bytes.count)
        let name = ProcessText.memfdName(forGuestPath: resolved.guestPathString)
        let sealed = bytes.withUnsafeBytes { sh_memfd_sealed(name, $0.baseAddress, $0.count) }
        if sealed < 0 {
            procfs.budget.refund(cost)
            throw HostLookup.hostError(-sealed)
        }
        let memfd = FileDescriptor(adopting: sealed)
        procfs.budget.watch(memfd.rawValue, cost: cost)
        do { return try HostFile.open("/proc/self/fd/\(memfd.rawValue)", flags: O_RDONLY | (flags & O_NONBLOCK)) } catch {
            throw HostLookup.hostError(error.rawValue)
        }
    }

    /// Opens a resolved host name beneath its zone with the guest's open flags. Refuses, before the
    /// host is touched, what Linux refuses: creating or writing in a read-only zone (EROFS), O_CREAT
    /// on a directory or with a trailing slash (EISDIR), O_DIRECTORY on a non-directory (ENOTDIR),
    /// O_EXCL on an existing name (EEXIST), a symlink without O_PATH (ELOOP).
    public func openHost(_ resolved: Resolved, flags: Int32, mode: mode_t = 0) throws(LinuxErrno) -> FileDescriptor {
        guard case .host(let zone, let relative) = resolved.location else { throw .EINVAL }
        let flags = PathResolver.openatFlags(flags)
        let isTmpfile = flags & OpenFlag.tmpfile == OpenFlag.tmpfile
        let creating = flags & O_CREAT != 0 && !isTmpfile
        let writing = flags & O_ACCMODE != O_RDONLY
        // The walk already followed what the guest asked to follow; the host kernel follows nothing
        // (RESOLVE_NO_SYMLINKS). O_PATH|O_NOFOLLOW names a symlink itself; otherwise O_NOFOLLOW
        // would only show up in the guest's F_GETFL.
        var hostFlags = flags | O_CLOEXEC
        if hostFlags & OpenFlag.path == 0 { hostFlags |= O_NOCTTY } else { hostFlags |= O_NOFOLLOW }

        switch resolved.kind {
        case .missing:
            if !creating || zone.isProcfs { throw .ENOENT }   // procfs looks up no new names
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
            if flags & O_DIRECTORY != 0 { throw .ENOTDIR }
            if flags & OpenFlag.path == 0 { throw .ELOOP }
        default:
            if isTmpfile { throw .ENOTDIR }
            if creating && flags & O_EXCL != 0 { throw .EEXIST }
            if flags & O_DIRECTORY != 0 { throw .ENOTDIR }
            let truncating = flags & O_TRUNC != 0 && resolved.kind == .regular
            // Like Linux, only regular files (and directories, above) are protected by a read-only
            // mount; a device node or FIFO in a read-only zone can still be written.
            if zone.isReadOnly && resolved.kind == .regular && (writing || truncating) { throw .EROFS }
        }
        if let credentials, flags & OpenFlag.path == 0 {
            if resolved.kind == .missing || isTmpfile {
                try checkParent(resolved, zone: zone, relative: relative, credentials: credentials)
            } else {
                return try reopenChecked(zone: zone, relative: relative, flags: hostFlags, credentials: credentials)
            }
        }
        // openat2, unlike openat, refuses a mode without O_CREAT/O_TMPFILE (EINVAL).
        let hostMode = creating || isTmpfile
            ? HostZone.mode(mode & 0o7777, directory: false, inOutputZone: zone.kind == .output) : 0
        // A FIFO reaching here cannot block (O_NONBLOCK or O_RDWR; see fifoOpenMayBlock).
        let fd = HostLookup.openat2(zone.baseFd, relative, flags: hostFlags, mode: hostMode)
        if fd < 0 { throw HostLookup.hostError(-fd) }
        return FileDescriptor(adopting: fd)
    }

    /// The guest needs write and search permission on the directory it creates in.
    private func checkParent(_ resolved: Resolved, zone: HostZone, relative: [UInt8],
                             credentials: GuestCredentials) throws(LinuxErrno) {
        let parent = resolved.kind == .directory ? relative : PathResolver.split(relative).parent
        let st = try HostLookup.status(try HostLookup.open(beneath: zone.baseFd, parent, flags: OpenFlag.path | O_DIRECTORY))
        try credentials.check(st, [.write, .execute])
    }

    /// Opens an existing name for a guest whose permissions the kernel would not check (the
    /// supervisor is root): the object is pinned with O_PATH, checked, then reopened through the
    /// supervisor's own descriptor, so the object checked is the object opened.
    private func reopenChecked(zone: HostZone, relative: [UInt8], flags: Int32,
                               credentials: GuestCredentials) throws(LinuxErrno) -> FileDescriptor {
        let pinned = try HostLookup.open(beneath: zone.baseFd, relative, flags: OpenFlag.path | O_NOFOLLOW)
        let st = try HostLookup.status(pinned)
        var wanted: GuestCredentials.Access = []
        if flags & O_ACCMODE != O_WRONLY { wanted.insert(.read) }
        if flags & O_ACCMODE != O_RDONLY || flags & O_TRUNC != 0 { wanted.insert(.write) }
        try credentials.check(st, wanted)
        if flags & O_NOFOLLOW != 0 {
            // O_NOFOLLOW cannot go through the magic link (ELOOP) yet shows in the guest's F_GETFL:
            // the name is opened again beneath the zone and kept only if it is the object checked
            // (truncated only then).
            let fd = HostLookup.openat2(zone.baseFd, relative, flags: flags & ~(O_CREAT | O_EXCL | O_TRUNC), mode: 0)
            if fd < 0 { throw HostLookup.hostError(-fd) }
            let opened = FileDescriptor(adopting: fd)
            var again = stat()
            guard fstat(opened.rawValue, &again) == 0, again.st_dev == st.st_dev, again.st_ino == st.st_ino else { throw .ELOOP }
            if flags & O_TRUNC != 0 && st.st_mode & S_IFMT == S_IFREG && ftruncate(opened.rawValue, 0) != 0 {
                throw HostLookup.hostError(errno)
            }
            return opened
        }
        let fd = "/proc/self/fd/\(pinned.rawValue)".withCString { Glibc.open($0, flags & ~(O_CREAT | O_EXCL)) }
        if fd < 0 { throw HostLookup.hostError(errno) }
        return FileDescriptor(adopting: fd)
    }

    /// Whether opening a FIFO with these flags waits for the other end (Linux: a blocking open for
    /// reading or for writing only).
    public static func fifoOpenMayBlock(_ flags: Int32) -> Bool {
        flags & O_NONBLOCK == 0 && flags & OpenFlag.path == 0 && flags & O_ACCMODE != O_RDWR
    }

    /// An existing FIFO pinned for `openFIFO`, after the guest's permission check.
    private func pinFIFO(_ resolved: Resolved, flags: Int32) throws(LinuxErrno) -> FileDescriptor {
        guard case .host(let zone, let relative) = resolved.location else { throw .EINVAL }
        let pinned = try HostLookup.open(beneath: zone.baseFd, relative, flags: OpenFlag.path | O_NOFOLLOW)
        let st = try HostLookup.status(pinned)
        guard st.st_mode & S_IFMT == S_IFIFO else { throw .ENOENT }   // swapped under the walk: resolve again
        try credentials?.check(st, flags & O_ACCMODE == O_RDONLY ? .read : .write)
        return pinned
    }

    /// Opens the pinned FIFO as the guest asked; blocks until the other end opens (or a signal interrupts it: -EINTR).
    /// The descriptor or -errno.
    public static func openFIFO(pin: Int32, flags: Int32) -> Int32 {
        let hostFlags = (flags & (O_ACCMODE | O_APPEND | O_DSYNC | 0o4000000 /* __O_SYNC */)) | O_CLOEXEC | O_NOCTTY
        let fd = Glibc.open("/proc/self/fd/\(pin)", hostFlags)
        return fd < 0 ? -errno : fd
    }

    /// Opens the object a sandbox process holds through its procfs magic link (`/proc/<pid>/fd/N`),
    /// like Linux, but decided on one pinned object: the link is followed once (the pin), and the
    /// access the process holds is read from its fdinfo *and* checked to belong to that same object
    /// (mount and inode), so a `dup2` racing the open cannot lend another descriptor's access mode.
    /// The reopened description never allows more than the held one (a host file the caller gave
    /// as stdin stays read-only; no O_TRUNC without write access). An O_PATH descriptor holds no
    /// access: only a removed file of a zone can be reopened through one, under its old path's rules.
    private func reopenThroughLink(zone: HostZone, relative: [UInt8], target: [UInt8], flags: Int32,
                                   resolved: Resolved) throws(LinuxErrno) -> OpenedFile {
        let pin = withCPath(relative) { Glibc.openat(zone.baseFd, $0, OpenFlag.path | O_CLOEXEC) }
        if pin < 0 { throw HostLookup.hostError(errno) }
        let pinned = FileDescriptor(adopting: pin)
        var st = stat()
        if fstat(pin, &st) != 0 { throw HostLookup.hostError(errno) }
        guard let held = PathResolver.heldDescriptor(zone: zone, fdLink: relative),
              held.inode == UInt64(st.st_ino), held.mountID == PathResolver.mountID(pin) else { throw .EACCES }
        let reading = flags & O_ACCMODE != O_WRONLY
        let writing = flags & O_ACCMODE != O_RDONLY || flags & O_TRUNC != 0
        if held.flags & OpenFlag.path != 0 {
            guard let removed = PathResolver.removedPath(target), st.st_mode & S_IFMT == S_IFREG else { throw .EACCES }
            let access = rules.access(for: removed)
            if access.contains(.hidden) || (reading && access.contains(.denyRead)) || (writing && access.contains(.denyWrite)) {
                throw .EACCES
            }
        } else {
            let mode = held.flags & O_ACCMODE
            if (reading && mode == O_WRONLY) || (writing && mode != O_WRONLY && mode != O_RDWR) { throw .EACCES }
        }
        var wanted: GuestCredentials.Access = []
        if reading { wanted.insert(.read) }
        if writing { wanted.insert(.write) }
        let type = st.st_mode & S_IFMT
        if type == S_IFREG || type == S_IFDIR || type == S_IFIFO { try credentials?.check(st, wanted) }
        if type == S_IFIFO && PathResolver.fifoOpenMayBlock(flags) { return .fifo(pin: pinned, flags: flags) }
        let fd = Glibc.open("/proc/self/fd/\(pin)", (flags & ~(O_CREAT | O_EXCL | O_NOFOLLOW)) | O_CLOEXEC | O_NOCTTY)
        if fd < 0 { throw HostLookup.hostError(errno) }
        return .file(FileDescriptor(adopting: fd), resolved)
    }

    /// What a process's fdinfo says of its descriptor behind the magic link `<pid>/[task/<tid>/]fd/N`:
    /// its open flags and the mount and inode of its object. nil when it cannot be read.
    static func heldDescriptor(zone: HostZone, fdLink: [UInt8]) -> (flags: Int32, mountID: UInt64, inode: UInt64)? {
        var parts = fdLink.split(separator: UInt8(ascii: "/")).map(Array.init)
        guard parts.count >= 3, parts[parts.count - 2] == Array("fd".utf8) else { return nil }
        parts[parts.count - 2] = Array("fdinfo".utf8)
        let path = Array(parts.joined(separator: [UInt8(ascii: "/")]))
        guard let info = FDInfo.read(path, relativeTo: zone.baseFd) else { return nil }
        return (info.flags, info.mountID, info.inode)
    }

    /// The id of the mount a descriptor was opened through (statx STATX_MNT_ID).
    public static func mountID(_ fd: Int32) -> UInt64? {
        let flags = ExtendedStatus.atEmptyPath | ExtendedStatus.atSymlinkNofollow
        return (try? ExtendedStatus.of(fd, "", flags: flags, mask: ExtendedStatus.mountID))?.stx_mnt_id
    }

    /// Splits a zone-relative path into its parent ("." at the zone root) and final name.
    public static func split(_ relative: [UInt8]) -> (parent: [UInt8], name: [UInt8]) {
        guard let slash = relative.lastIndex(of: UInt8(ascii: "/")) else { return ([UInt8(ascii: ".")], relative) }
        return (Array(relative[..<slash]), Array(relative[(slash + 1)...]))
    }

    /// VALID_OPEN_FLAGS of the x86-64 kernel. openat(2) ignores other bits; openat2, which the
    /// supervisor uses, refuses them.
    public static let validOpenFlags: Int32 = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND
        | O_NONBLOCK | O_DSYNC | 0o20000 /* FASYNC */ | 0o40000 /* O_DIRECT */ | 0o100000 /* O_LARGEFILE */
        | O_DIRECTORY | O_NOFOLLOW | 0o1000000 /* O_NOATIME */ | O_CLOEXEC | 0o4000000 /* __O_SYNC */
        | OpenFlag.path | OpenFlag.tmpfile

    /// The flags openat(2) would act on (build_open_flags): unknown bits dropped, and with O_PATH
    /// only O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC kept. The guest's openat2 must be checked for
    /// unknown bits (EINVAL) by its handler before it gets here.
    static func openatFlags(_ flags: Int32) -> Int32 {
        let valid = flags & validOpenFlags
        return valid & OpenFlag.path != 0 ? valid & (OpenFlag.path | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : valid
    }

    /// Opening a directory for the guest: only read-only, without O_CREAT.
    static func checkDirectoryOpen(flags: Int32) throws(LinuxErrno) {
        if flags & O_CREAT != 0 { throw flags & O_EXCL != 0 ? .EEXIST : .EISDIR }
        // O_TRUNC asks for write access too (build_open_flags), which a directory refuses.
        if flags & OpenFlag.path == 0 && (flags & O_ACCMODE != O_RDONLY || flags & O_TRUNC != 0) { throw .EISDIR }
    }

    /// Synthetic names: directories become placeholders, files sealed memfds, devices the
    /// supervisor's open of the fixed host node. Nothing in the synthetic tree can be created.
    private func openSynthetic(_ resolved: Resolved, flags: Int32, caller: ProcSelf?) throws(LinuxErrno) -> OpenedFile {
        let isTmpfile = flags & OpenFlag.tmpfile == OpenFlag.tmpfile
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
                // Part of the sandbox's read-only root.
                if writing || flags & O_TRUNC != 0 { throw .EROFS }
                if table.guestRootFd >= 0 {
                    // The launcher wrote these bytes into the sandbox root and mounted it read-only:
                    // the same immutable file the guest's stat sees.
                    let fd = HostLookup.openat2(table.guestRootFd, PathResolver.rootRelative(resolved.guestPath),
                                                flags: O_RDONLY | O_CLOEXEC | (flags & O_NOFOLLOW), mode: 0)
                    if fd < 0 { throw HostLookup.hostError(-fd) }
                    return .file(FileDescriptor(adopting: fd), resolved)
                }
                let fd = bytes.withUnsafeBytes { sh_memfd_sealed("safehouse-synthetic", $0.baseAddress, $0.count) }
                if fd < 0 { throw HostLookup.hostError(-fd) }
                return .file(FileDescriptor(adopting: fd), resolved)
            case .synthetic(.hostDevice("/dev/tty")):
                // The opener's own controlling terminal, which the supervisor does not share: the
                // caller's descriptor of that terminal, reopened (ENXIO without one, as Linux).
                guard let procfs, let me = caller?() else { throw .ENXIO }
                let fd = try procfs.openControllingTerminal(pid: me.pid,
                                                            flags: (flags & (O_ACCMODE | O_NONBLOCK | O_APPEND)) | O_CLOEXEC | O_NOCTTY)
                return .file(FileDescriptor(adopting: fd), resolved)
            case .synthetic(.hostDevice(let hostPath)):
                // openat2 follows no link beneath the sandbox root; the fixed host node (no root)
                // is opened O_NOFOLLOW.
                let deviceFlags = (flags & (O_ACCMODE | O_NONBLOCK | O_APPEND | O_NOFOLLOW)) | O_CLOEXEC | O_NOCTTY
                    | (table.guestRootFd >= 0 ? 0 : O_NOFOLLOW)
                // The node the launcher bound into the sandbox's /dev (so /proc shows it by its
                // guest path); the fixed host node where there is no sandbox root.
                let fd = table.guestRootFd >= 0
                    ? HostLookup.openat2(table.guestRootFd, PathResolver.rootRelative(resolved.guestPath), flags: deviceFlags, mode: 0)
                    : Glibc.open(hostPath, deviceFlags)
                if fd < 0 { throw HostLookup.hostError(table.guestRootFd >= 0 ? -fd : errno) }
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
