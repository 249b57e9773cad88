import Glibc
import SafehouseKernel
import SafehousePolicy
import SafehouseProcfs
import SafehouseSystem
import SafehouseVFS

extension Sandbox {
    /// The synthetic /proc over the sandbox's own procfs instance (the mount table's /proc zone),
    /// describing the machine the sandbox is: its CPUs, its memory limit, its mounts, its clock
    /// starting now.
    static func procfs(policy: Policy, table: MountTable, identity: SandboxIdentity,
                       credentials: GuestCredentials, spawner: Bool) -> ProcFilesystem? {
        guard let zone = table.zones.first(where: \.isProcfs) else { return nil }
        let hostMemory = UInt64(max(0, sysconf(Int32(_SC_PHYS_PAGES)))) * UInt64(max(0, sysconf(Int32(_SC_PAGESIZE))))
        let machine = ProcMachine(
            cpus: sandboxCPUCount(policy: policy), memoryBytes: min(policy.limits.memoryBytes ?? hostMemory, hostMemory),
            hostname: identity.hostname, kernelRelease: identity.kernelRelease, kernelVersion: identity.kernelVersion,
            machine: identity.machine, startTicks: ProcMachine.bootTicksNow(), startWallSeconds: Int64(time(nil)),
            mounts: mounts(table),
            ids: IDMap(hostUID: credentials.hostUID, hostGID: credentials.hostGID,
                       guestUID: credentials.guestUID, guestGID: credentials.guestGID))
        let cpuinfo = (try? HostFile.readString("/proc/cpuinfo")) ?? ""
        return ProcFilesystem(procfs: zone.baseFd, machine: machine, hostCpuinfo: cpuinfo, spawner: spawner)
    }

    /// The sandbox's mounts as mountinfo lists them: its read-only root, then every zone in the
    /// order the launcher mounted them (parents first).
    private static func mounts(_ table: MountTable) -> [ProcMount] {
        var mounts: [ProcMount] = []
        func add(_ point: String, fd: Int32, readOnly: Bool, source: String) {
            var st = stat()
            var fs = statvfs()
            guard fstat(fd, &st) == 0, fstatvfs(fd, &fs) == 0, let type = fileSystemType(fd) else { return }
            mounts.append(ProcMount(mountPoint: point, fsType: fileSystemName(type), readOnly: readOnly,
                                    deviceMajor: UInt32(truncatingIfNeeded: ((st.st_dev >> 8) & 0xfff) | ((st.st_dev >> 32) & ~0xfff)),
                                    deviceMinor: UInt32(truncatingIfNeeded: (st.st_dev & 0xff) | ((st.st_dev >> 12) & ~0xff)),
                                    source: source, mountID: PathResolver.mountID(fd), options: mountOptions(fs.f_flag)))
        }
        var points: [(path: String, fd: Int32, readOnly: Bool, source: String)] = table.zones.filter(\.isDirectory).map {
            ($0.guestPath, $0.baseFd, $0.isReadOnly, $0.isProcfs ? "proc" : "\($0.kind)")
        }
        var extraFds: [Int32] = []
        defer { extraFds.forEach { close($0) } }
        if table.guestRootFd >= 0 {
            add("/", fd: table.guestRootFd, readOnly: true, source: "none")
            // The launcher's own mounts that are no zone: /dev and what lies beneath it.
            var root = stat()
            _ = fstat(table.guestRootFd, &root)
            for path in ["/dev", "/dev/pts", "/dev/shm"] where !points.contains(where: { $0.path == path }) {
                guard let fd = try? PathResolver.openBeneath(table.guestRootFd, PathResolver.rootRelative(Array(path.utf8)),
                                                             flags: OpenFlag.path | O_DIRECTORY).release() else { continue }
                extraFds.append(fd)
                var st = stat()
                if fstat(fd, &st) == 0 && st.st_dev != root.st_dev { points.append((path, fd, path == "/dev", "none")) }
            }
        }
        points.sort { $0.path.split(separator: "/").count < $1.path.split(separator: "/").count }
        for point in points { add(point.path, fd: point.fd, readOnly: point.readOnly, source: point.source) }
        return mounts
    }

    /// Per-mount options as /proc/<pid>/mounts lists them, from statvfs(3)'s f_flag.
    static func mountOptions(_ flags: UInt) -> String {
        // ST_* of statvfs(3) (<sys/statvfs.h>; not all exported to Swift).
        var options = [flags & 1 != 0 ? "ro" : "rw"]
        let named: [(UInt, String)] = [(2, "nosuid"), (4, "nodev"), (8, "noexec"), (16, "sync"), (64, "mand"),
                                       (1024, "noatime"), (2048, "nodiratime"), (4096, "relatime")]
        for (flag, name) in named where flags & flag != 0 { options.append(name) }
        return options.joined(separator: ",")
    }

    private static func fileSystemName(_ magic: Int64) -> String {
        switch magic {
        case 0x0102_1994: return "tmpfs"
        case 0x9fa0: return "proc"
        case 0xEF53: return "ext4"
        case 0x794c_7630: return "overlay"
        case 0x5846_5342: return "xfs"
        case 0x9123_683E: return "btrfs"
        case 0x1cd1: return "devpts"
        case 0x6265_6572: return "sysfs"
        default: return "fuse"
        }
    }
}
