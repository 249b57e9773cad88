import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
import SafehouseSystem
import SafehouseVFS
import Synchronization

/// open, openat, openat2, creat: resolved by the VFS, opened beneath the zone by the supervisor,
/// installed into the guest with ADDFD+SEND (Docs/fd-model.md).
enum FileOpen {
    /// The syscalls this family answers (checked against the table's emulated set by
    /// SyscallRegistrationTests).
    static let handlers: [Syscall: SyscallHandler] = [
        .open: open, .openat: openat, .openat2: openat2, .creat: creat,
    ]


    static let open = GuestCall.handler { call throws(CallError) in
        try checkFlags(call.int(1))
        return try openCommon(call, dirfd: GuestCall.atFdcwd, path: try call.path(0), flags: call.int(1),
                              mode: mode_t(truncatingIfNeeded: call.arg(2)))
    }

    static let openat = GuestCall.handler { call throws(CallError) in
        try checkFlags(call.int(2))
        return try openCommon(call, dirfd: call.int(0), path: try call.path(1), flags: call.int(2),
                              mode: mode_t(truncatingIfNeeded: call.arg(3)))
    }

    /// The combinations of open flags Linux refuses before it copies the path (build_open_flags):
    /// O_TMPFILE without O_DIRECTORY, with O_CREAT or without write access, and O_CREAT with
    /// O_DIRECTORY. O_PATH keeps only its own flags (the rest are ignored, as by open and openat).
    static func checkFlags(_ flags: Int32) throws(CallError) {
        var flags = flags
        if flags & OpenFlag.path != 0 { flags &= OpenFlag.path | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC }
        if flags & OpenFlag.tmpfileBit != 0 {
            if flags & (OpenFlag.tmpfile | O_CREAT) != OpenFlag.tmpfile { throw .errno(.EINVAL) }
            if flags & O_ACCMODE == O_RDONLY { throw .errno(.EINVAL) }
        }
        if flags & (O_DIRECTORY | O_CREAT) == O_DIRECTORY | O_CREAT { throw .errno(.EINVAL) }
    }

    static let creat = GuestCall.handler { call throws(CallError) in
        try openCommon(call, dirfd: GuestCall.atFdcwd, path: try call.path(0), flags: O_CREAT | O_WRONLY | O_TRUNC,
                       mode: mode_t(truncatingIfNeeded: call.arg(1)))
    }

    /// RESOLVE_* of openat2(2).
    enum Resolve {
        static let noXdev: UInt64 = 0x01, noMagicLinks: UInt64 = 0x02, noSymlinks: UInt64 = 0x04
        static let beneath: UInt64 = 0x08, inRoot: UInt64 = 0x10, cached: UInt64 = 0x20
        static let all: UInt64 = 0x3f
    }

    static let openat2 = GuestCall.handler { call throws(CallError) in
        // struct open_how, extensible: a larger struct must be zero beyond the one the kernel knows.
        // usize is a size_t: above PAGE_SIZE (also (size_t)-1) E2BIG, below the first version EINVAL.
        let known = MemoryLayout<open_how>.size
        let size = try call.size(3, max: 4096, else: .E2BIG)
        if size < known { throw .errno(.EINVAL) }
        let bytes = try call.read(call.arg(2), size)
        if bytes[known...].contains(where: { $0 != 0 }) { throw .errno(.E2BIG) }
        let how = GuestCall.load(open_how.self, from: bytes)
        let (flags, mode, resolve) = (how.flags, how.mode, how.resolve)
        let valid = UInt64(UInt32(bitPattern: PathResolver.validOpenFlags))
        if flags & ~valid != 0 || resolve & ~Resolve.all != 0 { throw .errno(.EINVAL) }
        let creating = flags & UInt64(O_CREAT) != 0 || flags & UInt64(OpenFlag.tmpfileBit) == UInt64(OpenFlag.tmpfileBit)
        if mode & ~0o7777 != 0 || (mode != 0 && !creating) { throw .errno(.EINVAL) }
        if resolve & Resolve.beneath != 0 && resolve & Resolve.inRoot != 0 { throw .errno(.EINVAL) }
        if resolve & Resolve.cached != 0 && (creating || flags & UInt64(O_TRUNC) != 0) { throw .errno(.EAGAIN) }
        // openat2 refuses what open ignores: other flags with O_PATH.
        let pathFlags = UInt64(UInt32(bitPattern: OpenFlag.path | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC))
        if flags & UInt64(UInt32(bitPattern: OpenFlag.path)) != 0 && flags & ~pathFlags != 0 { throw .errno(.EINVAL) }
        try checkFlags(Int32(truncatingIfNeeded: flags))
        let path = try call.path(1)
        let dirfd = call.int(0)
        var scope: Scope? = nil
        if resolve & Resolve.beneath != 0 {
            // The result must stay beneath the starting directory; an absolute path cannot.
            if path.first == UInt8(ascii: "/") { throw .errno(.EXDEV) }
            scope = .beneath(try call.base(dirfd).path)
        } else if resolve & Resolve.inRoot != 0 {
            scope = .inRoot(try call.base(dirfd).path)
        }
        return try openCommon(call, dirfd: dirfd, path: path, flags: Int32(truncatingIfNeeded: flags), mode: mode_t(mode),
                              noSymlinks: resolve & Resolve.noSymlinks != 0,
                              noMagicLinks: resolve & Resolve.noMagicLinks != 0,
                              scope: scope, noXdev: resolve & Resolve.noXdev != 0)
    }

    /// openat2's scoped lookups: RESOLVE_BENEATH (stay beneath) or RESOLVE_IN_ROOT (it is "/").
    enum Scope {
        case beneath([UInt8])
        case inRoot([UInt8])
    }

    static func openCommon(_ call: GuestCall, dirfd: Int32, path: [UInt8], flags: Int32, mode: mode_t,
                           noSymlinks: Bool = false, noMagicLinks: Bool = false, scope: Scope? = nil,
                           noXdev: Bool = false) throws(CallError) -> SyscallReply {
        if path.isEmpty { throw .errno(.ENOENT) }
        return try call.inHeldProcessDirectory(dirfd, path) { () throws(CallError) in
            try openResolved(call, dirfd: dirfd, path: path, flags: flags, mode: mode, noSymlinks: noSymlinks,
                             noMagicLinks: noMagicLinks, scope: scope, noXdev: noXdev)
        }
    }

    static func openResolved(_ call: GuestCall, dirfd: Int32, path: [UInt8], flags: Int32, mode: mode_t,
                             noSymlinks: Bool, noMagicLinks: Bool, scope: Scope?, noXdev: Bool) throws(CallError) -> SyscallReply {
        if GuestCall.namesStartItself(path),
           try call.base(dirfd).removed {
            // open(".") in a removed directory: the guest's own (dead) directory, nothing else.
            return .continueCall
        }
        let start = try call.lookupStart(dirfd: dirfd, path: path)
        let cwd = start.cwd
        var path = start.path
        let resolver = call.fs.resolver
        if scope != nil || noXdev || noSymlinks || noMagicLinks {
            // openat2's resolve restrictions are checked on a resolution of their own first.
            let follow = flags & O_NOFOLLOW == 0
            var root: [UInt8]? = nil
            if case .inRoot(let base) = scope { root = base }
            let r: Resolved
            do {
                r = try resolver.resolve(path, cwd: cwd, followFinalSymlink: follow, procSelf: call.procSelf,
                                         noSymlinks: noSymlinks, noMagicLinks: noMagicLinks, inRoot: root)
            } catch { throw .errno(error) }
            if case .beneath(let base) = scope, !isBeneath(r.guestPath, base) { throw .errno(.EXDEV) }
            if noXdev, let start = try? resolver.resolve(cwd), start.zone !== r.zone { throw .errno(.EXDEV) }
            // RESOLVE_BENEATH: open what this resolution found by its canonical path, allowing no
            // symlink on the way (one raced in since fails with ELOOP rather than leading out).
            if case .beneath = scope {
                path = r.guestPath + (r.trailingSlash && r.guestPath != [UInt8(ascii: "/")] ? [UInt8(ascii: "/")] : [])
            }
        }
        if flags & OpenFlag.path != 0 {
            // ADDFD cannot install an O_PATH description (the kernel's fget skips them), so the
            // VFS answers every error and the kernel makes the open in the guest's mount
            // namespace. An O_PATH descriptor carries identity only; whatever the path buffer
            // races to, it names an object of the policy-shaped root, and every use of it that
            // could read or run the object (open via /proc/self/fd, execveat) goes through the
            // VFS and its rules again.
            let r: Resolved
            do {
                r = try resolver.resolve(path, cwd: cwd, followFinalSymlink: flags & O_NOFOLLOW == 0, procSelf: call.procSelf)
            } catch { throw .errno(error) }
            if r.kind == .missing { throw .errno(.ENOENT) }
            if flags & O_DIRECTORY != 0 && r.kind != .directory { throw .errno(.ENOTDIR) }
            return .continueCall
        }
        let creating = flags & O_CREAT != 0 || flags & OpenFlag.tmpfileBit == OpenFlag.tmpfileBit
        let mode = creating ? mode & ~call.umask() : 0
        let opened: OpenedFile
        do {
            var inRoot: [UInt8]? = nil
            if case .inRoot(let base) = scope { inRoot = base }
            var beneath = false
            if case .beneath = scope { beneath = true }
            opened = try resolver.open(path, cwd: cwd, flags: flags, mode: mode, procSelf: call.procSelf,
                                       noSymlinks: noSymlinks || beneath, noMagicLinks: noMagicLinks, inRoot: inRoot)
        } catch { throw .errno(error) }
        let closeOnExec = flags & O_CLOEXEC != 0
        switch consume opened {
        case .file(let fd, _):
            return .installDescriptor(fd.release(), closeOnExec: closeOnExec)
        case .directory(let resolved):
            do {
                let fd = try resolver.openDirectory(resolved, flags: flags)
                return .installDescriptor(fd.release(), closeOnExec: closeOnExec)
            } catch { throw .errno(error) }
        case .fifo(let pin, let fifoFlags):
            return .deferred(blockingFIFOOpen(FIFOPin(pin), flags: fifoFlags, closeOnExec: closeOnExec))
        }
    }

    /// A pinned FIFO held by a blocking open.
    final class FIFOPin: Sendable {
        private let pin: FileDescriptor
        var fd: Int32 { pin.rawValue }
        init(_ pin: consuming FileDescriptor) { self.pin = pin }
    }

    /// A FIFO open that waits for the other end, as on Linux — on a thread of its own, never a
    /// worker. When the guest stops waiting (a signal: EINTR or a restart), that open alone is
    /// interrupted; other openers of the FIFO keep waiting.
    static func blockingFIFOOpen(_ pin: FIFOPin, flags: Int32, closeOnExec: Bool) -> DeferredCall {
        let open = InterruptibleCall()
        return DeferredCall(run: {
            let fd = open.run { PathResolver.openFIFO(pin: pin.fd, flags: flags) }
            return fd < 0 ? .error(LinuxErrno(rawValue: -fd)) : .installDescriptor(fd, closeOnExec: closeOnExec)
        }, cancel: { open.interrupt() })
    }

    static func isBeneath(_ path: [UInt8], _ base: [UInt8]) -> Bool {
        if base == [UInt8(ascii: "/")] || path == base { return true }
        return path.count > base.count && path.starts(with: base) && path[base.count] == UInt8(ascii: "/")
    }
}
