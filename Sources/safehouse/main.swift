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
        subcommands: [Run.self, Doctor.self])
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run PROGRAM inside a sandbox.",
        discussion: "Without --policy the built-in default policy applies; options below override the policy.")

    @Option(name: .long, help: ArgumentHelp("Policy file (TOML).", valueName: "FILE"))
    var policy: String?

    @Option(name: .long, help: ArgumentHelp("Map a host directory read-only into the sandbox.", valueName: "HOST:GUEST"))
    var input: [String] = []

    @Option(name: .long, help: ArgumentHelp("Map a host directory writable into the sandbox; what the guest writes there is kept.", valueName: "HOST:GUEST"))
    var output: [String] = []

    @Option(name: .long, help: ArgumentHelp("Wall-clock limit; the sandbox is killed and exits 124.", valueName: "SECONDS"))
    var timeout: String?

    @Option(name: .long, help: ArgumentHelp("Address-space limit of each guest process.", valueName: "BYTES|NNM|NNG"))
    var memory: String?

    @Option(name: .long, help: ArgumentHelp("Maximum number of guest tasks (processes and threads).", valueName: "N"))
    var pids: Int?

    @Option(name: .long, help: ArgumentHelp("CPUs the guest may use: the first N of this process's CPUs.", valueName: "N"))
    var cpus: String?

    @Option(name: .long, help: ArgumentHelp("Set a guest environment variable.", valueName: "NAME=VALUE"))
    var env: [String] = []

    @Option(name: .long, help: ArgumentHelp("Working directory inside the sandbox.", valueName: "DIR"))
    var cwd: String?

    @Option(name: .long, help: ArgumentHelp("Append the live event stream (JSON lines) to FILE.", valueName: "FILE"))
    var events: String?

    @Flag(name: .long, help: "Run even where the host has no user namespaces, with the reduced guarantee of Docs/walls.md (as walls.allow_degraded = true).")
    var allowDegraded = false

    @Option(name: .long, help: ArgumentHelp("How syscalls are trapped. Only unotify is available in this build.", valueName: "unotify"))
    var platform: String = "unotify"

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("The program and its arguments, after --.", valueName: "PROGRAM"))
    var command: [String] = []

    mutating func run() throws {
        var argv = command
        if argv.first == "--" {
            argv.removeFirst()
        } else if let first = argv.first, ["-h", "--help", "-help"].contains(first) {
            throw CleanExit.helpRequest(self)
        }
        guard !argv.isEmpty else { fail("no program given (usage: safehouse run [OPTIONS] -- PROGRAM [ARGS...])") }
        guard platform == "unotify" else {
            fail("platform \(platform) is not available in this build (available: unotify)")
        }
        var policy: Policy
        do {
            policy = try self.policy.map { try Policy.load(path: $0) } ?? Policy.builtinDefault
            for spec in input { try policy.addZone(kind: .input, spec: spec) }
            for spec in output { try policy.addZone(kind: .output, spec: spec) }
            for assignment in env { try policy.setEnv(assignment) }
            if let timeout { policy.limits.timeoutSeconds = try Policy.parseDuration(timeout, field: "--timeout") }
            if let memory { policy.limits.memoryBytes = try Policy.parseSize(memory, field: "--memory") }
            if let pids {
                guard pids > 0 else { fail("--pids: must be a positive number") }
                policy.limits.pids = pids
            }
            if let cpus { try policy.setCpus(cpus) }
            if let cwd { try policy.setCwd(cwd) }
            if let events { policy.eventsFile = events }
            if allowDegraded { policy.walls.allowDegraded = true }
        } catch {
            fail("\(error)")
        }
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
            }
            Glibc.exit(result.termination.exitCode)
        } catch {
            fail("\(error)")
        }
    }

    private func fail(_ message: String) -> Never {
        printError("safehouse: \(message)")
        Glibc.exit(125)
    }
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

// Diagnostics go to stderr; SAFEHOUSE_LOG=debug shows start-up phases.
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = getenv("SAFEHOUSE_LOG").flatMap { Logger.Level(rawValue: String(cString: $0)) } ?? .warning
    return handler
}
SafehouseCommand.main()
