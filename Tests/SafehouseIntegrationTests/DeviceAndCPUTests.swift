import Foundation
import XCTest

/// `--cpus` / `limits.cpus` on live guests (nproc, sched_getaffinity, /sys, and no way to widen the
/// mask again), the minimal /sys, and /dev: its exact names, /dev/shm as writable scratch that POSIX
/// semaphores and Python multiprocessing use, a private devpts for openpty, /dev/tty only with a
/// terminal.
final class DeviceAndCPUTests: XCTestCase {
    private static var hostCPUs: [Int] { Harness.hostCPUs }

    private func sh(_ script: String, _ options: [String] = []) throws -> Harness.Result {
        try Harness.run(["run", "--timeout", "60"] + options + ["--", "/bin/sh", "-c", script], watchdog: 90)
    }

    private func python(_ code: String, _ options: [String] = []) throws -> Harness.Result {
        try Harness.run(["run", "--timeout", "60"] + options + ["--", "/usr/bin/python3", "-c", code], watchdog: 90)
    }

    private func requireTwoCPUs() throws {
        if Self.hostCPUs.count < 2 {
            throw XCTSkip("the host gives this process \(Self.hostCPUs.count) CPU: nothing to restrict")
        }
    }

    // MARK: CPUs

    func testCpusOneIsWhatNprocAffinityAndSysSay() throws {
        let result = try sh("""
            nproc
            python3 -c "import os; print(len(os.sched_getaffinity(0)), os.cpu_count())"
            cat /sys/devices/system/cpu/online /sys/devices/system/cpu/possible /sys/devices/system/cpu/present
            """, ["--cpus", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "1\n1 1\n0\n0\n0\n")
        XCTAssertEqual(result.stderr, "")
    }

    func testCpusFromAPolicyFile() throws {
        try requireTwoCPUs()
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policy = dir.appendingPathComponent("p.toml")
        try "version = 1\n[limits]\ncpus = 1\n".write(to: policy, atomically: true, encoding: .utf8)
        let result = try sh("nproc", ["--policy", policy.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "1\n")
    }

    func testWithoutCpusTheGuestHasEveryCPUOfTheSupervisor() throws {
        let n = Self.hostCPUs.count
        let result = try sh("nproc; cat /sys/devices/system/cpu/online")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "\(n)\n\(n == 1 ? "0" : "0-\(n - 1)")\n")
    }

    func testTheGuestCannotWidenItsAffinity() throws {
        try requireTwoCPUs()
        let sandboxCPU = Self.hostCPUs[0]
        let result = try python("""
            import ctypes, os, threading
            start = os.sched_getaffinity(0)
            print("start", sorted(start))
            # Everything: no error (a cpuset-bound task gets the intersection), still one CPU.
            os.sched_setaffinity(0, range(1024))
            print("all via pid 0", len(os.sched_getaffinity(0)))
            os.sched_setaffinity(os.getpid(), range(1024))
            print("all via own pid", len(os.sched_getaffinity(0)))
            # The raw call, with a full 1024-bit mask.
            libc = ctypes.CDLL(None, use_errno=True)
            libc.syscall.restype = ctypes.c_long
            mask = (ctypes.c_ubyte * 128)(*([0xff] * 128))
            r = libc.syscall(203, 0, 128, mask)
            print("raw", r, len(os.sched_getaffinity(0)))
            # Only CPUs outside the sandbox: nothing is left of them.
            outside = [c for c in range(1024) if c not in start]
            try:
                os.sched_setaffinity(0, outside)
                print("outside accepted", sorted(os.sched_getaffinity(0)))
            except OSError as e:
                print("outside", e.errno == 22)
            # Another thread, by its tid, and a child process, by its pid.
            box = {}
            ready, done = threading.Event(), threading.Event()
            def worker():
                box["tid"] = threading.get_native_id()
                ready.set(); done.wait()
                box["aff"] = len(os.sched_getaffinity(0))
            t = threading.Thread(target=worker); t.start(); ready.wait()
            os.sched_setaffinity(box["tid"], range(1024))
            done.set(); t.join()
            print("thread", box["aff"])
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.read(r, 1)
                os._exit(len(os.sched_getaffinity(0)))
            os.sched_setaffinity(pid, range(1024))
            print("child seen by parent", len(os.sched_getaffinity(pid)))
            os.write(w, b"x")
            print("child", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
            try:
                os.sched_setaffinity(1, range(1024))
                print("init accepted")
            except OSError as e:
                print("init", e.errno == 1)
            """, ["--cpus", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            start [\(sandboxCPU)]
            all via pid 0 1
            all via own pid 1
            raw 0 1
            outside True
            thread 1
            child seen by parent 1
            child 1
            init True

            """)
    }

    func testTasksetCannotWiden() throws {
        try requireTwoCPUs()
        let all = "0-\(Self.hostCPUs.last!)"
        let result = try sh("taskset -c \(all) nproc; taskset -cp \(all) $$ >/dev/null && nproc", ["--cpus", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "1\n1\n")
    }

    func testNarrowingAndWideningWithinTheSandboxStillWork() throws {
        try requireTwoCPUs()
        let result = try python("""
            import os
            cpus = sorted(os.sched_getaffinity(0))
            os.sched_setaffinity(0, {cpus[-1]})
            print(len(os.sched_getaffinity(0)), sorted(os.sched_getaffinity(0)) == [cpus[-1]])
            os.sched_setaffinity(0, cpus)
            print(sorted(os.sched_getaffinity(0)) == cpus, len(cpus))
            """, ["--cpus", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "1 True\nTrue 2\n")
    }

    func testCpusOutOfRangeIsRefused() throws {
        for value in ["0", String(Self.hostCPUs.count + 1), "many"] {
            let result = try sh("echo ran", ["--cpus", value])
            XCTAssertEqual(result.status, 125, value)
            XCTAssertEqual(result.stdout, "", value)
            XCTAssertTrue(result.stderr.contains("limits.cpus"), result.stderr)
        }
    }

    // MARK: /sys

    func testSysHoldsOnlyTheCPUFiles() throws {
        let result = try sh("ls -A /sys; find /sys | sort; echo x > /sys/devices/system/cpu/online || echo read-only",
                            ["--cpus", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            devices
            /sys
            /sys/devices
            /sys/devices/system
            /sys/devices/system/cpu
            /sys/devices/system/cpu/cpu0
            /sys/devices/system/cpu/cpu0/online
            /sys/devices/system/cpu/online
            /sys/devices/system/cpu/possible
            /sys/devices/system/cpu/present
            read-only

            """)
    }

    // MARK: /dev

    func testDevListsExactlyTheExpectedNames() throws {
        // /dev/tty is there (as on Linux), but the guest has no controlling terminal: ENXIO.
        let result = try sh("ls -A /dev; ls -A /dev/pts; readlink /dev/ptmx; echo x 2>/dev/null > /dev/tty || echo no-tty")
        XCTAssertEqual(result.status, 0, result.stderr)
        // The host's node is bound in where the host has one.
        let tty = access("/dev/tty", F_OK) == 0 ? "tty\n" : ""
        XCTAssertEqual(result.stdout, """
            fd
            full
            null
            ptmx
            pts
            random
            shm
            stderr
            stdin
            stdout
            \(tty)urandom
            zero
            ptmx
            pts/ptmx
            no-tty

            """)
    }

    func testDevShmIsPrivateWritableScratch() throws {
        let marker = "safehouse-shm-\(UUID().uuidString)"
        let result = try sh("""
            set -e
            echo hello > /dev/shm/\(marker)
            cat /dev/shm/\(marker)
            mkdir /dev/shm/d && echo nested > /dev/shm/d/f && cat /dev/shm/d/f
            stat -c '%a' /dev/shm
            rm /dev/shm/\(marker)
            ls -A /dev/shm
            """)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "hello\nnested\n1777\nd\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/dev/shm/\(marker)"), "reached the host's /dev/shm")
        // Ephemeral: the next sandbox starts with an empty /dev/shm.
        let first = try sh("echo kept > /dev/shm/\(marker)")
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = try sh("ls -A /dev/shm")
        XCTAssertEqual(second.stdout, "")
    }

    func testPosixSemaphoresAndMultiprocessingLockAndQueue() throws {
        let result = try python("""
            import multiprocessing as mp, os

            def work(n, lock, queue, total):
                for _ in range(100):
                    with lock:
                        total.value += 1
                queue.put((n, os.getpid() != os.getppid()))

            if __name__ == "__main__":
                lock, queue, total = mp.Lock(), mp.Queue(), mp.Value("i", 0, lock=False)
                procs = [mp.Process(target=work, args=(n, lock, queue, total)) for n in range(2)]
                for p in procs: p.start()
                print(sorted(queue.get(timeout=30) for _ in procs))
                for p in procs: p.join(30)
                print([p.exitcode for p in procs], total.value)
            """)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "[(0, True), (1, True)]\n[0, 0] 200\n")
    }

    func testNamedPosixSemaphoreLivesInDevShm() throws {
        let result = try python("""
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            libc.sem_open.restype = ctypes.c_void_p
            libc.sem_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.c_uint]
            sem = libc.sem_open(b"/safehouse-test", os.O_CREAT | os.O_EXCL, 0o600, 0)
            print("opened", sem not in (None, ctypes.c_void_p(-1).value), ctypes.get_errno())
            print(os.listdir("/dev/shm"))
            pid = os.fork()
            if pid == 0:
                libc.sem_post(ctypes.c_void_p(sem)); os._exit(0)
            print("wait", libc.sem_wait(ctypes.c_void_p(sem)))
            os.waitpid(pid, 0)
            print("unlink", libc.sem_unlink(b"/safehouse-test"), os.listdir("/dev/shm"))
            """)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "opened True 0\n['sem.safehouse-test']\nwait 0\nunlink 0 []\n")
    }

    func testOpenptyWorksOnThePrivateDevpts() throws {
        let result = try python("""
            import os, pty, subprocess, termios
            print(sorted(os.listdir("/dev/pts")))
            master, slave = os.openpty()
            name = os.ttyname(slave)
            print(name.startswith("/dev/pts/"), os.isatty(slave), sorted(os.listdir("/dev/pts")) == sorted(["ptmx", name[9:]]))
            os.write(master, b"ping\\n")
            print(os.read(slave, 100))
            attrs = termios.tcgetattr(slave)
            attrs[3] &= ~termios.ECHO
            termios.tcsetattr(slave, termios.TCSANOW, attrs)
            m2, s2 = pty.openpty()
            print(os.ttyname(s2) != name)
            out = subprocess.run(["/usr/bin/tty"], stdin=s2, capture_output=True, text=True).stdout.strip()
            print(out == os.ttyname(s2))
            """)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "['ptmx']\nTrue True True\nb'ping\\n'\nTrue\nTrue\n")
    }

    func testDevTtyIsTheGivenTerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("script(1) is needed to give the sandbox a terminal")
        }
        // script(1) runs safehouse on a fresh pty: its stdin is a terminal, so the guest gets
        // /dev/tty, and what it writes there reaches that terminal (script's output).
        let command = "\(Harness.binary) run -- /bin/sh -c 'ls /dev | tr \"\\n\" \" \"; echo; echo via-dev-tty > /dev/tty'"
        let result = try Harness.runHost("/usr/bin/script", ["-qec", command, "/dev/null"], watchdog: 90)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("fd full null ptmx pts random shm stderr stdin stdout tty urandom zero"),
                      result.stdout)
        XCTAssertTrue(result.stdout.contains("via-dev-tty"), result.stdout)
    }
}
