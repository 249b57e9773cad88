import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
import SafehousePolicy
import SafehouseSystem
import SafehouseVFS

/// sched_setaffinity: a guest task's CPU affinity stays within the sandbox's CPUs.
///
/// The launcher gives the sandbox's init (and so every guest task) the first N CPUs of the
/// supervisor's affinity mask (`limits.cpus`). Natively a task may widen its own mask to any CPU
/// its cpuset allows, so the call is trapped: the requested mask (copied once) is intersected with
/// the sandbox's CPUs and the supervisor applies the result to the host task — EINVAL when nothing
/// is left, as Linux answers a mask outside a task's cpuset. `sched_getaffinity` stays native: it
/// can only report a subset of the sandbox's CPUs.
///
/// The pid argument is a pid of the sandbox's PID namespace: 0 and the caller's own tid name the
/// caller; a thread of the caller's process is found among its threads; any other task is looked up
/// among the host tasks of the caller's PID namespace. The sandbox's init (pid 1, the launcher) is
/// not the guest's business: EPERM. Without a PID namespace (the Landlock fallback) only the
/// caller's own process may be changed (EPERM otherwise).
enum Scheduling {
    /// The syscalls this family answers (checked against the table's emulated set by
    /// SyscallRegistrationTests).
    static let handlers: [Syscall: SyscallHandler] = [
        .sched_setaffinity: sched_setaffinity,
    ]

    static let sched_setaffinity: SyscallHandler = { request, kernel in
        do throws(CallError) {
            return try setAffinity(request, kernel)
        } catch {
            switch error {
            case .errno(let e): return .error(e)
            case .gone: return .abandoned
            }
        }
    }

    /// The synthetic file that records the sandbox's CPU count ("0" or "0-(N-1)"): written from
    /// the policy when the sandbox starts and immutable since, it is the single record of how many
    /// CPUs the guest has, so what /sys says and what the guest may use cannot disagree.

    /// The kernel's cpumask size: how many bytes of a mask sched_setaffinity reads.
    static let kernelMaskBytes = max(8, Int(sh_cpumask_size()))

    static func setAffinity(_ request: SyscallRequest, _ kernel: Kernel) throws(CallError) -> SyscallReply {
        let pid = Int32(truncatingIfNeeded: request.arg(0))
        let length = Int(UInt32(truncatingIfNeeded: request.arg(1)))   // unsigned int len
        let allowed = sandboxCPUs(kernel, caller: request.tid)
        guard let highest = allowed.last else { throw .errno(.EINVAL) }

        // Copied once (invariant 2), as much as the kernel reads: min(len, its mask size) bytes
        // (EFAULT if they are not all mapped); bits above the sandbox's CPUs are dropped below.
        let count = min(length, max(kernelMaskBytes, (highest / 64 + 1) * 8))
        var bytes: [UInt8] = []
        if count > 0 {
            do { bytes = try request.memory.read(GuestAddress(request.arg(2)), count: count) } catch {
                throw GuestCall.memory(error)
            }
        }
        let requested = Set(bits(bytes))
        let granted = allowed.filter { requested.contains($0) }

        let target = try task(named: pid, caller: request, kernel: kernel)
        guard !granted.isEmpty else { throw .errno(.EINVAL) }

        let mask = CPUAffinity.mask(granted)
        let r = mask.withUnsafeBytes { sh_sched_setaffinity(target.tid, $0.baseAddress, $0.count) }
        // The caller waits in this call, so while its notification is valid its tid is its own.
        // Another task is held by a pidfd: not yet reaped afterwards (a zombie counts, as on Linux)
        // means the tid named it throughout.
        guard request.memory.isValid() else { throw .gone }
        if target.reaped { throw .errno(.ESRCH) }
        if r < 0 { throw r == -ESRCH ? .errno(.ESRCH) : LinuxErrno.host(-r) }
        return .value(0)
    }

    /// The host CPU numbers the sandbox may use, as decided at start. Without them (no mount
    /// namespace) the caller's current mask is the bound: a task can narrow its affinity but never
    /// widen it.
    static func sandboxCPUs(_ kernel: Kernel, caller: Int32) -> [Int] {
        kernel.cpus ?? CPUAffinity.cpus(ofTask: caller) ?? []
    }

    /// The CPU numbers set in a little-endian cpumask.
    static func bits(_ bytes: [UInt8]) -> [Int] {
        var cpus: [Int] = []
        for (i, byte) in bytes.enumerated() where byte != 0 {
            for bit in 0..<8 where byte & (1 << UInt8(bit)) != 0 { cpus.append(i * 8 + bit) }
        }
        return cpus
    }

    // MARK: Which task

    /// A host task named by a sandbox pid: another task is held by a pidfd; the caller is not
    /// (its notification's validity vouches for its tid).
    struct HeldTask: ~Copyable {
        let tid: Int32
        private let pidfd: Pidfd?
        private let rawPidfd: Int32

        /// The caller itself.
        init(caller tid: Int32) {
            self.tid = tid
            pidfd = nil
            rawPidfd = -1
        }

        init(tid: Int32, holding pidfd: consuming Pidfd) {
            self.tid = tid
            rawPidfd = pidfd.descriptor.rawValue
            self.pidfd = .some(pidfd)
        }

        /// Whether a held task has been reaped since (signal 0 reaches a zombie, not a reaped task),
        /// so its tid may name another task now.
        var reaped: Bool { rawPidfd >= 0 && sh_pidfd_send_signal(rawPidfd, 0) != 0 }
    }

    /// The host tid of sandbox task `pid`.
    static func task(named pid: Int32, caller request: SyscallRequest,
                     kernel: Kernel) throws(CallError) -> HeldTask {
        let caller = request.tid
        if pid < 0 { throw .errno(.ESRCH) }
        if pid == 0 { return HeldTask(caller: caller) }
        guard let own = guestTid(of: "/proc/\(caller)/status") else { throw .gone }
        guard request.memory.isValid() else { throw .gone }
        if own == pid { return HeldTask(caller: caller) }
        let namespaced = pidNamespace("/proc/\(caller)") != pidNamespace("/proc/self")
        if namespaced && pid == 1 { throw .errno(.EPERM) }
        // A thread of the caller's own process (pthread_setaffinity_np).
        for tid in numericEntries("/proc/\(caller)/task") where tid != caller {
            if let held = hold(tid, as: pid, in: "/proc/\(caller)/task/\(tid)") { return held }
        }
        guard namespaced else { throw .errno(.EPERM) }
        // Another process of the sandbox: a host task in the caller's PID namespace with that pid.
        guard let space = pidNamespace("/proc/\(caller)") else { throw .gone }
        for process in numericEntries("/proc") where pidNamespace("/proc/\(process)") == space {
            for tid in numericEntries("/proc/\(process)/task") {
                if let held = hold(tid, as: pid, in: "/proc/\(process)/task/\(tid)", namespace: space) { return held }
            }
        }
        throw .errno(.ESRCH)
    }

    /// A pidfd for host task `tid` if it is sandbox task `pid` (checked after the pidfd is taken,
    /// so the task checked is the task held while the pidfd says it lives).
    private static func hold(_ tid: Int32, as pid: Int32, in procDir: String,
                             namespace: PidNamespace? = nil) -> HeldTask? {
        guard guestTid(of: procDir + "/status") == pid, let pidfd = try? HostProcess.pidfd(thread: tid) else { return nil }
        guard guestTid(of: "/proc/\(tid)/status") == pid,
              namespace == nil || pidNamespace("/proc/\(tid)") == namespace else { return nil }
        return HeldTask(tid: tid, holding: pidfd)
    }

    /// A task's tid in its innermost PID namespace: the last `NSpid:` field of its status.
    private static func guestTid(of statusPath: String) -> Int32? {
        TaskStatus.read(path: statusPath)?.namespaceTid
    }

    struct PidNamespace: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    /// The PID namespace of the task at a procfs directory; nil if it cannot be read (gone, or not
    /// ours to inspect — no such task is in the sandbox).
    private static func pidNamespace(_ procDir: String) -> PidNamespace? {
        var st = stat()
        guard stat(procDir + "/ns/pid", &st) == 0 else { return nil }
        return PidNamespace(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// The numeric names in a procfs directory (pids, tids).
    private static func numericEntries(_ path: String) -> [Int32] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [Int32] = []
        while let entry = readdir(dir) {
            let name = direntName(entry)
            if let n = Int32(name), n > 0 { names.append(n) }
        }
        return names
    }
}
