import Foundation
import XCTest

/// The policy's per-path rules, enforced on live guests: hidden names are absent everywhere
/// (lookups, listings, symlinks, creation), denied reads and writes fail, and the host is unchanged.
final class PathRuleEnforcementTests: XCTestCase {
    func testHideAndDenyRulesHoldForEveryRoute() throws {
        let dir = try Harness.temporaryDirectory()
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try "visible\n".write(to: input.appendingPathComponent("visible.txt"), atomically: true, encoding: .utf8)
        try "TOKEN-4711\n".write(to: input.appendingPathComponent("token.key"), atomically: true, encoding: .utf8)
        let policy = dir.appendingPathComponent("p.toml")
        try """
        version = 1
        [[rule]]
        path = "/in/*.key"
        hide = true
        [[rule]]
        path = "/tmp/*.lock"
        deny = ["write"]
        [[rule]]
        path = "/tmp/private*"
        deny = ["read"]
        [[rule]]
        path = "/home/sandbox/secret/**"
        hide = true
        """.write(to: policy, atomically: true, encoding: .utf8)
        let script = """
        t() { if eval "$2" >/dev/null 2>&1; then echo "$1: ok"; else echo "$1: refused"; fi; }
        echo "list: $(ls /in | tr '\\n' ' ')"
        t cat-hidden 'cat /in/token.key'
        t stat-hidden 'stat /in/token.key'
        t glob-hidden 'ls /in/*.key'
        t find-hidden 'find /in -name "*.key" | grep -q key'
        ln -s /in/token.key /tmp/link; t via-symlink 'cat /tmp/link'
        t via-dotdot 'cat /in/../in/token.key'
        t python-hidden 'python3 -c "import os,sys; sys.exit(0 if os.path.exists(\\"/in/token.key\\") else 1)"'
        t mkdir-hidden 'mkdir /home/sandbox/secret'
        t create-lock 'echo x > /tmp/a.lock'
        echo x > /tmp/a.txt; t rename-to-lock 'mv /tmp/a.txt /tmp/a.lock'
        t write-private 'echo s > /tmp/private1'
        t read-private 'cat /tmp/private1'
        t stat-private 'stat /tmp/private1'
        t list-tmp 'ls /tmp | grep -q private1'
        t exec-private 'cp /bin/true /tmp/private-true && /tmp/private-true'
        """
        let result = try Harness.run(["run", "--policy", policy.path, "--input", "\(input.path):/in", "--",
                                      "/bin/sh", "-c", script])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("TOKEN-4711"))
        XCTAssertEqual(result.stdout, """
        list: visible.txt \n\
        cat-hidden: refused
        stat-hidden: refused
        glob-hidden: refused
        find-hidden: refused
        via-symlink: refused
        via-dotdot: refused
        python-hidden: refused
        mkdir-hidden: refused
        create-lock: refused
        rename-to-lock: refused
        write-private: ok
        read-private: refused
        stat-private: ok
        list-tmp: ok
        exec-private: refused

        """)
        // The host files are untouched.
        XCTAssertEqual(try String(contentsOf: input.appendingPathComponent("token.key"), encoding: .utf8), "TOKEN-4711\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: input.path).sorted(), ["token.key", "visible.txt"])
    }
}
