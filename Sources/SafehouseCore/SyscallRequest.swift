// SafehouseCore: what a trapped call is and how it is answered -- the contract between a platform
// (which delivers calls: unotify today) and the kernel (which answers them). Neither depends on
// the other; both depend on this.
import SafehouseABI
import SafehouseSystem

/// A trapped system call as handlers see it, whichever platform delivered it.
public struct SyscallRequest: Sendable {
    /// Host thread id of the calling task.
    public let tid: Int32
    public let number: Int32
    public let args: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    public let instructionPointer: UInt64
    /// The guest's memory, with the platform's validity check built in.
    public let memory: GuestMemory

    public init(tid: Int32, number: Int32, args: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64),
                instructionPointer: UInt64, memory: GuestMemory) {
        self.tid = tid
        self.number = number
        self.args = args
        self.instructionPointer = instructionPointer
        self.memory = memory
    }

    public func arg(_ index: Int) -> UInt64 {
        switch index {
        case 0: return args.0
        case 1: return args.1
        case 2: return args.2
        case 3: return args.3
        case 4: return args.4
        default: return args.5
        }
    }
}

/// How a trapped call is answered.
public enum SyscallReply: Sendable, Equatable {
    /// The call returns this value.
    case value(Int64)
    /// The call fails with this errno.
    case error(LinuxErrno)
    /// The kernel runs the call as the guest made it. Only for calls whose every argument is a
    /// register or whose pointer targets are harmless because of the kernel walls (DESIGN inv. 2).
    case continueCall
    /// A supervisor-owned descriptor is installed into the guest and becomes the call's result,
    /// atomically (SECCOMP_IOCTL_NOTIF_ADDFD with SEND). The platform closes its copy.
    case installDescriptor(Int32, closeOnExec: Bool)
    /// A supervisor-owned descriptor takes the place of the guest's descriptor `guestFD`, as dup2
    /// would (ADDFD with SETFD), and the call then returns `result` (a value, or -errno). The
    /// platform closes its copy.
    case replaceDescriptor(Int32, guestFD: Int32, closeOnExec: Bool, result: Int64)
    /// Nothing can be answered: the task is gone (its notification is no longer valid).
    case abandoned
    /// The answer may take unbounded time (a FIFO open waiting for its peer): the platform runs it
    /// on a thread of its own, never on a worker, and cancels it when the guest stops waiting.
    case deferred(DeferredCall)
}

/// A call that may block: `run` makes it and returns the answer; `cancel` (called at most once,
/// from another thread, when the guest was interrupted or died) makes a running `run` return soon.
public final class DeferredCall: Sendable, Equatable {
    /// Called by the platform only (hence `package`): handlers build the call, platforms run it.
    package let run: @Sendable () -> SyscallReply
    package let cancel: @Sendable () -> Void
    /// Interrupted by a signal, the call is restarted under SA_RESTART (ERESTARTSYS); false for a
    /// call Linux never restarts (a wait with a timeout, as a connect with SO_SNDTIMEO): EINTR.
    package let restartable: Bool

    public init(restartable: Bool = true, run: @escaping @Sendable () -> SyscallReply,
                cancel: @escaping @Sendable () -> Void) {
        self.run = run
        self.cancel = cancel
        self.restartable = restartable
    }

    /// The descriptor a reply hands over, which whoever drops the reply must close.
    public static func descriptor(of reply: SyscallReply) -> Int32? {
        switch reply {
        case .installDescriptor(let fd, _), .replaceDescriptor(let fd, _, _, _): return fd
        default: return nil
        }
    }

    public static func == (a: DeferredCall, b: DeferredCall) -> Bool { a === b }
}

/// Receives trapped calls and answers them. Handlers never know which platform is underneath.
public protocol SyscallHandling: Sendable {
    func handle(_ request: SyscallRequest) -> SyscallReply
}
