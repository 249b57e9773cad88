import Glibc
import SafehouseNetwork
import SafehouseSystem
import SafehousePlatform

/// `safehouse doctor`: the host's walls and kernel features, and what they mean for security.
public struct HostReport: Sendable {
    public let features: KernelFeatures

    public static func probe() -> HostReport { HostReport(features: KernelFeatures.probe()) }

    /// How `safehouse run` would run on this host.
    public enum Mode: Sendable, Equatable {
        /// Namespaces, seccomp and the supervisor: every wall up.
        case full
        /// No user namespaces: refused unless the policy sets walls.allow_degraded, then Landlock
        /// (where available) and seccomp, with the reduced guarantee of Docs/walls.md.
        case degraded
        /// No seccomp user notification: no sandbox at all.
        case unavailable
    }

    public var mode: Mode {
        if !features.userNotification { return .unavailable }
        return features.userNamespaces ? .full : .degraded
    }

    /// Whether a sandbox can run here at all (in degraded mode only with the policy's consent).
    public var canRunSandbox: Bool { mode != .unavailable }

    public var text: String {
        let f = features
        func mark(_ ok: Bool) -> String { ok ? "yes" : "no " }
        var lines = ["safehouse doctor — kernel \(f.kernelRelease)", ""]
        lines.append("  \(mark(f.userNotification)) seccomp user notification   traps syscalls to the supervisor (required)")
        lines.append("  \(mark(f.addFD)) notif ADDFD (5.9)             install descriptors into the guest")
        lines.append("  \(mark(f.addFDSend)) notif ADDFD SEND (5.14)       atomic fd install + reply")
        lines.append("  \(mark(f.waitKillableRecv)) WAIT_KILLABLE_RECV (5.19)     signals cannot re-run a call the supervisor is handling")
        if let error = f.userNamespaceError {
            lines.append("  no  user namespaces               \(error): no pid/mount/net isolation; Landlock fallback")
        } else {
            lines.append("  yes user namespaces               pid, mount, net, ipc, uts walls; guest holds no host capability")
        }
        lines.append("  \(mark(f.landlockABI > 0)) Landlock ABI \(f.landlockABI)                fallback wall for files, TCP, abstract sockets, signals")
        let controllers = f.cgroupV2Controllers.isEmpty ? "no controllers" : f.cgroupV2Controllers.joined(separator: " ")
        lines.append("  \(mark(f.cgroupV2)) cgroup v2                     \(f.cgroupV2 ? "mounted (\(controllers))" : "not mounted")")
        lines.append("  \(mark(f.cgroupV1)) cgroup v1                     \(f.cgroupV1 ? "mounted" : "not mounted")")
        let pidsLimit = f.cgroupV2Controllers.contains("pids") || f.cgroupV1Pids
        lines.append("  \(mark(pidsLimit)) pids cgroup                   --pids enforced for every guest uid\(pidsLimit ? "" : "; only RLIMIT_NPROC (not for root-mapped guests)")")
        let memoryCgroup = access("/sys/fs/cgroup/memory/cgroup.procs", W_OK) == 0
            || ((try? HostFile.readString("/sys/fs/cgroup/cgroup.controllers")) ?? "").contains("memory")
        lines.append("  \(mark(memoryCgroup)) memory cgroup                 --memory \(memoryCgroup ? "limits all guest processes together; OOM reported as such" : "falls back to RLIMIT_AS per process")")
        let cpuCgroup = access("/sys/fs/cgroup/cpu/cgroup.procs", W_OK) == 0
            || ((try? HostFile.readString("/sys/fs/cgroup/cgroup.controllers")) ?? "").split(separator: " ").contains("cpu")
        lines.append("  \(mark(cpuCgroup)) cpu cgroup                    --cpu-quota \(cpuCgroup ? "limits the CPU time of all guest processes together" : "cannot be enforced here (refused)")")
        let root = geteuid() == 0
        let upstream = NetworkBroker.hostNameserver().map { "\($0)" } ?? "none in /etc/resolv.conf (set --dns-upstream)"
        lines.append("  \(mark(root && f.userNamespaces)) network broker                \(root ? "--allow-net and --publish available; DNS forwarded to \(upstream)" : "not as non-root (joining the sandbox's network namespace needs CAP_SYS_ADMIN): loopback only")")
        lines.append("")
        switch mode {
        case .unavailable:
            lines.append("verdict: cannot run sandboxes: the kernel lacks seccomp user notification.")
        case .full:
            lines.append("verdict: full mode: namespaces + seccomp filter + supervisor.")
        case .degraded:
            let walls = f.landlockABI > 0 ? "Landlock + seccomp" : "seccomp alone (no Landlock either)"
            lines.append("verdict: degraded mode: no namespaces; `safehouse run` refuses unless the policy sets walls.allow_degraded = true (or --allow-degraded),")
            lines.append("         then runs with \(walls): host AF_UNIX sockets and O_PATH opens are not mediated, host file names and")
            lines.append("         metadata are visible, host pids and System V IPC are shared (Docs/walls.md).")
        }
        return lines.joined(separator: "\n")
    }
}
