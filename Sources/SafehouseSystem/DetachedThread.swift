import Glibc

/// A detached POSIX thread for the supervisor's own background work (broker loops, deferred
/// calls, service connections).
public enum DetachedThread {
    /// Starts `body` on a new detached thread; false if the system refused one.
    @discardableResult
    public static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        final class Box {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body))
        var thread = pthread_t()
        let r = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, box.toOpaque())
        if r != 0 {
            box.release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}
