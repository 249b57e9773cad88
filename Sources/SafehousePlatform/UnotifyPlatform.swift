import CSafehouse
import Glibc
import SafehouseABI
import SafehouseCore
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
    private let workersReady = Atomic<Int>(0)
    private let creatorFailed = Atomic<Bool>(false)
    /// The host identity that owns what workers create for the guest (nil: the supervisor's own).
    private let creator: (uid: UInt32, gid: UInt32)?
    /// Calls answered by threads of their own (`SyscallReply.deferred`), by notification id.
    private let deferred = Mutex<DeferredCalls>(DeferredCalls())
    /// At most this many calls wait at once; more are refused (each is a guest thread blocked in a
    /// call, so the sandbox's task limit bounds them long before this).
    static let maxDeferred = 256

    struct Waiting {
        let call: DeferredCall
        let tid: Int32
        var cancelled = false
        /// A signal arrived for the guest: the call is answered ERESTARTSYS, whatever `run` returns.
        var interrupted = false
    }

    struct DeferredCalls {
        var calls: [UInt64: Waiting] = [:]
        var threads = 0
        var monitorRunning = false
    }

    /// Takes ownership of `listener`.
    public init(listener: consuming FileDescriptor, handler: any SyscallHandling, workers: Int = 2,
                creator: (uid: UInt32, gid: UInt32)? = nil) {
        self.listener = listener.release()
        self.handler = handler
        self.workerCount = max(1, workers)
        self.creator = creator
    }

    deinit { close(listener) }

    /// Starts the workers. False (and no workers left running) when they cannot take the creator
    /// identity: the sandbox must not run rather than create the guest's files as root.
    public func start() -> Bool {
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
        // Each worker reports whether it took the creator identity before it serves anything.
        for _ in 0..<10_000 where workersReady.load(ordering: .acquiring) < threads.count { usleep(100) }
        if creatorFailed.load(ordering: .acquiring) || threads.isEmpty {
            stop()
            return false
        }
        return true
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
        // The guest is gone by now: unblock every deferred call and wait (briefly) for its thread.
        deferred.withLock { state in
            for (id, entry) in state.calls where !entry.cancelled {
                entry.call.cancel()
                state.calls[id]?.cancelled = true
            }
        }
        for _ in 0..<1000 where deferred.withLock({ $0.threads > 0 || $0.monitorRunning }) { usleep(1000) }
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
        let identityTaken = actAsCreator()
        if !identityTaken { creatorFailed.store(true, ordering: .releasing) }
        workersReady.add(1, ordering: .acquiringAndReleasing)
        if !identityTaken { return }
        var notif = seccomp_notif()
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
            answer(id, tid: request.tid, handler.handle(request))
        }
    }

    /// Makes this thread create files as the creator identity; false when the kernel refuses.
    @discardableResult
    private func actAsCreator() -> Bool {
        guard let creator else { return true }
        return sh_thread_create_as(creator.uid, creator.gid) == 0
    }

    /// Sends the reply for notification `id`.
    private func answer(_ id: UInt64, tid: Int32, _ reply: SyscallReply) {
        var response = seccomp_notif_resp()
        response.id = id
        switch reply {
        case .value(let value):
            response.val = value
        case .error(let errno):
            response.error = -errno.rawValue
        case .continueCall:
            response.flags = sh_SECCOMP_USER_NOTIF_FLAG_CONTINUE
        case .installDescriptor(let fd, let closeOnExec):
            // Installed, our copy closed, then the answer: the guest must never run on while we
            // still hold its object, or its close is not the last one. A FIFO counts its open
            // ends (a write open would find a reader that is not there); a flock or OFD lock
            // outlives the guest's close (another process's LOCK_NB fails); a file written and
            // closed is still open for writing (execve of it: ETXTBSY); inotify's IN_CLOSE_* and
            // a parent's IN_DELETE_SELF come late, after later events. Not ADDFD_FLAG_SEND, which
            // answers at once (the guest may run before our close): that costs one more switch
            // to the guest (~6 µs per open, Docs/perf.md); with WAIT_KILLABLE_RECV nothing but a
            // fatal signal can come between the two calls.
            var addfd = seccomp_notif_addfd()
            addfd.id = id
            addfd.srcfd = UInt32(bitPattern: fd)
            addfd.newfd_flags = closeOnExec ? UInt32(O_CLOEXEC) : 0
            let installed = sh_seccomp_notif_addfd(listener, &addfd)
            close(fd)
            if installed == -ENOENT { return }
            if installed < 0 { response.error = installed } else { response.val = Int64(installed) }
        case .replaceDescriptor(let fd, let guestFD, let closeOnExec, let result):
            var addfd = seccomp_notif_addfd()
            addfd.id = id
            addfd.flags = sh_SECCOMP_ADDFD_FLAG_SETFD
            addfd.srcfd = UInt32(bitPattern: fd)
            addfd.newfd = UInt32(bitPattern: guestFD)
            addfd.newfd_flags = closeOnExec ? UInt32(O_CLOEXEC) : 0
            let installed = sh_seccomp_notif_addfd(listener, &addfd)
            close(fd)
            if installed == -ENOENT { return }
            if installed < 0 {
                response.error = installed
            } else if result < 0 {
                response.error = Int32(truncatingIfNeeded: result)
            } else {
                response.val = result
            }
        case .abandoned:
            return
        case .deferred(let call):
            if startDeferred(id, tid: tid, call) { return }
            response.error = -EAGAIN
        }
        // ENOENT here means the guest was interrupted or killed meanwhile: nothing to do.
        _ = sh_seccomp_notif_send(listener, &response)
    }

    // MARK: deferred calls

    /// Runs `call` on a thread of its own, which answers `id` when it returns. False when too many
    /// calls already wait.
    private func startDeferred(_ id: UInt64, tid: Int32, _ call: DeferredCall) -> Bool {
        let startMonitor: Bool? = deferred.withLock { state in
            if state.calls.count >= UnotifyPlatform.maxDeferred || stopping.load(ordering: .acquiring) { return nil }
            state.calls[id] = Waiting(call: call, tid: tid)
            state.threads += 1
            defer { state.monitorRunning = true }
            return !state.monitorRunning
        }
        guard let startMonitor else { return false }
        if startMonitor && !spawn({ $0.monitorLoop() }) {
            deferred.withLock { $0.monitorRunning = false }
        }
        let started = spawn { platform in
            platform.actAsCreator()
            var reply = call.run()
            let interrupted = platform.deferred.withLock { $0.calls.removeValue(forKey: id)?.interrupted ?? false }
            if interrupted {
                // The kernel turns ERESTARTSYS into EINTR, or re-runs the call under SA_RESTART.
                if let fd = DeferredCall.descriptor(of: reply) { close(fd) }
                reply = .error(call.restartable ? LinuxErrno(rawValue: 512 /* ERESTARTSYS */) : .EINTR)
            }
            platform.answer(id, tid: tid, reply)
            platform.deferred.withLock { $0.threads -= 1 }
        }
        if !started {
            deferred.withLock { state in
                state.calls[id] = nil
                state.threads -= 1
            }
            return false
        }
        return true
    }

    /// Watches the waiting calls: one whose guest died is cancelled, and one whose guest has a
    /// signal to take is interrupted, as Linux interrupts a blocking call (WAIT_KILLABLE_RECV keeps
    /// the guest waiting for our answer, so the supervisor looks at its pending signals itself).
    private func monitorLoop() {
        while true {
            let waiting: [(UInt64, Int32)]? = deferred.withLock { state in
                if state.calls.isEmpty || stopping.load(ordering: .acquiring) {
                    state.monitorRunning = false
                    return nil
                }
                return state.calls.filter { !$0.value.cancelled }.map { ($0.key, $0.value.tid) }
            }
            guard let waiting else { return }
            for (id, tid) in waiting {
                let gone = sh_seccomp_notif_id_valid(listener, id) != 0
                guard gone || HostProcess.hasDeliverableSignal(tid: tid) else { continue }
                let call: DeferredCall? = deferred.withLock { state in
                    guard let entry = state.calls[id], !entry.cancelled else { return nil }
                    state.calls[id]?.cancelled = true
                    state.calls[id]?.interrupted = !gone
                    return entry.call
                }
                call?.cancel()
            }
            // 5 ms between looks while few calls wait; with many, up to 50 ms, so a guest holding
            // many waiting calls cannot make the watching itself a load on the host.
            usleep(UInt32(min(50_000, 5_000 * max(1, waiting.count / 8))))
        }
    }

    /// Starts a detached thread running `body`.
    private func spawn(_ body: @escaping @Sendable (UnotifyPlatform) -> Void) -> Bool {
        DetachedThread.start { [self] in body(self) }
    }
}
