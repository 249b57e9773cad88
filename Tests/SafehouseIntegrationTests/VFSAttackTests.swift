import Foundation
import XCTest

/// Attack tests for the guest's filesystem view. They hold whoever resolves paths — the kernel
/// inside the policy-shaped mount namespace today, the Swift VFS (`Docs/fd-model.md`) tomorrow.
///
/// Every test builds a fresh host fixture outside every zone:
///
///     /var/tmp/safehouse-canary-XXXX/          (host only, never mapped)
///         secret                               the canary: random content, mode 0600, old mtime
///         in/   → guest /data    (input)       in.txt, sub/deep, host-planted symlinks
///         out/  → guest /results (output)      sub/deep, host-planted symlinks
///
/// so the secret sits right next to both zone directories on the host: one `..` too many on the
/// host side, or a symlink followed on the host's terms, lands on it. The guest programs
/// (`Tests/GuestPrograms/vfs_*.c`) print one line per attempt, `name: ok|ERRNAME|LEAK`, and each
/// test asserts the exact lines (a few allow a documented alternative, written `A|B`), that the
/// canary's content (and the host's /etc/shadow) never shows up in the guest's output, and that
/// the host is unchanged: the fixture, the system files the guest attacked, and no `vfs-attack-*`
/// name anywhere on the host outside the output zone.
final class VFSAttackTests: XCTestCase {
    /// A system-zone file the write attacks aim at: harmless if a regression ever let them through.
    static let systemFile = "/usr/share/common-licenses/Apache-2.0"
    static let systemDir = "/usr/share/common-licenses"

    // MARK: 1. Absolute paths outside the zones

    func testAbsolutePathsOutsideZonesAreNotVisible() throws {
        try escape("abs", expect: """
            abs-canary-secret: ENOENT
            abs-canary-dir: ENOENT
            abs-canary-path: ENOENT
            stat-canary-secret: ENOENT
            stat-var-tmp: ENOENT
            etc-shadow: ENOENT
            root-dir: ENOENT
            root-bashrc: ENOENT
            home-listing: ok
            proc1-root-shadow: ENOENT|EACCES
            proc1-root-canary: ENOENT|EACCES
            proc-self-root-dotdot-shadow: ENOENT
            proc-self-root-dotdot-canary: ENOENT
            """)
    }

    // MARK: 2. `..` chains

    func testDotDotChainsNeverLeaveTheGuestView() throws {
        try escape("dotdot", expect: """
            tmp-dotdot-canary: ENOENT
            tmp-dotdot-shadow: ENOENT
            chdir-home: ok
            cwd-home-50-dotdot-canary: ENOENT
            cwd-home-50-dotdot-shadow: ENOENT
            cwd-home-50-dotdot-root: ENOENT
            input-dotdot-sibling: ENOENT
            input-dotdot2-canary: ENOENT
            input-dotdot-abs: ENOENT
            output-dotdot-sibling: ENOENT
            output-dotdot2-canary: ENOENT
            output-dotdot-abs: ENOENT
            output-dotdot-sibling-creat: EROFS
            input-dirfd-dotdot-sibling: ENOENT
            input-dirfd-dotdot2-canary: ENOENT
            output-dirfd-dotdot-sibling: ENOENT
            output-dirfd-dotdot2-canary: ENOENT
            output-dirfd-50-dotdot-canary: ENOENT
            chdir-output: ok
            cwd-output-dotdot-sibling: ENOENT
            cwd-output-dotdot2-canary: ENOENT
            cwd-output-dotdot-listing: ok
            output-dirfd-dotdot-listing: ok
            input-dirfd-dotdot-listing: ok
            """)
    }

    // MARK: 3. Symlinks (guest-planted in scratch, host-planted in the zones) and hard links

    func testSymlinksResolveInTheGuestViewAndLinksDoNotCrossZones() throws {
        try escape("symlink", expect: """
            plant-abs: ok
            scratch-abs-link: ENOENT
            plant-rel: ok
            scratch-rel-link: ENOENT
            plant-home-rel: ok
            home-rel-link: ENOENT
            plant-chain: ok
            scratch-chain: ENOENT
            plant-slash: ok
            slash-dotdot-canary: ENOENT
            slash-shadow: ENOENT
            slash-dotdot-listing: ok
            plant-via-output: ok
            via-output-sibling: ENOENT
            plant-via-output2: ok
            via-output2-canary: ENOENT
            plant-loop: ok
            loop: ELOOP
            host-planted-output-abs: ENOENT
            host-planted-output-abs-creat: ENOENT
            host-planted-output-parent: ENOENT
            host-planted-output-parent-listing: ok
            host-planted-output-sibling: ENOENT
            host-planted-output-sibling-trunc: EROFS
            host-planted-output-shadow: ENOENT
            host-planted-output-abs-dirfd: ENOENT
            host-planted-output-sibling-dirfd: ENOENT
            host-planted-output-sibling-chmod: ENOENT
            host-planted-output-sibling-truncate: ENOENT
            host-planted-output-sibling-stat: ENOENT
            host-planted-input-abs: ENOENT
            host-planted-input-sibling: ENOENT
            link-system-to-scratch: EXDEV
            link-input-to-output: EXDEV
            linkat-input-procfd-to-output: EXDEV
            linkat-input-emptypath-to-output: EXDEV|ENOENT
            rename-input-to-output: EXDEV|EROFS
            """)
    }

    // MARK: 4. /proc magic links

    func testProcMagicLinksStayInTheGuestView() throws {
        try escape("proc", expect: """
            proc-self-root-canary: ENOENT
            proc-self-root-dotdot-canary: ENOENT
            proc-thread-self-root-canary: ENOENT
            proc-self-cwd-dotdot-canary: ENOENT
            chdir-output: ok
            proc-self-cwd-output-sibling: ENOENT
            proc-self-cwd-output-dotdot2: ENOENT
            proc1-root-canary: ENOENT|EACCES
            proc1-root-dotdot-canary: ENOENT|EACCES
            proc1-cwd-dotdot-canary: ENOENT|EACCES
            proc1-root-listing: ok|ENOENT|EACCES
            proc-fd-output-dotdot-sibling: ENOENT
            proc-fd-output-dotdot2-canary: ENOENT
            proc-fd-tmp-dotdot-canary: ENOENT
            proc-fd-output-dotdot-listing: ok
            proc-fd-tmp-dotdot-listing: ok
            procfd-self-root-canary: ENOENT
            procfd-self-root-dotdot-canary: ENOENT
            """)
    }

    /// pid 1 of the sandbox is the launcher: a host binary, with the invoker's environment, running
    /// without the seccomp filter. Through /proc/1 the guest must reach none of it — not its
    /// executable (a host file outside every zone), not its environment (the host's), and above
    /// all not its memory: writing an unfiltered process's memory is a way out of the filter.
    func testInitProcessIsOutOfReachThroughProc() throws {
        try escape("init", expect: """
            proc1-exe: ENOENT|EACCES|EPERM
            proc1-mem-rdonly: ENOENT|EACCES|EPERM
            proc1-mem-rdwr: ENOENT|EACCES|EPERM|EROFS
            proc1-environ: ENOENT|EACCES|EPERM
            proc1-map_files: ENOENT|EACCES|EPERM|empty
            """, forbidden: Self.hostEnvironmentMarkers())
    }

    // MARK: 5. File handles

    func testFileHandleSyscallsAreDenied() throws {
        try escape("handles", expect: """
            name_to_handle_at /: EPERM
            name_to_handle_at /tmp: EPERM
            name_to_handle_at /data: EPERM
            name_to_handle_at /results: EPERM
            name_to_handle_at /data/in.txt: EPERM
            name_to_handle_at /usr: EPERM
            open_by_handle_at output-root-inode: EPERM
            open_by_handle_at cwd-root-inode: EPERM
            open_by_handle_at output-opath: EPERM
            """)
    }

    // MARK: 6. `..` from every kind of directory descriptor

    func testDotDotFromEveryDirectoryDescriptorStaysInTheGuestView() throws {
        let dirs = ["/", "/tmp", "/tmp/vfs-attack-sub/deeper", "/home/sandbox", "/data", "/data/sub", "/data/sub/deep",
                    "/results", "/results/sub", "/results/sub/deep", "/proc", "/proc/self", "/proc/self/root",
                    "/proc/self/cwd", "/dev", "/etc", "/etc/ssl", "/etc/python3", "/usr",
                    Self.systemDir, "/t"]
        var expected: [String] = []
        for dir in dirs {
            for kind in ["rdonly", "path"] { expected += ["dotdot \(dir) \(kind): ok", "fchdir-up \(dir) \(kind): ok"] }
        }
        try attack("vfs_dotdot", arguments: { fx in [fx.name] + dirs }, expect: expected.joined(separator: "\n"))
    }

    // MARK: 7. Rename race

    func testRenameRaceNeverReachesTheCanary() throws {
        let start = Date()
        try attack("vfs_race", arguments: { fx in ["rename", fx.root.path, "/results", "30000"] }, expect: """
            rename-race /tmp: ok
            rename-race /tmp raced: yes
            rename-race /results: ok
            rename-race /results raced: yes
            rename-race /results dirfd: ok
            rename-race /results dirfd raced: yes
            """, outputMayGain: ["vfs-attack-a", "vfs-attack-c"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 40)
    }

    // MARK: 8. Flipping path buffer

    func testFlippingPathBufferNeverReadsTheCanary() throws {
        let start = Date()
        try attack("vfs_race", arguments: { fx in ["flip", fx.root.path, "/results", "100000"] }, expect: """
            flip tmp: ok
            flip tmp successes>0: yes
            flip tmp failures>0: yes
            flip output: ok
            flip output successes>0: yes
            flip output failures>0: yes
            """, outputMayGain: ["vfs-attack-ok"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
    }

    // MARK: 9. Read-only zones

    func testReadOnlyZonesRefuseEveryWrite() throws {
        let zones = [("input", "/data/in.txt", "/data/sub"),
                     ("usr", Self.systemFile, Self.systemDir),
                     ("etc", "/etc/passwd", "/etc"),
                     ("etc-bind", "/etc/python3/debian_config", "/etc/python3")]
        var expected: [String] = []
        for (label, _, _) in zones {
            expected += """
                open-wronly: EROFS
                open-rdwr: EROFS
                open-append: EROFS
                open-rdonly-trunc: EROFS
                open-creat-new: EROFS
                open-creat-excl-rdonly: EROFS
                open-tmpfile: EROFS
                creat: EROFS
                unlink: EROFS
                rmdir: EROFS
                rename-within: EROFS
                rename-from-scratch-new: EXDEV|EROFS
                rename-from-scratch-over: EXDEV|EROFS
                link-from-scratch: EROFS|EXDEV
                link-within: EROFS
                mkdir: EROFS
                mkfifo: EROFS
                symlink: EROFS
                chmod: EROFS
                chmod-dir: EROFS
                chown: EROFS
                utimes: EROFS
                utimensat-now: EROFS
                truncate: EROFS
                setxattr: EROFS
                removexattr: EROFS
                write-rdonly-fd: EBADF
                fchmod: EROFS
                fchown: EROFS
                futimens: EROFS
                fsetxattr: EROFS
                ftruncate: EINVAL|EROFS
                fallocate: EBADF|EROFS
                mmap-shared-write: EACCES
                openat-dirfd-creat: EROFS
                mkdirat-dirfd: EROFS
                fchmod-dirfd: EROFS
                """.split(separator: "\n").map { "\(label) \($0)" }
        }
        try attack("vfs_readonly", arguments: { _ in zones.flatMap { [$0.0, $0.1, $0.2] } }, expect: expected.joined(separator: "\n"))
    }

    // MARK: 10. The output zone

    func testOutputZoneWritesLandOnHostButItsSymlinksResolveInTheGuestView() throws {
        let fx = try Fixture()
        defer { fx.remove() }
        let before = try fx.hostState()
        let result = try Harness.program("vfs_output", [fx.root.path, "/results"], options: fx.options)
        XCTAssertEqual(result.status, 0, result.stderr)
        assertLines(result, """
            create-file: ok
            mkdir: ok
            symlink vfs-attack-shadow: ok
            readlink vfs-attack-shadow: ok
            symlink vfs-attack-canary: ok
            readlink vfs-attack-canary: ok
            symlink vfs-attack-sibling: ok
            readlink vfs-attack-sibling: ok
            symlink vfs-attack-dotdot: ok
            readlink vfs-attack-dotdot: ok
            read-shadow-link: ENOENT
            read-canary-link: ENOENT
            read-sibling-link: ENOENT
            read-dotdot-link-secret: ENOENT
            read-sibling-link-dirfd: ENOENT
            read-shadow-link-dirfd: ENOENT
            write-shadow-link: EROFS
            write-canary-link: ENOENT
            write-sibling-link: EROFS
            write-sibling-link-append: ENOENT
            write-dotdot-link-secret: EROFS
            stat-sibling-link: ENOENT
            chmod-sibling-link: ENOENT
            chmod-canary-link: ENOENT
            chown-sibling-link: ENOENT
            utimes-sibling-link: ENOENT
            truncate-sibling-link: ENOENT
            truncate-canary-link: ENOENT
            setxattr-sibling-link: ENOENT
            link-follow-sibling-link: ENOENT
            rename-through-dotdot-link: EXDEV
            read-back-created: ok
            """)
        fx.assertNoLeak(result)
        // What the guest made is on the host, and its symlinks are plain symlinks there.
        let out = fx.root.appendingPathComponent("out").path
        XCTAssertEqual(try String(contentsOfFile: out + "/vfs-attack-created", encoding: .utf8), "created-by-guest\n")
        var isDir: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/vfs-attack-dir", isDirectory: &isDir) && isDir.boolValue)
        for (name, target) in [("vfs-attack-shadow", "/etc/shadow"), ("vfs-attack-canary", fx.secretPath),
                               ("vfs-attack-sibling", "../secret"), ("vfs-attack-dotdot", "..")] {
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: "\(out)/\(name)"), target, name)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/vfs-attack-hardlink"))
        // Everything else — the secret above all — is as it was.
        var after = try fx.hostState()
        for name in ["vfs-attack-created", "vfs-attack-dir", "vfs-attack-shadow", "vfs-attack-canary",
                     "vfs-attack-sibling", "vfs-attack-dotdot"] {
            XCTAssertNotNil(after.removeValue(forKey: "\(fx.root.path)/out/\(name)"), name)
        }
        after.removeValue(forKey: "\(fx.root.path)/out")   // its mtime moved: entries were added
        var expected = before
        expected.removeValue(forKey: "\(fx.root.path)/out")
        assertSameHostState(expected, after)
        fx.assertNoMarkers(excludingOutput: true)
    }

    // MARK: - Fixture

    /// The host side of one test: the canary directory with the two zone directories inside it.
    struct Fixture {
        let root: URL
        let secretContent: String
        var name: String { root.lastPathComponent }
        var secretPath: String { root.appendingPathComponent("secret").path }
        var options: [String] {
            ["--input", root.appendingPathComponent("in").path + ":/data",
             "--output", root.appendingPathComponent("out").path + ":/results"]
        }

        init() throws {
            let fm = FileManager.default
            root = URL(fileURLWithPath: "/var/tmp/safehouse-canary-\(UUID().uuidString.prefix(8).lowercased())")
            secretContent = "SAFEHOUSE-CANARY-\(UUID().uuidString)"
            let input = root.appendingPathComponent("in"), output = root.appendingPathComponent("out")
            try fm.createDirectory(at: input.appendingPathComponent("sub/deep"), withIntermediateDirectories: true)
            try fm.createDirectory(at: output.appendingPathComponent("sub/deep"), withIntermediateDirectories: true)
            try (secretContent + "\n").write(toFile: secretPath, atomically: false, encoding: .utf8)
            chmod(secretPath, 0o600)
            try "input data\n".write(to: input.appendingPathComponent("in.txt"), atomically: false, encoding: .utf8)
            // Symlinks planted by the host inside the host-backed zones.
            try fm.createSymbolicLink(atPath: output.appendingPathComponent("vfs-host-abs").path, withDestinationPath: root.path)
            try fm.createSymbolicLink(atPath: output.appendingPathComponent("vfs-host-parent").path, withDestinationPath: "..")
            try fm.createSymbolicLink(atPath: output.appendingPathComponent("vfs-host-sibling").path, withDestinationPath: "../secret")
            try fm.createSymbolicLink(atPath: output.appendingPathComponent("vfs-host-shadow").path, withDestinationPath: "/etc/shadow")
            try fm.createSymbolicLink(atPath: input.appendingPathComponent("vfs-host-abs").path, withDestinationPath: root.path)
            try fm.createSymbolicLink(atPath: input.appendingPathComponent("vfs-host-sibling").path, withDestinationPath: "../secret")
            // Old timestamps, so that any touch shows.
            let old = [timeval(tv_sec: 1_000_000_000, tv_usec: 0), timeval(tv_sec: 1_000_000_000, tv_usec: 0)]
            for path in [secretPath, input.appendingPathComponent("in.txt").path, input.appendingPathComponent("sub").path] {
                _ = old.withUnsafeBufferPointer { utimes(path, $0.baseAddress) }
            }
        }

        func remove() { try? FileManager.default.removeItem(at: root) }

        /// Every host object the attacks aim at, by path.
        func hostState() throws -> [String: String] {
            var state: [String: String] = [:]
            for tree in [root.path, VFSAttackTests.systemDir, "/etc/python3"] {
                state.merge(try VFSAttackTests.snapshotTree(tree)) { a, _ in a }
            }
            for path in ["/etc/shadow", "/etc/passwd", "/etc/hostname"] { state[path] = try VFSAttackTests.snapshot(path) }
            return state
        }

        /// The canary's content and the host's /etc/shadow never reach the guest's output.
        func assertNoLeak(_ result: Harness.Result, file: StaticString = #filePath, line: UInt = #line) {
            let output = result.stdout + result.stderr
            XCTAssertFalse(output.contains(secretContent), "canary content leaked:\n\(result.stdout)", file: file, line: line)
            let shadow = (try? String(contentsOfFile: "/etc/shadow", encoding: .utf8)) ?? ""
            for entry in shadow.split(separator: "\n") where entry.count > 8 {
                XCTAssertFalse(output.contains(entry), "host /etc/shadow leaked", file: file, line: line)
            }
        }

        /// No name the guest tried to create exists anywhere on the host outside the output zone.
        func assertNoMarkers(excludingOutput: Bool, file: StaticString = #filePath, line: UInt = #line) {
            var dirs = ["/", "/tmp", "/var/tmp", "/root", "/home", "/etc", "/etc/python3", "/usr/share/common-licenses",
                        "/dev/shm", Harness.programs, root.path]
            dirs += (try? VFSAttackTests.snapshotTree(root.appendingPathComponent("in").path).keys.map { $0 }) ?? []
            if !excludingOutput {
                dirs += (try? VFSAttackTests.snapshotTree(root.appendingPathComponent("out").path).keys.map { $0 }) ?? []
            }
            for dir in dirs {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
                let markers = names.filter { $0.hasPrefix("vfs-attack-") }
                XCTAssertEqual(markers, [], "guest-made names on the host in \(dir)", file: file, line: line)
            }
        }
    }

    /// One line describing what an attack could change: type, mode, owner, links, size, mtime,
    /// ctime, xattrs, and the content or link target.
    static func snapshot(_ path: String) throws -> String {
        var st = stat()
        guard lstat(path, &st) == 0 else { return "absent" }
        var line = "mode=\(String(st.st_mode, radix: 8)) uid=\(st.st_uid) gid=\(st.st_gid) nlink=\(st.st_nlink) "
            + "size=\(st.st_size) mtime=\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) ctime=\(st.st_ctim.tv_sec).\(st.st_ctim.tv_nsec)"
        var names = [CChar](repeating: 0, count: 4096)
        let n = Self.llistxattr.map { $0(path, &names, names.count) } ?? 0
        if n > 0 {
            line += " xattrs=" + names[..<n].split(separator: 0).map { String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
                .joined(separator: ",")
        }
        switch st.st_mode & S_IFMT {
        case S_IFLNK: line += " -> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
        case S_IFREG:
            let data = FileManager.default.contents(atPath: path) ?? Data()
            line += " content=\(data.count < 65536 ? data.base64EncodedString() : String(data.hashValue))"
        case S_IFDIR:
            line += " entries=" + ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().joined(separator: ",")
        default: break
        }
        return line
    }

    /// glibc's llistxattr (sys/xattr.h is not in the Glibc module).
    static let llistxattr: (@convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<CChar>, Int) -> Int)? = {
        guard let symbol = dlsym(nil, "llistxattr") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<CChar>, Int) -> Int).self)
    }()

    /// `snapshot` of every object beneath PATH (not following symlinks), keyed by host path.
    static func snapshotTree(_ path: String) throws -> [String: String] {
        var state = [path: try snapshot(path)]
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return state }
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            state.merge(try snapshotTree(path + "/" + name)) { a, _ in a }
        }
        return state
    }

    /// Names and values of the host environment the guest must never see (init's environment is
    /// the invoker's): long, distinctive values only.
    static func hostEnvironmentMarkers() -> [String] {
        ProcessInfo.processInfo.environment.compactMap { name, value in
            value.count >= 12 && !["PATH", "HOME", "SHELL", "TERM", "LANG"].contains(name) ? "\(name)=\(value)" : nil
        }
    }

    // MARK: - Running and checking

    /// `vfs_escape MODE CANARY_DIR /data /results SYSTEM_FILE`
    private func escape(_ mode: String, expect: String, forbidden: [String] = [],
                        file: StaticString = #filePath, line: UInt = #line) throws {
        try attack("vfs_escape", arguments: { fx in [mode, fx.root.path, "/data", "/results", Self.systemFile] },
                   expect: expect, forbidden: forbidden, file: file, line: line)
    }

    /// Runs PROGRAM against a fresh fixture (zones: input /data, output /results; the programs
    /// at /t), asserts the exact lines and that nothing leaked or changed on the host. Only
    /// OUTPUT_MAY_GAIN names may appear, and only in the output zone.
    private func attack(_ program: String, arguments: (Fixture) -> [String], expect: String, forbidden: [String] = [],
                        outputMayGain: Set<String> = [], file: StaticString = #filePath, line: UInt = #line) throws {
        let fx = try Fixture()
        defer { fx.remove() }
        let before = try fx.hostState()
        let result = try Harness.program(program, arguments(fx), options: fx.options)
        XCTAssertEqual(result.status, 0, "exit status; stderr: \(result.stderr)", file: file, line: line)
        assertLines(result, expect, file: file, line: line)
        fx.assertNoLeak(result, file: file, line: line)
        for marker in forbidden {
            XCTAssertFalse((result.stdout + result.stderr).contains(marker), "host environment leaked: \(marker.prefix(20))…",
                           file: file, line: line)
        }
        var after = try fx.hostState()
        var expected = before
        if !outputMayGain.isEmpty {
            // Races write only their own names into the output zone.
            let out = fx.root.path + "/out"
            for key in after.keys where key.hasPrefix(out + "/") {
                let first = key.dropFirst(out.count + 1).split(separator: "/").first.map(String.init) ?? ""
                if outputMayGain.contains(first) { after.removeValue(forKey: key) }
            }
            after.removeValue(forKey: out)
            expected.removeValue(forKey: out)
        }
        assertSameHostState(expected, after, file: file, line: line)
        fx.assertNoMarkers(excludingOutput: !outputMayGain.isEmpty, file: file, line: line)
    }

    /// Exact lines; an expected `name: A|B` accepts either result.
    private func assertLines(_ result: Harness.Result, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let actual = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
        let wanted = expected.split(separator: "\n").map(String.init)
        var mismatches: [String] = []
        for index in 0..<max(actual.count, wanted.count) {
            let got = index < actual.count ? actual[actual.startIndex + index] : "(missing)"
            let want = index < wanted.count ? wanted[index] : "(nothing)"
            if !Self.matches(got, want) { mismatches.append("  line \(index + 1): got \"\(got)\", want \"\(want)\"") }
        }
        XCTAssertTrue(mismatches.isEmpty, "guest output differs:\n" + mismatches.prefix(40).joined(separator: "\n")
                      + "\n--- stdout:\n\(result.stdout)--- stderr:\n\(result.stderr)", file: file, line: line)
    }

    private static func matches(_ got: String, _ want: String) -> Bool {
        guard let colon = want.range(of: ": ", options: .backwards), want[colon.upperBound...].contains("|") else { return got == want }
        let name = want[..<colon.upperBound]
        return got.hasPrefix(name) && want[colon.upperBound...].split(separator: "|").contains { got == name + $0 }
    }

    private func assertSameHostState(_ before: [String: String], _ after: [String: String],
                                     file: StaticString = #filePath, line: UInt = #line) {
        var diffs: [String] = []
        for key in Set(before.keys).union(after.keys).sorted() where before[key] != after[key] {
            diffs.append("  \(key):\n    before: \(before[key] ?? "absent")\n    after:  \(after[key] ?? "absent")")
        }
        XCTAssertTrue(diffs.isEmpty, "host changed:\n" + diffs.prefix(20).joined(separator: "\n"), file: file, line: line)
    }
}
