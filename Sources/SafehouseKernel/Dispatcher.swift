import SafehouseABI
import SafehouseCore

/// Routes every trapped call by the syscall table: denials are answered (and reported) here,
/// emulated calls go to their handler. The filter and this dispatcher read the same table.
public final class Dispatcher: SyscallHandling {
    private let kernel: Kernel
    private let events: (any EventSink)?
    /// Handlers indexed by syscall number; nil where the table does not emulate.
    private let handlers: [SyscallHandler?]

    public init(kernel: Kernel, events: (any EventSink)?) {
        self.kernel = kernel
        self.events = events
        self.handlers = Dispatcher.handlerIndex
    }

    /// Emulated syscalls in the table that have no handler (must be empty; checked by tests and
    /// at sandbox start).
    public static func missingHandlers() -> [Syscall] {
        Syscall.emulated.filter { handlerIndex[Int($0.rawValue)] == nil }
    }

    /// Syscalls with a handler that the table does not emulate (must be empty; checked by tests):
    /// the handler would never run, and the table is the one place that decides what is trapped.
    public static func unexpectedHandlers() -> [Syscall] {
        let emulated = Set(Syscall.emulated)
        return registered.map(\.syscall).filter { !emulated.contains($0) }
    }

    /// Syscalls that more than one family registers (must be empty; checked by tests): only one
    /// of them would be used.
    public static func doubleHandlers() -> [Syscall] {
        var seen = Set<Syscall>(), doubled: [Syscall] = []
        for (syscall, _) in registered where !seen.insert(syscall).inserted { doubled.append(syscall) }
        return doubled
    }

    /// Every family's registrations, in number order within the order of the families.
    private static let registered: [(syscall: Syscall, handler: SyscallHandler)] =
        SyscallHandlers.families.flatMap { family in
            family.sorted { $0.key.rawValue < $1.key.rawValue }.map { (syscall: $0.key, handler: $0.value) }
        }

    /// The registrations merged once into an array indexed by syscall number.
    private static let handlerIndex: [SyscallHandler?] = {
        let maxNumber = Syscall.allCases.map { Int($0.rawValue) }.max() ?? 0
        var index = [SyscallHandler?](repeating: nil, count: maxNumber + 1)
        for (syscall, handler) in registered where index[Int(syscall.rawValue)] == nil {
            index[Int(syscall.rawValue)] = handler
        }
        return index
    }()

    public func handle(_ request: SyscallRequest) -> SyscallReply {
        guard let entry = SyscallTable.entry(request.number) else {
            // A number newer than the table (or an x32/foreign number that got this far): ENOSYS,
            // never allow.
            report(request, name: "syscall_\(request.number)", verdict: .unknown, result: -Int64(LinuxErrno.ENOSYS.rawValue))
            return .error(.ENOSYS)
        }
        switch entry.action(for: request.args, hasNetworkNamespace: kernel.hasNetworkNamespace) {
        case .passthrough:
            // Reached only when the filter could not express a rule's complement; the decision
            // was made on registers copied into the notification, so continuing is race-free.
            return .continueCall
        case .denied(let errno):
            report(request, name: entry.name, verdict: .denied, result: -Int64(errno.rawValue))
            return .error(errno)
        case .kill:
            report(request, name: entry.name, verdict: .denied, result: -Int64(LinuxErrno.ENOSYS.rawValue))
            return .error(.ENOSYS)
        case .emulated:
            guard let handler = handlers[Int(entry.number)] else {
                report(request, name: entry.name, verdict: .unknown, result: -Int64(LinuxErrno.ENOSYS.rawValue))
                return .error(.ENOSYS)
            }
            let reply = handler(request, kernel)
            if events != nil {
                switch reply {
                case .value(let v): report(request, name: entry.name, verdict: .emulated, result: v)
                case .error(let e): report(request, name: entry.name, verdict: .emulated, result: -Int64(e.rawValue))
                case .installDescriptor: report(request, name: entry.name, verdict: .emulated, result: nil)
                case .replaceDescriptor(_, _, _, let result): report(request, name: entry.name, verdict: .emulated, result: result)
                case .continueCall, .abandoned, .deferred: break
                }
            }
            return reply
        }
    }

    private func report(_ request: SyscallRequest, name: String, verdict: SyscallEvent.Verdict, result: Int64?) {
        guard let events else { return }
        events.record(SyscallEvent(tid: request.tid, number: request.number, name: name, verdict: verdict,
                                   result: result, args: request.args,
                                   instructionPointer: request.instructionPointer))
    }
}
