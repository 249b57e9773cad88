import CSafehouse
import Glibc

/// An eventfd that wakes a thread waiting in poll: signalled from another thread, drained by the
/// waiter. Closed with its last reference.
public final class Wakeup: Sendable {
    /// The descriptor to poll for POLLIN; -1 if none could be made.
    public let fd: Int32 = sh_wake_fd()

    public init() {}
    deinit { if fd >= 0 { close(fd) } }

    public func signal() {
        var one: UInt64 = 1
        _ = write(fd, &one, 8)
    }

    public func drain() {
        var value: UInt64 = 0
        _ = read(fd, &value, 8)
    }
}
