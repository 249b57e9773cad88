import CSafehouse
import Glibc
import Synchronization

/// A blocking call one of the supervisor's threads makes for a guest (a FIFO open waiting for its
/// peer, an AF_UNIX connect waiting for a full backlog), which another thread can interrupt when
/// the guest stops waiting. The interrupt is a signal to that thread alone, whose handler does
/// nothing and is installed without SA_RESTART, so the call returns EINTR; it is sent again until
/// the call has returned, since it may arrive before the call starts to wait. Nothing else is
/// touched: other waiters on the same FIFO or socket keep waiting.
public final class InterruptibleCall: Sendable {
    private let thread = Atomic<Int32>(0)
    private let finished = Atomic<Bool>(false)

    /// SIGURG: ignored by default, used for nothing else by the supervisor.
    static let signal = SIGURG
    private static let installed: Bool = {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0   // no SA_RESTART: the interrupted call returns EINTR
        return sigaction(InterruptibleCall.signal, &action, nil) == 0
    }()

    public init() { _ = InterruptibleCall.installed }

    /// Runs `body` on the calling thread, which `interrupt` may signal until `body` returns.
    public func run<T>(_ body: () -> T) -> T {
        thread.store(sh_gettid(), ordering: .releasing)
        defer { finished.store(true, ordering: .releasing) }
        return body()
    }

    /// Makes the call in `run` return (EINTR) if it still waits; gives up after about 100 ms.
    public func interrupt() {
        for _ in 0..<200 where !finished.load(ordering: .acquiring) {
            let tid = thread.load(ordering: .acquiring)
            if tid != 0 { _ = sh_signal_thread(tid, InterruptibleCall.signal) }
            usleep(500)
        }
    }
}
