import SafehouseABI
import SafehouseCore
import SafehouseSystem

/// uname and friends: the sandbox's own machine identity.
enum Identity {
    /// The syscalls this family answers (checked against the table's emulated set by
    /// SyscallRegistrationTests).
    static let handlers: [Syscall: SyscallHandler] = [
        .uname: uname,
    ]

    /// `struct utsname`: six NUL-padded fields of 65 bytes.
    static let fieldLength = 65

    static func utsnameBytes(_ identity: SandboxIdentity) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fieldLength * 6)
        for field in ["Linux", identity.hostname, identity.kernelRelease, identity.kernelVersion,
                      identity.machine, identity.domainname] {
            let utf8 = Array(field.utf8.prefix(fieldLength - 1))
            bytes += utf8
            bytes += [UInt8](repeating: 0, count: fieldLength - utf8.count)
        }
        return bytes
    }

    static let uname: SyscallHandler = { request, kernel in
        reply { () throws(GuestMemoryError) in
            try request.memory.write(GuestAddress(request.args.0), kernel.utsname)
            return .value(0)
        }
    }

    /// Maps guest-memory failures: an unmapped buffer is the guest's EFAULT; a vanished task
    /// gets no answer at all.
    static func reply(_ body: () throws(GuestMemoryError) -> SyscallReply) -> SyscallReply {
        do {
            return try body()
        } catch {
            switch error {
            case .fault: return .error(.EFAULT)
            case .taskGone: return .abandoned
            }
        }
    }
}
