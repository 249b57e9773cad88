import SafehouseABI

/// Every emulated syscall's handler. Each family (one file per family) declares its own
/// `handlers: [Syscall: SyscallHandler]` against the generated `Syscall` enumeration, so a
/// misspelt syscall is a build error; this lists the families. The Dispatcher merges them once
/// into an array indexed by syscall number, and SyscallRegistrationTests checks the merge against
/// the table (`Dispatcher.missingHandlers`, `unexpectedHandlers`, `doubleHandlers`).
enum SyscallHandlers {
    static let families: [[Syscall: SyscallHandler]] = [
        FileOpen.handlers, FileInfo.handlers, FileDirectory.handlers, FileNames.handlers,
        FileAttributes.handlers, Sockets.handlers, Scheduling.handlers, Identity.handlers,
        SystemInfo.handlers, Processes.handlers,
    ]
}
