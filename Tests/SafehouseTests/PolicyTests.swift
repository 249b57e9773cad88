import XCTest
@testable import SafehousePolicy

/// Tests for the policy model, the TOML-subset parser, merging, validation and overrides.
final class PolicyTests: XCTestCase {

    // MARK: Helpers

    private static let repoRoot: String = {
        // .../Tests/SafehouseTests/PolicyTests.swift -> repository root
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    private func examplePath(_ name: String) -> String { Self.repoRoot + "/Policies/" + name }

    /// Parses `text`, which must fail with exactly this field and line, and a message containing
    /// `contains` (when given).
    private func assertError(_ text: String, field: String, line: Int?, contains: String? = nil,
                             file: StaticString = #filePath, sourceLine: UInt = #line) {
        do {
            let policy = try Policy.parse(text: text, fileName: "t.toml")
            XCTFail("expected an error for field \(field), got a policy: \(policy)", file: file, line: sourceLine)
        } catch {
            XCTAssertEqual(error.file, "t.toml", "file", file: file, line: sourceLine)
            XCTAssertEqual(error.field, field, "field of: \(error)", file: file, line: sourceLine)
            XCTAssertEqual(error.line, line, "line of: \(error)", file: file, line: sourceLine)
            if let contains {
                XCTAssertTrue(error.message.contains(contains), "message of \(error) lacks \"\(contains)\"",
                              file: file, line: sourceLine)
            }
        }
    }

    /// A policy text with the version line first, so line numbers in `body` start at 2.
    private func v1(_ body: String) -> String { "version = 1\n" + body }

    private func parse(_ text: String) throws -> Policy { try Policy.parse(text: text, fileName: "t.toml") }

    private func writeTemp(_ bytes: [UInt8]) -> String {
        let path = "/tmp/policy-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).toml"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return path
    }

    // MARK: Defaults

    func testBuiltinDefault() {
        let p = Policy.builtinDefault
        XCTAssertEqual(p.version, 1)
        XCTAssertEqual(p.hostname, "sandbox")
        XCTAssertEqual(p.user, "sandbox")
        XCTAssertEqual(p.cwd, "/home/sandbox")
        XCTAssertEqual(p.env.map(\.name), ["PATH", "HOME", "LANG", "USER"])
        XCTAssertEqual(p.envValue("PATH"), "/usr/local/bin:/usr/bin:/bin")
        XCTAssertEqual(p.envValue("HOME"), "/home/sandbox")
        XCTAssertEqual(p.envValue("LANG"), "C.UTF-8")
        XCTAssertEqual(p.envValue("USER"), "sandbox")
        XCTAssertEqual(p.inheritEnv, [])
        XCTAssertEqual(p.limits, Limits(timeoutSeconds: nil, memoryBytes: nil, pids: nil, openFiles: nil,
                                        fileSizeBytes: nil, cpuSeconds: nil))
        XCTAssertEqual(p.walls, Walls(namespaces: .auto, allowDegraded: false))
        XCTAssertNil(p.eventsFile)
        XCTAssertEqual(Policy.guestUID, 1000)
        XCTAssertEqual(Policy.guestGID, 1000)

        let system = p.zones.filter { $0.kind == .system }
        XCTAssertEqual(system.map(\.guestPath), [
            "/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc/ssl/certs", "/etc/ssl/openssl.cnf", "/etc/ca-certificates", "/etc/alternatives",
            "/etc/ld.so.cache", "/etc/localtime", "/etc/python3", "/etc/python3.11", "/etc/perl",
            "/etc/mime.types", "/etc/nsswitch.conf",
        ])
        for zone in system {
            XCTAssertEqual(zone.hostPath, zone.guestPath)
            XCTAssertNil(zone.sizeBytes)
        }
        // Nothing secret from /etc.
        for secret in ["/etc", "/etc/shadow", "/etc/ssh", "/etc/sudoers", "/etc/passwd", "/root", "/home"] {
            XCTAssertNil(p.zone(atGuestPath: secret), secret)
        }
        let scratch = p.zones.filter { $0.kind == .scratch }
        XCTAssertEqual(scratch.map(\.guestPath), ["/tmp", "/home/sandbox"])
        XCTAssertEqual(scratch.map(\.sizeBytes), [256 << 20, 256 << 20])
        XCTAssertTrue(scratch.allSatisfy { $0.hostPath == nil })
    }

    func testMinimalFileGivesDefaults() throws {
        var p = try parse("version = 1\n")
        XCTAssertEqual(p.sourceFile, "t.toml")
        p.sourceFile = nil
        XCTAssertEqual(p, Policy.builtinDefault)
    }

    // MARK: Example files

    func testDefaultExampleMatchesBuiltinDefault() throws {
        let p = try Policy.load(path: examplePath("default.toml"))
        XCTAssertEqual(p, Policy.builtinDefault)
        XCTAssertEqual(p.zones.map(\.guestPath), Policy.builtinDefault.zones.map(\.guestPath))
        XCTAssertEqual(p.sourceFile, examplePath("default.toml"))
        XCTAssertTrue(p.zones.allSatisfy { $0.origin == .file && $0.line != nil })
    }

    func testAgentExample() throws {
        let p = try Policy.load(path: examplePath("agent-example.toml"))
        XCTAssertEqual(p.hostname, "agent")
        XCTAssertEqual(p.user, "agent")
        XCTAssertEqual(p.cwd, "/task")
        XCTAssertEqual(p.inheritEnv, ["TERM", "COLUMNS", "LINES"])
        XCTAssertEqual(p.envValue("USER"), "agent", "USER follows [sandbox] user")
        XCTAssertEqual(p.envValue("HOME"), "/home/agent")
        XCTAssertEqual(p.env.map(\.name),
                       ["PATH", "HOME", "LANG", "USER", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "MPLBACKEND"])
        XCTAssertEqual(p.limits.timeoutSeconds, 120)
        XCTAssertEqual(p.limits.memoryBytes, 1 << 30)
        XCTAssertEqual(p.limits.pids, 128)
        XCTAssertEqual(p.limits.openFiles, 512)
        XCTAssertEqual(p.limits.fileSizeBytes, 256 << 20)
        XCTAssertEqual(p.limits.cpuSeconds, 90)
        XCTAssertEqual(p.walls, Walls(namespaces: .auto, allowDegraded: false))
        XCTAssertEqual(p.eventsFile, "/var/log/safehouse/agent-events.jsonl")

        XCTAssertEqual(p.zone(atGuestPath: "/task"), Zone(kind: .input, guestPath: "/task", hostPath: "/srv/agent/task"))
        XCTAssertEqual(p.zone(atGuestPath: "/output"),
                       Zone(kind: .output, guestPath: "/output", hostPath: "/srv/agent/output"))
        XCTAssertEqual(p.zone(atGuestPath: "/home/agent")?.sizeBytes, 512 << 20)
        // /tmp replaced in place (same position as the default), not duplicated.
        XCTAssertEqual(p.zones.filter { $0.guestPath == "/tmp" }.count, 1)
        XCTAssertEqual(p.zones.firstIndex { $0.guestPath == "/tmp" },
                       Policy.builtinDefault.zones.firstIndex { $0.guestPath == "/tmp" })
        XCTAssertEqual(p.zone(atGuestPath: "/tmp")?.sizeBytes, 1 << 30)
        XCTAssertEqual(p.zone(atGuestPath: "/tmp")?.origin, .file)
        XCTAssertEqual(p.zones.count, Policy.builtinDefault.zones.count + 3)
        XCTAssertNotNil(p.zone(atGuestPath: "/usr"))
    }

    // MARK: Merging

    func testZonesAppendAndReplaceDefaults() throws {
        let p = try parse(v1("""
            [[zone]]
            kind = "input"
            guest = "/data/"
            host = "/srv/data"

            [[zone]]
            kind = "system"
            guest = "/usr"
            host = "/opt/usr"
            """))
        XCTAssertEqual(p.zones.count, Policy.builtinDefault.zones.count + 1)
        XCTAssertEqual(p.zones.last, Zone(kind: .input, guestPath: "/data", hostPath: "/srv/data"))
        XCTAssertEqual(p.zones.last?.line, 2)
        XCTAssertEqual(p.zones[0], Zone(kind: .system, guestPath: "/usr", hostPath: "/opt/usr"))
        XCTAssertEqual(p.zones[0].line, 7)
    }

    func testDefaultZonesFalseReplacesList() throws {
        let p = try parse(v1("""
            [sandbox]
            default_zones = false
            [[zone]]
            kind = "scratch"
            guest = "/work"
            """))
        XCTAssertEqual(p.zones, [Zone.scratch("/work")])
        let none = try parse(v1("[sandbox]\ndefault_zones = false\n"))
        XCTAssertEqual(none.zones, [])
    }

    func testEnvMerging() throws {
        let p = try parse(v1("""
            [env]
            LANG = "en_US.UTF-8"
            EXTRA = "x"
            "WEIRD.NAME" = "quoted key"
            """))
        XCTAssertEqual(p.env.map(\.name), ["PATH", "HOME", "LANG", "USER", "EXTRA", "WEIRD.NAME"])
        XCTAssertEqual(p.envValue("LANG"), "en_US.UTF-8")
        XCTAssertEqual(p.envValue("WEIRD.NAME"), "quoted key")

        let bare = try parse(v1("[sandbox]\ndefault_env = false\n[env]\nA = \"1\"\n"))
        XCTAssertEqual(bare.env.map(\.name), ["A"])

        // [env] USER wins over the user-follows rule.
        let explicit = try parse(v1("[sandbox]\nuser = \"bob\"\n[env]\nUSER = \"alice\"\n"))
        XCTAssertEqual(explicit.user, "bob")
        XCTAssertEqual(explicit.envValue("USER"), "alice")
    }

    func testResolvedEnvironment() throws {
        let p = try parse(v1("""
            [sandbox]
            inherit_env = ["TERM", "PATH", "UNSET"]
            [env]
            TERM = "dumb"
            """))
        let host = ["TERM": "xterm-256color", "PATH": "/host/bin", "SECRET": "s3cret"]
        let env = p.resolvedEnvironment { host[$0] }
        XCTAssertEqual(env, ["PATH=/host/bin", "HOME=/home/sandbox", "LANG=C.UTF-8", "USER=sandbox", "TERM=xterm-256color"])
        XCTAssertFalse(env.contains { $0.hasPrefix("SECRET=") })
        // Not set on the host: the policy value stays.
        XCTAssertEqual(p.resolvedEnvironment { _ in nil }.last, "TERM=dumb")
    }

    func testAllFieldsParse() throws {
        let p = try parse("""
            # comment before the version
            version = 1   # trailing comment

            [sandbox]
            hostname = "box-1.example"
            user = "_svc-2"
            cwd = "/work/./sub/"
            inherit_env = [
              "TERM",   # the terminal
              "LC_ALL",
            ]

            [limits]
            timeout = 30
            memory = 536_870_912
            pids = 64
            open_files = 4096
            file_size = "1.5G"
            cpu_seconds = 10

            [walls]
            namespaces = "required"
            allow_degraded = true

            [events]
            file = "events.jsonl"
            """)
        XCTAssertEqual(p.hostname, "box-1.example")
        XCTAssertEqual(p.user, "_svc-2")
        XCTAssertEqual(p.cwd, "/work/sub")
        XCTAssertEqual(p.inheritEnv, ["TERM", "LC_ALL"])
        XCTAssertEqual(p.limits, Limits(timeoutSeconds: 30, memoryBytes: 512 << 20, pids: 64, openFiles: 4096,
                                        fileSizeBytes: 3 << 29, cpuSeconds: 10))
        XCTAssertEqual(p.walls, Walls(namespaces: .required, allowDegraded: true))
        XCTAssertEqual(p.eventsFile, "events.jsonl")
    }

    // MARK: TOML subset

    func testStringsAndSyntaxVariants() throws {
        let p = try parse("\u{FEFF}version = +1\r\n[env]\r\n"
                          + "A = \"q\\\"b\\\\n\\n\\t\\u00e9\\U0001F600\"\r\n"
                          + "B = 'C:\\literal'\r\n"
                          + "C = \"\"\r\n")
        XCTAssertEqual(p.envValue("A"), "q\"b\\n\n\té😀")
        XCTAssertEqual(p.envValue("B"), "C:\\literal")
        XCTAssertEqual(p.envValue("C"), "")
    }

    func testSyntaxErrors() {
        assertError("version = 1\nhostname = \"x", field: "hostname", line: 2, contains: "unterminated string")
        assertError(v1("[limits]\ntimeout = 1.5\n"), field: "limits.timeout", line: 3, contains: "floating-point")
        assertError(v1("[limits]\ntimeout = 1e3\n"), field: "limits.timeout", line: 3, contains: "floating-point")
        assertError(v1("[env]\nX = { a = 1 }\n"), field: "env.X", line: 3, contains: "inline tables")
        assertError(v1("sandbox.hostname = \"x\"\n"), field: "sandbox", line: 2, contains: "dotted keys")
        assertError(v1("[sandbox.x]\n"), field: "sandbox", line: 2, contains: "dotted table names")
        assertError(v1("[sandbox]\nhostname = box\n"), field: "sandbox.hostname", line: 3, contains: "\"box\"")
        assertError(v1("[env]\nA = \"\\q\"\n"), field: "env.A", line: 3, contains: "invalid escape")
        assertError(v1("[env]\nA = \"\\u12\"\n"), field: "env.A", line: 3, contains: "hexadecimal")
        assertError(v1("[env]\nA = \"\\uD800\"\n"), field: "env.A", line: 3, contains: "Unicode scalar")
        assertError(v1("[env]\nA = \"x\" \"y\"\n"), field: "env.A", line: 3, contains: "one `key = value` per line")
        assertError(v1("[env]\nA = \"\"\"x\"\"\"\n"), field: "env.A", line: 3, contains: "multi-line strings")
        assertError(v1("[env]\nA =\n"), field: "env.A", line: 3, contains: "missing value")
        assertError(v1("[env]\nA\n"), field: "env.A", line: 3, contains: "expected '='")
        assertError(v1("[limits]\npids = 0x10\n"), field: "limits.pids", line: 3, contains: "decimal")
        assertError(v1("[limits]\npids = 012\n"), field: "limits.pids", line: 3, contains: "leading zeros")
        assertError(v1("[limits]\npids = 1__0\n"), field: "limits.pids", line: 3, contains: "'_'")
        assertError(v1("[limits]\npids = 1979-05-27\n"), field: "limits.pids", line: 3, contains: "dates")
        assertError(v1("[limits]\npids = 99999999999999999999\n"), field: "limits.pids", line: 3, contains: "out of range")
        assertError(v1("[sandbox\n"), field: "", line: 2, contains: "']'")
        assertError(v1("= 3\n"), field: "", line: 2, contains: "expected a key")
        assertError(v1("[env]\nA = \"tab\u{1}\"\n"), field: "env.A", line: 3, contains: "control character")
        assertError("version = 1\r[env]\n", field: "", line: 1, contains: "carriage return")
    }

    func testArrays() {
        // Multi-line arrays report the line of the offending element.
        assertError(v1("""
            [sandbox]
            inherit_env = [
              "TERM",
              3,
            ]
            """), field: "sandbox.inherit_env[2]", line: 5, contains: "one type")
        assertError(v1("[sandbox]\ninherit_env = [\"A\",\n\"B\"\n"), field: "sandbox.inherit_env", line: 3,
                    contains: "unterminated array")
        assertError(v1("[sandbox]\ninherit_env = [[\"A\"]]\n"), field: "sandbox.inherit_env[1]", line: 3, contains: "nested")
        assertError(v1("[sandbox]\ninherit_env = [\"A\" \"B\"]\n"), field: "sandbox.inherit_env", line: 3,
                    contains: "expected ',' or ']'")
        assertError(v1("[sandbox]\ninherit_env = [1, 2]\n"), field: "sandbox.inherit_env[1]", line: 3,
                    contains: "expected a string")
        assertError(v1("[sandbox]\ninherit_env = [true]\n"), field: "sandbox.inherit_env[1]", line: 3, contains: "booleans")
        assertError(v1("[sandbox]\ninherit_env = [\"A\", \"A\"]\n"), field: "sandbox.inherit_env[2]", line: 3,
                    contains: "twice")
        assertError(v1("[sandbox]\ninherit_env = [\"A=B\"]\n"), field: "sandbox.inherit_env[1]", line: 3, contains: "'='")
    }

    // MARK: Structure errors

    func testUnknownTablesAndKeys() {
        assertError(v1("[limit]\n"), field: "limit", line: 2, contains: "did you mean [limits]?")
        assertError(v1("[zones]\n"), field: "zones", line: 2, contains: "did you mean [[zone]]?")
        assertError(v1("[netwrk]\n"), field: "netwrk", line: 2, contains: "[network]")
        assertError(v1("[zone]\nkind = \"scratch\"\n"), field: "zone", line: 2, contains: "[[zone]]")
        assertError(v1("[[limits]]\n"), field: "limits", line: 2, contains: "write [limits]")
        assertError(v1("[limits]\nmemroy = \"1G\"\n"), field: "limits.memroy", line: 3, contains: "did you mean 'memory'?")
        assertError(v1("[limits]\nopenfiles = 3\n"), field: "limits.openfiles", line: 3, contains: "did you mean 'open_files'?")
        assertError(v1("[limits]\nhostname = \"x\"\n"), field: "limits.hostname", line: 3, contains: "belongs in [sandbox]")
        assertError(v1("[walls]\nfoo = 1\n"), field: "walls.foo", line: 3, contains: "known keys: namespaces, allow_degraded")
        assertError(v1("hostname = \"x\"\n"), field: "hostname", line: 2, contains: "belongs in [sandbox]")
        assertError(v1("verison = 1\n"), field: "verison", line: 2, contains: "did you mean 'version'?")
        assertError("[sandbox]\nversion = 1\n", field: "sandbox.version", line: 2, contains: "top of the file")
        assertError(v1("[[zone]]\nkind = \"scratch\"\nguest = \"/w\"\nsise = \"1M\"\n"), field: "zone[1].sise", line: 5,
                    contains: "did you mean 'size'?")
    }

    func testDuplicates() {
        assertError(v1("[limits]\npids = 1\n\npids = 2\n"), field: "limits.pids", line: 5, contains: "line 3")
        assertError(v1("[limits]\n[walls]\n[limits]\n"), field: "limits", line: 4, contains: "duplicate table")
        assertError(v1("[[zone]]\n[zone]\n"), field: "zone", line: 3, contains: "conflicts")
        assertError(v1("version = 1\n"), field: "version", line: 2, contains: "duplicate key")
    }

    func testVersion() {
        assertError("[sandbox]\nhostname = \"x\"\n", field: "version", line: nil, contains: "missing")
        assertError("version = 2\n", field: "version", line: 1, contains: "unsupported policy version 2")
        assertError("version = \"1\"\n", field: "version", line: 1, contains: "expected an integer")
    }

    func testWrongTypes() {
        assertError(v1("[sandbox]\nhostname = 5\n"), field: "sandbox.hostname", line: 3, contains: "expected a string, found an integer")
        assertError(v1("[sandbox]\ndefault_zones = \"no\"\n"), field: "sandbox.default_zones", line: 3, contains: "true or false")
        assertError(v1("[sandbox]\ninherit_env = \"TERM\"\n"), field: "sandbox.inherit_env", line: 3, contains: "array")
        assertError(v1("[limits]\npids = \"64\"\n"), field: "limits.pids", line: 3, contains: "expected an integer, found a string")
        assertError(v1("[limits]\nmemory = true\n"), field: "limits.memory", line: 3, contains: "expected a size")
        assertError(v1("[limits]\ntimeout = [1]\n"), field: "limits.timeout", line: 3, contains: "found an array")
        assertError(v1("[env]\nPORT = 8080\n"), field: "env.PORT", line: 3, contains: "expected a string")
        assertError(v1("[walls]\nnamespaces = \"on\"\n"), field: "walls.namespaces", line: 3, contains: "required")
        assertError(v1("[walls]\nallow_degraded = 1\n"), field: "walls.allow_degraded", line: 3, contains: "true or false")
        assertError(v1("[events]\nfile = \"\"\n"), field: "events.file", line: 3, contains: "empty")
    }

    // MARK: Zones

    private func zoneText(_ lines: String) -> String { v1("[[zone]]\n" + lines) }

    func testZoneGuestPathErrors() {
        let long = "/" + String(repeating: "a/", count: 2048)
        assertError(zoneText("kind = \"scratch\"\nguest = \"tmp\"\n"), field: "zone[1].guest", line: 4, contains: "absolute")
        assertError(zoneText("kind = \"scratch\"\nguest = \"\"\n"), field: "zone[1].guest", line: 4, contains: "empty")
        assertError(zoneText("kind = \"scratch\"\nguest = \"/a/../etc\"\n"), field: "zone[1].guest", line: 4, contains: "'..'")
        assertError(zoneText("kind = \"scratch\"\nguest = \"/a/..\"\n"), field: "zone[1].guest", line: 4, contains: "'..'")
        assertError(zoneText("kind = \"scratch\"\nguest = \"/a\\u0000b\"\n"), field: "zone[1].guest", line: 4, contains: "NUL")
        assertError(zoneText("kind = \"scratch\"\nguest = \"\(long)\"\n"), field: "zone[1].guest", line: 4, contains: "4095")
        assertError(zoneText("kind = \"scratch\"\nguest = \"/\"\n"), field: "zone[1].guest", line: 4, contains: "\"/\" cannot be a zone")
        assertError(zoneText("kind = \"scratch\"\nguest = \"//./\"\n"), field: "zone[1].guest", line: 4, contains: "cannot be a zone")
        assertError(zoneText("kind = \"scratch\"\nguest = \"/proc/self\"\n"), field: "zone[1].guest", line: 4, contains: "synthetic")
        assertError(zoneText("kind = \"scratch\"\nguest = \"/dev\"\n"), field: "zone[1].guest", line: 4, contains: "synthetic")
        assertError(zoneText("kind = \"input\"\nguest = \"/etc/passwd\"\nhost = \"/etc/passwd\"\n"), field: "zone[1].guest",
                    line: 4, contains: "synthetic")
        // Exactly 4095 bytes is fine; /procfoo is not /proc.
        let max = "/" + String(repeating: "b", count: 9) + String(repeating: "/bbbbbbbbbb", count: 370)
        XCTAssertEqual(max.utf8.count, 4080)
        let exact = max + "/" + String(repeating: "c", count: 14)
        XCTAssertEqual(exact.utf8.count, 4095)
        XCTAssertNoThrow(try parse(zoneText("kind = \"scratch\"\nguest = \"\(exact)\"\n")))
        XCTAssertNoThrow(try parse(zoneText("kind = \"scratch\"\nguest = \"/procfoo\"\n")))
    }

    func testZoneStructureErrors() {
        assertError(zoneText("guest = \"/w\"\n"), field: "zone[1].kind", line: 2, contains: "missing")
        assertError(zoneText("kind = \"temp\"\nguest = \"/w\"\n"), field: "zone[1].kind", line: 3, contains: "not a zone kind")
        assertError(zoneText("kind = \"scratch\"\n"), field: "zone[1].guest", line: 2, contains: "missing")
        assertError(zoneText("kind = \"input\"\nguest = \"/in\"\n"), field: "zone[1].host", line: 2, contains: "missing")
        assertError(zoneText("kind = \"scratch\"\nguest = \"/s\"\nhost = \"/h\"\n"), field: "zone[1].host", line: 5,
                    contains: "scratch zone has no host path")
        assertError(zoneText("kind = \"output\"\nguest = \"/o\"\nhost = \"/h\"\nsize = \"1M\"\n"), field: "zone[1].size",
                    line: 6, contains: "scratch zones only")
        assertError(zoneText("kind = \"output\"\nguest = \"/o\"\nhost = \"relative/out\"\n"), field: "zone[1].host",
                    line: 5, contains: "absolute")
        assertError(zoneText("kind = \"scratch\"\nguest = \"/s\"\nsize = \"0\"\n"), field: "zone[1].size", line: 5,
                    contains: "positive")
        assertError(zoneText("kind = \"scratch\"\nguest = \"/s\"\nsize = -5\n"), field: "zone[1].size", line: 5,
                    contains: "positive")
    }

    func testDuplicateGuestPaths() {
        assertError(v1("""
            [[zone]]
            kind = "scratch"
            guest = "/work"

            [[zone]]
            kind = "output"
            host = "/srv/out"
            guest = "/work/"
            """), field: "zone[2].guest", line: 9, contains: "already used by zone[1] (line 2)")
        // The same guest path as a default zone is a replacement, not a duplicate.
        XCTAssertNoThrow(try parse(zoneText("kind = \"scratch\"\nguest = \"/usr\"\n")))
    }

    // MARK: Values

    func testLimitErrors() {
        assertError(v1("[limits]\npids = 0\n"), field: "limits.pids", line: 3, contains: "positive")
        assertError(v1("[limits]\npids = -1\n"), field: "limits.pids", line: 3, contains: "positive")
        assertError(v1("[limits]\npids = 99999999\n"), field: "limits.pids", line: 3, contains: "at most")
        assertError(v1("[limits]\nopen_files = 0\n"), field: "limits.open_files", line: 3, contains: "positive")
        assertError(v1("[limits]\ncpu_seconds = -3\n"), field: "limits.cpu_seconds", line: 3, contains: "positive")
        assertError(v1("[limits]\nmemory = 0\n"), field: "limits.memory", line: 3, contains: "positive")
        assertError(v1("[limits]\nmemory = \"0M\"\n"), field: "limits.memory", line: 3, contains: "positive")
        assertError(v1("[limits]\nmemory = -1\n"), field: "limits.memory", line: 3, contains: "positive")
        assertError(v1("[limits]\nmemory = \"512\"\n"), field: "limits.memory", line: 3, contains: "did you mean \"512M\"")
        assertError(v1("[limits]\nmemory = \"20000000T\"\n"), field: "limits.memory", line: 3, contains: "too large")
        assertError(v1("[limits]\nmemory = \"12X\"\n"), field: "limits.memory", line: 3, contains: "unknown unit")
        assertError(v1("[limits]\nfile_size = 0\n"), field: "limits.file_size", line: 3, contains: "positive")
        assertError(v1("[limits]\ntimeout = 0\n"), field: "limits.timeout", line: 3, contains: "positive")
        assertError(v1("[limits]\ntimeout = -5\n"), field: "limits.timeout", line: 3, contains: "positive")
        assertError(v1("[limits]\ntimeout = \"0s\"\n"), field: "limits.timeout", line: 3, contains: "positive")
        assertError(v1("[limits]\ntimeout = 604801\n"), field: "limits.timeout", line: 3, contains: "one week")
        assertError(v1("[limits]\ntimeout = \"8d\"\n"), field: "limits.timeout", line: 3, contains: "one week")
        assertError(v1("[limits]\ntimeout = \"soon\"\n"), field: "limits.timeout", line: 3, contains: "not a duration")
        XCTAssertEqual(try parse(v1("[limits]\ntimeout = 604800\n")).limits.timeoutSeconds, 604_800)
        XCTAssertEqual(try parse(v1("[limits]\ntimeout = \"7d\"\n")).limits.timeoutSeconds, 604_800)
        XCTAssertEqual(try parse(v1("[limits]\ntimeout = \"1.5s\"\n")).limits.timeoutSeconds, 1.5)
        XCTAssertEqual(try parse(v1("[limits]\nmemory = \"1M\"\n")).limits.memoryBytes, 1 << 20)
    }

    func testHostnameUserAndEnvNames() {
        assertError(v1("[sandbox]\nhostname = \"bad_host\"\n"), field: "sandbox.hostname", line: 3, contains: "letters, digits")
        assertError(v1("[sandbox]\nhostname = \"\"\n"), field: "sandbox.hostname", line: 3, contains: "1 to 64")
        assertError(v1("[sandbox]\nhostname = \"\(String(repeating: "h", count: 65))\"\n"), field: "sandbox.hostname",
                    line: 3, contains: "1 to 64")
        assertError(v1("[sandbox]\nhostname = \"-x\"\n"), field: "sandbox.hostname", line: 3, contains: "start")
        assertError(v1("[sandbox]\nhostname = \"a..b\"\n"), field: "sandbox.hostname", line: 3, contains: "'..'")
        XCTAssertNoThrow(try parse(v1("[sandbox]\nhostname = \"\(String(repeating: "h", count: 64))\"\n")))
        assertError(v1("[sandbox]\nuser = \"Root\"\n"), field: "sandbox.user", line: 3, contains: "lower-case")
        assertError(v1("[sandbox]\nuser = \"a b\"\n"), field: "sandbox.user", line: 3)
        assertError(v1("[sandbox]\ncwd = \"home\"\n"), field: "sandbox.cwd", line: 3, contains: "absolute")
        assertError(v1("[sandbox]\ncwd = \"/home/../etc\"\n"), field: "sandbox.cwd", line: 3, contains: "'..'")
        XCTAssertEqual(try parse(v1("[sandbox]\ncwd = \"/\"\n")).cwd, "/")
        assertError(v1("[env]\n\"A=B\" = \"x\"\n"), field: "env.A=B", line: 3, contains: "'='")
        assertError(v1("[env]\n\"\" = \"x\"\n"), field: "env", line: 3, contains: "must not be empty")
        assertError(v1("[env]\n\"A\\u0000\" = \"x\"\n"), field: "env.A\u{0}", line: 3, contains: "NUL")
        assertError(v1("[env]\nA = \"x\\u0000y\"\n"), field: "env.A", line: 3, contains: "NUL")
    }

    // MARK: Sizes and durations

    func testParseSize() throws {
        XCTAssertEqual(try Policy.parseSize("0"), 0)
        XCTAssertEqual(try Policy.parseSize("1"), 1)
        XCTAssertEqual(try Policy.parseSize("536870912"), 536_870_912)
        XCTAssertEqual(try Policy.parseSize("1K"), 1024)
        XCTAssertEqual(try Policy.parseSize("1k"), 1024)
        XCTAssertEqual(try Policy.parseSize("1KiB"), 1024)
        XCTAssertEqual(try Policy.parseSize("1kb"), 1024)
        XCTAssertEqual(try Policy.parseSize("512M"), 512 << 20)
        XCTAssertEqual(try Policy.parseSize(" 512 MiB "), 512 << 20)
        XCTAssertEqual(try Policy.parseSize("2G"), 2 << 30)
        XCTAssertEqual(try Policy.parseSize("3T"), 3 << 40)
        XCTAssertEqual(try Policy.parseSize("1.5G"), 3 << 29)
        XCTAssertEqual(try Policy.parseSize(".5K"), 512)
        XCTAssertEqual(try Policy.parseSize("100B"), 100)
        XCTAssertEqual(try Policy.parseSize("16777215T"), UInt64.max - (1 << 40) + 1)
        XCTAssertEqual(try Policy.parseSize("18446744073709551615"), UInt64.max)
        for bad in ["", "  ", "-1", "-1M", "M", "1.3", "0.1K", "1..5G", "12X", "1E", "1 M B", "16777216T",
                    "17179869184G", "18446744073709551616", "1e3"] {
            XCTAssertThrowsError(try Policy.parseSize(bad, field: "limits.memory"), "\"\(bad)\"") { error in
                guard let error = error as? PolicyError else { return XCTFail("wrong error type") }
                XCTAssertEqual(error.field, "limits.memory")
                XCTAssertNil(error.line)
                XCTAssertNil(error.file)
            }
        }
    }

    func testParseDuration() throws {
        XCTAssertEqual(try Policy.parseDuration("30"), 30)
        XCTAssertEqual(try Policy.parseDuration("1.5"), 1.5)
        XCTAssertEqual(try Policy.parseDuration("1.5s"), 1.5)
        XCTAssertEqual(try Policy.parseDuration("250ms"), 0.25)
        XCTAssertEqual(try Policy.parseDuration("2m"), 120)
        XCTAssertEqual(try Policy.parseDuration("1h30m"), 5400)
        XCTAssertEqual(try Policy.parseDuration("1m 30s"), 90)
        XCTAssertEqual(try Policy.parseDuration("5 s"), 5)
        XCTAssertEqual(try Policy.parseDuration("1d"), 86400)
        XCTAssertEqual(try Policy.parseDuration("0"), 0)
        for bad in ["", "-1s", "-1", "1x", "s", "1.2.3s", "1e5", "10 20", "1m30", ".s", "inf", "nan",
                    String(repeating: "9", count: 400)] {
            XCTAssertThrowsError(try Policy.parseDuration(bad), "\"\(bad)\"") { error in
                XCTAssertEqual((error as? PolicyError)?.field, "duration")
            }
        }
    }

    // MARK: Command-line overrides

    func testAddZone() throws {
        var p = Policy.builtinDefault
        try p.addZone(kind: .input, spec: "/srv/in:/input")
        try p.addZone(kind: .output, spec: "/srv/out:/tmp")  // replaces the default scratch /tmp in place
        try p.addZone(kind: .scratch, spec: "/cache:64M")
        try p.addZone(kind: .scratch, spec: "/cache2")
        try p.addZone(kind: .input, spec: "/host:with:colons:/data")
        XCTAssertEqual(p.zone(atGuestPath: "/input"), Zone(kind: .input, guestPath: "/input", hostPath: "/srv/in"))
        XCTAssertEqual(p.zone(atGuestPath: "/input")?.origin, .commandLine)
        XCTAssertEqual(p.zone(atGuestPath: "/tmp"), Zone(kind: .output, guestPath: "/tmp", hostPath: "/srv/out"))
        XCTAssertEqual(p.zones.filter { $0.guestPath == "/tmp" }.count, 1)
        XCTAssertEqual(p.zone(atGuestPath: "/cache")?.sizeBytes, 64 << 20)
        XCTAssertEqual(p.zone(atGuestPath: "/cache2")?.sizeBytes, 256 << 20)
        XCTAssertEqual(p.zone(atGuestPath: "/data")?.hostPath, "/host:with:colons")

        // A relative host path is taken relative to the current directory.
        try p.addZone(kind: .output, spec: "out:/out")
        let cwd = String(cString: getcwd(nil, 0))
        XCTAssertEqual(p.zone(atGuestPath: "/out")?.hostPath, (cwd == "/" ? "" : cwd) + "/out")

        func expect(_ kind: ZoneKind, _ spec: String, field: String, contains: String, line: UInt = #line) {
            var q = p
            XCTAssertThrowsError(try q.addZone(kind: kind, spec: spec), line: line) { error in
                guard let error = error as? PolicyError else { return XCTFail("wrong error type", line: line) }
                XCTAssertEqual(error.field, field, "\(error)", line: line)
                XCTAssertNil(error.line, line: line)
                XCTAssertNil(error.file, line: line)
                XCTAssertTrue(error.message.contains(contains), "\(error)", line: line)
                XCTAssertTrue(error.description.hasPrefix(field + ": "), error.description, line: line)
            }
        }
        expect(.input, "/srv/in2:/input", field: "zone.guest", contains: "already used")
        expect(.output, "/srv/out", field: "zone", contains: "HOST:GUEST")
        expect(.output, "/srv/out:rel", field: "zone.guest", contains: "absolute")
        expect(.output, "/srv/out:/", field: "zone.guest", contains: "cannot be a zone")
        expect(.output, "/srv/out:/a/../b", field: "zone.guest", contains: "'..'")
        expect(.output, "/srv/out:/proc", field: "zone.guest", contains: "synthetic")
        expect(.input, ":/x", field: "zone.host", contains: "empty")
        expect(.scratch, "/s:0", field: "zone.size", contains: "positive")
        expect(.scratch, "/s:lots", field: "zone.size", contains: "not a size")
    }

    func testSetters() throws {
        var p = Policy.builtinDefault
        try p.setEnv("LANG=de_DE.UTF-8")
        try p.setEnv("NEW=a=b")
        try p.setEnv("EMPTY=")
        try p.setEnv("TERM")
        try p.setEnv("TERM")
        XCTAssertEqual(p.env.map(\.name), ["PATH", "HOME", "LANG", "USER", "NEW", "EMPTY"])
        XCTAssertEqual(p.envValue("LANG"), "de_DE.UTF-8")
        XCTAssertEqual(p.envValue("NEW"), "a=b")
        XCTAssertEqual(p.envValue("EMPTY"), "")
        XCTAssertEqual(p.inheritEnv, ["TERM"])
        try p.setTimeout("1m30s")
        XCTAssertEqual(p.limits.timeoutSeconds, 90)
        try p.setMemory("2G")
        XCTAssertEqual(p.limits.memoryBytes, 2 << 30)
        try p.setPids("32")
        XCTAssertEqual(p.limits.pids, 32)
        try p.setCwd("/work//x/")
        XCTAssertEqual(p.cwd, "/work/x")

        func expect(_ field: String, _ contains: String, line: UInt = #line, _ body: (inout Policy) throws -> Void) {
            var q = p
            XCTAssertThrowsError(try body(&q), line: line) { error in
                guard let error = error as? PolicyError else { return XCTFail("wrong error type", line: line) }
                XCTAssertEqual(error.field, field, "\(error)", line: line)
                XCTAssertNil(error.line, line: line)
                XCTAssertTrue(error.message.contains(contains), "\(error)", line: line)
            }
        }
        expect("env", "must not be empty") { try $0.setEnv("=x") }
        expect("env", "must not be empty") { try $0.setEnv("") }
        expect("env.A", "NUL") { try $0.setEnv("A=\u{0}") }
        expect("limits.timeout", "one week") { try $0.setTimeout("8d") }
        expect("limits.timeout", "positive") { try $0.setTimeout("0") }
        expect("limits.timeout", "not a duration") { try $0.setTimeout("forever") }
        expect("limits.memory", "did you mean \"512M\"") { try $0.setMemory("512") }
        expect("limits.memory", "too large") { try $0.setMemory("99999999T") }
        expect("limits.pids", "positive") { try $0.setPids("0") }
        expect("limits.pids", "not an integer") { try $0.setPids("many") }
        expect("sandbox.cwd", "absolute") { try $0.setCwd("rel") }
    }

    // MARK: Files and error rendering

    func testErrorDescription() {
        XCTAssertEqual(PolicyError(file: "a.toml", line: 3, field: "limits.memory", message: "bad").description,
                       "a.toml:3: limits.memory: bad")
        XCTAssertEqual(PolicyError(file: "a.toml", line: nil, field: "version", message: "missing").description,
                       "a.toml: version: missing")
        XCTAssertEqual(PolicyError(field: "limits.pids", message: "bad").description, "limits.pids: bad")
        XCTAssertEqual(PolicyError(file: "a.toml", line: 2, field: "", message: "syntax").description, "a.toml:2: syntax")
        do {
            _ = try Policy.parse(text: "version = 1\n[limits]\nmemory = \"lots\"\n", fileName: "agent.toml")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.description,
                           "agent.toml:3: limits.memory: \"lots\" is not a size; write e.g. \"512M\", \"2G\" or a number of bytes")
        }
    }

    func testLoadFileErrors() throws {
        XCTAssertThrowsError(try Policy.load(path: "/nonexistent/policy.toml")) { error in
            let e = error as? PolicyError
            XCTAssertEqual(e?.file, "/nonexistent/policy.toml")
            XCTAssertTrue(e?.message.contains("cannot open") ?? false, "\(String(describing: e))")
        }
        XCTAssertThrowsError(try Policy.load(path: "/tmp")) { error in
            XCTAssertTrue((error as? PolicyError)?.message.contains("cannot read") ?? false, "\(error)")
        }
        let bad = writeTemp(Array("version = 1\n[env]\nA = \"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8))
        defer { unlink(bad) }
        XCTAssertThrowsError(try Policy.load(path: bad)) { error in
            let e = error as? PolicyError
            XCTAssertEqual(e?.line, 3)
            XCTAssertTrue(e?.message.contains("UTF-8") ?? false)
        }
        let big = writeTemp([UInt8](repeating: UInt8(ascii: "#"), count: Policy.maximumFileSize + 10))
        defer { unlink(big) }
        XCTAssertThrowsError(try Policy.load(path: big)) { error in
            XCTAssertTrue((error as? PolicyError)?.message.contains("larger") ?? false, "\(error)")
        }
        let good = writeTemp(Array("version = 1\n[limits]\npids = 7\n".utf8))
        defer { unlink(good) }
        XCTAssertEqual(try Policy.load(path: good).limits.pids, 7)
    }
}
