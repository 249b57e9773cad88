import CSafehouse
import Glibc
import SafehousePolicy
import SafehouseSystem
import SafehouseVFS

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
        let synthetic = syntheticEntries(for: policy)
        if synthetic.contains(where: { $0.guestPath.hasPrefix("/dev/") }) {
            steps.append(MountStep(op: SH_MOUNT_TMPFS, source: nil, target: "/dev", data: "size=64k,mode=0755"))
            steps.append(MountStep(op: SH_MOUNT_TMPFS, source: nil, target: "/dev/shm",
                                   data: "size=64m,mode=1777,uid=\(Policy.guestUID),gid=\(Policy.guestGID)"))
            // A devpts of the sandbox's own (newinstance, made inside its user namespace): the guest
            // gets ptys through /dev/ptmx -> pts/ptmx and sees none of the host's.
            steps.append(MountStep(op: SH_MOUNT_DEVPTS, source: nil, target: "/dev/pts",
                                   data: "newinstance,ptmxmode=0666,mode=0620"))
        }
        if !covered.contains("/proc") {
            steps.append(MountStep(op: SH_MOUNT_PROC, source: nil, target: "/proc", data: nil))
        }
        steps += ruleSteps(for: policy)
        for entry in synthetic {
            switch entry.content {
            case .hostDevice(let host):
                steps.append(MountStep(op: SH_MOUNT_DEV, source: host, target: entry.guestPath, data: nil))
            case .symlink(let target):
                steps.append(MountStep(op: SH_MOUNT_SYMLINK, source: nil, target: entry.guestPath,
                                       data: String(decoding: target, as: UTF8.self)))
            case .file(let bytes):
                steps.append(MountStep(op: SH_MOUNT_FILE, source: nil, target: entry.guestPath,
                                       data: String(decoding: bytes, as: UTF8.self)))
            case .directory:
                steps.append(MountStep(op: SH_MOUNT_DIR, source: nil, target: entry.guestPath, data: nil))
            }
        }
        return steps
    }

    /// How many host names `ruleSteps` looks at, at most, per sandbox start.
    static let ruleWalkBudget = 20_000

    /// The path rules made to hold in the kernel's view too (SH_MOUNT_RESTRICT): every object that
    /// exists at start in a host-backed zone and that a rule hides, read-denies or write-denies gets
    /// a mount that enforces it, so calls that continue in the kernel after the VFS decided
    /// (execve, chdir, O_PATH opens) cannot race past the rule. Names a
    /// rule matches that appear later can only be made through the VFS, which refuses to create a
    /// hidden or write-denied name, and cannot be renamed or linked to from outside a rule.
    static func ruleSteps(for policy: Policy) -> [MountStep] {
        let rules = PathRuleSet(policy.pathRules)
        if rules.isEmpty { return [] }
        var steps: [MountStep] = []
        var budget = ruleWalkBudget
        func visit(guest: String, host: String, inherited: PathAccess) {
            let access = rules.access(for: guest)
            let added = access.subtracting(inherited)
            var st = stat()
            guard lstat(host, &st) == 0, st.st_mode & S_IFMT != S_IFLNK else { return }
            if !added.isEmpty {
                var letters = ""
                if added.contains(.hidden) { letters += "h" }
                if added.contains(.denyRead) { letters += "x" }
                if added.contains(.denyWrite) { letters += "r" }
                steps.append(MountStep(op: SH_MOUNT_RESTRICT, source: nil, target: guest, data: letters))
            }
            if access.contains(.hidden) || st.st_mode & S_IFMT != S_IFDIR { return }
            if rules.accessAtOrBeneath(Array(guest.utf8)).isSubset(of: access) { return }
            guard let dir = opendir(host) else { return }
            defer { closedir(dir) }
            while budget > 0, let entry = readdir(dir) {
                let name = direntName(entry)
                if name == "." || name == ".." { continue }
                budget -= 1
                visit(guest: guest == "/" ? "/" + name : guest + "/" + name, host: host + "/" + name, inherited: access)
            }
        }
        for zone in policy.zones where zone.kind != .scratch {
            guard let host = zone.hostPath else { continue }
            visit(guest: zone.guestPath, host: host, inherited: [])
        }
        return steps
    }

    /// The synthetic entries of this policy: one list for the kernel root and the VFS, so they agree.
    /// A zone at an entry's path or at its parent replaces it.
    static func syntheticEntries(for policy: Policy) -> [SyntheticEntry] {
        let covered = Set(policy.zones.map(\.guestPath))
        return standardEntries(for: policy).filter { entry in
            !covered.contains(entry.guestPath) && !covered.contains(parent(of: entry.guestPath))
        }
    }

    /// Every synthetic entry of this policy on this host: /sys names the sandbox's CPUs, and
    /// /dev/tty is there when the host has the node (it only ever opens the opener's own
    /// controlling terminal: ENXIO for a guest without one, the pty of `exec --tty`).
    static func standardEntries(for policy: Policy) -> [SyntheticEntry] {
        SyntheticEntry.standard(for: policy, cpus: sandboxCPUCount(policy: policy), terminal: access("/dev/tty", F_OK) == 0)
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    static func readLink(_ path: String) throws(SandboxError) -> String {
        do { return String(decoding: try HostFile.readLink(path), as: UTF8.self) } catch {
            throw SandboxError("readlink \(path): \(error)")
        }
    }
}
