import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
import SafehouseNetwork
import SafehousePolicy
import SafehouseSystem
import SafehouseVFS

/// The calling task's /proc status, read on first use and kept for the rest of the call (one
/// call of one task: a worker's own, never shared).
final class CallingTask: @unchecked Sendable {
    let tid: Int32
    private var loaded = false
    private var cached: TaskStatus?

    init(tid: Int32) { self.tid = tid }

    var status: TaskStatus? {
        if !loaded {
            cached = TaskStatus.read(tid: tid)
            loaded = true
        }
        return cached
    }
}

/// Why a handler stopped: an errno for the guest, or nothing to answer (the task is gone).
enum CallError: Error {
    case errno(LinuxErrno)
    case gone
}

extension LinuxErrno {
    /// A host errno of one of the supervisor's own calls, as the guest sees it: running out of
    /// descriptors is the system's (ENFILE), not the guest's.
    static func host(_ e: Int32) -> CallError {
        let guest: LinuxErrno = e == Glibc.EMFILE ? .ENFILE : LinuxErrno(rawValue: e)
        return CallError.errno(guest)
    }
}

/// One trapped call as the file handlers see it: its arguments, the guest's memory, and the
/// guest-relative context (working directory, directory descriptors, `/proc/self`), each read from
/// the kernel when needed and re-validated before it is used.
struct GuestCall {
    let request: SyscallRequest
    let fs: FileSystem
    /// What the supervisor learns about the calling task, read at most once per call.
    let task: CallingTask
    /// The socket broker, where the sandbox has a network namespace.
    var network: NetworkBroker? = nil

    static let atFdcwd: Int32 = -100
    static let atEmptyPath: Int32 = 0x1000
    static let atSymlinkNofollow: Int32 = 0x100
    static let atSymlinkFollow: Int32 = 0x400

    var tid: Int32 { request.tid }
    func arg(_ i: Int) -> UInt64 { request.arg(i) }
    /// An `int` argument: the kernel uses the low 32 bits.
    func int(_ i: Int) -> Int32 { Int32(truncatingIfNeeded: request.arg(i)) }

    /// A `size_t` argument the kernel refuses above `max` (with `error`): compared unsigned, so
    /// no guest value (`(size_t)-1` included) can trap the conversion to Int.
    func size(_ i: Int, max: Int, else error: LinuxErrno) throws(CallError) -> Int {
        let raw = request.arg(i)
        guard raw <= UInt64(max) else { throw .errno(error) }
        return Int(raw)
    }

    /// A `size_t` argument the kernel clamps to `max` (getxattr, listxattr: a bigger buffer is
    /// as good as the largest value there can be).
    func size(_ i: Int, clampedTo max: Int) -> Int { Int(min(request.arg(i), UInt64(max))) }

    /// The little-endian UInt64 at `offset` of a struct copied from the guest (open_how, clone_args).
    static func uint64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes[offset..<(offset + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Maps guest-memory failures to the guest's errno (or no answer).
    static func memory(_ e: GuestMemoryError) -> CallError {
        switch e {
        case .fault: return .errno(.EFAULT)
        case .taskGone: return .gone
        }
    }

    /// Copies a path argument once (invariant 2): EFAULT if unmapped, ENAMETOOLONG without a NUL
    /// in the first 4096 bytes.
    func path(_ i: Int) throws(CallError) -> [UInt8] {
        let bytes: [UInt8]?
        do { bytes = try request.memory.readCString(GuestAddress(arg(i)), limit: PathLimits.pathMax) } catch {
            throw GuestCall.memory(error)
        }
        guard let bytes else { throw .errno(.ENAMETOOLONG) }
        return bytes
    }

    /// Copies `count` bytes of a struct argument.
    func read(_ address: UInt64, _ count: Int) throws(CallError) -> [UInt8] {
        do { return try request.memory.read(GuestAddress(address), count: count) } catch { throw GuestCall.memory(error) }
    }

    func write(_ address: UInt64, _ bytes: [UInt8]) throws(CallError) {
        do { try request.memory.write(GuestAddress(address), bytes) } catch { throw GuestCall.memory(error) }
    }

    func write<T>(_ address: UInt64, value: T) throws(CallError) {
        var copy = value
        let bytes = withUnsafeBytes(of: &copy) { Array($0) }
        try write(address, bytes)
    }

    /// The host procfs entry of the calling task (the supervisor's view; integers only, never
    /// guest text).
    var procPrefix: String { "/proc/\(tid)" }

    /// Reads a link of the calling task's procfs entry (`cwd`, `fd/N`): the kernel reports the
    /// path in the guest's mount namespace. Re-validated, so it belongs to the trapped task.
    func readTaskLink(_ name: String) throws(CallError) -> [UInt8] {
        let target: Result<[UInt8], Errno>
        do { target = .success(try HostFile.readLink("\(procPrefix)/\(name)")) } catch { target = .failure(error) }
        guard request.memory.isValid() else { throw .gone }
        switch target {
        case .success(let bytes): return bytes
        case .failure(let error): throw error.rawValue == ENOENT ? .errno(.EBADF) : LinuxErrno.host(error.rawValue)
        }
    }

    /// The guest directory a relative path starts from: the working directory for AT_FDCWD, else
    /// the directory the descriptor names (EBADF, ENOTDIR as Linux answers).
    func base(_ dirfd: Int32) throws(CallError) -> [UInt8] {
        let link = dirfd == GuestCall.atFdcwd ? "cwd" : "fd/\(dirfd)"
        if dirfd != GuestCall.atFdcwd && dirfd < 0 { throw .errno(.EBADF) }
        let path = try readTaskLink(link)
        guard path.first == UInt8(ascii: "/") else { throw .errno(.ENOTDIR) }
        var st = stat()
        if stat("\(procPrefix)/\(link)", &st) != 0 { throw LinuxErrno.host(errno) }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw .errno(.ENOTDIR) }
        // A removed directory reads as "<path> (deleted)"; only ".." leads anywhere from it.
        if st.st_nlink == 0, let removed = PathResolver.removedPath(path) {
            return removed + GuestCall.removedMarker
        }
        return path
    }

    /// Where a lookup of `path` relative to `dirfd` starts: the directory's guest path, or for a
    /// removed directory, where ".." leads (its old parent) with the rest of the path; any other
    /// name in a removed directory is ENOENT.
    func lookupStart(dirfd: Int32, path: [UInt8]) throws(CallError) -> (cwd: [UInt8], path: [UInt8]) {
        let cwd = path.first == UInt8(ascii: "/") ? [UInt8(ascii: "/")] : try base(dirfd)
        guard cwd.count > GuestCall.removedMarker.count,
              cwd.suffix(GuestCall.removedMarker.count).elementsEqual(GuestCall.removedMarker) else { return (cwd, path) }
        let dead = cwd.dropLast(GuestCall.removedMarker.count)
        guard path.starts(with: [UInt8(ascii: "."), UInt8(ascii: ".")]),
              path.count == 2 || path[2] == UInt8(ascii: "/") else { throw .errno(.ENOENT) }
        let slash = dead.lastIndex(of: UInt8(ascii: "/")) ?? dead.startIndex
        let parent = slash == dead.startIndex ? [UInt8(ascii: "/")] : Array(dead[..<slash])
        let rest = path.count == 2 ? [UInt8(ascii: ".")] : Array(path[3...])
        return (parent, rest.isEmpty ? [UInt8(ascii: ".")] : rest)
    }

    /// Appended by `base` to a directory that was removed: no name can be looked up in it.
    static let removedMarker = Array("/\u{1}removed".utf8)

    /// `/proc/self` for this caller: its pid and tid in the sandbox's PID namespace.
    var procSelf: ProcSelf {
        let task = self.task
        let memory = request.memory
        return {
            guard let status = task.status, memory.isValid(),
                  let pid = status.namespacePid, let tid = status.namespaceTid else { return nil }
            return (pid, tid)
        }
    }

    /// The calling process's umask (files the supervisor creates get the guest's mode bits).
    func umask() -> mode_t {
        task.status?.umask.map { mode_t($0) } ?? 0o022
    }

    /// Resolves the path argument `pathArg` relative to the directory argument `dirfd`.
    /// `emptyPathOK` (AT_EMPTY_PATH): an empty path names the descriptor itself, returned as nil.
    func resolve(dirfd: Int32, pathArg: Int, follow: Bool, emptyPathOK: Bool = false) throws(CallError) -> Resolved? {
        // Since Linux 6.11 a NULL path with AT_EMPTY_PATH means "".
        if emptyPathOK && arg(pathArg) == 0 { return nil }
        let path = try self.path(pathArg)
        return try resolve(dirfd: dirfd, path: path, follow: follow, emptyPathOK: emptyPathOK)
    }

    func resolve(dirfd: Int32, path: [UInt8], follow: Bool, emptyPathOK: Bool = false) throws(CallError) -> Resolved? {
        if path.isEmpty {
            if emptyPathOK { return nil }
            throw .errno(.ENOENT)
        }
        let (cwd, path) = try lookupStart(dirfd: dirfd, path: path)
        do throws(LinuxErrno) {
            return try fs.resolver.resolve(path, cwd: cwd, followFinalSymlink: follow, procSelf: procSelf)
        } catch {
            throw .errno(error)
        }
    }

    /// Like `resolve`, for calls that need the name to exist.
    func existing(dirfd: Int32, pathArg: Int, follow: Bool) throws(CallError) -> Resolved {
        guard let r = try resolve(dirfd: dirfd, pathArg: pathArg, follow: follow) else { throw .errno(.ENOENT) }
        if r.kind == .missing { throw .errno(.ENOENT) }
        return r
    }

    /// A copy of one of the caller's descriptors (its open file description, shared with the guest).
    func guestDescriptor(_ fd: Int32) throws(CallError) -> FileDescriptor {
        if fd < 0 { throw .errno(.EBADF) }
        let pidfd = sh_pidfd_open_thread(tid)
        if pidfd < 0 { throw pidfd == -ESRCH ? .gone : LinuxErrno.host(-pidfd) }
        defer { close(pidfd) }
        let copy = sh_pidfd_getfd(pidfd, fd)
        if copy < 0 { throw copy == -EBADF ? .errno(.EBADF) : LinuxErrno.host(-copy) }
        guard request.memory.isValid() else {
            close(copy)
            throw .gone
        }
        return FileDescriptor(adopting: copy)
    }
}

extension GuestCall {
    /// Runs a file handler: errors become errno replies, a vanished task gets no reply, and
    /// without a VFS (no mount namespace: Landlock is the file wall) the call continues.
    static func handler(_ body: @escaping @Sendable (GuestCall) throws(CallError) -> SyscallReply) -> SyscallHandler {
        return { request, kernel in
            guard let fs = kernel.fileSystem else { return .continueCall }
            do throws(CallError) {
                return try body(GuestCall(request: request, fs: fs, task: CallingTask(tid: request.tid),
                                          network: kernel.network))
            } catch {
                switch error {
                case .errno(let e): return .error(e)
                case .gone: return .abandoned
                }
            }
        }
    }
}
