import CSafehouse
import Glibc
import SafehouseABI
import SafehouseSystem
import Synchronization

/// The seccomp user-notification platform: worker threads receive notifications from the
/// listener concurrently, hand a platform-neutral request to the handler and send its reply.
public final class UnotifyPlatform: @unchecked Sendable {
    // @unchecked: mutable state is confined to start()/stop(), called from one thread.
    private let listener: Int32
    private let handler: any SyscallHandling
    private let workerCount: Int
    private var threads: [pthread_t] = []
    private let stopping = Atomic<Bool>(false)

    /// Takes ownership of `listener`.
    public init(listener: consuming FileDescriptor, handler: any SyscallHandling, workers: Int = 2) {
        self.listener = listener.release()
        self.handler = handler
        self.workerCount = max(1, workers)
    }

    deinit { close(listener) }

    public func start() {
        UnotifyPlatform.installWakeSignal()
        // Hand-off on the same CPU where the kernel supports it (6.6+): the trap round trip is
        // dominated by cross-CPU wake-ups on small machines.
        _ = sh_seccomp_notif_set_sync_wakeup(listener)
        for _ in 0..<workerCount {
            let box = Unmanaged.passRetained(self)
            var thread = pthread_t()
            let r = pthread_create(&thread, nil, { raw in
                let platform = Unmanaged<UnotifyPlatform>.fromOpaque(raw!).takeRetainedValue()
                platform.workerLoop()
                return nil
            }, box.toOpaque())
            if r == 0 { threads.append(thread) } else { box.release() }
        }
    }

    /// Stops the workers. A worker blocked in NOTIF_RECV is woken by a signal without SA_RESTART.
    public func stop() {
        stopping.store(true, ordering: .releasing)
        for thread in threads {
            while sh_pthread_tryjoin(thread) == EBUSY {
                pthread_kill(thread, UnotifyPlatform.wakeSignal)
                usleep(200)
            }
        }
        threads.removeAll()
    }

    private static let wakeSignal = SIGURG

    private static func installWakeSignal() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0 // no SA_RESTART: the blocking ioctl must return EINTR
        sigaction(wakeSignal, &action, nil)
    }

    private func workerLoop() {
        // Files the supervisor creates for the guest get the guest's umask (applied by the
        // handlers), not the supervisor's: each worker has its own fs context with umask 0.
        _ = sh_thread_private_umask()
        var notif = seccomp_notif()
        var response = seccomp_notif_resp()
        while !stopping.load(ordering: .acquiring) {
            memset(&notif, 0, MemoryLayout<seccomp_notif>.size)
            let r = sh_seccomp_notif_recv(listener, &notif)
            if r < 0 {
                // EINTR: woken for shutdown or by a stray signal; ENOENT: the task died between
                // the kernel queuing and our receive. Anything else means the listener is gone.
                if r == -EINTR { continue }
                if r == -ENOENT {
                    // Also what RECV says once no task uses the filter any more: stop then,
                    // rather than spin until teardown.
                    var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                    if poll(&pfd, 1, 0) > 0 && pfd.revents & Int16(POLLHUP) != 0 { return }
                    continue
                }
                return
            }
            let id = notif.id
            let listenerFD = listener
            let memory = GuestMemory(tid: Int32(bitPattern: notif.pid)) {
                sh_seccomp_notif_id_valid(listenerFD, id) == 0
            }
            let a = notif.data.args
            let request = SyscallRequest(
                tid: Int32(bitPattern: notif.pid), number: notif.data.nr,
                args: (a.0, a.1, a.2, a.3, a.4, a.5),
                instructionPointer: notif.data.instruction_pointer, memory: memory)
            let reply = handler.handle(request)
            response = seccomp_notif_resp()
            response.id = id
            switch reply {
            case .value(let value):
                response.val = value
            case .error(let errno):
                response.error = -errno.rawValue
            case .continueCall:
                response.flags = sh_SECCOMP_USER_NOTIF_FLAG_CONTINUE
            case .installDescriptor(let fd, let closeOnExec):
                var addfd = seccomp_notif_addfd()
                addfd.id = id
                addfd.flags = sh_SECCOMP_ADDFD_FLAG_SEND
                addfd.srcfd = UInt32(bitPattern: fd)
                addfd.newfd_flags = closeOnExec ? UInt32(O_CLOEXEC) : 0
                // With SEND the kernel answers the call with the new descriptor number; an error
                // here (EMFILE, the task gone) is reported to the guest by the kernel or moot.
                let installed = sh_seccomp_notif_addfd(listener, &addfd)
                close(fd)
                if installed >= 0 || installed == -ENOENT { continue }
                response.error = installed
            case .abandoned:
                continue
            }
            // ENOENT here means the guest was interrupted or killed meanwhile: nothing to do.
            _ = sh_seccomp_notif_send(listener, &response)
        }
    }
}
