import Glibc
import SafehousePolicy
import SafehouseSystem
import SafehouseVFS

/// What a sandbox used, as far as the host can tell.
public struct SandboxUsage: Sendable, Equatable {
    /// CPU time of all its processes (user and system), in seconds.
    public var cpuSeconds: Double?
    /// The most memory its processes used at once (where a memory cgroup measured it).
    public var peakMemoryBytes: UInt64?
    /// Processes and threads the guest started (its PID namespace's count; nil without one).
    public var tasksStarted: Int?
    /// Bytes in use at the end in each writable zone, by guest path.
    public var zoneBytes: [String: UInt64] = [:]
    /// Limits the guest ran into while the program itself may have ended normally, in words:
    /// forks the task limit refused, processes the OOM killer ended, scratch zones left full.
    public var limitsReached: [String] = []

    /// The fields of the `exit` event for this usage.
    var eventFields: [(String, String)] {
        var fields: [(String, String)] = []
        if let cpuSeconds { fields.append(("cpu_seconds", String(cpuSeconds))) }
        if let peakMemoryBytes { fields.append(("peak_memory_bytes", String(peakMemoryBytes))) }
        if let tasksStarted { fields.append(("tasks_started", String(tasksStarted))) }
        if !limitsReached.isEmpty {
            fields.append(("limits_reached", "[" + limitsReached.map(JSON.quote).joined(separator: ",") + "]"))
        }
        if !zoneBytes.isEmpty {
            let entries = zoneBytes.sorted { $0.key < $1.key }.map { "\(JSON.quote($0.key)):\($0.value)" }
            fields.append(("zone_bytes", "{" + entries.joined(separator: ",") + "}"))
        }
        return fields
    }

    /// Bytes in use in each writable zone of `zones`, while their descriptors are still open, and
    /// the scratch zones that are full.
    static func zoneBytes(_ zones: [HostZone]) -> (bytes: [String: UInt64], full: [String]) {
        var bytes: [String: UInt64] = [:], full: [String] = []
        for zone in zones where zone.kind.isWritable && zone.isDirectory {
            if zone.kind == .scratch {
                // A tmpfs of its own: its accounting counts everything it holds (directories, and
                // files removed but still open too).
                guard let space = fileSystemSpace(zone.baseFd) else { continue }
                bytes[zone.guestPath] = space.used
                if space.free == 0 && space.used > 0 { full.append(zone.guestPath) }
            } else if let used = treeBytes(zone.baseFd) {
                bytes[zone.guestPath] = used
            }
        }
        return (bytes, full.sorted())
    }

    /// An output zone on a host file system shared with others: the sizes of the regular files
    /// beneath it, by a walk that follows no symlink and gives up (nil) rather than run long.
    private static func treeBytes(_ base: Int32) -> UInt64? {
        var budget = 100_000
        func walk(_ directory: Int32, depth: Int) -> UInt64? {
            guard depth < 64, let stream = fdopendir(directory) else {
                close(directory)
                return depth < 64 ? 0 : nil
            }
            defer { closedir(stream) }
            var total: UInt64 = 0
            while let entry = readdir(stream) {
                budget -= 1
                if budget < 0 { return nil }
                let name = direntName(entry)
                if name == "." || name == ".." { continue }
                var st = stat()
                guard fstatat(dirfd(stream), name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFREG:
                    total += UInt64(max(st.st_size, 0))
                case S_IFDIR:
                    let child = openat(dirfd(stream), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    guard child >= 0 else { continue }
                    guard let inner = walk(child, depth: depth + 1) else { return nil }
                    total += inner
                default:
                    continue
                }
            }
            return total
        }
        let root = openat(base, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        return root >= 0 ? walk(root, depth: 0) : nil
    }
}
