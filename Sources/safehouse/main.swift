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
        guard platform == "unotify" else {
            fail("platform \(platform) is not available in this build (available: unotify)")
        }
        var policy: Policy
        do {
            policy = try self.policy.map { try Policy.load(path: $0) } ?? Policy.builtinDefault
            for spec in input { try policy.addZone(kind: .input, spec: spec) }
            for spec in output { try policy.addZone(kind: .output, spec: spec) }
            for assignment in env { try policy.setEnv(assignment) }
            for spec in allowNet { try policy.addAllowedNetwork(spec) }
            for spec in publish { try policy.addPublishedPort(spec) }
            let fields: [(String, String?)] = [
                ("timeout", timeout), ("memory", memory), ("pids", pids), ("cpus", cpus), ("open-files", openFiles),
                ("file-size", fileSize), ("cpu-seconds", cpuSeconds), ("cwd", cwd), ("events", events), ("dns-upstream", dnsUpstream),
                ("allow-degraded", allowDegraded ? "true" : nil),
            ]
            for case let (flag, text?) in fields { try policy.set(flag: flag, text) }
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
