import Foundation
import XCTest

/// Every `run` option that sets a policy value, given zero, negative, huge, malformed and overflowing
/// values: one clear line on stderr and exit 125 — never a crash, never a run with a clamped value.
/// (The same values through a policy file are covered by PolicyFieldTests.)
final class BadInputTests: XCTestCase {
    static let cases: [String: [String]] = [
        "timeout": ["0", "-1", "999999999999d", "abc", "1e400", "nan", "inf", "", "-0"],
        "memory": ["0", "-5", "99999999999999999999T", "10", "x", ""],
        "pids": ["0", "-1", "99999999", "99999999999999999999999", "x", "", "1.5"],
        "cpus": ["0", "-1", "100000", "x", "99999999999999999999999"],
        "open-files": ["0", "-1", "9999999999", "x"],
        "file-size": ["0", "-1", "x", "99999999999999999999T"],
        "cpu-seconds": ["0", "-1", "99999999999", "x"],
        "cwd": ["relative", "", "/a/\u{1}"],
        "events": [""],
        "input": ["nocolon", "/nonexistent-host-dir:/data", ":/data", "/tmp:relative"],
        "output": ["nocolon", "/tmp:/proc", "/tmp:"],
        "env": ["=x", ""],
        "platform": ["ptrace-not-here", ""],
        "policy": ["", "/nonexistent-policy.toml"],
        "scratch": ["relative", "/tmp:0", "/tmp:-1", "/tmp:x", "/proc", "/tmp:99999999999999999999T"],
        "cpu-quota": ["0", "-1", "x", "1e400", "nan", "99999"],
        "allow-net": ["", "nohostport", "example.com:99999", "1.2.3.4:0-", "[::1:80", "10.0.0.0/33:80"],
        "publish": ["", "x", "99999:80", "8080:0", "-1:80"],
        "dns-upstream": ["", "notanip", "1.2.3.4:99999"],
    ]

    /// `create`'s own options, with the same contract.
    static let createCases: [String: [String]] = [
        "name": ["", "../x", "a/b", ".hidden", "-dash", String(repeating: "x", count: 65)],
        "idle-timeout": ["0", "-1", "x", "999999999999d", "nan"],
    ]

    func testEveryOptionRejectsBadValuesWithExit125() throws {
        for (flag, values) in Self.cases.sorted(by: { $0.key < $1.key }) {
            for value in values {
                // `--flag=value` so a leading '-' is a value, not an option.
                let result = try Harness.run(["run", "--\(flag)=\(value)", "--", "/bin/echo", "ran"])
                let label = "--\(flag)=\(value)"
                XCTAssertEqual(result.status, 125, "\(label): \(result.stderr)")
                XCTAssertEqual(result.stdout, "", "\(label) ran the guest")
                XCTAssertTrue(result.stderr.hasPrefix("safehouse: "), "\(label): \(result.stderr)")
                XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "\(label): one line, got \(result.stderr)")
            }
        }
    }

    func testEveryCreateOptionRejectsBadValuesWithExit125() throws {
        for (flag, values) in Self.createCases.sorted(by: { $0.key < $1.key }) {
            for value in values {
                let result = try Harness.run(["create", "--\(flag)=\(value)"])
                let label = "create --\(flag)=\(value)"
                if result.status == 0 { _ = try? Harness.run(["kill", result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)]) }
                XCTAssertEqual(result.status, 125, "\(label): \(result.stderr)")
                XCTAssertTrue(result.stderr.hasPrefix("safehouse: "), "\(label): \(result.stderr)")
                XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "\(label): one line, got \(result.stderr)")
            }
        }
    }

    func testMalformedCommandLinesExit125() throws {
        for arguments in [["run", "--timeout"], ["run", "--timeout", "-1", "--", "/bin/true"], ["run", "--bogus", "--", "/bin/true"],
                          ["run"], ["run", "--"], ["nosuchcommand"]] {
            let result = try Harness.run(arguments)
            XCTAssertEqual(result.status, 125, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("safehouse: "), "\(arguments): \(result.stderr)")
        }
        XCTAssertEqual(try Harness.run(["run", "--help"]).status, 0)
    }
}
