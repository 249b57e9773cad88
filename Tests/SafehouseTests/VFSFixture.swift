import Foundation
import Glibc
import SafehouseABI
import SafehousePolicy
import SafehouseSystem
import XCTest
@testable import SafehouseVFS

/// A throw-away host tree standing in for the zones of a sandbox:
///
///     guest path           kind     host directory
///     /usr                 system   <root>/usr       (read-only)
///     /data                input    <root>/input     (read-only)
///     /tmp                 scratch  <root>/tmp
///     /home/sandbox        scratch  <root>/home
///     /home/sandbox/out    output   <root>/output
///     /etc/passwd, /dev/null, …     synthetic
///
/// `<root>/outside` is a host directory no zone maps: nothing the guest does may reach it.
final class VFSFixture {
    let root: String
    let table: MountTable
    let resolver: PathResolver

    var tmp: String { root + "/tmp" }
    var home: String { root + "/home" }
    var usr: String { root + "/usr" }
    var input: String { root + "/input" }
    var output: String { root + "/output" }
    var outside: String { root + "/outside" }

    init() throws {
        let base = FileManager.default.temporaryDirectory.path + "/safehouse-vfs-XXXXXX"
        var template = Array(base.utf8CString)
        guard let made = mkdtemp(&template) else { throw Errno.current }
        root = String(cString: made)
        for dir in ["tmp", "home", "usr/bin", "input", "output", "outside/etc"] {
            try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        try "tool".write(toFile: root + "/usr/bin/tool", atomically: false, encoding: .utf8)
        try "in".write(toFile: root + "/input/data.txt", atomically: false, encoding: .utf8)
        try "secret".write(toFile: root + "/outside/secret", atomically: false, encoding: .utf8)
        try "outside passwd".write(toFile: root + "/outside/etc/passwd", atomically: false, encoding: .utf8)

        var policy = Policy.builtinDefault
        policy.zones = [
            Zone(kind: .system, guestPath: "/usr", hostPath: root + "/usr"),
            Zone(kind: .input, guestPath: "/data", hostPath: root + "/input"),
            Zone.scratch("/tmp"),
            Zone.scratch("/home/sandbox"),
            Zone(kind: .output, guestPath: "/home/sandbox/out", hostPath: root + "/output"),
        ]
        table = try MountTable(policy: policy,
                               scratchBacking: ["/tmp": root + "/tmp", "/home/sandbox": root + "/home"],
                               synthetic: SyntheticEntry.standard(for: policy, cpus: 1, terminal: false))
        resolver = PathResolver(table: table)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ text: String, _ hostPath: String) throws {
        try text.write(toFile: hostPath, atomically: false, encoding: .utf8)
    }

    func mkdir(_ hostPath: String) throws {
        try FileManager.default.createDirectory(atPath: hostPath, withIntermediateDirectories: true)
    }

    func symlink(_ hostPath: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: hostPath, withDestinationPath: target)
    }
}

/// O_TMPFILE (not exported by Glibc's Swift module).
let O_TMPFILE: Int32 = 0o20000000 | O_DIRECTORY

/// (st_dev, st_ino) of a descriptor or host path.
struct Identity: Equatable, CustomStringConvertible {
    let dev: UInt64
    let ino: UInt64
    init(fd: Int32) {
        var st = stat()
        precondition(fstat(fd, &st) == 0)
        dev = UInt64(st.st_dev)
        ino = UInt64(st.st_ino)
    }
    init(path: String) {
        var st = stat()
        precondition(stat(path, &st) == 0, "stat \(path)")
        dev = UInt64(st.st_dev)
        ino = UInt64(st.st_ino)
    }
    var description: String { "\(dev):\(ino)" }
}

extension XCTestCase {
    /// Asserts that `body` throws exactly `expected`.
    func assertErrno<T: ~Copyable>(_ expected: LinuxErrno, _ message: String = "",
                                   file: StaticString = #filePath, line: UInt = #line,
                                   _ body: () throws(LinuxErrno) -> T) {
        do {
            _ = try body()
            XCTFail("expected \(expected), got a result \(message)", file: file, line: line)
        } catch {
            XCTAssertEqual(error, expected, message, file: file, line: line)
        }
    }

    /// Asserts that an open by the VFS yields a descriptor; returns its identity and resolution.
    func openedIdentity(_ resolver: PathResolver, _ path: String, cwd: String = "/", flags: Int32 = O_RDONLY,
                        mode: mode_t = 0o644,
                        file: StaticString = #filePath, line: UInt = #line) -> (Identity, Resolved)? {
        do {
            switch try resolver.open(path, cwd: cwd, flags: flags, mode: mode) {
            case .fifo: XCTFail("unexpected FIFO"); return nil
            case .file(let fd, let resolved):
                return (Identity(fd: fd.rawValue), resolved)
            case .directory(let resolved):
                XCTFail("\(path): a directory (\(resolved.guestPathString)), expected a file", file: file, line: line)
                return nil
            }
        } catch {
            XCTFail("\(path): \(error)", file: file, line: line)
            return nil
        }
    }

    /// Reads a whole descriptor (synthetic files are small).
    func readAll(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
