import Glibc

/// What /proc/<pid>/fdinfo/<fd> says of a descriptor: its open flags (including O_CLOEXEC, the
/// descriptor's own flag) and the mount and inode of its object.
public struct FDInfo: Sendable, Equatable {
    public let flags: Int32
    public let mountID: UInt64
    public let inode: UInt64

    /// Reads `path` (relative to `dirfd`); nil when it cannot be read or lacks a field.
    public static func read(_ path: [UInt8], relativeTo dirfd: Int32 = AT_FDCWD) -> FDInfo? {
        let fd = withCPath(path) { Glibc.openat(dirfd, $0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        var flags: Int32?, mountID: UInt64?, inode: UInt64?
        for line in buffer[0..<n].split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(whereSeparator: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: " ") })
            guard fields.count == 2 else { continue }
            let key = String(decoding: fields[0], as: UTF8.self), value = String(decoding: fields[1], as: UTF8.self)
            switch key {
            case "flags": flags = Int32(value, radix: 8)
            case "mnt_id": mountID = UInt64(value)
            case "ino": inode = UInt64(value)
            default: break
            }
        }
        guard let flags, let mountID, let inode else { return nil }
        return FDInfo(flags: flags, mountID: mountID, inode: inode)
    }
}
