import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Sandboxes that live: `safehouse create` once, `exec` many times, `kill`, `ps`, `--idle-timeout`.
///
/// Every test gets a fresh SAFEHOUSE_RUNTIME_DIR (`/tmp/shl-XXXXXXXX/rt`, created by safehouse
/// itself so its mode is safehouse's choice) and tearDown kills whatever it created, so nothing
/// leaks even when an assertion fails midway. The CLI is started with `posix_spawn` (not
/// Foundation's Process): pipes are close-on-exec, so concurrent execs do not hold each other's
/// pipes open, and every signal disposition is reset to default, so SIGPIPE behaves as in a shell.
///
/// Guest processes are found on the host by an exact argv: `sleep <N>.<random digits>` (GNU sleep
/// takes a fraction), never by a substring, so the shell or CLI that started them never matches.
final class LifecycleTests: XCTestCase {
    private var root = ""
    private var runtimeDir: String { root + "/rt" }
    private var created: [String] = []
    private var markers: [String] = []
    private var hostChildren: [pid_t] = []

    // MARK: - Set-up and teardown

    override func setUpWithError() throws {
        root = "/tmp/shl-" + String(format: "%08x", UInt32.random(in: 0...UInt32.max))
        guard mkdir(root, 0o700) == 0 else { throw LifecycleError("mkdir \(root): errno \(errno)") }
        created = []
        markers = []
        hostChildren = []
        let help = try Harness.run(["--help"], watchdog: 30)
        guard help.stdout.contains("create") else {
            throw LifecycleError("\(Harness.binary) has no `create` subcommand yet (safehouse --help lists none)")
        }
    }

    override func tearDownWithError() throws {
        var supervisors: [pid_t] = []
        if let listed = try? psQuiet() {
            supervisors = listed.map(\.pid)
            for entry in listed where !created.contains(entry.id) { created.append(entry.id) }
        }
        for id in created { _ = try? cli(["kill", id], watchdog: 20) }
        // A supervisor that `kill` did not end (a failing implementation) is ended here: this test
        // started it.
        for pid in supervisors where pid > 1 && isSafehouse(pid) {
            if !Harness.waitUntil(2, { !isAlive(pid) }) { kill(pid, SIGKILL) }
        }
        for pid in hostChildren {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        var leaked: [String] = []
        for marker in markers {
            for pid in hostSleepPids(marker) {
                leaked.append("sleep \(marker) (host pid \(pid))")
                kill(pid, SIGKILL)
            }
        }
        try? FileManager.default.removeItem(atPath: root)
        XCTAssertEqual(leaked, [], "guest processes outlived teardown's `kill`")
    }

    // MARK: - 1. State is kept between execs

    func testCreateTwentyExecsKillKeepsStateAndEndsIt() throws {
        // Not under `root` (0700): the sandbox's mapped root cannot traverse it, for `run` as well.
        let outputURL = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let output = outputURL.path
        let id = try create(["--env", "CREATED_WITH=policy-env", "--output", "\(output):/out"])
        XCTAssertNotNil(id.range(of: "^sb-[0-9a-f]{12}$", options: .regularExpression),
                        "generated id should be sb- and 12 hex digits, got \(id)")
        let entry = try XCTUnwrap(try ps().first { $0.id == id }, "ps does not list \(id)")
        XCTAssertGreaterThan(entry.pid, 1)
        XCTAssertTrue(isAlive(entry.pid), "ps lists supervisor pid \(entry.pid), which is not alive")

        let marker = newMarker(300)
        // 1: write scratch /tmp and /home/sandbox.
        var r = try sh(id, "echo first-exec > /tmp/x; echo home-file > /home/sandbox/h; pwd")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.text, "/home/sandbox\n")
        // 2: a background process; the exec returns at once, the process stays.
        r = try sh(id, "sleep \(marker) </dev/null >/dev/null 2>&1 & echo $! > /tmp/bg.pid")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertLessThan(r.seconds, 5, "exec waited for its background child")
        XCTAssertTrue(r.streamsClosed)
        XCTAssertTrue(Harness.waitUntil(5) { hostSleepPids(marker).count == 1 }, "the background sleep is not running on the host")
        // 3: the next exec sees it alive.
        r = try sh(id, "kill -0 $(cat /tmp/bg.pid) && echo alive")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.text, "alive\n")
        // 4-20: read what exec 1 wrote, count, and check the per-exec and policy options.
        for n in 4...17 {
            r = try sh(id, "cat /tmp/x /home/sandbox/h; echo \(n) >> /tmp/count")
            XCTAssertEqual(r.status, 0, "exec \(n): \(r.stderr)")
            XCTAssertEqual(r.text, "first-exec\nhome-file\n", "exec \(n)")
        }
        r = try cli(["exec", id, "--cwd", "/tmp", "--env", "PER_EXEC=yes", "--", "/bin/sh", "-c",
                     "pwd; echo $PER_EXEC $CREATED_WITH; echo hi > /out/from-guest"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.text, "/tmp\nyes policy-env\n")
        XCTAssertEqual(try? String(contentsOfFile: output + "/from-guest", encoding: .utf8), "hi\n",
                       "--output given to create is not writable through exec")
        r = try sh(id, "echo ${PER_EXEC:-unset}")  // per-exec env does not stick
        XCTAssertEqual(r.text, "unset\n")
        r = try sh(id, "wc -l < /tmp/count")
        XCTAssertEqual(r.text.trimmingCharacters(in: .whitespacesAndNewlines), "14")
        r = try sh(id, "kill -0 $(cat /tmp/bg.pid) && cat /tmp/x")  // exec 20
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.text, "first-exec\n")

        // kill: ends the background sleep, the supervisor, the runtime entry.
        r = try cli(["kill", id])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(Harness.waitUntil(2) { hostSleepPids(marker).isEmpty }, "background sleep survived kill")
        XCTAssertTrue(Harness.waitUntil(2) { !isAlive(entry.pid) }, "supervisor \(entry.pid) survived kill")
        r = try cli(["exec", id, "--", "/bin/true"])
        XCTAssertEqual(r.status, 125, "exec after kill: \(r.stderr)")
        XCTAssertFalse(r.stderr.isEmpty)
        XCTAssertFalse(try ps().contains { $0.id == id }, "ps still lists a killed sandbox")
        XCTAssertEqual(runtimeEntries().filter { $0.contains(id) }, [], "runtime entry left after kill")
        XCTAssertEqual(try cli(["kill", id]).status, 125, "second kill of the same id")
    }

    // MARK: - 2. Exit statuses through exec

    func testExecExitStatusContract() throws {
        let id = try create()
        XCTAssertEqual(try sh(id, "exit 7").status, 7)
        XCTAssertEqual(try sh(id, "exit 0").status, 0)
        XCTAssertEqual(try sh(id, "kill -TERM $$").status, 143)
        XCTAssertEqual(try sh(id, "kill -KILL $$").status, 137)
        let missing = try cli(["exec", id, "--", "no-such-program-xyz"])
        XCTAssertEqual(missing.status, 127, missing.stderr)
        XCTAssertEqual(try cli(["exec", id, "--", "/no/such/path"]).status, 127)
        XCTAssertEqual(try cli(["exec", id, "--", "/etc/passwd"]).status, 126)

        let marker = newMarker(30)
        let timed = try cli(["exec", id, "--timeout", "1", "--", "sleep", marker], watchdog: 40)
        XCTAssertEqual(timed.status, 124, timed.stderr)
        XCTAssertLessThan(timed.seconds, 5, "--timeout 1 took \(timed.seconds) s")
        XCTAssertTrue(Harness.waitUntil(2) { hostSleepPids(marker).isEmpty }, "the timed-out program still runs")
        // A timed-out exec ends that exec, not the sandbox.
        XCTAssertEqual(try sh(id, "exit 3").status, 3)
    }

    // MARK: - 3. stdio is the caller's

    func testExecStdioIsPassedThrough() throws {
        let id = try create()
        // 1 MB of every byte value, echoed back exactly (the writer and reader run at once).
        let megabyte = Data((0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) })
        var r = try cli(["exec", id, "--", "cat"], stdin: megabyte)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.count, megabyte.count)
        XCTAssertTrue(r.stdout == megabyte, "cat did not echo the 1 MB back exactly")

        // EOF on stdin ends cat.
        r = try cli(["exec", id, "--", "cat"], stdin: Data(), watchdog: 20)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.count, 0)
        XCTAssertLessThan(r.seconds, 10)

        r = try sh(id, "yes | head -1")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.text, "y\n")

        r = try sh(id, "echo out; echo err >&2; exit 4")
        XCTAssertEqual(r.status, 4)
        XCTAssertEqual(r.text, "out\n")
        XCTAssertEqual(r.stderr, "err\n")

        // The guest's stdin and stdout are the caller's pipes themselves (same pipefs inode), not a relay.
        r = try cli(["exec", id, "--", "/usr/bin/python3", "-c", "import os; print(os.fstat(0).st_ino, os.fstat(1).st_ino)"],
                    stdin: Data("x".utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.text, "\(r.stdinInode) \(r.stdoutInode)\n", "stdio is relayed, not passed through")

        // The caller closes its end of stdout: the guest gets SIGPIPE, as natively (`yes | head`).
        let closed = try Spawn.run(["/bin/bash", "-c", "\"$0\" exec \"$1\" -- yes | head -c 2; echo \" status=${PIPESTATUS[0]}\"",
                                    Harness.binary, id], env: env(), stdin: nil, watchdog: 30)
        XCTAssertFalse(closed.timedOut, "exec did not end when its stdout reader went away")
        XCTAssertEqual(closed.text, "y\n status=141\n", closed.stderr)

        // 100 MB out, counted.
        let size = 100_000_000
        r = try cli(["exec", id, "--", "head", "-c", "\(size)", "/dev/zero"], keepStdout: false, watchdog: 120)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdoutBytes, size)
        XCTAssertLessThan(r.seconds, 30, "100 MB took \(r.seconds) s")
        print("lifecycle: exec 100 MB of output: \(String(format: "%.2f", r.seconds)) s, "
              + "\(String(format: "%.0f", Double(size) / r.seconds / 1e6)) MB/s")
    }

    // MARK: - 4. Concurrent execs

    func testEightConcurrentExecsInOneSandbox() throws {
        let id = try create()
        let results = Locked<[Int: CLIResult]>([:])
        let errors = Locked<[String]>([])
        let group = DispatchGroup()
        let environment = env()
        let start = Date()
        for n in 0..<8 {
            group.enter()
            Thread {
                do {
                    let r = try Spawn.run([Harness.binary, "exec", id, "--", "/bin/sh", "-c",
                                           "sleep 1; echo exec-\(n) > /tmp/c\(n); cat /tmp/c\(n)"],
                                          env: environment, stdin: nil, watchdog: 60)
                    results.update { $0[n] = r }
                } catch {
                    errors.update { $0.append("exec \(n): \(error)") }
                }
                group.leave()
            }.start()
        }
        XCTAssertEqual(group.wait(timeout: .now() + 90), .success, "concurrent execs did not finish")
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(errors.value, [])
        for n in 0..<8 {
            let r = results.value[n]
            XCTAssertEqual(r?.status, 0, "exec \(n): \(r?.stderr ?? "no result")")
            XCTAssertEqual(r?.text, "exec-\(n)\n")
        }
        // Eight 1-second sleeps one after another would take at least 8 s.
        XCTAssertLessThan(elapsed, 6, "8 execs of `sleep 1` took \(elapsed) s: they did not run at once")
        let r = try sh(id, "cat /tmp/c0 /tmp/c1 /tmp/c2 /tmp/c3 /tmp/c4 /tmp/c5 /tmp/c6 /tmp/c7")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.text, (0..<8).map { "exec-\($0)\n" }.joined())
    }

    // MARK: - 5. Two sandboxes are isolated

    /// The spawner never executed anything of the guest's: its command line would be the
    /// supervisor's, with host paths and the policy's options in it. The guest sees a neutral name
    /// and none of its ptrace-class files.
    func testSpawnerShowsNothingOfTheHost() throws {
        let id = try create(["--input", "/usr/share:/hostshare"])
        let r = try sh(id, "tr '\\0' ' ' < /proc/2/cmdline; echo; cat /proc/2/comm; cat /proc/2/environ 2>&1 | head -c 80; echo; ls /proc/2/fd 2>&1; true")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.text.hasPrefix("safehouse-spawner \nsafehouse-spawner\n"), r.text)
        XCTAssertFalse(r.text.contains("/usr/share"), r.text)
        XCTAssertFalse(r.text.contains("serve-ready"), r.text)
        XCTAssertTrue(r.text.contains("Permission denied"), r.text)
    }

    /// cp moves files in and out through the sandbox's own filesystem and its rules.
    func testCpRoundTripsAFileAndObeysTheZones() throws {
        let id = try create()
        let dir = NSTemporaryDirectory() + "cp-\(hex(4))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let blob = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
        FileManager.default.createFile(atPath: dir + "/in", contents: blob)
        XCTAssertEqual(try cli(["cp", dir + "/in", "\(id):/tmp/copied"]).status, 0)
        XCTAssertEqual(try cli(["cp", "\(id):/tmp/copied", dir + "/out"]).status, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/out"), blob)
        // A read-only system zone refuses it, and nothing of the host changes.
        XCTAssertNotEqual(try cli(["cp", dir + "/in", "\(id):/usr/copied"]).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/usr/copied"))
        XCTAssertEqual(try cli(["cp", dir + "/in", "no-colon-here"]).status, 125)
    }

    /// The sandbox's event stream records each program it ran: its command, its status under the
    /// exit contract (with the reason for a timeout) and its CPU time; and the sandbox's own end.
    func testEventStreamRecordsEachExec() throws {
        let events = NSTemporaryDirectory() + "exec-events-\(hex(4)).jsonl"
        defer { unlink(events) }
        let id = try create(["--events", events])
        XCTAssertEqual(try cli(["exec", id, "--", "sh", "-c", "exit 3"]).status, 3)
        XCTAssertEqual(try cli(["exec", id, "--", "/usr/bin/python3", "-c", "sum(range(3000000))"]).status, 0)
        XCTAssertEqual(try cli(["exec", id, "--timeout", "0.5", "--", "sleep", "5"]).status, 124)
        XCTAssertEqual(try cli(["kill", id]).status, 0)
        let lines = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let execs = objects.filter { $0["type"] as? String == "exec" }
        XCTAssertEqual(execs.map { $0["status"] as? Int }, [3, 0, 124], "\(execs)")
        XCTAssertEqual(execs.first?["command"] as? [String], ["sh", "-c", "exit 3"])
        XCTAssertGreaterThan(execs.dropFirst().first?["cpu_seconds"] as? Double ?? 0, 0.01, "\(execs)")
        XCTAssertEqual(execs.last?["reason"] as? String, "timeout")
        let end = objects.last { $0["type"] as? String == "exit" }
        XCTAssertEqual(end?["reason"] as? String, "killed on request", "\(String(describing: end))")
    }

    func testTwoSandboxesAreIsolated() throws {
        let a = try create(["--name", "life-a-\(hex(4))"])
        let b = try create(["--name", "life-b-\(hex(4))"])
        XCTAssertNotEqual(a, b)
        let marker = newMarker(300)
        var r = try sh(a, "echo secret > /tmp/onlyA; echo home > /home/sandbox/onlyA; sleep \(marker) </dev/null >/dev/null 2>&1 & echo $!")
        XCTAssertEqual(r.status, 0, r.stderr)
        let guestPid = try XCTUnwrap(Int(r.text.trimmingCharacters(in: .whitespacesAndNewlines)), r.text)
        XCTAssertTrue(Harness.waitUntil(5) { hostSleepPids(marker).count == 1 })
        let hostPid = try XCTUnwrap(hostSleepPids(marker).first)

        r = try sh(b, "test -e /tmp/onlyA && echo visible; test -e /home/sandbox/onlyA && echo visible; echo b > /tmp/onlyB; true")
        XCTAssertEqual(r.text, "", "A's files are visible in B")
        r = try sh(a, "test -e /tmp/onlyB && echo visible; cat /tmp/onlyA")
        XCTAssertEqual(r.text, "secret\n", "B's file is visible in A, or A lost its own")

        // B's /proc has no such process.
        r = try python(b, Self.pyFindSleep + "print(find(sys.argv[1]))", [marker])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.text, "[]\n", "A's process is visible in B")
        // Signals from B with A's guest pid number and with its host pid number hit nothing of A
        // (they may hit B's own processes: a test of A's survival, not of B's status).
        _ = try sh(b, "kill -KILL \(guestPid) 2>/dev/null; kill -STOP \(guestPid) 2>/dev/null; true")
        _ = try sh(b, "kill -KILL \(hostPid) 2>/dev/null; true")
        _ = try python(b, "import os, signal\nfor p in (\(guestPid), \(hostPid)):\n    try: os.kill(p, signal.SIGKILL)\n    except OSError: pass")
        usleep(200_000)
        XCTAssertEqual(hostSleepPids(marker), [hostPid], "A's process was killed from B")
        XCTAssertEqual(processState(hostPid).map { $0 != "T" }, true, "A's process was stopped from B")
        r = try sh(a, "kill -0 \(guestPid) && echo alive")
        XCTAssertEqual(r.text, "alive\n", "A no longer sees its process")
        // Killing B leaves A alone.
        XCTAssertEqual(try cli(["kill", b]).status, 0)
        XCTAssertEqual(hostSleepPids(marker), [hostPid], "killing B killed A's process")
        XCTAssertEqual(try sh(a, "cat /tmp/onlyA").text, "secret\n")
    }

    // MARK: - 6. A guest cannot forge its way to the exec channel or another sandbox

    func testGuestCannotReachTheExecChannelOrOtherSandboxes() throws {
        let a = try create()
        let b = try create()
        // The host runtime dir: safehouse's own, 0700, owned by the invoker.
        var st = stat()
        XCTAssertEqual(lstat(runtimeDir, &st), 0, "runtime dir \(runtimeDir) not created")
        XCTAssertEqual(st.st_mode & 0o7777, 0o700, "runtime dir mode \(String(st.st_mode & 0o7777, radix: 8))")
        XCTAssertEqual(st.st_uid, geteuid())
        XCTAssertTrue(st.st_mode & S_IFMT == S_IFDIR)
        for entry in runtimeEntries() {
            var est = stat()
            guard lstat(entry, &est) == 0 else { continue }
            XCTAssertEqual(est.st_mode & 0o002, 0, "\(entry) is world-writable")
            XCTAssertEqual(est.st_uid, geteuid(), "\(entry) is not owned by the invoker")
        }

        // A second exec of A runs in the foreground, so A has a process holding exec-passed fds.
        let holdMarker = newMarker(300)
        let environment = env()
        let holder = Locked<CLIResult?>(nil)
        let holderDone = DispatchSemaphore(value: 0)
        Thread {
            let r = try? Spawn.run([Harness.binary, "exec", a, "--", "sleep", holdMarker], env: environment, stdin: nil, watchdog: 120)
            holder.update { $0 = r }
            holderDone.signal()
        }.start()
        XCTAssertTrue(Harness.waitUntil(5) { hostSleepPids(holdMarker).count == 1 }, "holder exec did not start")
        let bMarker = newMarker(300)
        XCTAssertEqual(try sh(b, "sleep \(bMarker) </dev/null >/dev/null 2>&1 &").status, 0)
        XCTAssertTrue(Harness.waitUntil(5) { hostSleepPids(bMarker).count == 1 })

        let hostPaths = [runtimeDir] + Array(runtimeEntries().prefix(40))
        let forge = try python(a, Self.pyForge, [runtimeDir, a, b] + hostPaths, watchdog: 120)
        XCTAssertEqual(forge.status, 0, forge.stderr)
        let lines = forge.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.last, "done", forge.text + forge.stderr)
        XCTAssertEqual(lines.filter { $0.hasPrefix("FINDING") }, [], "the guest reached something it must not")
        let checked = lines.first { $0.hasPrefix("checked=") }.flatMap { Int($0.dropFirst(8)) } ?? 0
        XCTAssertGreaterThanOrEqual(checked, 3, "the guest saw no descriptors of its other processes: \(forge.text)")
        print("lifecycle: forge attempt checked \(checked) descriptors of other guest processes")

        // kill(-1, SIGKILL) from a guest: guest processes may die, no host process does.
        let hostMarker = newMarker(300)
        let hostSleep = try Spawn.start(["/bin/sleep", hostMarker], env: environment)
        hostChildren.append(hostSleep)
        XCTAssertTrue(Harness.waitUntil(5) { hostSleepPids(hostMarker) == [hostSleep] })
        let supervisorA = try XCTUnwrap(try ps().first { $0.id == a }).pid
        let supervisorB = try XCTUnwrap(try ps().first { $0.id == b }).pid
        let killAll = try python(a, "import os, signal\nos.kill(-1, signal.SIGKILL)\nprint('sent')", watchdog: 30)
        print("lifecycle: kill(-1, SIGKILL) in the guest: exec status \(killAll.status)")
        usleep(300_000)
        XCTAssertEqual(hostSleepPids(hostMarker), [hostSleep], "a host process was killed by the guest's kill(-1)")
        XCTAssertEqual(kill(getpid(), 0), 0)
        XCTAssertTrue(isAlive(supervisorB), "B's supervisor was killed by A's guest")
        XCTAssertEqual(hostSleepPids(bMarker).count, 1, "B's process was killed by A's guest")
        XCTAssertEqual(try sh(b, "echo b-ok").text, "b-ok\n")
        let after = try sh(a, "echo still")
        XCTAssertTrue([0, 125].contains(after.status), "exec after kill(-1): \(after.status) \(after.stderr)")
        if after.status == 0 {
            XCTAssertEqual(after.text, "still\n")
            XCTAssertTrue(isAlive(supervisorA))
        } else {
            XCTAssertFalse(after.stderr.isEmpty, "125 without a reason")
            let listed = (try? psQuiet().contains { $0.id == a }) ?? false
            print("lifecycle: after kill(-1, SIGKILL) exec says \(after.stderr.trimmingCharacters(in: .whitespacesAndNewlines)); "
                  + "ps \(listed ? "still lists" : "no longer lists") the sandbox")
        }
        XCTAssertEqual(holderDone.wait(timeout: .now() + 30), .success, "holder exec still running after kill(-1)")
        print("lifecycle: holder exec status after kill(-1): \(holder.value?.status.description ?? "none")")
    }

    /// kill(-1, SIGSTOP) from a guest stops every process it may signal, the sandbox's own
    /// helpers included if it can reach them: the next exec must still answer (run, or 125), not
    /// hang, and `kill` must still end the sandbox.
    func testGuestStoppingEverythingDoesNotWedgeExec() throws {
        let id = try create()
        let marker = newMarker(300)
        XCTAssertEqual(try sh(id, "sleep \(marker) </dev/null >/dev/null 2>&1 &").status, 0)
        XCTAssertTrue(Harness.waitUntil(5) { hostSleepPids(marker).count == 1 })
        // The exec that stops everything may itself never be answered: its own watchdog, no failure here.
        let stopper = try Spawn.run([Harness.binary, "exec", id, "--", "/usr/bin/python3", "-c",
                                     "import os, signal\nos.kill(-1, signal.SIGSTOP)\nprint('stopped')"],
                                    env: env(), stdin: nil, watchdog: 10)
        print("lifecycle: kill(-1, SIGSTOP) exec: status \(stopper.status)\(stopper.timedOut ? " (watchdog: no answer in 10 s)" : "")")
        let next = try Spawn.run([Harness.binary, "exec", id, "--", "/bin/echo", "answered"], env: env(), stdin: nil, watchdog: 10)
        XCTAssertFalse(next.timedOut, "exec hangs after a guest's kill(-1, SIGSTOP)")
        XCTAssertTrue([0, 125].contains(next.status), "exec after kill(-1, SIGSTOP): \(next.status) \(next.stderr)")
        if next.status == 0 { XCTAssertEqual(next.text, "answered\n") }
        let start = Date()
        let k = try cli(["kill", id], watchdog: 20)
        XCTAssertEqual(k.status, 0, k.stderr)
        XCTAssertTrue(Harness.waitUntil(2) { hostSleepPids(marker).isEmpty }, "a stopped guest process survived kill")
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
    }

    // MARK: - 7. kill ends everything

    func testKillEndsDaemonsStoppedAndManyProcesses() throws {
        let id = try create()
        let marker = newMarker(1000)
        let quiet = "</dev/null >/dev/null 2>&1"
        let r = try sh(id, """
            setsid sh -c 'sleep \(marker) \(quiet) &' \(quiet)
            sleep \(marker) \(quiet) & echo $! > /tmp/to-stop
            i=0; while [ $i -lt 100 ]; do sleep \(marker) \(quiet) & i=$((i+1)); done
            """, watchdog: 60)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(Harness.waitUntil(15) { hostSleepPids(marker).count == 102 },
                      "expected 102 guest sleeps, host sees \(hostSleepPids(marker).count)")
        // Stopped only once it runs sleep (a STOP right after the fork could catch the shell before exec).
        XCTAssertEqual(try sh(id, "kill -STOP $(cat /tmp/to-stop)").status, 0)
        XCTAssertTrue(Harness.waitUntil(5) { hostSleepPids(marker).filter { processState($0) == "T" }.count == 1 })
        let supervisor = try ps().first { $0.id == id }?.pid

        let start = Date()
        let k = try cli(["kill", id], watchdog: 30)
        let returned = Date().timeIntervalSince(start)
        XCTAssertEqual(k.status, 0, k.stderr)
        let gone = Harness.waitUntil(max(0, 1 - returned)) { hostSleepPids(marker).isEmpty }
        let goneAfter = Date().timeIntervalSince(start)
        XCTAssertTrue(gone, "\(hostSleepPids(marker).count) guest processes remain 1 s after kill started")
        print("lifecycle: kill of 102 processes (setsid daemon, stopped, 100 sleeps): CLI returned after "
              + "\(String(format: "%.1f", returned * 1000)) ms, last process gone after \(String(format: "%.1f", goneAfter * 1000)) ms")
        if let supervisor { XCTAssertTrue(Harness.waitUntil(2) { !isAlive(supervisor) }, "supervisor survived kill") }
        XCTAssertEqual(try cli(["exec", id, "--", "/bin/true"]).status, 125)
    }

    // MARK: - 8. The supervisor killed with SIGKILL takes its guests with it

    func testSupervisorSigkillLeavesNoGuestProcess() throws {
        let id = try create()
        let marker = newMarker(1000)
        let quiet = "</dev/null >/dev/null 2>&1"
        let scratchName = "scratch-" + marker
        var r = try sh(id, """
            echo data > /tmp/\(scratchName); echo data > /home/sandbox/\(scratchName)
            setsid sh -c 'sleep \(marker) \(quiet) &' \(quiet)
            sleep \(marker) \(quiet) & echo $! > /tmp/to-stop
            sleep \(marker) \(quiet) &
            """)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(Harness.waitUntil(5) { hostSleepPids(marker).count == 3 })
        XCTAssertEqual(try sh(id, "kill -STOP $(cat /tmp/to-stop)").status, 0)
        XCTAssertTrue(Harness.waitUntil(5) { hostSleepPids(marker).filter { processState($0) == "T" }.count == 1 })
        let supervisor = try XCTUnwrap(try ps().first { $0.id == id }, "ps does not list \(id)").pid
        XCTAssertNotEqual(supervisor, getpid())
        XCTAssertTrue(isSafehouse(supervisor), "ps's PID \(supervisor) is not a safehouse process; not killing it")
        guard isSafehouse(supervisor) else { return }
        // Where the scratch storage lives on the host, if it is on a host path at all.
        let scratchOnHost = findHostFiles(named: scratchName)
        print("lifecycle: scratch files on host paths: \(scratchOnHost.isEmpty ? "none (not on a host path)" : scratchOnHost.joined(separator: ", "))")

        XCTAssertEqual(kill(supervisor, SIGKILL), 0)
        XCTAssertTrue(Harness.waitUntil(2) { hostSleepPids(marker).isEmpty },
                      "\(hostSleepPids(marker).count) guest processes outlived their supervisor by 2 s")
        XCTAssertTrue(Harness.waitUntil(2) { scratchOnHost.allSatisfy { access($0, F_OK) != 0 } },
                      "scratch storage survived: \(scratchOnHost.filter { access($0, F_OK) == 0 })")
        XCTAssertEqual(findHostFiles(named: scratchName), [], "scratch files on the host after the supervisor died")
        r = try cli(["exec", id, "--", "/bin/true"])
        XCTAssertEqual(r.status, 125, "exec into a sandbox whose supervisor is dead: \(r.stderr)")
        XCTAssertFalse(r.stderr.isEmpty)
        XCTAssertFalse(try ps().contains { $0.id == id }, "ps lists a sandbox whose supervisor is dead")
    }

    // MARK: - 8b. A terminal of its own, limits of its own, the scratch quota

    /// exec --tty: stdin, stdout and stderr are a terminal the caller made, which is the program's
    /// controlling terminal (^C typed into it interrupts the foreground job, as at a local
    /// terminal); the caller's input reaches it and its end ends it; the line discipline stays.
    func testExecTTYGivesTheProgramATerminal() throws {
        let id = try create()
        var r = try cli(["exec", id, "--tty", "--", "/bin/sh", "-c",
                         "test -t 0 && test -t 1 && test -t 2 && echo all-terminal; read line; echo got=$line; exit 7"],
                        stdin: Data("hello\n".utf8), watchdog: 30)
        XCTAssertEqual(r.status, 7, r.text + r.stderr)
        XCTAssertTrue(r.text.contains("all-terminal"), r.text)
        XCTAssertTrue(r.text.contains("got=hello"), r.text)
        r = try sh(id, "test -t 0 || test -t 1 || echo no-terminal")
        XCTAssertEqual(r.text, "no-terminal\n", "without --tty the program has the caller's pipes")
        // /dev/tty is the opener's controlling terminal: the pty with --tty, none (ENXIO) without.
        r = try cli(["exec", id, "--tty", "--", "/bin/sh", "-c", "echo via-dev-tty > /dev/tty"], stdin: Data(), watchdog: 30)
        XCTAssertTrue(r.text.contains("via-dev-tty"), r.text + r.stderr)
        r = try sh(id, "echo x > /dev/tty")
        XCTAssertTrue(r.stderr.contains("No such device or address"), r.stderr)

        let interrupted = try Spawn.run(["/bin/bash", "-c",
                                         "(sleep 1; printf '\\003') | \"$0\" exec \"$1\" --tty -- /bin/sleep 30; echo \" status=$?\"",
                                         Harness.binary, id], env: env(), stdin: nil, watchdog: 30)
        XCTAssertTrue(interrupted.text.hasSuffix(" status=130\n"), interrupted.text + interrupted.stderr)
        XCTAssertLessThan(interrupted.seconds, 10)

        // The end of the caller's input is end of file at the terminal (^D), after a line not
        // ended by a newline too.
        r = try cli(["exec", id, "--tty", "--", "/bin/sh", "-c", "cat; echo cat-ended"], stdin: Data("abc\n".utf8), watchdog: 30)
        XCTAssertTrue(r.text.contains("cat-ended"), r.text)
        r = try cli(["exec", id, "--tty", "--", "/bin/sh", "-c", "read v; echo got=$v"], stdin: Data("partial".utf8), watchdog: 30)
        XCTAssertTrue(r.text.contains("got=partial"), r.text)

        r = try cli(["exec", id, "--tty", "--", "/usr/bin/python3", "-c",
                     "import fcntl, struct\ntry:\n fcntl.ioctl(0, 0x5423, struct.pack('i', 0)); print('TIOCSETD allowed')\nexcept PermissionError: print('TIOCSETD refused')"],
                    stdin: Data(), watchdog: 30)
        XCTAssertTrue(r.text.contains("TIOCSETD refused"), r.text)
    }

    /// Per-exec limits lower the sandbox's for one program and its children, never raise them;
    /// the next program has the sandbox's again. Bad values are refused as the policy refuses them.
    func testExecLimitsLowerTheSandboxsAndNeverRaiseThem() throws {
        let id = try create(["--open-files", "256"])
        var r = try cli(["exec", id, "--open-files", "64", "--cpu-seconds", "7", "--", "/bin/sh", "-c",
                         "ulimit -n; ulimit -Hn; ulimit -t"])
        XCTAssertEqual(r.text, "64\n64\n7\n", r.stderr)
        XCTAssertEqual(try sh(id, "ulimit -n").text, "256\n")
        // head is killed by SIGXFSZ at the limit (the shell says 153); the file holds the limit.
        r = try cli(["exec", id, "--file-size", "4K", "--", "/bin/sh", "-c",
                     "head -c 10000 /dev/zero > /tmp/f; echo $?; wc -c < /tmp/f"])
        XCTAssertEqual(r.text, "153\n4096\n", r.stderr)

        r = try cli(["exec", id, "--open-files", "1024", "--", "/bin/true"])
        XCTAssertEqual(r.status, 125)
        XCTAssertTrue(r.stderr.contains("above the sandbox's (256)"), r.stderr)
        for bad in [["--open-files", "0"], ["--open-files", "-1"], ["--file-size", "1Q"], ["--cpu-seconds", "x"],
                    ["--open-files", "99999999999999999999"], ["--cpu-seconds"]] {
            r = try cli(["exec", id] + bad + ["--", "/bin/true"])
            XCTAssertEqual(r.status, 125, "\(bad): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("safehouse: "), "\(bad): \(r.stderr)")
        }
    }

    /// Memory and task limits of one program (and what it starts), inside the sandbox's: a memory
    /// bomb ends with its own "out of memory" while the sandbox goes on; a fork bomb is contained
    /// at its own task limit and the next program forks freely; no cgroup is left behind.
    func testExecMemoryAndTaskLimitsHoldForOneProgram() throws {
        let id = try create(["--memory", "512M", "--pids", "200"])
        var r = try cli(["exec", id, "--memory", "64M", "--", "/usr/bin/python3", "-c",
                         "b = bytearray(200 << 20)\nfor i in range(0, len(b), 4096): b[i] = 1\nprint('survived')"], watchdog: 60)
        XCTAssertEqual(r.status, 137, r.text + r.stderr)
        XCTAssertFalse(r.text.contains("survived"))
        XCTAssertTrue(r.stderr.contains("out of memory"), r.stderr)
        // The same allocation without the program's own limit fits the sandbox's.
        r = try cli(["exec", id, "--", "/usr/bin/python3", "-c",
                     "b = bytearray(200 << 20)\nfor i in range(0, len(b), 4096): b[i] = 1\nprint('survived')"], watchdog: 60)
        XCTAssertEqual(r.text, "survived\n", r.stderr)

        r = try cli(["exec", id, "--pids", "5", "--", "/bin/sh", "-c",
                     "n=0; for i in 1 2 3 4 5 6 7 8 9 10; do sleep 2 2>/dev/null & n=$((n+1)); done; wait; echo started"], watchdog: 60)
        XCTAssertTrue(r.stderr.contains("Cannot fork") || r.stderr.contains("fork"), r.stderr)
        r = try sh(id, "for i in 1 2 3 4 5 6 7 8 9 10; do true & done; wait; echo forked-freely")
        XCTAssertEqual(r.text, "forked-freely\n", r.stderr)

        for bad in [["--memory", "1G"], ["--pids", "201"]] {
            r = try cli(["exec", id] + bad + ["--", "/bin/true"])
            XCTAssertEqual(r.status, 125, "\(bad)")
            XCTAssertTrue(r.stderr.contains("above the sandbox's"), r.stderr)
        }
        XCTAssertEqual(try cli(["kill", id]).status, 0)
        let left = ["/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids"].flatMap { root in
            ((try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? [])
                .filter { ($0 as NSString).lastPathComponent.hasPrefix("exec-") }
        }
        XCTAssertEqual(left, [], "programs' cgroups left behind")
    }

    /// A scratch zone's quota: writing past it is ENOSPC (dd stops there), freed space is usable
    /// again and other zones are not affected.
    func testScratchQuotaIsENOSPCAndTheSandboxGoesOn() throws {
        let id = try create(["--scratch", "/tmp:4M"])
        var r = try sh(id, "dd if=/dev/zero of=/tmp/big bs=1M count=10 2>&1; echo status=$?; wc -c < /tmp/big")
        XCTAssertTrue(r.text.contains("No space left on device"), r.text)
        XCTAssertTrue(r.text.contains("status=1\n"), r.text)
        let size = Int(r.text.split(separator: "\n").last ?? "") ?? -1
        XCTAssertLessThanOrEqual(size, 4 << 20, r.text)
        XCTAssertGreaterThan(size, 3 << 20, r.text)
        r = try sh(id, "rm /tmp/big && echo ok > /tmp/small && cat /tmp/small && head -c 5000000 /dev/zero > /home/sandbox/f && wc -c < /home/sandbox/f")
        XCTAssertEqual(r.text, "ok\n5000000\n", r.stderr)
    }

    // MARK: - 9. Idle timeout

    func testIdleTimeoutEndsAnUnusedSandbox() throws {
        let idle = try create(["--idle-timeout", "1"])
        let busy = try create(["--idle-timeout", "1"])
        let idlePid = try XCTUnwrap(try ps().first { $0.id == idle }).pid
        // An exec longer than the idle timeout is not cut short.
        let r = try sh(busy, "sleep 2.5; echo finished")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.text, "finished\n")
        // `idle` has had no exec for > 3 s by now; give it up to 3 s more under load.
        sleep(1)
        XCTAssertTrue(Harness.waitUntil(3) { (try? self.psQuiet().contains { $0.id == idle }) == false },
                      "ps still lists a sandbox idle for 3 s with --idle-timeout 1")
        XCTAssertTrue(Harness.waitUntil(2) { !isAlive(idlePid) }, "idle sandbox's supervisor still alive")
        XCTAssertEqual(try cli(["exec", idle, "--", "/bin/true"]).status, 125)
        XCTAssertTrue(Harness.waitUntil(4) { (try? self.psQuiet().contains { $0.id == busy }) == false },
                      "the busy sandbox was not ended 1 s after its exec")
    }

    // MARK: - 10. Bad input

    func testBadInputExits125() throws {
        for args in [["exec", "sb-000000000000", "--", "/bin/true"], ["exec", "no-such-sandbox", "--", "/bin/true"],
                     ["kill", "sb-000000000000"], ["kill", "no-such-sandbox"], ["kill", "../rt"]] {
            let r = try cli(args)
            XCTAssertEqual(r.status, 125, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): one line, got \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("safehouse: "), "\(args): \(r.stderr)")
        }
        for name in ["../x", "", String(repeating: "a", count: 300), "a/b", ".", ".."] {
            let r = try cli(["create", "--name=\(name)"])
            if r.status == 0 { created.append(r.text.trimmingCharacters(in: .whitespacesAndNewlines)) }
            XCTAssertEqual(r.status, 125, "--name '\(name)': \(r.stderr)")
            XCTAssertEqual(r.stdout.count, 0, "--name '\(name)' printed an id")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "--name '\(name)': one line, got \(r.stderr)")
        }
        XCTAssertEqual(access(root + "/x", F_OK), -1, "--name ../x wrote outside the runtime dir")
        XCTAssertEqual(try psQuiet().map(\.id), [], "a rejected create left a sandbox")
        for args in [["create", "--memory", "lots"], ["create", "--idle-timeout", "-1"], ["create", "--idle-timeout", "soon"],
                     ["create", "--bogus"]] {
            let r = try cli(args)
            if r.status == 0 { created.append(r.text.trimmingCharacters(in: .whitespacesAndNewlines)) }
            XCTAssertEqual(r.status, 125, "\(args): \(r.stderr)")
        }
        XCTAssertEqual(try psQuiet().map(\.id), [], "a rejected create left a sandbox")

        // A duplicate name is an error, and leaves the first sandbox alone.
        let name = "life-dup-\(hex(4))"
        XCTAssertEqual(try create(["--name", name]), name)
        let dup = try cli(["create", "--name", name])
        XCTAssertEqual(dup.status, 125, dup.stderr)
        XCTAssertEqual(try ps().filter { $0.id == name }.count, 1)
        XCTAssertEqual(try sh(name, "echo ok").text, "ok\n")
        // exec with no program, or an option after the id it does not know.
        for args in [["exec", name, "--"], ["exec", name, "--bogus", "--", "/bin/true"],
                     ["exec", name, "--timeout", "0", "--", "/bin/true"], ["exec", name, "--timeout", "-1", "--", "/bin/true"],
                     ["exec", name, "--timeout", "soon", "--", "/bin/true"]] {
            let r = try cli(args)
            XCTAssertEqual(r.status, 125, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("safehouse: "), "\(args): \(r.stderr)")
        }
    }

    // MARK: - Helpers

    private func env() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SAFEHOUSE_RUNTIME_DIR"] = runtimeDir
        return environment
    }

    private func cli(_ arguments: [String], stdin: Data? = nil, keepStdout: Bool = true,
                     watchdog: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line) throws -> CLIResult {
        let r = try Spawn.run([Harness.binary] + arguments, env: env(), stdin: stdin, watchdog: watchdog, keepStdout: keepStdout)
        if r.timedOut { XCTFail("watchdog: `safehouse \(arguments.joined(separator: " "))` ran \(watchdog) s", file: file, line: line) }
        return r
    }

    private func sh(_ id: String, _ script: String, watchdog: TimeInterval = 60) throws -> CLIResult {
        try cli(["exec", id, "--", "/bin/sh", "-c", script], watchdog: watchdog)
    }

    private func python(_ id: String, _ code: String, _ arguments: [String] = [], watchdog: TimeInterval = 60) throws -> CLIResult {
        try cli(["exec", id, "--", "/usr/bin/python3", "-c", code] + arguments, watchdog: watchdog)
    }

    /// `create OPTIONS`: the id it printed; fails the test unless it exits 0.
    private func create(_ options: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try cli(["create"] + options, watchdog: 60)
        let id = r.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !id.isEmpty { created.append(id) }
        guard r.status == 0, !id.isEmpty, r.text == id + "\n" else {
            XCTFail("create \(options): status \(r.status), stdout \(r.text.debugDescription), stderr \(r.stderr)", file: file, line: line)
            throw LifecycleError("create failed")
        }
        return id
    }

    struct Listed { let id: String; let pid: pid_t; let fields: [String] }

    /// `ps`, checked: exit 0, a header `ID PID CREATED EXECS`, then one line per sandbox.
    private func ps(file: StaticString = #filePath, line: UInt = #line) throws -> [Listed] {
        let r = try cli(["ps"], watchdog: 20)
        XCTAssertEqual(r.status, 0, "ps: \(r.stderr)", file: file, line: line)
        var lines = r.text.split(separator: "\n").map(String.init)
        guard !lines.isEmpty else { XCTFail("ps printed no header", file: file, line: line); return [] }
        let header = lines.removeFirst().split(whereSeparator: \.isWhitespace).map(String.init)
        // The contract's four columns first; more after them are allowed.
        XCTAssertEqual(Array(header.prefix(4)), ["ID", "PID", "CREATED", "EXECS"], "ps header", file: file, line: line)
        return lines.compactMap { text in
            let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
            guard fields.count >= header.count, fields.count >= 4, let pid = pid_t(fields[1]) else {
                XCTFail("ps line \(text.debugDescription)", file: file, line: line)
                return nil
            }
            return Listed(id: fields[0], pid: pid, fields: fields)
        }
    }

    /// `ps` without assertions (teardown, polling).
    private func psQuiet() throws -> [Listed] {
        let r = try Spawn.run([Harness.binary, "ps"], env: env(), stdin: nil, watchdog: 20)
        guard r.status == 0 else { throw LifecycleError("ps: \(r.status) \(r.stderr)") }
        return r.text.split(separator: "\n").dropFirst().compactMap { text in
            let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
            guard fields.count >= 2, let pid = pid_t(fields[1]) else { return nil }
            return Listed(id: fields[0], pid: pid, fields: fields)
        }
    }

    /// A fresh `SECONDS.DIGITS` argument for `sleep`, remembered so teardown can find leaks.
    private func newMarker(_ seconds: Int) -> String {
        let marker = "\(seconds).\(UInt32.random(in: 1_000_000...9_999_999))"
        markers.append(marker)
        return marker
    }

    /// Every path under the runtime dir.
    private func runtimeEntries() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: runtimeDir) else { return [] }
        return walker.compactMap { ($0 as? String).map { runtimeDir + "/" + $0 } }
    }

    private func hex(_ bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// Guest snippet: `find(arg)` → guest pids whose argv is exactly `sleep ARG`.
    static let pyFindSleep = """
        import os, sys
        def find(arg):
            out = []
            for p in os.listdir('/proc'):
                if not p.isdigit(): continue
                try: a = open('/proc/%s/cmdline' % p, 'rb').read().split(b'\\0')
                except OSError: continue
                if len(a) >= 2 and os.path.basename(a[0]) == b'sleep' and a[1] == arg.encode(): out.append(int(p))
            return sorted(out)

        """

    /// Guest program: argv = RUNTIME_DIR OWN_ID OTHER_ID HOST_PATH...; prints `checked=N`, one
    /// `FINDING ...` line per way in it found, then `done`.
    static let pyForge = """
        import ctypes, os, socket, stat, sys
        rt, own, other, host_paths = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        findings = []
        def note(*a): findings.append(' '.join(str(x) for x in a))
        def try_connect(addr, what):
            for kind in (socket.SOCK_STREAM, socket.SOCK_SEQPACKET, socket.SOCK_DGRAM):
                s = socket.socket(socket.AF_UNIX, kind)
                s.settimeout(1)
                try:
                    s.connect(addr)
                    note('connected', what, repr(addr), kind)
                except OSError:
                    pass
                finally:
                    s.close()
        me, checked = os.getpid(), 0
        # 1. Every descriptor of every other process: reopen it through /proc, steal it with pidfd_getfd.
        for p in os.listdir('/proc'):
            if not p.isdigit() or int(p) == me: continue
            try: fds = os.listdir('/proc/%s/fd' % p)
            except OSError: continue
            pidfd = libc.syscall(434, int(p), 0)
            for fd in fds:
                path = '/proc/%s/fd/%s' % (p, fd)
                try: target = os.readlink(path)
                except OSError: target = '?'
                checked += 1
                if rt in target or 'safehouse' in target or own in target or other in target:
                    note('target', path, target)
                for flags in (os.O_RDONLY, os.O_WRONLY, os.O_RDWR):
                    try: f = os.open(path, flags | os.O_NONBLOCK | os.O_NOCTTY)
                    except OSError: continue
                    try:
                        m = os.fstat(f).st_mode
                        if stat.S_ISSOCK(m) or target.startswith(('socket:', 'anon_inode:')):
                            note('reopened', path, target, flags)
                    finally:
                        os.close(f)
                if pidfd >= 0:
                    g = libc.syscall(438, pidfd, int(fd), 0)
                    if g >= 0:
                        m = os.fstat(g).st_mode
                        if stat.S_ISSOCK(m) or not (stat.S_ISFIFO(m) or stat.S_ISCHR(m) or stat.S_ISREG(m) or stat.S_ISDIR(m)):
                            note('pidfd_getfd', path, target, oct(m))
                        os.close(g)
            if pidfd >= 0: os.close(pidfd)
        # 1b. Every pid that answers, listed in /proc or not (the sandbox's own init and spawner
        # among them): ptrace it, open its memory, steal descriptors 0-63 with pidfd_getfd.
        libc.ptrace.restype = ctypes.c_long
        listed = [int(p) for p in os.listdir('/proc') if p.isdigit()]
        for p in range(1, max(listed + [0]) + 64):
            if p == me: continue
            try: os.kill(p, 0)
            except OSError:
                if not os.path.exists('/proc/%d' % p): continue
            if libc.ptrace(16, p, 0, 0) == 0:  # PTRACE_ATTACH
                note('ptrace-attached', p)
                libc.ptrace(17, p, 0, 0)
            try:
                os.close(os.open('/proc/%d/mem' % p, os.O_RDWR))
                note('opened', '/proc/%d/mem' % p)
            except OSError:
                pass
            pidfd = libc.syscall(434, p, 0)
            if pidfd < 0: continue
            for fd in range(64):
                g = libc.syscall(438, pidfd, fd, 0)
                if g >= 0:
                    checked += 1
                    m = os.fstat(g).st_mode
                    if stat.S_ISSOCK(m) or not (stat.S_ISFIFO(m) or stat.S_ISCHR(m) or stat.S_ISREG(m) or stat.S_ISDIR(m)):
                        note('pidfd_getfd', p, fd, oct(m))
                    os.close(g)
            os.close(pidfd)
        # 2. Unix sockets on the guest's filesystem.
        def walk(d, depth):
            try: names = os.listdir(d)
            except OSError: return
            for n in names:
                p = os.path.join(d, n)
                try: st = os.lstat(p)
                except OSError: continue
                if stat.S_ISSOCK(st.st_mode): try_connect(p, 'path')
                elif stat.S_ISDIR(st.st_mode) and depth > 0: walk(p, depth - 1)
        for d in ('/run', '/var/run', '/tmp', '/var/tmp', '/dev/shm', '/home', '/root', '/'):
            walk(d, 0 if d == '/' else 5)
        # 3. Abstract sockets: the ones the guest can list, and guesses at safehouse's.
        names = set()
        try:
            for line in open('/proc/net/unix').read().splitlines()[1:]:
                parts = line.split()
                if len(parts) >= 8 and parts[7].startswith('@'): names.add(parts[7][1:])
        except OSError:
            pass
        for base in ('safehouse', 'safehouse-' + own, 'safehouse/' + own, own, other, 'safehouse-' + other,
                     rt, rt + '/' + own, rt + '/' + own + '.sock', rt + '/' + other, '/run/safehouse'):
            names.add(base)
        for n in sorted(names): try_connect('\\0' + n, 'abstract')
        # 4. The host runtime dir and what is in it do not exist here.
        for p in [rt, '/run/safehouse'] + host_paths:
            if os.path.lexists(p): note('exists', p)
            try_connect(p, 'host path')
        print('checked=%d' % checked)
        for f in findings: print('FINDING', f)
        print('done')
        """

    /// Host pids whose argv is exactly `sleep ARG` (argv[0] may be a path).
    private func hostSleepPids(_ arg: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/cmdline") else { return false }
            defer { try? handle.close() }
            let argv = handle.readDataToEndOfFile().split(separator: 0, omittingEmptySubsequences: false)
            guard argv.count >= 2 else { return false }
            let zero = String(decoding: argv[0], as: UTF8.self)
            return (zero == "sleep" || zero.hasSuffix("/sleep")) && String(decoding: argv[1], as: UTF8.self) == arg
        }.sorted()
    }

    /// The state letter of /proc/PID/stat (R, S, T, Z, ...).
    private func processState(_ pid: pid_t) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ").first.map(String.init)
    }

    /// Running, stopped or sleeping; not a zombie (this VM's pid 1 can be slow to reap orphans).
    private func isAlive(_ pid: pid_t) -> Bool {
        guard let state = processState(pid) else { return false }
        return state != "Z" && state != "X"
    }

    private func isSafehouse(_ pid: pid_t) -> Bool {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe") else { return false }
        return exe.contains("safehouse")
    }

    /// Files named NAME in host directories scratch storage could plausibly live in (depth ≤ 5).
    private func findHostFiles(named name: String) -> [String] {
        var found: [String] = []
        func walk(_ dir: String, _ depth: Int) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
            for entry in names {
                let path = dir == "/" ? "/" + entry : dir + "/" + entry
                var st = stat()
                guard lstat(path, &st) == 0 else { continue }
                if entry == name { found.append(path) }
                if st.st_mode & S_IFMT == S_IFDIR, depth > 0 { walk(path, depth - 1) }
            }
        }
        for dir in ["/tmp", "/var/tmp", "/dev/shm", "/run", "/var/lib/safehouse", runtimeDir] { walk(dir, 5) }
        return Array(Set(found)).sorted()
    }
}

struct LifecycleError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}

struct CLIResult: Sendable {
    var status: Int32
    var stdout: Data
    var stdoutBytes: Int
    var stderr: String
    var seconds: Double
    /// False when stdout/stderr were still open 10 s after the CLI exited (someone else holds them).
    var streamsClosed: Bool
    var timedOut: Bool
    var stdinInode: UInt64
    var stdoutInode: UInt64
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// posix_spawn with close-on-exec pipes and default signal dispositions, a watchdog, and stdin
/// written while stdout is read (so a guest echoing megabytes back cannot deadlock it).
enum Spawn {
    private static let spawnLock = NSLock()

    static func start(_ argv: [String], env: [String: String]) throws -> pid_t {
        try spawnLock.withLock { try spawn(argv, env: env, stdin: -1, stdout: -1, stderr: -1) }
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// glibc ≥ 2.34 (a GNU extension the Glibc module does not export).
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    private static func makePipe(_ fds: inout [Int32]) throws {
        guard pipe(&fds) == 0 else { throw LifecycleError("pipe: errno \(errno)") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    }

    static func run(_ argv: [String], env: [String: String], stdin: Data?, watchdog: TimeInterval,
                    keepStdout: Bool = true) throws -> CLIResult {
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        let started = Date()
        let pid: pid_t
        do {
            // Glibc's module has no pipe2: pipe + FD_CLOEXEC under the lock every spawn here takes,
            // so no concurrent spawn of this file inherits another's pipe.
            pid = try spawnLock.withLock {
                try makePipe(&output)
                try makePipe(&errors)
                if stdin != nil { try makePipe(&input) }
                return try spawn(argv, env: env, stdin: input[0], stdout: output[1], stderr: errors[1])
            }
        } catch {
            for fd in input + output + errors where fd >= 0 { close(fd) }
            throw error
        }
        let stdinInode = inode(stdin != nil ? input[0] : -1), stdoutInode = inode(output[0])
        close(output[1]); close(errors[1])
        if input[0] >= 0 { close(input[0]) }

        let outBox = Locked((Data(), 0)), errBox = Locked((Data(), 0))
        let readers = DispatchGroup()
        for (fd, box, keep) in [(output[0], outBox, keepStdout), (errors[0], errBox, true)] {
            readers.enter()
            Thread {
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    box.update { value in
                        value.1 += n
                        if keep { value.0.append(contentsOf: buffer[0..<n]) }
                    }
                }
                close(fd)
                readers.leave()
            }.start()
        }
        if let stdin, input[1] >= 0 {
            let fd = input[1]
            Thread {
                // A guest that exits without reading makes write fail with EPIPE: take SIGPIPE on
                // this thread only, blocked, and drop it, instead of killing the test runner.
                var pipeSet = sigset_t()
                sigemptyset(&pipeSet)
                sigaddset(&pipeSet, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &pipeSet, nil)
                stdin.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                        if n < 0 && errno == EINTR { continue }
                        if n <= 0 { break }
                        offset += n
                    }
                }
                close(fd)
                var zero = timespec(tv_sec: 0, tv_nsec: 0)
                while sigtimedwait(&pipeSet, nil, &zero) == SIGPIPE {}
            }.start()
        }

        let exited = DispatchSemaphore(value: 0)
        let statusBox = Locked<Int32>(0)
        Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            statusBox.update { $0 = status }
            exited.signal()
        }.start()
        var timedOut = false
        if exited.wait(timeout: .now() + watchdog) == .timedOut {
            timedOut = true
            kill(pid, SIGKILL)  // not reaped yet, so the pid is still ours
            exited.wait()
        }
        let seconds = Date().timeIntervalSince(started)
        // After the watchdog the pipes may be held by whoever wedged the CLI: do not wait long.
        let closed = readers.wait(timeout: .now() + (timedOut ? 2 : 10)) == .success
        let raw = statusBox.value
        let status = raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        let (out, outCount) = outBox.value
        return CLIResult(status: status, stdout: out, stdoutBytes: outCount,
                         stderr: String(decoding: errBox.value.0, as: UTF8.self), seconds: seconds,
                         streamsClosed: closed, timedOut: timedOut, stdinInode: stdinInode, stdoutInode: stdoutInode)
    }

    private static func inode(_ fd: Int32) -> UInt64 {
        var st = stat()
        return fd >= 0 && fstat(fd, &st) == 0 ? UInt64(st.st_ino) : 0
    }

    /// fd -1: /dev/null for that stream.
    private static func spawn(_ argv: [String], env: [String: String], stdin: Int32, stdout: Int32, stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, target) in [(stdin, Int32(0)), (stdout, 1), (stderr, 2)] {
            if fd >= 0 {
                posix_spawn_file_actions_adddup2(&actions, fd, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
        // Only 0, 1 and 2 reach the CLI, as from a shell: the test runner's own descriptors
        // (sockets among them) must not show up in a guest and be mistaken for a leak.
        if let addCloseFrom { _ = addCloseFrom(&actions, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), mask = sigset_t()
        sigemptyset(&defaults)
        for signal: Int32 in 1..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, signal) }
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard rc == 0 else { throw LifecycleError("posix_spawn \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }
}
