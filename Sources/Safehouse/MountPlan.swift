import CSafehouse
import Glibc
import SafehousePolicy
import SafehouseSystem

/// One step of the guest's kernel root, as the launcher executes it.
struct MountStep: Equatable {
    let op: sh_mount_op
    let source: String?
    let target: String
    let data: String?
}

public struct SandboxError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Turns the policy's zones into launcher steps: the guest's root is a tmpfs that holds only the
/// zones at their guest paths, a synthetic /dev and /etc files, and a pid-only /proc.
enum MountPlan {
    static let deviceNodes = ["null", "zero", "full", "random", "urandom"]

    static func steps(for policy: Policy) throws(SandboxError) -> [MountStep] {
        var steps: [MountStep] = []
        // Parents before children: "/home" must be mounted before "/home/sandbox/x".
        let zones = policy.zones.sorted { $0.guestPath.split(separator: "/").count < $1.guestPath.split(separator: "/").count }
        for zone in zones {
            switch zone.kind {
            case .scratch:
                let size = zone.sizeBytes ?? Zone.defaultScratchSize
                let mode = zone.guestPath == "/tmp" ? "1777" : "0755"
                steps.append(MountStep(op: SH_MOUNT_TMPFS, source: nil, target: zone.guestPath,
                                       data: "size=\(size),mode=\(mode),uid=\(Policy.guestUID),gid=\(Policy.guestGID)"))
            case .system, .input, .output:
                guard let host = zone.hostPath else { continue }
                var st = stat()
                guard lstat(host, &st) == 0 else {
                    // Default system paths differ between distributions; a missing one is skipped.
                    if zone.kind == .system { continue }
                    throw SandboxError("\(zone.kind) zone \(zone.guestPath): host path \(host): \(Errno.current)")
                }
                if (st.st_mode & S_IFMT) == S_IFLNK && zone.kind == .system {
                    // /bin -> usr/bin on merged-/usr systems: recreate the link, not a second bind.
                    steps.append(MountStep(op: SH_MOUNT_SYMLINK, source: nil, target: zone.guestPath,
                                           data: try readLink(host)))
                    continue
                }
                if zone.kind == .output && (st.st_mode & S_IFMT) != S_IFDIR {
                    throw SandboxError("output zone \(zone.guestPath): host path \(host) is not a directory")
                }
                steps.append(MountStep(op: zone.kind == .output ? SH_MOUNT_BIND_RW : SH_MOUNT_BIND_RO,
                                       source: host, target: zone.guestPath, data: nil))
            }
        }
        let covered = Set(policy.zones.map(\.guestPath))
        if !covered.contains("/dev") {
            steps.append(MountStep(op: SH_MOUNT_TMPFS, source: nil, target: "/dev", data: "size=64k,mode=0755"))
            for node in deviceNodes {
                steps.append(MountStep(op: SH_MOUNT_DEV, source: "/dev/" + node, target: "/dev/" + node, data: nil))
            }
            for (name, target) in [("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                                   ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")] {
                steps.append(MountStep(op: SH_MOUNT_SYMLINK, source: nil, target: "/dev/" + name, data: target))
            }
            steps.append(MountStep(op: SH_MOUNT_TMPFS, source: nil, target: "/dev/shm",
                                   data: "size=64m,mode=1777,uid=\(Policy.guestUID),gid=\(Policy.guestGID)"))
        }
        if !covered.contains("/proc") {
            steps.append(MountStep(op: SH_MOUNT_PROC, source: nil, target: "/proc", data: nil))
        }
        for (path, content) in syntheticEtc(policy) where !covered.contains(path) && !covered.contains("/etc") {
            steps.append(MountStep(op: SH_MOUNT_FILE, source: nil, target: path, data: content))
        }
        return steps
    }

    /// Files served from the policy rather than the host.
    static func syntheticEtc(_ policy: Policy) -> [(String, String)] {
        let uid = Policy.guestUID, gid = Policy.guestGID
        let home = policy.envValue("HOME") ?? "/home/\(policy.user)"
        return [
            ("/etc/passwd", "root:x:0:0:root:/root:/usr/sbin/nologin\n\(policy.user):x:\(uid):\(gid):\(policy.user):\(home):/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"),
            ("/etc/group", "root:x:0:\n\(policy.user):x:\(gid):\nnogroup:x:65534:\n"),
            ("/etc/hostname", policy.hostname + "\n"),
            ("/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t\(policy.hostname)\n::1\tlocalhost ip6-localhost ip6-loopback\n"),
            ("/etc/resolv.conf", "# no network: the sandbox has no resolver\n"),
        ]
    }

    static func readLink(_ path: String) throws(SandboxError) -> String {
        var buffer = [CChar](repeating: 0, count: 4097)
        let n = readlink(path, &buffer, 4096)
        guard n >= 0 else { throw SandboxError("readlink \(path): \(Errno.current)") }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
