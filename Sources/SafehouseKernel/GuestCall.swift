import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
import SafehouseNetwork
import SafehousePolicy
import SafehouseSystem
import SafehouseVFS

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

/// Runs one of the supervisor's host calls; its errno becomes the guest's (`LinuxErrno.host`).
func hostCall<T: ~Copyable>(_ body: () throws(Errno) -> T) throws(CallError) -> T {
    do { return try body() } catch { throw LinuxErrno.host(error.rawValue) }
}

/// One trapped call as the file handlers see it: its arguments, the guest's memory, and the
/// guest-relative context (working directory, directory descriptors, `/proc/self`), each read from
/// the kernel when needed and re-validated before it is used.
struct GuestCall {
    let request: SyscallRequest
    let fs: FileSystem
    /// The calling task's context (working directory, descriptors, status), read when needed.
    let task: any GuestTask
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

    /// A C struct at the start of bytes copied from the guest (open_how, msghdr, clone_args' first
    /// field), as the kernel lays it out; the bytes must hold at least one.
    static func load<T>(_ type: T.Type, from bytes: [UInt8]) -> T {
        precondition(bytes.count >= MemoryLayout<T>.size)
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: T.self) }
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

    /// The guest path of one of the calling task's objects (`cwd`, `fd/N`), as the kernel reports
    /// it in the guest's mount namespace.
    func taskLink(_ entry: TaskEntry) throws(CallError) -> [UInt8] {
        try askTask { () throws(Errno) in try task.link(entry) }
    }

    /// stat(2) of one of the calling task's objects.
    func taskMetadata(_ entry: TaskEntry) throws(CallError) -> stat {
        try askTask { () throws(Errno) in try task.metadata(entry) }
    }

    /// An O_PATH descriptor for one of the calling task's objects.
    func taskObject(_ entry: TaskEntry) throws(CallError) -> FileDescriptor {
        try askTask { () throws(Errno) in try task.open(entry) }
    }

    /// Asks the calling task something, then re-validates the notification, so the answer belongs
    /// to the trapped task. A descriptor it does not hold (missing from its /proc/<tid>/fd) is EBADF.
    private func askTask<T: ~Copyable>(_ question: () throws(Errno) -> T) throws(CallError) -> T {
        var failure: Errno? = nil
        var answer: T? = nil
        do { answer = try question() } catch { failure = error }
        guard request.memory.isValid() else { throw .gone }
        if let failure { throw failure.rawValue == ENOENT ? .errno(.EBADF) : LinuxErrno.host(failure.rawValue) }
        return answer.take()!
    }

    /// A directory a relative lookup starts from.
    struct StartDirectory {
        /// Its guest path; for a removed directory, the path it had.
        let path: [UInt8]
        /// It was removed: only ".." leads anywhere from it.
        let removed: Bool
    }

    /// The guest directory a relative path starts from: the working directory for AT_FDCWD, else
    /// the directory the descriptor names (EBADF, ENOTDIR as Linux answers).
    func base(_ dirfd: Int32) throws(CallError) -> StartDirectory {
        if dirfd != GuestCall.atFdcwd && dirfd < 0 { throw .errno(.EBADF) }
        let entry: TaskEntry = dirfd == GuestCall.atFdcwd ? .workingDirectory : .descriptor(dirfd)
        let path = try taskLink(entry)
        guard path.first == UInt8(ascii: "/") else { throw .errno(.ENOTDIR) }
        let st: stat
        do { st = try task.metadata(entry) } catch { throw LinuxErrno.host(error.rawValue) }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw .errno(.ENOTDIR) }
        // A removed directory reads as "<path> (deleted)".
        if st.st_nlink == 0, let removed = PathResolver.removedPath(path) {
            return StartDirectory(path: removed, removed: true)
        }
        return StartDirectory(path: path, removed: false)
    }

    /// Where a lookup of `path` relative to `dirfd` starts: the directory's guest path, or for a
    /// removed directory, where ".." leads (its old parent) with the rest of the path; any other
    /// name in a removed directory is ENOENT.
    func lookupStart(dirfd: Int32, path: [UInt8]) throws(CallError) -> (cwd: [UInt8], path: [UInt8]) {
        if path.first == UInt8(ascii: "/") { return ([UInt8(ascii: "/")], path) }
        let start = try base(dirfd)
        guard start.removed else { return (start.path, path) }
        let dead = start.path
        guard path.starts(with: [UInt8(ascii: "."), UInt8(ascii: ".")]),
              path.count == 2 || path[2] == UInt8(ascii: "/") else { throw .errno(.ENOENT) }
        let slash = dead.lastIndex(of: UInt8(ascii: "/")) ?? dead.startIndex
        let parent = slash == dead.startIndex ? [UInt8(ascii: "/")] : Array(dead[..<slash])
        let rest = path.count == 2 ? [UInt8(ascii: ".")] : Array(path[3...])
        return (parent, rest.isEmpty ? [UInt8(ascii: ".")] : rest)
    }

    /// A relative path of "." components only: the directory the lookup starts from.
    static func namesStartItself(_ path: [UInt8]) -> Bool {
        path.first != UInt8(ascii: "/")
            && path.split(separator: UInt8(ascii: "/")).allSatisfy { $0.elementsEqual([UInt8(ascii: ".")]) }
    }

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
    /// `itselfOK`: so does "." (or "./.") in a removed directory, which no path reaches any more.
    /// `nullPathOK`: the stat family, where since Linux 6.11 a NULL path with AT_EMPTY_PATH means ""
    /// (elsewhere NULL is EFAULT).
    func resolve(dirfd: Int32, pathArg: Int, follow: Bool, emptyPathOK: Bool = false,
                 itselfOK: Bool = false, nullPathOK: Bool = false) throws(CallError) -> Resolved? {
        if emptyPathOK && nullPathOK && arg(pathArg) == 0 { return nil }
        let path = try self.path(pathArg)
        return try resolve(dirfd: dirfd, path: path, follow: follow, emptyPathOK: emptyPathOK, itselfOK: itselfOK)
    }

    func resolve(dirfd: Int32, path: [UInt8], follow: Bool, emptyPathOK: Bool = false,
                 itselfOK: Bool = false) throws(CallError) -> Resolved? {
        if path.isEmpty {
            if emptyPathOK { return nil }
            throw .errno(.ENOENT)
        }
        if itselfOK, GuestCall.namesStartItself(path), try base(dirfd).removed { return nil }
        return try inHeldProcessDirectory(dirfd, path) { () throws(CallError) in
            let (cwd, path) = try lookupStart(dirfd: dirfd, path: path)
            do throws(LinuxErrno) {
                return try fs.resolver.resolve(path, cwd: cwd, followFinalSymlink: follow, procSelf: procSelf)
            } catch {
                throw .errno(error)
            }
        }
    }

    /// Runs a lookup of `path` relative to `dirfd`; its ENOENT becomes ESRCH when `dirfd` is a held
    /// /proc/<pid> directory of a process that has gone, as on Linux.
    func inHeldProcessDirectory<T>(_ dirfd: Int32, _ path: [UInt8], _ lookup: () throws(CallError) -> T) throws(CallError) -> T {
        do { return try lookup() } catch {
            if case .errno(.ENOENT) = error, dirfd >= 0, path.first != UInt8(ascii: "/"), heldProcessDirectoryIsGone(dirfd) {
                throw .errno(.ESRCH)
            }
            throw error
        }
    }

    /// Whether `dirfd` is a held /proc/<pid> directory (or one below it) of a process or thread
    /// that has gone: lookups in it are ESRCH on Linux, not ENOENT.
    private func heldProcessDirectoryIsGone(_ dirfd: Int32) -> Bool {
        guard let procfs = fs.resolver.procfs, var link = try? taskLink(.descriptor(dirfd)) else { return false }
        if let removed = PathResolver.removedPath(link) { link = removed }
        let prefix = Array("/proc/".utf8)
        guard link.starts(with: prefix) else { return false }
        let number = link[prefix.count...].prefix { $0 != UInt8(ascii: "/") }
        guard !number.isEmpty, number.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return false }
        do throws(LinuxErrno) { _ = try procfs.lookup([Array(number)], caller: nil) } catch { return error == .ENOENT }
        return false
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
        let copy: FileDescriptor
        do { copy = try task.copyDescriptor(fd) } catch {
            if error.rawValue == ESRCH { throw .gone }
            throw error.rawValue == EBADF ? .errno(.EBADF) : LinuxErrno.host(error.rawValue)
        }
        guard request.memory.isValid() else { throw .gone }
        return copy
    }
}

extension GuestCall {
    /// Runs a file handler: errors become errno replies, a vanished task gets no reply, and
    /// without a VFS (no mount namespace: Landlock is the file wall) the call continues.
    static func handler(_ body: @escaping @Sendable (GuestCall) throws(CallError) -> SyscallReply) -> SyscallHandler {
        return { request, kernel in
            guard let fs = kernel.fileSystem else { return .continueCall }
            do throws(CallError) {
                return try body(GuestCall(request: request, fs: fs, task: kernel.guestTask(request),
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
