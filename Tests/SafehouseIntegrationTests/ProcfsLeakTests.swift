import Foundation
import XCTest

/// Nothing of the host is readable under the guest's /proc, /sys or /dev — searched mechanically.
///
/// The host side plants canaries: a host process with a unique command line, a directory with a
/// random token holding the supervisor's cwd, HOME, TMPDIR and the zones' host directories (and,
/// in the second test, the host files given to the guest as stdio), and an environment variable in
/// the supervisor's environment. Inside, a
/// Python walker lists every directory under /proc, /sys and /dev (not following symlinks), reads
/// every link target and up to 64 KiB of every file it may, and writes it all to an output-zone
/// file. The test then searches that dump for the canaries, for host pids, for kernel-only files
/// and for kernel addresses, and checks the walk really read something.
final class ProcfsLeakTests: XCTestCase {
    /// stdio as the harness gives it: /dev/null and pipes.
    func testNothingOfTheHostIsReadableUnderProcSysDev() throws {
        try walkAndCheck(stdioOnHostFiles: false)
    }

    /// stdin, stdout and stderr are host files in the token directory: /proc/<pid>/fd/{0,1,2}
    /// (and everything else) must not show their host paths.
    func testGuestStdioOnHostFilesShowsNoHostPath() throws {
        try walkAndCheck(stdioOnHostFiles: true)
    }

    private func walkAndCheck(stdioOnHostFiles: Bool) throws {
        let token = "leaktok" + String(UInt64.random(in: 1 << 60 ..< 1 << 62), radix: 16)
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("safehouse-\(token)")
        let dirs = ["cwd", "home", "tmp", "in", "out"].map { base.appendingPathComponent($0) }
        for dir in dirs { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: base) }
        let (cwd, home, tmp, input, output) = (dirs[0], dirs[1], dirs[2], dirs[3], dirs[4])
        try Self.walker.write(to: input.appendingPathComponent("walk.py"), atomically: true, encoding: .utf8)

        // (a) A host process that must stay invisible: by pid and by its command line.
        let marker = "safehouse-leak-marker-\(token)"
        let hostProcess = Process()
        hostProcess.executableURL = URL(fileURLWithPath: "/bin/bash")
        hostProcess.arguments = ["-c", "exec -a \(marker) sleep 300"]
        try hostProcess.run()
        defer { hostProcess.terminate(); hostProcess.waitUntilExit() }
        XCTAssertTrue(Harness.waitUntil { Harness.processCount(marker) == 1 }, "the host marker process did not start")

        // (d) A host environment variable the guest is not given.
        let canaryName = "SAFEHOUSE_LEAK_CANARY_\(token.uppercased())"
        let canaryValue = "canary-value-\(UUID().uuidString.lowercased())"
        var environment = ProcessInfo.processInfo.environment
        environment[canaryName] = canaryValue
        environment["HOME"] = home.path
        environment["TMPDIR"] = tmp.path

        let supervisor = Process()
        supervisor.executableURL = URL(fileURLWithPath: Harness.binary)
        supervisor.arguments = ["run", "--timeout", "200", "--input", "\(input.path):/in", "--output", "\(output.path):/out",
                                "--env", "GUEST_VISIBLE=guest-visible-value",
                                "--", "/usr/bin/python3", "/in/walk.py", "/out/dump.jsonl"]
        supervisor.environment = environment
        supervisor.currentDirectoryURL = cwd
        let stdinFile = base.appendingPathComponent("stdin.txt"), stdoutFile = base.appendingPathComponent("stdout.txt"),
            stderrFile = base.appendingPathComponent("stderr.txt")
        var outputs: [Pipe] = []
        if stdioOnHostFiles {
            for file in [stdinFile, stdoutFile, stderrFile] {
                XCTAssertTrue(FileManager.default.createFile(atPath: file.path, contents: Data("\n".utf8)))
            }
            supervisor.standardInput = try FileHandle(forReadingFrom: stdinFile)
            supervisor.standardOutput = try FileHandle(forWritingTo: stdoutFile)
            supervisor.standardError = try FileHandle(forWritingTo: stderrFile)
        } else {
            outputs = [Pipe(), Pipe()]
            supervisor.standardInput = FileHandle(forReadingAtPath: "/dev/null")
            supervisor.standardOutput = outputs[0]
            supervisor.standardError = outputs[1]
        }
        try supervisor.run()
        let collected = LockedTexts()
        for (index, pipe) in outputs.enumerated() {
            DispatchQueue.global().async {
                collected.set(index, String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            }
        }
        let supervisorPID = supervisor.processIdentifier
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { supervisor.waitUntilExit(); finished.signal() }
        if finished.wait(timeout: .now() + 260) == .timedOut {
            kill(supervisorPID, SIGKILL)
            finished.wait()
            XCTFail("the walk did not finish")
        }
        let stdout = stdioOnHostFiles ? (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" : collected.wait(0)
        let stderr = stdioOnHostFiles ? (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" : collected.wait(1)
        XCTAssertEqual(supervisor.terminationStatus, 0, "walker failed:\n\(stdout)\n\(stderr)")

        let dumpText = try String(contentsOf: output.appendingPathComponent("dump.jsonl"), encoding: .utf8)
        let records = dumpText.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        XCTAssertEqual(records.count, dumpText.split(separator: "\n").count, "every dump line is a JSON object")

        // The walk read enough to mean something.
        guard let summary = records.last?["summary"] as? [String: Int], let walkerPID = records.last?["pid"] as? Int,
              let childPID = records.last?["child"] as? Int, let threadID = records.last?["thread"] as? Int else {
            return XCTFail("the dump has no summary:\n\(stdout)\n\(stderr)")
        }
        XCTAssertEqual(records.last?["truncated"] as? Bool, false, "the walk hit its entry or time limit: \(summary)")
        XCTAssertGreaterThanOrEqual(summary["files_read"] ?? 0, 20, "the walk read almost nothing: \(summary)")
        XCTAssertGreaterThanOrEqual(summary["links"] ?? 0, 5, "the walk read almost no links: \(summary)")
        let byPath = Dictionary(records.compactMap { r in (r["p"] as? String).map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
        func content(_ path: String) -> String? { byPath[path]?["c"] as? String }
        XCTAssertTrue(content("/proc/\(walkerPID)/status")?.contains("\nPid:\t\(walkerPID)\n") == true,
                      "the walk did not read its own /proc/<pid>/status")
        XCTAssertTrue(content("/proc/self/status")?.contains("\nPid:\t\(walkerPID)\n") == true, "/proc/self/status")
        XCTAssertTrue(content("/proc/self/environ")?.contains("GUEST_VISIBLE=guest-visible-value") == true,
                      "the walker's own environ was not read, so (d) would prove nothing")
        XCTAssertTrue(content("/proc/\(walkerPID)/cmdline")?.contains("/in/walk.py") == true, "cmdline of the walker")
        XCTAssertNotNil(byPath["/dev/null"], "the walk did not reach /dev")
        XCTAssertNotNil(content("/sys/devices/system/cpu/online"), "the walk did not read /sys/devices/system/cpu/online")
        XCTAssertEqual((byPath["/proc/\(walkerPID)/fd/\(summary["probe_tmp"] ?? -1)"]?["l"] as? String), "/tmp/leak-probe",
                       "an fd on a scratch file must link to its guest path")
        XCTAssertEqual((byPath["/proc/\(walkerPID)/fd/\(summary["probe_out"] ?? -1)"]?["l"] as? String), "/out/leak-probe",
                       "an fd on an output-zone file must link to its guest path")

        // (a) No host pid: /proc lists only sandbox processes, and no pid field names another.
        let hostPIDs = Set([Int(getpid()), Int(supervisorPID), Int(hostProcess.processIdentifier)].filter { $0 > 100 })
        let listing = records.first { $0["p"] as? String == "/proc" && $0["t"] as? String == "listing" }?["n"] as? [String] ?? []
        let procPIDs = Set(listing.compactMap { Int($0) })
        XCTAssertTrue(procPIDs.contains(walkerPID) && procPIDs.contains(childPID), "/proc lists the walker and its child: \(procPIDs.sorted())")
        XCTAssertTrue(procPIDs.isDisjoint(with: hostPIDs), "/proc lists host pids \(procPIDs.intersection(hostPIDs).sorted())")
        XCTAssertLessThanOrEqual(procPIDs.count, 6, "/proc lists more processes than the sandbox runs: \(procPIDs.sorted())")
        XCTAssertFalse(procPIDs.contains(threadID) && threadID != walkerPID, "/proc lists a thread id as a process")
        var sandboxIDs = procPIDs.union([0, 1, threadID])
        for record in records where record["t"] as? String == "listing" {
            guard let path = record["p"] as? String, path.hasPrefix("/proc/"), path.hasSuffix("/task") else { continue }
            sandboxIDs.formUnion((record["n"] as? [String] ?? []).compactMap { Int($0) })
        }
        XCTAssertTrue(sandboxIDs.isDisjoint(with: hostPIDs), "host pids among sandbox tasks")
        XCTAssertFalse(dumpText.contains(marker), "the host marker process's command line is readable")
        var pidFields = 0, foreign: [String] = []
        for record in records {
            guard let path = record["p"] as? String, let text = record["c"] as? String else { continue }
            for (field, value) in Self.pidFields(path: path, content: text) {
                pidFields += 1
                if !sandboxIDs.contains(value) || hostPIDs.contains(value) { foreign.append("\(path): \(field) = \(value)") }
            }
        }
        XCTAssertGreaterThanOrEqual(pidFields, 10, "hardly any pid fields were checked")
        XCTAssertEqual(foreign, [], "pid fields naming no sandbox task (sandbox tasks: \(sandboxIDs.sorted().prefix(40))): \(foreign.prefix(20))")
        if let loadavg = content("/proc/loadavg"), let last = loadavg.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
            XCTAssertFalse(hostPIDs.contains(last), "/proc/loadavg names host pid \(last)")
            XCTAssertLessThanOrEqual(last, (sandboxIDs.max() ?? 0) + 100, "/proc/loadavg's last pid \(last) is not the sandbox's")
        } else {
            XCTFail("/proc/loadavg unreadable or malformed: \(content("/proc/loadavg") ?? "nil")")
        }

        // (b) No host path: the token (cwd, HOME, TMPDIR, zones' host paths, stdio files), the
        // supervisor binary, its build directory and the test's own cwd.
        let binary = URL(fileURLWithPath: Harness.binary).resolvingSymlinksInPath().path
        var hostPaths = [token, base.path, binary, URL(fileURLWithPath: binary).deletingLastPathComponent().path,
                         Harness.packageRoot.path]
        let testCwd = FileManager.default.currentDirectoryPath
        if testCwd.count > 4 { hostPaths.append(testCwd) }
        if let realHome = ProcessInfo.processInfo.environment["HOME"], realHome.count > 1 { hostPaths.append(realHome + "/") }
        for path in hostPaths {
            XCTAssertFalse(dumpText.contains(path), "host path '\(path)' is readable at \(whereFound(path, records))")
        }

        // (c) No kernel-only file, no kernel address.
        let kernelOnly = ["kallsyms", "kcore", "keys", "key-users", "sysrq-trigger", "kmsg", "modules", "iomem", "ioports",
                          "timer_list", "sched_debug", "vmallocinfo", "slabinfo", "kpagecount", "kpageflags"]
        for name in kernelOnly {
            XCTAssertFalse(listing.contains(name), "/proc lists \(name)")
            let record = records.first { $0["p"] as? String == "/proc/\(name)" && $0["direct"] as? Bool == true }
            XCTAssertNotNil(record, "/proc/\(name) was not tried")
            XCTAssertNil(record?["c"], "/proc/\(name) is readable: \((record?["c"] as? String)?.prefix(200) ?? "")")
        }
        for path in ["/dev/kmsg", "/dev/mem", "/dev/port", "/sys/kernel/notes", "/sys/firmware/dmi/tables/DMI"] {
            XCTAssertNil(byPath[path]?["c"], "\(path) is readable: \((byPath[path]?["c"] as? String)?.prefix(200) ?? "")")
        }
        let address = try NSRegularExpression(pattern: "ffff[0-9a-f]{12}")
        // Not kernel addresses: all-ones masks (status untag_mask) and the fixed vsyscall page.
        let harmless: Set<String> = ["ffffffffffffffff", "ffffffffff600000", "ffffffffff601000"]
        var addresses: [String] = []
        for record in records {
            for key in ["c", "l"] {
                guard let text = record[key] as? String else { continue }
                let range = NSRange(text.startIndex..., in: text)
                for match in address.matches(in: text, range: range) {
                    let found = (text as NSString).substring(with: match.range)
                    if !harmless.contains(found) { addresses.append("\(record["p"] as? String ?? "?"): \(found)") }
                }
            }
        }
        XCTAssertEqual(addresses, [], "kernel addresses (\(addresses.count)): \(addresses.prefix(20))")

        // (d) No host environment variable.
        XCTAssertFalse(dumpText.contains(canaryName), "the host environment variable's name is readable at \(whereFound(canaryName, records))")
        XCTAssertFalse(dumpText.contains(canaryValue), "the host environment variable's value is readable at \(whereFound(canaryValue, records))")
    }

    /// The guest's stdout and stderr, read on other threads while the supervisor runs.
    private final class LockedTexts: @unchecked Sendable {
        private let condition = NSCondition()
        private var texts: [Int: String] = [:]

        func set(_ index: Int, _ text: String) {
            condition.lock()
            texts[index] = text
            condition.broadcast()
            condition.unlock()
        }

        func wait(_ index: Int) -> String {
            condition.lock()
            defer { condition.unlock() }
            while texts[index] == nil { condition.wait() }
            return texts[index] ?? ""
        }
    }

    /// Pid-valued fields of /proc/<pid>[/task/<tid>]/{stat,status} and /proc/self/... reads.
    static func pidFields(path: String, content: String) -> [(String, Int)] {
        let parts = path.split(separator: "/")
        guard parts.first == "proc", let last = parts.last else { return [] }
        var fields: [(String, Int)] = []
        if last == "stat", parts.count >= 3, parts[1] != "stat" {
            // pid (comm) state ppid pgrp session tty tpgid: 1, 4, 5, 6, 8 (tpgid may be -1).
            guard let close = content.lastIndex(of: ")") else { return [("unparsable stat", -1)] }
            let rest = content[content.index(after: close)...].split(separator: " ")
            fields.append(("pid", Int(content.split(separator: " ").first ?? "") ?? -1))
            for (index, name) in [(1, "ppid"), (2, "pgrp"), (3, "session"), (5, "tpgid")] where index < rest.count {
                if let value = Int(rest[index]), value >= 0 { fields.append((name, value)) }
            }
        } else if last == "status", parts.count >= 3 {
            for line in content.split(separator: "\n") {
                let kv = line.split(separator: ":", maxSplits: 1)
                guard kv.count == 2, ["Tgid", "Pid", "PPid", "TracerPid", "NStgid", "NSpid", "NSpgid", "NSsid"].contains(String(kv[0])) else { continue }
                for word in kv[1].split(whereSeparator: { $0 == "\t" || $0 == " " }) {
                    fields.append((String(kv[0]), Int(word) ?? -1))
                }
            }
        }
        return fields
    }

    /// The paths of the records whose content, link or path contains `needle`.
    private func whereFound(_ needle: String, _ records: [[String: Any]]) -> [String] {
        records.compactMap { r -> String? in
            let text = [r["p"], r["c"], r["l"]].compactMap { $0 as? String }.joined(separator: "\n")
                + ((r["n"] as? [String])?.joined(separator: "\n") ?? "")
            return text.contains(needle) ? (r["p"] as? String ?? "?") : nil
        }.prefix(20).map { $0 }
    }

    /// The walker: JSON lines {p: path, t: type, l: link target, c: content (latin-1), e: error,
    /// n: directory entries}, then one summary line.
    static let walker = #"""
        import errno, json, os, signal, stat, subprocess, sys, threading, time

        OUT = sys.argv[1]
        ROOTS = ["/proc", "/sys", "/dev"]
        LIMIT = 65536
        MAX_ENTRIES = 50000
        DEADLINE = time.monotonic() + 150
        # Named directly as well: the walk only finds what readdir lists.
        DIRECT = ["/proc/self/status", "/proc/self/environ", "/proc/self/cmdline", "/proc/self/maps",
                  "/proc/self/mountinfo", "/proc/self/stat", "/proc/thread-self/status", "/proc/meminfo",
                  "/proc/cpuinfo", "/proc/loadavg", "/proc/1/status", "/proc/1/environ", "/proc/1/cmdline",
                  "/proc/1/stat", "/proc/1/maps", "/proc/1/mountinfo", "/proc/0/status",
                  "/proc/kallsyms", "/proc/kcore", "/proc/keys", "/proc/key-users", "/proc/sysrq-trigger",
                  "/proc/kmsg", "/proc/modules", "/proc/iomem", "/proc/ioports", "/proc/timer_list",
                  "/proc/sched_debug", "/proc/vmallocinfo", "/proc/slabinfo", "/proc/kpagecount",
                  "/proc/kpageflags", "/proc/config.gz", "/proc/net/tcp", "/proc/net/unix",
                  "/proc/sys/kernel/ns_last_pid", "/proc/sys/kernel/core_pattern", "/proc/sys/kernel/modprobe",
                  "/proc/self/mem", "/proc/self/pagemap", "/proc/self/auxv", "/proc/self/syscall",
                  "/proc/self/stack", "/proc/self/wchan", "/proc/self/mountstats", "/proc/self/ns/pid",
                  "/sys/kernel/notes", "/sys/firmware/dmi/tables/DMI", "/sys/class/net", "/sys/fs/cgroup",
                  "/dev/kmsg", "/dev/mem", "/dev/port", "/dev/sda", "/dev/vda"]

        class Timeout(Exception):
            pass

        def on_alarm(signum, frame):
            raise Timeout()

        signal.signal(signal.SIGALRM, on_alarm)

        def ename(e):
            return errno.errorcode.get(e.errno, str(e.errno)) if isinstance(e, OSError) and e.errno else type(e).__name__

        def read_file(path, limit):
            """Up to `limit` bytes, non-blocking where the kernel allows, with a 2 s alarm otherwise."""
            fd = None
            signal.setitimer(signal.ITIMER_REAL, 2.0)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
                chunks, n = [], 0
                while n < limit:
                    b = os.read(fd, min(65536, limit - n))
                    if not b:
                        break
                    chunks.append(b)
                    n += len(b)
                return b"".join(chunks), None
            except Timeout:
                return None, "TIMEOUT"
            except OSError as e:
                return None, ename(e)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                if fd is not None:
                    os.close(fd)

        out = open(OUT, "w")
        counts = {"entries": 0, "files_read": 0, "links": 0, "dirs": 0, "errors": 0}
        truncated = False

        def emit(rec):
            out.write(json.dumps(rec) + "\n")

        def visit(path):
            global truncated
            counts["entries"] += 1
            if counts["entries"] > MAX_ENTRIES or time.monotonic() > DEADLINE:
                truncated = True
                return
            rec = {"p": path}
            try:
                st = os.lstat(path)
            except OSError as e:
                rec["e"] = "lstat " + ename(e)
                counts["errors"] += 1
                emit(rec)
                return
            mode = st.st_mode
            if stat.S_ISLNK(mode):
                rec["t"] = "link"
                try:
                    rec["l"] = os.readlink(path)
                    counts["links"] += 1
                except OSError as e:
                    rec["e"] = "readlink " + ename(e)
            elif stat.S_ISDIR(mode):
                rec["t"] = "dir"
            elif stat.S_ISREG(mode) or stat.S_ISCHR(mode):
                rec["t"] = "file" if stat.S_ISREG(mode) else "chr"
                # Devices hold no host data but may be endless or blocking: a little of each is enough.
                data, err = read_file(path, LIMIT if stat.S_ISREG(mode) else 4096)
                if data is not None:
                    rec["c"] = data.decode("latin-1")
                    counts["files_read"] += 1
                else:
                    rec["e"] = "read " + err
                    counts["errors"] += 1
            else:
                rec["t"] = "other"  # fifos, sockets, block devices: not read
            emit(rec)

        # Company for the walker: a child process, a second thread, and files open in scratch and
        # output zones (their fd links must name guest paths).
        child = subprocess.Popen(["sleep", "120"])
        park = threading.Event()
        worker = threading.Thread(target=park.wait, daemon=True)
        worker.start()
        probe_tmp = os.open("/tmp/leak-probe", os.O_CREAT | os.O_RDWR, 0o600)
        probe_out = os.open("/out/leak-probe", os.O_CREAT | os.O_RDWR, 0o600)

        for root in ROOTS:
            visit(root)
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False,
                                                        onerror=lambda e: emit({"p": e.filename, "e": "walk " + ename(e)})):
                counts["dirs"] += 1
                emit({"p": dirpath, "t": "listing", "n": sorted(dirnames + filenames)})
                for name in sorted(dirnames + filenames):
                    full = os.path.join(dirpath, name)
                    if name in dirnames and not os.path.islink(full):
                        continue  # directories are listed as their own dirpath
                    visit(full)
                if truncated:
                    dirnames[:] = []
        for path in DIRECT:
            rec = {"p": path, "direct": True}
            data, err = read_file(path, LIMIT)
            if data is not None:
                rec["c"] = data.decode("latin-1")
            else:
                rec["e"] = "read " + err
            try:
                rec["l"] = os.readlink(path)
            except OSError:
                pass
            emit(rec)
        counts["probe_tmp"], counts["probe_out"] = probe_tmp, probe_out
        emit({"summary": counts, "truncated": truncated, "pid": os.getpid(), "child": child.pid,
              "thread": worker.native_id})
        out.close()
        park.set()
        child.kill()
        child.wait()
        os.unlink("/out/leak-probe")
        print(json.dumps({"summary": counts, "truncated": truncated}))
        """#
}
