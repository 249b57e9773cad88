import Glibc

/// A per-sandbox cgroup used for limits the kernel enforces regardless of uid (`pids.max`):
/// RLIMIT_NPROC is not enforced for tasks whose host uid is root, which is what the guest maps to
/// when the supervisor runs as root. cgroup v2 when its pids controller is usable, else v1.
public final class Cgroup {
    public let path: String
    private let isV2: Bool

    private init(path: String, isV2: Bool) {
        self.path = path
        self.isV2 = isV2
    }

    /// Creates a child cgroup with the pids controller below the supervisor's own cgroup.
    public static func create(name: String) throws(Errno) -> Cgroup {
        let own = (try? HostFile.readString("/proc/self/cgroup")) ?? ""
        let v2Root = "/sys/fs/cgroup"
        let v2Controllers = (try? HostFile.readString(v2Root + "/cgroup.controllers")) ?? ""
        if v2Controllers.split(separator: " ").contains(where: { $0.hasPrefix("pids") }),
           let line = own.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) {
            let parent = v2Root + String(line.dropFirst(3))
            return try make(parent + "/" + name, isV2: true)
        }
        let v1Root = "/sys/fs/cgroup/pids"
        guard access(v1Root + "/cgroup.procs", W_OK) == 0 else { throw Errno(ENOTSUP) }
        let relative = own.split(separator: "\n").first { $0.split(separator: ":").dropFirst().first == "pids" }
            .map { String($0.split(separator: ":", maxSplits: 2).last ?? "/") } ?? "/"
        return try make(v1Root + (relative == "/" ? "" : relative) + "/" + name, isV2: false)
    }

    private static func make(_ path: String, isV2: Bool) throws(Errno) -> Cgroup {
        if mkdir(path, 0o755) != 0 { throw Errno.current }
        return Cgroup(path: path, isV2: isV2)
    }

    public func limitTasks(_ count: Int) throws(Errno) { try write("pids.max", String(count)) }

    public func add(pid: Int32) throws(Errno) { try write("cgroup.procs", String(pid)) }

    /// Kills every task in the cgroup and removes it.
    public func destroy() {
        if isV2 && access(path + "/cgroup.kill", W_OK) == 0 {
            try? write("cgroup.kill", "1")
        } else {
            for _ in 0..<100 {
                let pids = ((try? HostFile.readString(path + "/cgroup.procs")) ?? "").split(separator: "\n")
                if pids.isEmpty { break }
                for pid in pids { if let p = Int32(pid) { kill(p, SIGKILL) } }
                usleep(1000)
            }
        }
        for _ in 0..<200 {
            if rmdir(path) == 0 || errno == ENOENT { return }
            usleep(1000)
        }
    }

    private func write(_ file: String, _ value: String) throws(Errno) {
        let fd = open(path + "/" + file, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Errno.current }
        defer { close(fd) }
        try HostFile.writeAll(fd, Array(value.utf8))
    }
}
