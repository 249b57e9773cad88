import Foundation
import XCTest

/// The CLI contract: exit statuses, stdio pass-through, limits and policy errors.
final class RunContractTests: XCTestCase {
    func testExitStatusIsTheGuests() throws {
        XCTAssertEqual(try Harness.sh("exit 0").status, 0)
        XCTAssertEqual(try Harness.sh("exit 3").status, 3)
        XCTAssertEqual(try Harness.python("import sys; sys.exit(42)").status, 42)
    }

    func testSignalDeathIs128PlusSignal() throws {
        XCTAssertEqual(try Harness.sh("kill -KILL $$").status, 137)
        XCTAssertEqual(try Harness.sh("kill -TERM $$").status, 143)
        XCTAssertEqual(try Harness.python("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)").status, 139)
    }

    func testNotFoundAndNotExecutable() throws {
        let missing = try Harness.run(["run", "--", "no-such-program-xyz"])
        XCTAssertEqual(missing.status, 127)
        XCTAssertTrue(missing.stderr.contains("not found"), missing.stderr)
        XCTAssertEqual(try Harness.run(["run", "--", "/no/such/path"]).status, 127)
        let notExecutable = try Harness.run(["run", "--", "/etc/passwd"])
        XCTAssertEqual(notExecutable.status, 126)
    }

    func testTimeoutKillsEverythingAndExits124() throws {
        let start = Date()
        let result = try Harness.sh("sleep 30 & sleep 30", options: ["--timeout", "1"])
        XCTAssertEqual(result.status, 124)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testStdioPassesThrough() throws {
        let result = try Harness.run(["run", "--", "/bin/sh", "-c", "read line; echo got:$line; echo err >&2"],
                                     stdin: "hello\n")
        XCTAssertEqual(result.stdout, "got:hello\n")
        XCTAssertEqual(result.stderr, "err\n")
    }

    func testEnvironmentIsBuiltFromPolicyNotInherited() throws {
        setenv("SAFEHOUSE_HOST_SECRET", "leaked", 1)
        defer { unsetenv("SAFEHOUSE_HOST_SECRET") }
        let result = try Harness.sh("env", options: ["--env", "GREETING=hi"])
        XCTAssertEqual(result.status, 0)
        XCTAssertFalse(result.stdout.contains("SAFEHOUSE_HOST_SECRET"), result.stdout)
        XCTAssertTrue(result.stdout.contains("GREETING=hi"))
        XCTAssertTrue(result.stdout.contains("HOME=/home/sandbox"))
    }

    func testCwdOption() throws {
        XCTAssertEqual(try Harness.sh("pwd", options: ["--cwd", "/tmp"]).stdout, "/tmp\n")
        XCTAssertEqual(try Harness.sh("pwd").stdout, "/home/sandbox\n")
    }

    func testMalformedPolicyIsAClearError() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policy = dir.appendingPathComponent("bad.toml")
        try "version = 1\n[limits]\nmemroy = \"1G\"\n".write(to: policy, atomically: true, encoding: .utf8)
        let result = try Harness.run(["run", "--policy", policy.path, "--", "/bin/true"])
        XCTAssertEqual(result.status, 125)
        XCTAssertTrue(result.stderr.contains("bad.toml:3"), result.stderr)
        XCTAssertTrue(result.stderr.contains("memroy"), result.stderr)
        let missing = try Harness.run(["run", "--policy", "/no/such/policy.toml", "--", "/bin/true"])
        XCTAssertEqual(missing.status, 125)
        XCTAssertEqual(try Harness.run(["run", "--memory", "lots", "--", "/bin/true"]).status, 125)
        XCTAssertEqual(try Harness.run(["run", "--platform", "ptrace", "--", "/bin/true"]).status, 125)
        XCTAssertEqual(try Harness.run(["run", "--"]).status, 125)
    }

    func testMemoryLimit() throws {
        let result = try Harness.python("b = bytearray(400 * 1024 * 1024); print('allocated')",
                                        options: ["--memory", "200M"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertFalse(result.stdout.contains("allocated"))
        XCTAssertEqual(try Harness.python("b = bytearray(50 * 1024 * 1024)", options: ["--memory", "400M"]).status, 0)
    }

    /// --memory holds for all processes together (a memory cgroup): four children allocating 100 MB
    /// each (none over the limit alone) cannot take the sandbox past 256 MB. The end is reported
    /// as what it is, and the host stays responsive.
    func testMemoryLimitHoldsForTheSandboxAsAWhole() throws {
        let started = Date()
        let result = try Harness.python("""
            import os, time
            kids = []
            for i in range(4):
                pid = os.fork()
                if pid == 0:
                    b = bytearray(100 * 1024 * 1024)
                    for i in range(0, len(b), 4096): b[i] = 1
                    time.sleep(2)
                    os._exit(0)
                kids.append(pid)
            for k in kids: os.waitpid(k, 0)
            x = [bytearray(64 << 20) for _ in range(16)]
            print("survived", flush=True)
            """, options: ["--memory", "256M", "--timeout", "60"])
        XCTAssertEqual(result.status, 137, result.stdout + result.stderr)
        XCTAssertFalse(result.stdout.contains("survived"))
        XCTAssertTrue(result.stderr.contains("out of memory"), result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "the bomb was not stopped promptly")
        // The host answers at once afterwards.
        XCTAssertEqual(try Harness.runHost("/bin/true", []).status, 0)
    }

    /// The exit event reports what the run used: CPU time of all its processes, with a memory
    /// cgroup the peak memory, the processes and threads started, and the bytes each writable
    /// zone holds at the end.
    func testExitEventReportsUsage() throws {
        let events = NSTemporaryDirectory() + "usage-\(getpid()).jsonl"
        let output = NSTemporaryDirectory() + "usage-out-\(getpid())"
        defer { unlink(events); try? FileManager.default.removeItem(atPath: output) }
        XCTAssertEqual(mkdir(output, 0o777), 0)
        chmod(output, 0o777)
        // Five child processes and four threads besides Python itself; 3 MB in /tmp, 100 kB in /out.
        let code = """
            import os, subprocess, threading
            for _ in range(5): subprocess.run(["/bin/true"])
            ts = [threading.Thread(target=lambda: None) for _ in range(4)]
            [t.start() for t in ts]; [t.join() for t in ts]
            open("/tmp/scratch-file", "wb").write(b"x" * 3000000)
            os.makedirs("/out/sub", exist_ok=True)
            open("/out/sub/kept", "wb").write(b"y" * 100000)
            x = bytearray(64 << 20); sum(range(2000000))
            """
        let result = try Harness.python(code, options: ["--memory", "512M", "--events", events, "--output", output + ":/out"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let exit = try XCTUnwrap(String(contentsOfFile: events, encoding: .utf8).split(separator: "\n")
            .first { $0.contains("\"type\":\"exit\"") })
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(exit.utf8)) as? [String: Any])
        XCTAssertGreaterThan(object["cpu_seconds"] as? Double ?? 0, 0.01, String(exit))
        XCTAssertGreaterThan(object["peak_memory_bytes"] as? Int ?? 0, 64 << 20, String(exit))
        // Python, 5 children, 4 threads: 10 at least (Python may start more of its own).
        let tasks = object["tasks_started"] as? Int ?? -1
        XCTAssertGreaterThanOrEqual(tasks, 10, String(exit))
        XCTAssertLessThan(tasks, 40, String(exit))
        let zones = try XCTUnwrap(object["zone_bytes"] as? [String: Int], String(exit))
        XCTAssertEqual(zones["/out"], 100_000, String(exit))
        XCTAssertGreaterThanOrEqual(zones["/tmp"] ?? 0, 3_000_000, String(exit))
        XCTAssertLessThan(zones["/tmp"] ?? .max, 3_200_000, String(exit))
    }

    /// --cpu-quota holds for all processes together: two busy processes under a quota of half a
    /// CPU get about half a CPU between them.
    func testCPUQuotaHoldsForTheSandboxAsAWhole() throws {
        let result = try Harness.python("""
            import os, time, resource
            def spin():
                end = time.time() + 1.5
                while time.time() < end: pass
            start = time.time()
            pid = os.fork()
            spin()
            if pid == 0: os._exit(0)
            os.waitpid(pid, 0)
            used = resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
            print("share %.2f" % (used / (time.time() - start)))
            """, options: ["--cpu-quota", "0.5"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let share = Double(result.stdout.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 9
        XCTAssertLessThan(share, 0.7, "two busy processes used \(share) CPUs under a quota of 0.5")
        XCTAssertGreaterThan(share, 0.2, result.stdout)
    }

    /// A program that fails because a scratch zone is full is told so, in one line.
    func testFullScratchZoneIsNamedAtTheEnd() throws {
        let result = try Harness.sh("head -c 2000000 /dev/zero > /tmp/x", options: ["--scratch", "/tmp:1M"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("No space left on device"), result.stderr)
        XCTAssertTrue(result.stderr.contains("safehouse: limit reached: disk: scratch zone /tmp is full"), result.stderr)
        // A program that succeeds is not told about limits.
        let fine = try Harness.sh("head -c 1000 /dev/zero > /tmp/x", options: ["--scratch", "/tmp:1M"])
        XCTAssertEqual(fine.status, 0)
        XCTAssertFalse(fine.stderr.contains("limit reached"), fine.stderr)
    }

    func testPidsLimitStopsAForkBomb() throws {
        let events = NSTemporaryDirectory() + "pids-\(getpid()).jsonl"
        defer { unlink(events) }
        let result = try Harness.python("""
            import os
            n = 0
            try:
                for i in range(64):
                    if os.fork() == 0:
                        import time; time.sleep(5); os._exit(0)
                    n += 1
            except OSError as e:
                print("blocked", n, e.errno)
                raise SystemExit(3)
            """, options: ["--pids", "8", "--timeout", "20", "--events", events])
        XCTAssertTrue(result.stdout.hasPrefix("blocked"), result.stdout + result.stderr)
        let forked = Int(result.stdout.split(separator: " ")[1]) ?? 99
        XCTAssertLessThanOrEqual(forked, 8)
        // The end says which limit the program ran into, on stderr and in the exit event.
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.contains("safehouse: limit reached: tasks: the task limit (8) refused"), result.stderr)
        let exit = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n").first { $0.contains("\"type\":\"exit\"") }
        XCTAssertTrue(exit?.contains("\"limits_reached\":[\"tasks: ") ?? false, String(exit ?? "no exit event"))
    }

    func testEventsFileRecordsTrapsAndDenials() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = dir.appendingPathComponent("events.jsonl").path
        XCTAssertEqual(try Harness.sh("uname -n; hostname evil 2>/dev/null; true", options: ["--events", events]).status, 0)
        let lines = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(objects.count, lines.count, "every line is a JSON object")
        XCTAssertEqual(objects.first?["type"] as? String, "start")
        XCTAssertEqual(objects.last?["type"] as? String, "exit")
        XCTAssertTrue(objects.contains { $0["name"] as? String == "uname" && $0["verdict"] as? String == "emulated" })
        XCTAssertTrue(objects.contains { $0["name"] as? String == "sethostname" && $0["verdict"] as? String == "denied" })
    }

    func testKillSwitchEndsEverything() throws {
        let marker = "safehouse-killswitch-\(UInt32.random(in: 1_000_000...9_999_999))"
        let supervisor = Process()
        supervisor.executableURL = URL(fileURLWithPath: Harness.binary)
        supervisor.arguments = ["run", "--", "/bin/bash", "-c", "exec -a \(marker) sleep 300 & exec -a \(marker) sleep 300"]
        try supervisor.run()
        XCTAssertTrue(Harness.waitUntil { Harness.processCount(marker) == 2 }, "guest processes did not start")
        let killed = Date()
        kill(supervisor.processIdentifier, SIGTERM)
        supervisor.waitUntilExit()
        XCTAssertEqual(supervisor.terminationStatus, 128 + SIGTERM)
        XCTAssertLessThan(Date().timeIntervalSince(killed), 2)
        XCTAssertEqual(Harness.processCount(marker), 0, "guest processes survived the kill switch")
    }

    func testFloodOfTrapsAndGuestsDyingMidCall() throws {
        // Eight threads trapping concurrently while children are killed in the middle of their
        // own trap floods: every answer arrives, nothing hangs, the supervisor survives.
        let result = try Harness.python("""
            import os, threading, signal, time
            def work():
                for i in range(3000):
                    assert os.uname().nodename == "sandbox"
            ts = [threading.Thread(target=work) for _ in range(8)]
            [t.start() for t in ts]
            for k in range(10):
                pid = os.fork()
                if pid == 0:
                    while True: os.uname()
                time.sleep(0.01); os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)
            [t.join() for t in ts]
            print("done")
            """, options: ["--timeout", "60"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "done\n")
    }

    func testHelpIsNotAGuestCommand() throws {
        let result = try Harness.run(["run", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("--timeout"), result.stdout)
    }

    func testDoctorReportsThisHost() throws {
        let result = try Harness.run(["doctor"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("seccomp user notification"))
        XCTAssertTrue(result.stdout.contains("Landlock ABI"))
    }
}
