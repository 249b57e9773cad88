import SafehouseABI
import SafehouseCore
import SafehousePolicy
import SafehouseSystem

/// uname and friends: the sandbox's own machine identity.
enum Identity {
    /// The syscalls this family answers (checked against the table's emulated set by
    /// SyscallRegistrationTests).
    static let handlers: [Syscall: SyscallHandler] = [
        .uname: uname,
        .setuid: changeIDs(count: 1, own: Policy.guestUID), .setreuid: changeIDs(count: 2, own: Policy.guestUID),
        .setresuid: changeIDs(count: 3, own: Policy.guestUID), .setgid: changeIDs(count: 1, own: Policy.guestGID),
        .setregid: changeIDs(count: 2, own: Policy.guestGID), .setresgid: changeIDs(count: 3, own: Policy.guestGID),
    ]

    /// set*uid/set*gid: the guest has one uid and one gid and no capability, so the only change
    /// Linux would allow it is to its own id (or -1, "unchanged"): that continues, anything else
    /// is EPERM, as for an unprivileged user. The ids are registers: nothing to race.
    static func changeIDs(count: Int, own: UInt32) -> SyscallHandler {
        GuestCall.handler { call throws(CallError) in
            for i in 0..<count {
                let id = UInt32(truncatingIfNeeded: call.arg(i))
                if id != own && id != UInt32.max { throw .errno(.EPERM) }
            }
            return .continueCall
        }
    }

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
