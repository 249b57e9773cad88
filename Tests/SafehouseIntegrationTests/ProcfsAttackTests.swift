import Foundation
import XCTest

/// Attack tests for the guest's synthetic /proc (and /sys, /dev): each tries to break out through
/// them and asserts that the attempt fails with the errno Linux (or the design) gives and that the
/// host is unchanged.
///
/// The guest program (`Tests/GuestPrograms/proc_attack.c`) prints one line per attempt,
/// `name: ok|ERRNAME|LEAK`; each test asserts the exact lines (a few accept a documented
/// alternative, written `A|B`). Around every run the test reads the host facts an attack could
/// change — the host's sysctls behind the guest's /proc/sys names, its hostname, the device nodes
/// behind /dev — and checks that none moved and that no `proc-attack-*` name appeared anywhere on
/// the host. What the guest reads is searched mechanically for host facts: the host environment,
/// host paths of the zones and of the supervisor binary, the host's boot id, machine id, cgroup and
/// kernel symbol addresses.
///
/// Facts that decide some answers:
/// - pid 1 is the launcher ("safehouse-init"): unfiltered, non-dumpable, outside the guest.
/// - The guest's mount namespace has the sandbox's procfs instance at /proc (hidepid=invisible), but
///   every guest lookup goes through the VFS, which serves only ProcFilesystem's names; O_PATH opens,
///   chdir and execve are validated by the VFS and then continue in the kernel. An O_PATH descriptor
///   names an object without giving access to it, so it may exist where Linux allows it (O_PATH of
///   /proc/1/environ; with a root invoker the guest's gid is the instance's `gid=`, which hidepid
///   exempts), but reopening it through /proc/self/fd goes through the VFS again.
final class ProcfsAttackTests: XCTestCase {

    // MARK: writes

    /// Served files are read-only (EACCES), absent names cannot be created (ENOENT: procfs looks up
    /// no new names, as on Linux), nothing under
    /// /proc changes name or metadata (EROFS), across zones EXDEV.
    func testWritesUnderProcFailAndHostSysctlsAreUnchanged() throws {
        let served: Set<String> = ["/proc/sys/kernel/hostname", "/proc/sys/vm/overcommit_memory", "/proc/sys/kernel/pid_max",
                                   "/proc/sys/fs/file-max", "/proc/sys/kernel/core_pattern",
                                   "/proc/sys/kernel/randomize_va_space", "/proc/1/oom_score_adj", "/proc/1/comm"]
        var expected = ["control self-status rdonly: ok", "control sys-hostname rdonly: ok"]
        for target in Self.writeTargets {
            for mode in ["wronly", "rdwr", "trunc", "rdonly-trunc", "append", "creat"] {
                let answer = served.contains(target) ? "EACCES"
                    : target == "/proc/self/attr/current" ? "ENOENT"   // its parent is absent too
                    : "ENOENT"
                expected.append("w \(target) \(mode): \(answer)")
            }
        }
        expected += """
            w selfdir status wronly: EACCES
            w selfdir limits rdwr: EACCES
            w sysdir hostname wronly: EACCES
            w procfd hostname rdwr: EACCES
            w procfd hostname wronly: EACCES
            readlink procfd status: ok
            w procfd status rdwr: EACCES
            """.lines
        for dir in ["/proc", "/proc/self", "/proc/sys/kernel", "/proc/self/fd", "/proc/self/task"] {
            expected += ["creat", "mkdir", "symlink", "mkfifo"].map { "\($0) \(dir): ENOENT" }
        }
        expected += """
            unlink /proc/self/status: EROFS
            unlink /proc/cpuinfo: EROFS
            unlink /proc/self: EROFS
            unlink /proc/sys/kernel/hostname: EROFS
            rmdir /proc/sys: EROFS
            rmdir /proc/self/fd: EROFS
            rmdir /proc/1: EROFS
            rename comm: EROFS
            rename hostname: EROFS
            rename cpuinfo-to-tmp: EXDEV
            rename tmp-over-hostname: EXDEV
            rename tmp-over-self-comm: EXDEV
            link status-to-tmp: EXDEV
            link tmp-into-proc: ENOENT
            linkat procfd-status-to-tmp: EXDEV
            """.lines
        for path in ["/proc/self/status", "/proc/sys/kernel/hostname", "/proc/self/comm", "/proc", "/proc/self/"] {
            expected += ["chmod", "chown", "utimensat", "setxattr", "removexattr"].map { "\($0) \(path): EROFS" }
        }
        expected += """
            lchown /proc/self: EROFS
            truncate hostname: EROFS
            truncate self-comm: EROFS
            mknod chr /proc: ENOENT
            unchanged hostname: yes
            unchanged overcommit_memory: yes
            unchanged comm: yes
            no names made in /tmp: yes
            """.lines
        try attack(["write"], expect: expected)
    }

    static let writeTargets = [
        "/proc/sys/kernel/hostname", "/proc/sys/vm/overcommit_memory", "/proc/sys/kernel/pid_max",
        "/proc/sys/fs/file-max", "/proc/sys/kernel/core_pattern", "/proc/sys/kernel/randomize_va_space",
        "/proc/sysrq-trigger",
        "/proc/self/attr/current", "/proc/self/uid_map", "/proc/self/gid_map", "/proc/self/setgroups",
        "/proc/self/coredump_filter", "/proc/self/clear_refs", "/proc/1/oom_score_adj", "/proc/1/comm",
    ]

    /// A read-only descriptor of a /proc file: no data written, and — as on Linux, where procfs refuses
    /// a mode change (EPERM) and has no user xattrs (EOPNOTSUPP) — its metadata cannot be changed
    /// either: what `fstat` shows is what the path shows. (The descriptor is a sealed memfd private to
    /// the opener, so a change would not reach the host; it would make /proc lie about itself.)
    func testReadOnlyProcDescriptorAllowsNoWriteAndNoMetadataChange() throws {
        try attack(["fd"], expect: """
            fd write: EBADF
            fd pwrite: EBADF
            fd ftruncate: EINVAL
            fd mmap-shared-write: EACCES
            fd fallocate: EBADF
            fd fchmod: EPERM|EROFS
            fd fchown: EINVAL|EPERM
            fd fsetxattr: EOPNOTSUPP|EPERM|EROFS
            fd sealed-against-write: yes
            fd add-seals: EPERM
            fd mode unchanged: yes
            fd status fchmod: EPERM|EROFS
            fd status fsetxattr: EOPNOTSUPP|EPERM|EROFS
            """.lines)
    }

    // MARK: absent names

    static let absentRoot = [
        "kcore", "kallsyms", "kmsg", "keys", "key-users", "sysrq-trigger", "modules", "iomem", "ioports",
        "timer_list", "sched_debug", "slabinfo", "vmallocinfo", "buddyinfo", "zoneinfo", "pagetypeinfo",
        "kpagecount", "kpageflags", "kpagecgroup", "config.gz", "cmdline", "devices", "partitions",
        "interrupts", "locks", "mtrr", "dma", "misc", "crypto", "consoles", "bootconfig", "schedstat",
        "net/stat", "net/nf_conntrack", "net/dev_snmp6", "net/ip_tables_names", "bus", "fs", "irq", "tty", "driver", "acpi", "scsi", "dynamic_debug", "pressure", "sysvipc",
        "sys/kernel/modprobe", "sys/kernel/kptr_restrict",
        "sys/kernel/sysrq", "sys/kernel/ns_last_pid", "sys/fs/binfmt_misc", "sys/vm/drop_caches", "sys/net",
    ]

    static let absentSelf = [
        "mem", "pagemap", "stack", "syscall", "wchan", "map_files", "net/stat", "net/netfilter",
        "mountstats", "personality", "timers", "sessionid", "loginuid", "setgroups", "projid_map",
        "uid_map", "gid_map", "autogroup", "timerslack_ns", "clear_refs", "numa_maps", "sched",
        "schedstat", "cpuset", "coredump_filter", "attr", "attr/current", "attr/exec", "patch_state",
        "arch_status", "ksm_stat", "ksm_merging_pages", "latency", "make-it-fail", "fail-nth",
        "task/%d/mem", "task/%d/syscall",
    ]

    /// Host kernel files (kcore, kallsyms, kmsg, keys…) and ptrace-class process files (mem, pagemap,
    /// stack, syscall, map_files/…) do not exist under any spelling, and no listing shows them.
    /// (ns/ is served, for the process itself and its own processes: the sandbox's namespaces, which
    /// tools compare by readlink; init's are refused like its other ptrace-class files.)
    func testHostKernelAndPtraceClassFilesAreAbsent() throws {
        var expected = ["control self-status: ok", "control self-auxv: ok"]
        for name in Self.absentRoot {
            expected += ["absent /proc/\(name): ENOENT", "absent /proc/\(name) opath: ENOENT", "absent /proc/\(name) stat: ENOENT"]
        }
        for name in Self.absentSelf {
            expected += ["", " rdwr", " opath", " dirfd"].map { "absent self/\(name)\($0): ENOENT" }
            expected += ["absent thread-self/\(name): ENOENT", "absent self/\(name) stat: ENOENT"]
        }
        expected += """
            proc-listing only served names: ok
            self-listing only served names: ok
            sys-kernel-listing no host knobs: ok
            """.lines
        try attack(["absent"], expect: expected)
    }

    // MARK: net/

    /// /proc/net (and /proc/<pid>/net) holds the tables of the sandbox's own network namespace:
    /// the guest's own sockets, with the guest's uid, and its loopback — never a host listener, a
    /// host AF_UNIX socket or a host interface.
    func testProcNetShowsOnlyTheSandboxsOwnNetwork() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(listener, 0)
        defer { close(listener) }
        var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0,
                                  sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        XCTAssertTrue(bound)
        let hostPort = String(format: "%04X", UInt16(bigEndian: address.sin_port))
        let unixPath = "/tmp/safehouse-host-\(getpid()).sock"
        let unixSocket = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(unixSocket); unlink(unixPath) }
        var unixAddress = sockaddr_un()
        unixAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &unixAddress.sun_path) { raw in
            for (i, byte) in unixPath.utf8.enumerated() { raw[i] = byte }
        }
        let unixBound = withUnsafePointer(to: &unixAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(unixSocket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(unixBound, 0)
        var interfaces = try String(contentsOfFile: "/proc/net/dev", encoding: .utf8).lines.dropFirst(2)
            .compactMap { $0.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) }
        interfaces.removeAll { $0 == "lo" }

        let result = try Harness.python("""
            import os, socket
            own = socket.socket(); own.bind(("127.0.0.1", 0)); own.listen()
            port = "%04X" % own.getsockname()[1]
            text = {n: open("/proc/net/" + n).read() for n in ("tcp", "tcp6", "udp", "unix", "dev", "route", "snmp")}
            rows = [l.split() for l in text["tcp"].splitlines()[1:]]
            mine = [r for r in rows if r[1].endswith(":" + port)]
            print("own listener listed:", len(mine) == 1)
            print("own listener uid:", mine[0][7] if mine else "-")
            print("same through self:", open("/proc/self/net/tcp").read().count(":" + port) == 1)
            print("host port:", "LEAK" if any(":\(hostPort) " in text[n] for n in ("tcp", "tcp6")) else "absent")
            print("host unix socket:", "LEAK" if "\(unixPath)" in text["unix"] else "absent")
            names = [l.split(":")[0].strip() for l in text["dev"].splitlines()[2:]]
            print("host interfaces:", "LEAK " + str(names) if any(n in names for n in \(interfaces)) else "absent")
            print("listing:", sorted(os.listdir("/proc/net")) == sorted(os.listdir("/proc/self/net")))
            for name in ("stat", "nf_conntrack", "dev_snmp6", "ip_tables_names", "../../1/environ"):
                try: open("/proc/net/" + name); print(name, "OPEN")
                except OSError as e: print(name, e.errno)
            """)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.lines, """
            own listener listed: True
            own listener uid: 1000
            same through self: True
            host port: absent
            host unix socket: absent
            host interfaces: absent
            listing: True
            stat 2
            nf_conntrack 2
            dev_snmp6 2
            ip_tables_names 2
            ../../1/environ 13
            """.lines)
        XCTAssertEqual(access(unixPath, F_OK), 0, "the host socket is unchanged")
    }

    // MARK: pid 1

    /// pid 1 is the launcher: a host binary with the invoker's environment, running without the
    /// seccomp filter. The guest sees its neutral name, what any process may read of a non-dumpable
    /// process of another user, and nothing else: not its environment, executable, working
    /// directory, root, descriptors, mappings or memory, and not the addresses in its stat line.
    func testInitShowsOnlyItsNeutralNameAndNothingOfTheHost() throws {
        var expected = """
            proc1-cmdline: safehouse-init\\0
            proc1-comm: safehouse-init
            proc1-task1-comm: safehouse-init
            proc1-task1-cmdline: safehouse-init\\0
            proc1-status name: safehouse-init
            proc1-stat comm: safehouse-init
            proc1-stat addresses hidden: yes
            proc1-task1-stat comm: safehouse-init
            """.lines
        let refused: [(String, String, String)] = [
            ("environ", "EACCES", "ok|ENOENT"), ("exe", "EACCES", "EACCES"), ("cwd", "EACCES", "EACCES"),
            ("root", "EACCES", "EACCES"), ("fd", "EACCES", "EACCES"), ("fdinfo", "EACCES", "EACCES"),
            ("maps", "EACCES", "EACCES"), ("smaps", "EACCES", "EACCES"), ("smaps_rollup", "EACCES", "EACCES"),
            ("io", "EACCES", "EACCES"), ("auxv", "EACCES", "EACCES"), ("mem", "ENOENT", "ENOENT"),
            ("map_files", "ENOENT", "ENOENT"), ("pagemap", "ENOENT", "ENOENT"), ("stack", "ENOENT", "ENOENT"),
            ("syscall", "ENOENT", "ENOENT"), ("wchan", "ENOENT", "ENOENT"), ("ns", "EACCES", "EACCES"),
            ("ns/mnt", "EACCES", "EACCES"), ("task/1/environ", "EACCES", "ok|ENOENT"), ("task/1/exe", "EACCES", "EACCES"),
            ("task/1/mem", "ENOENT", "ENOENT"), ("task/1/maps", "EACCES", "EACCES"), ("task/1/fd", "EACCES", "EACCES"),
            ("fd/0", "EACCES", "EACCES"), ("fd/1", "EACCES", "EACCES"), ("fd/3", "EACCES", "EACCES"),
            ("fdinfo/0", "EACCES", "EACCES"), ("root/etc", "EACCES", "EACCES"), ("cwd/..", "EACCES", "EACCES"),
            ("exe/..", "EACCES", "EACCES"),
        ]
        for (name, open, opath) in refused { expected += ["proc1 \(name): \(open)", "proc1 \(name) opath: \(opath)"] }
        expected += ["proc1 mem rdwr: ENOENT", "proc1 exe dir: EACCES"]
        for (name, answer) in [("exe", "EACCES"), ("cwd", "EACCES"), ("root", "EACCES"), ("fd/0", "EACCES"),
                               ("fd/3", "EACCES"), ("task/1/exe", "EACCES"), ("map_files", "ENOENT")] {
            expected += ["proc1 readlink \(name): \(answer)", "proc1 stat \(name): \(answer)"]
        }
        expected += ["proc1 fd listing: EACCES", "proc1 task1 fd listing: EACCES"]
        expected += ["stat", "statm", "status", "limits", "cgroup", "mountinfo", "mounts", "oom_score", "oom_score_adj"]
            .map { "proc1 read \($0): ok" }
        expected += """
            proc1 ptrace-attach: EPERM
            proc1 ptrace-seize: EPERM
            proc1 process_vm_readv: EPERM
            proc1 process_vm_writev: EPERM
            proc1 pidfd_getfd: EPERM
            proc1 kcmp: EPERM
            proc1 sched_setaffinity: EPERM
            """.lines
        // The program copies what it read of init to stderr: the host markers are searched there too.
        try attack(["init"], expect: expected, forbidden: Self.hostMarkers())
    }

    // MARK: traversal

    /// `..` out of /proc's magic links, descriptors of /proc directories reached again through
    /// /proc/self/fd/N, openat relative to /proc/self, a working directory in /proc/1, /proc/self
    /// or a child's /proc/<pid>: every path lands in the guest's view and another process's files
    /// stay refused.
    func testTraversalInsideProcStaysInTheGuestView() throws {
        var expected = """
            self-root-dotdot3 listing: ok
            self-cwd-dotdot listing: ok
            thread-self-root-dotdot listing: ok
            self-root-dotdot proc1-environ: EACCES
            self-root-dotdot etc-shadow: ENOENT
            self-cwd-dotdot kcore: ENOENT
            self-root-self-root-kcore: ENOENT
            proc1-root-etc: EACCES
            proc1-root-etc-passwd: EACCES
            proc1-cwd-dotdot: EACCES
            self-dotdot-1-environ: EACCES
            self-task-dotdot-1-environ: EACCES
            sys-dotdot-kcore: ENOENT
            self-fd-dotdot-kcore: ENOENT
            """.lines
        for kind in ["rdonly", "opath"] {
            expected += """
                procfd-\(kind) 1-environ: EACCES
                procfd-\(kind) 1-mem: ENOENT
                procfd-\(kind) kcore: ENOENT
                procfd-\(kind) dotdot-shadow: ENOENT
                procfd-\(kind) self-mem: ENOENT
                procfd-\(kind) dotdot listing: ok
                procfd-\(kind) listing: ok
                procdirfd-\(kind) 1-environ: EACCES
                procdirfd-\(kind) kcore: ENOENT
                procdirfd-\(kind) dotdot-shadow: ENOENT
                procdirfd-\(kind) dotdot listing: ok
                """.lines
        }
        for kind in ["rdonly", "opath"] {
            expected += """
                selfdirfd-\(kind) ../1/environ: EACCES
                selfdirfd-\(kind) ../1/exe: EACCES
                selfdirfd-\(kind) ../1/mem: ENOENT
                selfdirfd-\(kind) ../kcore: ENOENT
                selfdirfd-\(kind) ../../etc/shadow: ENOENT
                selfdirfd-\(kind) mem: ENOENT
                selfdirfd-\(kind) root/proc/kcore: ENOENT
                selfdirfd-\(kind) ../.. listing: ok
                """.lines
        }
        // chdir("/proc/1") is a directory the VFS shows; the kernel then enters it or not (hidepid:
        // with a root invoker the guest's gid is the one hidepid exempts). Either way, nothing in it.
        expected += """
            chdir proc1: ok|ENOENT
            chdir proc1 cwd: /proc/1|/|/home/sandbox
            cwd-proc1 environ: EACCES|ENOENT
            cwd-proc1 mem: ENOENT
            cwd-proc1 exe: EACCES|ENOENT
            cwd-proc1 root-etc-passwd: EACCES|ENOENT
            chdir proc1-root: EACCES
            chdir proc1-cwd: EACCES
            chdir proc1-fd: EACCES
            chdir self-map_files: ENOENT
            chdir self-map_files: ENOENT
            open proc1 dir: ok
            proc1dirfd environ: EACCES
            proc1dirfd exe: EACCES
            proc1dirfd mem: ENOENT
            proc1dirfd root-etc: EACCES
            proc1dirfd environ opath: ok|ENOENT
            fchdir proc1: ok|ENOENT
            fchdir-proc1 environ: EACCES|ENOENT
            fchdir-proc1 exe opath: EACCES|ENOENT
            fchdir-proc1 cwd-dir: EACCES|ENOENT
            fchdir-proc1 dotdot listing: ok
            open proc1 opath: ok
            fchdir self: ok
            fchdir-self ../1/environ: EACCES
            fchdir-self ../../etc/shadow: ENOENT
            fchdir-self dotdot listing: ok
            fchdir-self dotdot2 listing: ok
            open child dir: ok
            child environ: EACCES
            child task environ: EACCES
            child mem: ENOENT
            childdirfd environ: EACCES
            fchdir child: ok
            fchdir-child environ: EACCES
            fchdir-child mem: ENOENT
            fchdir-child ../1/environ: EACCES
            fchdir-child dotdot listing: ok
            """.lines
        try attack(["traverse"], expect: expected, forbidden: Self.hostMarkers())
    }

    // MARK: races

    /// A thread flips the path buffer between /proc/self/status and forbidden names (/proc/1/environ,
    /// /proc/kcore, /proc/self/mem, /proc/self/ns/user, /proc/1/mem, /proc/self/map_files,
    /// /proc/sys/kernel/modprobe, /proc/self/ns/pid) while the main thread opens it. O_RDONLY is
    /// answered from the supervisor's single copy: every success reads a status file. O_PATH continues
    /// in the kernel, which may open whatever the buffer holds then; the descriptor must give nothing:
    /// reopened through /proc/self/fd/N it is a status file or fails. The same relative to a
    /// descriptor of /proc/1 (its magic links, environ, mem), and for chdir (which also continues).
    func testFlippingPathBufferNeverOpensAForbiddenProcFile() throws {
        let start = Date()
        try attack(["race", "50000"], expect: """
            race rdonly: ok
            race rdonly successes>0: yes
            race rdonly failures>0: yes
            race opath: ok
            race opath successes>0: yes
            race opath failures>0: yes
            race opath-proc1: ok
            race opath-proc1 successes>0: yes|no
            race opath-proc1 failures>0: yes
            race chdir: ok
            race chdir successes>0: yes
            race chdir failures>0: yes
            """.lines, watchdog: 90)
        XCTAssertLessThan(Date().timeIntervalSince(start), 60)
    }

    // MARK: pids

    /// /proc lists the sandbox's pids only, and the pids of host processes — this test's own, its
    /// parent's and a host `sleep` — are out of reach of every pid-taking call: signals (ESRCH),
    /// ptrace-class calls (EPERM), pidfd_open and the scheduling calls (ESRCH). The host processes
    /// are alive and unchanged afterwards.
    func testHostPidsAreOutOfReach() throws {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["60"]
        try sleeper.run()
        defer { sleeper.terminate(); sleeper.waitUntilExit() }
        let pids = [getpid(), getppid(), sleeper.processIdentifier]
        let affinityBefore = Self.affinity(), priorityBefore = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        _ = Harness.waitUntil(2) { (try? Self.procStat(sleeper.processIdentifier))?.first == "State:\tS (sleeping)" }
        let sleeperBefore = try Self.procStat(sleeper.processIdentifier)
        var expected = ["proc-listing sandbox pids only: ok", "proc-listing pids>=2: yes"]
        for i in pids.indices {
            expected += """
                host\(i) stat-proc: ENOENT
                host\(i) status: ENOENT
                host\(i) environ: ENOENT
                host\(i) opath: ENOENT
                host\(i) kill-0: ESRCH
                host\(i) kill-SIGCONT: ESRCH
                host\(i) tgkill-0: ESRCH
                host\(i) rt_sigqueueinfo: ESRCH
                host\(i) ptrace-attach: EPERM
                host\(i) ptrace-seize: EPERM
                host\(i) process_vm_readv: EPERM
                host\(i) process_vm_writev: EPERM
                host\(i) pidfd_open: ESRCH
                host\(i) kcmp: EPERM
                host\(i) sched_setaffinity: ESRCH
                host\(i) sched_getaffinity: ESRCH
                host\(i) setpriority: ESRCH
                host\(i) sched_getparam: ESRCH
                host\(i) prlimit: ESRCH
                host\(i) getpgid: ESRCH
                host\(i) getsid: ESRCH
                host\(i) get_robust_list: ESRCH
                """.lines
        }
        try attack(["pids"] + pids.map(String.init), expect: expected)
        XCTAssertEqual(Self.affinity(), affinityBefore, "this process's CPU affinity changed")
        XCTAssertEqual(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0), priorityBefore, "this process's priority changed")
        XCTAssertTrue(sleeper.isRunning, "the host sleep process is gone")
        let sleeperAfter = try Self.procStat(sleeper.processIdentifier)
        // Signal masks, tracer, affinity and nice value of the host process: nothing was delivered
        // or set; it sleeps on (neither stopped, traced nor gone).
        XCTAssertEqual(sleeperAfter.dropFirst(), sleeperBefore.dropFirst())
        XCTAssertEqual(sleeperAfter.first, "State:\tS (sleeping)")
    }

    // MARK: io_uring and foreign ABIs

    /// io_uring would open files behind the filter's back (IORING_OP_OPENAT of /proc/kcore): the ring
    /// cannot be made.
    func testIoUringIsDenied() throws {
        try attack(["uring"], expect: """
            io_uring_setup: EPERM
            io_uring_enter: EPERM
            io_uring_register: EPERM
            """.lines)
    }

    /// open("/proc/kcore") through int 0x80 (i386 open, 5) and through an x32 number: the filter's
    /// arch check kills the process (SIGSYS) before anything is looked at.
    func testForeignABIsCannotOpenProc() throws {
        try attack(["abi"], expect: """
            control kcore-absent: ENOENT
            int80 open kcore: killed SIGSYS
            x32 open kcore: killed SIGSYS
            """.lines)
    }

    // MARK: /proc/self/fd reopen

    /// Reopening a descriptor through /proc/self/fd/N checks the guest's permission on the object,
    /// as Linux does, whatever the link reads, and before the object is touched: a file of another
    /// user in the output zone that the guest opened read-only stays unwritable — and untruncated
    /// (O_TRUNC acts at open) — after it was renamed to "victim (deleted)" or removed (its second
    /// hard link lies outside every zone), and a file the guest may only write stays unreadable.
    /// Needs root (to make files of another user); the supervisor then checks permissions itself.
    func testReopeningThroughProcSelfFdGrantsNoMoreThanTheGuestHas() throws {
        try XCTSkipUnless(geteuid() == 0, "needs root to plant files of another user")
        let fm = FileManager.default
        let root = URL(fileURLWithPath: "/var/tmp/safehouse-procattack-\(UUID().uuidString.prefix(8).lowercased())")
        defer { try? fm.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        try fm.createDirectory(at: out, withIntermediateDirectories: true)
        let outside = root.appendingPathComponent("victim-link").path
        let original = "VICTIM-ORIGINAL-\(UUID().uuidString)\n"
        let secret = "WONLY-SECRET-\(UUID().uuidString)\n"
        try original.write(toFile: outside, atomically: false, encoding: .utf8)
        XCTAssertEqual(link(outside, out.appendingPathComponent("victim").path), 0)
        try secret.write(to: out.appendingPathComponent("wonly"), atomically: false, encoding: .utf8)
        XCTAssertEqual(chown(outside, 65534, 65534), 0)
        XCTAssertEqual(chmod(outside, 0o644), 0)
        XCTAssertEqual(chown(out.appendingPathComponent("wonly").path, 65534, 65534), 0)
        XCTAssertEqual(chmod(out.appendingPathComponent("wonly").path, 0o602), 0)
        let outsideBefore = try VFSAttackTests.snapshot(outside)
        let result = try Harness.program("proc_attack", ["magic", "/results"], options: ["--output", out.path + ":/results"])
        XCTAssertEqual(result.status, 0, "exit status; stderr: \(result.stderr)")
        assertLines(result, """
            victim rdwr: EACCES
            victim rdonly: ok
            victim procfd rdwr: EACCES
            victim rename-to-deleted-name: ok
            victim procfd rdwr after rename: EACCES
            victim procfd trunc after rename: EACCES
            victim size kept after trunc: yes
            victim procfd rdonly-trunc after rename: EACCES
            victim size kept after rdonly-trunc: yes
            victim unlink: ok
            victim procfd wronly after unlink: EACCES
            victim devfd rdwr after unlink: EACCES
            wonly rdonly: EACCES
            wonly wronly: ok
            wonly procfd rdonly: EACCES
            wonly rename-to-deleted-name: ok
            wonly procfd rdonly after rename: EACCES
            wonly rename-back: ok
            memfd safehouse:/proc/1/environ reopen: EACCES
            memfd safehouse:/proc/kcore reopen: ENOENT
            memfd safehouse:/../../etc/shadow reopen: ENOENT
            memfd safehouse:/proc/self/../1/mem reopen: ENOENT
            """.lines)
        XCTAssertFalse((result.stdout + result.stderr).contains(secret.dropLast()), "write-only file's content leaked")
        // The hard link outside every zone is untouched (only its link count dropped: the guest
        // removed the name in its output zone), and so is the write-only file.
        var expected = outsideBefore.replacingOccurrences(of: " nlink=2 ", with: " nlink=1 ")
        if let ctime = expected.range(of: " ctime=") {
            // unlink changes the inode's ctime; compare everything else.
            let end = expected[ctime.upperBound...].firstIndex(of: " ") ?? expected.endIndex
            expected.removeSubrange(ctime.lowerBound..<end)
        }
        var after = try VFSAttackTests.snapshot(outside)
        if let ctime = after.range(of: " ctime=") {
            let end = after[ctime.upperBound...].firstIndex(of: " ") ?? after.endIndex
            after.removeSubrange(ctime.lowerBound..<end)
        }
        XCTAssertEqual(after, expected, "host file outside the zones changed")
        XCTAssertEqual(try String(contentsOfFile: outside, encoding: .utf8), original, "host file outside the zones was written")
        XCTAssertEqual(try String(contentsOfFile: out.appendingPathComponent("wonly").path, encoding: .utf8), secret)
    }

    // MARK: /sys and /dev

    /// /sys holds the sandbox's CPU list and nothing else; /dev the synthetic devices, the sandbox's
    /// own devpts and /dev/shm. No host device is reachable, nothing there can be changed, no device
    /// node can be made, and the host's device nodes are unchanged.
    func testSysAndDevShowOnlyTheirSyntheticNames() throws {
        var expected = """
            sys listing: devices
            sys cpu listing: \(Self.cpuDirectories)online,possible,present
            control sys cpu-online: ok
            """.lines
        for path in Self.sysAbsent { expected += ["absent \(path): ENOENT", "absent \(path) wronly: ENOENT"] }
        expected += """
            w /sys/devices/system/cpu/online wronly: EROFS
            w /sys/devices/system/cpu/online trunc: EROFS
            chmod /sys/devices/system/cpu/online: EROFS
            unlink /sys/devices/system/cpu/online: EROFS
            mkdir /sys/proc-attack-d: EROFS
            creat /sys/devices/proc-attack-f: EROFS
            sys dotdot shadow: ENOENT
            dev listing: fd,full,null,ptmx,pts,random,shm,stderr,stdin,stdout,\(access("/dev/tty", F_OK) == 0 ? "tty," : "")urandom,zero
            dev pts listing: ptmx
            """.lines
        expected += Self.devAbsent.map { "absent \($0): ENOENT" }
        expected += """
            control dev-null rdwr: ok
            control dev-full write: ENOSPC
            control dev-ptmx: ok
            control dev-ptmx pts: /dev/pts/0
            """.lines
        for dev in ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/pts", "/dev/fd", "/dev"] {
            let crossesMount = dev == "/dev/pts"   // a mount of its own: rename is EXDEV first
            expected += ["chmod \(dev): EROFS", "chown \(dev): EROFS", "unlink \(dev): EROFS",
                         "rename \(dev): \(crossesMount ? "EXDEV" : "EROFS")", "setxattr \(dev): EROFS",
                         "utimensat \(dev): EROFS"]
        }
        expected += """
            mknod chr dev-shm: EPERM
            mknod blk tmp: EPERM
            mknod chr dev: EROFS
            creat dev: EROFS
            symlink dev: EROFS
            mkdir dev-pts: EROFS
            dev-shm dotdot shadow: ENOENT
            dev-shm dotdot kcore: ENOENT
            dev-fd proc-kcore: ENOENT
            dev-fd dotdot 1-environ: EACCES
            control dev-shm create: ok
            dev-shm symlink kcore then open: ENOENT
            """.lines
        try attack(["sysdev"], expect: expected)
    }

    /// The per-CPU directories the sandbox shows (the default `cpus`: every CPU this process may use).
    static var cpuDirectories: String { (0..<max(1, Harness.hostCPUs.count)).map { "cpu\($0)" }.sorted().map { $0 + "," }.joined() }

    static let sysAbsent = [
        "/sys/kernel", "/sys/kernel/notes", "/sys/kernel/debug", "/sys/kernel/security", "/sys/kernel/mm/ksm/run",
        "/sys/kernel/kexec_loaded", "/sys/kernel/uevent_helper", "/sys/kernel/vmcoreinfo", "/sys/fs/cgroup",
        "/sys/fs/cgroup/cgroup.procs", "/sys/fs/bpf", "/sys/fs/fuse/connections", "/sys/class/net",
        "/sys/class/dmi/id/product_uuid", "/sys/firmware", "/sys/firmware/efi/efivars", "/sys/power/state", "/sys/module",
        "/sys/block", "/sys/devices/system/cpu/cpu0/topology", "/sys/devices/system/cpu/cpu0/cpufreq",
        "/sys/devices/system/cpu/cpu0/topology/core_id", "/sys/devices/system/cpu/cpu4096",
        "/sys/devices/virtual/dmi/id/product_serial", "/sys/devices/system/cpu/vulnerabilities", "/sys/bus", "/sys/dev/block",
    ]

    static let devAbsent = [
        "/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/console", "/dev/tty0", "/dev/tty1", "/dev/ttyS0",
        "/dev/sda", "/dev/vda", "/dev/nvme0n1", "/dev/loop0", "/dev/loop-control", "/dev/mapper/control",
        "/dev/fuse", "/dev/net/tun", "/dev/kvm", "/dev/vhost-net", "/dev/vsock", "/dev/cpu/0/msr", "/dev/hpet",
        "/dev/rtc0", "/dev/watchdog", "/dev/autofs", "/dev/btrfs-control", "/dev/uinput", "/dev/dri", "/dev/snd",
        "/dev/userfaultfd", "/dev/mqueue", "/dev/hugepages", "/dev/core", "/dev/log", "/dev/initctl",
        "/dev/pts/0", "/dev/pts/1",
    ]

    // MARK: stdin from a host file

    /// `safehouse run ... < FILE`: the guest's stdin is a host file outside every zone, handed over
    /// read-only. Its link shows no host path, the guest may read it (and reopen it for reading, as
    /// Linux lets the owner), but no reopen — /proc/self/fd/0, /dev/stdin, /dev/fd/0,
    /// /proc/thread-self/fd/0 — makes it writable or truncates it: the caller gave read access only,
    /// and the file is the host's. The file is the invoker's own (mode 0644), the common case.
    func testHostFileGivenAsStdinCannotBeReopenedForWriting() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("proc-attack-stdin").path
        let content = "HOST-STDIN-\(UUID().uuidString)\n"
        try content.write(toFile: input, atomically: false, encoding: .utf8)
        XCTAssertEqual(chmod(input, 0o644), 0)
        let before = try VFSAttackTests.snapshot(input)
        let result = try Self.runWithStdin(["run", "--input", "\(Harness.programs):/t", "--", "/t/proc_attack", "stdin"],
                                           stdinFile: input)
        XCTAssertEqual(result.status, 0, "exit status; stderr: \(result.stderr.suffix(2000))")
        assertLines(result, """
            stdin link names no host path: ok
            stdin read: ok
            stdin procfd rdonly: ok
            stdin procfd rdwr: EACCES|EPERM|EROFS
            stdin procfd append: EACCES|EPERM|EROFS
            stdin devstdin rdwr: EACCES|EPERM|EROFS
            stdin devfd append: EACCES|EPERM|EROFS
            stdin thread-self append: EACCES|EPERM|EROFS
            stdin procfd rdonly-trunc: EACCES|EPERM|EROFS
            stdin procfd trunc: EACCES|EPERM|EROFS
            stdin size kept: yes
            stdin procfd dotdot: ENOTDIR
            """.lines)
        XCTAssertFalse(result.stdout.contains(dir.path), "the host path of stdin shows in the guest")
        XCTAssertEqual(try VFSAttackTests.snapshot(input), before, "the host file given as stdin changed")
    }

    /// `safehouse ARGS` with its stdin read from a host file (Harness.run pipes a string).
    static func runWithStdin(_ arguments: [String], stdinFile: String, watchdog: TimeInterval = 60) throws -> Harness.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Harness.binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        guard let input = FileHandle(forReadingAtPath: stdinFile) else { throw CocoaError(.fileReadNoPermission) }
        defer { try? input.close() }
        process.standardInput = input
        try process.run()
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + watchdog)
        timer.setEventHandler { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        timer.resume()
        // stderr is drained concurrently, so a guest that writes much there cannot block on it.
        final class Drained: @unchecked Sendable { var data = Data() }
        let errData = Drained()
        let group = DispatchGroup()
        group.enter()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            errData.data = errHandle.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        timer.cancel()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Harness.Result(status: status, stdout: String(decoding: outData, as: UTF8.self),
                              stderr: String(decoding: errData.data, as: UTF8.self))
    }

    // MARK: mechanical leak search

    /// Every file the guest can read under /proc and /sys (dumped into an output zone), searched
    /// for host facts: the host environment, the host paths behind the zones and of the supervisor,
    /// the host's boot id, machine id and cgroup, kernel symbol addresses, and the host's hostname.
    func testNoHostFactIsReadableUnderProcOrSys() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Harness.program("proc_attack", ["scan", "/results/proc-attack-dump"],
                                         options: ["--output", dir.path + ":/results"])
        XCTAssertEqual(result.status, 0, "exit status; stderr: \(result.stderr.suffix(2000))")
        assertLines(result, "scan files>20: yes".lines)
        let dump = Self.procRead(dir.appendingPathComponent("proc-attack-dump").path) ?? ""
        XCTAssertTrue(dump.contains("== /proc/cpuinfo") && dump.contains("== /proc/self -> "), "the scan read nothing")
        var markers = Self.hostMarkers() + [dir.path]
        // The host's name, unless the sandbox happens to be called the same.
        let guestHostname = dump.components(separatedBy: "== /proc/sys/kernel/hostname\n").dropFirst().first?
            .split(separator: "\n").first.map(String.init)
        XCTAssertNotNil(guestHostname, "the scan did not read /proc/sys/kernel/hostname")
        var name = [CChar](repeating: 0, count: 256)
        if gethostname(&name, name.count) == 0 {
            let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if host.count >= 4 && host != guestHostname { markers.append(host) }
        }
        let seen = dump + result.stdout + result.stderr
        for marker in markers where seen.contains(marker) {
            let around = seen.range(of: marker).map { range -> String in
                let from = seen.index(range.lowerBound, offsetBy: -300, limitedBy: seen.startIndex) ?? seen.startIndex
                return String(seen[from..<range.upperBound])
            } ?? ""
            XCTFail("host fact readable in the guest: \(marker.prefix(40))…\n--- context:\n\(around)")
        }
    }

    // MARK: - Host facts

    /// Strings of the host the guest must never read: the host environment (init's is the
    /// invoker's), host paths (the package, the supervisor, the directory mapped at /t), the boot
    /// and machine ids, the host's cgroup, kernel symbol addresses.
    static func hostMarkers() -> [String] {
        var markers = VFSAttackTests.hostEnvironmentMarkers()
        markers += [Harness.binary, Harness.packageRoot.path, Harness.programs]
        for path in ["/proc/sys/kernel/random/boot_id", "/etc/machine-id"] {
            if let id = procRead(path)?.trimmingCharacters(in: .whitespacesAndNewlines), id.count >= 16 { markers.append(id) }
        }
        // The host's own cgroup paths (any longer than "/").
        for line in (procRead("/proc/self/cgroup") ?? "").split(separator: "\n") {
            if let path = line.split(separator: ":", maxSplits: 2).last, path.count > 8 { markers.append(String(path)) }
        }
        // Kernel text addresses, where the host shows them at all.
        for line in (procRead("/proc/kallsyms") ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count >= 3, ["commit_creds", "prepare_kernel_cred", "init_task", "_stext"].contains(String(parts[2])),
                  parts[0].contains(where: { $0 != "0" }) else { continue }
            markers.append(String(parts[0]))
        }
        return markers
    }

    /// Facts of the host an attack through /proc, /sys or /dev could change: sysctls behind the
    /// guest's /proc/sys names, the hostname, the device nodes behind /dev.
    static func hostState() -> [String: String] {
        var state: [String: String] = [:]
        for path in ["/proc/sys/kernel/hostname", "/proc/sys/kernel/domainname", "/proc/sys/vm/overcommit_memory",
                     "/proc/sys/kernel/pid_max", "/proc/sys/fs/file-max", "/proc/sys/kernel/core_pattern",
                     "/proc/sys/kernel/randomize_va_space", "/proc/sys/kernel/sysrq", "/proc/sys/kernel/modprobe"] {
            state[path] = procRead(path) ?? "absent"
        }
        var name = [CChar](repeating: 0, count: 256)
        _ = gethostname(&name, name.count)
        state["gethostname"] = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for dev in ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/ptmx", "/dev/kmsg", "/dev/mem"] {
            var st = stat()
            state[dev] = lstat(dev, &st) != 0 ? "absent"
                : "mode=\(String(st.st_mode, radix: 8)) uid=\(st.st_uid) gid=\(st.st_gid) rdev=\(st.st_rdev) "
                + "ctime=\(st.st_ctim.tv_sec).\(st.st_ctim.tv_nsec)"
        }
        return state
    }

    /// A procfs (or any) file read to its end; procfs files report size 0.
    static func procRead(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    /// The lines of /proc/PID/status that an attack could change (state, signals, nice, affinity).
    static func procStat(_ pid: pid_t) throws -> [String] {
        let text = procRead("/proc/\(pid)/status") ?? ""
        return text.split(separator: "\n").map(String.init).filter {
            ["State:", "SigPnd:", "ShdPnd:", "SigBlk:", "SigIgn:", "SigCgt:", "Cpus_allowed:", "TracerPid:"]
                .contains(where: $0.hasPrefix)
        } + [(procRead("/proc/\(pid)/stat") ?? "").split(separator: " ").dropFirst(18).first.map { "nice=\($0)" } ?? "nice=?"]
    }

    /// This process's (main thread's) CPU affinity, as its status shows it.
    static func affinity() -> String {
        (procRead("/proc/self/status") ?? "").split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") }
            .map(String.init) ?? "?"
    }

    /// Directories where a guest-made `proc-attack-*` name would show if a creation escaped.
    static func markerDirectories() -> [String] {
        ["/", "/tmp", "/var/tmp", "/dev", "/dev/shm", "/dev/pts", "/sys", "/sys/devices", "/root", "/home", "/etc",
         Harness.programs]
    }

    static func markerNames() -> [String: [String]] {
        var found: [String: [String]] = [:]
        for dir in markerDirectories() {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix("proc-attack-") }
            if !names.isEmpty { found[dir] = names }
        }
        return found
    }

    // MARK: - Running and checking

    /// Runs `proc_attack ARGS` (the programs at /t), asserts the exit status, the exact lines, that
    /// no FORBIDDEN string shows in what the guest printed, and that the host is unchanged.
    private func attack(_ arguments: [String], expect: [String], forbidden: [String] = [], watchdog: TimeInterval = 60,
                        file: StaticString = #filePath, line: UInt = #line) throws {
        let before = Self.hostState()
        let markersBefore = Self.markerNames()
        let result = try Harness.run(["run", "--input", "\(Harness.programs):/t", "--", "/t/proc_attack"] + arguments,
                                     watchdog: watchdog)
        XCTAssertEqual(result.status, 0, "exit status; stderr: \(result.stderr.suffix(2000))", file: file, line: line)
        assertLines(result, expect, file: file, line: line)
        for marker in forbidden where (result.stdout + result.stderr).contains(marker) {
            XCTFail("host fact readable in the guest: \(marker.prefix(40))…", file: file, line: line)
        }
        let after = Self.hostState()
        for key in Set(before.keys).union(after.keys).sorted() where before[key] != after[key] {
            XCTFail("host changed: \(key)\n  before: \(before[key] ?? "absent")\n  after:  \(after[key] ?? "absent")",
                    file: file, line: line)
        }
        XCTAssertEqual(Self.markerNames(), markersBefore, "guest-made names on the host", file: file, line: line)
    }

    /// Exact lines; an expected `name: A|B` accepts either result.
    private func assertLines(_ result: Harness.Result, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
        let actual = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
        var mismatches: [String] = []
        for index in 0..<max(actual.count, expected.count) {
            let got = index < actual.count ? actual[actual.startIndex + index] : "(missing)"
            let want = index < expected.count ? expected[index] : "(nothing)"
            if !Self.matches(got, want) { mismatches.append("  line \(index + 1): got \"\(got)\", want \"\(want)\"") }
        }
        XCTAssertTrue(mismatches.isEmpty, "guest output differs:\n" + mismatches.prefix(40).joined(separator: "\n")
                      + "\n--- stdout:\n\(result.stdout.prefix(20000))--- stderr:\n\(result.stderr.suffix(3000))",
                      file: file, line: line)
    }

    private static func matches(_ got: String, _ want: String) -> Bool {
        guard let colon = want.range(of: ": ", options: .backwards), want[colon.upperBound...].contains("|") else { return got == want }
        let name = want[..<colon.upperBound]
        return got.hasPrefix(name) && want[colon.upperBound...].split(separator: "|").contains { got == name + $0 }
    }

    /// A process that made itself non-dumpable (as ssh-agent and gpg-agent do, and the spawner
    /// of a live sandbox) keeps its environment, memory map and descriptors from other processes
    /// of the same uid, as on Linux. The directory /proc/<pid> shows the task's uid either way;
    /// the check must look at what the kernel gives to root while the task is non-dumpable.
    func testNonDumpableProcessIsNotReadableBySameUID() throws {
        let result = try Harness.python("""
            import ctypes, os, time
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.environ["SECRET"] = "hunter2"
                ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)   # PR_SET_DUMPABLE, 0
                os.write(w, b"x"); time.sleep(30); os._exit(0)
            os.read(r, 1)
            for name in ("environ", "maps", "fd", "cmdline"):
                try:
                    if name == "fd":
                        print(name, "listed", os.listdir("/proc/%d/fd" % pid))
                    else:
                        print(name, "read", len(open("/proc/%d/%s" % (pid, name), "rb").read()))
                except OSError as e:
                    print(name, "errno", e.errno)
            print("self fd", len(os.listdir("/proc/self/fd")) > 0)
            os.kill(pid, 9)
            """)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("environ errno 13"), result.stdout)
        XCTAssertTrue(result.stdout.contains("maps errno 13"), result.stdout)
        XCTAssertTrue(result.stdout.contains("fd errno 13"), result.stdout)
        XCTAssertTrue(result.stdout.contains("cmdline read"), result.stdout)   // readable on Linux too
        XCTAssertTrue(result.stdout.contains("self fd True"), result.stdout)
    }
}

private extension String {
    /// Non-empty lines.
    var lines: [String] { split(separator: "\n").map(String.init) }
}
