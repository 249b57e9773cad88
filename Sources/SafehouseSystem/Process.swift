import CSafehouse
import Glibc

/// Host process helpers for the supervisor's own children.
public enum HostProcess {
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

    /// Whether host thread `tid` has a signal pending that it neither blocks nor ignores (from
    /// /proc/<tid>/status): a call it waits in would be interrupted by that signal on Linux. A
    /// process-wide signal counts for the main thread only, which is where Linux delivers it when
    /// that thread does not block it (so one thread is interrupted, not every waiting one).
    public static func hasDeliverableSignal(tid: Int32) -> Bool {
        guard let status = try? HostFile.readString("/proc/\(tid)/status") else { return false }
        var fields: [Substring: UInt64] = [:]
        for line in status.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, ["Tgid", "SigPnd", "ShdPnd", "SigBlk", "SigIgn"].contains(parts[0]) else { continue }
            let value = String(parts[1].filter { !$0.isWhitespace })
            fields[parts[0]] = parts[0] == "Tgid" ? UInt64(value) : UInt64(value, radix: 16)
        }
        var pending = fields["SigPnd"] ?? 0
        if fields["Tgid"] == UInt64(tid) { pending |= fields["ShdPnd"] ?? 0 }
        return pending & ~(fields["SigBlk"] ?? 0) & ~(fields["SigIgn"] ?? 0) != 0
    }
}
