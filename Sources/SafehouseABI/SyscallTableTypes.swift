// The shape of the syscall table. The data itself lives in SyscallTable.generated.swift, which
// Syscalls/generate.py writes from the kernel headers and Syscalls/x86_64.dispositions.
// Nothing else in the project may hard-code a syscall's disposition.

/// What kind of value a syscall argument carries; used for docs, events and argument decoding.
public enum ArgKind: String, Sendable {
    case fd, path, pointer, string, flags, mode, int, size, offset, pid, uid, gid, signal, clockid, timer
    case unused
}

/// What happens to a syscall (or to one argument pattern of it).
public enum SyscallAction: Sendable, Equatable {
    /// Allowed natively by the seccomp filter.
    case passthrough
    /// Trapped and answered by the supervisor's handler.
    case emulated
    /// Trapped, reported as an event, and answered with this errno.
    case denied(LinuxErrno)
    /// The whole guest process is killed by the kernel (SECCOMP_RET_KILL_PROCESS).
    case kill
}

/// A test on one raw 64-bit argument register.
public enum ArgTest: Sendable, Equatable {
    /// `(arg & mask) != 0`: any of these flag bits is set (e.g. `clone` namespace flags).
    case anyBitSet(UInt64)
    /// `(arg & 0xffff_ffff) == value`: for `int`-typed arguments the kernel truncates to 32 bits,
    /// so the upper half must not be able to hide a match (ioctl requests, prctl options, domains).
    case equals32(UInt32)
    /// `arg == value` on the whole register: for pointers (a NULL address, e.g. sendto's).
    case equals64(UInt64)

    public func matches(_ raw: UInt64) -> Bool {
        switch self {
        case .anyBitSet(let mask): return raw & mask != 0
        case .equals32(let value): return UInt32(truncatingIfNeeded: raw) == value
        case .equals64(let value): return raw == value
        }
    }
}

/// An argument condition: when `test` holds for argument `arg` (0-based), `action` applies.
public struct ArgRule: Sendable, Equatable {
    public let arg: Int
    public let test: ArgTest
    public let action: SyscallAction
    public let rationale: String
    /// The rule holds only when the sandbox has its own network namespace (e.g. inet sockets,
    /// which would otherwise reach the host's network); without one the rule is skipped.
    public let namespacedOnly: Bool

    public init(arg: Int, test: ArgTest, action: SyscallAction, rationale: String,
                namespacedOnly: Bool = false) {
        self.arg = arg
        self.test = test
        self.action = action
        self.rationale = rationale
        self.namespacedOnly = namespacedOnly
    }
}

/// One row of the table.
public struct SyscallEntry: Sendable {
    public let number: Int32
    public let name: String
    public let args: [ArgKind]
    /// Applies when no rule matches.
    public let action: SyscallAction
    /// Checked in order; the first matching rule decides.
    public let rules: [ArgRule]
    public let rationale: String

    public init(number: Int32, name: String, args: [ArgKind], action: SyscallAction,
                rules: [ArgRule] = [], rationale: String) {
        self.number = number
        self.name = name
        self.args = args
        self.action = action
        self.rules = rules
        self.rationale = rationale
    }

    /// The action for a concrete call. Arguments are registers copied into the notification, so
    /// deciding on them is free of TOCTOU races.
    public func action(for args: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64),
                       hasNetworkNamespace: Bool) -> SyscallAction {
        let values = [args.0, args.1, args.2, args.3, args.4, args.5]
        for rule in rules(hasNetworkNamespace: hasNetworkNamespace) where rule.test.matches(values[rule.arg]) {
            return rule.action
        }
        return action
    }

    /// The rules in force for a sandbox with or without its own network namespace.
    public func rules(hasNetworkNamespace: Bool) -> [ArgRule] {
        hasNetworkNamespace ? rules : rules.filter { !$0.namespacedOnly }
    }
}

extension SyscallTable {
    /// Entry for a syscall number, or nil for a number the table does not know (answered ENOSYS).
    public static func entry(_ number: Int32) -> SyscallEntry? {
        guard number >= 0, Int(number) < byNumber.count else { return nil }
        return byNumber[Int(number)]
    }

    public static func entry(named name: String) -> SyscallEntry? {
        entries.first { $0.name == name }
    }

    /// Entry of a syscall of the enumeration (generated from the same rows, so always present).
    public static func entry(_ syscall: Syscall) -> SyscallEntry {
        byNumber[Int(syscall.rawValue)]!
    }

    /// Dense lookup by number, built once.
    private static let byNumber: [SyscallEntry?] = {
        let maxNumber = entries.map { Int($0.number) }.max() ?? -1
        var table = [SyscallEntry?](repeating: nil, count: maxNumber + 1)
        for entry in entries { table[Int(entry.number)] = entry }
        return table
    }()
}

extension SyscallEntry {
    /// This row as a case of the typed enumeration.
    public var syscall: Syscall? { Syscall(rawValue: number) }
}

extension Syscall: CustomStringConvertible {
    /// The header's name (`openat`), as the table spells it.
    public var name: String { SyscallTable.entry(self).name }
    public var description: String { name }
}
