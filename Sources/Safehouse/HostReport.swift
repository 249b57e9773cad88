import SafehousePlatform

/// `safehouse doctor`: the host's walls and kernel features, and what they mean for security.
public struct HostReport: Sendable {
    public let features: KernelFeatures

    public static func probe() -> HostReport { HostReport(features: KernelFeatures.probe()) }

    /// A sandbox needs user notification, plus namespaces or Landlock for its file and process walls.
    public var canRunSandbox: Bool {
        features.userNotification && (features.userNamespaces || features.landlockABI > 0)
    }

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
        lines.append("")
        if !f.userNotification {
            lines.append("verdict: cannot run sandboxes: the kernel lacks seccomp user notification.")
        } else if f.userNamespaces {
            lines.append("verdict: full walls: namespaces + seccomp filter + supervisor.")
        } else if f.landlockABI > 0 {
            lines.append("verdict: degraded walls: Landlock + seccomp, no namespaces (host paths visible read-only, weaker process containment).")
        } else {
            lines.append("verdict: cannot run sandboxes safely: neither user namespaces nor Landlock.")
        }
        return lines.joined(separator: "\n")
    }
}
