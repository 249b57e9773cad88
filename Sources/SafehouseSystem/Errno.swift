import Glibc

/// An errno returned by one of the supervisor's own host calls. What the guest sees is `LinuxErrno`.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's current errno.
    public static var current: Errno { Errno(errno) }

    public var description: String {
        guard let text = strerror(rawValue) else { return "errno \(rawValue)" }
        return String(cString: text)
    }
}

/// Retries a call interrupted by a signal; returns the result or throws the errno.
@inline(__always)
public func retryingOnInterrupt<T: BinaryInteger>(_ call: () -> T) throws(Errno) -> T {
    while true {
        let result = call()
        if result >= 0 { return result }
        if errno != EINTR { throw Errno.current }
    }
}
