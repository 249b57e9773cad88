import Foundation
import XCTest

/// Without user (and so mount) namespaces the guest's host AF_UNIX connects and O_PATH opens are
/// not mediated; a sandbox runs like that only with the policy's consent (Docs/walls.md).
/// A host without user namespaces is simulated by `without_userns` (root in a user namespace of its
/// own whose user.max_user_namespaces is 0, as in a container that forbids them).
final class DegradedModeTests: XCTestCase {
    private static let refusal = "refusing to run degraded, where host AF_UNIX sockets and O_PATH opens are not mediated (set walls.allow_degraded = true or pass --allow-degraded to accept; Docs/walls.md)"

    private func withoutUserNamespaces(_ arguments: [String]) throws -> Harness.Result {
        guard getuid() == 0 else { throw XCTSkip("simulating a host without user namespaces needs root") }
        return try Harness.runHost(Harness.programs + "/without_userns", [Harness.binary] + arguments)
    }

    private func policy(_ text: String, in dir: URL) throws -> String {
        let file = dir.appendingPathComponent("policy.toml")
        try ("version = 1\n" + text).write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func testHostWithoutUserNamespacesRefusesWithoutConsent() throws {
        let result = try withoutUserNamespaces(["run", "--", "/bin/sh", "-c", "echo ran"])
        XCTAssertEqual(result.status, 125, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "safehouse: this host cannot create the user and mount namespace walls; \(Self.refusal)\n")
    }

    func testNamespacesOffWithoutConsentIsRefused() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Harness.run(["run", "--policy", try policy("[walls]\nnamespaces = \"off\"\n", in: dir),
                                      "--", "/bin/sh", "-c", "echo ran"])
        XCTAssertEqual(result.status, 125, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "safehouse: walls.namespaces = \"off\" leaves out the user and mount namespace walls; \(Self.refusal)\n")
    }

    func testWithConsentItRunsDegradedAndSaysWhatIsNotMediated() throws {
        let flag = try withoutUserNamespaces(["run", "--allow-degraded", "--", "/bin/sh", "-c", "id -u"])
        XCTAssertEqual(flag.status, 0, flag.stderr)
        XCTAssertEqual(flag.stdout, "65534\n")
        XCTAssertTrue(flag.stderr.contains("running degraded (allow_degraded) with landlock"), flag.stderr)
        XCTAssertTrue(flag.stderr.contains("host AF_UNIX sockets and O_PATH opens are not mediated"), flag.stderr)

        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try withoutUserNamespaces(["run", "--policy", try policy("[walls]\nallow_degraded = true\n", in: dir),
                                              "--", "/bin/sh", "-c", "echo ran"])
        XCTAssertEqual(file.status, 0, file.stderr)
        XCTAssertEqual(file.stdout, "ran\n")

        // The reduced guarantee the consent accepts is the one Docs/walls.md states.
        let walls = try String(contentsOf: Harness.packageRoot.appendingPathComponent("Docs/walls.md"), encoding: .utf8)
        let section = walls.components(separatedBy: "## Degraded mode (without user namespaces)").last ?? ""
        XCTAssertTrue(section.contains("**host `AF_UNIX` sockets**"), "Docs/walls.md must name host AF_UNIX sockets")
        XCTAssertTrue(section.contains("**`O_PATH` opens and name-only calls**"), "Docs/walls.md must name O_PATH opens")
        XCTAssertTrue(section.contains("resolve in the host namespace outside every zone"))
    }

    /// `walls.namespaces = "required"` refuses even with consent.
    func testRequiredNamespacesRefuseEvenWithConsent() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let required = try withoutUserNamespaces(["run", "--allow-degraded",
                                                  "--policy", try policy("[walls]\nnamespaces = \"required\"\n", in: dir),
                                                  "--", "/bin/sh", "-c", "echo ran"])
        XCTAssertEqual(required.status, 125, required.stderr)
        XCTAssertEqual(required.stdout, "")
        XCTAssertTrue(required.stderr.contains("requires them"), required.stderr)
    }

    func testDoctorSaysWhichModeTheHostWouldRunIn() throws {
        let here = try Harness.run(["doctor"])
        XCTAssertEqual(here.status, 0, here.stdout)
        XCTAssertTrue(here.stdout.contains("verdict: full mode"), here.stdout)

        let without = try withoutUserNamespaces(["doctor"])
        XCTAssertEqual(without.status, 0, without.stdout)
        XCTAssertTrue(without.stdout.contains("verdict: degraded mode"), without.stdout)
        XCTAssertTrue(without.stdout.contains("walls.allow_degraded = true (or --allow-degraded)"), without.stdout)
        XCTAssertTrue(without.stdout.contains("host AF_UNIX sockets and O_PATH opens are not mediated"), without.stdout)
    }
}
