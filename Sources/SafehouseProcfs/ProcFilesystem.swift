import CSafehouse
import Glibc
import SafehouseABI
import SafehouseSystem
import Synchronization

// The guest's /proc. Names, listings and link targets are decided here; every file's bytes are
// generated here (SystemFiles, ProcessText) and reach the guest as a sealed memfd, so the guest
// never holds a procfs file of any kind.
//
// The source of per-process facts is the sandbox's own procfs instance (mounted by the launcher in
// the sandbox's PID namespace), read by the supervisor: pids there are already the sandbox's, and
// no host process is in it. What it says is re-rendered (start times, ids, link targets) or
// replaced (mounts, cgroup), never passed on wholesale for the machine-wide files.
//
// Every served name also exists in that procfs instance, which is what the guest's mount namespace
// has at /proc: directories the guest opens, `stat` and inode numbers are that instance's, so a
// served name and its metadata always agree. A name the instance lacks is not served.

/// The calling guest thread, as the sandbox's PID namespace numbers it; nil when unknown.
public typealias ProcCaller = () -> (pid: Int32, tid: Int32)?

public final class ProcFilesystem: Sendable {
    /// What a name under /proc is.
    public enum Node: Sendable, Equatable {
        case directory
        case file
        /// A symlink with the target the guest reads (`self`, `exe`, `fd/3`…).
        case symlink([UInt8])
    }

    /// One listing entry: name, `d_type`, inode number.
    public struct Entry: Sendable, Equatable {
        public let name: [UInt8]
        public let type: UInt8
        public let inode: UInt64

        public init(name: [UInt8], type: UInt8, inode: UInt64) {
            self.name = name
            self.type = type
            self.inode = inode
        }
    }

    /// O_PATH descriptor of the sandbox's procfs root (owned by the mount table's /proc zone).
    let procfs: Int32
    public let machine: ProcMachine
    let hostCpuinfo: String
    let bootID: String
    let load = LoadAverage()
    /// What the files handed to the guest may hold of host memory at once.
    public let budget: SyntheticFileBudget
    private let mountIDs = Mutex<Set<UInt64>?>(nil)

    /// Machine-wide files at the root of /proc.
    static let systemFiles: Set<String> = ["cpuinfo", "meminfo", "stat", "uptime", "loadavg", "version",
                                           "filesystems", "swaps", "vmstat"]
    /// One name of /proc/<pid>/ and /proc/<pid>/task/<tid>/: what it is and who may use it.
    struct ProcessName: Sendable {
        enum Kind: Sendable { case file, link, directory }
        /// Who may look: anyone, only the process itself (and its threads), or a process that may
        /// trace it (ptrace-class access, as on Linux).
        enum Reader: Sendable { case anyone, itself, tracer }
        let kind: Kind
        var reader: Reader = .anyone
        /// The guest may open it for writing: the real file is handed over and the kernel checks
        /// the writer (comm: the same thread group; oom_score_adj: lowering needs CAP_SYS_RESOURCE).
        var writable = false
    }

    /// Every name served under /proc/<pid>/ (besides `task/`): one table for lookup, listing,
    /// access and writing, so a name cannot be listed without its rule or served unlisted.
    static let processNames: [String: ProcessName] = [
        "stat": .init(kind: .file), "status": .init(kind: .file), "statm": .init(kind: .file),
        "cmdline": .init(kind: .file), "environ": .init(kind: .file, reader: .itself),
        "comm": .init(kind: .file, writable: true), "maps": .init(kind: .file, reader: .tracer),
        "smaps": .init(kind: .file, reader: .tracer), "smaps_rollup": .init(kind: .file, reader: .tracer),
        "mountinfo": .init(kind: .file), "mounts": .init(kind: .file), "limits": .init(kind: .file),
        "cgroup": .init(kind: .file), "oom_score": .init(kind: .file), "oom_score_adj": .init(kind: .file, writable: true),
        "io": .init(kind: .file, reader: .tracer), "auxv": .init(kind: .file, reader: .tracer), "children": .init(kind: .file),
        "exe": .init(kind: .link, reader: .tracer), "cwd": .init(kind: .link, reader: .tracer),
        "root": .init(kind: .link, reader: .tracer),
        "fd": .init(kind: .directory, reader: .tracer), "fdinfo": .init(kind: .directory, reader: .tracer),
        "ns": .init(kind: .directory, reader: .tracer),
    ]
    /// The sandbox's init: the launcher, outside the guest. Shown, but only what any process may see
    /// of a non-dumpable process of another user, under a neutral name.
    static let initPid: Int32 = 1
    static let initName = "safehouse-init"
    /// The launcher's processes by pid, with the neutral name each is shown under: init, and in a
    /// live sandbox its spawner (pid 2), which never executed anything of the guest's — their
    /// command lines are the supervisor's, with host paths in them.
    let launcherNames: [Int32: String]

    public init(procfs: Int32, machine: ProcMachine, hostCpuinfo: String, spawner: Bool = false) {
        self.launcherNames = spawner ? [ProcFilesystem.initPid: ProcFilesystem.initName, 2: "safehouse-spawner"]
            : [ProcFilesystem.initPid: ProcFilesystem.initName]
        self.procfs = procfs
        self.machine = machine
        self.hostCpuinfo = hostCpuinfo
        self.bootID = SystemFiles.randomUUID()
        self.budget = SyntheticFileBudget(limitBytes: SyntheticFileBudget.limit(memoryBytes: machine.memoryBytes))
    }

    // MARK: lookup

    /// What `path` (components below /proc) names. ENOENT when nothing, EACCES when the caller may
    /// not look (another process's `fd/`, `exe`…).
    public func lookup(_ path: [[UInt8]], caller: ProcCaller?) throws(LinuxErrno) -> Node {
        guard let first = path.first else { return .directory }
        let name = String(decoding: first, as: UTF8.self)
        if let pid = ProcFilesystem.number(first) {
            guard exists("\(pid)") else { throw .ENOENT }
            return try processNode(pid: pid, tid: nil, Array(path.dropFirst()), caller: caller)
        }
        if path.count == 1 {
            switch name {
            case "self":
                guard let me = caller?() else { throw .ENOENT }
                return .symlink(Array("\(me.pid)".utf8))
            case "thread-self":
                guard let me = caller?() else { throw .ENOENT }
                return .symlink(Array("\(me.pid)/task/\(me.tid)".utf8))
            case "mounts":
                return .symlink(Array("self/mounts".utf8))
            default:
                if ProcFilesystem.systemFiles.contains(name) && exists(name) { return .file }
            }
        }
        if name == "sys" {
            let relative = path.dropFirst().map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
            guard exists("sys" + (relative.isEmpty ? "" : "/" + relative)) else { throw .ENOENT }
            if SystemFiles.sysctlDirectories[relative] != nil { return .directory }
            let parent = path.count > 2 ? path.dropFirst().dropLast().map { String(decoding: $0, as: UTF8.self) }
                .joined(separator: "/") : ""
            if let names = SystemFiles.sysctlDirectories[parent],
               names.contains(String(decoding: path[path.count - 1], as: UTF8.self)) { return .file }
        }
        throw .ENOENT
    }

    /// /proc/<pid>/… and /proc/<pid>/task/<tid>/….
    private func processNode(pid: Int32, tid: Int32?, _ rest: [[UInt8]], caller: ProcCaller?) throws(LinuxErrno) -> Node {
        let base = tid.map { "\(pid)/task/\($0)" } ?? "\(pid)"
        guard let first = rest.first else { return .directory }
        let name = String(decoding: first, as: UTF8.self)
        if tid == nil && name == "task" {
            if rest.count == 1 { return .directory }
            guard let thread = ProcFilesystem.number(rest[1]), exists("\(pid)/task/\(thread)") else { throw .ENOENT }
            return try processNode(pid: pid, tid: thread, Array(rest.dropFirst(2)), caller: caller)
        }
        guard let entry = ProcFilesystem.processNames[name], exists(base + "/" + name) else { throw .ENOENT }
        if entry.reader == .tracer { try checkTraceable(pid, caller: caller) }
        if name == "fd" || name == "fdinfo" {
            if rest.count == 1 { return .directory }
            guard rest.count == 2, let fd = ProcFilesystem.number(rest[1]),
                  exists("\(base)/\(name)/\(fd)") else { throw .ENOENT }
            return name == "fd" ? .symlink(try linkTarget("\(base)/fd/\(fd)")) : .file
        }
        if name == "ns" {
            // The sandbox's own namespaces ("net:[4026532…]"): tools compare them by readlink.
            if rest.count == 1 { return .directory }
            let entry = String(decoding: rest[1], as: UTF8.self)
            guard rest.count == 2, !entry.contains("/"), entry != "." && entry != "..",
                  exists("\(base)/ns/\(entry)") else { throw .ENOENT }
            return .symlink(try linkTarget("\(base)/ns/\(entry)"))
        }
        guard rest.count == 1 else { throw .ENOTDIR }
        switch entry.kind {
        case .link: return .symlink(try linkTarget(base + "/" + name))
        case .directory: return .directory
        case .file: return .file
        }
    }

    /// Linux's ptrace_may_access for reading another process: the process itself, or one of the
    /// same owner. The sandbox's init is never the guest's.
    private func checkTraceable(_ pid: Int32, caller: ProcCaller?) throws(LinuxErrno) {
        if launcherNames[pid] != nil { throw .EACCES }
        if let me = caller?(), me.pid == pid { return }
        // Not the directory, which always shows the task's uid: its `fd` subdirectory, which the
        // kernel gives to root while the task is non-dumpable (task_dump_owner) — a process that
        // made itself non-dumpable (the spawner, an agent holding keys) is not readable.
        var st = stat()
        guard fstatat(procfs, "\(pid)", &st, 0) == 0 else { throw .ENOENT }
        if fstatat(procfs, "\(pid)/fd", &st, 0) == 0 && st.st_uid == machine.ids.hostUID { return }
        // A zombie has no memory left to protect: Linux checks only its ids (no dumpable flag),
        // while its `fd` shows root.
        if isZombie(pid), effectiveUID(pid) == machine.ids.hostUID { return }
        throw .EACCES
    }

    private func isZombie(_ pid: Int32) -> Bool {
        guard let bytes = try? readReal("\(pid)/stat"), let close = bytes.lastIndex(of: UInt8(ascii: ")")),
              close + 2 < bytes.count else { return false }
        return bytes[close + 2] == UInt8(ascii: "Z")
    }

    private func effectiveUID(_ pid: Int32) -> UInt32? {
        guard let bytes = try? readReal("\(pid)/status"),
              let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first(where: { $0.hasPrefix("Uid:") })
        else { return nil }
        let ids = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
        return ids.count > 2 ? UInt32(ids[2]) : nil
    }

    private func linkTarget(_ relative: String) throws(LinuxErrno) -> [UInt8] {
        let target: [UInt8]
        do { target = try HostFile.readLink(relative, relativeTo: procfs) } catch {
            throw error.rawValue == EACCES ? .EACCES : .ENOENT
        }
        if target.first == UInt8(ascii: "/") && !target.starts(with: Array("/memfd:".utf8)),
           let inode = hostObjectInode(relative, target: target) {
            // The kernel names it by a host path (a file the caller of safehouse gave as stdin,
            // say): the guest sees that it is a host object, never where it is.
            return Array("host:[\(inode)]".utf8)
        }
        return ProcessText.linkTarget(target)
    }

    /// The inode of what a link names when it lies outside the sandbox's mount namespace; nil when
    /// it lies inside (its mount is one of the guest's).
    private func hostObjectInode(_ relative: String, target: [UInt8]) -> UInt64? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let mountIDMask: UInt32 = 0x1000   // STATX_MNT_ID
        let r = buffer.withUnsafeMutableBytes { sh_statx(procfs, relative, 0, mountIDMask, $0.baseAddress) }
        guard r == 0 else { return 0 }
        let (mask, mode, inode, device, mountID) = buffer.withUnsafeBytes {
            ($0.load(fromByteOffset: 0, as: UInt32.self), $0.load(fromByteOffset: 28, as: UInt16.self),
             $0.load(fromByteOffset: 32, as: UInt64.self),
             ($0.load(fromByteOffset: 128, as: UInt32.self), $0.load(fromByteOffset: 132, as: UInt32.self)),
             $0.load(fromByteOffset: 144, as: UInt64.self))
        }
        // The host's /dev/null, /dev/zero… (stdin of a caller, say) are the nodes the sandbox has
        // at the same path: nothing to hide.
        if UInt32(mode) & UInt32(S_IFMT) == UInt32(S_IFCHR), ProcFilesystem.standardDevices.contains(where: {
            $0.major == device.0 && $0.minor == device.1 && Array($0.path.utf8) == target
        }) { return nil }
        guard mask & mountIDMask != 0 else { return inode }
        return guestMountIDs().contains(mountID) ? nil : inode
    }

    /// null, zero, full, random, urandom, tty.
    static let standardDevices: [(path: String, major: UInt32, minor: UInt32)] = [
        ("/dev/null", 1, 3), ("/dev/zero", 1, 5), ("/dev/full", 1, 7), ("/dev/random", 1, 8), ("/dev/urandom", 1, 9),
        ("/dev/tty", 5, 0),
    ]

    /// The mount ids of the sandbox's mount namespace (fixed once the launcher built it), from the
    /// mountinfo of any sandbox process the supervisor may read.
    private func guestMountIDs() -> Set<UInt64> {
        if let known = mountIDs.withLock({ $0 }) { return known }
        var ids = Set<UInt64>()
        for pid in realNames(".") where ProcFilesystem.number(Array(pid.utf8)) != nil {
            guard let text = try? readReal(pid + "/mountinfo") else { continue }
            for line in text.split(separator: UInt8(ascii: "\n")) {
                if let first = line.split(separator: UInt8(ascii: " ")).first,
                   let id = UInt64(String(decoding: first, as: UTF8.self)) { ids.insert(id) }
            }
            if !ids.isEmpty { break }
        }
        if !ids.isEmpty { mountIDs.withLock { $0 = ids } }
        return ids
    }

    // MARK: listing

    /// The entries of the directory `path` (without `.` and `..`).
    public func list(_ path: [[UInt8]], caller: ProcCaller?) throws(LinuxErrno) -> [Entry] {
        guard try lookup(path, caller: caller) == .directory else { throw .ENOTDIR }
        let parts = path.map { String(decoding: $0, as: UTF8.self) }
        let relative = parts.joined(separator: "/")
        var names: [(String, UInt8)] = []
        if parts.isEmpty {
            names = ProcFilesystem.systemFiles.sorted().map { ($0, ProcFilesystem.dtReg) }
            names += [("mounts", ProcFilesystem.dtLnk), ("self", ProcFilesystem.dtLnk), ("sys", ProcFilesystem.dtDir),
                      ("thread-self", ProcFilesystem.dtLnk)]
            names += realNames(".").filter { ProcFilesystem.number(Array($0.utf8)) != nil }.map { ($0, ProcFilesystem.dtDir) }
        } else if parts[0] == "sys" {
            let inSys = parts.dropFirst().joined(separator: "/")
            for name in SystemFiles.sysctlDirectories[inSys] ?? [] {
                let isDir = SystemFiles.sysctlDirectories[inSys.isEmpty ? name : inSys + "/" + name] != nil
                names.append((name, isDir ? ProcFilesystem.dtDir : ProcFilesystem.dtReg))
            }
        } else if parts.count >= 2 && parts[parts.count - 1] == "ns" {
            names = realNames(relative).map { ($0, ProcFilesystem.dtLnk) }
        } else if ["fd", "fdinfo", "task"].contains(parts[parts.count - 1]) {
            let type = parts.last == "fd" ? ProcFilesystem.dtLnk : parts.last == "task" ? ProcFilesystem.dtDir : ProcFilesystem.dtReg
            names = realNames(relative).filter { ProcFilesystem.number(Array($0.utf8)) != nil }.map { ($0, type) }
        } else {
            // A process or thread directory.
            names = ProcFilesystem.processNames.sorted { $0.key < $1.key }.map { name, entry in
                switch entry.kind {
                case .file: return (name, ProcFilesystem.dtReg)
                case .link: return (name, ProcFilesystem.dtLnk)
                case .directory: return (name, ProcFilesystem.dtDir)
                }
            }
            if parts.count == 1 { names.append(("task", ProcFilesystem.dtDir)) }
        }
        var entries: [Entry] = []
        for (name, type) in names {
            var st = stat()
            let child = relative.isEmpty ? name : relative + "/" + name
            // Served names are a subset of the instance's: one it lacks (or that just went) is left out.
            guard fstatat(procfs, child, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            entries.append(Entry(name: Array(name.utf8), type: type, inode: UInt64(st.st_ino)))
        }
        return entries
    }

    static let dtDir: UInt8 = 4, dtReg: UInt8 = 8, dtLnk: UInt8 = 10

    /// Names in a directory of the sandbox's procfs.
    private func realNames(_ relative: String) -> [String] {
        let fd = openat(procfs, relative, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0, let dir = fdopendir(fd) else {
            if fd >= 0 { close(fd) }
            return []
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = direntName(entry)
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: contents

    /// The bytes of the file `path`, generated now.
    /// The controlling terminal of process `pid`, opened with `flags` through a descriptor of it the
    /// process holds (its stdin, say); ENXIO when it has none, or holds no descriptor of it.
    public func openControllingTerminal(pid: Int32, flags: Int32) throws(LinuxErrno) -> Int32 {
        guard let stat = try? readReal("\(pid)/stat"), let close = stat.lastIndex(of: UInt8(ascii: ")")) else { throw .ESRCH }
        // Fields after "(comm)": state ppid pgrp session tty_nr …
        let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count > 4, let terminal = UInt64(String(decoding: fields[4], as: UTF8.self)), terminal != 0 else {
            throw .ENXIO
        }
        for name in realNames("\(pid)/fd") {
            guard let number = Int32(name) else { continue }
            var st = Glibc.stat()
            guard fstatat(procfs, "\(pid)/fd/\(number)", &st, 0) == 0, st.st_mode & S_IFMT == S_IFCHR,
                  UInt64(st.st_rdev) == terminal else { continue }
            let fd = openat(procfs, "\(pid)/fd/\(number)", flags)
            if fd >= 0 { return fd }
        }
        throw .ENXIO
    }

    /// A descriptor of `path` open for writing with `flags` (O_WRONLY or O_RDWR, O_TRUNC, O_APPEND):
    /// a `writable` process file (a thread's name, as pthread_setname_np writes it; the kernel
    /// refuses another process's with EINVAL), whose real file is handed over, so opening it as the
    /// supervisor grants nothing the guest could not do itself.
    public func openForWriting(_ path: [[UInt8]], flags: Int32, caller: ProcCaller?) throws(LinuxErrno) -> Int32 {
        guard try lookup(path, caller: caller) == .file else { throw .EISDIR }
        guard isWritable(path) else { throw .EACCES }
        let parts = path.map { String(decoding: $0, as: UTF8.self) }
        let fd = openat(procfs, parts.joined(separator: "/"), (flags & (O_ACCMODE | O_TRUNC | O_APPEND | O_NONBLOCK)) | O_CLOEXEC)
        if fd < 0 { throw errno == ENOENT || errno == ESRCH ? .ESRCH : .EACCES }
        return fd
    }

    /// Whether `path` (relative to /proc) is a process file the guest may write: a `writable` name
    /// of one of the sandbox's own processes.
    public func isWritable(_ path: [[UInt8]]) -> Bool {
        let parts = path.map { String(decoding: $0, as: UTF8.self) }
        guard parts.count >= 2, let name = parts.last, ProcFilesystem.processNames[name]?.writable == true,
              let pid = Int32(parts[0]) else { return false }
        return launcherNames[pid] == nil
    }

    public func read(_ path: [[UInt8]], caller: ProcCaller?) throws(LinuxErrno) -> [UInt8] {
        guard try lookup(path, caller: caller) == .file else { throw .EISDIR }
        let parts = path.map { String(decoding: $0, as: UTF8.self) }
        if parts.count == 1 { return Array(systemFile(parts[0], reader: caller?()?.tid).utf8) }
        if parts[0] == "sys" {
            let inSys = parts.dropFirst().joined(separator: "/")
            guard let text = SystemFiles.sysctl(inSys, machine: machine, bootID: bootID) else { throw .ENOENT }
            return Array(text.utf8)
        }
        // /proc/<pid>/[task/<tid>/]<name>[/<fd>]
        let pid = Int32(parts[0])!
        let relative = parts.joined(separator: "/")
        if parts[parts.count - 2] == "fdinfo" { return try readReal(relative) }
        let name = parts[parts.count - 1]
        if ProcFilesystem.processNames[name]?.reader == .itself, caller?()?.pid != pid { throw .EACCES }
        let neutralName = launcherNames[pid]
        // The reader is running while it reads (Linux shows R); the supervisor samples it while it
        // waits for the answer.
        let task = parts.count > 3 && parts[1] == "task" ? Int32(parts[2]) : pid
        let isReader = task != nil && caller?()?.tid == task
        switch name {
        case "stat":
            var text = ProcessText.stat(String(decoding: try readReal(relative), as: UTF8.self), machine: machine)
            if let neutralName { text = ProcFilesystem.renamedStat(text, neutralName) }
            if !isTraceable(pid, caller: caller) { text = ProcFilesystem.maskedStat(text) }
            if isReader, let close = text.lastIndex(of: ")"), text.distance(from: close, to: text.endIndex) > 2 {
                let state = text.index(close, offsetBy: 2)
                text.replaceSubrange(state...state, with: "R")
            }
            return Array(text.utf8)
        case "status":
            var lines = ProcessText.status(String(decoding: try readReal(relative), as: UTF8.self), machine: machine)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for i in lines.indices {
                if let neutralName, lines[i].hasPrefix("Name:") { lines[i] = "Name:\t\(neutralName)" }
                if isReader && lines[i].hasPrefix("State:") { lines[i] = "State:\tR (running)" }
            }
            return Array(lines.joined(separator: "\n").utf8)
        case "comm":
            if let neutralName { return Array("\(neutralName)\n".utf8) }
            return try readReal(relative)
        case "cmdline":
            if let neutralName { return Array(neutralName.utf8) + [0] }
            return try readReal(relative)
        case "maps", "smaps", "smaps_rollup":
            return ProcessText.maps(try readReal(relative))
        case "mountinfo":
            return Array(ProcessText.mountinfo(machine).utf8)
        case "mounts":
            return Array(ProcessText.mounts(machine).utf8)
        case "cgroup":
            return Array(ProcessText.cgroup.utf8)
        default:
            // statm, environ, limits, oom_score(_adj), io, auxv: facts of the guest's own
            // processes, with nothing of the host in them.
            return try readReal(relative)
        }
    }

    /// A stat line as Linux shows it to a reader that may not trace the process: the code, stack,
    /// data, argument and environment addresses and the exit code hidden.
    static func maskedStat(_ text: String) -> String {
        guard let close = text.lastIndex(of: ")") else { return text }
        var fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let newline = fields.last?.hasSuffix("\n") ?? false
        if newline { fields[fields.count - 1].removeLast() }
        // Indices after "(comm)": field N of proc(5) is N - 3.
        for (field, value) in [(26, "1"), (27, "1"), (28, "0"), (29, "0"), (30, "0")] + (45...52).map({ ($0, "0") })
            where field - 3 < fields.count {
            fields[field - 3] = value
        }
        return String(text[...close]) + " " + fields.joined(separator: " ") + (newline ? "\n" : "")
    }

    private func isTraceable(_ pid: Int32, caller: ProcCaller?) -> Bool {
        do { try checkTraceable(pid, caller: caller) } catch { return false }
        return true
    }

    /// A stat line of a launcher process with its inherited name replaced.
    private static func renamedStat(_ text: String, _ name: String) -> String {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { return text }
        return String(text[..<open]) + "(\(name))" + String(text[text.index(after: close)...])
    }

    private func systemFile(_ name: String, reader: Int32?) -> String {
        switch name {
        case "cpuinfo": return SystemFiles.cpuinfo(machine, hostCpuinfo: hostCpuinfo)
        case "version": return SystemFiles.version(machine)
        case "filesystems": return SystemFiles.filesystems
        case "swaps": return SystemFiles.swaps
        default: break
        }
        let now = sample(reader: reader)
        switch name {
        case "meminfo": return SystemFiles.meminfo(machine, sample: now)
        case "vmstat": return SystemFiles.vmstat(machine, sample: now)
        case "stat": return SystemFiles.stat(machine, sample: now)
        case "uptime": return SystemFiles.uptime(machine, sample: now)
        default:
            return SystemFiles.loadavg(loadAverages(now), sample: now, lastPid: now.tasks.map(\.pid).max() ?? 0)
        }
    }

    /// The sandbox's load averages, brought up to the instant of `sample`.
    public func loadAverages(_ sample: ProcSample) -> LoadAverage.Values {
        let running = sample.tasks.filter { $0.state == UInt8(ascii: "R") }.count
        return load.sample(running: running, now: Double(sample.uptimeTicks) / Double(ProcMachine.ticksPerSecond))
    }

    /// A file of the sandbox's procfs, whole.
    private func readReal(_ relative: String, limit: Int = 64 << 20) throws(LinuxErrno) -> [UInt8] {
        let fd = openat(procfs, relative, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 { throw errno == EACCES || errno == EPERM ? .EACCES : .ENOENT }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count < limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw errno == EACCES || errno == EPERM ? .EACCES : .EIO
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    // MARK: the sandbox at one instant

    /// Every thread of the sandbox with its state and CPU times, and the memory in use. The
    /// `reader` thread counts as running, as it would on Linux while it reads.
    public func sample(reader: Int32? = nil) -> ProcSample {
        var tasks: [ProcSample.Task] = []
        var resident: UInt64 = 0
        let page = UInt64(sysconf(Int32(_SC_PAGESIZE)))
        for pidName in realNames(".") {
            guard let pid = Int32(pidName) else { continue }
            for tidName in realNames("\(pidName)/task") {
                guard let text = try? readReal("\(pidName)/task/\(tidName)/stat", limit: 4096),
                      let fields = ProcFilesystem.statFields(text), fields.count > 21 else { continue }
                let tid = Int32(tidName) ?? pid
                let state = tid == reader ? UInt8(ascii: "R") : fields[0].first ?? UInt8(ascii: "S")
                let task = ProcSample.Task(pid: tid, state: state,
                                           userTicks: ProcFilesystem.field(fields, 11), systemTicks: ProcFilesystem.field(fields, 12),
                                           residentBytes: ProcFilesystem.field(fields, 21) * page)
                if tidName == pidName { resident += task.residentBytes }
                tasks.append(task)
            }
        }
        let ticks = ProcMachine.bootTicksNow()
        return ProcSample(uptimeTicks: ticks > machine.startTicks ? ticks - machine.startTicks : 0, tasks: tasks,
                          memoryUsedBytes: resident)
    }

    /// The fields of a stat line after "(comm)": state is [0], utime [11], stime [12], rss [21].
    static func statFields(_ bytes: [UInt8]) -> [[UInt8]]? {
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        return bytes[(close + 1)...].split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }).map(Array.init)
    }

    private static func field(_ fields: [[UInt8]], _ index: Int) -> UInt64 {
        UInt64(String(decoding: fields[index], as: UTF8.self)) ?? 0
    }

    // MARK: helpers

    private func exists(_ relative: String) -> Bool {
        var st = stat()
        return fstatat(procfs, relative, &st, AT_SYMLINK_NOFOLLOW) == 0
    }

    /// A decimal pid or fd without sign or leading zero, as procfs names them.
    static func number(_ name: [UInt8]) -> Int32? {
        guard !name.isEmpty, name.count <= 10, name.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              name[0] != 48 || name.count == 1 else { return nil }
        return Int32(String(decoding: name, as: UTF8.self))
    }
}
