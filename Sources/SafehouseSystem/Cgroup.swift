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

    private func write(_ file: String, _ value: String) throws(Errno) { try writeControl(path + "/" + file, value) }
}

/// The memory cgroup of one sandbox: one limit for all its processes together (cgroup v2
/// `memory.max`, or the v1 memory controller's `memory.limit_in_bytes` and, where swap is
/// accounted, `memory.memsw.limit_in_bytes`), its peak usage, and whether the kernel's OOM killer
/// acted in it.
public final class MemoryCgroup {
    public let path: String
    public let limitBytes: UInt64
    private let isV2: Bool

    private init(path: String, limitBytes: UInt64, isV2: Bool) {
        self.path = path
        self.limitBytes = limitBytes
        self.isV2 = isV2
    }

    /// Creates `name` below the supervisor's own memory cgroup with the limit; ENOTSUP where there
    /// is no writable memory controller.
    public static func create(name: String, limitBytes: UInt64) throws(Errno) -> MemoryCgroup {
        let own = (try? HostFile.readString("/proc/self/cgroup")) ?? ""
        let v2Root = "/sys/fs/cgroup"
        let v2Controllers = (try? HostFile.readString(v2Root + "/cgroup.controllers")) ?? ""
        let cgroup: MemoryCgroup
        if v2Controllers.split(separator: " ").contains(where: { $0.hasPrefix("memory") }),
           let line = own.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) {
            cgroup = MemoryCgroup(path: v2Root + String(line.dropFirst(3)) + "/" + name, limitBytes: limitBytes, isV2: true)
        } else {
            let v1Root = "/sys/fs/cgroup/memory"
            guard access(v1Root + "/cgroup.procs", W_OK) == 0 else { throw Errno(ENOTSUP) }
            let relative = own.split(separator: "\n").first { $0.split(separator: ":").dropFirst().first == "memory" }
                .map { String($0.split(separator: ":", maxSplits: 2).last ?? "/") } ?? "/"
            cgroup = MemoryCgroup(path: v1Root + (relative == "/" ? "" : relative) + "/" + name, limitBytes: limitBytes, isV2: false)
        }
        if mkdir(cgroup.path, 0o755) != 0 { throw Errno.current }
        do {
            if cgroup.isV2 {
                try cgroup.write("memory.max", String(limitBytes))
                try? cgroup.write("memory.swap.max", "0")
            } else {
                try cgroup.write("memory.limit_in_bytes", String(limitBytes))
                // memsw must not be below the memory limit; where swap is not accounted it is absent.
                try? cgroup.write("memory.memsw.limit_in_bytes", String(limitBytes))
            }
        } catch {
            rmdir(cgroup.path)
            throw error
        }
        return cgroup
    }

    public func add(pid: Int32) throws(Errno) { try write("cgroup.procs", String(pid)) }

    /// How many processes the OOM killer ended in this cgroup.
    public var oomKills: Int {
        let file = isV2 ? "memory.events" : "memory.oom_control"
        let text = (try? HostFile.readString(path + "/" + file)) ?? ""
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 2, words[0] == "oom_kill" { return Int(words[1]) ?? 0 }
        }
        return 0
    }

    /// The most memory the sandbox's processes used at once, in bytes (nil if the kernel does not say).
    public var peakBytes: UInt64? {
        let file = isV2 ? "memory.peak" : "memory.max_usage_in_bytes"
        return (try? HostFile.readString(path + "/" + file)).flatMap { UInt64($0.split(separator: "\n").first ?? "") }
    }

    /// Kills what is left in the cgroup and removes it.
    public func destroy() {
        for _ in 0..<200 {
            let pids = ((try? HostFile.readString(path + "/cgroup.procs")) ?? "").split(separator: "\n")
            for pid in pids { if let p = Int32(pid) { kill(p, SIGKILL) } }
            if rmdir(path) == 0 || errno == ENOENT { return }
            usleep(1000)
        }
    }

    private func write(_ file: String, _ value: String) throws(Errno) { try writeControl(path + "/" + file, value) }
}

/// Writes one cgroup control file.
private func writeControl(_ path: String, _ value: String) throws(Errno) {
    let fd = open(path, O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else { throw Errno.current }
    defer { close(fd) }
    try HostFile.writeAll(fd, Array(value.utf8))
}
