import Foundation
import Glibc
import SafehouseABI
import XCTest
@testable import SafehouseVFS

/// Path resolution: `..`, symlinks, limits and mount crossings, against real host directories.
final class VFSResolverTests: XCTestCase {
    private var fx: VFSFixture!

    override func setUpWithError() throws { fx = try VFSFixture() }
    override func tearDown() { fx = nil }

    private func resolve(_ path: String, cwd: String = "/", follow: Bool = true) throws(LinuxErrno) -> Resolved {
        try fx.resolver.resolve(path, cwd: cwd, followFinalSymlink: follow)
    }

    private func assertSynthetic(_ r: Resolved, _ guestPath: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.guestPathString, guestPath, file: file, line: line)
        guard case .synthetic(let node) = r.location else {
            return XCTFail("\(guestPath): expected the synthetic tree, got \(r.location)", file: file, line: line)
        }
        XCTAssertEqual(node.guestPath, guestPath, file: file, line: line)
    }

    /// The name does not exist in the guest: resolve reports a create target at `guestPath` (never
    /// a host path outside the zones) and open gives ENOENT.
    private func assertAbsent(_ path: String, _ guestPath: String, cwd: String = "/",
                              file: StaticString = #filePath, line: UInt = #line) {
        do {
            let r = try resolve(path, cwd: cwd)
            XCTAssertEqual(r.kind, .missing, file: file, line: line)
            XCTAssertEqual(r.guestPathString, guestPath, file: file, line: line)
        } catch {
            XCTFail("\(path): \(error)", file: file, line: line)
        }
        assertErrno(.ENOENT, path, file: file, line: line) { () throws(LinuxErrno) in
            try fx.resolver.open(path, cwd: cwd, flags: O_RDONLY)
        }
    }

    private func assertHost(_ r: Resolved, zone guestZone: String, relative: String, kind: FileKind,
                            file: StaticString = #filePath, line: UInt = #line) {
        guard case .host(let zone, let rel) = r.location else {
            return XCTFail("expected a host location, got \(r.location)", file: file, line: line)
        }
        XCTAssertEqual(zone.guestPath, guestZone, file: file, line: line)
        XCTAssertEqual(String(decoding: rel, as: UTF8.self), relative, file: file, line: line)
        XCTAssertEqual(r.kind, kind, file: file, line: line)
    }

    // MARK: Mount table

    func testLongestPrefixMatch() throws {
        let table = fx.table
        XCTAssertEqual(table.mount(for: "/home/sandbox/out/a/b")?.node.guestPath, "/home/sandbox/out")
        XCTAssertEqual(table.mount(for: "/home/sandbox/outer")?.node.guestPath, "/home/sandbox")
        XCTAssertEqual(table.mount(for: "/home/sandbox/outer")?.remainder.map { String(decoding: $0, as: UTF8.self) }, ["outer"])
        XCTAssertEqual(table.mount(for: "/etc/passwd")?.node.guestPath, "/etc/passwd")
        XCTAssertNil(table.mount(for: "/home"))
        XCTAssertNil(table.mount(for: "/etc/shadow"))
        XCTAssertEqual(table.root.childNames, ["data", "dev", "etc", "home", "sys", "tmp", "usr"])
        XCTAssertTrue(table.zones.first { $0.guestPath == "/usr" }!.isReadOnly)
        XCTAssertFalse(table.zones.first { $0.guestPath == "/home/sandbox/out" }!.isReadOnly)
    }

    // MARK: `..`

    func testDotDotNeverLeavesTheGuestRoot() throws {
        assertSynthetic(try resolve("/.."), "/")
        assertSynthetic(try resolve("/../../../../.."), "/")
        assertSynthetic(try resolve("/tmp/../../../../../.."), "/")
        assertSynthetic(try resolve("../../../../..", cwd: "/home/sandbox"), "/")
        // The host's /etc/shadow is never what `..` chains reach: the guest's /etc has no shadow.
        assertAbsent("/tmp/../../../../etc/shadow", "/etc/shadow")
        assertAbsent("../../../../../../../etc/shadow", "/etc/shadow", cwd: "/home/sandbox")
        assertSynthetic(try resolve("/usr/bin/../../../../etc/passwd"), "/etc/passwd")
        try fx.mkdir(fx.tmp + "/a/b/c")
        assertHost(try resolve("/tmp/a/b/c/../../../../tmp/a/./b"), zone: "/tmp", relative: "a/b", kind: .directory)
        assertHost(try resolve("/tmp/a/b/c/../../.."), zone: "/tmp", relative: ".", kind: .directory)
        assertSynthetic(try resolve("/tmp/a/b/c/../../../.."), "/")
        // A directory zone's host root has a parent on the host (the fixture root): `..` never reaches
        // it, so the host's sibling "outside" is not visible as /outside.
        assertErrno(.ENOENT) { () throws(LinuxErrno) in try resolve("/tmp/../outside/secret") }
        assertAbsent("/tmp/../outside", "/outside")
    }

    func testCrossZoneDotDot() throws {
        // /home is the synthetic directory holding the mount point, not the host's /home.
        let home = try resolve("/home/sandbox/..")
        assertSynthetic(home, "/home")
        if case .synthetic(let node) = home.location { XCTAssertEqual(node.childNames, ["sandbox"]) }
        assertAbsent("/home/sandbox/../\(NSUserName())", "/home/\(NSUserName())")
        // From a nested output zone back into the enclosing scratch zone, and back down.
        try fx.write("x", fx.home + "/f")
        try fx.write("y", fx.output + "/g")
        assertHost(try resolve("/home/sandbox/out/.."), zone: "/home/sandbox", relative: ".", kind: .directory)
        assertHost(try resolve("/home/sandbox/out/../f"), zone: "/home/sandbox", relative: "f", kind: .regular)
        assertHost(try resolve("/home/sandbox/out/../out/g"), zone: "/home/sandbox/out", relative: "g", kind: .regular)
        // The mount shadows whatever the scratch zone has under the same name.
        try fx.mkdir(fx.home + "/out")
        try fx.write("shadowed", fx.home + "/out/g2")
        assertAbsent("/home/sandbox/out/g2", "/home/sandbox/out/g2")
        // Relative resolution from a cwd inside the nested zone.
        assertHost(try resolve("../f", cwd: "/home/sandbox/out"), zone: "/home/sandbox", relative: "f", kind: .regular)
        assertHost(try resolve("g", cwd: "/home/sandbox/out"), zone: "/home/sandbox/out", relative: "g", kind: .regular)
    }

    // MARK: Symlinks planted by the guest

    func testPlantedSymlinksStayInsideTheGuestNamespace() throws {
        try fx.symlink(fx.tmp + "/abs_shadow", to: "/etc/shadow")
        try fx.symlink(fx.tmp + "/rel_shadow", to: "../../../../../../../../../etc/shadow")
        try fx.symlink(fx.tmp + "/proc_root", to: "/proc/self/root")
        try fx.symlink(fx.tmp + "/proc_root_passwd", to: "/proc/self/root/etc/passwd")
        try fx.symlink(fx.tmp + "/dots", to: "../../..")
        try fx.symlink(fx.tmp + "/slash", to: "/")
        try fx.symlink(fx.tmp + "/passwd", to: "/etc/passwd")
        try fx.symlink(fx.tmp + "/host_outside", to: fx.outside)
        try fx.symlink(fx.tmp + "/host_outside_file", to: fx.outside + "/secret")

        assertAbsent("/tmp/abs_shadow", "/etc/shadow")
        assertAbsent("/tmp/rel_shadow", "/etc/shadow")
        assertErrno(.ENOENT) { () throws(LinuxErrno) in try resolve("/tmp/proc_root") }
        assertErrno(.ENOENT) { () throws(LinuxErrno) in try resolve("/tmp/proc_root_passwd") }
        assertErrno(.ENOENT) { () throws(LinuxErrno) in try resolve("/tmp/host_outside/secret") }
        assertErrno(.ENOENT) { () throws(LinuxErrno) in try resolve("/tmp/host_outside_file") }
        assertErrno(.ENOENT) { () throws(LinuxErrno) in try resolve("/tmp/host_outside") }
        assertErrno(.ENOENT) { () throws(LinuxErrno) in try fx.resolver.open("/tmp/host_outside_file", flags: O_RDONLY) }
        assertErrno(.ENOENT) { () throws(LinuxErrno) in try fx.resolver.open("/tmp/host_outside/etc/passwd", flags: O_RDONLY) }
        assertSynthetic(try resolve("/tmp/dots"), "/")
        assertSynthetic(try resolve("/tmp/slash"), "/")
        assertSynthetic(try resolve("/tmp/dots/tmp/dots/home"), "/home")
        assertSynthetic(try resolve("/tmp/passwd"), "/etc/passwd")
        assertHost(try resolve("/tmp/slash/usr/bin/tool"), zone: "/usr", relative: "bin/tool", kind: .regular)
        assertHost(try resolve("/tmp/abs_shadow", follow: false), zone: "/tmp", relative: "abs_shadow", kind: .symlink)

        // Opening through the links gives the guest's files, never the host's.
        if let (_, r) = openedIdentity(fx.resolver, "/tmp/passwd") { assertSynthetic(r, "/etc/passwd") }
        if let (id, _) = openedIdentity(fx.resolver, "/tmp/dots/usr/bin/tool") {
            XCTAssertEqual(id, Identity(path: fx.usr + "/bin/tool"))
        }
    }

    func testRelativeSymlinksResolveAgainstTheLinkDirectory() throws {
        try fx.mkdir(fx.tmp + "/d/e")
        try fx.write("f", fx.tmp + "/d/f")
        try fx.symlink(fx.tmp + "/d/e/up", to: "../f")
        try fx.symlink(fx.tmp + "/d/e/chain", to: "up")
        try fx.symlink(fx.tmp + "/d/e/todir", to: "..")
        assertHost(try resolve("/tmp/d/e/up"), zone: "/tmp", relative: "d/f", kind: .regular)
        assertHost(try resolve("/tmp/d/e/chain"), zone: "/tmp", relative: "d/f", kind: .regular)
        assertHost(try resolve("/tmp/d/e/todir/e/todir/f"), zone: "/tmp", relative: "d/f", kind: .regular)
        // `..` after a symlink applies to the link's target, not to the link's directory.
        assertHost(try resolve("/tmp/d/e/todir/.."), zone: "/tmp", relative: ".", kind: .directory)
        // A symlink in a synthetic directory (/dev/fd -> /proc/self/fd): /proc is not mounted here.
        assertErrno(.ENOENT) { () throws(LinuxErrno) in try resolve("/dev/fd/0") }
        assertSynthetic(try resolve("/dev/fd", follow: false), "/dev/fd")
    }

    // MARK: Limits

    func testSymlinkLoopsAndTheFortyLinkLimit() throws {
        try fx.symlink(fx.tmp + "/self", to: "self")
        try fx.symlink(fx.tmp + "/a", to: "b")
        try fx.symlink(fx.tmp + "/b", to: "/tmp/a")
        assertErrno(.ELOOP) { () throws(LinuxErrno) in try resolve("/tmp/self") }
        assertErrno(.ELOOP) { () throws(LinuxErrno) in try resolve("/tmp/a") }
        assertErrno(.ELOOP) { () throws(LinuxErrno) in try resolve("/tmp/a/x") }
        assertHost(try resolve("/tmp/a", follow: false), zone: "/tmp", relative: "a", kind: .symlink)
        assertErrno(.ELOOP) { () throws(LinuxErrno) in try fx.resolver.open("/tmp/self", flags: O_RDONLY | O_NOFOLLOW) }

        // Chains of exactly 40 and 41 links, compared with the host kernel on the same tree.
        for (count, expected) in [(40, nil), (41, LinuxErrno.ELOOP)] {
            let dir = fx.tmp + "/chain\(count)"
            try fx.mkdir(dir)
            try fx.write("end", dir + "/l\(count)")
            for i in 0..<count { try fx.symlink(dir + "/l\(i)", to: "l\(i + 1)") }
            let native = open(dir + "/l0", O_RDONLY)
            let nativeErrno = native < 0 ? errno : 0
            if native >= 0 { close(native) }
            if let expected {
                XCTAssertEqual(nativeErrno, expected.rawValue, "host kernel, \(count) links")
                assertErrno(expected, "\(count) links") { () throws(LinuxErrno) in try resolve("/tmp/chain\(count)/l0") }
            } else {
                XCTAssertEqual(nativeErrno, 0, "host kernel, \(count) links")
                assertHost(try resolve("/tmp/chain\(count)/l0"), zone: "/tmp", relative: "chain\(count)/l\(count)", kind: .regular)
            }
        }
    }

    func testNameTooLong() throws {
        let long255 = String(repeating: "n", count: 255)
        let long256 = String(repeating: "n", count: 256)
        assertAbsent("/tmp/" + long255, "/tmp/" + long255)
        assertErrno(.ENAMETOOLONG) { () throws(LinuxErrno) in try resolve("/tmp/" + long256) }
        assertErrno(.ENAMETOOLONG) { () throws(LinuxErrno) in try resolve("/" + long256) }
        assertErrno(.ENAMETOOLONG) { () throws(LinuxErrno) in try resolve("/tmp/" + long256 + "/x") }
        // PATH_MAX counts the NUL: 4095 bytes resolve, 4096 are too long.
        let slashes = String(repeating: "/", count: 4095 - 4)
        XCTAssertEqual((slashes + "/tmp").utf8.count, 4095)
        assertHost(try resolve(slashes + "/tmp"), zone: "/tmp", relative: ".", kind: .directory)
        assertErrno(.ENAMETOOLONG) { () throws(LinuxErrno) in try resolve(slashes + "//tmp") }
        assertErrno(.ENAMETOOLONG) { () throws(LinuxErrno) in try resolve(String(repeating: "a/", count: 2048)) }
        assertErrno(.ENOENT) { () throws(LinuxErrno) in try resolve("") }
    }

    // MARK: Trailing slashes and ENOTDIR

    func testTrailingSlashAndNotADirectory() throws {
        try fx.mkdir(fx.tmp + "/dir")
        try fx.write("f", fx.tmp + "/file")
        try fx.symlink(fx.tmp + "/lf", to: "file")
        try fx.symlink(fx.tmp + "/ld", to: "dir")
        assertErrno(.ENOTDIR) { () throws(LinuxErrno) in try resolve("/tmp/file/") }
        assertErrno(.ENOTDIR) { () throws(LinuxErrno) in try resolve("/tmp/file/.") }
        assertErrno(.ENOTDIR) { () throws(LinuxErrno) in try resolve("/tmp/file/..") }
        assertErrno(.ENOTDIR) { () throws(LinuxErrno) in try resolve("/tmp/file/x") }
        assertErrno(.ENOTDIR) { () throws(LinuxErrno) in try resolve("/tmp/lf/") }
        assertErrno(.ENOTDIR) { () throws(LinuxErrno) in try resolve("/etc/passwd/") }
        assertErrno(.ENOTDIR) { () throws(LinuxErrno) in try resolve("/dev/null/x") }
        assertHost(try resolve("/tmp/dir/"), zone: "/tmp", relative: "dir", kind: .directory)
        // A trailing slash follows the final symlink even with AT_SYMLINK_NOFOLLOW.
        assertHost(try resolve("/tmp/ld/", follow: false), zone: "/tmp", relative: "dir", kind: .directory)
        let missing = try resolve("/tmp/new/")
        XCTAssertEqual(missing.kind, .missing)
        XCTAssertTrue(missing.trailingSlash)
        assertErrno(.ENOENT) { () throws(LinuxErrno) in try resolve("/tmp/missing/x") }
        assertErrno(.EISDIR) { () throws(LinuxErrno) in try fx.resolver.open("/tmp/new/", flags: O_CREAT | O_WRONLY, mode: 0o644) }
    }
}
