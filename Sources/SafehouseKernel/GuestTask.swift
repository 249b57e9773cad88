import CSafehouse
import Glibc
import SafehouseCore
import SafehouseSystem

/// One of the calling task's own objects, as its /proc entry names them.
enum TaskEntry: Equatable {
    case workingDirectory
    case descriptor(Int32)

    var procName: String {
        switch self {
        case .workingDirectory: return "cwd"
        case .descriptor(let fd): return "fd/\(fd)"
        }
    }
}

/// What a handler learns about, or does to, the task that made the call, besides its memory.
/// `LiveGuestTask` asks the host kernel (/proc/<tid>, pidfds); unit tests give handlers a fake, so
/// a handler can be tried without a live guest. Every answer may describe a task that has just
/// died: `GuestCall` re-validates the notification after each one.
protocol GuestTask: Sendable {
    /// Read at most once per call: umask, namespace ids, signal masks.
    var status: TaskStatus? { get }
    /// The path of `entry` in the guest's mount namespace ("pipe:[…]" for objects without one;
    /// "<path> (deleted)" for removed ones). ENOENT when the descriptor is not open.
    func link(_ entry: TaskEntry) throws(Errno) -> [UInt8]
    /// stat(2) of the object `entry` names.
    func metadata(_ entry: TaskEntry) throws(Errno) -> stat
    /// An O_PATH descriptor for the object `entry` names.
    func open(_ entry: TaskEntry) throws(Errno) -> FileDescriptor
    /// A copy of guest descriptor `fd`: the same open file description.
    func copyDescriptor(_ fd: Int32) throws(Errno) -> FileDescriptor
    /// The guest's own open flags of `fd` (O_CLOEXEC included), or nil.
    func descriptorFlags(_ fd: Int32) -> Int32?
    /// The task's soft RLIMIT_FSIZE; nil when unlimited or unreadable.
    func fileSizeLimit() -> UInt64?
    /// Sends `signal` to the calling thread (SIGXFSZ for a truncate past its limit).
    func signal(_ signal: Int32)
}

/// The calling task as the host kernel shows it: its /proc/<tid> entry and pidfds.
final class LiveGuestTask: GuestTask, @unchecked Sendable {
    let tid: Int32
    private var statusLoaded = false
    private var cachedStatus: TaskStatus?

    init(tid: Int32) { self.tid = tid }

    /// One call of one task, on one worker: the caches are never shared between threads.
    var status: TaskStatus? {
        if !statusLoaded {
            cachedStatus = TaskStatus.read(tid: tid)
            statusLoaded = true
        }
        return cachedStatus
    }

    private func path(_ entry: TaskEntry) -> String { "/proc/\(tid)/\(entry.procName)" }

    /// The working directory as first read in this call: a call that reads it more than once (two
    /// relative paths of a rename) sees one directory, whatever another thread does meanwhile.
    private var workingDirectoryLink: Result<[UInt8], Errno>?
    private var workingDirectoryMetadata: Result<stat, Errno>?

    func link(_ entry: TaskEntry) throws(Errno) -> [UInt8] {
        guard entry == .workingDirectory else { return try HostFile.readLink(path(entry)) }
        if workingDirectoryLink == nil {
            do { workingDirectoryLink = .success(try HostFile.readLink(path(entry))) } catch { workingDirectoryLink = .failure(error) }
        }
        return try workingDirectoryLink!.get()
    }

    func metadata(_ entry: TaskEntry) throws(Errno) -> stat {
        guard entry == .workingDirectory else { return try HostFile.status(path(entry)) }
        if workingDirectoryMetadata == nil {
            do { workingDirectoryMetadata = .success(try HostFile.status(path(entry))) } catch {
                workingDirectoryMetadata = .failure(error)
            }
        }
        return try workingDirectoryMetadata!.get()
    }

    func open(_ entry: TaskEntry) throws(Errno) -> FileDescriptor {
        try HostFile.open(path(entry), flags: OpenFlag.path | O_CLOEXEC)
    }

    func copyDescriptor(_ fd: Int32) throws(Errno) -> FileDescriptor {
        try HostProcess.pidfd(thread: tid).copyDescriptor(fd)
    }

    func descriptorFlags(_ fd: Int32) -> Int32? {
        FDInfo.read(Array("/proc/\(tid)/fdinfo/\(fd)".utf8))?.flags
    }

    func fileSizeLimit() -> UInt64? {
        var limit = rlimit()
        guard sh_prlimit_get(tid, Int32(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max /* RLIM_INFINITY */ else { return nil }
        return UInt64(limit.rlim_cur)
    }

    func signal(_ signal: Int32) {
        // PIDFD_THREAD: the signal goes to this thread, as the kernel's own SIGXFSZ would.
        guard let pidfd = try? HostProcess.pidfd(thread: tid) else { return }
        try? pidfd.send(signal)
    }
}
