import CSafehouse
import Glibc
import SafehouseSystem

/// What this host's kernel offers, probed at start (DESIGN: refuse rather than run weaker).
public struct KernelFeatures: Sendable {
    public let kernelRelease: String
    /// nil when user namespaces can be created; otherwise why not.
    public let userNamespaceError: Errno?
    /// Landlock ABI version, 0 when unavailable.
    public let landlockABI: Int
    public let userNotification: Bool
    /// SECCOMP_IOCTL_NOTIF_ADDFD (5.9) and its SEND flag (5.14).
    public let addFD: Bool
    public let addFDSend: Bool
    /// SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (5.19).
    public let waitKillableRecv: Bool
    public let cgroupV1: Bool
    public let cgroupV2: Bool
    /// Controllers enabled at the cgroup v2 root ("hybrid" hosts have few or none).
    public let cgroupV2Controllers: [String]
    /// A writable v1 pids hierarchy (used for --pids when v2 lacks the pids controller).
    public let cgroupV1Pids: Bool

    public var userNamespaces: Bool { userNamespaceError == nil }

    public static func probe() -> KernelFeatures {
        let release = HostProcess.hostUname().release
        func atLeast(_ a: Int, _ b: Int) -> Bool { KernelFeatures.release(release, isAtLeast: a, b) }

        let userns = sh_probe_user_namespace()
        let landlock = sh_landlock_abi()
        var sizes = seccomp_notif_sizes()
        let notify = sh_seccomp_action_available(UInt32(SECCOMP_RET_USER_NOTIF)) == 0
            && sh_seccomp_notif_sizes(&sizes) == 0
            && Int(sizes.seccomp_notif) <= MemoryLayout<seccomp_notif>.size
            && Int(sizes.seccomp_notif_resp) <= MemoryLayout<seccomp_notif_resp>.size
        let killable = notify && sh_probe_seccomp_flags(sh_SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) == 0
        let mounts = (try? HostFile.readString("/proc/self/mountinfo")) ?? ""
        return KernelFeatures(
            kernelRelease: release,
            userNamespaceError: userns < 0 ? Errno(-userns) : nil,
            landlockABI: landlock > 0 ? Int(landlock) : 0,
            userNotification: notify,
            // ADDFD and SEND have no probe of their own without a live notification; the kernel
            // version is the documented indicator.
            addFD: notify && atLeast(5, 9),
            addFDSend: notify && atLeast(5, 14),
            waitKillableRecv: killable,
            cgroupV1: mounts.contains(" - cgroup "),
            cgroupV2: mounts.contains(" - cgroup2 "),
            cgroupV2Controllers: cgroupV2Controllers(mounts),
            cgroupV1Pids: access("/sys/fs/cgroup/pids/cgroup.procs", W_OK) == 0)
    }

    /// The controllers file of the cgroup2 mount (found in mountinfo: field 5 is the mount point).
    static func cgroupV2Controllers(_ mountinfo: String) -> [String] {
        guard let line = mountinfo.split(separator: "\n").first(where: { $0.contains(" - cgroup2 ") }) else { return [] }
        let fields = line.split(separator: " ")
        guard fields.count > 4 else { return [] }
        let text = (try? HostFile.readString(String(fields[4]) + "/cgroup.controllers")) ?? ""
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    /// Whether a kernel release string ("6.18.44-…") is at least major.minor.
    public static func release(_ release: String, isAtLeast major: Int, _ minor: Int) -> Bool {
        let parts = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        let (a, b) = (parts.first ?? 0, parts.count > 1 ? parts[1] : 0)
        return a > major || (a == major && b >= minor)
    }
}
