import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
import SafehouseProcfs
import SafehouseSystem
import SafehouseVFS

/// Directories: listing, the working directory, creating and removing them, and exec.
enum FileDirectory {
    /// The syscalls this family answers (checked against the table's emulated set by
    /// SyscallRegistrationTests).
    static let handlers: [Syscall: SyscallHandler] = [
        .getdents: getdents, .getdents64: getdents64, .chdir: chdir, .mkdir: mkdir, .mkdirat: mkdirat,
        .rmdir: rmdir, .execve: execve, .execveat: execveat, .lseek: seek,
    ]

    // MARK: lseek

    /// lseek to SEEK_END, SEEK_DATA or SEEK_HOLE (the filter traps only these whence values). The
    /// synthetic /proc and /sys files are sealed memfds and files of the sandbox root, whose sizes
    /// are their contents'; Linux's have none: a seq_file has no end (EINVAL), a sysctl file and a
    /// directory are empty, a sysfs attribute is one page. Those answer as Linux's; everything else
    /// continues in the kernel.
    static let seek = GuestCall.handler { call throws(CallError) in
        let seekData: Int32 = 3, seekHole: Int32 = 4
        let whence = call.int(2)
        let offset = Int64(bitPattern: call.arg(1))
        // Our copy of the guest's descriptor: the same open file description, so the same position.
        let copy = try call.guestDescriptor(call.int(0))
        guard let link = try? HostFile.readLink("/proc/self/fd/\(copy.rawValue)") else { return .continueCall }
        let translated = ProcessText.linkTarget(link)
        let size: Int64
        if translated != link {
            // A synthetic /proc file: a sysctl file, a command line and an environment are empty
            // files; any other is a seq_file, which has no end.
            let name = translated.split(separator: UInt8(ascii: "/")).last.map { String(decoding: $0, as: UTF8.self) }
            guard translated.starts(with: Array("/proc/sys/".utf8)) || name == "cmdline" || name == "environ" else {
                return .error(.EINVAL)
            }
            size = 0
        } else if link.starts(with: Array("/sys/".utf8)) || link == Array("/sys".utf8) {
            guard let st = try? copy.status() else { return .continueCall }
            size = st.st_mode & S_IFMT == S_IFREG ? 4096 : 0
        } else {
            return .continueCall
        }
        let position: Int64
        switch whence {
        case SEEK_END:
            let (sum, overflow) = size.addingReportingOverflow(offset)
            guard !overflow, sum >= 0 else { return .error(.EINVAL) }
            position = sum
        case seekData:
            guard offset >= 0, offset < size else { return .error(.ENXIO) }
            position = offset
        case seekHole:
            guard offset >= 0, offset < size else { return .error(.ENXIO) }
            position = size
        default:
            return .continueCall
        }
        _ = try hostCall { () throws(Errno) in try copy.seek(position) }
        return .value(position)
    }

    // MARK: getdents

    static let getdents64 = GuestCall.handler { call throws(CallError) in
        try list(call, legacy: false)
    }
    static let getdents = GuestCall.handler { call throws(CallError) in
        try list(call, legacy: true)
    }

    /// Lists through the guest's own open file description (copied with pidfd_getfd), so the
    /// position, `lseek`, `rewinddir` and `telldir` are the kernel's. Names the policy hides are
    /// dropped; when an entry does not fit, the description is moved back to the last one given.
    static func list(_ call: GuestCall, legacy: Bool) throws(CallError) -> SyscallReply {
        // `unsigned int count`; the kernel refuses one above INT_MAX (EINVAL). Larger buffers than
        // 1 MiB are filled only that far, as a short read.
        let requested = UInt32(truncatingIfNeeded: call.arg(2))
        let dir = try call.guestDescriptor(call.int(0))
        if try hostCall({ () throws(Errno) in try dir.statusFlags() }) & OpenFlag.path != 0 { throw .errno(.EBADF) }
        let st = try call.fs.metadata(dir)
        guard st.st_mode & S_IFMT == S_IFDIR else { throw .errno(.ENOTDIR) }
        if requested > UInt32(Int32.max) { throw .errno(.EINVAL) }
        let count = min(Int(requested), 1 << 20)
        let rules = call.fs.resolver.rules
        let isProcfs = fileSystemType(dir.rawValue) == procSuperMagic
        var directoryPath: [UInt8] = []
        if !rules.isEmpty || isProcfs {
            directoryPath = (try? HostFile.readLink("/proc/self/fd/\(dir.rawValue)")) ?? []
            if directoryPath == [UInt8(ascii: "/")] { directoryPath = [] }
        }
        if isProcfs {
            guard let procfs = call.fs.resolver.procfs else { throw .errno(.ENOENT) }
            return try listProc(call, procfs, dir: dir, path: directoryPath, inode: UInt64(st.st_ino), count: count,
                                legacy: legacy)
        }
        let start = try hostCall { () throws(Errno) in try dir.seek(0, from: SEEK_CUR) }
        var input = [UInt8](repeating: 0, count: max(count, 1))
        var output: [UInt8] = []
        output.reserveCapacity(count)
        // Where each record ends in `output`, and the position after it.
        var ends: [Int] = [], positions: [Int64] = []
        while true {
            let n = try hostCall { () throws(Errno) in try dir.directoryEntries(into: &input) }
            if n == 0 { break }
            var offset = 0
            var lastGiven: Int64? = nil
            var full = false
            while offset < n {
                let (ino, off, reclen, type) = input.withUnsafeBytes { raw in
                    (raw.load(fromByteOffset: offset, as: UInt64.self), raw.load(fromByteOffset: offset + 8, as: Int64.self),
                     Int(raw.load(fromByteOffset: offset + 16, as: UInt16.self)), raw[offset + 18])
                }
                let nameStart = offset + 19
                let nameEnd = input[nameStart..<(offset + reclen)].firstIndex(of: 0) ?? (offset + reclen)
                let name = input[nameStart..<nameEnd]
                offset += reclen
                if !rules.isEmpty && !(name.elementsEqual([UInt8(ascii: ".")]) || name.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")])) {
                    let path = directoryPath + [UInt8(ascii: "/")] + name
                    if rules.access(for: path).contains(.hidden) {
                        lastGiven = off
                        continue
                    }
                }
                // Both layouts take 20 bytes plus the name, rounded up to 8.
                let size = (20 + name.count + 7) & ~7
                if output.count + size > count {
                    full = true
                    break
                }
                output += direntRecord(ProcFilesystem.Entry(name: Array(name), type: type, inode: ino), offset: off,
                                       legacy: legacy)
                ends.append(output.count)
                positions.append(off)
                lastGiven = off
            }
            if full || offset < n {
                guard let lastGiven else { throw .errno(.EINVAL) }   // the first entry does not fit
                _ = try? dir.seek(lastGiven)
                if output.isEmpty { throw .errno(.EINVAL) }
                break
            }
            if !output.isEmpty { break }
            // Everything read was hidden: read on.
        }
        let delivered: Int
        do throws(CallError) {
            delivered = try deliver(call, output, recordEnds: ends)
        } catch {
            // Nothing was delivered: the directory position must not move (as Linux on EFAULT).
            _ = try? dir.seek(start)
            throw error
        }
        if delivered < ends.count { _ = try? dir.seek(positions[delivered - 1]) }
        return .value(Int64(delivered == 0 ? 0 : ends[delivered - 1]))
    }

    /// Writes whole records to the guest's buffer as Linux's filldir does: if the buffer runs into
    /// unmapped memory, the records before the fault are delivered and their count returned; a
    /// fault on the first one is EFAULT.
    static func deliver(_ call: GuestCall, _ output: [UInt8], recordEnds ends: [Int]) throws(CallError) -> Int {
        do throws(CallError) {
            try call.write(call.arg(1), output)
            return ends.count
        } catch {
            guard case .errno(.EFAULT) = error, ends.count > 1 else { throw error }
            // The most records that can be written: at least 0, fewer than all.
            var low = 0, high = ends.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if (try? call.write(call.arg(1), Array(output[..<ends[middle - 1]]))) != nil { low = middle } else { high = middle - 1 }
            }
            if low == 0 { throw error }
            return low
        }
    }

    static let procSuperMagic: Int64 = 0x9fa0

    /// A directory of the synthetic /proc: the entries are ProcFilesystem's, not the procfs
    /// instance's. The guest's description keeps the position, as an index into that list.
    static func listProc(_ call: GuestCall, _ procfs: ProcFilesystem, dir: borrowing FileDescriptor, path: [UInt8],
                         inode: UInt64, count: Int, legacy: Bool) throws(CallError) -> SyscallReply {
        let prefix = Array("/proc".utf8)
        guard path.starts(with: prefix), path.count == prefix.count || path[prefix.count] == UInt8(ascii: "/") else {
            throw .errno(.ENOENT)
        }
        let components = path[prefix.count...].split(separator: UInt8(ascii: "/")).map(Array.init)
        var entries = [ProcFilesystem.Entry(name: [UInt8(ascii: ".")], type: 4, inode: inode),
                       ProcFilesystem.Entry(name: [UInt8(ascii: "."), UInt8(ascii: ".")], type: 4, inode: inode)]
        do throws(LinuxErrno) {
            entries += try procfs.list(components, caller: call.procSelf)
        } catch {
            throw .errno(error)
        }
        let rules = call.fs.resolver.rules
        if !rules.isEmpty {
            entries = entries.filter { !rules.access(for: path + [UInt8(ascii: "/")] + $0.name).contains(.hidden) }
        }
        // Positions are keys, not indexes, so a listing survives the directory changing under it
        // as Linux's does: a numeric name (a descriptor, a pid, a tid) is at `base + number`, the
        // other names at their index before it. Closing descriptors while reading `fd/` then skips
        // none of those still open.
        var positioned: [(position: Int64, entry: ProcFilesystem.Entry)] = []
        var numbered: [(number: Int64, entry: ProcFilesystem.Entry)] = []
        for entry in entries {
            if let number = Int64(String(decoding: entry.name, as: UTF8.self)), number >= 0 {
                numbered.append((number, entry))
            } else {
                positioned.append((Int64(positioned.count), entry))
            }
        }
        let base = Int64(positioned.count)
        for (number, entry) in numbered.sorted(by: { $0.number < $1.number }) {
            positioned.append((base + number, entry))
        }
        return try call.fs.procListing.withLock { _ throws(CallError) -> SyscallReply in
            try deliverProcEntries(call, positioned, dir: dir, count: count, legacy: legacy)
        }
    }

    /// One getdents step over a positioned /proc listing (under `FileSystem.procListing`).
    static func deliverProcEntries(_ call: GuestCall, _ positioned: [(position: Int64, entry: ProcFilesystem.Entry)],
                                   dir: borrowing FileDescriptor, count: Int, legacy: Bool) throws(CallError) -> SyscallReply {
        let start = max(0, (try? dir.seek(0, from: SEEK_CUR)) ?? 0)
        var output: [UInt8] = []
        var ends: [Int] = [], nexts: [Int64] = []
        var next = start
        var pending = false
        for (position, entry) in positioned where position >= start {
            let record = direntRecord(entry, offset: position + 1, legacy: legacy)
            if output.count + record.count > count {
                pending = true
                next = position
                break
            }
            output += record
            ends.append(output.count)
            nexts.append(position + 1)
            next = position + 1
        }
        if output.isEmpty && pending { throw .errno(.EINVAL) }
        let delivered = try deliver(call, output, recordEnds: ends)
        if delivered < ends.count { next = nexts[delivered - 1] }
        _ = try? dir.seek(next)
        return .value(Int64(delivered == 0 ? 0 : ends[delivered - 1]))
    }

    /// One `linux_dirent64` (or, `legacy`, `linux_dirent` with the type in its last byte).
    static func direntRecord(_ entry: ProcFilesystem.Entry, offset: Int64, legacy: Bool) -> [UInt8] {
        let size = (20 + entry.name.count + 7) & ~7
        var record = [UInt8](repeating: 0, count: size)
        record.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: entry.inode, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: offset, toByteOffset: 8, as: Int64.self)
            raw.storeBytes(of: UInt16(size), toByteOffset: 16, as: UInt16.self)
            let nameOffset = legacy ? 18 : 19
            for (i, byte) in entry.name.enumerated() { raw[nameOffset + i] = byte }
            if legacy { raw[size - 1] = entry.type } else { raw[18] = entry.type }
        }
        return record
    }

    // MARK: working directory

    /// The VFS decides (ENOENT, ENOTDIR, EACCES, hidden names); the kernel then changes the
    /// working directory of the guest's mount namespace. Whatever the path buffer holds by then,
    /// the kernel can only reach a directory of the policy-shaped root, and every later relative
    /// lookup is resolved by the VFS again, rules included.
    static let chdir = GuestCall.handler { call throws(CallError) in
        let path = try call.path(0)
        if !path.isEmpty && GuestCall.namesStartItself(path), try call.base(GuestCall.atFdcwd).removed {
            // chdir(".") in a removed directory stays there, as on Linux: the guest's own (dead)
            // directory, nothing else.
            return .continueCall
        }
        let r = try call.existing(dirfd: GuestCall.atFdcwd, pathArg: 0, follow: true)
        // /proc/<pid>/fd/N of an object with no path (a removed directory among them): the kernel
        // follows the magic link for the guest, as it would natively (ENOTDIR for a pipe).
        if r.kind == .procObject { return .continueCall }
        guard r.kind == .directory else { throw .errno(.ENOTDIR) }
        try call.fs.checkGuest(try call.fs.metadata(try call.fs.pin(r)), .execute)
        return .continueCall
    }

    // MARK: mkdir, rmdir

    static let mkdir = GuestCall.handler { call throws(CallError) in
        try mkdirCommon(call, dirfd: GuestCall.atFdcwd, pathArg: 0, mode: mode_t(truncatingIfNeeded: call.arg(1)))
    }
    static let mkdirat = GuestCall.handler { call throws(CallError) in
        try mkdirCommon(call, dirfd: call.int(0), pathArg: 1, mode: mode_t(truncatingIfNeeded: call.arg(2)))
    }

    static func mkdirCommon(_ call: GuestCall, dirfd: Int32, pathArg: Int, mode: mode_t) throws(CallError) -> SyscallReply {
        let r = try FileNames.creationTarget(call, dirfd: dirfd, pathArg: pathArg, allowTrailingSlash: true)
        let parent = try FileNames.writableParent(call, r)
        let m = HostZone.mode(mode & 0o7777 & ~call.umask(), directory: true, inOutputZone: r.zone?.kind == .output)
        try hostCall { () throws(Errno) in try parent.directory.makeDirectory(parent.name, mode: m) }
        return .value(0)
    }

    static let rmdir = GuestCall.handler { call throws(CallError) in
        try FileNames.remove(call, dirfd: GuestCall.atFdcwd, pathArg: 0, directory: true)
    }

    // MARK: exec

    /// exec cannot be emulated: the VFS checks the name (ENOENT, EACCES, hidden, read-denied,
    /// not executable), then the kernel runs the call in the guest's mount namespace, where any
    /// path the buffer can race to is an executable of the policy-shaped root (DESIGN.md).
    static let execve = GuestCall.handler { call throws(CallError) in
        try execCommon(call, dirfd: GuestCall.atFdcwd, pathArg: 0, flags: 0)
    }
    static let execveat = GuestCall.handler { call throws(CallError) in
        try execCommon(call, dirfd: call.int(0), pathArg: 1, flags: call.int(4))
    }

    static func execCommon(_ call: GuestCall, dirfd: Int32, pathArg: Int, flags: Int32) throws(CallError) -> SyscallReply {
        // As do_execveat_common: the path is copied (getname_uflags) before the flags are checked.
        let emptyPathOK = flags & GuestCall.atEmptyPath != 0
        let path = emptyPathOK && call.arg(pathArg) == 0 ? [] : try call.path(pathArg)
        if path.isEmpty && !emptyPathOK { throw .errno(.ENOENT) }
        if flags & ~(GuestCall.atEmptyPath | GuestCall.atSymlinkNofollow) != 0 { throw .errno(.EINVAL) }
        guard let r = try call.resolve(dirfd: dirfd, path: path, follow: flags & GuestCall.atSymlinkNofollow == 0,
                                       emptyPathOK: emptyPathOK) else {
            // The descriptor itself (often O_PATH; AT_FDCWD: the working directory, which the
            // kernel refuses): the rules for the path it names still hold.
            let path = try call.taskLink(dirfd == GuestCall.atFdcwd ? .workingDirectory : .descriptor(dirfd))
            if path.first == UInt8(ascii: "/") {
                let access = call.fs.resolver.rules.access(for: path)
                if access.contains(.hidden) || access.contains(.denyRead) { throw .errno(.EACCES) }
            }
            return .continueCall
        }
        if r.kind == .missing { throw .errno(.ENOENT) }
        if r.kind == .symlink { throw .errno(.ELOOP) }
        if r.access.contains(.denyRead) { throw .errno(.EACCES) }
        guard r.kind == .regular else { throw .errno(.EACCES) }
        try call.fs.checkGuest(try call.fs.metadata(try call.fs.pin(r)), .execute)
        return .continueCall
    }
}
