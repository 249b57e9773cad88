import Glibc
import SafehouseABI
import Synchronization

/// Bounds the host memory one sandbox's synthetic files hold.
///
/// Each generated file reaches the guest as a sealed memfd whose pages live as long as any
/// descriptor, O_PATH descriptor or mapping of it does: host shared memory that the guest's own
/// limits (RLIMIT_AS) never see, and a `/proc/self/smaps` can be megabytes. Every file is charged
/// here by its pages before it is made and credited back when the kernel frees it, which an
/// inotify `IN_DELETE_SELF` watch reports without keeping the file alive. An open that would go
/// over the budget fails with ENOMEM, as a kernel short of memory would answer.
///
/// When no watch can be placed (no inotify instance or watch left for this user), or the event
/// queue overflows, a file's charge is never credited: the bound holds, the budget only shrinks.
public final class SyntheticFileBudget: Sendable {
    public let limitBytes: Int
    private let state: Mutex<State>

    private struct State {
        /// Lazily created (most sandboxes never open a synthetic file); -1 until then or when refused.
        var inotify: Int32 = -1
        var triedInotify = false
        var chargedBytes = 0
        /// Watch descriptor → the bytes its file was charged.
        var watched: [Int32: Int] = [:]
    }

    /// A quarter of the sandbox's memory, at most 64 MiB.
    public static func limit(memoryBytes: UInt64) -> Int {
        Int(min(memoryBytes / 4, 64 << 20))
    }

    public init(limitBytes: Int) {
        self.limitBytes = limitBytes
        self.state = Mutex(State())
    }

    deinit {
        state.withLock { if $0.inotify >= 0 { close($0.inotify) } }
    }

    /// The bytes in use now: files made and not yet known to be freed.
    public var chargedBytes: Int { state.withLock { $0.chargedBytes } }

    /// Reserves the pages of a file of `size` bytes (at least one page, so the number of files is
    /// bounded too). Returns the charge, to hand to `watch` or `refund`.
    public func charge(size: Int) throws(LinuxErrno) -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let cost = max(1, (size + page - 1) / page) * page
        return try state.withLock { (state) throws(LinuxErrno) -> Int in
            Self.reclaim(&state)
            guard state.chargedBytes + cost <= limitBytes else { throw .ENOMEM }
            state.chargedBytes += cost
            return cost
        }
    }

    /// Returns a charge whose file was never made.
    public func refund(_ cost: Int) {
        state.withLock { $0.chargedBytes -= cost }
    }

    /// Credits `cost` back once the file behind `fd` (still open here) is freed.
    public func watch(_ fd: Int32, cost: Int) {
        state.withLock { state in
            if !state.triedInotify {
                state.triedInotify = true
                state.inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            }
            guard state.inotify >= 0 else { return }
            let wd = inotify_add_watch(state.inotify, "/proc/self/fd/\(fd)", UInt32(IN_DELETE_SELF))
            if wd >= 0 { state.watched[wd] = cost }
        }
    }

    /// Credits every file the kernel has freed since the last call.
    private static func reclaim(_ state: inout State) {
        guard state.inotify >= 0 else { return }
        let header = MemoryLayout<inotify_event>.size
        withUnsafeTemporaryAllocation(byteCount: 4096, alignment: MemoryLayout<inotify_event>.alignment) { buffer in
            while true {
                let n = read(state.inotify, buffer.baseAddress, buffer.count)
                if n <= 0 { return }   // EAGAIN: nothing more (EINTR: next time)
                var offset = 0
                while offset + header <= n {
                    let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                    // IN_DELETE_SELF, then IN_IGNORED, for the same watch: credit once.
                    if event.mask & UInt32(IN_DELETE_SELF | IN_IGNORED) != 0,
                       let cost = state.watched.removeValue(forKey: event.wd) {
                        state.chargedBytes -= cost
                    }
                    offset += header + Int(event.len)
                }
            }
        }
    }
}
