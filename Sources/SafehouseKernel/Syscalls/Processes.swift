import SafehouseABI
import SafehouseCore

/// clone3: its flags sit in guest memory. They are checked on a copy, and the call then continues:
/// whatever the guest rewrites them to meanwhile, the sandbox's user namespace allows no new
/// namespace (the launcher set its max_*_namespaces to 0), so the check only gives the errno a
/// program expects. Only trapped where that wall exists (a netns-only rule in the table).
enum Processes {
    static let handlers: [Syscall: SyscallHandler] = [.clone3: clone3]

    /// CLONE_NEW* of linux/sched.h, CLONE_NEWTIME included (clone3 accepts it).
    static let newNamespaces: UInt64 = 0x0002_0000 | 0x0200_0000 | 0x0400_0000 | 0x0800_0000 | 0x1000_0000
        | 0x2000_0000 | 0x4000_0000 | 0x80
    /// CLONE_ARGS_SIZE_VER0, and the largest struct clone_args this kernel knows (VER2).
    static let minimumSize = 64, knownSize = 88, pageSize = 4096

    static let clone3 = GuestCall.handler { call throws(CallError) in
        let size = try call.size(1, max: pageSize, else: .E2BIG)
        if size < minimumSize { throw .errno(.EINVAL) }
        let args = try call.read(call.arg(0), size)
        // A larger struct than the kernel knows must be zero beyond what it knows.
        if args.count > knownSize && args[knownSize...].contains(where: { $0 != 0 }) { throw .errno(.E2BIG) }
        let flags = GuestCall.load(UInt64.self, from: args)   // clone_args.flags, the first field
        if flags & newNamespaces != 0 { throw .errno(.EPERM) }
        return .continueCall
    }
}
