import Glibc
import SafehouseABI
import SafehousePolicy
import SafehouseProcfs

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
    /// The policy's path rules for the canonical path. A hidden name that exists resolves as
    /// `.missing` with `.hidden` here, so creating it can be refused (EACCES) rather than done.
    public var access: PathAccess = []
    /// For a final symlink that was not followed, or a procfs magic link to an object (`.procObject`):
    /// its target, as the walk read it.
    public var symlinkTarget: [UInt8]? = nil

    init(guestPath: [UInt8], location: Location, kind: FileKind, trailingSlash: Bool) {
        self.guestPath = guestPath
        self.location = location
        self.kind = kind
        self.trailingSlash = trailingSlash
    }

    public var guestPathString: String { String(decoding: guestPath, as: UTF8.self) }

    /// The host zone, for host locations.
    public var zone: HostZone? {
        if case .host(let zone, _) = location { return zone }
        return nil
    }

    /// Whether nothing may be written here: a read-only zone or the synthetic tree.
    public var isReadOnly: Bool { zone?.isReadOnly ?? true }
}

/// The calling guest process as its procfs names it (pids of the sandbox's PID namespace), for
/// `/proc/self`, `/proc/thread-self` and what /proc lets a process see of others. Computed only
/// when a path goes through /proc.
public typealias ProcSelf = ProcCaller

public struct PathResolver: Sendable {
    public let table: MountTable
    /// The policy's per-path rules; hidden directories cannot be walked through.
    public let rules: PathRuleSet

    /// Set when the supervisor's own credentials would let it open what the guest may not (it runs
    /// as root): the VFS then checks the guest's permissions itself. nil: the kernel checks them.
    public let credentials: GuestCredentials?

    /// The synthetic /proc, answering every name in the table's procfs zone.
    public let procfs: ProcFilesystem?

    public init(table: MountTable, rules: PathRuleSet = PathRuleSet([]), credentials: GuestCredentials? = nil,
                procfs: ProcFilesystem? = nil) {
        self.table = table
        self.rules = rules
        self.credentials = credentials
        self.procfs = procfs
    }

    /// Resolves `path` (bytes as copied from the guest, without the NUL; the copy stops at the first
    /// NUL, so none can be embedded). A relative path starts at `cwd`, an absolute canonical guest path.
    /// `followFinalSymlink: false` is `O_NOFOLLOW`/`AT_SYMLINK_NOFOLLOW`/`lstat`; a trailing slash
    /// still follows, as on Linux. An empty path is ENOENT (`AT_EMPTY_PATH` is the caller's business).
    public func resolve(_ path: [UInt8], cwd: [UInt8] = [UInt8(ascii: "/")],
                        followFinalSymlink: Bool = true, procSelf: ProcSelf? = nil,
                        noSymlinks: Bool = false, noMagicLinks: Bool = false,
                        inRoot: [UInt8]? = nil) throws(LinuxErrno) -> Resolved {
        if path.isEmpty { throw .ENOENT }
        if path.count >= PathLimits.pathMax { throw .ENAMETOOLONG }
        let walk = Walk(root: table.root, rules: rules, procSelf: procSelf, procfs: procfs)
        walk.searchCredentials = credentials
        if let inRoot {
            // openat2's RESOLVE_IN_ROOT: `inRoot` acts as "/" — `..` stops there and absolute
            // paths and symlink targets start there.
            walk.noFastPath = true
            let root = try walk.run(inRoot, followFinal: true)
            guard root.kind == .directory else { throw .ENOTDIR }
            walk.noFastPath = false
            walk.setFloor()
        }
        walk.noSymlinks = noSymlinks
        walk.noMagicLinks = noMagicLinks
        var buffer: [UInt8]
        if path[0] == UInt8(ascii: "/") || inRoot != nil {
            buffer = path
        } else {
            buffer = cwd
            buffer.append(UInt8(ascii: "/"))
            buffer.append(contentsOf: path)
        }
        var resolved = try walk.run(buffer, followFinal: followFinalSymlink)
        if !rules.isEmpty {
            resolved.access = rules.access(for: resolved.guestPath)
            if resolved.access.contains(.hidden) && resolved.kind != .missing {
                var hidden = Resolved(guestPath: resolved.guestPath, location: resolved.location, kind: .missing,
                                      trailingSlash: resolved.trailingSlash)
                hidden.access = resolved.access
                return hidden
            }
        }
        return resolved
    }

    public func resolve(_ path: String, cwd: String = "/", followFinalSymlink: Bool = true) throws(LinuxErrno) -> Resolved {
        try resolve(Array(path.utf8), cwd: Array(cwd.utf8), followFinalSymlink: followFinalSymlink)
    }

    /// The path a removed file had, from a procfs link target "<path> (deleted)"; nil for any
    /// other target. Rules keep applying to a removed object under that path.
    public static func removedPath(_ target: [UInt8]) -> [UInt8]? {
        let suffix = " (deleted)".utf8
        guard target.first == UInt8(ascii: "/"), target.count > suffix.count,
              target.suffix(suffix.count).elementsEqual(suffix) else { return nil }
        return Array(target.dropLast(suffix.count))
    }

    /// EXDEV unless both names are in the same host zone (rename, link). Linux checks this before
    /// EROFS, so callers check it first.
    public static func checkSameMount(_ a: Resolved, _ b: Resolved) throws(LinuxErrno) {
        // Two synthetic names share the sandbox's root mount (and then meet its EROFS).
        if a.zone == nil && b.zone == nil { return }
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
    private let rules: PathRuleSet
    private let procfs: ProcFilesystem?
    /// The caller, asked for at most once per resolution (it costs a read of /proc/<tid>/status).
    private var caller: (pid: Int32, tid: Int32)?? = nil
    private let procSelf: ProcSelf?
    /// openat2's RESOLVE_NO_SYMLINKS / RESOLVE_NO_MAGICLINKS: following such a link is ELOOP.
    var noSymlinks = false
    var noMagicLinks = false
    /// When set (the supervisor is root), looking a name up in a host directory needs the guest's
    /// search permission there, as the kernel would check it for the guest.
    var searchCredentials: GuestCredentials?
    /// Depth of the stack whose top directory was last checked for search permission.
    private var searchCheckedDepth = -1
    /// Frames at or below this depth are never popped (`/` normally; RESOLVE_IN_ROOT's root).
    private var floor = 1
    var noFastPath = false

    func setFloor() { floor = frames.count }

    private func checkSearch() throws(LinuxErrno) {
        guard let credentials = searchCredentials, searchCheckedDepth != frames.count,
              case .host(_, let fd, _, _) = frames[frames.count - 1].place else { return }
        var st = stat()
        if fstat(fd, &st) != 0 { throw HostLookup.hostError(errno) }
        try credentials.check(st, .execute)
        searchCheckedDepth = frames.count
    }

    init(root: VFSNode, rules: PathRuleSet, procSelf: ProcSelf?, procfs: ProcFilesystem?) {
        self.root = root
        self.rules = rules
        self.procSelf = procSelf
        self.procfs = procfs
        self.frames = [Frame(name: [], trie: root, place: .synthetic(root))]
    }

    /// A directory just pushed may not be hidden: walking through it is ENOENT, as if absent.
    private func checkPushed() throws(LinuxErrno) {
        if !rules.isEmpty && rules.access(for: guestPath()).contains(.hidden) { throw .ENOENT }
    }

    deinit {
        for frame in frames { Walk.release(frame) }
    }

    private static func release(_ frame: Frame) {
        if case .host(_, let fd, true, _) = frame.place { close(fd) }
    }

    /// The walk stands in the sandbox's procfs.
    private var inProcfs: Bool {
        if case .host(let zone, _, _, _) = frames[frames.count - 1].place { return zone.isProcfs }
        return false
    }

    private func popToRoot() {
        while frames.count > floor { Walk.release(frames.removeLast()) }
        searchCheckedDepth = -1
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
    func run(_ initial: [UInt8], followFinal initialFollowFinal: Bool) throws(LinuxErrno) -> Resolved {
        let slash = UInt8(ascii: "/")
        var path = initial
        var followFinal = initialFollowFinal
        var pos = 0
        while true {
            if pos == 0 && path.first == slash { popToRoot() }
            while pos < path.count && path[pos] == slash { pos += 1 }
            if pos == path.count { break }
            try checkSearch()
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
                if frames.count > floor { Walk.release(frames.removeLast()) }
                searchCheckedDepth = -1
                continue
            }
            // Filesystems refuse a name longer than NAME_MAX; procfs only finds none (ENOENT).
            if name.count > PathLimits.nameMax && !inProcfs { throw .ENAMETOOLONG }

            switch try step(name) {
            case .directory:
                try checkPushed()
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
                    var link = Resolved(guestPath: guestPath(appending: name), location: location, kind: .symlink,
                                        trailingSlash: false)
                    link.symlinkTarget = target
                    return link
                }
                if case .host(let zone, _) = location, zone.isProcfs, Walk.isMagicObject(target) {
                    // /proc/<pid>/fd/N of a pipe, socket or anonymous inode: no path to walk.
                    guard isLast else { throw .ENOTDIR }
                    var object = Resolved(guestPath: guestPath(appending: name), location: location, kind: .procObject,
                                          trailingSlash: trailingSlash)
                    object.symlinkTarget = target
                    return object
                }
                if noSymlinks { throw .ELOOP }
                if noMagicLinks, case .host(let zone, let relative) = location, zone.isProcfs,
                   relative.contains(UInt8(ascii: "/")) { throw .ELOOP }
                if case .host(let zone, let relative) = location, zone.isProcfs, Walk.namesSymlink(zone, relative) {
                    // A magic link to a symlink itself (an O_PATH|O_NOFOLLOW descriptor): Linux
                    // lands on the symlink and follows it no further (open: ELOOP).
                    guard isLast else { throw .ENOTDIR }
                    followFinal = false
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
        guard top.trie?.children.isEmpty ?? true, case .host(let zone, let dirfd, _, let relative) = top.place,
              !zone.isProcfs else {
            return nil
        }
        let parts = rest.split(separator: UInt8(ascii: "/"))
        // With search checks, every directory on the way needs one: walk them one by one.
        if noFastPath || (searchCredentials != nil && parts.count > 1) { return nil }
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

    /// Whether the procfs link `relative` (a descriptor, cwd, exe) leads to a symlink object.
    static func namesSymlink(_ zone: HostZone, _ relative: [UInt8]) -> Bool {
        var st = stat()
        return fstatat(zone.baseFd, String(decoding: relative, as: UTF8.self), &st, 0) == 0 && st.st_mode & S_IFMT == S_IFLNK
    }

    /// A procfs link target that is not a path: `pipe:[123]`, `socket:[4]`, `anon_inode:[eventfd]`.
    /// A removed file (an O_TMPFILE one, say) reads as "<path> (deleted)": also only reachable
    /// through the link.
    /// Only these kinds can be reopened through the link: a namespace (`user:[…]`, which only a
    /// raced O_PATH open could have given the guest) cannot.
    static func isMagicObject(_ target: [UInt8]) -> Bool {
        if target.first != UInt8(ascii: "/") {
            return ["pipe:[", "socket:[", "anon_inode:", "host:["].contains { target.starts(with: Array($0.utf8)) }
        }
        return PathResolver.removedPath(target) != nil
    }


    /// The caller for the procfs, memoised for this resolution.
    private func currentCaller() -> (pid: Int32, tid: Int32)? {
        if let known = caller { return known }
        let asked = procSelf?()
        caller = .some(asked)
        return asked
    }

    /// A name in the synthetic /proc: whatever ProcFilesystem says it is. Directories keep the
    /// zone's base descriptor (nothing is looked up in procfs by the host kernel for the walk).
    private func procStep(_ procfs: ProcFilesystem, zone: HostZone, relative: [UInt8], name: [UInt8]) throws(LinuxErrno) -> Step {
        let path = Walk.join(relative, name)
        let node: ProcFilesystem.Node
        do {
            node = try procfs.lookup(path.split(separator: UInt8(ascii: "/")).map(Array.init),
                                     caller: { [self] in currentCaller() })
        } catch {
            if error == .ENOENT { return .final(.host(zone, relativePath: path), .missing) }
            throw error
        }
        switch node {
        case .directory:
            frames.append(Frame(name: name, trie: nil, place: .host(zone, fd: zone.baseFd, owned: false, relativePath: path)))
            return .directory
        case .file:
            return .final(.host(zone, relativePath: path), .regular)
        case .symlink(let target):
            return .symlink(.host(zone, relativePath: path), target: target)
        }
    }

    /// Looks one name up in the directory on top of the stack.
    private func step(_ name: [UInt8]) throws(LinuxErrno) -> Step {
        let top = frames[frames.count - 1]
        if case .host(let zone, _, _, let relative) = top.place, zone.isProcfs {
            // Without the synthetic /proc nothing of the procfs instance is served.
            guard let procfs else { throw .ENOENT }
            return try procStep(procfs, zone: zone, relative: relative, name: name)
        }
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
