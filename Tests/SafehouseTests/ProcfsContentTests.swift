import Foundation
import XCTest
@testable import SafehouseProcfs

/// Tests for the text generators of the synthetic /proc (`SystemFiles`, `ProcessText`, `LoadAverage`).
/// Fixtures are copied from a real kernel (6.x, x86_64) so the layouts are checked against the real thing.
final class ProcfsContentTests: XCTestCase {

    // MARK: Fixtures

    private func machine(cpus: Int = 2, memoryKB: UInt64 = 16_384_000, mounts: [ProcMount] = []) -> ProcMachine {
        ProcMachine(cpus: cpus, memoryBytes: memoryKB * 1024, hostname: "box", kernelRelease: "6.8.0-safehouse",
                    kernelVersion: "#1 SMP PREEMPT_DYNAMIC", machine: "x86_64", startTicks: 600_000,
                    startWallSeconds: 1_795_449_318, mounts: mounts,
                    ids: IDMap(hostUID: 1000, hostGID: 1000, guestUID: 0, guestGID: 0))
    }

    private func task(_ pid: Int32, _ state: Character, user: UInt64 = 0, system: UInt64 = 0) -> ProcSample.Task {
        ProcSample.Task(pid: pid, state: UInt8(ascii: state.unicodeScalars.first!), userTicks: user,
                        systemTicks: system, residentBytes: 4096)
    }

    /// The first lines of two processors of a real /proc/cpuinfo (trimmed flags).
    private let hostCpuinfo = """
        processor\t: 0
        vendor_id\t: AuthenticAMD
        cpu family\t: 25
        model name\t: AMD EPYC
        physical id\t: 0
        siblings\t: 2
        core id\t\t: 0
        cpu cores\t: 2
        apicid\t\t: 0
        initial apicid\t: 0
        flags\t\t: fpu vme de pse tsc
        power management:

        processor\t: 1
        vendor_id\t: AuthenticAMD
        cpu family\t: 25
        model name\t: AMD EPYC
        physical id\t: 0
        siblings\t: 2
        core id\t\t: 1
        cpu cores\t: 2
        apicid\t\t: 1
        initial apicid\t: 1
        flags\t\t: fpu vme de pse tsc
        power management:


        """

    private func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    // MARK: cpuinfo

    func testCpuinfoTwoHostProcessorsToOne() {
        let text = SystemFiles.cpuinfo(machine(cpus: 1), hostCpuinfo: hostCpuinfo)
        XCTAssertEqual(text, """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            model name\t: AMD EPYC
            physical id\t: 0
            siblings\t: 1
            core id\t\t: 0
            cpu cores\t: 1
            apicid\t\t: 0
            initial apicid\t: 0
            flags\t\t: fpu vme de pse tsc
            power management:


            """)
    }

    func testCpuinfoRenumbersEveryProcessor() {
        let text = SystemFiles.cpuinfo(machine(cpus: 3), hostCpuinfo: hostCpuinfo)
        let blocks = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        XCTAssertEqual(blocks.count, 3)
        for (i, block) in blocks.enumerated() {
            let b = lines(block)
            XCTAssertTrue(b.contains("processor\t: \(i)"), block)
            XCTAssertTrue(b.contains("core id\t\t: \(i)"), block)
            XCTAssertTrue(b.contains("apicid\t\t: \(i)"), block)
            XCTAssertTrue(b.contains("initial apicid\t: \(i)"), block)
            XCTAssertTrue(b.contains("physical id\t: 0"), block)
            XCTAssertTrue(b.contains("siblings\t: 3"), block)
            XCTAssertTrue(b.contains("cpu cores\t: 3"), block)
            XCTAssertTrue(b.contains("model name\t: AMD EPYC"), block)
        }
        XCTAssertTrue(text.hasSuffix("power management:\n\n"))
    }

    func testCpuinfoWithoutHostBlockIsMinimal() {
        for host in ["", "\n\n", "garbage without a colon\n"] {
            let text = SystemFiles.cpuinfo(machine(cpus: 2), hostCpuinfo: host)
            XCTAssertEqual(text, """
                processor\t: 0
                vendor_id\t: unknown
                model name\t: Unknown CPU
                flags\t\t:

                processor\t: 1
                vendor_id\t: unknown
                model name\t: Unknown CPU
                flags\t\t:


                """, "host text: \(host.debugDescription)")
        }
    }

    // MARK: meminfo

    func testMeminfoExactLayout() {
        let sample = ProcSample(uptimeTicks: 100, tasks: [], memoryUsedBytes: 1000 * 1024)
        let text = SystemFiles.meminfo(machine(), sample: sample)
        XCTAssertEqual(text, """
            MemTotal:       16384000 kB
            MemFree:        16383000 kB
            MemAvailable:   16383000 kB
            Buffers:               0 kB
            Cached:                0 kB
            SwapCached:            0 kB
            Active:             1000 kB
            Inactive:              0 kB
            Active(anon):       1000 kB
            Inactive(anon):        0 kB
            Active(file):          0 kB
            Inactive(file):        0 kB
            Unevictable:           0 kB
            Mlocked:               0 kB
            SwapTotal:             0 kB
            SwapFree:              0 kB
            Dirty:                 0 kB
            Writeback:             0 kB
            AnonPages:          1000 kB
            Mapped:                0 kB
            Shmem:                 0 kB
            KReclaimable:          0 kB
            Slab:                  0 kB
            SReclaimable:          0 kB
            SUnreclaim:            0 kB
            KernelStack:           0 kB
            PageTables:            0 kB
            CommitLimit:    16384000 kB
            Committed_AS:       1000 kB
            VmallocTotal:   34359738367 kB
            VmallocUsed:           0 kB
            VmallocChunk:          0 kB
            HugePages_Total:       0
            HugePages_Free:        0
            HugePages_Rsvd:        0
            HugePages_Surp:        0
            Hugepagesize:       2048 kB

            """)
        // The kernel's columns: every value but VmallocTotal's ends at column 24.
        for line in lines(text) where !line.isEmpty && !line.hasPrefix("VmallocTotal") {
            let value = line.hasSuffix(" kB") ? String(line.dropLast(3)) : line
            XCTAssertEqual(value.count, 24, line)
        }
    }

    func testMeminfoUsedAboveTotalClampsFree() {
        let sample = ProcSample(uptimeTicks: 100, tasks: [], memoryUsedBytes: 20_000_000 * 1024)
        let l = lines(SystemFiles.meminfo(machine(), sample: sample))
        XCTAssertEqual(l[1], "MemFree:               0 kB")
        XCTAssertEqual(l[6], "Active:         16384000 kB")
        XCTAssertEqual(l[28], "Committed_AS:   16384000 kB")
    }

    // MARK: stat, uptime, version, loadavg

    private let emptySample = ProcSample(uptimeTicks: 1000, tasks: [], memoryUsedBytes: 0)

    private func sampleWithTasks(uptime: UInt64) -> ProcSample {
        ProcSample(uptimeTicks: uptime,
                   tasks: [task(1, "R", user: 10, system: 5), task(2, "S", user: 7, system: 2), task(3, "D")],
                   memoryUsedBytes: 0)
    }

    func testStatSplitsTotalsAcrossCPUs() {
        let text = SystemFiles.stat(machine(cpus: 2), sample: sampleWithTasks(uptime: 1000))
        // user 17, system 7, idle 2*1000 - 24 = 1976; cpu0 takes the odd tick of user and system.
        XCTAssertEqual(text, """
            cpu  17 0 7 1976 0 0 0 0 0 0
            cpu0 9 0 4 988 0 0 0 0 0 0
            cpu1 8 0 3 988 0 0 0 0 0 0
            intr 0
            ctxt 0
            btime 1795449318
            processes 3
            procs_running 1
            procs_blocked 1
            softirq 0 0 0 0 0 0 0 0 0 0 0

            """)
    }

    func testStatIdleClampsAtZero() {
        let text = SystemFiles.stat(machine(cpus: 1), sample: sampleWithTasks(uptime: 10))
        XCTAssertEqual(lines(text)[0], "cpu  17 0 7 0 0 0 0 0 0 0")
        XCTAssertEqual(lines(text)[1], "cpu0 17 0 7 0 0 0 0 0 0 0")
        XCTAssertEqual(lines(text)[2], "intr 0")
    }

    func testUptime() {
        XCTAssertEqual(SystemFiles.uptime(machine(cpus: 2), sample: sampleWithTasks(uptime: 12345)),
                       "123.45 246.66\n")  // idle: 2 * 12345 - 24 ticks
        XCTAssertEqual(SystemFiles.uptime(machine(cpus: 1), sample: sampleWithTasks(uptime: 5)), "0.05 0.00\n")
    }

    func testVersion() {
        XCTAssertEqual(SystemFiles.version(machine()),
                       "Linux version 6.8.0-safehouse (safehouse@box) (gcc, GNU ld) #1 SMP PREEMPT_DYNAMIC\n")
    }

    func testLoadavgFormat() {
        let values = LoadAverage.Values(one: 0.5, five: 2.004, fifteen: 12.126)
        XCTAssertEqual(SystemFiles.loadavg(values, sample: sampleWithTasks(uptime: 1), lastPid: 42),
                       "0.50 2.00 12.13 1/3 42\n")
        XCTAssertEqual(SystemFiles.loadavg(.init(one: 0, five: 0, fifteen: 0), sample: emptySample, lastPid: 1),
                       "0.00 0.00 0.00 0/0 1\n")
    }

    // MARK: LoadAverage

    func testLoadAverageStartsAtZeroAndFoldsOneStep() {
        let load = LoadAverage()
        XCTAssertEqual(load.sample(running: 5, now: 100), .init(one: 0, five: 0, fifteen: 0))
        let v = load.sample(running: 1, now: 160)  // 60 s at 1 running task
        XCTAssertEqual(v.one, 1 - exp(-1.0), accuracy: 1e-12)
        XCTAssertEqual(v.five, 1 - exp(-60.0 / 300), accuracy: 1e-12)
        XCTAssertEqual(v.fifteen, 1 - exp(-60.0 / 900), accuracy: 1e-12)
        XCTAssertGreaterThan(v.one, v.five)
        XCTAssertGreaterThan(v.five, v.fifteen)
    }

    func testLoadAverageConvergesToRunningCount() {
        let load = LoadAverage()
        var v = load.sample(running: 4, now: 0)
        for step in 1...400 { v = load.sample(running: 4, now: Double(step) * 30) }  // 200 minutes
        XCTAssertEqual(v.one, 4, accuracy: 0.001)
        XCTAssertEqual(v.five, 4, accuracy: 0.001)
        XCTAssertEqual(v.fifteen, 4, accuracy: 0.01)
        // Then idle: the 1-minute average falls first.
        v = load.sample(running: 0, now: 12_000 + 120)
        XCTAssertLessThan(v.one, 1)
        XCTAssertGreaterThan(v.fifteen, 3)
    }

    func testLoadAverageIgnoresTimeGoingBackwards() {
        let load = LoadAverage()
        _ = load.sample(running: 2, now: 1000)
        let before = load.sample(running: 2, now: 1060)
        XCTAssertEqual(load.sample(running: 9, now: 10), before)
        XCTAssertEqual(load.sample(running: 9, now: 1060), before)
    }

    // MARK: fixed files

    func testFilesystemsFormat() {
        let l = lines(SystemFiles.filesystems)
        XCTAssertEqual(l.last, "")
        for line in l.dropLast() {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            XCTAssertEqual(parts.count, 2, line)
            XCTAssertTrue(parts[0] == "nodev" || parts[0] == "", line)
            XCTAssertFalse(parts[1].isEmpty, line)
        }
        XCTAssertTrue(l.contains("nodev\tproc"))
        XCTAssertTrue(l.contains("nodev\ttmpfs"))
        XCTAssertTrue(l.contains("\text4"))
    }

    func testSwapsHeaderOnly() {
        XCTAssertEqual(SystemFiles.swaps, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n")
    }

    // MARK: /proc/sys

    func testSysctlValues() {
        let m = machine()
        let expected: [String: String] = [
            "kernel/hostname": "box\n", "kernel/domainname": "(none)\n", "kernel/ostype": "Linux\n",
            "kernel/osrelease": "6.8.0-safehouse\n", "kernel/version": "#1 SMP PREEMPT_DYNAMIC\n",
            "kernel/pid_max": "4194304\n", "kernel/threads-max": "63704\n", "kernel/ngroups_max": "65536\n",
            "kernel/cap_last_cap": "40\n", "kernel/overflowuid": "65534\n", "kernel/overflowgid": "65534\n",
            "kernel/shmmax": "18446744073692774399\n", "kernel/shmall": "18446744073692774399\n",
            "kernel/shmmni": "4096\n", "kernel/random/boot_id": "0b7a6a8e-1111-4222-8333-444455556666\n",
            "kernel/random/entropy_avail": "256\n", "kernel/random/poolsize": "256\n",
            "vm/overcommit_memory": "0\n", "vm/overcommit_ratio": "50\n", "vm/max_map_count": "65530\n",
            "vm/swappiness": "60\n", "fs/file-max": "9223372036854775807\n", "fs/nr_open": "1048576\n",
            "fs/pipe-max-size": "1048576\n", "fs/inotify/max_user_watches": "8192\n",
            "fs/inotify/max_user_instances": "128\n", "fs/inotify/max_queued_events": "16384\n",
            "kernel/tainted": "0\n", "kernel/core_pattern": "core\n", "kernel/core_uses_pid": "0\n",
            "kernel/randomize_va_space": "2\n", "vm/mmap_min_addr": "4096\n", "fs/pipe-user-pages-soft": "16384\n",
            "fs/pipe-user-pages-hard": "0\n",
        ]
        for (path, value) in expected {
            XCTAssertEqual(SystemFiles.sysctl(path, machine: m, bootID: "0b7a6a8e-1111-4222-8333-444455556666"),
                           value, path)
        }
    }

    func testSysctlUnknownIsNil() {
        for path in ["", "kernel", "kernel/random", "kernel/kptr_restrict", "kernel/modprobe",
                     "/kernel/pid_max", "kernel/pid_max/", "kernel/../kernel/pid_max", "net/ipv4/ip_forward"] {
            XCTAssertNil(SystemFiles.sysctl(path, machine: machine(), bootID: "x"), path)
        }
    }

    func testSysctlDirectoriesMatchFiles() {
        let dirs = SystemFiles.sysctlDirectories
        XCTAssertEqual(Set(dirs.keys), ["", "fs", "fs/inotify", "kernel", "kernel/random", "vm"])
        var files = 0
        for (dir, names) in dirs {
            XCTAssertEqual(names, names.sorted(), dir)
            XCTAssertEqual(Set(names).count, names.count, dir)
            for name in names {
                let path = dir.isEmpty ? name : dir + "/" + name
                let value = SystemFiles.sysctl(path, machine: machine(), bootID: "id")
                // Each name is either a served directory or a served file, never both or neither.
                XCTAssertNotEqual(dirs[path] != nil, value != nil, path)
                if let value {
                    files += 1
                    XCTAssertTrue(value.hasSuffix("\n"), path)
                }
            }
        }
        XCTAssertEqual(files, 35)
    }

    func testSysctlUUIDIsFreshV4() throws {
        let a = try XCTUnwrap(SystemFiles.sysctl("kernel/random/uuid", machine: machine(), bootID: "x"))
        let b = try XCTUnwrap(SystemFiles.sysctl("kernel/random/uuid", machine: machine(), bootID: "x"))
        XCTAssertNotEqual(a, b)
        for uuid in [a, b] {
            XCTAssertTrue(uuid.hasSuffix("\n"))
            let groups = uuid.dropLast().split(separator: "-", omittingEmptySubsequences: false)
            XCTAssertEqual(groups.map(\.count), [8, 4, 4, 4, 12], uuid)
            XCTAssertTrue(groups.allSatisfy { $0.allSatisfy { "0123456789abcdef".contains($0) } }, uuid)
            XCTAssertEqual(groups[2].first, "4", uuid)
            XCTAssertTrue("89ab".contains(groups[3].first!), uuid)
        }
    }

    // MARK: ProcessText.stat

    /// A real /proc/<pid>/stat line, with a comm full of the characters that break naive parsing.
    private let statLine = "4242 (a) b (c) S 4200 4242 4100 34816 4242 4194560 120 0 0 0 3 1 0 0 20 0 1 0 "
        + "600500 12345678 300 18446744073709551615 94137990270976 94137990290857 140725984584816 0 0 0 0 0 0 0 "
        + "0 0 17 1 0 0 0 0 0 94137990306864 94137990308480 94138134650880 140725984590540 140725984590560 "
        + "140725984590560 140725984591851 0\n"

    func testStatStartTimeRelativeAfterLastParen() {
        let out = ProcessText.stat(statLine, machine: machine())  // startTicks 600000
        XCTAssertEqual(out, statLine.replacingOccurrences(of: " 600500 ", with: " 500 "))
        XCTAssertTrue(out.hasPrefix("4242 (a) b (c) S 4200 "))
        XCTAssertTrue(out.hasSuffix(" 0\n"))
    }

    func testStatStartBeforeSandboxIsZero() {
        let line = "7 (sh) R 1 7 7 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 1234 3133440 362 0"
        XCTAssertEqual(ProcessText.stat(line, machine: machine()),
                       "7 (sh) R 1 7 7 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 0 3133440 362 0")
    }

    func testStatUnparsableIsUnchanged() {
        for text in ["", "garbage", "1 (x) R 1 2 3\n", "1 (x)R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21",
                     "1 (x) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 -5 20\n"] {
            XCTAssertEqual(ProcessText.stat(text, machine: machine()), text)
        }
    }

    // MARK: ProcessText.status

    private let statusText = """
        Name:\tcat
        Umask:\t0022
        State:\tR (running)
        Tgid:\t6590
        Ngid:\t0
        Pid:\t6590
        PPid:\t6584
        TracerPid:\t6584
        Uid:\t1000\t1000\t1000\t1001
        Gid:\t1000\t1000\t27\t1000
        FDSize:\t256
        Groups:\t4 27 1000 \n\
        NStgid:\t6590
        VmPeak:\t    3060 kB
        Cpus_allowed_list:\t0-1

        """

    func testStatusMapsIdsAndHidesTracer() {
        XCTAssertEqual(ProcessText.status(statusText, machine: machine()), """
            Name:\tcat
            Umask:\t0022
            State:\tR (running)
            Tgid:\t6590
            Ngid:\t0
            Pid:\t6590
            PPid:\t6584
            TracerPid:\t0
            Uid:\t0\t0\t0\t65534
            Gid:\t0\t0\t65534\t0
            FDSize:\t256
            Groups:\t65534 65534 0 \n\
            NStgid:\t6590
            VmPeak:\t    3060 kB
            Cpus_allowed_list:\t0-1

            """)
    }

    func testStatusEmptyGroupsKeepKernelSpacing() {
        let text = "Uid:\t1000\t1000\t1000\t1000\nGroups:\t \nSeccomp:\t2\n"
        XCTAssertEqual(ProcessText.status(text, machine: machine()), "Uid:\t0\t0\t0\t0\nGroups:\t \nSeccomp:\t2\n")
    }

    // MARK: mounts

    private let mountFixture: [ProcMount] = [
        ProcMount(mountPoint: "/", fsType: "tmpfs", readOnly: true, deviceMajor: 0, deviceMinor: 40, source: "none"),
        ProcMount(mountPoint: "/proc", fsType: "proc", readOnly: false, deviceMajor: 0, deviceMinor: 41,
                  source: "none"),
        ProcMount(mountPoint: "/data dir\twith\\odd\nname", fsType: "ext4", readOnly: false, deviceMajor: 254,
                  deviceMinor: 0, source: "output"),
    ]

    func testMountinfoLinesAndEscaping() {
        XCTAssertEqual(ProcessText.mountinfo(machine(mounts: mountFixture)), """
            21 20 0:40 / / ro,nosuid,nodev - tmpfs none ro
            22 21 0:41 / /proc rw,nosuid,nodev - proc none rw
            23 21 254:0 / /data\\040dir\\011with\\134odd\\012name rw,nosuid,nodev - ext4 output rw

            """)
        XCTAssertEqual(ProcessText.mountinfo(machine(mounts: [])), "")
    }

    func testMountsLinesAndEscaping() {
        XCTAssertEqual(ProcessText.mounts(machine(mounts: mountFixture)), """
            none / tmpfs ro,nosuid,nodev 0 0
            none /proc proc rw,nosuid,nodev 0 0
            output /data\\040dir\\011with\\134odd\\012name ext4 rw,nosuid,nodev 0 0

            """)
    }

    func testMountinfoColumnsParseLikeTheKernelsOwn() {
        // Every line has the separator and the same number of columns, whatever the mount point holds.
        for line in lines(ProcessText.mountinfo(machine(mounts: mountFixture))).dropLast() {
            let columns = line.split(separator: " ")
            XCTAssertEqual(columns.count, 10, line)
            XCTAssertEqual(columns[6], "-", line)
        }
    }

    func testCgroup() {
        XCTAssertEqual(ProcessText.cgroup, "0::/\n")
    }

    // MARK: memfd names and link targets

    func testMemfdName() {
        XCTAssertEqual(ProcessText.memfdName(forGuestPath: "/proc/cpuinfo"), "safehouse:/proc/cpuinfo")
        let long = "/" + String(repeating: "x", count: 400)
        let name = ProcessText.memfdName(forGuestPath: long)
        XCTAssertEqual(name.utf8.count, 249)
        XCTAssertTrue(("safehouse:" + long).hasPrefix(name))
        // Two-byte characters: the cut falls on a character boundary, never mid-character.
        // "safehouse:/x" is 12 bytes, so 118 "é" make 248 and the 119th would end at byte 250.
        let accented = ProcessText.memfdName(forGuestPath: "/x" + String(repeating: "é", count: 200))
        XCTAssertEqual(accented.utf8.count, 248)
        XCTAssertEqual(accented, "safehouse:/x" + String(repeating: "é", count: 118))
    }

    func testLinkTargetTranslatesOnlyOurMemfds() {
        func t(_ s: String) -> String { String(decoding: ProcessText.linkTarget(Array(s.utf8)), as: UTF8.self) }
        XCTAssertEqual(t("/memfd:safehouse:/proc/cpuinfo (deleted)"), "/proc/cpuinfo")
        XCTAssertEqual(t("/memfd:safehouse:/a b (deleted) (deleted)"), "/a b (deleted)")
        for same in ["/memfd:other (deleted)", "/memfd:safehouse:/x", "/usr/bin/cat", "socket:[1234]",
                     "anon_inode:[eventfd]", "", "/memfd:safehouse: (deleted"] {
            XCTAssertEqual(t(same), same)
        }
        // Bytes that are not UTF-8 pass through untouched.
        let raw: [UInt8] = [0x2f, 0xff, 0xfe]
        XCTAssertEqual(ProcessText.linkTarget(raw), raw)
    }

    func testMemfdNameRoundTripsThroughLinkTarget() {
        let path = "/proc/self/status"
        let link = "/memfd:" + ProcessText.memfdName(forGuestPath: path) + " (deleted)"
        XCTAssertEqual(ProcessText.linkTarget(Array(link.utf8)), Array(path.utf8))
    }

    func testMapsTranslatesPathColumnOnly() {
        let real = """
            562843f93000-562843f95000 r--p 00000000 fe:00 253911                     /usr/bin/cat
            7f1c2a000000-7f1c2a001000 r--s 00000000 00:01 2049                       /memfd:safehouse:/proc/cpuinfo (deleted)
            7f1c2b000000-7f1c2b021000 rw-p 00000000 00:00 0                          [heap]
            7f1c2c000000-7f1c2c001000 rw-p 00000000 00:00 0 \n\
            Size:                  4 kB
            VmFlags: rd mr me ms sd

            """
        XCTAssertEqual(ProcessText.maps(real), """
            562843f93000-562843f95000 r--p 00000000 fe:00 253911                     /usr/bin/cat
            7f1c2a000000-7f1c2a001000 r--s 00000000 00:01 2049                       /proc/cpuinfo
            7f1c2b000000-7f1c2b021000 rw-p 00000000 00:00 0                          [heap]
            7f1c2c000000-7f1c2c001000 rw-p 00000000 00:00 0 \n\
            Size:                  4 kB
            VmFlags: rd mr me ms sd

            """)
    }

    func testSmapsRollupHeaderUnchanged() {
        let real = "55d4a000-7ffd1000 ---p 00000000 00:00 0                          [rollup]\nRss:  100 kB\n"
        XCTAssertEqual(ProcessText.maps(real), real)
    }
}
