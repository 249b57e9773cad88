import Foundation
import XCTest

/// Runs the real `safehouse` binary against real guests.
enum Harness {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SAFEHOUSE_BIN"] { return path }
        return packageRoot.appendingPathComponent(".build/debug/safehouse").path
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `safehouse ARGS`, with a host-side watchdog so a hung sandbox fails the test instead
    /// of hanging the suite.
    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, watchdog: TimeInterval = 60) throws -> Result {
        try runHost(binary, arguments, stdin: stdin, watchdog: watchdog)
    }

    static func runHost(_ executable: String, _ arguments: [String], stdin: String? = nil,
                        watchdog: TimeInterval = 60) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + watchdog)
        timer.setEventHandler { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        timer.resume()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Result(status: status, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The CPUs the safehouse binary may run on (it inherits the test process's affinity).
    static let hostCPUs: [Int] = {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") } ?? ""
        let list = line.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        var cpus: [Int] = []
        for part in list.split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            guard let low = bounds.first, let high = bounds.last else { continue }
            cpus += low...high
        }
        return cpus
    }()

    /// `safehouse run [options] -- /bin/sh -c SCRIPT`
    static func sh(_ script: String, options: [String] = []) throws -> Result {
        try run(["run"] + options + ["--", "/bin/sh", "-c", script])
    }

    /// `safehouse run [options] -- /usr/bin/python3 -c CODE`
    static func python(_ code: String, options: [String] = []) throws -> Result {
        try run(["run"] + options + ["--", "/usr/bin/python3", "-c", code])
    }

    /// Compiles the C test programs once into a directory the tests map in with --input.
    static let programs: String = {
        let source = packageRoot.appendingPathComponent("Tests/GuestPrograms")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("safehouse-test-programs-\(getpid())")
        try? FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: source.path)) ?? []
        for file in files where file.hasSuffix(".c") {
            let name = String(file.dropLast(2))
            let result = try? runHost("/usr/bin/gcc", ["-O1", "-Wall", "-o", out.appendingPathComponent(name).path,
                                                      source.appendingPathComponent(file).path, "-lpthread"])
            precondition(result?.status == 0, "compiling \(file) failed: \(result?.stderr ?? "gcc did not run")")
        }
        return out.path
    }()

    /// Runs a compiled test program inside the sandbox (mapped read-only at /t).
    static func program(_ name: String, _ arguments: [String] = [], options: [String] = []) throws -> Result {
        try run(["run", "--input", "\(programs):/t"] + options + ["--", "/t/\(name)"] + arguments)
    }

    /// A temporary host directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("safehouse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Host processes whose command line starts with `marker` (guests renamed with `exec -a`).
    static func processCount(_ marker: String) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.filter { pid in
            // procfs files report size 0, so read to the end rather than by size.
            guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/cmdline") else { return false }
            defer { try? handle.close() }
            return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self).hasPrefix(marker)
        }.count
    }

    static func waitUntil(_ timeout: TimeInterval = 5, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Python snippet: `call(nr, *args)` → prints "nr=<n> ret=<r> errno=<NAME>".
    static let pySyscall = """
    import ctypes, errno
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    def call(nr, *args):
        r = libc.syscall(ctypes.c_long(nr), *[ctypes.c_ulong(a) if isinstance(a, int) else a for a in args])
        e = ctypes.get_errno() if r == -1 else 0
        print(f"nr={nr} ret={r} errno={errno.errorcode.get(e, e) if e else 0}")

    """
}
