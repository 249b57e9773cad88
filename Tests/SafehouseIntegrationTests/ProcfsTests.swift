import Foundation
import XCTest

/// Real tools reading the synthetic /proc (and /sys) inside the sandbox: ps, top, free, nproc,
/// readlink, Python's os, multiprocessing and subprocess, uname and hostname. Each test checks
/// the tool's exit status and parses what it printed against what the sandbox must be: its own
/// small machine (its pids, its CPU count, its memory limit, its clock, its identity).
final class ProcfsTests: XCTestCase {
    // MARK: - ps

    func testPsAuxShowsOnlySandboxProcesses() throws {
        // A host process with a unique command line that must not show up.
        let marker = "safehouse-procfs-host-\(UInt32.random(in: 1_000_000...9_999_999))"
        let host = try startHostMarker(marker)
        defer { host.terminate(); host.waitUntilExit() }

        let result = try bash("""
            sleep 30 &
            echo "sleep=$! shell=$$ user=$(id -un)"
            ps aux
            kill $!
            """)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stderr, "", "ps complained")
        var lines = result.stdout.split(separator: "\n").map(String.init)
        guard lines.count >= 2, let ids = keyValues(lines.removeFirst()),
              let sleepPID = Int(ids["sleep"] ?? ""), let shellPID = Int(ids["shell"] ?? "") else {
            return XCTFail("unexpected output:\n\(result.stdout)")
        }
        let header = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        XCTAssertEqual(header.prefix(2), ["USER", "PID"], result.stdout)
        XCTAssertEqual(header.last, "COMMAND", result.stdout)
        // USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND...
        let rows = lines.map { $0.split(separator: " ", maxSplits: 10, omittingEmptySubsequences: true).map(String.init) }
        XCTAssertFalse(rows.isEmpty, result.stdout)
        var pids: [Int: String] = [:]
        for row in rows {
            guard row.count == 11, let pid = Int(row[1]) else { XCTFail("unparsable ps row: \(row)"); continue }
            pids[pid] = row[10]
            XCTAssertEqual(row[0], ids["user"], "a process of another user: \(row)")
            XCTAssertGreaterThan(pid, 0)
            XCTAssertLessThan(pid, 1000, "not a sandbox pid: \(row)")
            XCTAssertNotNil(Double(row[2]), "%CPU: \(row)")
            XCTAssertNotNil(Double(row[3]), "%MEM: \(row)")
            XCTAssertNotNil(Int(row[4]), "VSZ: \(row)")
            XCTAssertNotNil(Int(row[5]), "RSS: \(row)")
        }
        XCTAssertLessThanOrEqual(rows.count, 5, "more processes than the sandbox runs:\n\(result.stdout)")
        XCTAssertEqual(pids[sleepPID], "sleep 30", result.stdout)
        XCTAssertEqual(pids[shellPID]?.hasPrefix("/bin/bash"), true, result.stdout)
        XCTAssertTrue(pids.values.contains("ps aux"), "ps does not list itself:\n\(result.stdout)")
        assertNoHostProcess(in: result.stdout, marker: marker)
        for hostPID in [getpid(), host.processIdentifier] {
            XCTAssertNil(pids[Int(hostPID)], "host pid \(hostPID) is listed:\n\(result.stdout)")
        }
    }

    /// An invoker that is not root: the supervisor opens the sandbox's root and reads its procfs
    /// without privileges (init stays dumpable until the supervisor has opened its root).
    func testUnprivilegedInvokerSeesTheSameProc() throws {
        guard geteuid() == 0 else { throw XCTSkip("needs root to switch to an unprivileged user") }
        let dir = try FileManager.default.url(for: .itemReplacementDirectory, in: .userDomainMask,
                                              appropriateFor: URL(fileURLWithPath: "/tmp"), create: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(chmod(dir.path, 0o755), 0)
        let binary = dir.appendingPathComponent("safehouse").path
        try FileManager.default.copyItem(atPath: Harness.binary, toPath: binary)
        let result = try Harness.runHost("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
            binary, "run", "--", "/bin/sh", "-c",
            "grep -E '^(Uid|Pid):' /proc/self/status; readlink /proc/self/exe; cat /proc/sys/kernel/hostname"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, result.stdout)
        XCTAssertTrue(lines.first?.hasPrefix("Pid:") ?? false, result.stdout)
        XCTAssertEqual(lines.dropFirst().first, "Uid:\t1000\t1000\t1000\t1000")
        XCTAssertEqual(lines.dropFirst(2).first, "/usr/bin/readlink")
        XCTAssertEqual(lines.last, "sandbox")
    }

    func testPsEfParentRelationships() throws {
        let result = try bash("""
            sleep 30 &
            sleeper=$!
            sh -c 'echo "outer=$PPID inner=$$"; ps -ef; true'
            echo "sleep=$sleeper"
            kill $sleeper
            """)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stderr, "")
        var lines = result.stdout.split(separator: "\n").map(String.init)
        guard lines.count >= 4, let first = keyValues(lines.removeFirst()), let last = keyValues(lines.removeLast()),
              let outer = Int(first["outer"] ?? ""), let inner = Int(first["inner"] ?? ""),
              let sleeper = Int(last["sleep"] ?? "") else {
            return XCTFail("unexpected output:\n\(result.stdout)")
        }
        let header = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        XCTAssertEqual(header.prefix(3), ["UID", "PID", "PPID"], result.stdout)
        // UID PID PPID C STIME TTY TIME CMD...
        var parent: [Int: Int] = [:], command: [Int: String] = [:]
        for line in lines {
            let row = line.split(separator: " ", maxSplits: 7, omittingEmptySubsequences: true).map(String.init)
            guard row.count == 8, let pid = Int(row[1]), let ppid = Int(row[2]) else { XCTFail("unparsable: \(line)"); continue }
            parent[pid] = ppid
            command[pid] = row[7]
        }
        XCTAssertEqual(parent[sleeper], outer, "sleep's parent is the outer shell:\n\(result.stdout)")
        XCTAssertEqual(parent[inner], outer, "the inner shell's parent is the outer shell:\n\(result.stdout)")
        let ps = command.first { $0.value == "ps -ef" }?.key
        XCTAssertNotNil(ps, "ps does not list itself:\n\(result.stdout)")
        if let ps { XCTAssertEqual(parent[ps], inner, "ps's parent is the inner shell:\n\(result.stdout)") }
        XCTAssertEqual(command[outer]?.hasPrefix("/bin/bash"), true, result.stdout)
        for (pid, ppid) in parent {
            // Every parent is a listed process, or 0/1 for the sandbox's first process (its
            // parent, the sandbox init, is not a guest process).
            XCTAssertTrue(parent[ppid] != nil || ppid == 0 || ppid == 1, "pid \(pid) has an unknown parent \(ppid):\n\(result.stdout)")
            XCTAssertNotEqual(pid, ppid)
        }
    }

    // MARK: - CPUs

    func testNprocMatchesPythonCpuCountAndProc() throws {
        let result = try bash(Self.cpuScript)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let counts = try cpuCounts(result.stdout)
        XCTAssertEqual(Set(counts.values).count, 1, "CPU counts disagree: \(counts)")
        // Without --cpus the sandbox has the CPUs this process may run on (nproc: its affinity).
        let host = try Harness.runHost("/usr/bin/nproc", [])
        XCTAssertEqual(counts["nproc"], Int(host.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), result.stdout)
    }

    func testCpusOptionIsWhatEveryToolSees() throws {
        let result = try Harness.run(["run", "--timeout", "60", "--cpus", "1", "--", "/bin/bash", "-c", Self.cpuScript],
                                     watchdog: 90)
        if result.status != 0, result.stderr.lowercased().contains("unknown option") || result.stderr.contains("--cpus") {
            throw XCTSkip("this safehouse binary rejects --cpus: \(result.stderr)")
        }
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let counts = try cpuCounts(result.stdout)
        for (tool, count) in counts { XCTAssertEqual(count, 1, "\(tool) with --cpus 1: \(result.stdout)") }
    }

    /// nproc, Python's two views, and the files they come from: one "name=count" line each.
    static let cpuScript = """
        set -e
        echo "nproc=$(nproc)"
        echo "getconf=$(getconf _NPROCESSORS_ONLN)"
        python3 -c 'import os; print("cpu_count=%d" % os.cpu_count()); print("affinity=%d" % len(os.sched_getaffinity(0)))'
        echo "cpuinfo=$(grep -c '^processor' /proc/cpuinfo)"
        echo "stat=$(grep -c '^cpu[0-9]' /proc/stat)"
        python3 -c '
        n = 0
        for part in open("/sys/devices/system/cpu/online").read().strip().split(","):
            a, _, b = part.partition("-")
            n += int(b or a) - int(a) + 1
        print("sys_online=%d" % n)'
        """

    private func cpuCounts(_ output: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let n = Int(parts[1]) else { continue }
            counts[String(parts[0])] = n
        }
        XCTAssertEqual(Set(counts.keys), ["nproc", "getconf", "cpu_count", "affinity", "cpuinfo", "stat", "sys_online"], output)
        return counts
    }

    // MARK: - Memory

    func testFreeShowsTheMemoryLimit() throws {
        let limit = 512 * 1024 * 1024
        let result = try bash("free -b; grep -E '^(MemTotal|MemFree|MemAvailable):' /proc/meminfo",
                              options: ["--memory", "512M"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stderr, "")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        guard let mem = lines.first(where: { $0.first == "Mem:" }), mem.count >= 7,
              let total = Int(mem[1]), let used = Int(mem[2]), let free = Int(mem[3]), let available = Int(mem[6]) else {
            return XCTFail("no Mem: line in free -b:\n\(result.stdout)")
        }
        XCTAssertLessThanOrEqual(abs(total - limit), 4096, "free -b total with --memory 512M:\n\(result.stdout)")
        XCTAssertLessThanOrEqual(used, total)
        XCTAssertLessThanOrEqual(free, total)
        XCTAssertLessThanOrEqual(available, total)
        var meminfo: [String: Int] = [:]
        for line in lines where line.count == 3 && line[2] == "kB" {
            meminfo[String(line[0].dropLast())] = Int(line[1])
        }
        XCTAssertEqual(meminfo["MemTotal"], limit / 1024, result.stdout)
        XCTAssertLessThanOrEqual(meminfo["MemFree"] ?? .max, limit / 1024, result.stdout)
        XCTAssertLessThanOrEqual(meminfo["MemAvailable"] ?? .max, limit / 1024, result.stdout)
    }

    // MARK: - /proc/self

    func testLsLongProcSelfFd() throws {
        let result = try bash("""
            exec 5</etc/hostname
            exec 6>/tmp/written
            ls -l /proc/self/fd
            echo ---
            ls -l /proc/$$/fd
            true
            """)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stderr, "")
        let sections = result.stdout.components(separatedBy: "---\n")
        XCTAssertEqual(sections.count, 2, result.stdout)
        // ls's own table: its stdio, 5 and 6 inherited from the shell, and the directory it lists.
        let own = fdLinks(sections[0])
        XCTAssertTrue(Set(own.keys).isSuperset(of: [0, 1, 2, 5, 6]), sections[0])
        XCTAssertEqual(own.count, 6, sections[0])
        // The harness gives the sandbox pipes for stdio.
        for fd in [0, 1, 2] { XCTAssertEqual(own[fd]?.hasPrefix("pipe:["), true, sections[0]) }
        XCTAssertEqual(own[5], "/etc/hostname", sections[0])
        let directory = own.filter { ![0, 1, 2, 5, 6].contains($0.key) }.first?.value ?? ""
        XCTAssertTrue(directory.hasPrefix("/proc/") && directory.hasSuffix("/fd") && Int(directory.dropFirst(6).dropLast(3)) != nil,
                      "ls's directory fd -> /proc/<pid>/fd: \(sections[0])")
        // The shell's: the files it opened, by their guest paths.
        let shell = fdLinks(sections.count == 2 ? sections[1] : "")
        XCTAssertEqual(shell[5], "/etc/hostname", sections.last ?? "")
        XCTAssertEqual(shell[6], "/tmp/written", sections.last ?? "")
    }

    func testReadlinkProcSelfExe() throws {
        let result = try bash("""
            readlink /proc/self/exe
            realpath /proc/self/exe
            readlink /proc/$$/exe
            python3 -c 'import os; print(os.readlink("/proc/self/exe"))'
            readlink /proc/self/cwd; cd /tmp && readlink /proc/self/cwd
            readlink /proc/self/root
            """)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let python = try FileManager.default.destinationOfSymbolicLink(atPath: "/usr/bin/python3")
        XCTAssertEqual(result.stdout, """
            /usr/bin/readlink
            /usr/bin/realpath
            /usr/bin/bash
            /usr/bin/\(python)
            /home/sandbox
            /tmp
            /

            """)
    }

    func testShellPidsMatchProc() throws {
        let result = try Harness.sh("""
            echo "$$ $PPID"
            cat /proc/self/stat; echo
            cat /proc/$$/stat; echo
            grep -E '^(Tgid|Pid|PPid):' /proc/$$/status | tr '\\n' ' '; echo
            readlink /proc/self
            true
            """)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        guard lines.count == 5 else { return XCTFail("unexpected output:\n\(result.stdout)") }
        let ids = lines[0].split(separator: " ").compactMap { Int($0) }
        guard ids.count == 2 else { return XCTFail(lines[0]) }
        let (shell, shellParent) = (ids[0], ids[1])
        let cat = statFields(lines[1]), me = statFields(lines[2])
        XCTAssertEqual(cat.count, 52, lines[1])
        XCTAssertEqual(me.count, 52, lines[2])
        guard cat.count > 3, me.count > 3, let catPID = Int(cat[0]) else { return }
        XCTAssertTrue(catPID > 0 && catPID != shell, "cat's own pid: \(lines[1])")
        XCTAssertEqual(cat[1], "(cat)")
        XCTAssertEqual(Int(cat[3]), shell, "cat's ppid is the shell ($$): \(lines[1])")
        XCTAssertEqual(Int(me[0]), shell, "/proc/$$/stat pid: \(lines[2])")
        XCTAssertEqual(me[1], "(sh)")
        XCTAssertEqual(Int(me[3]), shellParent, "/proc/$$/stat ppid == $PPID: \(lines[2])")
        XCTAssertEqual(lines[3], "Tgid:\t\(shell) Pid:\t\(shell) PPid:\t\(shellParent) ", "status of $$")
        let readlinkPID = Int(lines[4]) ?? -1
        XCTAssertTrue(readlinkPID > 0 && readlinkPID < 1000, "/proc/self of readlink: \(lines[4])")
        XCTAssertNotEqual(readlinkPID, shell, "/proc/self is readlink's own pid, not the shell's")
        XCTAssertNotEqual(readlinkPID, catPID)
    }

    func testUptimeCountsFromTheSandboxStart() throws {
        let result = try bash("cat /proc/uptime; cut -d' ' -f22 /proc/self/stat; getconf CLK_TCK")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let lines = result.stdout.split(separator: "\n")
        guard lines.count == 3, let uptime = lines[0].split(separator: " ").first.flatMap({ Double($0) }),
              let start = Double(lines[1]), let hz = Double(lines[2]) else {
            return XCTFail("unexpected output:\n\(result.stdout)")
        }
        XCTAssertLessThan(uptime, 60, "the sandbox just started: \(lines[0])")
        XCTAssertGreaterThanOrEqual(uptime, 0)
        XCTAssertLessThanOrEqual(start / hz, uptime + 0.01, "a process cannot start after now")
    }

    // MARK: - Python

    func testPythonMultiprocessingAndSubprocess() throws {
        let result = try Harness.run(["run", "--timeout", "90", "--", "/usr/bin/python3", "-c", """
            import multiprocessing, os, subprocess
            def square(x):
                return x * x, os.getppid() == parent
            parent = os.getpid()
            if __name__ == "__main__":
                with multiprocessing.Pool(2) as pool:
                    results = pool.map(square, range(10))
                print("pool", [r[0] for r in results], all(r[1] for r in results))
                r = subprocess.run(["sh", "-c", "echo child $PPID"], capture_output=True, text=True)
                print("subprocess", r.returncode, r.stdout.strip() == "child %d" % os.getpid())
                q = multiprocessing.Queue()
                p = multiprocessing.Process(target=q.put, args=(os.cpu_count(),))
                p.start(); p.join()
                print("process", p.exitcode, q.get() == os.cpu_count())
            """], watchdog: 120)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, """
            pool [0, 1, 4, 9, 16, 25, 36, 49, 64, 81] True
            subprocess 0 True
            process 0 True

            """, result.stderr)
    }

    // MARK: - top

    func testTopBatchOnce() throws {
        let result = try bash("top -bn1")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stderr, "")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("top - ") == true, result.stdout)
        guard let tasks = lines.first(where: { $0.hasPrefix("Tasks:") }),
              let total = Int(tasks.dropFirst(6).split(separator: " ").first ?? "") else {
            return XCTFail("no Tasks: line:\n\(result.stdout)")
        }
        XCTAssertGreaterThanOrEqual(total, 2, tasks)
        XCTAssertLessThanOrEqual(total, 5, "more tasks than the sandbox runs: \(tasks)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("MiB Mem") }, result.stdout)
        guard let header = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("PID USER") }) else {
            return XCTFail("no process table:\n\(result.stdout)")
        }
        let rows = lines[(header + 1)...].filter { !$0.isEmpty }
        XCTAssertEqual(rows.count, total, result.stdout)
        XCTAssertTrue(rows.contains { $0.hasSuffix(" top") }, "top lists itself:\n\(result.stdout)")
        for row in rows {
            let pid = Int(row.split(separator: " ").first ?? "") ?? -1
            XCTAssertTrue(pid > 0 && pid < 1000, "not a sandbox pid: \(row)")
        }
    }

    // MARK: - Identity

    func testUnameMatchesProcSys() throws {
        let result = try bash("""
            uname -r; cat /proc/sys/kernel/osrelease
            uname -v; cat /proc/sys/kernel/version
            uname -s; cat /proc/sys/kernel/ostype
            cat /proc/version
            """)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 8 else { return XCTFail("unexpected output:\n\(result.stdout)") }
        XCTAssertFalse(lines[0].isEmpty)
        XCTAssertEqual(lines[0], lines[1], "uname -r vs osrelease")
        XCTAssertEqual(lines[2], lines[3], "uname -v vs kernel/version")
        XCTAssertEqual(lines[4], "Linux")
        XCTAssertEqual(lines[5], "Linux")
        XCTAssertTrue(lines[6].hasPrefix("Linux version \(lines[0]) "), "/proc/version: \(lines[6])")
        XCTAssertTrue(lines[6].contains(lines[2]), "/proc/version has uname -v: \(lines[6])")
    }

    func testHostnameMatchesProcSysAndEtc() throws {
        let result = try bash("""
            hostname; uname -n; cat /proc/sys/kernel/hostname; cat /etc/hostname
            python3 -c 'import socket; print(socket.gethostname())'
            """)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, result.stdout)
        XCTAssertEqual(Set(lines), ["sandbox"], result.stdout)
    }

    // MARK: - Helpers

    private func bash(_ script: String, options: [String] = [], timeout: Int = 60) throws -> Harness.Result {
        try Harness.run(["run", "--timeout", String(timeout)] + options + ["--", "/bin/bash", "-c", script],
                        watchdog: TimeInterval(timeout + 30))
    }

    /// "a=1 b=2" -> ["a": "1", "b": "2"].
    private func keyValues(_ line: String) -> [String: String]? {
        var result: [String: String] = [:]
        for word in line.split(separator: " ") {
            let kv = word.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { return nil }
            result[String(kv[0])] = String(kv[1])
        }
        return result
    }

    /// `ls -l` lines "l... N -> target" -> [N: target].
    private func fdLinks(_ listing: String) -> [Int: String] {
        var links: [Int: String] = [:]
        for line in listing.split(separator: "\n") where line.hasPrefix("l") {
            guard let arrow = line.range(of: " -> ") else { continue }
            let before = line[..<arrow.lowerBound].split(separator: " ")
            if let fd = before.last.flatMap({ Int($0) }) { links[fd] = String(line[arrow.upperBound...]) }
        }
        return links
    }

    /// /proc/<pid>/stat fields, the comm (field 2) kept whole with its parentheses.
    private func statFields(_ line: String) -> [String] {
        guard let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")") else { return [] }
        return [String(line[..<open].trimmingCharacters(in: .whitespaces)), String(line[open...close])]
            + line[line.index(after: close)...].split(separator: " ").map(String.init)
    }

    /// A host process whose argv[0] is `marker` (bash's `exec -a`), already running.
    private func startHostMarker(_ marker: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "exec -a \(marker) sleep 300"]
        try process.run()
        XCTAssertTrue(Harness.waitUntil { Harness.processCount(marker) == 1 }, "the host marker process did not start")
        return process
    }

    /// No host process name or command line in a process listing.
    private func assertNoHostProcess(in output: String, marker: String,
                                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(output.contains(marker), "a host process is listed:\n\(output)", file: file, line: line)
        // The supervisor ("safehouse run ...", by its path) and this host's own daemons and
        // kernel threads. (The sandbox's own init, pid 1, is a sandbox process.)
        for name in ["process_api", "kthreadd", "kworker", "swift", "xctest", "systemd", "safehouse run", Harness.binary] {
            XCTAssertFalse(output.contains(name), "host process '\(name)' is listed:\n\(output)", file: file, line: line)
        }
    }
}
