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
        let (path, isV2) = try controllerCgroupPath("pids", name: name)
        return try make(path, isV2: isV2)
    }

    private static func make(_ path: String, isV2: Bool) throws(Errno) -> Cgroup {
        try makeSandboxCgroup(path)
        return Cgroup(path: path, isV2: isV2)
    }

    public func limitTasks(_ count: Int) throws(Errno) { try write("pids.max", String(count)) }

    public func add(pid: Int32) throws(Errno) { try write("cgroup.procs", String(pid)) }

    /// How many forks the task limit refused.
    public var refusedForks: Int { cgroupEventCount(path + "/pids.events", "max") }

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

/// A sandbox's cgroup of one controller, which its init joins before the guest starts.
public protocol SandboxControllerCgroup: AnyObject {
    var path: String { get }
    func add(pid: Int32) throws(Errno)
    func destroy()
}

/// Where a child cgroup `name` of `controller` goes below the supervisor's own: cgroup v2 when it
/// offers the controller, else that controller's v1 hierarchy. ENOTSUP where neither is writable.
func controllerCgroupPath(_ controller: String, name: String) throws(Errno) -> (path: String, isV2: Bool) {
    let own = (try? HostFile.readString("/proc/self/cgroup")) ?? ""
    let v2Root = "/sys/fs/cgroup"
    let v2Controllers = (try? HostFile.readString(v2Root + "/cgroup.controllers")) ?? ""
    if v2Controllers.split(whereSeparator: { $0 == " " || $0 == "\n" }).contains(where: { $0 == controller }),
       let line = own.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) {
        return (v2Root + String(line.dropFirst(3)) + "/" + name, true)
    }
    let v1Root = "/sys/fs/cgroup/" + controller
    guard access(v1Root + "/cgroup.procs", W_OK) == 0 else { throw Errno(ENOTSUP) }
    let relative = own.split(separator: "\n").first { line in
        line.split(separator: ":").dropFirst().first?.split(separator: ",").contains(where: { $0 == controller }) ?? false
    }.map { String($0.split(separator: ":", maxSplits: 2).last ?? "/") } ?? "/"
    return (v1Root + (relative == "/" ? "" : relative) + "/" + name, false)
}

/// Makes a sandbox's cgroup directory, first sweeping away those of dead sandboxes beside it.
func makeSandboxCgroup(_ path: String) throws(Errno) {
    removeStaleSiblings(of: path)
    if mkdir(path, 0o755) != 0 { throw Errno.current }
}

/// Removes the sandbox cgroups beside `path` that a supervisor killed with SIGKILL left behind:
/// named `safehouse-PID…` with no such process any more, empty (every sandbox's init stays in its
/// cgroups until the end) and older than a minute (so one being set up is never taken), with any
/// empty children of them.
func removeStaleSiblings(of path: String) {
    guard let slash = path.lastIndex(of: "/") else { return }
    let parent = String(path[..<slash])
    guard let dir = opendir(parent) else { return }
    defer { closedir(dir) }
    let now = time(nil)
    while let entry = readdir(dir) {
        let name = direntName(entry)
        guard name.hasPrefix("safehouse-") else { continue }
        // Named after a pid of its sandbox (init or supervisor): while that runs, it is not stale.
        if let pid = Int32(name.dropFirst("safehouse-".count).prefix { $0 != "-" }), pid > 0,
           kill(pid, 0) == 0 || errno == EPERM { continue }
        let stale = parent + "/" + name
        var st = stat()
        guard stat(stale, &st) == 0, st.st_mode & S_IFMT == S_IFDIR, now - st.st_ctim.tv_sec > 60,
              ((try? HostFile.readString(stale + "/cgroup.procs")) ?? "x").isEmpty else { continue }
        removeEmptyTree(stale)
    }
}

/// Removes an empty cgroup and its empty children (rmdir fails on one with processes).
private func removeEmptyTree(_ path: String) {
    if let dir = opendir(path) {
        var children: [String] = []
        while let entry = readdir(dir) {
            if entry.pointee.d_type == UInt8(DT_DIR) {
                let name = direntName(entry)
                if name != "." && name != ".." { children.append(path + "/" + name) }
            }
        }
        closedir(dir)
        for child in children { removeEmptyTree(child) }
    }
    rmdir(path)
}

/// Kills what is left in a cgroup and removes it.
func destroyCgroup(_ path: String) {
    for _ in 0..<200 {
        let pids = ((try? HostFile.readString(path + "/cgroup.procs")) ?? "").split(separator: "\n")
        for pid in pids { if let p = Int32(pid) { kill(p, SIGKILL) } }
        if rmdir(path) == 0 || errno == ENOENT { return }
        usleep(1000)
    }
}

/// The CPU cgroup of one sandbox: a quota of CPU time for all its processes together (`cpus`
/// CPUs' worth per 100 ms period: cgroup v2 `cpu.max`, or v1 `cpu.cfs_quota_us`).
public final class CPUCgroup: SandboxControllerCgroup {
    public let path: String
    public static let periodMicroseconds = 100_000

    private init(path: String) { self.path = path }

    public static func create(name: String, cpus: Double) throws(Errno) -> CPUCgroup {
        let (path, isV2) = try controllerCgroupPath("cpu", name: name)
        try makeSandboxCgroup(path)
        let cgroup = CPUCgroup(path: path)
        let quota = max(1000, Int(cpus * Double(periodMicroseconds)))
        do {
            if isV2 {
                try writeControl(path + "/cpu.max", "\(quota) \(periodMicroseconds)")
            } else {
                try writeControl(path + "/cpu.cfs_period_us", String(periodMicroseconds))
                try writeControl(path + "/cpu.cfs_quota_us", String(quota))
            }
        } catch {
            rmdir(path)
            throw error
        }
        return cgroup
    }

    public func add(pid: Int32) throws(Errno) { try writeControl(path + "/cgroup.procs", String(pid)) }
    public func destroy() { destroyCgroup(path) }
}

/// The memory cgroup of one sandbox: one limit for all its processes together (cgroup v2
/// `memory.max`, or the v1 memory controller's `memory.limit_in_bytes` and, where swap is
/// accounted, `memory.memsw.limit_in_bytes`), its peak usage, and whether the kernel's OOM killer
/// acted in it.
public final class MemoryCgroup: SandboxControllerCgroup {
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
        let (path, isV2) = try controllerCgroupPath("memory", name: name)
        let cgroup = MemoryCgroup(path: path, limitBytes: limitBytes, isV2: isV2)
        try makeSandboxCgroup(cgroup.path)
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
    public var oomKills: Int { cgroupEventCount(path + "/" + (isV2 ? "memory.events" : "memory.oom_control"), "oom_kill") }

    /// The most memory the sandbox's processes used at once, in bytes (nil if the kernel does not say).
    public var peakBytes: UInt64? {
        let file = isV2 ? "memory.peak" : "memory.max_usage_in_bytes"
        return (try? HostFile.readString(path + "/" + file)).flatMap { UInt64($0.split(separator: "\n").first ?? "") }
    }

    /// Kills what is left in the cgroup and removes it.
    public func destroy() { destroyCgroup(path) }

    private func write(_ file: String, _ value: String) throws(Errno) { try writeControl(path + "/" + file, value) }
}

/// The count after `key` in a cgroup file of "key count" lines (0 when absent).
private func cgroupEventCount(_ file: String, _ key: String) -> Int {
    let text = (try? HostFile.readString(file)) ?? ""
    for line in text.split(separator: "\n") {
        let words = line.split(separator: " ")
        if words.count == 2, words[0] == key { return Int(words[1]) ?? 0 }
    }
    return 0
}

/// Writes one cgroup control file.
private func writeControl(_ path: String, _ value: String) throws(Errno) {
    let fd = open(path, O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else { throw Errno.current }
    defer { close(fd) }
    try HostFile.writeAll(fd, Array(value.utf8))
}

/// The cgroups of one program a live sandbox runs, for limits of its own: a memory limit and a
/// task limit, each a child of the sandbox's cgroup of that controller where it has one (so the
/// sandbox's limits still hold for it), else of the supervisor's. The program joins them itself
/// before it runs, through `joinDescriptors`. v1 hierarchies: cgroup v2 allows no controller in a
/// child of a cgroup that holds processes, as the sandbox's does, so there it fails.
// @unchecked: used by one exec call at a time, then (left running) only by removeCgroups at the end.
public final class ExecCgroups: @unchecked Sendable {
    private var paths: [String] = []
    /// `cgroup.procs` of each, open for writing (close-on-exec), until `joined()`.
    public private(set) var joinDescriptors: [Int32] = []
    private var memoryPath: String?

    public init(name: String, memoryBytes: UInt64?, tasks: Int?, memoryParent: String?, pidsParent: String?) throws(Errno) {
        do {
            if let memoryBytes {
                let path = try add("memory", name: name, under: memoryParent)
                memoryPath = path
                try writeControl(path + "/memory.limit_in_bytes", String(memoryBytes))
                // memsw may not be below the memory limit; where swap is not accounted it is absent.
                try? writeControl(path + "/memory.memsw.limit_in_bytes", String(memoryBytes))
            }
            if let tasks {
                try writeControl(try add("pids", name: name, under: pidsParent) + "/pids.max", String(tasks))
            }
        } catch {
            joined()
            destroy()
            throw error
        }
    }

    private func add(_ controller: String, name: String, under parent: String?) throws(Errno) -> String {
        let path: String
        if let parent {
            path = parent + "/" + name
        } else {
            let (own, isV2) = try controllerCgroupPath(controller, name: name)
            guard !isV2 else { throw Errno(ENOTSUP) }
            path = own
        }
        if mkdir(path, 0o755) != 0 { throw Errno.current }
        paths.append(path)
        let fd = open(path + "/cgroup.procs", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Errno.current }
        joinDescriptors.append(fd)
        return path
    }

    deinit { joined() }

    /// The program has been started (or refused): the join descriptors are closed.
    public func joined() {
        for fd in joinDescriptors { close(fd) }
        joinDescriptors = []
    }

    /// Removes the cgroups nothing runs in any more; true when none is left. A process the
    /// program left running keeps its cgroup (and its limits) until `destroy`.
    public func removeIfEmpty() -> Bool {
        paths.removeAll { rmdir($0) == 0 || errno == ENOENT }
        return paths.isEmpty
    }

    /// Kills what is left in them and removes them.
    public func destroy() {
        for path in paths.reversed() { destroyCgroup(path) }
        paths = []
    }

    /// How many processes the OOM killer ended at the program's memory limit.
    public var oomKills: Int { memoryPath.map { cgroupEventCount($0 + "/memory.oom_control", "oom_kill") } ?? 0 }
}
