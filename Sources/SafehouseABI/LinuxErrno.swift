/// An errno as the guest sees it (Linux x86-64 values). Distinct from `Errno`, which is what the
/// supervisor's own host calls returned.
public struct LinuxErrno: Error, RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let EPERM = LinuxErrno(rawValue: 1)
    public static let ENOENT = LinuxErrno(rawValue: 2)
    public static let ESRCH = LinuxErrno(rawValue: 3)
    public static let EINTR = LinuxErrno(rawValue: 4)
    public static let EIO = LinuxErrno(rawValue: 5)
    public static let ENXIO = LinuxErrno(rawValue: 6)
    public static let E2BIG = LinuxErrno(rawValue: 7)
    public static let ENOEXEC = LinuxErrno(rawValue: 8)
    public static let EBADF = LinuxErrno(rawValue: 9)
    public static let ECHILD = LinuxErrno(rawValue: 10)
    public static let EAGAIN = LinuxErrno(rawValue: 11)
    public static let ENOMEM = LinuxErrno(rawValue: 12)
    public static let EACCES = LinuxErrno(rawValue: 13)
    public static let EFAULT = LinuxErrno(rawValue: 14)
    public static let EBUSY = LinuxErrno(rawValue: 16)
    public static let EEXIST = LinuxErrno(rawValue: 17)
    public static let EXDEV = LinuxErrno(rawValue: 18)
    public static let ENODEV = LinuxErrno(rawValue: 19)
    public static let ENOTDIR = LinuxErrno(rawValue: 20)
    public static let EISDIR = LinuxErrno(rawValue: 21)
    public static let EINVAL = LinuxErrno(rawValue: 22)
    public static let ENFILE = LinuxErrno(rawValue: 23)
    public static let EMFILE = LinuxErrno(rawValue: 24)
    public static let ENOTTY = LinuxErrno(rawValue: 25)
    public static let EFBIG = LinuxErrno(rawValue: 27)
    public static let ENOSPC = LinuxErrno(rawValue: 28)
    public static let ESPIPE = LinuxErrno(rawValue: 29)
    public static let EROFS = LinuxErrno(rawValue: 30)
    public static let EMLINK = LinuxErrno(rawValue: 31)
    public static let EPIPE = LinuxErrno(rawValue: 32)
    public static let ERANGE = LinuxErrno(rawValue: 34)
    public static let ENAMETOOLONG = LinuxErrno(rawValue: 36)
    public static let ENOSYS = LinuxErrno(rawValue: 38)
    public static let ENOTEMPTY = LinuxErrno(rawValue: 39)
    public static let ELOOP = LinuxErrno(rawValue: 40)
    public static let ENODATA = LinuxErrno(rawValue: 61)
    public static let ENOTSOCK = LinuxErrno(rawValue: 88)
    public static let EPROTONOSUPPORT = LinuxErrno(rawValue: 93)
    public static let EOPNOTSUPP = LinuxErrno(rawValue: 95)
    public static let EAFNOSUPPORT = LinuxErrno(rawValue: 97)
    public static let EADDRINUSE = LinuxErrno(rawValue: 98)
    public static let ENETUNREACH = LinuxErrno(rawValue: 101)
    public static let ECONNREFUSED = LinuxErrno(rawValue: 111)
    public static let EHOSTUNREACH = LinuxErrno(rawValue: 113)

    private static let names: [Int32: String] = [
        1: "EPERM", 2: "ENOENT", 3: "ESRCH", 4: "EINTR", 5: "EIO", 7: "E2BIG", 8: "ENOEXEC",
        9: "EBADF", 10: "ECHILD", 11: "EAGAIN", 12: "ENOMEM", 13: "EACCES", 14: "EFAULT",
        16: "EBUSY", 17: "EEXIST", 18: "EXDEV", 19: "ENODEV", 20: "ENOTDIR", 21: "EISDIR",
        22: "EINVAL", 23: "ENFILE", 24: "EMFILE", 25: "ENOTTY", 27: "EFBIG", 28: "ENOSPC",
        29: "ESPIPE", 30: "EROFS", 31: "EMLINK", 32: "EPIPE", 34: "ERANGE", 36: "ENAMETOOLONG",
        38: "ENOSYS", 39: "ENOTEMPTY", 40: "ELOOP", 61: "ENODATA", 88: "ENOTSOCK", 93: "EPROTONOSUPPORT", 95: "EOPNOTSUPP",
        97: "EAFNOSUPPORT", 98: "EADDRINUSE", 101: "ENETUNREACH", 111: "ECONNREFUSED",
        113: "EHOSTUNREACH",
    ]

    /// Parses a symbolic name such as "EPERM" (used by the table generator's output and policies).
    public init?(name: String) {
        guard let match = LinuxErrno.names.first(where: { $0.value == name }) else { return nil }
        self.rawValue = match.key
    }

    public var description: String { LinuxErrno.names[rawValue] ?? "errno \(rawValue)" }
}
