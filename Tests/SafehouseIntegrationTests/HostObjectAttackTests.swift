import Foundation
import XCTest

/// Issue 9's attacks on the host through the emulation layer (Tests/GuestPrograms/host_objects.c):
/// metadata calls on descriptors the sandbox was handed, reopening /proc/self/fd/N while a thread
/// swaps what N names, FIFO opens that wait, what the guest creates on the host, and rules that
/// must follow their object through rename, link and unlink. Each asserts the guest's answers and
/// that the host is unchanged.
final class HostObjectAttackTests: XCTestCase {
    private var fixture: URL!

    override func setUpWithError() throws {
        fixture = try Harness.temporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: fixture)
    }

    private func run(_ mode: String, options: [String] = []) throws -> Harness.Result {
        try Harness.program("host_objects", [mode], options: options)
    }

    /// Runs `mode` with `out` as the output zone at /out under a policy of these `[[rule]]`s.
    private func run(_ mode: String, output out: URL, rules: String) throws -> Harness.Result {
        let policy = fixture.appendingPathComponent("policy.toml")
        try ("version = 1\n\n" + rules).write(to: policy, atomically: false, encoding: .utf8)
        return try run(mode, options: ["--policy", policy.path, "--output", "\(out.path):/out"])
    }

    /// Runs the program with a host file as stdin (and optionally another as stdout), as a shell
    /// redirection would hand them over.
    private func runRedirected(_ mode: String, stdin: String, stdout: String) throws -> Harness.Result {
        let command = "exec \(Harness.binary) run --input \(Harness.programs):/t -- /t/host_objects \(mode) < \(stdin) >> \(stdout)"
        return try Harness.runHost("/bin/sh", ["-c", command])
    }

    private func lines(_ output: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return result
    }

    private func metadata(_ path: String) throws -> (mode: Int, uid: Int, mtime: Date) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return ((attributes[.posixPermissions] as? Int) ?? -1, (attributes[.ownerAccountID] as? Int) ?? -1,
                (attributes[.modificationDate] as? Date) ?? .distantPast)
    }

    // MARK: 1. Metadata through handed descriptors

    func testMetadataCallsNeverChangeHandedObjects() throws {
        let input = fixture.appendingPathComponent("stdin.txt").path
        let output = fixture.appendingPathComponent("stdout.txt").path
        try "host data\n".write(toFile: input, atomically: false, encoding: .utf8)
        try "".write(toFile: output, atomically: false, encoding: .utf8)
        chmod(input, 0o640)
        chmod(output, 0o640)
        var old = utimbuf(actime: 1_000_000, modtime: 1_000_000)
        utime(input, &old)
        let before = try [input, output, "/dev/null", "/dev/full"].map(metadata)
        let result = try runRedirected("metadata", stdin: input, stdout: output)
        XCTAssertEqual(result.status, 0, result.stderr)
        let answers = lines(try String(contentsOfFile: output, encoding: .utf8))
        for object in ["stdin", "stdout", "stderr", "dev-null", "dev-full"] {
            for call in ["fchmod", "fchown", "futimens", "fsetxattr", "fremovexattr", "fchownat-empty"] {
                XCTAssertEqual(answers["\(call)-\(object)"], "EPERM", "\(call) on \(object)")
            }
        }
        XCTAssertEqual(answers["fchmod-own-pipe"], "ok", "the guest's own pipe stays its own")
        XCTAssertEqual(answers["fchmod-own-file"], "ok", "a scratch file stays changeable")
        let after = try [input, output, "/dev/null", "/dev/full"].map(metadata)
        for (a, b) in zip(before, after) {
            XCTAssertEqual(a.mode, b.mode)
            XCTAssertEqual(a.uid, b.uid)
        }
        XCTAssertEqual(before[0].mtime, after[0].mtime, "the host stdin file's times are unchanged")
    }

    /// The guest may change the mode of a terminal of its own (a pty of the sandbox's devpts, as
    /// `mesg` does), never of a host terminal it was handed or opens as /dev/tty.
    func testOwnTerminalModeChangesButAHostTerminalNever() throws {
        var master: Int32 = -1, slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw XCTSkip("no host pty") }
        defer { close(master); close(slave) }
        var before = stat()
        XCTAssertEqual(fstat(slave, &before), 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Harness.binary)
        process.arguments = ["run", "--", "/usr/bin/python3", "-c", """
            import os
            def attempt(label, fd, mode):
                try: os.fchmod(fd, mode); print(label, "ok")
                except OSError as e: print(label, e.strerror)
            attempt("host terminal (stdin)", 0, 0o666)
            try:
                tty = os.open("/dev/tty", os.O_RDWR)
                attempt("host terminal (/dev/tty)", tty, 0o666)
            except OSError as e: print("host terminal (/dev/tty)", e.strerror)
            m, s = os.openpty()
            attempt("own pty", s, 0o600)
            print("own pty mode", oct(os.fstat(s).st_mode & 0o777))
            """]
        process.standardInput = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("host terminal (stdin) Operation not permitted"), text)
        XCTAssertFalse(text.contains("host terminal (/dev/tty) ok"), text)
        XCTAssertTrue(text.contains("own pty ok"), text)
        XCTAssertTrue(text.contains("own pty mode 0o600"), text)
        var after = stat()
        XCTAssertEqual(fstat(slave, &after), 0)
        XCTAssertEqual(after.st_mode, before.st_mode, "the host terminal's mode is unchanged")
        XCTAssertEqual(after.st_uid, before.st_uid)
    }

    // MARK: 2. Reopen through /proc/self/fd races

    func testReopenThroughProcFdNeverExceedsTheHeldAccess() throws {
        let input = fixture.appendingPathComponent("stdin.txt").path
        let output = fixture.appendingPathComponent("stdout.txt").path
        try "host data\n".write(toFile: input, atomically: false, encoding: .utf8)
        try "earlier host data\n".write(toFile: output, atomically: false, encoding: .utf8)
        let result = try runRedirected("reopen", stdin: input, stdout: output)
        XCTAssertEqual(result.status, 0, result.stderr)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let answers = lines(text)
        XCTAssertEqual(answers["reopen-stdin-rw"], "wins=0", "a read-write reopen of the read-only host stdin")
        XCTAssertEqual(answers["reopen-stdout-ro"], "wins=0", "a read reopen of the write-only host stdout")
        XCTAssertEqual(answers["reopen-stdin-write"], "EACCES")
        XCTAssertEqual(answers["reopen-stdin-read"], "ok")
        XCTAssertEqual(try String(contentsOfFile: input, encoding: .utf8), "host data\n", "host stdin unchanged")
        XCTAssertFalse(text.contains("PWNED"))
    }

    // MARK: 3. Opens that wait never hold a worker

    func testBlockingFIFOOpensLeaveTheSupervisorServing() throws {
        let result = try run("fifo", options: ["--timeout", "30"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let answers = lines(result.stdout)
        XCTAssertEqual(answers["fifo-other-calls"], "answered", "four waiting opens stalled the other calls")
        XCTAssertEqual(answers["fifo-open-interrupted"], "EINTR", "a signal interrupts a waiting FIFO open")
        XCTAssertEqual(answers["fifo-meet"], "hello nonblock=0", "a blocking FIFO is blocking")
    }

    // MARK: 4. What the guest creates on the host

    func testGuestCreatesNothingOwnedByRootOrSetID() throws {
        let out = fixture.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        chmod(out.path, 0o755)
        let before = try metadata(out.path)   // its times change as the guest makes names in it
        let result = try run("identity", options: ["--output", "\(out.path):/out"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let answers = lines(result.stdout)
        for call in ["chmod-output-root", "utimes-output-root", "fchmod-output-root"] {
            XCTAssertEqual(answers[call], "EPERM", call)
        }
        let after = try metadata(out.path)
        XCTAssertEqual(before.mode, after.mode, "the output directory's mode changed")
        for name in ["suid", "chmod-suid", "fchmod-sgid", "dir-sgid"] {
            var st = stat()
            XCTAssertEqual(lstat(out.appendingPathComponent(name).path, &st), 0, name)
            XCTAssertEqual(st.st_mode & (S_ISUID | (st.st_mode & S_IFMT == S_IFDIR ? 0 : S_ISGID)), 0, "\(name) is set-id on the host")
            if geteuid() == 0 { XCTAssertNotEqual(st.st_uid, 0, "\(name) is owned by host root") }
            XCTAssertEqual(st.st_uid, geteuid() == 0 ? 2_000_000_000 : geteuid(), name)
        }
    }

    // MARK: 5. Rules follow their object

    func testRulesFollowTheObject() throws {
        let out = fixture.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("dir"), withIntermediateDirectories: true)
        try "secret\n".write(to: out.appendingPathComponent("protected.txt"), atomically: false, encoding: .utf8)
        try "inner secret\n".write(to: out.appendingPathComponent("dir/inner.txt"), atomically: false, encoding: .utf8)
        try "plain\n".write(to: out.appendingPathComponent("plain.txt"), atomically: false, encoding: .utf8)
        let result = try run("rules", output: out, rules: """
            [[rule]]
            path = "/out/protected.txt"
            deny = ["read"]

            [[rule]]
            path = "/out/dir/inner.txt"
            deny = ["read"]
            """)
        XCTAssertEqual(result.status, 0, result.stderr)
        let answers = lines(result.stdout)
        XCTAssertEqual(answers["rename-protected"], "EACCES")
        XCTAssertEqual(answers["link-protected"], "EACCES")
        XCTAssertEqual(answers["rename-parent"], "EACCES", "renaming a directory carries its protected file out")
        XCTAssertEqual(answers["rename-into"], "ok", "moving an unprotected file into a protected place is fine")
        XCTAssertEqual(answers["linkat-empty-path-protected"], "EACCES", "a held descriptor gives a protected file no new name")
        XCTAssertEqual(answers["opath-protected"], "ok")
        XCTAssertEqual(answers["reopen-removed-protected"], "EACCES")
        XCTAssertFalse(result.stdout.contains("secret"))
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        XCTAssertEqual(names, ["dir"], "no new name for a protected object on the host")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("dir").path).sorted(),
                       ["inner.txt", "plain.txt"])
    }

    // MARK: 6. Calls the kernel finishes: the rules hold in its view too

    func testKernelResolvedPathsCannotRacePastRules() throws {
        let out = fixture.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("hidden"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out.appendingPathComponent("readonly"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/bin/true", toPath: out.appendingPathComponent("hidden/bin").path)
        try FileManager.default.createDirectory(at: out.appendingPathComponent("visible"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/bin/false", toPath: out.appendingPathComponent("visible/bin").path)
        let result = try run("kernel-paths", output: out, rules: """
            [[rule]]
            path = "/out/hidden"
            hide = true

            [[rule]]
            path = "/out/readonly"
            deny = ["write"]

            [[rule]]
            path = "/out/*.sock"
            deny = ["write"]
            """)
        XCTAssertEqual(result.status, 0, result.stderr)
        let answers = lines(result.stdout)
        XCTAssertEqual(answers["exec-race"], "held", "a racing execve ran a hidden program")
        XCTAssertEqual(answers["chdir-hidden"], "ENOENT")
        XCTAssertNotEqual(answers["bind-hidden"], "ok", "bind made a socket inside a hidden directory")
        XCTAssertNotEqual(answers["bind-write-denied"], "ok", "bind made a socket inside a write-denied directory")
        XCTAssertEqual(answers["bind-write-denied-glob"], "EACCES", "bind made a name a write-deny glob covers")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("hidden").path), ["bin"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("readonly").path), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("later.sock").path))
    }

    // MARK: 7. No namespace inside the sandbox, even when clone3's flags race the check

    func testNoNamespaceCanBeMadeEvenWhenTheCheckIsRaced() throws {
        let result = try Harness.program("namespace_wall")
        XCTAssertEqual(result.status, 0, result.stderr)
        let answers = lines(result.stdout)
        XCTAssertEqual(answers["clone3 CLONE_NEWUSER"], "EPERM")
        XCTAssertEqual(answers["unshare CLONE_NEWUSER"], "EPERM")
        XCTAssertEqual(answers["clone3 race"], "escaped=0", "a child landed in a new user namespace: \(result.stderr)")
    }
}
