/// Every emulated syscall's handler, by the table's name. One file per syscall family.
enum SyscallHandlers {
    static let all: [String: SyscallHandler] = [
        "uname": Identity.uname,
    ]
}
