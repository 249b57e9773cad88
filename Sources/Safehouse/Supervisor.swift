import CSafehouse
import Glibc
import SafehouseABI
import SafehouseKernel
import SafehousePlatform
import SafehouseSystem

/// The sandbox's init process as the supervisor holds it.
struct LaunchedChild {
    let pid: Int32
    let pidfd: Int32
    let control: Int32
    let steps: [MountStep]
    /// Spawner mode: the exec channel to the sandbox's spawner; -1 otherwise.
    let execFD: Int32
}

/// Runs one launched sandbox to its end: takes the seccomp listener, serves notifications,
/// enforces the timeout, and maps how the guest ended.
final class Supervisor {
    private let child: LaunchedChild
    /// Builds the dispatcher once the sandbox's root exists (the VFS opens its zones there).
    private let makeDispatcher: (LaunchedChild) throws(SandboxError) -> Dispatcher
    private let signalFD: Int32
    private let deadline: UInt64?
    private let filter: [sock_filter]
    private let cgroup: Cgroup?
    /// The sandbox's controller cgroups (memory, CPU) that init joins before the guest starts.
    private let controllers: [SandboxControllerCgroup]
    private let taskLimit: Int?
    private var platform: UnotifyPlatform?
    private var execError: Int32?
    private let creator: (uid: UInt32, gid: UInt32)?

    /// `taskLimit` counts the sandbox's init too.
    /// `creator`: the host identity the workers create the guest's files as (nil: the supervisor's
    /// own, when it is that identity already or creates no files: no VFS without namespaces).
    init(child: LaunchedChild, makeDispatcher: @escaping (LaunchedChild) throws(SandboxError) -> Dispatcher,
         signalFD: Int32, timeout: Double?,
         filter: [sock_filter], cgroup: Cgroup?, controllers: [SandboxControllerCgroup], taskLimit: Int?, creator: (uid: UInt32, gid: UInt32)?) {
        self.creator = creator
        self.filter = filter
        self.child = child
        self.makeDispatcher = makeDispatcher
        self.signalFD = signalFD
        self.cgroup = cgroup
        self.controllers = controllers
        self.taskLimit = taskLimit
        self.deadline = timeout.map { HostProcess.monotonicNanoseconds() + UInt64($0 * 1e9) }
    }

    /// Signalled to end the sandbox from another thread (the kill switch of a live sandbox): the
    /// supervisor kills every process of it and `run` returns `.killed`.
    let stopSwitch = Wakeup()
    /// Called once the guest side runs (the listener is served): for a spawner, when exec may start.
    var onReady: (() -> Void)?

    deinit {
        close(child.control)
        close(child.pidfd)
        if child.execFD >= 0 { close(child.execFD) }
    }

    func run(trace: inout StartupTrace) throws(SandboxError) -> Termination {
        defer {
            platform?.stop()
            trace.mark("teardown")
        }
        do {
            try release()
            trace.mark("cgroup placement")
            let termination = try serve()
            trace.mark("guest ran")
            reap()
            return termination
        } catch {
            killSandbox()
            reap()
            throw error
        }
    }

    /// Places init in the cgroup, then sends the filter, which lets init start the guest.
    private func release() throws(SandboxError) {
        for controller in controllers {
            do { try controller.add(pid: child.pid) } catch {
                throw SandboxError("placing the sandbox in its cgroup \(controller.path): \(error)")
            }
        }
        if let cgroup {
            do {
                if let taskLimit { try cgroup.limitTasks(taskLimit) }
                try cgroup.add(pid: child.pid)
            } catch {
                throw SandboxError("placing the sandbox in its cgroup \(cgroup.path): \(error)")
            }
        }
        let size = filter.count * MemoryLayout<sock_filter>.stride
        let sent = filter.withUnsafeBytes { send(child.control, $0.baseAddress, size, Int32(MSG_NOSIGNAL)) }
        guard sent == size else {
            let error = Errno.current
            _ = try receive()   // init usually left a setup failure message saying why
            throw SandboxError("the sandbox init died before starting the guest: \(error)")
        }
    }

    private func serve() throws(SandboxError) -> Termination {
        while true {
            var fds = [pollfd(fd: child.control, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signalFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stopSwitch.fd, events: Int16(POLLIN), revents: 0)]
            var timeout: Int32 = -1
            if let deadline {
                let now = HostProcess.monotonicNanoseconds()
                if now >= deadline {
                    killSandbox()
                    return .timedOut
                }
                timeout = Int32(min((deadline - now) / 1_000_000 + 1, UInt64(Int32.max)))
            }
            let n = poll(&fds, nfds_t(fds.count), timeout)
            if n < 0 {
                if errno == EINTR { continue }
                throw SandboxError("poll: \(Errno.current)")
            }
            if n == 0 { continue }
            if fds[2].revents != 0 {
                killSandbox()
                return .killed(by: SIGKILL)
            }
            if fds[1].revents != 0 {
                var info = signalfd_siginfo()
                _ = read(signalFD, &info, MemoryLayout<signalfd_siginfo>.size)
                killSandbox()
                return .killed(by: Int32(info.ssi_signo))
            }
            if fds[0].revents != 0, let termination = try receive() {
                return termination
            }
        }
    }

    /// Handles one message from init; returns a termination when the guest has ended.
    private func receive() throws(SandboxError) -> Termination? {
        var message = sh_msg()
        var fd: Int32 = -1
        let r = sh_recv_msg(child.control, &message, &fd)
        if r < 0 { throw SandboxError("reading from the sandbox init: \(Errno(-r))") }
        if r == 0 {
            // init ended without reporting the guest (killed from outside, OOM): its status says.
            return initStatus()
        }
        switch Int32(message.type) {
        case Int32(SH_MSG_LISTENER.rawValue):
            guard fd >= 0 else { throw SandboxError("sandbox init sent no seccomp listener") }
            let listener = FileDescriptor(adopting: fd)
            // The guest is forked, so its root is complete; its first trapped call waits for us.
            let dispatcher = try makeDispatcher(child)
            let platform = UnotifyPlatform(listener: listener, handler: dispatcher, workers: 2, creator: creator)
            guard platform.start() else {
                throw SandboxError("the supervisor cannot create files as the guest's host identity (setfsuid with SECBIT_NO_SETUID_FIXUP was refused); refusing to run rather than create them as root")
            }
            self.platform = platform
            // init waits for this before it makes itself non-dumpable and lets the guest exec.
            var opened: UInt8 = 1
            guard send(child.control, &opened, 1, Int32(MSG_NOSIGNAL)) == 1 else {
                throw SandboxError("the sandbox init died before starting the guest: \(Errno.current)")
            }
            onReady?()
        case Int32(SH_MSG_SETUP_FAILED.rawValue):
            if fd >= 0 { close(fd) }
            var what = String(cString: sh_stage_name(message.stage))
            if message.stage == Int32(SH_STAGE_MOUNT.rawValue), message.index >= 0, Int(message.index) < child.steps.count {
                what += " at \(child.steps[Int(message.index)].target)"
            }
            var hint = ""
            if message.stage == Int32(SH_STAGE_MOUNT.rawValue), message.err == EACCES, let creator,
               message.index >= 0, Int(message.index) < child.steps.count, let source = child.steps[Int(message.index)].source {
                // Init builds the root as the guest's unprivileged host identity, not as root.
                hint = " (the sandbox's unprivileged host identity, uid \(creator.uid), must be able to reach \(source): make the directories above it searchable, e.g. chmod o+x)"
            }
            throw SandboxError("sandbox setup failed while \(what): \(Errno(message.err))\(hint)")
        case Int32(SH_MSG_EXEC_FAILED.rawValue):
            execError = message.err
        case Int32(SH_MSG_EXITED.rawValue):
            tasksStarted = message.stage >= 0 ? Int(message.stage) : nil
            if let execError {
                return execError == ENOENT || execError == ENOTDIR
                    ? .programNotFound : .programNotExecutable(LinuxErrno(rawValue: execError))
            }
            let status = message.status
            if status & 0x7f == 0 { return .exited((status >> 8) & 0xff) }
            return .signaled(status & 0x7f)
        default:
            throw SandboxError("unexpected message \(message.type) from the sandbox init")
        }
        return nil
    }

    private func initStatus() -> Termination {
        var info = siginfo_t()
        if waitid(idtype_t(rawValue: 3) /* P_PIDFD */, id_t(child.pidfd), &info, WEXITED) == 0 {
            if info.si_code == CLD_EXITED {
                return .exited(info._sifields._sigchld.si_status)
            }
            return .signaled(info._sifields._sigchld.si_status)
        }
        return .signaled(SIGKILL)
    }

    /// Ends everything: killing init tears down the PID namespace (and with it every guest process).
    private func killSandbox() {
        try? HostProcess.signal(pidfd: child.pidfd, SIGKILL)
    }

    /// Processes and threads the guest started, as init counted them when the guest ended.
    private(set) var tasksStarted: Int?

    /// CPU time of every process of the sandbox, in seconds: init's own and its reaped
    /// descendants' (read from its /proc entry once it has exited, before it is reaped).
    private(set) var cpuSeconds: Double?

    private func reap() {
        var info = siginfo_t()
        _ = waitid(idtype_t(rawValue: 3), id_t(child.pidfd), &info, WEXITED | WNOWAIT)
        if let stat = try? HostFile.readString("/proc/\(child.pid)/stat"), let end = stat.lastIndex(of: ")") {
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            if fields.count > 14 {
                let ticks = fields[11...14].compactMap { Double($0) }.reduce(0, +)
                cpuSeconds = ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
            }
        }
        _ = waitid(idtype_t(rawValue: 3), id_t(child.pidfd), &info, WEXITED)
    }
}
