import Glibc
import SafehouseABI
import SafehousePolicy
import SafehouseSystem

// The guest's mount table: a tree of guest path components. A node either carries a mount (a zone
// or a synthetic entry) or is a synthetic directory that exists only because mounts lie beneath it
// (`/`, `/home`, `/etc`, `/dev`). Built once per sandbox, immutable afterwards, shared by all workers.

/// A host directory (or single file) backing a zone, with a descriptor of its root opened once.
public final class HostZone: Sendable, CustomStringConvertible {
    /// Normalised guest path of the mount point.
    public let guestPath: String
    public let kind: ZoneKind
    /// No write of any kind may reach the host beneath this zone.
    public let isReadOnly: Bool
    /// For messages only; never used to open anything after start.
    public let hostPath: String
    /// O_PATH|O_DIRECTORY descriptor of the zone root; for a file zone, of the file's parent.
    public let base: FileDescriptor
    public var baseFd: Int32 { base.rawValue }
    /// For a file zone: the file's name in `baseFd`. nil for a directory zone.
    let fileName: [UInt8]?
    /// The sandbox's procfs: `self`/`thread-self` name the calling guest process and magic links
    /// are interpreted by the resolver (PathResolver), never followed by the host kernel.
    public let isProcfs: Bool

    /// Whether the zone's root is a directory (else it is a single file).
    public var isDirectory: Bool { fileName == nil }

    init(guestPath: String, kind: ZoneKind, isReadOnly: Bool, hostPath: String, baseFd: Int32, fileName: [UInt8]?,
         isProcfs: Bool = false) {
        self.isProcfs = isProcfs
        self.guestPath = guestPath
        self.kind = kind
        self.isReadOnly = isReadOnly
        self.hostPath = hostPath
        self.base = FileDescriptor(adopting: baseFd)
        self.fileName = fileName
    }

    public var description: String { "\(kind) \(guestPath) <- \(hostPath)\(isReadOnly ? " (ro)" : "")" }

    /// The mode an object gets in this zone. An output zone is kept on the host by the caller:
    /// nothing there is set-uid, and only a directory may be set-gid (where it only makes new
    /// names inherit the group) — a set-id program left there would run with its owner's
    /// privileges on the host. Scratch zones are the sandbox's own (nosuid mounts, gone at the
    /// end) and keep Linux's modes.
    public static func mode(_ mode: mode_t, directory: Bool, inOutputZone: Bool) -> mode_t {
        guard inOutputZone else { return mode }
        return directory ? mode & ~mode_t(S_ISUID) : mode & ~mode_t(S_ISUID | S_ISGID)
    }
}

/// Content served from Swift rather than from a host zone.
public enum SyntheticContent: Sendable, Equatable {
    /// An empty directory (a mount point with nothing mounted).
    case directory
    /// A read-only regular file; reaches the guest as a sealed memfd.
    case file([UInt8])
    /// A symlink, resolved by the VFS like any other.
    case symlink([UInt8])
    /// A device node the supervisor opens at this fixed host path (`/dev/null`, …).
    case hostDevice(String)
}

/// A synthetic mount requested by the caller.
public struct SyntheticEntry: Sendable, Equatable {
    public var guestPath: String
    public var content: SyntheticContent
    public init(_ guestPath: String, _ content: SyntheticContent) {
        self.guestPath = guestPath
        self.content = content
    }
}

public enum Mount: Sendable {
    case zone(HostZone)
    case synthetic(SyntheticContent)
}

/// One guest path in the mount tree.
public final class VFSNode: Sendable {
    /// Normalised guest path ("/" for the root).
    public let guestPath: String
    /// Mount points and synthetic directories directly beneath this node, by name.
    public let children: [[UInt8]: VFSNode]
    /// What is mounted here; nil for a synthetic directory holding only mount points.
    public let mount: Mount?

    init(guestPath: String, children: [[UInt8]: VFSNode], mount: Mount?) {
        self.guestPath = guestPath
        self.children = children
        self.mount = mount
    }

    /// Names a directory listing of this synthetic directory shows (sorted).
    public var childNames: [String] {
        children.keys.map { String(decoding: $0, as: UTF8.self) }.sorted()
    }
}

public struct MountTableError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public final class MountTable: Sendable {
    /// The guest's `/`: a synthetic directory.
    public let root: VFSNode
    /// The host-backed zones, in policy order.
    public let zones: [HostZone]
    /// O_PATH descriptor of the guest's kernel root (its mount namespace's `/`), when the table was
    /// built beneath one: synthetic names are operated on there, where the launcher created them
    /// read-only, so `stat` through a path and through a descriptor agree. -1 otherwise.
    public let guestRootFd: Int32

    /// Builds the table from a policy. `scratchBacking` maps a scratch zone's guest path to the host
    /// directory the caller created for it. Default system paths missing on the host are skipped
    /// (distributions differ); a missing input, output or scratch backing is an error. A system path
    /// that is a symlink on the host (`/bin -> usr/bin`) becomes a synthetic symlink.
    /// Zones win over synthetic entries at the same path.
    ///
    /// With `guestRoot` (an O_PATH descriptor of the sandbox's kernel root, taken by the supervisor
    /// from the init process once the launcher built it) every zone is opened *beneath that root*,
    /// at its guest path: the bind mounts, scratch tmpfs and read-only flags of the guest's mount
    /// namespace then back the VFS, so a scratch zone's quota and a system zone's read-only mount are
    /// enforced by the kernel even on the supervisor's own calls. The sandbox's procfs becomes a
    /// read-only zone at `/proc` (`scratchBacking` is unused then).
    public convenience init(policy: Policy, scratchBacking: [String: String] = [:],
                            synthetic: [SyntheticEntry], guestRoot: Int32? = nil) throws(MountTableError) {
        var mounts: [(String, Mount)] = synthetic.map { ($0.guestPath, .synthetic($0.content)) }
        var zones: [HostZone] = []
        for zone in policy.zones {
            let host: String
            switch zone.kind {
            case .scratch where guestRoot != nil:
                host = "/"
            case .scratch:
                guard let backing = scratchBacking[zone.guestPath] else {
                    throw MountTableError("scratch zone \(zone.guestPath): no host backing directory given")
                }
                host = backing
            case .system, .input, .output:
                guard let path = zone.hostPath else { throw MountTableError("\(zone.kind) zone \(zone.guestPath): no host path") }
                host = path
            }
            var st = stat()
            if lstat(host, &st) != 0 {
                if zone.kind == .system { continue }
                throw MountTableError("\(zone.kind) zone \(zone.guestPath): host path \(host): \(Errno.current)")
            }
            if zone.kind == .system && (st.st_mode & S_IFMT) == S_IFLNK {
                let target: [UInt8]
                do { target = try HostFile.readLink(host) } catch {
                    throw MountTableError("system zone \(zone.guestPath): readlink \(host): \(error)")
                }
                mounts.append((zone.guestPath, .synthetic(.symlink(target))))
                continue
            }
            let hostZone: HostZone
            if let guestRoot {
                hostZone = try MountTable.openZone(beneath: guestRoot, guestPath: zone.guestPath, kind: zone.kind,
                                                   readOnly: !zone.kind.isWritable, hostPath: zone.hostPath ?? "(scratch)")
            } else {
                hostZone = try MountTable.openZone(guestPath: zone.guestPath, kind: zone.kind,
                                                   readOnly: !zone.kind.isWritable, hostPath: host)
            }
            zones.append(hostZone)
            mounts.append((zone.guestPath, .zone(hostZone)))
        }
        if let guestRoot, !zones.contains(where: { $0.guestPath == "/proc" }) {
            let proc = try MountTable.openZone(beneath: guestRoot, guestPath: "/proc", kind: .system, readOnly: true,
                                               hostPath: "(sandbox procfs)", isProcfs: true)
            zones.append(proc)
            mounts.append(("/proc", .zone(proc)))
        }
        // With a synthetic /dev the launcher also mounts a tmpfs at /dev/shm (POSIX shared memory
        // and semaphores: a writable scratch zone) and the sandbox's own devpts at /dev/pts (only
        // the ptys the guest opens through /dev/ptmx; a read-only zone: no names can be made there,
        // and device nodes in it can still be opened for writing, as on Linux).
        if let guestRoot, synthetic.contains(where: { $0.guestPath.hasPrefix("/dev/") }) {
            for (path, kind, host) in [("/dev/shm", ZoneKind.scratch, "(sandbox /dev/shm)"),
                                       ("/dev/pts", ZoneKind.system, "(sandbox devpts)")]
            where !zones.contains(where: { $0.guestPath == path }) {
                let zone = try MountTable.openZone(beneath: guestRoot, guestPath: path, kind: kind,
                                                   readOnly: !kind.isWritable, hostPath: host)
                zones.append(zone)
                mounts.append((path, .zone(zone)))
            }
        }
        self.init(mounts: mounts, zones: zones, guestRootFd: guestRoot ?? -1)
    }

    /// Builds the table from explicit mounts (guest path → mount); the last mount at a path wins.
    public init(mounts: [(String, Mount)], zones: [HostZone], guestRootFd: Int32 = -1) {
        let entries = mounts.map { (MountTable.components($0.0), $0.1) }
        self.root = MountTable.build(prefix: [], entries: entries)
        self.zones = zones
        self.guestRootFd = guestRootFd
    }

    deinit { if guestRootFd >= 0 { close(guestRootFd) } }

    /// Opens a zone's root where the launcher mounted it, beneath the guest's kernel root. The guest
    /// path comes from the policy (normalised, no `..`); the lookup still refuses symlinks.
    static func openZone(beneath guestRoot: Int32, guestPath: String, kind: ZoneKind, readOnly: Bool,
                         hostPath: String, isProcfs: Bool = false) throws(MountTableError) -> HostZone {
        let relative = Array(guestPath.utf8.drop { $0 == UInt8(ascii: "/") })
        let dirFd = HostLookup.openat2(guestRoot, relative, flags: OpenFlag.path | O_DIRECTORY | O_CLOEXEC, mode: 0)
        if dirFd >= 0 {
            return HostZone(guestPath: guestPath, kind: kind, isReadOnly: readOnly, hostPath: hostPath,
                            baseFd: dirFd, fileName: nil, isProcfs: isProcfs)
        }
        guard dirFd == -ENOTDIR else {
            throw MountTableError("\(kind) zone \(guestPath): not found in the sandbox root: \(Errno(-dirFd))")
        }
        // A single file (a bind-mounted file such as /etc/ld.so.cache): its parent and its name.
        let slash = relative.lastIndex(of: UInt8(ascii: "/"))
        let parent = slash.map { Array(relative[..<$0]) } ?? [UInt8(ascii: ".")]
        let name = slash.map { Array(relative[($0 + 1)...]) } ?? relative
        let parentFd = HostLookup.openat2(guestRoot, parent, flags: OpenFlag.path | O_DIRECTORY | O_CLOEXEC, mode: 0)
        guard parentFd >= 0 else {
            throw MountTableError("\(kind) zone \(guestPath): parent not found in the sandbox root: \(Errno(-parentFd))")
        }
        return HostZone(guestPath: guestPath, kind: kind, isReadOnly: readOnly, hostPath: hostPath,
                        baseFd: parentFd, fileName: name)
    }

    /// Opens the root of a host-backed zone (trusted host path from the policy or the caller).
    public static func openZone(guestPath: String, kind: ZoneKind, readOnly: Bool,
                                hostPath: String) throws(MountTableError) -> HostZone {
        let dirFd = open(hostPath, OpenFlag.path | O_DIRECTORY | O_CLOEXEC)
        if dirFd >= 0 {
            return HostZone(guestPath: guestPath, kind: kind, isReadOnly: readOnly, hostPath: hostPath,
                            baseFd: dirFd, fileName: nil)
        }
        guard errno == ENOTDIR, let real = realpath(hostPath, nil) else {
            throw MountTableError("\(kind) zone \(guestPath): cannot open host path \(hostPath): \(Errno.current)")
        }
        // A single file: keep its parent directory and its name; lookups only ever use that name.
        let resolved = String(cString: real)
        free(real)
        let slash = resolved.utf8.lastIndex(of: UInt8(ascii: "/")) ?? resolved.utf8.startIndex
        let parent = String(resolved[..<slash])
        let name = Array(resolved.utf8[resolved.utf8.index(after: slash)...])
        let parentFd = open(parent.isEmpty ? "/" : parent, OpenFlag.path | O_DIRECTORY | O_CLOEXEC)
        guard parentFd >= 0 else {
            throw MountTableError("\(kind) zone \(guestPath): cannot open host directory \(parent): \(Errno.current)")
        }
        return HostZone(guestPath: guestPath, kind: kind, isReadOnly: readOnly, hostPath: hostPath,
                        baseFd: parentFd, fileName: name)
    }

    /// Longest-prefix match: the deepest mount on a normalised guest path, and the path's components
    /// beneath it. Returns nil when only synthetic directories lie on the path.
    public func mount(for guestPath: String) -> (node: VFSNode, remainder: [[UInt8]])? {
        let parts = MountTable.components(guestPath)
        var node = root
        var best: (VFSNode, Int)? = nil
        for (i, part) in parts.enumerated() {
            guard let child = node.children[part] else { break }
            node = child
            if child.mount != nil { best = (child, i + 1) }
        }
        guard let (found, depth) = best else { return nil }
        return (found, Array(parts[depth...]))
    }

    /// The node at exactly this normalised guest path, if the mount tree has one.
    public func node(at guestPath: String) -> VFSNode? {
        var node = root
        for part in MountTable.components(guestPath) {
            guard let child = node.children[part] else { return nil }
            node = child
        }
        return node
    }

    static func components(_ path: String) -> [[UInt8]] {
        path.utf8.split(separator: UInt8(ascii: "/")).map(Array.init)
    }

    private static func build(prefix: [[UInt8]], entries: [([[UInt8]], Mount)]) -> VFSNode {
        let depth = prefix.count
        let here = entries.last(where: { $0.0.count == depth })?.1
        var groups: [[UInt8]: [([[UInt8]], Mount)]] = [:]
        for entry in entries where entry.0.count > depth {
            groups[entry.0[depth], default: []].append(entry)
        }
        var children: [[UInt8]: VFSNode] = [:]
        for (name, group) in groups {
            children[name] = build(prefix: prefix + [name], entries: group)
        }
        let path = "/" + prefix.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
        return VFSNode(guestPath: path, children: children, mount: here)
    }
}

extension SyntheticEntry {
    /// The synthetic files every sandbox gets: device nodes, the /etc files built from the policy,
    /// and /sys/devices/system/cpu/{online,possible,present} naming the sandbox's `cpus` CPUs
    /// ("0" or "0-(cpus-1)"), nothing else of /sys. `/dev/tty` when `terminal` (the host has the
    /// node, which opens only the opener's own controlling terminal); `/dev/ptmx` leads into the
    /// sandbox's own devpts at /dev/pts (a zone, mounted with /dev/shm by the launcher).
    public static func standard(for policy: Policy, cpus: Int, terminal: Bool) -> [SyntheticEntry] {
        let uid = Policy.guestUID, gid = Policy.guestGID
        let home = policy.envValue("HOME") ?? "/home/\(policy.user)"
        let user = policy.user, host = policy.hostname
        var devices = ["null", "zero", "full", "random", "urandom"]
        if terminal { devices.append("tty") }
        var entries = devices.map { SyntheticEntry("/dev/" + $0, .hostDevice("/dev/" + $0)) }
        for (name, target) in [("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                               ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2"), ("ptmx", "pts/ptmx")] {
            entries.append(SyntheticEntry("/dev/" + name, .symlink(Array(target.utf8))))
        }
        let cpuList = Array((CPUAffinity.rangeList(count: max(1, cpus)) + "\n").utf8)
        for name in ["online", "possible", "present"] {
            entries.append(SyntheticEntry("/sys/devices/system/cpu/" + name, .file(cpuList)))
        }
        // One directory per CPU, as tools count them (lscpu, psutil, nproc --all).
        for cpu in 0..<max(1, cpus) {
            entries.append(SyntheticEntry("/sys/devices/system/cpu/cpu\(cpu)/online", .file(Array("1\n".utf8))))
        }
        let files = [
            ("/etc/passwd", "root:x:0:0:root:/root:/usr/sbin/nologin\n\(user):x:\(uid):\(gid):\(user):\(home):/bin/sh\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"),
            ("/etc/group", "root:x:0:\n\(user):x:\(gid):\nnogroup:x:65534:\n"),
            ("/etc/hostname", host + "\n"),
            ("/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t\(host)\n::1\tlocalhost ip6-localhost ip6-loopback\n"),
            // The network broker's resolver inside the sandbox (Docs/network.md).
            ("/etc/resolv.conf", "nameserver 127.0.0.53\noptions edns0\n"),
        ]
        for (path, text) in files { entries.append(SyntheticEntry(path, .file(Array(text.utf8)))) }
        // Public tables every system has (getservbyname, getprotobyname): the host's, copied.
        for path in ["/etc/services", "/etc/protocols"] {
            if let bytes = try? HostFile.read(path), bytes.count <= 1 << 20 { entries.append(SyntheticEntry(path, .file(bytes))) }
        }
        return entries
    }
}
