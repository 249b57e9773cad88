import Glibc

/// The machine the sandbox presents in `/proc` (and `/sys`): its CPUs, memory, clock and mounts.
/// Fixed when the sandbox starts; the live numbers come from `ProcSample` at read time.
public struct ProcMachine: Sendable {
    /// CPUs the sandbox has (its CPU affinity): `nproc`, `/proc/cpuinfo`, `/proc/stat` agree.
    public var cpus: Int
    /// `MemTotal`: the sandbox's memory limit, or the host's memory when there is none.
    public var memoryBytes: UInt64
    public var hostname: String
    public var kernelRelease: String
    public var kernelVersion: String
    public var machine: String
    /// CLOCK_BOOTTIME when the sandbox started, in clock ticks (USER_HZ): the sandbox's boot.
    /// Process start times are shown relative to it, and `uptime` counts from it.
    public var startTicks: UInt64
    /// CLOCK_REALTIME when the sandbox started, in seconds (`btime` in /proc/stat).
    public var startWallSeconds: Int64
    /// The sandbox's mounts as `mountinfo` shows them (zones and the synthetic root, /proc, /dev).
    public var mounts: [ProcMount]
    /// The host ids the guest's single mapped uid/gid stand for, and what the guest sees for them.
    public var ids: IDMap

    public init(cpus: Int, memoryBytes: UInt64, hostname: String, kernelRelease: String, kernelVersion: String,
                machine: String, startTicks: UInt64, startWallSeconds: Int64, mounts: [ProcMount], ids: IDMap) {
        self.cpus = cpus
        self.memoryBytes = memoryBytes
        self.hostname = hostname
        self.kernelRelease = kernelRelease
        self.kernelVersion = kernelVersion
        self.machine = machine
        self.startTicks = startTicks
        self.startWallSeconds = startWallSeconds
        self.mounts = mounts
        self.ids = ids
    }

    /// USER_HZ: the unit of every tick count procfs shows.
    public static let ticksPerSecond: UInt64 = 100

    /// CLOCK_BOOTTIME now, in ticks: the clock process start times are counted on.
    public static func bootTicksNow() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        return UInt64(now.tv_sec) * ticksPerSecond + UInt64(now.tv_nsec) / (1_000_000_000 / ticksPerSecond)
    }
}

/// One line of `mountinfo`: never a host path (the mount's root is always "/").
public struct ProcMount: Sendable, Equatable {
    public var mountPoint: String
    /// `tmpfs`, `proc`, `ext4`… as `statfs` of the zone says.
    public var fsType: String
    public var readOnly: Bool
    public var deviceMajor: UInt32
    public var deviceMinor: UInt32
    /// The "source" column: the zone kind (`system`, `scratch`, `input`, `output`) or `none`.
    public var source: String
    /// The kernel's mount ID (what fdinfo's mnt_id and statx's stx_mnt_id say); nil: numbered in order.
    public var mountID: UInt64?
    /// The per-mount options as the kernel lists them ("ro,nosuid,nodev,noexec,relatime").
    public var options: String

    public init(mountPoint: String, fsType: String, readOnly: Bool, deviceMajor: UInt32, deviceMinor: UInt32,
                source: String, mountID: UInt64? = nil, options: String? = nil) {
        self.mountID = mountID
        self.options = options ?? (readOnly ? "ro,nosuid,nodev" : "rw,nosuid,nodev")
        self.mountPoint = mountPoint
        self.fsType = fsType
        self.readOnly = readOnly
        self.deviceMajor = deviceMajor
        self.deviceMinor = deviceMinor
        self.source = source
    }
}

/// Host ids as the guest's user namespace shows them: its one mapped uid/gid, else the overflow id.
public struct IDMap: Sendable, Equatable {
    public var hostUID: UInt32
    public var hostGID: UInt32
    public var guestUID: UInt32
    public var guestGID: UInt32
    public static let overflowID: UInt32 = 65534

    public init(hostUID: UInt32, hostGID: UInt32, guestUID: UInt32, guestGID: UInt32) {
        self.hostUID = hostUID
        self.hostGID = hostGID
        self.guestUID = guestUID
        self.guestGID = guestGID
    }

    public func uid(_ host: UInt32) -> UInt32 { host == hostUID ? guestUID : IDMap.overflowID }
    public func gid(_ host: UInt32) -> UInt32 { host == hostGID ? guestGID : IDMap.overflowID }
}

/// The sandbox's processes at one instant, as the system-wide files need them.
public struct ProcSample: Sendable {
    public struct Task: Sendable {
        public var pid: Int32
        /// The state letter of `/proc/<pid>/stat` (R, S, D, Z, T…).
        public var state: UInt8
        /// User and system time, in ticks.
        public var userTicks: UInt64
        public var systemTicks: UInt64
        /// Resident set, in bytes.
        public var residentBytes: UInt64

        public init(pid: Int32, state: UInt8, userTicks: UInt64, systemTicks: UInt64, residentBytes: UInt64) {
            self.pid = pid
            self.state = state
            self.userTicks = userTicks
            self.systemTicks = systemTicks
            self.residentBytes = residentBytes
        }
    }

    /// Ticks since the sandbox started (CLOCK_BOOTTIME now minus `ProcMachine.startTicks`).
    public var uptimeTicks: UInt64
    /// Every thread of every sandbox process.
    public var tasks: [Task]
    /// Memory the sandbox uses: the cgroup's count when there is one, else the sum of resident sets.
    public var memoryUsedBytes: UInt64

    public init(uptimeTicks: UInt64, tasks: [Task], memoryUsedBytes: UInt64) {
        self.uptimeTicks = uptimeTicks
        self.tasks = tasks
        self.memoryUsedBytes = memoryUsedBytes
    }
}
