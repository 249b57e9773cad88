import SafehouseABI
import SafehouseProcfs

/// sysinfo(2): the same machine /proc shows — the sandbox's uptime, load, memory and processes.
enum SystemInfo {
    /// The syscalls this family answers (checked against the table's emulated set by
    /// SyscallRegistrationTests).
    static let handlers: [Syscall: SyscallHandler] = [
        .sysinfo: sysinfo,
    ]

    static let sysinfo = GuestCall.handler { call throws(CallError) in
        guard let procfs = call.fs.resolver.procfs else { return .continueCall }
        let sample = procfs.sample(reader: call.procSelf()?.tid)
        let loads = procfs.loadAverages(sample)
        let total = procfs.machine.memoryBytes
        let used = min(sample.memoryUsedBytes, total)
        // struct sysinfo on x86-64: 112 bytes; loads are fixed point with 16 fractional bits.
        var bytes = [UInt8](repeating: 0, count: 112)
        bytes.withUnsafeMutableBytes { raw in
            // Whole seconds rounded up, as Linux's sysinfo: never 0 once running.
            let seconds = (sample.uptimeTicks + ProcMachine.ticksPerSecond - 1) / ProcMachine.ticksPerSecond
            raw.storeBytes(of: Int64(max(seconds, 1)), toByteOffset: 0, as: Int64.self)
            for (i, load) in [loads.one, loads.five, loads.fifteen].enumerated() {
                raw.storeBytes(of: UInt64(load * 65536), toByteOffset: 8 + 8 * i, as: UInt64.self)
            }
            raw.storeBytes(of: total, toByteOffset: 32, as: UInt64.self)          // totalram
            raw.storeBytes(of: total - used, toByteOffset: 40, as: UInt64.self)   // freeram
            // Like Linux, "procs" counts threads.
            raw.storeBytes(of: UInt16(min(sample.tasks.count, Int(UInt16.max))), toByteOffset: 80, as: UInt16.self)
            raw.storeBytes(of: UInt32(1), toByteOffset: 104, as: UInt32.self)      // mem_unit
        }
        try call.write(call.arg(0), bytes)
        return .value(0)
    }
}
