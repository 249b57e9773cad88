import CSafehouse
import Glibc

/// A pidfd: names one task for as long as it is held, whatever becomes of its pid.
public struct Pidfd: ~Copyable, Sendable {
    public let descriptor: FileDescriptor

    /// Sends `signal` to the task (no pid-reuse race).
    public func send(_ signal: Int32) throws(Errno) {
        let r = sh_pidfd_send_signal(descriptor.rawValue, signal)
        if r < 0 { throw Errno(-r) }
    }

    /// pidfd_getfd(2): a close-on-exec copy of the task's descriptor `fd` (its open file
    /// description, shared).
    public func copyDescriptor(_ fd: Int32) throws(Errno) -> FileDescriptor {
        let copy = sh_pidfd_getfd(descriptor.rawValue, fd)
        if copy < 0 { throw Errno(-copy) }
        return FileDescriptor(adopting: copy)
    }
}

/// Host process helpers for the supervisor's own children.
public enum HostProcess {
    /// A pidfd for one thread (PIDFD_THREAD where the kernel has it, else its thread group).
    public static func pidfd(thread tid: Int32) throws(Errno) -> Pidfd {
        let fd = sh_pidfd_open_thread(tid)
        if fd < 0 { throw Errno(-fd) }
        return Pidfd(descriptor: FileDescriptor(adopting: fd))
    }

    /// Sends a signal through a pidfd (no pid-reuse race).
    public static func signal(pidfd: Int32, _ signal: Int32) throws(Errno) {
        let r = sh_pidfd_send_signal(pidfd, signal)
        if r < 0 { throw Errno(-r) }
    }

    /// Monotonic time in nanoseconds.
    public static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Wall-clock time in seconds since the epoch, with fraction.
    public static func wallClockSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The host's kernel identity (release, version, machine) for synthetic `uname` answers.
    public static func hostUname() -> (release: String, version: String, machine: String) {
        var u = utsname()
        Glibc.uname(&u)
        func field<T>(_ value: inout T) -> String {
            withUnsafeBytes(of: &value) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return (field(&u.release), field(&u.version), field(&u.machine))
    }

    /// Whether host thread `tid` has a signal pending that it neither blocks nor ignores.
    public static func hasDeliverableSignal(tid: Int32) -> Bool {
        TaskStatus.read(tid: tid)?.hasDeliverableSignal(tid: tid) ?? false
    }
}
