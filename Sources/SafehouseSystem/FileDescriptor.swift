import CSafehouse
import Glibc

/// A host descriptor owned by the supervisor; closed exactly once when the owner goes away.
public struct FileDescriptor: ~Copyable, Sendable {
    public let rawValue: Int32

    public init(adopting rawValue: Int32) { self.rawValue = rawValue }

    /// Gives up ownership without closing (e.g. after the kernel took it with ADDFD and SEND).
    public consuming func release() -> Int32 {
        let fd = rawValue
        discard self
        return fd
    }

    deinit { _ = Glibc.close(rawValue) }
}

public enum HostFile {
    /// The target of a symlink: `readlinkat(dirfd, path)` (with an O_PATH descriptor and "", the
    /// link it names). Throws the host errno.
    public static func readLink(_ path: String, relativeTo dirfd: Int32 = AT_FDCWD) throws(Errno) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = buffer.withUnsafeMutableBytes { raw in
            readlinkat(dirfd, path, raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)
        }
        if n < 0 { throw Errno.current }
        return Array(buffer[0..<n])
    }

    /// open(2), retried on EINTR; close-on-exec always.
    public static func open(_ path: String, flags: Int32, mode: mode_t = 0) throws(Errno) -> FileDescriptor {
        FileDescriptor(adopting: try retryingOnInterrupt { Glibc.open(path, flags | O_CLOEXEC, mode) })
    }

    /// stat(2) of `path`, following a final symlink (and a procfs magic link).
    public static func status(_ path: String) throws(Errno) -> stat {
        var st = stat()
        if fstatat(AT_FDCWD, path, &st, 0) != 0 { throw Errno.current }
        return st
    }

    /// Reads a whole small file (procfs, sysfs, config). Throws the host errno.
    public static func read(_ path: String, limit: Int = 1 << 20) throws(Errno) -> [UInt8] {
        let fd = try retryingOnInterrupt { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let n = try retryingOnInterrupt {
                chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    public static func readString(_ path: String) throws(Errno) -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// Writes all bytes to an already-open descriptor.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let n = try retryingOnInterrupt {
                bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            }
            offset += n
        }
    }
}

/// The name of a directory entry readdir(3) returned.
public func direntName(_ entry: UnsafeMutablePointer<dirent>) -> String {
    withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
}

/// Calls `body` with `bytes` (a path or name without NUL) as a NUL-terminated C string.
public func withCPath<R, E: Error>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) throws(E) -> R) throws(E) -> R {
    var cPath = bytes
    cPath.append(0)
    return try cPath.withUnsafeBufferPointer { (buffer) throws(E) -> R in
        try buffer.withMemoryRebound(to: CChar.self) { (chars) throws(E) -> R in try body(chars.baseAddress!) }
    }
}

/// statfs(2) of the filesystem holding `fd`: the x86-64 `struct statfs` words (f_type, f_bsize,
/// f_blocks, f_bfree, ...), or nil.
private func fileSystemWords(_ fd: Int32) -> [Int64]? {
    var words = [Int64](repeating: 0, count: 32)   // struct statfs is 120 bytes
    let r = words.withUnsafeMutableBytes { sh_fstatfs(fd, $0.baseAddress) }
    return r == 0 ? words : nil
}

/// `f_type` of the filesystem holding `fd` (statfs(2) magic), or nil.
public func fileSystemType(_ fd: Int32) -> Int64? { fileSystemWords(fd)?[0] }

/// Bytes in use and free in the filesystem holding `fd` ((f_blocks - f_bfree) and f_bfree, times
/// f_bsize), or nil.
public func fileSystemSpace(_ fd: Int32) -> (used: UInt64, free: UInt64)? {
    guard let w = fileSystemWords(fd), w[1] > 0, w[3] >= 0, w[2] >= w[3] else { return nil }
    return (UInt64(w[2] - w[3]).multipliedReportingOverflow(by: UInt64(w[1])).partialValue,
            UInt64(w[3]).multipliedReportingOverflow(by: UInt64(w[1])).partialValue)
}

/// open(2) flags Glibc's Swift module does not export everywhere, named once.
public enum OpenFlag {
    /// O_PATH: a descriptor that names an object without opening it.
    public static let path: Int32 = 0o10000000
    /// __O_TMPFILE, the bit alone (the kernel refuses it without O_DIRECTORY: EINVAL).
    public static let tmpfileBit: Int32 = 0o20000000
    /// O_TMPFILE as programs pass it: __O_TMPFILE | O_DIRECTORY.
    public static let tmpfile: Int32 = 0o20000000 | O_DIRECTORY
}
