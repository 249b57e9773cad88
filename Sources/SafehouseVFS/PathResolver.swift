import Glibc
import SafehouseABI

// Path resolution in Swift, one component at a time, with Linux's semantics (path_resolution(7)).
// The walk keeps a stack of directories (the canonical guest path so far), so `..` is a pop: it never
// goes above `/`, and at a zone's root it lands in whatever encloses the mount point — the parent zone
// or a synthetic directory — never in the host directory above the zone's host root. Inside a host
// zone every lookup goes through HostLookup (openat2 beneath a descriptor, no symlink following);
// symlink targets are read and re-walked here, absolute ones from the guest root.

/// Where a resolved name lives.
public enum Location: Sendable {
    /// In a host-backed zone. `relativePath` is relative to the zone's base descriptor: "." for the
    /// root of a directory zone, the file's name for a single-file zone. It never contains `..` or a
    /// symlink that the walk saw.
    case host(HostZone, relativePath: [UInt8])
    /// A node of the mount tree: a synthetic directory, file, device or symlink.
    case synthetic(VFSNode)
    /// A name absent from a synthetic directory (the parent is given). It cannot be created.
    case syntheticMissing(parent: VFSNode)
}

/// The outcome of a resolution.
public struct Resolved: Sendable {
    /// The canonical guest path: absolute, symlinks expanded, no `.`/`..`/empty components.
    public let guestPath: [UInt8]
    public let location: Location
    /// `.missing` when the final component does not exist but its parent does.
    public let kind: FileKind
    /// The path named its final component with a trailing slash (`open("new/", O_CREAT)` is EISDIR).
    public let trailingSlash: Bool

    public var guestPathString: String { String(decoding: guestPath, as: UTF8.self) }

    /// The host zone, for host locations.
    public var zone: HostZone? {
        if case .host(let zone, _) = location { return zone }
        return nil
    }

    /// Whether nothing may be written here: a read-only zone or the synthetic tree.
    public var isReadOnly: Bool { zone?.isReadOnly ?? true }
}

public struct PathResolver: Sendable {
    public let table: MountTable

    public init(table: MountTable) { self.table = table }

    /// Resolves `path` (bytes as copied from the guest, without the NUL; the copy stops at the first
    /// NUL, so none can be embedded). A relative path starts at `cwd`, an absolute canonical guest path.
    /// `followFinalSymlink: false` is `O_NOFOLLOW`/`AT_SYMLINK_NOFOLLOW`/`lstat`; a trailing slash
    /// still follows, as on Linux. An empty path is ENOENT (`AT_EMPTY_PATH` is the caller's business).
    public func resolve(_ path: [UInt8], cwd: [UInt8] = [UInt8(ascii: "/")],
                        followFinalSymlink: Bool = true) throws(LinuxErrno) -> Resolved {
        if path.isEmpty { throw .ENOENT }
        if path.count >= PathLimits.pathMax { throw .ENAMETOOLONG }
        let walk = Walk(root: table.root)
        var buffer: [UInt8]
        if path[0] == UInt8(ascii: "/") {
            buffer = path
        } else {
            buffer = cwd
            buffer.append(UInt8(ascii: "/"))
            buffer.append(contentsOf: path)
        }
        return try walk.run(buffer, followFinal: followFinalSymlink)
    }

    public func resolve(_ path: String, cwd: String = "/", followFinalSymlink: Bool = true) throws(LinuxErrno) -> Resolved {
        try resolve(Array(path.utf8), cwd: Array(cwd.utf8), followFinalSymlink: followFinalSymlink)
    }

    /// EXDEV unless both names are in the same host zone (rename, link). Linux checks this before
    /// EROFS, so callers check it first.
    public static func checkSameMount(_ a: Resolved, _ b: Resolved) throws(LinuxErrno) {
        guard let za = a.zone, let zb = b.zone, za === zb else { throw .EXDEV }
    }

    /// EROFS unless the name may be changed (created, removed, written, its metadata set).
    public static func checkWritable(_ r: Resolved) throws(LinuxErrno) {
        if r.isReadOnly { throw .EROFS }
    }
}

/// One directory on the walk's stack.
private struct Frame {
    enum Place {
        case synthetic(VFSNode)
        /// A host directory: its O_PATH descriptor (owned unless it is the zone's base) and its path
        /// relative to the zone root.
        case host(HostZone, fd: Int32, owned: Bool, relativePath: [UInt8])
    }

    /// Component name; empty for the root.
    let name: [UInt8]
    /// The mount-tree node at this path, while the path is still on the tree.
    let trie: VFSNode?
    let place: Place
}

/// The state of one resolution. A class so the descriptors of the stack are closed on every exit.
private final class Walk {
    private var frames: [Frame]
    private var symlinksFollowed = 0
    private let root: VFSNode

    init(root: VFSNode) {
        self.root = root
        self.frames = [Frame(name: [], trie: root, place: .synthetic(root))]
    }

    deinit {
        for frame in frames { Walk.release(frame) }
    }

    private static func release(_ frame: Frame) {
        if case .host(_, let fd, true, _) = frame.place { close(fd) }
    }

    private func popToRoot() {
        while frames.count > 1 { Walk.release(frames.removeLast()) }
    }

    private func guestPath(appending name: [UInt8]? = nil) -> [UInt8] {
        var path: [UInt8] = []
        for frame in frames.dropFirst() {
            path.append(UInt8(ascii: "/"))
            path.append(contentsOf: frame.name)
        }
        if let name {
            path.append(UInt8(ascii: "/"))
            path.append(contentsOf: name)
        }
        return path.isEmpty ? [UInt8(ascii: "/")] : path
    }

    private static func join(_ relative: [UInt8], _ name: [UInt8]) -> [UInt8] {
        relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
    }

    /// Walks `path` (absolute) and returns the final name.
    func run(_ initial: [UInt8], followFinal: Bool) throws(LinuxErrno) -> Resolved {
        let slash = UInt8(ascii: "/")
        var path = initial
        var pos = 0
        while true {
            if pos == 0 && path.first == slash { popToRoot() }
            while pos < path.count && path[pos] == slash { pos += 1 }
            if pos == path.count { break }
            if let done = try fastPath(path[pos...], followFinal: followFinal) { return done }
            let start = pos
            while pos < path.count && path[pos] != slash { pos += 1 }
            let name = Array(path[start..<pos])
            let restStart = pos
            while pos < path.count && path[pos] == slash { pos += 1 }
            let isLast = pos == path.count
            let trailingSlash = isLast && restStart < path.count

            if name == [UInt8(ascii: ".")] { continue }
            if name == [UInt8(ascii: "."), UInt8(ascii: ".")] {
                if frames.count > 1 { Walk.release(frames.removeLast()) }
                continue
            }
            if name.count > PathLimits.nameMax { throw .ENAMETOOLONG }

            switch try step(name) {
            case .directory:
                continue
            case .final(let location, let kind):
                if kind == .missing {
                    guard isLast else { throw .ENOENT }
                } else if !isLast || trailingSlash {
                    throw .ENOTDIR
                }
                return Resolved(guestPath: guestPath(appending: name), location: location, kind: kind,
                                trailingSlash: trailingSlash)
            case .symlink(let location, let target):
                if isLast && !trailingSlash && !followFinal {
                    return Resolved(guestPath: guestPath(appending: name), location: location, kind: .symlink,
                                    trailingSlash: false)
                }
                symlinksFollowed += 1
                if symlinksFollowed > PathLimits.maxSymlinks { throw .ELOOP }
                if target.isEmpty { throw .ENOENT }
                // Continue with the target, then whatever followed the link (slashes included, so a
                // trailing slash keeps requiring a directory). An absolute target restarts at the guest
                // root (run pops the stack when pos is 0 and the path starts with "/").
                path = target + path[restStart...]
                pos = 0
            }
        }
        // The path ended on a directory (or `.`/`..`/slashes): the top of the stack.
        let top = frames[frames.count - 1]
        let location: Location
        switch top.place {
        case .synthetic(let node): location = .synthetic(node)
        case .host(let zone, _, _, let relative): location = .host(zone, relativePath: relative.isEmpty ? [UInt8(ascii: ".")] : relative)
        }
        let trailing = initial.last == slash
        return Resolved(guestPath: guestPath(), location: location, kind: .directory, trailingSlash: trailing)
    }

    /// The common case in one host call: the rest of the path lies in the host directory on top of
    /// the stack, with no `.`/`..` and no mount point beneath. One openat2 beneath the directory
    /// with RESOLVE_NO_SYMLINKS either reaches a non-symlink (done, no symlink was on the way) or
    /// fails, and the component walk takes over to give Linux's exact answer.
    private func fastPath(_ rest: ArraySlice<UInt8>, followFinal: Bool) throws(LinuxErrno) -> Resolved? {
        let top = frames[frames.count - 1]
        guard top.trie?.children.isEmpty ?? true, case .host(let zone, let dirfd, _, let relative) = top.place else {
            return nil
        }
        let parts = rest.split(separator: UInt8(ascii: "/"))
        for part in parts {
            if part.count > PathLimits.nameMax { return nil }
            if part.count <= 2 && part.allSatisfy({ $0 == UInt8(ascii: ".") }) { return nil }
        }
        guard case .found(let fd, let kind) = try? HostLookup.lookup(in: dirfd, name: Array(rest)) else { return nil }
        close(fd)
        if kind == .symlink && (followFinal || rest.last == UInt8(ascii: "/")) { return nil }
        var guestPath = self.guestPath()
        var relativePath = relative
        for part in parts {
            if guestPath.count > 1 { guestPath.append(UInt8(ascii: "/")) }
            guestPath.append(contentsOf: part)
            relativePath = Walk.join(relativePath, Array(part))
        }
        return Resolved(guestPath: guestPath, location: .host(zone, relativePath: relativePath), kind: kind,
                        trailingSlash: rest.last == UInt8(ascii: "/"))
    }

    private enum Step {
        /// A directory was pushed onto the stack.
        case directory
        /// A non-directory or a missing name.
        case final(Location, FileKind)
        case symlink(Location, target: [UInt8])
    }

    /// Looks one name up in the directory on top of the stack.
    private func step(_ name: [UInt8]) throws(LinuxErrno) -> Step {
        let top = frames[frames.count - 1]
        let trieChild = top.trie?.children[name]

        // A mount point shadows whatever the enclosing zone has under that name.
        if let node = trieChild, let mount = node.mount {
            switch mount {
            case .zone(let zone):
                guard let fileName = zone.fileName else {
                    frames.append(Frame(name: name, trie: node,
                                        place: .host(zone, fd: zone.baseFd, owned: false, relativePath: [])))
                    return .directory
                }
                return try hostEntry(zone: zone, dirfd: zone.baseFd, lookupName: fileName, guestName: name,
                                     relativePath: fileName, trie: nil)
            case .synthetic(.directory):
                frames.append(Frame(name: name, trie: node, place: .synthetic(node)))
                return .directory
            case .synthetic(.symlink(let target)):
                return .symlink(.synthetic(node), target: target)
            case .synthetic(.file):
                return .final(.synthetic(node), .regular)
            case .synthetic(.hostDevice):
                return .final(.synthetic(node), .characterDevice)
            }
        }

        switch top.place {
        case .synthetic(let parent):
            if let node = trieChild {
                // A directory that exists only because mount points lie beneath it.
                frames.append(Frame(name: name, trie: node, place: .synthetic(node)))
                return .directory
            }
            return .final(.syntheticMissing(parent: parent), .missing)
        case .host(let zone, let fd, _, let relative):
            return try hostEntry(zone: zone, dirfd: fd, lookupName: name, guestName: name,
                                 relativePath: Walk.join(relative, name), trie: trieChild)
        }
    }

    /// Looks `lookupName` up in the host directory `dirfd` of `zone`.
    private func hostEntry(zone: HostZone, dirfd: Int32, lookupName: [UInt8], guestName: [UInt8],
                           relativePath: [UInt8], trie: VFSNode?) throws(LinuxErrno) -> Step {
        switch try HostLookup.lookup(in: dirfd, name: lookupName) {
        case .missing:
            if let node = trie {
                // Mount points beneath a name the host zone lacks: still reachable, as a synthetic dir.
                frames.append(Frame(name: guestName, trie: node, place: .synthetic(node)))
                return .directory
            }
            return .final(.host(zone, relativePath: relativePath), .missing)
        case .found(let fd, let kind):
            switch kind {
            case .directory:
                frames.append(Frame(name: guestName, trie: trie,
                                    place: .host(zone, fd: fd, owned: true, relativePath: relativePath)))
                return .directory
            case .symlink:
                defer { close(fd) }
                return .symlink(.host(zone, relativePath: relativePath), target: try HostLookup.readLink(fd))
            default:
                close(fd)
                if let node = trie {
                    frames.append(Frame(name: guestName, trie: node, place: .synthetic(node)))
                    return .directory
                }
                return .final(.host(zone, relativePath: relativePath), kind)
            }
        }
    }
}
