import ArgumentParser
import Glibc
import Logging
import Safehouse
import SafehousePolicy

/// `safehouse`: a thin client of the Safehouse library. Exit statuses of `run` follow the
/// contract: the guest's own status, 128+N when killed by signal N, 124 on timeout, 125 when the
/// sandbox itself failed, 126 not executable, 127 not found.
struct SafehouseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safehouse",
        abstract: "Run untrusted programs behind a user-space syscall-interception sandbox.",
        subcommands: [Run.self, Create.self, Exec.self, Cp.self, Kill.self, Ps.self, Doctor.self])
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run PROGRAM inside a sandbox.",
        discussion: "Without --policy the built-in default policy applies; options below override the policy.")

    @OptionGroup var options: PolicyOptions

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("The program and its arguments, after --.", valueName: "PROGRAM"))
    var command: [String] = []

    mutating func run() throws {
        var argv = command
        if argv.first == "--" {
            argv.removeFirst()
        } else if let first = argv.first, ["-h", "--help", "-help"].contains(first) {
            throw CleanExit.helpRequest(self)
        } else if let first = argv.first, first.hasPrefix("-") {
            fail("unknown option \(first) (options go before --, the program after it)")
        }
        guard !argv.isEmpty else { fail("no program given (usage: safehouse run [OPTIONS] -- PROGRAM [ARGS...])") }
        let policy = options.resolvedPolicy()
        let sandbox = Sandbox(policy: policy, command: argv)
        sandbox.onWalls = { walls in
            if !walls.namespaces {
                printError("safehouse: warning: running degraded (allow_degraded) with \(walls): host AF_UNIX sockets and O_PATH opens are not mediated (Docs/walls.md)")
            }
        }
        do {
            let result = try sandbox.run()
            if case .programNotFound = result.termination {
                printError("safehouse: \(argv[0]): command not found in the sandbox")
            } else if case .programNotExecutable(let errno) = result.termination {
                printError("safehouse: \(argv[0]): cannot execute: \(errno)")
            } else if case .outOfMemory(let limit) = result.termination {
                printError("safehouse: out of memory: the sandbox's processes together reached --memory (\(limit) bytes) and the kernel killed the program")
            } else if case .timedOut = result.termination {
                printError("safehouse: timed out: the sandbox ran longer than --timeout and was killed")
            } else if case .killed(let signal) = result.termination {
                printError("safehouse: killed on request (signal \(signal) to safehouse): every process of the sandbox ended")
            }
            // A limit the program ran into says why it failed, even if it ended by itself.
            if result.termination.exitCode != 0 {
                for limit in result.usage.limitsReached { printError("safehouse: limit reached: \(limit)") }
            }
            Glibc.exit(result.termination.exitCode)
        } catch {
            fail("\(error)")
        }
    }

}

/// The options that shape a sandbox's policy, shared by `run` and `create`.
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Policy file (TOML).", valueName: "FILE"))
    var policy: String?

    @Option(name: .long, help: ArgumentHelp("Map a host directory read-only into the sandbox.", valueName: "HOST:GUEST"))
    var input: [String] = []

    @Option(name: .long, help: ArgumentHelp("Map a host directory writable into the sandbox; what the guest writes there is kept.", valueName: "HOST:GUEST"))
    var output: [String] = []

    @Option(name: .long, help: ArgumentHelp("A private writable directory in sandbox memory, gone at the end, with its quota (default 256M); replaces the default /tmp or /home/sandbox when given at that path.", valueName: "GUEST[:SIZE]"))
    var scratch: [String] = []

    // Options that set one policy field: help, parser and checks come from PolicyField.all.
    @Option(name: .long, help: ArgumentHelp(PolicyField.help(flag: "timeout"), valueName: "SECONDS|DURATION"))
    var timeout: String?

    @Option(name: .long, help: ArgumentHelp(PolicyField.help(flag: "memory"), valueName: "BYTES|SIZE"))
    var memory: String?

    @Option(name: .long, help: ArgumentHelp(PolicyField.help(flag: "pids"), valueName: "N"))
    var pids: String?

    @Option(name: .long, help: ArgumentHelp(PolicyField.help(flag: "cpus"), valueName: "N"))
    var cpus: String?

    @Option(name: .long, help: ArgumentHelp(PolicyField.help(flag: "open-files"), valueName: "N"))
    var openFiles: String?

    @Option(name: .long, help: ArgumentHelp(PolicyField.help(flag: "file-size"), valueName: "BYTES|SIZE"))
    var fileSize: String?

    @Option(name: .long, help: ArgumentHelp(PolicyField.help(flag: "cpu-seconds"), valueName: "N"))
    var cpuSeconds: String?

    @Option(name: .customLong("cpu-quota"), help: ArgumentHelp(PolicyField.help(flag: "cpu-quota"), valueName: "CPUS"))
    var cpuQuota: String?

    @Option(name: .long, help: ArgumentHelp("Set a guest environment variable.", valueName: "NAME=VALUE"))
    var env: [String] = []

    @Option(name: .long, help: ArgumentHelp(PolicyField.help(flag: "cwd"), valueName: "DIR"))
    var cwd: String?

    @Option(name: .long, help: ArgumentHelp(PolicyField.help(flag: "events"), valueName: "FILE"))
    var events: String?

    @Option(name: .customLong("allow-net"), help: ArgumentHelp("Allow outbound connections to [tcp/|udp/]HOST:PORTS (a name, *.domain, an address or CIDR, [IPv6]; PORTS N, N-M or *). Repeatable. Default: no network (Docs/network.md).", valueName: "SPEC"))
    var allowNet: [String] = []

    @Option(name: .long, help: ArgumentHelp("Let the host reach a server the guest runs on its loopback: [ADDR:]HOST_PORT:GUEST_PORT (ADDR default 127.0.0.1). Repeatable.", valueName: "SPEC"))
    var publish: [String] = []

    @Option(name: .long, help: ArgumentHelp(PolicyField.help(flag: "dns-upstream"), valueName: "ADDRESS"))
    var dnsUpstream: String?

    @Flag(name: .long, help: "Run even where the host has no user namespaces, with the reduced guarantee of Docs/walls.md (as walls.allow_degraded = true).")
    var allowDegraded = false

    @Option(name: .long, help: ArgumentHelp("How syscalls are trapped. Only unotify is available in this build.", valueName: "unotify"))
    var platform: String = "unotify"


    /// The policy: the file (or the built-in default) with these options applied; bad input exits 125.
    func resolvedPolicy() -> Policy {
        guard platform == "unotify" else {
            fail("platform \(platform) is not available in this build (available: unotify)")
        }
        do {
            var policy = try self.policy.map { try Policy.load(path: $0) } ?? Policy.builtinDefault
            for spec in input { try policy.addZone(kind: .input, spec: spec) }
            for spec in output { try policy.addZone(kind: .output, spec: spec) }
            for spec in scratch { try policy.addZone(kind: .scratch, spec: spec) }
            for assignment in env { try policy.setEnv(assignment) }
            for spec in allowNet { try policy.addAllowedNetwork(spec) }
            for spec in publish { try policy.addPublishedPort(spec) }
            let fields: [(String, String?)] = [
                ("timeout", timeout), ("memory", memory), ("pids", pids), ("cpus", cpus), ("open-files", openFiles),
                ("file-size", fileSize), ("cpu-seconds", cpuSeconds), ("cpu-quota", cpuQuota), ("cwd", cwd), ("events", events), ("dns-upstream", dnsUpstream),
                ("allow-degraded", allowDegraded ? "true" : nil),
            ]
            for case let (flag, text?) in fields { try policy.set(flag: flag, text) }
            return policy
        } catch {
            fail("\(error)")
        }
    }
}

/// `create`: a sandbox that lives, served by a supervisor process of its own.
struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a sandbox that lives; print its name once programs can be run in it with exec.",
        discussion: "The sandbox is served by a supervisor process of its own until `safehouse kill NAME`, its --timeout or its --idle-timeout.")

    @OptionGroup var options: PolicyOptions

    @Option(name: .long, help: ArgumentHelp("The sandbox's name (default: sb- and 12 random hex digits).", valueName: "NAME"))
    var name: String?

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("End the sandbox after this long with no program running.", valueName: "SECONDS|DURATION"))
    var idleTimeout: String?

    /// Set on the supervisor process `create` starts: the descriptor on which it says it is ready.
    @Option(name: .customLong("serve-ready-fd"), help: .hidden)
    var readyFD: Int32?

    mutating func run() throws {
        let policy = options.resolvedPolicy()
        let idle = idleTimeout.map { checkedDuration($0, flag: "--idle-timeout") }
        let id = name ?? SandboxRegistry.newID()
        do { try SandboxRegistry.checkID(id) } catch { fail("\(error)") }
        if let readyFD { serve(id: id, policy: policy, idle: idle, readyFD: readyFD) }

        // Start the supervisor (this same command with --serve-ready-fd), and wait for its word.
        var arguments = Array(CommandLine.arguments.dropFirst())
        if name == nil { arguments += ["--name", id] }
        let executable = SandboxClient.ownExecutable ?? CommandLine.arguments[0]
        let text: String
        do {
            text = try SandboxClient.startDetached(executable: executable, arguments: arguments, readyFlag: "--serve-ready-fd")
        } catch {
            fail("\(error)")
        }
        if text == "ready\n" {
            print(id)
            Glibc.exit(0)
        }
        fail(text.isEmpty ? "the sandbox's supervisor ended before the sandbox was ready" : text.trimmingTrailingNewline)
    }

    /// The supervisor process: serves the sandbox until it ends, then exits.
    private func serve(id: String, policy: Policy, idle: Double?, readyFD: Int32) -> Never {
        @Sendable func tell(_ text: String) {
            _ = Array(text.utf8).withUnsafeBytes { write(readyFD, $0.baseAddress, $0.count) }
            close(readyFD)
        }
        do {
            let server = try SandboxServer(id: id, idleTimeout: idle)
            let result = try server.run(Sandbox(policy: policy, command: []), ready: { tell("ready\n") })
            Glibc.exit(result.termination.exitCode)
        } catch {
            tell("\(error)")
            Glibc.exit(125)
        }
    }
}

/// `exec`: one more program in a live sandbox.
struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run PROGRAM in a sandbox made by create, with this terminal's stdin, stdout and stderr.",
        discussion: "Exit status as for run: the program's, 128+N when killed by signal N, 124 on timeout, 125 when the sandbox failed, 126 not executable, 127 not found.")

    @Argument(help: ArgumentHelp("The sandbox's name.", valueName: "NAME"))
    var id: String

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("[--cwd DIR] [--env NAME=VALUE]... [--timeout DURATION] [--tty] [--open-files N] [--file-size SIZE] [--cpu-seconds N] -- PROGRAM [ARGS...]: the working directory (guest path; default: the policy's), environment variables for this program, a limit after which the program's process group is killed (exit 124), a terminal of its own (a pseudo-terminal copied to and from this one), and limits of its own below the sandbox's (as the policy's limits.memory, pids, open_files, file_size, cpu_seconds; memory and pids for the program and everything it starts together).", valueName: "OPTIONS"))
    var command: [String] = []

    mutating func run() throws { Exec.run(id: id, command: command) }

    /// The options come after NAME and before `--`, so they are read here. `main` calls this
    /// directly for a well-formed `exec` line: exec is the hot path of a live sandbox, and
    /// ArgumentParser's reflection costs ~1.5 ms per start (Docs/perf.md).
    static let usage = "safehouse exec NAME [--cwd DIR] [--env NAME=VALUE]... [--timeout DURATION] [--tty] [--memory SIZE] [--pids N] [--open-files N] [--file-size SIZE] [--cpu-seconds N] -- PROGRAM [ARGS...]"

    static func run(id: String, command: [String]) -> Never {
        var cwd: String?, env: [String] = [], timeout: String?, tty = false
        // Per-program limits, checked as the policy checks its own (the same fields and parsers).
        var limits = Policy.builtinDefault
        var rest = command[...]
        while let word = rest.first, word != "--", word.hasPrefix("-") {
            rest = rest.dropFirst()
            if word == "--tty" { tty = true; continue }
            let (flag, inline) = word.contains("=") ? (String(word.prefix { $0 != "=" }), String(word.drop { $0 != "=" }.dropFirst())) : (word, nil)
            let limitFlags = ["--open-files", "--file-size", "--cpu-seconds", "--memory", "--pids"]
            guard ["--cwd", "--env", "--timeout"].contains(flag) || limitFlags.contains(flag) else {
                fail("unknown option \(word) (usage: \(usage))")
            }
            guard let value = inline ?? rest.first else { fail("\(flag) needs a value") }
            if inline == nil { rest = rest.dropFirst() }
            switch flag {
            case "--cwd": cwd = value
            case "--env": env.append(value)
            case "--timeout": timeout = value
            default:
                do { try limits.set(flag: String(flag.dropFirst(2)), value) } catch { fail("\(error)") }
            }
        }
        if rest.first == "--" { rest = rest.dropFirst() }
        let argv = Array(rest)
        guard !argv.isEmpty else { fail("no program given (usage: \(usage))") }
        let seconds = timeout.map { checkedDuration($0, flag: "--timeout") }
        for entry in env where !entry.contains("=") || entry.hasPrefix("=") {
            fail("--env \(entry): expected NAME=VALUE")
        }
        let l = limits.limits
        let options = ExecOptions(tty: tty, openFiles: l.openFiles.map { UInt64($0) }, fileSizeBytes: l.fileSizeBytes,
                                  cpuSeconds: l.cpuSeconds.map { UInt64($0) }, memoryBytes: l.memoryBytes,
                                  tasks: l.pids.map { UInt64($0) })
        do {
            let (status, reason) = try SandboxClient.exec(id, arguments: argv, environment: env, cwd: cwd, timeout: seconds,
                                                          options: options)
            if let reason { printError("safehouse: \(reason)") }
            Glibc.exit(status)
        } catch {
            fail("\(error)")
        }
    }
}

/// `cp`: files in and out of a live sandbox. The copy is made inside, by the guest's own `cat`,
/// so the sandbox's zones and rules apply to it as to any program of the guest.
struct Cp: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a file into or out of a sandbox made by create: cp HOST_FILE NAME:GUEST_PATH, or cp NAME:GUEST_PATH HOST_FILE (- is stdin/stdout).")

    @Argument(help: ArgumentHelp("Source: a host file, - (stdin), or NAME:GUEST_PATH.", valueName: "SOURCE"))
    var source: String

    @Argument(help: ArgumentHelp("Destination: a host file, - (stdout), or NAME:GUEST_PATH.", valueName: "DESTINATION"))
    var destination: String

    /// NAME:GUEST_PATH, where the guest path is absolute.
    private static func guestSide(_ spec: String) -> (id: String, path: String)? {
        guard let colon = spec.firstIndex(of: ":") else { return nil }
        let path = String(spec[spec.index(after: colon)...])
        guard path.hasPrefix("/") else { return nil }
        return (String(spec[..<colon]), path)
    }

    mutating func run() throws {
        let status: Int32
        do {
            if let (id, path) = Cp.guestSide(destination), Cp.guestSide(source) == nil {
                let input = source == "-" ? 0 : open(source, O_RDONLY | O_CLOEXEC)
                guard input >= 0 else { fail("\(source): \(String(cString: strerror(errno)))") }
                status = try SandboxClient.exec(id, arguments: ["/bin/sh", "-c", "cat > \"$1\"", "sh", path],
                                                environment: [], cwd: nil, timeout: nil, stdio: (input, 1, 2)).status
            } else if let (id, path) = Cp.guestSide(source), Cp.guestSide(destination) == nil {
                let output = destination == "-" ? 1 : open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard output >= 0 else { fail("\(destination): \(String(cString: strerror(errno)))") }
                status = try SandboxClient.exec(id, arguments: ["/bin/cat", "--", path], environment: [], cwd: nil,
                                                timeout: nil, stdio: (0, output, 2)).status
            } else {
                fail("one side must be NAME:/absolute/guest/path and the other a host file or -")
            }
        } catch {
            fail("\(error)")
        }
        Glibc.exit(status)
    }
}

/// `kill`: the big red button for a live sandbox.
struct Kill: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "End every process of a sandbox made by create, and remove it.")

    @Argument(help: ArgumentHelp("The sandbox's name.", valueName: "NAME"))
    var id: String

    mutating func run() throws {
        do { try SandboxClient.kill(id) } catch { fail("\(error)") }
    }
}

/// `ps`: the live sandboxes of this user.
struct Ps: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the sandboxes made by create that are alive, with their usage: programs started and running, processes and threads started (TASKS, as of the last program's end), CPU seconds of the programs that ended.")

    mutating func run() throws {
        print("ID\tPID\tCREATED\tEXECS\tRUNNING\tTASKS\tCPU")
        for sandbox in SandboxRegistry.live() {
            var columns = [sandbox.id, String(sandbox.pid), sandbox.created]
            if let status = SandboxClient.status(sandbox.id) {
                let cpu = (status.cpuSeconds * 100).rounded() / 100
                columns += [String(status.started), String(status.running), status.tasks.map { String($0) } ?? "-", String(cpu)]
            } else {
                columns += ["-", "-", "-", "-"]
            }
            print(columns.joined(separator: "\t"))
        }
    }
}

func fail(_ message: String) -> Never {
    printError("safehouse: \(message)")
    Glibc.exit(125)
}

/// A duration option checked as `limits.timeout` is (more than 0, at most a week); bad input exits 125.
func checkedDuration(_ text: String, flag: String) -> Double {
    var policy = Policy.builtinDefault
    do {
        try policy.set(flag: "timeout", text)
    } catch {
        fail("\(flag) \(text): \(error.message)")
    }
    return policy.limits.timeoutSeconds ?? 0
}

extension String {
    var trimmingTrailingNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report which kernel walls and features this host offers, and what that means.")

    mutating func run() throws {
        let report = HostReport.probe()
        print(report.text)
        Glibc.exit(report.canRunSandbox ? 0 : 1)
    }
}

func printError(_ message: String) {
    let bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
if arguments.count > 3, arguments[1] == "exec", !arguments[2].hasPrefix("-"),
   !arguments[3...].prefix(while: { $0 != "--" }).contains(where: { $0 == "-h" || $0 == "--help" }) {
    Exec.run(id: arguments[2], command: Array(arguments[3...]))
}
// Diagnostics go to stderr; SAFEHOUSE_LOG=debug shows start-up phases.
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = getenv("SAFEHOUSE_LOG").flatMap { Logger.Level(rawValue: String(cString: $0)) } ?? .warning
    return handler
}
// A malformed command line is bad input like a malformed policy: one line on stderr and exit 125
// (ArgumentParser's own usage errors would exit 64). Help and version requests exit 0 as usual.
do {
    var command = try SafehouseCommand.parseAsRoot()
    try command.run()
} catch {
    let code = SafehouseCommand.exitCode(for: error)
    if code == .success { SafehouseCommand.exit(withError: error) }
    let message = SafehouseCommand.message(for: error)
    printError(message.hasPrefix("safehouse") ? message : "safehouse: " + message)
    Glibc.exit(125)
}
