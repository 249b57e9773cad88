import Foundation
import SafehouseABI
import XCTest

/// Checks the generated syscall table (Syscalls/x86_64.dispositions → SyscallTable.generated.swift)
/// against the kernel headers and against DESIGN.md's invariant 4. Constants are spelled out here
/// as numbers from the uapi headers on purpose, independent of the generator's own constant map.
final class SyscallTableTests: XCTestCase {
    // linux/sched.h
    private static let namespaceFlags: [(String, UInt64)] = [
        ("CLONE_NEWNS", 0x0002_0000), ("CLONE_NEWCGROUP", 0x0200_0000), ("CLONE_NEWUTS", 0x0400_0000),
        ("CLONE_NEWIPC", 0x0800_0000), ("CLONE_NEWUSER", 0x1000_0000), ("CLONE_NEWPID", 0x2000_0000),
        ("CLONE_NEWNET", 0x4000_0000),
    ]
    private static let sigchld: UInt64 = 17
    private static let tiocsti: UInt64 = 0x5412  // asm-generic/ioctls.h

    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SafehouseTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root

    private func entry(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> SyscallEntry {
        try XCTUnwrap(SyscallTable.entry(named: name), "no table entry for \(name)", file: file, line: line)
    }

    private func args(_ a0: UInt64 = 0, _ a1: UInt64 = 0, _ a2: UInt64 = 0)
        -> (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    {
        (a0, a1, a2, 0, 0, 0)
    }

    private func isDeniedOrKill(_ action: SyscallAction) -> Bool {
        switch action {
        case .denied, .kill: return true
        case .passthrough, .emulated: return false
        }
    }

    // MARK: - Generated outputs

    func testGeneratedOutputsAreNotStale() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "Syscalls/generate.py", "--check"]
        process.currentDirectoryURL = Self.packageRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0,
                       "generated syscall table outputs are stale or invalid:\n\(text)")
    }

    func testNumbersAndNamesMatchTheHeader() throws {
        let candidates = [ProcessInfo.processInfo.environment["SAFEHOUSE_UNISTD_H"],
                          "/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "/usr/include/asm/unistd_64.h"]
        guard let path = candidates.compactMap({ $0 }).first(where: { FileManager.default.fileExists(atPath: $0) })
        else { throw XCTSkip("asm/unistd_64.h not installed") }
        var header: [String: Int32] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        where line.hasPrefix("#define __NR_") {
            let words = line.split(whereSeparator: \.isWhitespace)
            let number = try XCTUnwrap(words.count == 3 ? Int32(words[2]) : nil, "unreadable line: \(line)")
            header[String(words[1].dropFirst("__NR_".count))] = number
        }
        XCTAssertGreaterThan(header.count, 300)

        let table = Dictionary(SyscallTable.entries.map { ($0.name, $0.number) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(table, header, "the table's names and numbers differ from \(path)")
        XCTAssertEqual(Set(SyscallTable.entries.map(\.number)).count, SyscallTable.entries.count, "duplicate numbers")
        XCTAssertEqual(Set(SyscallTable.entries.map(\.name)).count, SyscallTable.entries.count, "duplicate names")
        for entry in SyscallTable.entries {
            XCTAssertEqual(SyscallTable.entry(entry.number)?.name, entry.name, "lookup by number \(entry.number)")
        }
    }

    func testEntriesAreWellFormed() {
        for entry in SyscallTable.entries {
            XCTAssertLessThanOrEqual(entry.args.count, 6, entry.name)
            XCTAssertFalse(entry.args.contains(.unused), "\(entry.name): `unused` only stands for no arguments")
            XCTAssertFalse(entry.rationale.isEmpty, "\(entry.name) has no rationale")
            for rule in entry.rules {
                XCTAssertTrue(entry.args.indices.contains(rule.arg), "\(entry.name): rule on missing a\(rule.arg)")
                XCTAssertFalse(rule.rationale.isEmpty, "\(entry.name): rule without rationale")
            }
        }
        XCTAssertEqual(SyscallTable.entry(named: "read")?.args, [.fd, .pointer, .size])
        XCTAssertEqual(SyscallTable.entry(named: "getpid")?.args, [])
    }

    func testUnknownNumbersHaveNoEntry() {
        // 387...423 is a hole the kernel never fills; 0x4000_0000 is the x32 bit.
        for number: Int32 in [-1, 400, 423, 1000, 0x4000_0000, Int32.max] {
            XCTAssertNil(SyscallTable.entry(number), "number \(number) must be unknown (answered ENOSYS)")
        }
    }

    // MARK: - Invariant 4

    func testInvariantFourSyscallsAreDeniedOrKilled() throws {
        let names = [
            "io_uring_setup", "io_uring_enter", "io_uring_register", "bpf", "userfaultfd", "perf_event_open",
            "keyctl", "add_key", "request_key", "mount", "umount2", "fsopen", "fsconfig", "fsmount", "fspick",
            "open_tree", "move_mount", "mount_setattr", "pivot_root", "setns", "kexec_load",
            "kexec_file_load", "init_module", "finit_module", "delete_module", "open_by_handle_at",
            "name_to_handle_at", "ptrace", "process_vm_readv", "process_vm_writev", "chroot",
        ]
        let probes: [(UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)] = [
            (0, 0, 0, 0, 0, 0), (.max, .max, .max, .max, .max, .max), (1, 2, 3, 4, 5, 6),
        ]
        for name in names {
            let entry = try entry(name)
            XCTAssertTrue(isDeniedOrKill(entry.action), "\(name) is \(entry.action)")
            for rule in entry.rules {
                XCTAssertTrue(isDeniedOrKill(rule.action), "\(name) has a rule that lets it through")
            }
            for probe in probes {
                for netns in [false, true] {
                    XCTAssertTrue(isDeniedOrKill(entry.action(for: probe, hasNetworkNamespace: netns)), name)
                }
            }
        }
    }

    func testCloneWithAnyNamespaceFlagIsDenied() throws {
        let clone = try entry("clone")
        for (name, flag) in Self.namespaceFlags {
            for base: UInt64 in [Self.sigchld, 0x0120_0011, 0x003d_0f00, 0xffff_ffff_0000_0000] {
                for netns in [false, true] {
                    XCTAssertEqual(clone.action(for: args(base | flag), hasNetworkNamespace: netns),
                                   .denied(.EPERM), "clone with \(name) (flags \(base | flag))")
                }
            }
        }
        let allNamespaces = Self.namespaceFlags.reduce(0) { $0 | $1.1 }
        XCTAssertEqual(clone.action(for: args(allNamespaces), hasNetworkNamespace: true), .denied(.EPERM))
    }

    func testPlainForkAndThreadClonePassThrough() throws {
        let clone = try entry("clone")
        let flags: [(String, UInt64)] = [
            ("glibc fork: CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD", 0x0120_0011),
            ("pthread_create: VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID", 0x003d_0f00),
            ("posix_spawn: CLONE_VM|CLONE_VFORK|SIGCHLD", 0x0000_4111),
            ("bare SIGCHLD", Self.sigchld),
        ]
        for (name, value) in flags {
            for netns in [false, true] {
                XCTAssertEqual(clone.action(for: args(value), hasNetworkNamespace: netns), .passthrough, name)
            }
        }
        XCTAssertEqual(try entry("fork").action, .passthrough)
        XCTAssertEqual(try entry("vfork").action, .passthrough)
    }

    /// unshare: what needs no privilege passes (0, CLONE_FILES, CLONE_FS, ...); any namespace flag
    /// is EPERM, with or without other bits, in every mode. (The sandbox's user namespace also
    /// allows no new namespace: forbid_namespaces in launcher.c.)
    func testUnshareWithAnyNamespaceFlagIsDenied() throws {
        let unshare = try entry("unshare")
        for netns in [false, true] {
            for harmless: UInt64 in [0, 0x400 /* CLONE_FILES */, 0x200 /* CLONE_FS */, 0x4_0000 /* CLONE_SYSVSEM */] {
                XCTAssertEqual(unshare.action(for: args(harmless), hasNetworkNamespace: netns), .passthrough)
            }
            for (name, flag) in Self.namespaceFlags + [("CLONE_NEWTIME", 0x80)] {
                for base: UInt64 in [0, 0x400, 0xffff_ffff_0000_0000] {
                    XCTAssertEqual(unshare.action(for: args(base | flag), hasNetworkNamespace: netns), .denied(.EPERM),
                                   "unshare with \(name)")
                }
            }
        }
    }

    /// clone3's flags are behind a pointer: without the sandbox's own user namespace (whose
    /// namespace limits are 0) it stays ENOSYS, so libc falls back to clone; with it, the
    /// supervisor checks a copy and the kernel wall holds whatever the flags race to.
    func testClone3IsTrappedOnlyWhereTheNamespaceWallHolds() throws {
        let clone3 = try entry("clone3")
        XCTAssertEqual(clone3.action, .denied(.ENOSYS))
        for size: UInt64 in [64, 88, 4096, .max] {
            XCTAssertEqual(clone3.action(for: args(0x1000, size), hasNetworkNamespace: false), .denied(.ENOSYS))
            XCTAssertEqual(clone3.action(for: args(0x1000, size), hasNetworkNamespace: true), .emulated)
        }
    }

    func testTIOCSTIIsDeniedEvenWithUpperBitsSet() throws {
        let ioctl = try entry("ioctl")
        for request in [Self.tiocsti, 0x0000_0001_0000_5412, 0xffff_ffff_0000_5412, 0xdead_beef_0000_5412] {
            for netns in [false, true] {
                XCTAssertEqual(ioctl.action(for: args(0, request), hasNetworkNamespace: netns), .denied(.EPERM),
                               "ioctl request \(String(request, radix: 16))")
            }
        }
        // Other requests, and TIOCSTI's value in a different argument, pass.
        XCTAssertEqual(ioctl.action(for: args(0, 0x5401), hasNetworkNamespace: true), .passthrough)  // TCGETS
        XCTAssertEqual(ioctl.action(for: args(0, 0x541B), hasNetworkNamespace: true), .passthrough)  // FIONREAD
        XCTAssertEqual(ioctl.action(for: args(Self.tiocsti, 0x5401, Self.tiocsti), hasNetworkNamespace: true),
                       .passthrough)
    }

    func testPersonalityOnlyAllowsQuery() throws {
        let personality = try entry("personality")
        XCTAssertEqual(personality.action(for: args(0xffff_ffff), hasNetworkNamespace: true), .passthrough)
        // Even PER_LINUX is refused: the filter cannot express the complement of {0, 0xffffffff}
        // exactly, and nothing common sets the default persona explicitly.
        XCTAssertEqual(personality.action(for: args(0), hasNetworkNamespace: true), .denied(.EPERM))
        // READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE, UNAME26, PER_LINUX32, PER_BSD; then a change whose
        // upper half looks like the query value.
        for value: UInt64 in [0x0040_0000, 0x0004_0000, 0x0002_0000, 0x0008, 0x0006, 0xffff_ffff_0004_0000] {
            XCTAssertEqual(personality.action(for: args(value), hasNetworkNamespace: true), .denied(.EPERM),
                           "personality(\(String(value, radix: 16)))")
        }
    }

    // MARK: - Stage policy

    func testSocketFamilies() throws {
        let socket = try entry("socket")
        XCTAssertEqual(socket.action(for: args(1), hasNetworkNamespace: false), .passthrough)  // AF_UNIX
        for family: UInt64 in [2, 10] {  // AF_INET, AF_INET6: only inside the sandbox's own netns
            XCTAssertEqual(socket.action(for: args(family), hasNetworkNamespace: true), .passthrough)
            XCTAssertEqual(socket.action(for: args(family), hasNetworkNamespace: false), .denied(.EAFNOSUPPORT))
        }
        for family: UInt64 in [17, 40, 0x1_0000_0011] {  // AF_PACKET, AF_VSOCK (an upper half cannot hide them)
            for netns in [false, true] {
                XCTAssertEqual(socket.action(for: args(family), hasNetworkNamespace: netns), .denied(.EAFNOSUPPORT))
            }
        }
        // AF_NETLINK: the handler lets NETLINK_ROUTE through, in the sandbox's own namespace only.
        XCTAssertEqual(socket.action(for: args(16), hasNetworkNamespace: true), .emulated)
        XCTAssertEqual(socket.action(for: args(16), hasNetworkNamespace: false), .denied(.EAFNOSUPPORT))
        // sendto traps only when it carries an address.
        let sendto = try entry("sendto")
        XCTAssertEqual(sendto.action(for: (3, 0, 4, 0, 0, 0), hasNetworkNamespace: true), .passthrough)
        XCTAssertEqual(sendto.action(for: (3, 0, 4, 0, 0x7fff_0000, 16), hasNetworkNamespace: true), .emulated)
        XCTAssertEqual(sendto.action(for: (3, 0, 4, 0, 1 << 32, 16), hasNetworkNamespace: true), .emulated)
        let socketpair = try entry("socketpair")
        XCTAssertEqual(socketpair.action(for: args(1), hasNetworkNamespace: false), .passthrough)
        XCTAssertEqual(socketpair.action(for: args(2), hasNetworkNamespace: true), .denied(.EOPNOTSUPP))  // as Linux
        XCTAssertEqual(socketpair.action(for: args(17), hasNetworkNamespace: true), .denied(.EAFNOSUPPORT))
    }

    func testPrctlDeniesSetMMButAllowsSeccomp() throws {
        let prctl = try entry("prctl")
        XCTAssertEqual(prctl.action(for: args(35), hasNetworkNamespace: true), .denied(.EPERM))  // PR_SET_MM
        XCTAssertEqual(prctl.action(for: args(0x1_0000_0023), hasNetworkNamespace: true), .denied(.EPERM))
        XCTAssertEqual(prctl.action(for: args(22), hasNetworkNamespace: true), .passthrough)  // PR_SET_SECCOMP
        XCTAssertEqual(prctl.action(for: args(38), hasNetworkNamespace: true), .passthrough)  // NO_NEW_PRIVS
    }

    /// Invariant 1: no syscall that takes a path reaches the host kernel unseen — each one is
    /// emulated by the VFS or denied.
    func testEveryPathTakingSyscallIsEmulatedOrDenied() throws {
        let passing = SyscallTable.entries.filter { $0.args.contains(.path) && $0.action == .passthrough }.map(\.name)
        XCTAssertEqual(passing, [])
        for name in ["open", "openat", "openat2", "newfstatat", "statx", "getdents64", "execve", "execveat",
                     "chdir", "renameat2", "linkat", "symlinkat", "fchmod", "fchown", "fsetxattr", "inotify_add_watch"] {
            XCTAssertEqual(try entry(name).action, .emulated, name)
        }
    }

    func testStageDispositions() throws {
        for name in ["kill", "tkill", "tgkill", "pidfd_open", "pidfd_send_signal", "wait4", "waitid",
                     "fchdir", "getcwd", "seccomp", "read", "fstat", "futex", "mmap"] {
            XCTAssertEqual(try entry(name).action, .passthrough, name)
        }
        // The supervisor's opens are outside any Landlock domain of the guest's: Landlock is
        // reported as not enabled rather than restricting nothing.
        for name in ["landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self"] {
            XCTAssertEqual(try entry(name).action, .denied(.EOPNOTSUPP), name)
        }
        for name in ["sethostname", "setdomainname", "reboot", "swapon", "settimeofday", "clock_settime",
                     "iopl", "ioperm", "syslog", "pidfd_getfd", "kcmp"] {
            XCTAssertEqual(try entry(name).action, .denied(.EPERM), name)
        }
        for name in ["create_module", "get_kernel_syms", "query_module", "uselib", "afs_syscall", "tuxcall",
                     "security", "vserver", "getpmsg", "putpmsg", "_sysctl", "epoll_ctl_old", "epoll_wait_old"] {
            XCTAssertEqual(try entry(name).action, .denied(.ENOSYS), name)
        }
    }
}
