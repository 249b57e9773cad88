import Foundation
import SafehousePolicy
import SafehouseVFS
import XCTest

/// The one description of every scalar policy setting (PolicyField.all): the file and the command
/// line check a value the same way, bad values are clear errors, and Docs/policy.md shows the table.
final class PolicyFieldTests: XCTestCase {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Docs/policy.md")

    func testDocsShowEveryField() throws {
        let text = try String(contentsOf: Self.docs, encoding: .utf8)
        for table in Set(PolicyField.all.map(\.table)).sorted() {
            let rows = PolicyField.markdownRows(table: table)
            XCTAssertTrue(text.contains(rows), "Docs/policy.md is missing or has stale rows for [\(table)]; expected:\n\(rows)")
        }
    }

    func testEveryFlagNamesAField() {
        for field in PolicyField.all {
            XCTAssertFalse(field.help.isEmpty, field.name)
            if let flag = field.flag { XCTAssertEqual(PolicyField.flagged(flag)?.name, field.name) }
        }
        XCTAssertEqual(Set(PolicyField.all.map(\.name)).count, PolicyField.all.count, "a field is listed twice")
    }

    /// Bad input for every field, from the file and from the command line: a PolicyError naming the
    /// field (never a crash, never a silent clamp).
    func testBadValuesAreRejectedTheSameWayFromFileAndFlag() throws {
        let bad: [String: [String]] = [
            "limits.timeout": ["0", "-1", "999999999999d", "abc", "1e400", "nan", "inf", ""],
            "limits.memory": ["0", "-5", "99999999999999999999T", "10", "x", ""],
            "limits.pids": ["0", "-1", "99999999", "99999999999999999999999", "x", ""],
            "limits.open_files": ["0", "-1", "9999999999", "x"],
            "limits.file_size": ["0", "-1", "x"],
            "limits.cpu_seconds": ["0", "-1", "99999999999", "x"],
            "limits.cpus": ["0", "-1", "100000", "x"],
            "limits.cpu_quota": ["0", "-0.5", "4097", "nan", "inf", "1e999", "x", ""],
            "sandbox.cwd": ["relative", "", "/a/../.."],
            "sandbox.hostname": ["", "bad name", String(repeating: "a", count: 65)],
            "walls.namespaces": ["sometimes", ""],
            "walls.allow_degraded": ["yes", "1"],
            "events.file": [""],
            "network.dns_upstream": ["", "dns.example", "1.2.3", "256.0.0.1", "::ffff:zz", "[::1]", "10.0.0.1:53"],
        ]
        for field in PolicyField.all {
            let values = try XCTUnwrap(bad[field.name], "no bad-input cases for \(field.name)")
            for value in values {
                var policy = Policy.builtinDefault
                XCTAssertThrowsError(try field.apply(.flag(value), to: &policy), "\(field.name) = \"\(value)\" was accepted") { error in
                    XCTAssertTrue("\(error)".contains(field.name), "\(error) does not name \(field.name)")
                }
                XCTAssertEqual(policy, Policy.builtinDefault, "\(field.name): a rejected value changed the policy")
                let toml = "version = 1\n[\(field.table)]\n\(field.key) = \"\(value.replacingOccurrences(of: "\"", with: "\\\""))\"\n"
                XCTAssertThrowsError(try Policy.parse(text: toml, fileName: "p.toml"), "file: \(field.name) = \"\(value)\"") { error in
                    XCTAssertTrue("\(error)".contains("p.toml:3"), "\(error) does not point at the line")
                }
                if let flag = field.flag {
                    XCTAssertThrowsError(try policy.set(flag: flag, value), "--\(flag) \(value)") { error in
                        XCTAssertTrue("\(error)".contains("--\(flag)"), "\(error) does not name --\(flag)")
                    }
                }
            }
        }
    }

    func testGoodValuesAgreeBetweenFileAndFlag() throws {
        // (flag, its text, the same value as the file writes it)
        let good: [(String, String, String)] = [
            ("timeout", "1m30s", "\"1m30s\""), ("memory", "512M", "\"512M\""), ("pids", "64", "64"),
            ("open-files", "256", "256"), ("file-size", "1G", "\"1G\""), ("cpu-seconds", "30", "30"),
            ("cpus", "1", "1"), ("cwd", "/tmp", "\"/tmp\""), ("allow-degraded", "true", "true"),
        ]
        for (flag, text, literal) in good {
            let field = try XCTUnwrap(PolicyField.flagged(flag))
            var fromFlag = Policy.builtinDefault
            try fromFlag.set(flag: flag, text)
            let fromFile = try Policy.parse(text: "version = 1\n[\(field.table)]\n\(field.key) = \(literal)\n")
            XCTAssertEqual(fromFlag, fromFile, flag)
            XCTAssertNotEqual(fromFlag, Policy.builtinDefault, flag)
        }
        XCTAssertEqual(try Policy.parse(text: "version = 1\n[limits]\ntimeout = 90\n").limits.timeoutSeconds, 90)
    }
}

/// Equality is synthesized: every setting takes part, where a setting came from does not.
final class PolicyEqualityTests: XCTestCase {
    func testProvenanceIsNotCompared() throws {
        let a = try Policy.parse(text: "version = 1\n[[zone]]\nkind = \"scratch\"\nguest = \"/w\"\n", fileName: "a.toml")
        let b = try Policy.parse(text: "version = 1\n\n\n[[zone]]\nkind = \"scratch\"\nguest = \"/w\"\n", fileName: "b.toml")
        XCTAssertNotEqual(a.zones.last?.line, b.zones.last?.line)
        XCTAssertNotEqual(a.sourceFile, b.sourceFile)
        XCTAssertEqual(a, b)
        var c = a
        c.env.append(EnvironmentVariable(name: "X", value: "1"))
        XCTAssertNotEqual(a, c, "the environment takes part in equality")
    }
}

/// A root invoker's guest never runs as host root: the unused id where the invoker's user namespace
/// maps it, else the highest id mapped there (a rootless container's partial map).
final class GuestIdentityTests: XCTestCase {
    func testRootInvokerGetsAnUnprivilegedMappedID() {
        let full = GuestCredentials.forInvoker(uid: 0, gid: 0, guestUID: 1000, guestGID: 1000)
        XCTAssertEqual(full.hostUID, GuestCredentials.unprivilegedID)
        XCTAssertEqual(full.invokerUID, 0)
        let rootless = GuestCredentials.forInvoker(uid: 0, gid: 0, guestUID: 1000, guestGID: 1000,
                                                   uidMap: "0 1000 1\n1 100000 65536\n", gidMap: "0 1000 1\n1 100000 65536\n")
        XCTAssertEqual(rootless.hostUID, 65536)
        XCTAssertEqual(rootless.hostGID, 65536)
        let user = GuestCredentials.forInvoker(uid: 1234, gid: 99, guestUID: 1000, guestGID: 1000)
        XCTAssertEqual(user.hostUID, 1234)
        XCTAssertEqual(user.invokerUID, 1234)
    }
}
