import SafehousePolicy

// The sandbox's CPUs. `limits.cpus = N` gives the guest the first N CPUs of the supervisor's own
// affinity mask: the launcher sets that affinity on the sandbox's init before the guest is forked
// (every guest task inherits it), /sys/devices/system/cpu/{online,possible,present} say "0-(N-1)",
// and sched_setaffinity is emulated (Scheduling.swift) so no guest task can widen its mask again.

/// How many CPUs the sandbox of this policy has: `limits.cpus`, or every CPU of the supervisor's
/// affinity mask when unset (a policy value above that size is clamped; loading a policy rejects it).
/// `nproc`, `os.sched_getaffinity`, `/sys` and `/proc/cpuinfo` all agree on this number.
public func sandboxCPUCount(policy: Policy) -> Int {
    sandboxCPUs(policy: policy).count
}

/// The host CPU numbers the sandbox runs on: the first `limits.cpus` CPUs of the supervisor's mask.
func sandboxCPUs(policy: Policy) -> [Int] {
    let available = CPUAffinity.supervisorCPUs()
    guard let wanted = policy.limits.cpus else { return available }
    return Array(available.prefix(max(1, wanted)))
}
