import CSeccomp
import CSafehouse
import Glibc
import SafehouseABI
import SafehouseSystem

public struct FilterError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Compiles the syscall table into a seccomp BPF program with libseccomp.
///
/// - libseccomp's program checks the architecture first: anything not x86-64 (i386 `int 0x80`)
///   is the bad-arch action, KILL_PROCESS, and so is any x32 number (bit 30 set); both are
///   asserted on the program by tests and on live guests by the attack tests.
/// - Every table entry becomes an explicit rule: passthrough → ALLOW; emulated and denied →
///   USER_NOTIF (denials are answered by the supervisor, so each one becomes an event);
///   kill → KILL_PROCESS. Numbers the table does not know hit the default, ERRNO(ENOSYS).
/// - Argument rules become comparisons, and the entry's own action is installed on the exact
///   complement of those rules, so the filter and the dispatcher (which applies the same table
///   to the copied registers) always agree. A rule set whose complement cannot be expressed is a
///   build error, caught by the table tests.
public enum SeccompFilter {
    public struct Options: Sendable {
        /// False when the sandbox has no network namespace: rules marked namespaced-only drop out.
        public var hasNetworkNamespace: Bool
        public init(hasNetworkNamespace: Bool) { self.hasNetworkNamespace = hasNetworkNamespace }
    }

    /// The BPF program as raw `sock_filter` records.
    public static func build(_ entries: [SyscallEntry] = SyscallTable.entries,
                             options: Options) throws(FilterError) -> [sock_filter] {
        guard let ctx = seccomp_init(0x0005_0000 | UInt32(LinuxErrno.ENOSYS.rawValue) /* SCMP_ACT_ERRNO(ENOSYS) */) else {
            throw FilterError(description: "seccomp_init failed")
        }
        defer { seccomp_release(ctx) }
        try check(seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS), "bad-arch action")
        // A binary tree over syscall numbers keeps passthrough calls at native speed.
        _ = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)
        for entry in entries {
            try addRules(ctx, entry, options: options)
        }
        return try export(ctx)
    }

    private static func action(_ action: SyscallAction) -> UInt32 {
        switch action {
        case .passthrough: return SCMP_ACT_ALLOW
        case .emulated, .denied: return SCMP_ACT_NOTIFY
        case .kill: return SCMP_ACT_KILL_PROCESS
        }
    }

    private static func cmp(_ arg: Int, _ op: scmp_compare, _ a: UInt64, _ b: UInt64 = 0) -> scmp_arg_cmp {
        scmp_arg_cmp(arg: UInt32(arg), op: op, datum_a: a, datum_b: b)
    }

    private static func addRules(_ ctx: scmp_filter_ctx, _ entry: SyscallEntry, options: Options) throws(FilterError) {
        let rules = entry.rules(hasNetworkNamespace: options.hasNetworkNamespace)
        let otherwise = action(entry.action)
        func add(_ action: UInt32, _ comparison: scmp_arg_cmp?) throws(FilterError) {
            var c = comparison ?? scmp_arg_cmp()
            let r = comparison == nil
                ? seccomp_rule_add_exact_array(ctx, action, entry.number, 0, nil)
                : seccomp_rule_add_exact_array(ctx, action, entry.number, 1, &c)
            try check(r, entry.name)
        }
        // Rules whose filter action is the syscall's own (a denial and an emulation both trap to
        // the supervisor, which tells them apart) need no comparison in the filter.
        if rules.allSatisfy({ action($0.action) == otherwise }) { return try add(otherwise, nil) }
        guard Set(rules.map(\.arg)).count == 1, let arg = rules.first?.arg else {
            throw FilterError(description: "\(entry.name): rules on more than one argument are not supported")
        }
        if rules.count == 1, case .equals64(let value) = rules[0].test {
            try add(action(rules[0].action), cmp(arg, SCMP_CMP_EQ, value))
            return try add(otherwise, cmp(arg, SCMP_CMP_NE, value))
        }
        var flagUnion: UInt64 = 0
        var values: [UInt32] = []
        for rule in rules {
            switch rule.test {
            case .anyBitSet(let mask):
                // Only bits that change the action leave the catch-all below; bits whose rule
                // keeps the syscall's own action must still reach it.
                if action(rule.action) != otherwise { flagUnion |= mask }
                for bit in 0..<64 where mask & (1 << UInt64(bit)) != 0 && action(rule.action) != otherwise {
                    try add(action(rule.action), cmp(arg, SCMP_CMP_MASKED_EQ, 1 << UInt64(bit), 1 << UInt64(bit)))
                }
            case .equals32(let value):
                values.append(value)
                // Every value gets its rule, also one whose action is the syscall's own: the
                // complement below leaves the values out, so without it the value would fall to
                // the filter's default (ENOSYS). Masked, so an upper half cannot hide the value.
                try add(action(rule.action), cmp(arg, SCMP_CMP_MASKED_EQ, 0xffff_ffff, UInt64(value)))
            case .equals64:
                throw FilterError(description: "\(entry.name): a 64-bit value rule must be the syscall's only rule")
            }
        }
        guard flagUnion == 0 || values.isEmpty else {
            throw FilterError(description: "\(entry.name): mixing flag and value rules is not supported")
        }
        if flagUnion != 0 {
            return try add(otherwise, cmp(arg, SCMP_CMP_MASKED_EQ, flagUnion, 0))
        }
        // The complement of a value set on the raw 64-bit register: below the smallest, above the
        // largest, and the gaps between them. Values whose upper half is set land "above"; for
        // those the masked rules above come first in libseccomp's tree (verified by tests), and
        // the dispatcher re-applies the table to whatever reaches the supervisor.
        let sorted = Array(Set(values)).sorted()
        guard let low = sorted.first, let high = sorted.last else { return }
        guard UInt64(high - low) + 1 - UInt64(sorted.count) <= 64 else {
            throw FilterError(description: "\(entry.name): value rules too sparse to complement exactly")
        }
        let gaps = (low...high).filter { !sorted.contains($0) }
        if low > 0 { try add(otherwise, cmp(arg, SCMP_CMP_LT, UInt64(low))) }
        try add(otherwise, cmp(arg, SCMP_CMP_GT, UInt64(high)))
        for gap in gaps { try add(otherwise, cmp(arg, SCMP_CMP_EQ, UInt64(gap))) }
    }

    private static func check(_ result: Int32, _ what: String) throws(FilterError) {
        if result < 0 { throw FilterError(description: "libseccomp rejected \(what): \(Errno(-result))") }
    }

    /// libseccomp 2.5 exports BPF only to a descriptor: go through a memfd.
    private static func export(_ ctx: scmp_filter_ctx) throws(FilterError) -> [sock_filter] {
        let fd = sh_memfd_create("safehouse-filter", 1 /* MFD_CLOEXEC */)
        guard fd >= 0 else { throw FilterError(description: "memfd_create: \(Errno(-fd))") }
        defer { close(fd) }
        try check(seccomp_export_bpf(ctx, fd), "export")
        let size = lseek(fd, 0, SEEK_END)
        let count = Int(size) / MemoryLayout<sock_filter>.stride
        guard count > 0, count <= Int(UInt16.max) else { throw FilterError(description: "filter has \(count) instructions") }
        var program = [sock_filter](repeating: sock_filter(), count: count)
        let read = program.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard read == Int(size) else { throw FilterError(description: "short read of exported filter") }
        return program
    }
}
