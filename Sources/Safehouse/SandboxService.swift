import CSafehouse
import Glibc
import SafehouseSystem
import Synchronization

// Sandboxes that live (`safehouse create` / `exec` / `kill` / `ps`): each is served by a supervisor
// process of its own, found through a runtime directory only its owner can enter
// (Docs/lifecycle.md). Requests travel on a SOCK_SEQPACKET unix socket in that directory, one
// message each: NUL-separated fields, and for `exec` the caller's stdin, stdout and stderr.

/// Where live sandboxes are found.
public enum SandboxRegistry {
    /// `$SAFEHOUSE_RUNTIME_DIR`, else /run/safehouse for root, else `$XDG_RUNTIME_DIR/safehouse`,
    /// else /tmp/safehouse-<uid>.
    public static var directory: String {
        if let dir = getenv("SAFEHOUSE_RUNTIME_DIR").map({ String(cString: $0) }), !dir.isEmpty { return dir }
        if geteuid() == 0 { return "/run/safehouse" }
        if let dir = getenv("XDG_RUNTIME_DIR").map({ String(cString: $0) }), !dir.isEmpty { return dir + "/safehouse" }
        return "/tmp/safehouse-\(geteuid())"
    }

    /// A name: 1 to 64 letters, digits, `-`, `_` and `.`, not starting with `.` or `-`.
    public static func checkID(_ id: String) throws(SandboxError) {
        let ok = (1...64).contains(id.utf8.count) && id.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2d || $0 == 0x5f || $0 == 0x2e
        } && id.first != "." && id.first != "-"
        if !ok { throw SandboxError("\"\(id)\" is not a sandbox name (1 to 64 letters, digits, '-', '_' and '.', not starting with '.' or '-')") }
    }

    /// `sb-` and 12 random hex digits.
    public static func newID() -> String {
        var bytes = [UInt8](repeating: 0, count: 6)
        let random = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if random >= 0 {
            _ = bytes.withUnsafeMutableBytes { read(random, $0.baseAddress, 6) }
            close(random)
        }
        return "sb-" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    public static func path(_ id: String) -> String { directory + "/" + id }
    static func socketPath(_ id: String) -> String { path(id) + "/control" }

    /// The names of the sandboxes whose supervisor is alive; entries of dead ones are removed.
    public static func live() -> [(id: String, pid: Int32, created: String)] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var out: [(String, Int32, String)] = []
        while let entry = readdir(dir) {
            let name = direntName(entry)
            guard (try? checkID(name)) != nil else { continue }
            guard let info = try? HostFile.readString(path(name) + "/info") else { continue }
            let words = info.split(separator: " ")
            guard words.count >= 2, let pid = Int32(words[0]) else { continue }
            if !isRunning(pid) {
                remove(name)
                continue
            }
            out.append((name, pid, String(words[1]).trimmingCharacters(whereSeparator: { $0 == "\n" })))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// Whether process `pid` runs (a zombie waiting for its parent to reap it does not).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? HostFile.readString("/proc/\(pid)/stat"),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
        return state != "Z" && state != "X"
    }

    /// Removes a sandbox's runtime entry.
    static func remove(_ id: String) {
        unlink(socketPath(id))
        unlink(path(id) + "/info")
        rmdir(path(id))
    }
}

extension String {
    fileprivate func trimmingCharacters(whereSeparator isSeparator: (Character) -> Bool) -> String {
        String(self.drop(while: isSeparator).reversed().drop(while: isSeparator).reversed())
    }
}

/// One request or reply on the control socket: NUL-separated fields.
enum ServiceMessage {
    static let maxBytes = 192 * 1024

    static func encode(_ fields: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for field in fields { out += Array(field.utf8) + [0] }
        return out
    }

    static func decode(_ bytes: ArraySlice<UInt8>) -> [String] {
        guard !bytes.isEmpty else { return [] }
        var body = bytes
        if body.last == 0 { body = body.dropLast() }
        return body.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The supervisor process of one live sandbox: serves exec, kill and status requests from its
/// owner until the sandbox ends.
public final class SandboxServer: @unchecked Sendable {
    public let id: String
    private let listener: Int32
    private let idleTimeout: Double?
    private let live = Mutex<LiveSandbox?>(nil)
    private let stopping = Atomic<Bool>(false)

    /// Makes the runtime entry (an owner-only directory) and its socket.
    public init(id: String, idleTimeout: Double?) throws(SandboxError) {
        try SandboxRegistry.checkID(id)
        self.id = id
        self.idleTimeout = idleTimeout
        let root = SandboxRegistry.directory
        if mkdir(root, 0o700) != 0 && errno != EEXIST { throw SandboxError("creating \(root): \(Errno.current)") }
        var st = stat()
        guard lstat(root, &st) == 0, st.st_mode & S_IFMT == S_IFDIR, st.st_uid == geteuid(), st.st_mode & 0o077 == 0 else {
            throw SandboxError("\(root) must be a directory of yours that only you can enter (mode 0700)")
        }
        let dir = SandboxRegistry.path(id)
        if mkdir(dir, 0o700) != 0 {
            throw SandboxError(errno == EEXIST ? "a sandbox named \(id) exists" : "creating \(dir): \(Errno.current)")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let path = Array(SandboxRegistry.socketPath(id).utf8)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        guard fd >= 0, path.count < MemoryLayout.size(ofValue: address.sun_path) else {
            if fd >= 0 { close(fd) }
            rmdir(dir)
            throw SandboxError("the runtime directory path is too long for a socket: \(dir)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 64) == 0 else {
            let error = Errno.current
            close(fd)
            rmdir(dir)
            throw SandboxError("listening on \(SandboxRegistry.socketPath(id)): \(error)")
        }
        listener = fd
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let info = open(dir + "/info", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if info >= 0 {
            _ = try? HostFile.writeAll(info, Array("\(getpid()) \(now.tv_sec)\n".utf8))
            close(info)
        }
    }

    deinit { close(listener) }

    /// Serves `sandbox` (its policy applied) until it ends; `ready` is called once execs may start.
    public func run(_ sandbox: Sandbox, ready: @escaping @Sendable () -> Void) throws(SandboxError) -> SandboxResult {
        // The runtime directory holds the control sockets of the owner's sandboxes: a zone that
        // shows it (or a directory above it) would let a guest ask for programs, in any of them.
        let root = SandboxRegistry.directory + "/"
        for zone in sandbox.policy.zones {
            guard let host = zone.hostPath else { continue }
            if root.hasPrefix(host.hasSuffix("/") ? host : host + "/") || host.hasPrefix(root) {
                SandboxRegistry.remove(id)
                throw SandboxError("zone \(zone.guestPath) shows the runtime directory \(SandboxRegistry.directory), where sandboxes are controlled; map something else or set SAFEHOUSE_RUNTIME_DIR")
            }
        }
        defer {
            stopping.store(true, ordering: .releasing)
            shutdown(listener, Int32(SHUT_RDWR))
            SandboxRegistry.remove(id)
        }
        return try sandbox.serve { [self] live in
            self.live.withLock { $0 = live }
            DetachedThread.start { [self] in acceptLoop() }
            if let idleTimeout { DetachedThread.start { [self] in watchIdle(idleTimeout) } }
            ready()
        }
    }

    private func watchIdle(_ seconds: Double) {
        while !stopping.load(ordering: .acquiring) {
            usleep(50_000)
            if let live = live.withLock({ $0 }), Double(live.idleNanoseconds) / 1e9 >= seconds {
                live.stop()
                return
            }
        }
    }

    private func acceptLoop() {
        while !stopping.load(ordering: .acquiring) {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            // Only the sandbox's owner (or root) may ask anything of it.
            var peer: UInt32 = 0
            guard sh_peer_uid(connection, &peer) == 0, peer == geteuid() || peer == 0 else {
                close(connection)
                continue
            }
            DetachedThread.start { [self] in serveConnection(connection) }
        }
    }

    private func serveConnection(_ connection: Int32) {
        defer { close(connection) }
        var buffer = [UInt8](repeating: 0, count: ServiceMessage.maxBytes)
        var fds: [Int32] = [-1, -1, -1]
        var nfds: Int32 = 0
        let n = buffer.withUnsafeMutableBytes { raw in fds.withUnsafeMutableBufferPointer {
            sh_recv_fds(connection, raw.baseAddress, raw.count, $0.baseAddress, &nfds) } }
        defer { for i in 0..<Int(nfds) { close(fds[i]) } }
        guard n > 0 else { return }
        let fields = ServiceMessage.decode(buffer[0..<Int(n)])
        guard let live = live.withLock({ $0 }) else { return reply(connection, ["error", "the sandbox is not ready"]) }
        switch fields.first {
        case "exec":
            // exec, cwd, timeout, options, env count, env..., argv...
            guard fields.count >= 6, nfds == 3, let envCount = Int(fields[4]), envCount >= 0, envCount < fields.count,
                  fields.count >= 5 + envCount + 1,
                  let options = ExecOptions(encoded: fields[3]) else {
                return reply(connection, ["error", "malformed exec request"])
            }
            let environment = Array(fields[5..<(5 + envCount)])
            let arguments = Array(fields[(5 + envCount)...])
            let timeout = Double(fields[2])
            let job = LiveSandbox.Job()
            let finished = Atomic<Bool>(false)
            // While it runs, the caller's signals arrive on the connection ("signal N"); a caller
            // that goes away (its end closes) takes the program with it, as a hangup would.
            DetachedThread.start { [live] in
                var buffer = [UInt8](repeating: 0, count: 256)
                while !finished.load(ordering: .acquiring) {
                    var pfd = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
                    guard poll(&pfd, 1, 100) > 0 else { continue }
                    let n = recv(connection, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                    if n < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                    if n <= 0 {
                        live.signal(job, SIGKILL)
                        return
                    }
                    let words = ServiceMessage.decode(buffer[0..<n])
                    if words.count == 2, words[0] == "signal", let signal = Int32(words[1]), (1...64).contains(signal) {
                        live.signal(job, signal)
                    }
                }
            }
            let outcome = live.exec(arguments, environment: environment, cwd: fields[1].isEmpty ? nil : fields[1],
                                    stdio: (fds[0], fds[1], fds[2]), timeout: timeout, options: options, job: job)
            finished.store(true, ordering: .releasing)
            if case .failed(let why) = outcome { return reply(connection, ["error", why]) }
            reply(connection, ["exit", String(outcome.exitCode)] + (outcome.reason.map { [$0] } ?? []))
        case "kill":
            live.stop()
            // The answer is the connection's end: this process exits once the sandbox is gone.
            while !stopping.load(ordering: .acquiring) { usleep(2_000) }
        case "status":
            reply(connection, ["status", String(getpid()), String(live.started), String(live.running),
                               live.tasksStarted.map { String($0) } ?? "-", String(live.cpuSeconds)])
        default:
            reply(connection, ["error", "unknown request"])
        }
    }

    private func reply(_ connection: Int32, _ fields: [String]) {
        let bytes = ServiceMessage.encode(fields)
        _ = bytes.withUnsafeBytes { sh_send_fds(connection, $0.baseAddress, $0.count, nil, 0) }
    }
}

extension ExecOptions {
    /// The options field of an exec request: `tty`, `open-files=N`, `file-size=N`, `cpu-seconds=N`,
    /// `memory=N`, `pids=N`, comma-separated.
    var encoded: String {
        var words: [String] = tty ? ["tty"] : []
        for (key, value) in [("open-files", openFiles), ("file-size", fileSizeBytes), ("cpu-seconds", cpuSeconds),
                             ("memory", memoryBytes), ("pids", tasks)] {
            if let value { words.append("\(key)=\(value)") }
        }
        return words.joined(separator: ",")
    }

    init?(encoded: String) {
        self.init()
        for word in encoded.split(separator: ",") {
            if word == "tty" { tty = true; continue }
            let parts = word.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = UInt64(parts[1]) else { return nil }
            switch parts[0] {
            case "open-files": openFiles = value
            case "file-size": fileSizeBytes = value
            case "cpu-seconds": cpuSeconds = value
            case "memory": memoryBytes = value
            case "pids": tasks = value
            default: return nil
            }
        }
    }
}

/// The CLI's side of a live sandbox.
public enum SandboxClient {
    /// Connects to sandbox `id`'s supervisor.
    static func connect(_ id: String) throws(SandboxError) -> Int32 {
        try SandboxRegistry.checkID(id)
        let fd = socket(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SandboxError("socket: \(Errno.current)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(SandboxRegistry.socketPath(id).utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw SandboxError("no sandbox named \(id)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let r = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard r == 0 else {
            close(fd)
            throw SandboxError("no sandbox named \(id)")
        }
        return fd
    }

    /// Sends one request and waits for its one reply (or the connection's end: `[]`); signals read
    /// from `signals` (a signalfd) meanwhile are passed on as "signal N".
    /// With `terminal`, its copying runs meanwhile and SIGWINCH resizes it.
    static func request(_ id: String, _ fields: [String], fds: [Int32] = [], signals: Int32 = -1,
                        terminal: ExecTerminal? = nil) throws(SandboxError) -> [String] {
        let fd = try connect(id)
        defer { close(fd) }
        let bytes = ServiceMessage.encode(fields)
        guard bytes.count <= ServiceMessage.maxBytes else { throw SandboxError("the request exceeds \(ServiceMessage.maxBytes) bytes") }
        let sent = bytes.withUnsafeBytes { raw in fds.withUnsafeBufferPointer {
            sh_send_fds(fd, raw.baseAddress, raw.count, $0.baseAddress, Int32(fds.count)) } }
        guard sent == bytes.count else { throw SandboxError("sending to sandbox \(id): \(Errno(-sent))") }
        terminal?.sent()
        while signals >= 0 {
            var pfds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
                + (terminal?.pollRequests ?? [])
            if poll(&pfds, nfds_t(pfds.count), -1) < 0 { if errno == EINTR { continue } else { break } }
            if pfds[0].revents != 0 { break }
            var info = signalfd_siginfo()
            if pfds[1].revents != 0 && read(signals, &info, MemoryLayout<signalfd_siginfo>.size) > 0 {
                if let terminal, info.ssi_signo == UInt32(SIGWINCH) {
                    terminal.resize()
                } else {
                    let message = ServiceMessage.encode(["signal", String(info.ssi_signo)])
                    _ = message.withUnsafeBytes { sh_send_fds(fd, $0.baseAddress, $0.count, nil, 0) }
                }
            }
            terminal?.service(pfds[2...])
        }
        terminal?.drain()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var none: [Int32] = [-1, -1, -1]
        var nfds: Int32 = 0
        let n = buffer.withUnsafeMutableBytes { raw in none.withUnsafeMutableBufferPointer {
            sh_recv_fds(fd, raw.baseAddress, raw.count, $0.baseAddress, &nfds) } }
        for i in 0..<Int(nfds) { close(none[i]) }
        return n > 0 ? ServiceMessage.decode(buffer[0..<Int(n)]) : []
    }

    /// Runs a program in sandbox `id` with this process's stdin, stdout and stderr (with
    /// `options.tty`, a terminal of its own copied to and from them): its exit status, and why it
    /// ended when that was not its own doing (timeout, out of memory).
    /// SIGINT, SIGTERM and SIGHUP to this process go to the program's process group.
    public static func exec(_ id: String, arguments: [String], environment: [String], cwd: String?,
                            timeout: Double?, options: ExecOptions = ExecOptions(),
                            stdio: (Int32, Int32, Int32) = (0, 1, 2)) throws(SandboxError) -> (status: Int32, reason: String?) {
        let fields = ["exec", cwd ?? "", timeout.map { String($0) } ?? "", options.encoded, String(environment.count)]
            + environment + arguments
        var forwarded = sigset_t()
        sigemptyset(&forwarded)
        for s in [SIGINT, SIGTERM, SIGHUP] + (options.tty ? [SIGWINCH] : []) { sigaddset(&forwarded, s) }
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &forwarded, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let signals = signalfd(-1, &forwarded, Int32(SFD_CLOEXEC))
        defer { if signals >= 0 { close(signals) } }
        let terminal = options.tty ? try ExecTerminal(input: stdio.0, output: stdio.1) : nil
        let program = terminal.map { [$0.slave, $0.slave, $0.slave] } ?? [stdio.0, stdio.1, stdio.2]
        let answer = try request(id, fields, fds: program, signals: signals, terminal: terminal)
        if (2...3).contains(answer.count), answer[0] == "exit", let code = Int32(answer[1]) {
            return (code, answer.count == 3 ? answer[2] : nil)
        }
        if answer.count == 2, answer[0] == "error" { throw SandboxError("sandbox \(id): \(answer[1])") }
        throw SandboxError("sandbox \(id) ended")
    }

    /// Ends sandbox `id` and waits until its supervisor is gone.
    public static func kill(_ id: String) throws(SandboxError) {
        let pid = SandboxRegistry.live().first { $0.id == id }?.pid
        _ = try request(id, ["kill"])
        // The supervisor closes the connection as it exits; make sure it has.
        if let pid {
            for _ in 0..<500 where SandboxRegistry.isRunning(pid) { usleep(2_000) }
        }
    }

    /// This program's own executable (to start a sandbox's supervisor as another instance of it).
    public static var ownExecutable: String? {
        (try? HostFile.readLink("/proc/self/exe")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Starts `executable arguments... READY_FLAG FD` as a detached process (a session of its own,
    /// stdio on /dev/null) and returns what it writes to FD before closing it.
    public static func startDetached(executable: String, arguments: [String], readyFlag: String) throws(SandboxError) -> String {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SandboxError("pipe: \(Errno.current)") }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        let argv = [executable] + arguments + [readyFlag, String(ends[1])]
        var environment: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            environment.append(String(cString: pointer))
            entry += 1
        }
        let arena = CStringArena()
        let pid = sh_spawn_detached(executable, arena.vector(argv), arena.vector(environment), ends[1])
        withExtendedLifetime(arena) {}
        close(ends[1])
        defer { close(ends[0]) }
        guard pid > 0 else { throw SandboxError("starting the sandbox's supervisor: \(Errno(-pid))") }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(ends[0], &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// Programs started in sandbox `id` and running now, processes and threads started (as of
    /// the last program's end), CPU seconds of the programs that ended.
    public static func status(_ id: String) -> (started: Int, running: Int, tasks: Int?, cpuSeconds: Double)? {
        guard let answer = try? request(id, ["status"]), answer.count == 6, answer[0] == "status",
              let started = Int(answer[2]), let running = Int(answer[3]), let cpu = Double(answer[5]) else { return nil }
        return (started, running, Int(answer[4]), cpu)
    }
}
