import CSafehouse
import Glibc
import SafehouseSystem
import Synchronization

/// How one program run by `LiveSandbox.exec` ended.
public enum ExecOutcome: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)
    case timedOut
    case programNotFound
    case programNotExecutable(Int32)
    /// The kernel's OOM killer ended it at its own memory limit (`ExecOptions.memoryBytes`).
    case outOfMemory(limitBytes: UInt64)
    /// The sandbox could not run it (the sandbox ended, too many programs at once, bad request).
    case failed(String)

    /// The exit status contract of `run`.
    public var exitCode: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        case .timedOut: return 124
        case .programNotFound: return 127
        case .programNotExecutable: return 126
        case .outOfMemory: return 128 + SIGKILL
        case .failed: return 125
        }
    }

    /// Why it ended, in one line, when that is not its own exit.
    public var reason: String? {
        switch self {
        case .timedOut: return "timed out: the program ran longer than --timeout and its process group was killed"
        case .outOfMemory(let limit):
            return "out of memory: the program and what it started reached --memory (\(limit) bytes) and the kernel killed it"
        default: return nil
        }
    }
}

/// What one program run by `LiveSandbox.exec` gets beyond its arguments: a controlling terminal,
/// and limits of its own below the sandbox's (nil: the sandbox's).
public struct ExecOptions: Sendable, Equatable {
    /// stdin is a terminal (a pty the caller made): it becomes the program's controlling terminal.
    public var tty = false
    public var openFiles: UInt64?
    public var fileSizeBytes: UInt64?
    public var cpuSeconds: UInt64?
    /// Memory of the program and everything it starts, together (a memory cgroup of its own).
    public var memoryBytes: UInt64?
    /// Tasks the program and everything it starts may have at once (a pids cgroup of its own).
    public var tasks: UInt64?
    public init(tty: Bool = false, openFiles: UInt64? = nil, fileSizeBytes: UInt64? = nil, cpuSeconds: UInt64? = nil,
                memoryBytes: UInt64? = nil, tasks: UInt64? = nil) {
        self.tty = tty
        self.openFiles = openFiles
        self.fileSizeBytes = fileSizeBytes
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.tasks = tasks
    }
}

/// A sandbox that lives (`Sandbox.serve`): programs are started in it one after another or at
/// once, each with descriptors of the caller's as stdin, stdout and stderr. They are children of
/// the sandbox's spawner, so each runs under the same filter, namespaces and limits as the first.
public final class LiveSandbox: @unchecked Sendable {
    /// Programs running at once, at most (the spawner's table).
    public static let maxRunning = 1024

    private let execFD: Int32
    /// A pidfd of the spawner: guests share its uid and can stop it (kill(-1, SIGSTOP)), so it is
    /// continued before each request, and a request it does not take up in time fails.
    private let spawner: Int32
    /// How long a request may wait for the spawner to start its program.
    static let startLimitNanoseconds: UInt64 = 10_000_000_000
    private let environment: [String]
    private let cwd: String
    private let stopSandbox: @Sendable () -> Void
    /// The sandbox's event stream: each program's end is recorded there (`exec` events).
    private let events: EventLog?
    /// The sandbox's own limits (its policy's): a program's options may lower them, never raise them.
    private let ceilings: ExecOptions
    /// The sandbox's memory and pids cgroups, parents of a program's own.
    private let cgroupParents: (memory: String?, pids: String?)
    /// Programs' cgroups something still runs in (a process left in the background).
    private let leftCgroups = Mutex<[ExecCgroups]>([])

    private final class Waiter: @unchecked Sendable {
        let wake = Wakeup()
        var outcome: ExecOutcome?
        var started = false
        /// CPU time of the program and what it waited for, in seconds, once it ended.
        var cpuSeconds: Double?
    }

    private struct State {
        var nextID: UInt32 = 1
        var waiting: [UInt32: Waiter] = [:]
        var ended = false
        var started = 0
        /// Processes and threads started in the sandbox, as the spawner last counted them.
        var tasksStarted: Int?
        /// CPU seconds of the programs that ended (and what they waited for).
        var cpuSeconds = 0.0
        var lastActivity = HostProcess.monotonicNanoseconds()
    }
    private let state = Mutex(State())
    private let sendLock = Mutex(())

    /// `execFD` stays the supervisor's: the live sandbox works on a duplicate of its own.
    init(execFD: Int32, initPid: Int32, environment: [String], cwd: String, ceilings: ExecOptions,
         cgroupParents: (memory: String?, pids: String?), events: EventLog?, stop: @escaping @Sendable () -> Void) {
        self.events = events
        self.ceilings = ceilings
        self.cgroupParents = cgroupParents
        self.execFD = fcntl(execFD, F_DUPFD_CLOEXEC, 3)
        let children = (try? HostFile.readString("/proc/\(initPid)/task/\(initPid)/children")) ?? ""
        spawner = children.split(separator: " ").first.flatMap { Int32($0) }.map { sh_pidfd_open_thread($0) } ?? -1
        self.environment = environment
        self.cwd = cwd
        self.stopSandbox = stop
        DetachedThread.start { [self] in readReplies() }
    }

    deinit {
        if execFD >= 0 { close(execFD) }
        if spawner >= 0 { close(spawner) }
    }

    /// Programs started so far, and running now.
    public var started: Int { state.withLock { $0.started } }
    public var running: Int { state.withLock { $0.waiting.count } }
    /// Processes and threads started in the sandbox so far (counted when a program ends).
    public var tasksStarted: Int? { state.withLock { $0.tasksStarted } }
    /// CPU seconds of the programs that ended, and of the processes they waited for.
    public var cpuSeconds: Double { state.withLock { $0.cpuSeconds } }
    /// Nanoseconds (monotonic) since nothing ran, or 0 while something runs.
    public var idleNanoseconds: UInt64 {
        state.withLock { $0.waiting.isEmpty ? HostProcess.monotonicNanoseconds() - $0.lastActivity : 0 }
    }

    /// Ends the sandbox: every process of it, at once.
    public func stop() { stopSandbox() }

    /// Removes the programs' cgroups left behind; once the sandbox's processes are gone, before the
    /// sandbox's own cgroups (their parents) are removed.
    func removeCgroups() {
        for cgroups in leftCgroups.withLock({ $0 }) { cgroups.destroy() }
        leftCgroups.withLock { $0 = [] }
    }

    /// Runs `arguments` (the program and its arguments; a bare name is searched in PATH) with
    /// `stdio` as its stdin, stdout and stderr, and waits for it. `environment` entries
    /// (`NAME=VALUE`) replace or add to the policy's; `cwd` defaults to the policy's.
    /// A running program, for `signal(_:_:)` from another thread while `exec` waits.
    public final class Job: @unchecked Sendable {
        fileprivate let id = Mutex<UInt32?>(nil)
        public init() {}
    }

    /// Sends `signal` to the process group of `job` (nothing if it has not started or has ended).
    public func signal(_ job: Job, _ signal: Int32) {
        resumeSpawner()
        if let id = job.id.withLock({ $0 }) { self.signal(id, signal) }
    }

    public func exec(_ arguments: [String], environment extra: [String] = [], cwd: String? = nil,
                     stdio: (Int32, Int32, Int32), timeout: Double? = nil, options: ExecOptions = ExecOptions(),
                     job: Job = Job()) -> ExecOutcome {
        guard !arguments.isEmpty, !arguments[0].isEmpty else { return .failed("no program given") }
        for (name, wanted, ceiling) in [("open files", options.openFiles, ceilings.openFiles),
                                        ("file size", options.fileSizeBytes, ceilings.fileSizeBytes),
                                        ("CPU seconds", options.cpuSeconds, ceilings.cpuSeconds),
                                        ("memory", options.memoryBytes, ceilings.memoryBytes),
                                        ("task", options.tasks, ceilings.tasks)] {
            if let wanted, let ceiling, wanted > ceiling {
                return .failed("the \(name) limit \(wanted) is above the sandbox's (\(ceiling))")
            }
        }
        var cgroups: ExecCgroups?
        if options.memoryBytes != nil || options.tasks != nil {
            let tasks = options.tasks.flatMap { Int(exactly: $0) }
            if options.tasks != nil && tasks == nil { return .failed("the task limit \(options.tasks!) is out of range") }
            do {
                cgroups = try ExecCgroups(name: "exec-\(getpid())-\(UInt64.random(in: 0...UInt64.max))",
                                          memoryBytes: options.memoryBytes, tasks: tasks,
                                          memoryParent: cgroupParents.memory, pidsParent: cgroupParents.pids)
            } catch {
                return .failed("a memory or task limit of one program needs a writable cgroup v1 memory or pids controller, which this host does not offer (\(error)); limits for the whole sandbox are set at create")
            }
        }
        var environment = self.environment
        for entry in extra {
            let name = entry.prefix { $0 != "=" }
            environment.removeAll { $0.prefix { $0 != "=" } == name }
            environment.append(entry)
        }
        let fields = [cwd ?? self.cwd] + arguments + environment
        guard !fields.contains(where: { $0.utf8.contains(0) }) else { return .failed("a NUL byte in an argument") }
        var payload: [UInt8] = []
        for field in fields { payload += Array(field.utf8) + [0] }
        guard payload.count <= Int(SH_EXEC_PAYLOAD_MAX) else { return .failed("arguments and environment exceed 256 KiB") }

        let waiter = Waiter()
        guard waiter.wake.fd >= 0 else { return .failed("no descriptor for the waiter: \(Errno.current)") }
        let id: UInt32? = state.withLock { state in
            guard !state.ended, state.waiting.count < LiveSandbox.maxRunning else { return nil }
            let id = state.nextID
            state.nextID &+= 1
            state.waiting[id] = waiter
            state.started += 1
            return id
        }
        guard let id else { return .failed("the sandbox has ended or runs too many programs") }
        job.id.withLock { $0 = id }
        defer { job.id.withLock { $0 = nil } }
        let keep = UInt64.max  // SH_LIMIT_KEEP
        let joins = cgroups?.joinDescriptors ?? []
        var request = sh_exec_request(kind: Int32(SH_EXEC_RUN.rawValue), id: id, argc: UInt32(arguments.count),
                                      envc: UInt32(environment.count), payload_len: UInt32(payload.count), signal: 0,
                                      flags: options.tty ? UInt32(SH_EXEC_TTY.rawValue) : 0, cgroups: UInt32(joins.count),
                                      open_files: options.openFiles ?? keep, file_size: options.fileSizeBytes ?? keep,
                                      cpu_seconds: options.cpuSeconds ?? keep)
        let fds = [stdio.0, stdio.1, stdio.2] + joins
        resumeSpawner()
        let sent = sendLock.withLock { _ in
            payload.withUnsafeBytes { bytes in fds.withUnsafeBufferPointer { sh_send_exec(execFD, &request, bytes.baseAddress, $0.baseAddress) } }
        }
        cgroups?.joined()
        if sent < 0 {
            finish(id, .failed("the sandbox's spawner is gone: \(Errno(-sent))"))
        }
        let begun = HostProcess.monotonicNanoseconds()
        let deadline = timeout.map { begun + UInt64($0 * 1e9) }
        var timedOut = false
        while true {
            var pfd = pollfd(fd: waiter.wake.fd, events: Int16(POLLIN), revents: 0)
            var wait: Int32 = 500
            if let deadline, !timedOut {
                let now = HostProcess.monotonicNanoseconds()
                wait = now >= deadline ? 0 : Int32(min((deadline - now) / 1_000_000 + 1, 500))
            }
            let n = poll(&pfd, 1, wait)
            if n > 0, let outcome = state.withLock({ _ in waiter.outcome }) {
                var result: ExecOutcome = timedOut ? .timedOut : outcome
                if let cgroups {
                    if outcome == .signaled(SIGKILL), cgroups.oomKills > 0, let limit = options.memoryBytes {
                        result = .outOfMemory(limitBytes: limit)
                    }
                    if !cgroups.removeIfEmpty() { leftCgroups.withLock { $0.append(cgroups) } }
                }
                record(arguments, result, cpuSeconds: state.withLock { _ in waiter.cpuSeconds })
                return result
            }
            let now = HostProcess.monotonicNanoseconds()
            // A stopped spawner neither starts programs nor reports their end.
            resumeSpawner()
            if !state.withLock({ _ in waiter.started }) {
                if now - begun >= LiveSandbox.startLimitNanoseconds {
                    finish(id, .failed("the sandbox's spawner did not take the request (a program of the sandbox stopped or killed it)"))
                }
            } else if let deadline, now >= deadline, !timedOut {
                // The whole job (its process group) ends; its end is then reported as a timeout.
                timedOut = true
                signal(id, SIGKILL)
            }
        }
    }

    /// An `exec` event: the program, how it ended (the exit status contract), its CPU time.
    private func record(_ arguments: [String], _ outcome: ExecOutcome, cpuSeconds: Double?) {
        guard let events else { return }
        var fields = [("command", "[" + arguments.map(JSON.quote).joined(separator: ",") + "]"),
                      ("status", String(outcome.exitCode))]
        if case .failed(let why) = outcome { fields.append(("reason", JSON.quote(why))) }
        if case .timedOut = outcome { fields.append(("reason", JSON.quote("timeout"))) }
        if let cpuSeconds { fields.append(("cpu_seconds", String(cpuSeconds))) }
        events.lifecycle("exec", fields)
    }

    private func resumeSpawner() {
        if spawner >= 0 { _ = sh_pidfd_send_signal(spawner, SIGCONT) }
    }

    /// Sends `signal` to the process group of running request `id`.
    private func signal(_ id: UInt32, _ signal: Int32) {
        var request = sh_exec_request(kind: Int32(SH_EXEC_SIGNAL.rawValue), id: id, argc: 0, envc: 0, payload_len: 0,
                                      signal: signal, flags: 0, cgroups: 0, open_files: 0, file_size: 0, cpu_seconds: 0)
        _ = sendLock.withLock { _ in sh_send_exec(execFD, &request, nil, nil) }
    }

    private func finish(_ id: UInt32, _ outcome: ExecOutcome) {
        let waiter: Waiter? = state.withLock { state in
            guard let waiter = state.waiting.removeValue(forKey: id) else { return nil }
            waiter.outcome = outcome
            state.lastActivity = HostProcess.monotonicNanoseconds()
            return waiter
        }
        waiter?.wake.signal()
    }

    /// The spawner's replies, routed to the waiting calls; at its end every waiting call fails.
    private func readReplies() {
        while true {
            var message = sh_msg()
            var fd: Int32 = -1
            let r = sh_recv_msg(execFD, &message, &fd)
            if fd >= 0 { close(fd) }
            if r <= 0 { break }
            let id = UInt32(bitPattern: message.index)
            switch Int32(message.type) {
            case Int32(SH_MSG_EXEC_DONE.rawValue):
                let status = message.status
                state.withLock { state in
                    state.waiting[id]?.cpuSeconds = Double(message.err) / 1000
                    state.cpuSeconds += Double(message.err) / 1000
                }
                finish(id, status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f))
            case Int32(SH_MSG_EXEC_REFUSED.rawValue):
                let e = message.err
                finish(id, e == SH_EXEC_CGROUP_FAILED ? .failed("the program could not join its cgroups")
                       : e == ENOENT || e == ENOTDIR ? .programNotFound
                       : (e == EACCES || e == ENOEXEC || e == EISDIR || e == EPERM) ? .programNotExecutable(e)
                       : .failed("starting the program: \(Errno(e))"))
            case Int32(SH_MSG_TASKS_STARTED.rawValue):
                if message.stage >= 0 { state.withLock { $0.tasksStarted = Int(message.stage) } }
            case Int32(SH_MSG_EXEC_STARTED.rawValue):
                state.withLock { $0.waiting[id]?.started = true }
            default:
                break
            }
        }
        let waiting: [UInt32] = state.withLock { state in
            state.ended = true
            return Array(state.waiting.keys)
        }
        for id in waiting { finish(id, .failed("the sandbox ended")) }
    }
}
