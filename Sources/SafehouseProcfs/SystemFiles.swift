import Glibc
import Synchronization

/// The system-wide files of the synthetic `/proc`: pure text generators.
/// Every number comes from `ProcMachine` (fixed at start) or `ProcSample` (read time), never from the
/// host's procfs, so nothing about the host leaks beyond what the machine description chose to show.
public enum SystemFiles {

    // MARK: cpuinfo

    /// The `/proc/cpuinfo` keys whose values describe the topology; everything else is copied from the host.
    private static let topologyKeys: Set<String> = [
        "processor", "physical id", "siblings", "core id", "cpu cores", "apicid", "initial apicid",
    ]

    /// /proc/cpuinfo for machine.cpus processors. The template is the host's first processor block
    /// (`hostCpuinfo` = the host's /proc/cpuinfo text; blocks are separated by a blank line); repeat it
    /// for processor 0..<cpus, rewriting: processor, physical id (0), siblings (cpus), core id (i),
    /// cpu cores (cpus), apicid (i), initial apicid (i). Keep other lines as they are. If the host text
    /// has no block, produce a minimal block per CPU (processor, vendor_id, model name : Unknown CPU, flags).
    public static func cpuinfo(_ machine: ProcMachine, hostCpuinfo: String) -> String {
        let cpus = max(1, machine.cpus)
        let template = firstProcessorBlock(hostCpuinfo)
        var out = ""
        for i in 0..<cpus {
            guard let template else {
                out += "processor\t: \(i)\nvendor_id\t: unknown\nmodel name\t: Unknown CPU\nflags\t\t:\n\n"
                continue
            }
            for line in template {
                out += rewriteTopology(line, cpu: i, cpus: cpus) + "\n"
            }
            out += "\n"  // the kernel ends every block, the last one too, with a blank line
        }
        return out
    }

    /// The lines of the first blank-line-separated block that has a `processor` line, or nil.
    private static func firstProcessorBlock(_ text: String) -> [Substring]? {
        var block: [Substring] = []
        // A trailing blank line closes the last block even when the text lacks one.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false) + [Substring("")]
        for line in lines {
            if isBlank(line) {
                if block.contains(where: { cpuinfoKey($0) == "processor" }) { return block }
                block = []
            } else {
                block.append(line)
            }
        }
        return nil
    }

    /// The key of a `key\t\t: value` line, trimmed; nil when the line has no colon.
    private static func cpuinfoKey(_ line: Substring) -> String? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        return trimmed(line[..<colon])
    }

    private static func rewriteTopology(_ line: Substring, cpu i: Int, cpus: Int) -> String {
        guard let key = cpuinfoKey(line), topologyKeys.contains(key), let colon = line.firstIndex(of: ":") else {
            return String(line)
        }
        let value: Int
        switch key {
        case "physical id": value = 0
        case "siblings", "cpu cores": value = cpus
        default: value = i  // processor, core id, apicid, initial apicid
        }
        return "\(line[..<colon]): \(value)"  // keeps the host's tab padding before the colon
    }

    // MARK: meminfo

    /// /proc/meminfo in the kernel's exact layout ("%-16s%8llu kB", see fs/proc/meminfo.c show_val_kb).
    /// MemTotal is the sandbox's memory; everything the sandbox uses is shown as anonymous, active memory.
    public static func meminfo(_ machine: ProcMachine, sample: ProcSample) -> String {
        let total = machine.memoryBytes / 1024
        let used = min(sample.memoryUsedBytes, machine.memoryBytes) / 1024
        let free = total - used  // cannot underflow: used is capped at total
        let rows: [(String, UInt64)] = [
            ("MemTotal", total), ("MemFree", free), ("MemAvailable", free),
            ("Buffers", 0), ("Cached", 0), ("SwapCached", 0),
            ("Active", used), ("Inactive", 0), ("Active(anon)", used), ("Inactive(anon)", 0),
            ("Active(file)", 0), ("Inactive(file)", 0), ("Unevictable", 0), ("Mlocked", 0),
            ("SwapTotal", 0), ("SwapFree", 0), ("Dirty", 0), ("Writeback", 0),
            ("AnonPages", used), ("Mapped", 0), ("Shmem", 0), ("KReclaimable", 0),
            ("Slab", 0), ("SReclaimable", 0), ("SUnreclaim", 0), ("KernelStack", 0), ("PageTables", 0),
            ("CommitLimit", total), ("Committed_AS", used),
            ("VmallocTotal", 34_359_738_367), ("VmallocUsed", 0), ("VmallocChunk", 0),
        ]
        var out = ""
        for (name, value) in rows { out += meminfoRow(name, value) + " kB\n" }
        // The kernel prints the huge page counts as plain numbers in the same columns.
        for name in ["HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp"] {
            out += meminfoRow(name, 0) + "\n"
        }
        out += meminfoRow("Hugepagesize", 2048) + " kB\n"
        return out
    }

    /// "Name:" padded to 16 columns, then the value right-aligned in 8 (wider values just overflow).
    /// /proc/vmstat: the sandbox's pages as meminfo counts them; event counters the sandbox does
    /// not keep are 0 (tools such as procps' vmstat need the file, not its history).
    public static func vmstat(_ machine: ProcMachine, sample: ProcSample) -> String {
        let page = UInt64(4096)
        let total = machine.memoryBytes / page
        let used = min(sample.memoryUsedBytes, machine.memoryBytes) / page
        let rows: [(String, UInt64)] = [
            ("nr_free_pages", total - used), ("nr_zone_inactive_anon", 0), ("nr_zone_active_anon", used),
            ("nr_zone_inactive_file", 0), ("nr_zone_active_file", 0), ("nr_inactive_anon", 0),
            ("nr_active_anon", used), ("nr_inactive_file", 0), ("nr_active_file", 0), ("nr_anon_pages", used),
            ("nr_mapped", 0), ("nr_file_pages", 0), ("nr_dirty", 0), ("nr_writeback", 0), ("nr_shmem", 0),
            ("pgpgin", 0), ("pgpgout", 0), ("pswpin", 0), ("pswpout", 0), ("pgfault", 0), ("pgmajfault", 0),
        ]
        return rows.map { "\($0.0) \($0.1)\n" }.joined()
    }

    private static func meminfoRow(_ name: String, _ value: UInt64) -> String {
        padRight(name + ":", 16) + padLeft(String(value), 8)
    }

    // MARK: stat, uptime, loadavg

    /// Total user, system and idle ticks of the sandbox: idle is what the sandbox's CPUs did not spend
    /// on its tasks since it started.
    private static func cpuTotals(_ machine: ProcMachine, _ sample: ProcSample) -> (user: UInt64, system: UInt64,
                                                                                     idle: UInt64) {
        var user: UInt64 = 0
        var system: UInt64 = 0
        for task in sample.tasks {
            user &+= task.userTicks
            system &+= task.systemTicks
        }
        let (capacity, overflow) = UInt64(max(1, machine.cpus)).multipliedReportingOverflow(by: sample.uptimeTicks)
        let busy = user &+ system
        let idle = overflow ? UInt64.max : (capacity > busy ? capacity - busy : 0)
        return (user, system, idle)
    }

    /// /proc/stat: the aggregate `cpu  ` line (two spaces, as the kernel prints it), one line per CPU
    /// splitting the totals evenly (remainder to cpu0), then the counters.
    public static func stat(_ machine: ProcMachine, sample: ProcSample) -> String {
        let cpus = max(1, machine.cpus)
        let totals = cpuTotals(machine, sample)
        func line(_ label: String, _ user: UInt64, _ system: UInt64, _ idle: UInt64) -> String {
            // user nice system idle iowait irq softirq steal guest guest_nice
            "\(label) \(user) 0 \(system) \(idle) 0 0 0 0 0 0\n"
        }
        var out = line("cpu ", totals.user, totals.system, totals.idle)
        let n = UInt64(cpus)
        for i in 0..<cpus {
            let extra = i == 0 ? 1 : 0  // cpu0 takes the remainders
            out += line("cpu\(i)",
                        totals.user / n + UInt64(extra) * (totals.user % n),
                        totals.system / n + UInt64(extra) * (totals.system % n),
                        totals.idle / n + UInt64(extra) * (totals.idle % n))
        }
        let running = sample.tasks.filter { $0.state == UInt8(ascii: "R") }.count
        let blocked = sample.tasks.filter { $0.state == UInt8(ascii: "D") }.count
        out += "intr 0\nctxt 0\nbtime \(machine.startWallSeconds)\nprocesses \(sample.tasks.count)\n"
        out += "procs_running \(running)\nprocs_blocked \(blocked)\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n"
        return out
    }

    /// /proc/uptime: seconds since the sandbox started, and idle seconds summed over its CPUs.
    public static func uptime(_ machine: ProcMachine, sample: ProcSample) -> String {
        let hz = Double(ProcMachine.ticksPerSecond)
        let idle = cpuTotals(machine, sample).idle
        // The sandbox's own uptime, which starts at its start: at least one tick, as a running
        // system's never reads 0.00.
        return "\(fixed2(Double(max(sample.uptimeTicks, 1)) / hz)) \(fixed2(Double(idle) / hz))\n"
    }

    /// /proc/version, naming the sandbox's kernel release and version.
    public static func version(_ machine: ProcMachine) -> String {
        "Linux version \(machine.kernelRelease) (safehouse@\(machine.hostname)) (gcc, GNU ld) \(machine.kernelVersion)\n"
    }

    /// /proc/loadavg: the three averages, running/total tasks and the last pid handed out.
    public static func loadavg(_ averages: LoadAverage.Values, sample: ProcSample, lastPid: Int32) -> String {
        let running = sample.tasks.filter { $0.state == UInt8(ascii: "R") }.count
        return "\(fixed2(averages.one)) \(fixed2(averages.five)) \(fixed2(averages.fifteen)) "
            + "\(running)/\(sample.tasks.count) \(lastPid)\n"
    }

    // MARK: fixed files

    /// /proc/filesystems: a typical distribution kernel's list ("nodev" marks the ones without a device).
    public static let filesystems: String = [
        "nodev\tsysfs", "nodev\ttmpfs", "nodev\tbdev", "nodev\tproc", "nodev\tcgroup", "nodev\tcgroup2",
        "nodev\tcpuset", "nodev\tdevtmpfs", "nodev\tdebugfs", "nodev\ttracefs", "nodev\tsecurityfs",
        "nodev\tsockfs", "nodev\tbpf", "nodev\tpipefs", "nodev\tramfs", "nodev\thugetlbfs", "nodev\tdevpts",
        "\text3", "\text2", "\text4", "\tsquashfs", "\tvfat", "nodev\tmqueue", "nodev\tpstore", "\tbtrfs",
        "\tfuseblk", "nodev\tfuse", "nodev\tfusectl", "nodev\toverlay", "nodev\tautofs", "nodev\tbinfmt_misc",
    ].map { $0 + "\n" }.joined()

    /// /proc/swaps with no swap: the header alone.
    public static let swaps: String = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"

    // MARK: /proc/sys

    /// Every served /proc/sys file (relative to /proc/sys) and its value (without the newline):
    /// one table, from which the directories are derived, so a file cannot be listed and absent.
    /// Values are those of a default Linux kernel, or the sandbox's own (hostname, release).
    private static let sysctlFiles: [String: @Sendable (ProcMachine, String) -> String] = [
        "kernel/hostname": { machine, _ in machine.hostname },
        "kernel/domainname": { _, _ in "(none)" },
        "kernel/ostype": { _, _ in "Linux" },
        "kernel/osrelease": { machine, _ in machine.kernelRelease },
        "kernel/version": { machine, _ in machine.kernelVersion },
        "kernel/pid_max": { _, _ in "4194304" },
        "kernel/threads-max": { _, _ in "63704" },
        "kernel/ngroups_max": { _, _ in "65536" },
        "kernel/cap_last_cap": { _, _ in "40" },
        "kernel/overflowuid": { _, _ in "65534" },
        "kernel/overflowgid": { _, _ in "65534" },
        "kernel/shmmax": { _, _ in "18446744073692774399" },
        "kernel/shmall": { _, _ in "18446744073692774399" },
        "kernel/shmmni": { _, _ in "4096" },
        "kernel/tainted": { _, _ in "0" },
        "kernel/core_pattern": { _, _ in "core" },
        "kernel/core_uses_pid": { _, _ in "0" },
        "kernel/randomize_va_space": { _, _ in "2" },
        "kernel/random/boot_id": { _, bootID in bootID },
        "kernel/random/uuid": { _, _ in randomUUID() },
        "kernel/random/entropy_avail": { _, _ in "256" },
        "kernel/random/poolsize": { _, _ in "256" },
        "vm/overcommit_memory": { _, _ in "0" },
        "vm/overcommit_ratio": { _, _ in "50" },
        "vm/max_map_count": { _, _ in "65530" },
        "vm/swappiness": { _, _ in "60" },
        "vm/mmap_min_addr": { _, _ in "4096" },
        "fs/file-max": { _, _ in "9223372036854775807" },
        "fs/nr_open": { _, _ in "1048576" },
        "fs/pipe-max-size": { _, _ in "1048576" },
        "fs/pipe-user-pages-soft": { _, _ in "16384" },
        "fs/pipe-user-pages-hard": { _, _ in "0" },
        "fs/inotify/max_user_watches": { _, _ in "8192" },
        "fs/inotify/max_user_instances": { _, _ in "128" },
        "fs/inotify/max_queued_events": { _, _ in "16384" },
    ]

    /// The served part of /proc/sys: directory (relative to /proc/sys, "" for itself) → sorted names.
    public static let sysctlDirectories: [String: [String]] = {
        var directories: [String: Set<String>] = [:]
        for path in sysctlFiles.keys {
            var components = path.split(separator: "/").map(String.init)
            while let name = components.popLast() {
                directories[components.joined(separator: "/"), default: []].insert(name)
            }
        }
        return directories.mapValues { $0.sorted() }
    }()

    /// Contents of /proc/sys/<path> (relative, e.g. "kernel/pid_max"), or nil if not served.
    public static func sysctl(_ path: String, machine: ProcMachine, bootID: String) -> String? {
        sysctlFiles[path].map { $0(machine, bootID) + "\n" }
    }

    /// A random (version 4) UUID in lowercase 8-4-4-4-12 form, as kernel/random/uuid gives a new one per read.
    static func randomUUID() -> String {
        var rng = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80  // RFC 4122 variant
        var out = ""
        for (i, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(i) { out += "-" }
            out += padLeft(String(byte, radix: 16), 2, with: "0")
        }
        return out
    }

    // MARK: text helpers

    static func isBlank(_ s: Substring) -> Bool { s.allSatisfy { $0 == " " || $0 == "\t" } }

    static func trimmed(_ s: Substring) -> String {
        String(s.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    static func padLeft(_ s: String, _ width: Int, with pad: Character = " ") -> String {
        s.count >= width ? s : String(repeating: pad, count: width - s.count) + s
    }

    static func padRight(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// `%.2f` without Foundation, for the non-negative numbers procfs shows (negatives and NaN show 0.00).
    static func fixed2(_ x: Double) -> String {
        guard x.isFinite, x > 0 else { return "0.00" }
        let hundredths = UInt64(min((x * 100).rounded(), 1.8e19))
        return "\(hundredths / 100)." + padLeft(String(hundredths % 100), 2, with: "0")
    }
}

/// The sandbox's load averages, decayed like the kernel's 1, 5 and 15 minute exponential averages but
/// sampled when read: each sample folds in the running count with weight 1 - exp(-dt/period), which is
/// exact for a count that stayed constant since the previous sample.
public final class LoadAverage: Sendable {
    public struct Values: Sendable, Equatable {
        public var one: Double
        public var five: Double
        public var fifteen: Double

        public init(one: Double, five: Double, fifteen: Double) {
            self.one = one
            self.five = five
            self.fifteen = fifteen
        }
    }

    private struct State {
        var values = Values(one: 0, five: 0, fifteen: 0)
        /// When the previous sample was taken; nil before the first.
        var last: Double?
    }

    private let state = Mutex(State())

    public init() {}

    /// Folds in `running` at time `now` (seconds, monotonic) and returns the averages.
    /// The first sample only starts the clock (like a freshly booted kernel, the averages start at 0);
    /// a time going backwards counts as no time passing.
    public func sample(running: Int, now: Double) -> Values {
        state.withLock { state in
            let dt = state.last.map { max(0, now - $0) } ?? 0
            state.last = max(state.last ?? now, now)
            let target = Double(max(0, running))
            func fold(_ old: Double, _ period: Double) -> Double {
                old + (target - old) * (1 - exp(-dt / period))
            }
            state.values = Values(one: fold(state.values.one, 60),
                                  five: fold(state.values.five, 300),
                                  fifteen: fold(state.values.fifteen, 900))
            return state.values
        }
    }
}
