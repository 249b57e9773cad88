import Foundation
import XCTest

/// Attack tests for the kernel walls and the filter: each tries to break out and asserts that the
/// attempt fails and the host is unchanged.
final class WallTests: XCTestCase {
    func testDenyListIsDenied() throws {
        let script = Harness.pySyscall + """
            call(425, 8, 0)            # io_uring_setup
            call(321, 0, 0, 0)         # bpf
            call(323, 0)               # userfaultfd
            call(298, 0, 0, -1, -1, 0) # perf_event_open
            call(248, b"user", b"k", b"v", 1, 0xfffffffe)   # add_key
            call(250, 0, 0)            # keyctl
            call(272, 0x10000000)      # unshare(CLONE_NEWUSER)
            call(272, 0x40000000)      # unshare(CLONE_NEWNET)
            call(165, b"none", b"/tmp", b"tmpfs", 0, 0)     # mount
            call(101, 0, 0, 0, 0)      # ptrace(TRACEME)
            call(304, -100, 0, 0)      # open_by_handle_at
            call(303, -100, b"/", 0, 0, 0)                  # name_to_handle_at
            call(308, -1, 0)           # setns
            call(246, 0, 0, 0, 0)      # kexec_load
            call(313, -1, b"", 0)      # finit_module
            call(135, 0x0400000)       # personality(READ_IMPLIES_EXEC)
            call(161, b"/tmp")         # chroot
            call(170, b"evil", 4)      # sethostname
            """
        let result = try Harness.python(script)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 18, result.stdout)
        for line in lines {
            XCTAssertTrue(line.contains("ret=-1 errno=EPERM"), "not denied with EPERM: \(line)")
        }
    }

    func testCloneNamespaceFlagsDeniedPlainForkWorks() throws {
        let result = try Harness.program("clone_flags")
        XCTAssertEqual(result.stdout, """
            clone plain: ok
            clone NEWUSER: Operation not permitted
            clone NEWNS: Operation not permitted
            clone NEWPID: Operation not permitted
            clone NEWNET: Operation not permitted
            clone NEWUTS: Operation not permitted
            clone NEWIPC: Operation not permitted
            clone NEWCGROUP: Operation not permitted
            clone3 NEWUSER: Operation not permitted
            fork: exit 7

            """)
    }

    func testTIOCSTIDeniedWhateverTheUpperBits() throws {
        let result = try Harness.program("tiocsti")
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, result.stdout + result.stderr)
        for line in lines { XCTAssertTrue(line.hasSuffix("errno=Operation not permitted"), String(line)) }
    }

    func testInt80AndX32KillTheGuest() throws {
        for mode in ["int80", "x32", "x32-write"] {
            let result = try Harness.program("abi_escape", [mode])
            XCTAssertEqual(result.status, 128 + SIGSYS, "\(mode): \(result.stdout)")
            XCTAssertEqual(result.stdout, "before\n", mode)
        }
    }

    func testGuestHoldsNoCapabilitiesEvenWhenRunnerIsRoot() throws {
        let result = try Harness.sh("grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/self/status")
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 5, result.stdout + result.stderr)
        for line in lines { XCTAssertTrue(line.hasSuffix("0000000000000000"), String(line)) }
        XCTAssertTrue(try Harness.sh("grep NoNewPrivs /proc/self/status").stdout.contains("1"))
        // Root-only operations fail even for uid 0 inside a nested attempt.
        let chown = try Harness.sh("touch /tmp/f && chown 0:0 /tmp/f")
        XCTAssertNotEqual(chown.status, 0)
    }

    func testGuestCannotSeeOrSignalHostProcesses() throws {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["300"]
        try sleeper.run()
        defer { sleeper.terminate() }
        let pid = sleeper.processIdentifier
        let result = try Harness.sh("""
            kill -0 \(pid) 2>/dev/null && echo visible-kill
            kill -9 \(pid) 2>/dev/null && echo killed
            test -e /proc/\(pid) && echo visible-proc
            ls /proc | grep -E '^[0-9]+$' | tr '\\n' ' '
            """)
        XCTAssertFalse(result.stdout.contains("visible"), result.stdout)
        XCTAssertFalse(result.stdout.contains("killed"), result.stdout)
        let pids = result.stdout.split(separator: " ").compactMap { Int($0) }
        XCTAssertTrue(pids.allSatisfy { $0 < 100 }, "only sandbox pids: \(pids)")
        XCTAssertTrue(sleeper.isRunning, "host process must survive")
        // Through the python syscall layer too: pidfd_open and tgkill of the host pid fail.
        let raw = try Harness.python(Harness.pySyscall + "call(434, \(pid), 0)\ncall(234, \(pid), \(pid), 9)")
        XCTAssertTrue(raw.stdout.split(separator: "\n").allSatisfy { $0.contains("errno=ESRCH") }, raw.stdout)
        XCTAssertTrue(sleeper.isRunning)
    }

    func testSupervisorDeathKillsTheGuest() throws {
        let marker = "safehouse-orphan-\(UInt32.random(in: 1_000_000...9_999_999))"
        let supervisor = Process()
        supervisor.executableURL = URL(fileURLWithPath: Harness.binary)
        // A guest with a background child and a daemonised grandchild.
        supervisor.arguments = ["run", "--", "/bin/bash", "-c",
                                "exec -a \(marker) sleep 300 & (setsid bash -c 'exec -a \(marker) sleep 300' &) ; exec -a \(marker) sleep 300"]
        try supervisor.run()
        XCTAssertTrue(Harness.waitUntil { Harness.processCount(marker) == 3 }, "guest processes did not start")
        kill(supervisor.processIdentifier, SIGKILL)
        supervisor.waitUntilExit()
        XCTAssertTrue(Harness.waitUntil { Harness.processCount(marker) == 0 },
                      "orphans left: \(Harness.processCount(marker))")
    }

    func testNoNetworkBeyondSandboxLoopback() throws {
        // A host loopback service must be unreachable; loopback inside the sandbox works.
        let server = try Harness.runHost("/usr/bin/python3", ["-c", """
            import socket, subprocess, sys
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
            port = s.getsockname()[1]
            r = subprocess.run([sys.argv[1], "run", "--", "/usr/bin/python3", "-c", '''
            import socket
            try:
                socket.create_connection(("127.0.0.1", %d), timeout=2); print("host-reachable")
            except OSError as e:
                print("refused", e.errno)
            a = socket.socket(); a.bind(("127.0.0.1", 0)); a.listen(1)
            b = socket.create_connection(a.getsockname()); c, _ = a.accept(); b.sendall(b"ok"); print(c.recv(2).decode())
            socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); print("route-netlink-open")
            print(sorted(name for _, name in socket.if_nameindex()))
            try:
                socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 4); print("netlink-open")
            except OSError as e:
                print("netlink", e.errno)
            ''' % port], capture_output=True, text=True)
            print(r.stdout, end=""); print(r.stderr, end="", file=sys.stderr)
            """, Harness.binary])
        XCTAssertTrue(server.stdout.contains("refused"), server.stdout + server.stderr)
        XCTAssertFalse(server.stdout.contains("host-reachable"))
        XCTAssertTrue(server.stdout.contains("ok\n"), server.stdout)
        // Route netlink shows the sandbox's own namespace (its loopback only); sock_diag is refused
        // as an unknown protocol is (EPROTONOSUPPORT).
        XCTAssertTrue(server.stdout.contains("route-netlink-open\n['lo']\n"), server.stdout)
        XCTAssertTrue(server.stdout.contains("netlink 93"), server.stdout)   // EPROTONOSUPPORT
    }

    func testFilesystemIsPolicyShaped() throws {
        let secret = "/root/safehouse-secret-\(getpid())"
        try "top secret".write(toFile: secret, atomically: true, encoding: .utf8)
        defer { unlink(secret) }
        let result = try Harness.sh("""
            cat \(secret) 2>/dev/null && echo read-secret
            cat /etc/shadow 2>/dev/null && echo read-shadow
            ls /etc/ssl/private 2>/dev/null && echo saw-private
            echo x > /usr/evil 2>/dev/null && echo wrote-usr
            echo x > /evil 2>/dev/null && echo wrote-root
            cat /proc/1/root/root/safehouse-secret-\(getpid()) 2>/dev/null && echo via-proc-root
            echo ok > /tmp/f && cat /tmp/f
            """)
        XCTAssertEqual(result.stdout, "ok\n", result.stdout + result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/usr/evil"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/evil"))
    }

    func testInputIsReadOnlyOutputIsKeptScratchIsNot() throws {
        let input = try Harness.temporaryDirectory(), output = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: output) }
        try "data".write(to: input.appendingPathComponent("in.txt"), atomically: true, encoding: .utf8)
        let result = try Harness.sh("""
            cat /in/in.txt; echo
            echo x > /in/new 2>/dev/null && echo wrote-input
            cat /in/in.txt > /out/copy.txt
            echo scratch > /tmp/scratch.txt
            """, options: ["--input", "\(input.path):/in", "--output", "\(output.path):/out"])
        XCTAssertEqual(result.stdout, "data\n", result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: input.appendingPathComponent("new").path))
        XCTAssertEqual(try String(contentsOf: output.appendingPathComponent("copy.txt"), encoding: .utf8), "data")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: input.path), ["in.txt"])
    }

    func testWithoutNamespacesLandlockStillWalls() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policy = dir.appendingPathComponent("nons.toml")
        try "version = 1\n[walls]\nnamespaces = \"off\"\nallow_degraded = true\n".write(to: policy, atomically: true, encoding: .utf8)
        let secret = "/root/safehouse-secret-ll-\(getpid())"
        try "top secret".write(toFile: secret, atomically: true, encoding: .utf8)
        defer { unlink(secret) }
        let result = try Harness.run(["run", "--policy", policy.path, "--", "/bin/sh", "-c", """
            id -u
            cat \(secret) 2>/dev/null && echo read-secret
            echo x > /tmp/landlock-escape-\(getpid()) 2>/dev/null && echo wrote-tmp
            uname -n
            """])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("user namespaces unavailable") || result.stderr.contains("landlock"), result.stderr)
        XCTAssertEqual(result.stdout, "65534\nsandbox\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/landlock-escape-\(getpid())"))
    }
}
