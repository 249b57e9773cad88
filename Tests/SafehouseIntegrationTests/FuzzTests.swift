import Foundation
import XCTest

/// No guest argument brings the supervisor down (DESIGN invariant 7; Docs/fuzzing.md): the in-tree
/// random-syscall fuzzer (`Tests/Fuzz/syscall_fuzz.c`, also `scripts/fuzz.sh`) for a fixed seed,
/// and one regression test per crasher it or the audit found, each with Linux's own answer and a
/// supervisor that still answers the next trapped call.
final class FuzzTests: XCTestCase {
    static let fuzzSource = Harness.packageRoot.appendingPathComponent("Tests/Fuzz/syscall_fuzz.c")

    /// The fuzzer, compiled once into a directory of its own (mapped read-only at /t).
    static let fuzzerDirectory: String = {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("safehouse-fuzzer-\(getpid())")
        try? FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let result = try? Harness.runHost("/usr/bin/gcc", ["-O1", "-Wall", "-o", out.appendingPathComponent("syscall_fuzz").path,
                                                           fuzzSource.path, "-lpthread"])
        precondition(result?.status == 0, "compiling syscall_fuzz.c failed: \(result?.stderr ?? "gcc did not run")")
        return out.path
    }()

    /// The policy `scripts/fuzz.sh` uses (the hostname the fuzzer insists on, and rules).
    static let policyFile = Harness.packageRoot.appendingPathComponent("Tests/Fuzz/policy.toml")

    func testSupervisorSurvivesTwentySecondsOfRandomSyscalls() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        for sub in ["secret", "ro"] {
            try FileManager.default.createDirectory(at: out.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        // The guest runs as an unprivileged host identity: it must reach the output zone.
        for path in [dir.path, out.path, out.appendingPathComponent("secret").path, out.appendingPathComponent("ro").path] {
            chmod(path, path == dir.path ? 0o755 : 0o777)
        }
        // A probe outside every zone, handed to the guest as its stdin: every descriptor attack
        // the fuzzer makes on fd 0 and /proc/self/fd/0 lands on it, and it must not change.
        let probe = dir.appendingPathComponent("probe")
        try Data("probe \(UUID().uuidString)\n".utf8).write(to: probe)
        chmod(probe.path, 0o640)
        let before = try fingerprint(probe.path)

        let arguments = ["run", "--policy", FuzzTests.policyFile.path, "--input", "\(FuzzTests.fuzzerDirectory):/t",
                         "--output", "\(out.path):/results", "--events", "/dev/null", "--timeout", "200",
                         "--", "/t/syscall_fuzz", "-s", "20240607", "-t", "20"]
        let result = try Harness.runHost("/bin/sh", ["-c", "exec \"$0\" \"$@\" < '\(probe.path)'", Harness.binary] + arguments,
                                         watchdog: 240)
        XCTAssertFalse(result.stderr.contains("Fatal error") || result.stderr.contains("Program crashed"),
                       "the supervisor crashed:\n\(result.stderr.suffix(4000))")
        // 0 is the fuzzer's own "the supervisor answered throughout"; 3 a hung call, 4 a
        // supervisor that stopped answering, 125 or 128+N the supervisor itself.
        XCTAssertEqual(result.status, 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr.suffix(4000))")
        XCTAssertTrue(result.stdout.contains("supervisor still answering"), result.stdout)
        XCTAssertEqual(try fingerprint(probe.path), before, "the probe outside the zones changed")
    }

    /// Every syscall the table emulates is in the fuzzer's list (a new handler gets fuzzed too).
    func testFuzzerCoversEveryEmulatedSyscall() throws {
        let source = try String(contentsOf: FuzzTests.fuzzSource, encoding: .utf8)
        let table = try String(contentsOf: Harness.packageRoot.appendingPathComponent("Syscalls/x86_64.table"), encoding: .utf8)
        var emulated: [String] = []
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count > 4 else { continue }
            if fields[3] == "emulated" || fields[4].contains("-> emulated") { emulated.append(String(fields[1])) }
        }
        XCTAssertFalse(emulated.isEmpty)
        for name in emulated {
            XCTAssertTrue(source.contains("E(\(name), "), "\(name) is emulated but syscall_fuzz.c does not call it")
        }
    }

    // MARK: Regressions: sizes above Int.max trapped a Swift conversion and killed the supervisor

    func testHugeSizeArgumentsGetLinuxErrnosAndTheSupervisorStaysUp() throws {
        let script = Harness.pySyscall + """
            import os
            M = 2**64 - 1
            buf = ctypes.create_string_buffer(70000)
            open("/tmp/x", "w").close()
            fd = os.open("/tmp/x", os.O_RDONLY)
            call(437, -100, b"/tmp/x", buf, M)               # openat2, size (size_t)-1
            call(437, -100, b"/tmp/x", buf, 2**63)           # openat2, size above Int.max
            call(188, b"/tmp/x", b"user.a", b"abc", 3, 0)    # setxattr
            call(188, b"/tmp/x", b"user.a", b"abc", M, 0)    # setxattr, size -1
            call(189, b"/tmp/x", b"user.a", b"abc", M, 0)    # lsetxattr, size -1
            call(190, fd, b"user.a", b"abc", M, 0)           # fsetxattr, size -1
            call(191, b"/tmp/x", b"user.a", buf, M)          # getxattr, size -1: clamped, as Linux does
            call(192, b"/tmp/x", b"user.a", buf, M)          # lgetxattr
            call(193, fd, b"user.a", buf, M)                 # fgetxattr (native)
            call(194, b"/tmp/x", buf, M)                     # listxattr, size -1: clamped
            call(195, b"/tmp/x", buf, M)                     # llistxattr
            call(196, fd, buf, M)                            # flistxattr (native)
            call(89, b"/tmp/x", buf, M)                      # readlink, bufsiz -1 (an int): EINVAL
            call(4, b"/tmp/x", buf)                          # stat: the supervisor still answers
            """
        let result = try Harness.python(script)
        XCTAssertFalse(result.stderr.contains("Fatal error"), "the supervisor crashed:\n\(result.stderr.prefix(2000))")
        XCTAssertEqual(result.status, 0, result.stderr)
        // What Linux answers (checked natively on 6.x: the same script outside the sandbox).
        XCTAssertEqual(result.stdout, """
            nr=437 ret=-1 errno=E2BIG
            nr=437 ret=-1 errno=E2BIG
            nr=188 ret=0 errno=0
            nr=188 ret=-1 errno=E2BIG
            nr=189 ret=-1 errno=E2BIG
            nr=190 ret=-1 errno=E2BIG
            nr=191 ret=3 errno=0
            nr=192 ret=3 errno=0
            nr=193 ret=3 errno=0
            nr=194 ret=7 errno=0
            nr=195 ret=7 errno=0
            nr=196 ret=7 errno=0
            nr=89 ret=-1 errno=EINVAL
            nr=4 ret=0 errno=0

            """)
    }

    /// Message headers the supervisor parses (destinations, SCM_CREDENTIALS), with full-range
    /// lengths and unreadable pointers: Linux's errnos, and the supervisor keeps answering.
    func testMessageHeadersWithFullRangeLengths() throws {
        let result = try Harness.program("message_headers")
        XCTAssertFalse(result.stderr.contains("Fatal error"), "the supervisor crashed:\n\(result.stderr.prefix(2000))")
        XCTAssertEqual(result.status, 0, result.stderr)
        // What Linux answers (the same program outside the sandbox).
        XCTAssertEqual(result.stdout, """
            cmsg_len SIZE_MAX: EINVAL
            cmsg_len 2^63: EINVAL
            msg_controllen SIZE_MAX: ENOBUFS
            msg_controllen 2^63+1: ENOBUFS
            msg_control (void*)1: EFAULT
            msg_name (void*)1, namelen INT_MAX: EFAULT
            msg_namelen -1: EINVAL
            sendmmsg, second name unreadable: 1
            sendmmsg vector (void*)1: EFAULT
            still answered: ok

            """)
    }

    /// Mode, owners, size, times, inode and content of a host file.
    private func fingerprint(_ path: String) throws -> String {
        var st = stat()
        XCTAssertEqual(stat(path, &st), 0)
        let content = try Data(contentsOf: URL(fileURLWithPath: path))
        return "\(st.st_mode) \(st.st_uid) \(st.st_gid) \(st.st_size) \(st.st_ino) \(st.st_mtim.tv_sec) \(st.st_ctim.tv_sec) \(content.base64EncodedString())"
    }
}
