import CSafehouse
import Glibc
import Logging
import SafehouseABI
import SafehouseKernel
import Synchronization
import SafehouseNetwork
import SafehousePlatform
import SafehousePolicy
import SafehouseSystem
import SafehouseVFS

/// Which kernel walls a sandbox actually runs behind.
public struct WallReport: Sendable, CustomStringConvertible {
    public let namespaces: Bool
    public let landlockABI: Int
    public let seccomp: Bool

    public var description: String {
        if namespaces { return "namespaces(user,pid,mount,net,ipc,uts)+seccomp" }
        return landlockABI > 0 ? "landlock(abi \(landlockABI))+seccomp, no namespaces" : "seccomp only, no namespaces"
    }
}

/// How the guest ended.
public enum Termination: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)
    case timedOut
    /// The supervisor was told to stop (signal to the supervisor, kill switch).
    case killed(by: Int32)
    case programNotFound
    case programNotExecutable(LinuxErrno)
    /// The kernel's OOM killer ended the program: the sandbox's processes together reached
    /// `limits.memory` (the memory cgroup's limit).
    case outOfMemory(limitBytes: UInt64)

    /// The CLI exit status contract.
    public var exitCode: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal), .killed(let signal): return 128 + signal
        case .timedOut: return 124
        case .programNotFound: return 127
        case .programNotExecutable: return 126
        case .outOfMemory: return 128 + SIGKILL
        }
    }
}

public struct SandboxResult: Sendable {
    public let termination: Termination
    public let walls: WallReport
    public var usage = SandboxUsage()
}

/// One sandboxed run: build the root and filter from the policy, launch, supervise, tear down.
public final class Sandbox {
    public let policy: Policy
    public let command: [String]
    /// Called once the walls are known (e.g. to warn that the sandbox runs degraded).
    public var onWalls: ((WallReport) -> Void)?
    /// Spawner mode (`start`): the guest runs no program of its own but every one `exec` asks for.
    private var spawner = false
    /// limits.memory as RLIMIT_AS of each process: where there is no memory cgroup.
    private var memoryByRlimit = true
    /// Diagnostics about the sandbox itself (start-up phases at debug level), never guest data.
    public var logger = Logger(label: "safehouse")

    public init(policy: Policy, command: [String]) {
        self.policy = policy
        self.command = command
    }

    /// A sandbox that lives: it starts with no program and runs each one `LiveSandbox.exec` asks
    /// for, until `LiveSandbox.stop()` (or its timeout, or a signal to this process). `ready` is
    /// called on another thread once execs may start; this call returns when the sandbox ends.
    public func serve(ready: @escaping @Sendable (LiveSandbox) -> Void) throws(SandboxError) -> SandboxResult {
        spawner = true
        defer { spawner = false }
        return try run(ready: ready)
    }

    public func run() throws(SandboxError) -> SandboxResult {
        try run(ready: nil)
    }

    private func run(ready: (@Sendable (LiveSandbox) -> Void)?) throws(SandboxError) -> SandboxResult {
        var trace = StartupTrace(logger: logger)
        let program = spawner ? "/" : (command.first ?? "")
        guard !program.isEmpty else { throw SandboxError("no program given") }
        if let cpus = policy.limits.cpus, !(1...CPUAffinity.supervisorCPUs().count).contains(cpus) {
            throw SandboxError("limits.cpus = \(cpus): must be between 1 and \(CPUAffinity.supervisorCPUs().count), the CPUs this process may run on")
        }
        guard Dispatcher.missingHandlers().isEmpty else {
            throw SandboxError("syscall table emulates \(Dispatcher.missingHandlers()) without a handler")
        }
        let events = try policy.eventsFile.map { path throws(SandboxError) in try EventLog(path: path) }
        let landlockABI = max(0, Int(sh_landlock_abi()))
        let host = HostProcess.hostUname()
        // WAIT_KILLABLE_RECV (5.19): a signal cannot make the guest re-run a call we are handling.
        let seccompFlags = KernelFeatures.release(host.release, isAtLeast: 5, 19)
            ? sh_SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV : 0

        // Signals to the supervisor become the kill switch; workers inherit the blocked mask.
        var signals = sigset_t()
        sigemptyset(&signals)
        for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, s) }
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &signals, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }
        let signalFD = signalfd(-1, &signals, Int32(SFD_CLOEXEC))
        defer { if signalFD >= 0 { close(signalFD) } }
        signal(SIGPIPE, SIG_IGN)

        // One memory limit for all the sandbox's processes together: a memory cgroup where the host
        // has a writable memory controller, else RLIMIT_AS per process (Docs/policy.md).
        let memory = policy.limits.memoryBytes.flatMap { bytes in
            try? MemoryCgroup.create(name: "safehouse-\(getpid())-\(SandboxRegistry.newID())", limitBytes: bytes)
        }
        defer { memory?.destroy() }
        memoryByRlimit = memory == nil
        // A CPU quota has no fallback: without a cpu controller it is refused, not ignored.
        var cpu: CPUCgroup?
        if let cpus = policy.limits.cpuQuota {
            do { cpu = try CPUCgroup.create(name: "safehouse-\(getpid())-\(SandboxRegistry.newID())", cpus: cpus) } catch {
                throw SandboxError("cannot enforce limits.cpu_quota: no writable cpu cgroup controller here (\(error)); `safehouse doctor` says which limits this host can enforce")
            }
        }
        defer { cpu?.destroy() }
        var launched = policy.walls.namespaces == .off ? nil
            : try launch(program: program, namespaces: true, landlockABI: landlockABI, seccompFlags: seccompFlags)
        if launched == nil {
            guard policy.walls.namespaces != .required else {
                throw SandboxError("user namespaces are unavailable on this host and the policy requires them (walls.namespaces = \"required\")")
            }
            // Without the user and mount namespaces the guest's host AF_UNIX connects and O_PATH
            // opens reach the host unmediated (Docs/walls.md): only by the policy's explicit consent.
            guard policy.walls.allowDegraded else {
                let why = policy.walls.namespaces == .off ? "walls.namespaces = \"off\" leaves out" : "this host cannot create"
                throw SandboxError("\(why) the user and mount namespace walls; refusing to run degraded, where host AF_UNIX sockets and O_PATH opens are not mediated (set walls.allow_degraded = true or pass --allow-degraded to accept; Docs/walls.md)")
            }
            launched = try launch(program: program, namespaces: false, landlockABI: landlockABI, seccompFlags: seccompFlags)
        }
        guard let (child, walls) = launched else { throw SandboxError("could not start the sandbox") }
        trace.mark("mount plan and clone")
        onWalls?(walls)
        events?.lifecycle("start", [("walls", JSON.quote(walls.description)),
                                    ("command", "[" + command.map(JSON.quote).joined(separator: ",") + "]")])
        let identity = SandboxIdentity(hostname: policy.hostname, kernelRelease: host.release,
                                       kernelVersion: host.version, machine: host.machine)
        let policy = self.policy
        let broker = Mutex<NetworkBroker?>(nil)
        defer { broker.withLock { $0?.stop() } }
        // Kept to the end: the zones' descriptors say how much each writable zone holds then.
        let zones = Mutex<[HostZone]>([])
        let makeDispatcher = { (child: LaunchedChild) throws(SandboxError) -> Dispatcher in
            let fileSystem = walls.namespaces ? try Sandbox.fileSystem(policy: policy, child: child, identity: identity) : nil
            zones.withLock { $0 = fileSystem?.resolver.table.zones ?? [] }
            let network = fileSystem == nil ? nil : try Sandbox.networkBroker(policy: policy, child: child, events: events)

            broker.withLock { $0 = network }
            let kernel = Kernel(identity: identity, hasNetworkNamespace: walls.namespaces, fileSystem: fileSystem,
                                cpus: fileSystem == nil ? nil : sandboxCPUs(policy: policy), network: network)
            return Dispatcher(kernel: kernel, events: events)
        }
        // A cgroup enforces the task limit whatever uid the guest maps to, and without a PID
        // namespace it is how teardown finds tasks that left the process group. Attaching to a
        // v1 cgroup costs milliseconds, so it is only made when one of those needs it.
        let needsCgroup = policy.limits.pids != nil || !walls.namespaces
        let cgroup = needsCgroup ? try? Cgroup.create(name: "safehouse-\(child.pid)") : nil
        defer { cgroup?.destroy() }
        if cgroup == nil, policy.limits.pids != nil, geteuid() == 0, walls.namespaces {
            try? HostProcess.signal(pidfd: child.pidfd, SIGKILL)
            throw SandboxError("cannot enforce the task limit: no writable pids cgroup (RLIMIT_NPROC does not bind guests mapped to host root)")
        }
        // Compiled from the table at build time (safehouse-filtergen; a test keeps it current).
        // It is sent to init, which waits for it before forking the guest.
        let filter = SeccompProgram.instructions(hasNetworkNamespace: walls.namespaces)
        trace.mark("cgroup")
        let supervisor = Supervisor(child: child, makeDispatcher: makeDispatcher,
                                    signalFD: signalFD, timeout: policy.limits.timeoutSeconds,
                                    filter: filter, cgroup: cgroup,
                                    controllers: [memory as SandboxControllerCgroup?, cpu].compactMap { $0 },
                                    taskLimit: policy.limits.pids.map { $0 + 1 },
                                    // A root supervisor's workers create the guest's files as its
                                    // unprivileged host identity; without namespaces there is no VFS
                                    // and the guest creates its own files.
                                    creator: walls.namespaces && Sandbox.credentials.hostUID != geteuid()
                                        ? (Sandbox.credentials.hostUID, Sandbox.credentials.hostGID) : nil)
        let liveSandbox = Mutex<LiveSandbox?>(nil)
        if let ready {
            let policy = self.policy
            let stopSwitch = supervisor.stopSwitch
            let ceilings = execCeilings()
            supervisor.onReady = {
                let live = LiveSandbox(execFD: child.execFD, initPid: child.pid, environment: policy.resolvedEnvironment(),
                                       cwd: policy.cwd, ceilings: ceilings, cgroupParents: (memory?.path, cgroup?.path),
                                       events: events, stop: { stopSwitch.signal() })
                liveSandbox.withLock { $0 = live }
                DetachedThread.start { ready(live) }
            }
        }
        var termination = try supervisor.run(trace: &trace)
        // Every guest process is gone: the programs' own cgroups go before the sandbox's.
        liveSandbox.withLock { $0 }?.removeCgroups()
        var usage = SandboxUsage()
        usage.cpuSeconds = supervisor.cpuSeconds
        usage.peakMemoryBytes = memory?.peakBytes
        // A live sandbox is killed, so init never reports: its spawner's last count stands.
        usage.tasksStarted = supervisor.tasksStarted ?? liveSandbox.withLock { $0?.tasksStarted }
        let (zoneBytes, fullZones) = SandboxUsage.zoneBytes(zones.withLock { $0 })
        usage.zoneBytes = zoneBytes
        if let cgroup, let limit = policy.limits.pids, cgroup.refusedForks > 0 {
            usage.limitsReached.append("tasks: the task limit (\(limit)) refused \(cgroup.refusedForks) fork(s)")
        }
        if let memory, memory.oomKills > 0 {
            usage.limitsReached.append("memory: the OOM killer ended \(memory.oomKills) process(es) at the memory limit (\(memory.limitBytes) bytes)")
        }
        for zone in fullZones { usage.limitsReached.append("disk: scratch zone \(zone) is full") }
        // The kernel's OOM killer ended the program: say so, rather than "killed by SIGKILL".
        if let memory, termination == .signaled(SIGKILL), memory.oomKills > 0 {
            termination = .outOfMemory(limitBytes: memory.limitBytes)
        }
        var exitFields = [("status", String(termination.exitCode))]
        switch termination {
        case .timedOut: exitFields.append(("reason", JSON.quote("timeout")))
        case .killed: exitFields.append(("reason", JSON.quote("killed on request")))
        case .outOfMemory: exitFields.append(("reason", JSON.quote("out of memory")))
        default: break
        }
        events?.lifecycle("exit", exitFields + usage.eventFields)
        return SandboxResult(termination: termination, walls: walls, usage: usage)
    }

    /// The network broker for the guest's network namespace (Docs/network.md).
    /// Joining the guest's network namespace takes CAP_SYS_ADMIN in the supervisor's own user
    /// namespace: an unprivileged supervisor runs without a broker, which leaves the guest its
    /// loopback and nothing else (no resolver either), and refuses a policy that allows network.
    static func networkBroker(policy: Policy, child: LaunchedChild, events: EventLog?) throws(SandboxError) -> NetworkBroker? {
        if geteuid() != 0 {
            guard policy.network.allow.isEmpty && policy.network.publish.isEmpty else {
                throw SandboxError("network: --allow-net and --publish need a root supervisor (it joins the sandbox's network namespace to relay and resolve); run as root or without network")
            }
            return nil
        }
        let namespace = open("/proc/\(child.pid)/ns/net", O_RDONLY | O_CLOEXEC)
        guard namespace >= 0 else { throw SandboxError("opening the sandbox's network namespace: \(Errno.current)") }
        guard sh_pidfd_send_signal(child.pidfd, 0) == 0 else {
            close(namespace)
            throw SandboxError("the sandbox init died while its network namespace was opened")
        }
        do {
            return try NetworkBroker(policy: policy.network, guestNamespace: namespace, events: events)
        } catch {
            throw SandboxError("network: \(error)")
        }
    }

    /// Who the guest is on the host: never host root (a root invoker's guest runs as nobody).
    static let credentials: GuestCredentials = {
        func map(_ name: String) -> String { (try? HostFile.readString("/proc/self/\(name)")) ?? "" }
        return GuestCredentials.forInvoker(uid: geteuid(), gid: getegid(), guestUID: Policy.guestUID,
                                           guestGID: Policy.guestGID, uidMap: map("uid_map"), gidMap: map("gid_map"))
    }()

    /// The VFS over the sandbox's kernel root: the zones are opened where the launcher mounted them,
    /// beneath init's root (`/proc/<init>/root`, checked to still be our init afterwards).
    static func fileSystem(policy: Policy, child: LaunchedChild, identity: SandboxIdentity) throws(SandboxError) -> FileSystem {
        let root = open("/proc/\(child.pid)/root", OpenFlag.path | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw SandboxError("opening the sandbox root: \(Errno.current)") }
        guard sh_pidfd_send_signal(child.pidfd, 0) == 0 else {
            close(root)
            throw SandboxError("the sandbox init died while its root was opened")
        }
        let table: MountTable
        do {
            table = try MountTable(policy: policy, synthetic: MountPlan.syntheticEntries(for: policy), guestRoot: root)
        } catch {
            throw SandboxError("building the VFS: \(error)")
        }
        let credentials = Sandbox.credentials
        // The guest inherits our stdin, stdout and stderr: host objects it may use, never change.
        var handed = Set<FileSystem.ObjectID>()
        for fd in Int32(0)...2 {
            var st = stat()
            if fstat(fd, &st) == 0 { handed.insert(FileSystem.ObjectID(st)) }
        }
        return FileSystem(table: table, rules: PathRuleSet(policy.pathRules), credentials: credentials,
                          checkPermissions: geteuid() == 0,
                          procfs: procfs(policy: policy, table: table, identity: identity, credentials: credentials,
                                          spawner: child.execFD >= 0),
                          handedObjects: handed)
    }

    /// Starts init + guest. Returns nil when namespaces were asked for but the kernel refused.
    private func launch(program: String, namespaces: Bool, landlockABI: Int, seccompFlags: UInt32) throws(SandboxError)
        -> (LaunchedChild, WallReport)?
    {
        let steps = namespaces ? try MountPlan.steps(for: policy) : []
        let arena = CStringArena()
        var mounts = steps.map { step in
            sh_mount(op: Int32(step.op.rawValue), source: UnsafePointer(arena.optional(step.source)),
                     target: UnsafePointer(arena.string(step.target)),
                     data: UnsafePointer(arena.optional(step.data)), data_len: step.data?.utf8.count ?? 0)
        }
        var rlimits = resourceLimits()
        var landlock = namespaces ? [] : landlockRules(arena)
        // limits.cpus: init (and so every guest task) runs on the first N of our CPUs.
        let cpuMask = policy.limits.cpus.map { _ in CPUAffinity.mask(sandboxCPUs(policy: policy)) } ?? []
        let environment = policy.resolvedEnvironment()
        let searchPath = environment.first { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) }
        var result = sh_launch_result()

        let r = mounts.withUnsafeMutableBufferPointer { mountBuffer in
            rlimits.withUnsafeMutableBufferPointer { rlimitBuffer in
                landlock.withUnsafeMutableBufferPointer { landlockBuffer in
                    var config = sh_launch_config()
                    config.program = UnsafePointer(arena.string(program))
                    config.search_path = UnsafePointer(arena.optional(searchPath))
                    config.argv = UnsafePointer(arena.vector(command))
                    config.envp = UnsafePointer(arena.vector(environment))
                    config.cwd = UnsafePointer(arena.optional(namespaces ? policy.cwd : nil))
                    config.use_namespaces = namespaces ? 1 : 0
                    config.host_uid = Sandbox.credentials.hostUID
                    config.host_gid = Sandbox.credentials.hostGID
                    config.guest_uid = Policy.guestUID
                    config.guest_gid = Policy.guestGID
                    config.fallback_uid = 65534
                    config.fallback_gid = 65534
                    config.hostname = UnsafePointer(arena.string(policy.hostname))
                    config.mounts = UnsafePointer(mountBuffer.baseAddress)
                    config.n_mounts = mountBuffer.count
                    config.rlimits = UnsafePointer(rlimitBuffer.baseAddress)
                    config.n_rlimits = rlimitBuffer.count
                    config.seccomp_flags = seccompFlags
                    config.landlock_rules = UnsafePointer(landlockBuffer.baseAddress)
                    config.n_landlock_rules = landlockBuffer.count
                    config.landlock_abi = Int32(landlockABI)
                    config.spawner = spawner ? 1 : 0
                    return cpuMask.withUnsafeBytes { maskBytes in
                        config.cpu_mask = maskBytes.isEmpty ? nil : maskBytes.baseAddress
                        config.cpu_mask_size = maskBytes.count
                        return sh_launch(&config, &result)
                    }
                }
            }
        }
        withExtendedLifetime(arena) {}
        if r < 0 {
            // EPERM/EINVAL/ENOSPC from clone(CLONE_NEWUSER…): namespaces are not available here.
            if namespaces && [EPERM, EINVAL, ENOSPC, EUSERS].contains(Int32(-r)) { return nil }
            throw SandboxError("starting the sandbox: \(Errno(-r))")
        }
        let child = LaunchedChild(pid: result.pid, pidfd: result.pidfd, control: result.control_fd, steps: steps,
                                  execFD: result.exec_fd)
        return (child, WallReport(namespaces: namespaces, landlockABI: namespaces ? 0 : landlockABI, seccomp: true))
    }

    /// Linux x86-64 resource numbers (glibc exposes them to Swift only as an opaque enum).
    private enum Resource {
        static let cpu: Int32 = 0, fsize: Int32 = 1, core: Int32 = 4, nproc: Int32 = 6, nofile: Int32 = 7, `as`: Int32 = 9
    }

    private func resourceLimits() -> [sh_rlimit] {
        var limits: [sh_rlimit] = [sh_rlimit(resource: Resource.core, soft: 0, hard: 0)]
        let l = policy.limits
        if let n = l.openFiles {
            limits.append(sh_rlimit(resource: Resource.nofile, soft: UInt64(n), hard: UInt64(n)))
        } else {
            // As natively: the invoker's own limits, bounded.
            var own = rlimit()
            let cap = UInt64(Limits.maximumOpenFiles)
            if getrlimit(__rlimit_resource_t(UInt32(Resource.nofile)), &own) == 0 {
                limits.append(sh_rlimit(resource: Resource.nofile, soft: min(UInt64(own.rlim_cur), cap), hard: min(UInt64(own.rlim_max), cap)))
            }
        }
        if let memory = l.memoryBytes, memoryByRlimit {
            limits.append(sh_rlimit(resource: Resource.as, soft: memory, hard: memory))
        }
        if let pids = l.pids, geteuid() != 0 {
            // Where a pids cgroup may be missing (an unprivileged supervisor): RLIMIT_NPROC counts
            // tasks of the guest uid; the sandbox's init is one of them. A root supervisor always
            // has the cgroup (or refuses to run), whose refusals are counted and reported.
            limits.append(sh_rlimit(resource: Resource.nproc, soft: UInt64(pids + 1), hard: UInt64(pids + 1)))
        }
        if let size = l.fileSizeBytes {
            limits.append(sh_rlimit(resource: Resource.fsize, soft: size, hard: size))
        }
        if let cpu = l.cpuSeconds {
            limits.append(sh_rlimit(resource: Resource.cpu, soft: UInt64(cpu), hard: UInt64(cpu)))
        }
        return limits
    }

    /// The limits a program started by exec may lower but not raise: the launcher's hard limits.
    private func execCeilings() -> ExecOptions {
        let limits = resourceLimits()
        func hard(_ resource: Int32) -> UInt64? { limits.first { $0.resource == resource }?.hard }
        return ExecOptions(openFiles: hard(Resource.nofile), fileSizeBytes: hard(Resource.fsize), cpuSeconds: hard(Resource.cpu),
                           memoryBytes: policy.limits.memoryBytes, tasks: policy.limits.pids.map { UInt64($0) })
    }

    /// Without a mount namespace the guest sees host paths: Landlock limits it to the zones'
    /// host paths — read/execute for system and input, read/write for output.
    private func landlockRules(_ arena: CStringArena) -> [sh_landlock_rule] {
        let readExecute: UInt64 = (1 << 0) | (1 << 2) | (1 << 3)   // EXECUTE, READ_FILE, READ_DIR
        let everything: UInt64 = ~0
        var rules: [sh_landlock_rule] = []
        for zone in policy.zones {
            guard let host = zone.hostPath else { continue }
            rules.append(sh_landlock_rule(path: UnsafePointer(arena.string(host)),
                                          access: zone.kind == .output ? everything : readExecute))
        }
        for case .hostDevice(let device) in MountPlan.standardEntries(for: policy).map(\.content) {
            rules.append(sh_landlock_rule(path: UnsafePointer(arena.string(device)),
                                          access: (1 << 1) | (1 << 2)))  // WRITE_FILE, READ_FILE
        }
        return rules
    }
}
