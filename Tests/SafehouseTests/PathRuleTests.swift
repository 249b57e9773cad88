import XCTest
@testable import SafehousePolicy

/// Tests for `[[rule]]`: parsing and its errors, the glob matcher, the programmatic API.
final class PathRuleTests: XCTestCase {

    // MARK: Helpers

    private func v1(_ body: String) -> String { "version = 1\n" + body }

    private func parse(_ text: String) throws -> Policy { try Policy.parse(text: text, fileName: "t.toml") }

    /// Parses `text`, which must fail with exactly this field and line and a message containing `contains`.
    private func assertError(_ text: String, field: String, line: Int?, contains: String,
                             file: StaticString = #filePath, sourceLine: UInt = #line) {
        do {
            let policy = try Policy.parse(text: text, fileName: "t.toml")
            XCTFail("expected an error for field \(field), got rules \(policy.pathRules)", file: file, line: sourceLine)
        } catch {
            XCTAssertEqual(error.file, "t.toml", "file", file: file, line: sourceLine)
            XCTAssertEqual(error.field, field, "field of: \(error)", file: file, line: sourceLine)
            XCTAssertEqual(error.line, line, "line of: \(error)", file: file, line: sourceLine)
            XCTAssertTrue(error.message.contains(contains), "message of \(error) lacks \"\(contains)\"",
                          file: file, line: sourceLine)
        }
    }

    /// A rule with one path and the given body lines after `path`.
    private func rule(_ path: String, _ rest: String) -> String {
        v1("[[rule]]\npath = \(path)\n\(rest)\n")
    }

    private func set(_ rules: (String, PathAccess)...) -> PathRuleSet {
        PathRuleSet(rules.map { PathRule(pattern: $0.0, access: $0.1) })
    }

    /// Whether a single pattern matches `path` (or an ancestor of it).
    private func matches(_ pattern: String, _ path: String) -> Bool {
        !set((pattern, .denyRead)).access(for: path).isEmpty
    }

    // MARK: Model

    func testDefaultsHaveNoRules() throws {
        XCTAssertEqual(Policy.builtinDefault.pathRules, [])
        XCTAssertTrue(Policy.builtinDefault.pathRuleSet.isEmpty)
        XCTAssertEqual(try parse("version = 1\n").pathRules, [])
        XCTAssertEqual(PathRuleSet([]).access(for: "/anything"), [])
        XCTAssertEqual(PathRuleSet([]).access(for: Array("/".utf8)), [])
    }

    func testPathAccessBits() {
        XCTAssertEqual(PathAccess.hidden.rawValue, 1)
        XCTAssertEqual(PathAccess.denyRead.rawValue, 2)
        XCTAssertEqual(PathAccess.denyWrite.rawValue, 4)
        XCTAssertEqual(PathAccess.all.rawValue, 7)
        XCTAssertEqual(PathAccess([.hidden, .denyWrite]).description, "[hidden, denyWrite]")
    }

    func testRuleEqualityIgnoresLine() {
        XCTAssertEqual(PathRule(pattern: "/a", access: .hidden, line: 3), PathRule(pattern: "/a", access: .hidden))
        XCTAssertNotEqual(PathRule(pattern: "/a", access: .hidden), PathRule(pattern: "/a", access: .denyRead))
        XCTAssertNotEqual(PathRule(pattern: "/a", access: .hidden), PathRule(pattern: "/b", access: .hidden))
        var p = Policy.builtinDefault
        p.pathRules = [PathRule(pattern: "/a", access: .hidden)]
        XCTAssertNotEqual(p, Policy.builtinDefault)
    }

    // MARK: Parsing

    func testParseRules() throws {
        let p = try parse(v1("""
            [[rule]]
            path = "/home/sandbox/secrets/**"   # line 3
            deny = ["read", "write"]

            [[rule]]
            path = '/tmp/*.key'
            hide = true

            [[rule]]
            path = "/etc//ssl/./private/"
            deny = [
              "write",
            ]
            hide = false

            [[rule]]
            path = "/data"
            deny = ["read"]
            hide = true
            """))
        XCTAssertEqual(p.pathRules, [
            PathRule(pattern: "/home/sandbox/secrets/**", access: [.denyRead, .denyWrite]),
            PathRule(pattern: "/tmp/*.key", access: .hidden),
            PathRule(pattern: "/etc/ssl/private", access: .denyWrite),
            PathRule(pattern: "/data", access: [.hidden, .denyRead]),
        ])
        XCTAssertEqual(p.pathRules.map(\.line), [2, 6, 10, 17])
        // Everything else stays the default.
        var q = p
        q.pathRules = []
        XCTAssertEqual(q, Policy.builtinDefault)

        let rules = p.pathRuleSet
        XCTAssertEqual(rules.access(for: "/home/sandbox/secrets/id_rsa"), [.denyRead, .denyWrite])
        XCTAssertEqual(rules.access(for: "/home/sandbox/notes"), [])
        XCTAssertEqual(rules.access(for: "/tmp/a.key"), .hidden)
        XCTAssertEqual(rules.access(for: "/etc/ssl/private/k.pem"), .denyWrite)
    }

    func testRulesWorkWithOtherTablesAndEscapes() throws {
        let p = try parse(v1("""
            [[zone]]
            kind = "scratch"
            guest = "/work"

            [[rule]]
            path = "/work/\\\\*literal-star"
            deny = ["write"]

            [limits]
            pids = 10

            [[rule]]
            path = '/work/[!.]*.lock'
            deny = ["write"]
            """))
        XCTAssertEqual(p.pathRules.map(\.pattern), ["/work/\\*literal-star", "/work/[!.]*.lock"])
        XCTAssertEqual(p.limits.pids, 10)
        let rules = p.pathRuleSet
        XCTAssertEqual(rules.access(for: "/work/*literal-star"), .denyWrite)
        XCTAssertEqual(rules.access(for: "/work/xliteral-star"), [])
        XCTAssertEqual(rules.access(for: "/work/a.lock"), .denyWrite)
        XCTAssertEqual(rules.access(for: "/work/.a.lock"), [])
    }

    func testRuleStructureErrors() {
        assertError(v1("[[rule]]\ndeny = [\"read\"]\n"), field: "rule[1].path", line: 2, contains: "missing; every [[rule]] needs path")
        assertError(v1("[[rule]]\npath = \"/a\"\n"), field: "rule[1]", line: 2, contains: "restricts nothing")
        assertError(rule("\"/a\"", "hide = false"), field: "rule[1].hide", line: 4, contains: "hide = false restricts nothing")
        assertError(v1("[rule]\npath = \"/a\"\nhide = true\n"), field: "rule", line: 2, contains: "write [[rule]] before each entry")
        assertError(v1("[[rules]]\npath = \"/a\"\n"), field: "rules", line: 2, contains: "did you mean [[rule]]?")
        // The second rule is rule[2], and its errors carry its lines.
        assertError(v1("[[rule]]\npath = \"/a\"\nhide = true\n[[rule]]\npath = \"b\"\nhide = true\n"),
                    field: "rule[2].path", line: 6, contains: "must be an absolute guest path")
    }

    func testRuleUnknownKeys() {
        assertError(rule("\"/a\"", "hidden = true"), field: "rule[1].hidden", line: 4, contains: "did you mean 'hide'?")
        assertError(rule("\"/a\"", "dney = [\"read\"]"), field: "rule[1].dney", line: 4, contains: "did you mean 'deny'?")
        assertError(rule("\"/a\"", "deny_write = true"), field: "rule[1].deny_write", line: 4,
                    contains: "unknown key 'deny_write' in [[rule]]; write deny = [\"read\"], deny = [\"write\"]")
        assertError(rule("\"/a\"", "guest = \"/a\""), field: "rule[1].guest", line: 4, contains: "'guest' belongs in [[zone]]")
        assertError(rule("\"/a\"", "colour = 1"), field: "rule[1].colour", line: 4, contains: "known keys: path, deny, hide")
    }

    func testRuleWrongTypes() {
        assertError(v1("[[rule]]\npath = 1\nhide = true\n"), field: "rule[1].path", line: 3, contains: "expected a string, found an integer")
        assertError(v1("[[rule]]\npath = [\"/a\"]\nhide = true\n"), field: "rule[1].path", line: 3, contains: "expected a string, found an array")
        assertError(rule("\"/a\"", "hide = \"yes\""), field: "rule[1].hide", line: 4, contains: "expected true or false, found a string")
        assertError(rule("\"/a\"", "hide = 1"), field: "rule[1].hide", line: 4, contains: "expected true or false, found an integer")
        assertError(rule("\"/a\"", "deny = \"read\""), field: "rule[1].deny", line: 4,
                    contains: "expected an array of strings, found a string; write deny = [\"read\"]")
        assertError(rule("\"/a\"", "deny = true"), field: "rule[1].deny", line: 4, contains: "expected an array of strings, found a boolean")
        assertError(rule("\"/a\"", "deny = [1, 2]"), field: "rule[1].deny[1]", line: 4, contains: "expected a string, found an integer")
    }

    func testDenyListErrors() {
        assertError(rule("\"/a\"", "deny = []"), field: "rule[1].deny", line: 4, contains: "the list is empty")
        assertError(rule("\"/a\"", "deny = [\"reed\"]"), field: "rule[1].deny[1]", line: 4,
                    contains: "\"reed\" is not something a rule can deny; use \"read\" or \"write\"; did you mean \"read\"?")
        assertError(rule("\"/a\"", "deny = [\"read\", \"wirte\"]"), field: "rule[1].deny[2]", line: 4, contains: "did you mean \"write\"?")
        assertError(rule("\"/a\"", "deny = [\"read\",\n  \"Write\"]"), field: "rule[1].deny[2]", line: 5, contains: "did you mean \"write\"?")
        assertError(rule("\"/a\"", "deny = [\"hide\"]"), field: "rule[1].deny[1]", line: 4, contains: "to hide a path write hide = true")
        assertError(rule("\"/a\"", "deny = [\"exec\"]"), field: "rule[1].deny[1]", line: 4, contains: "denying \"read\" also denies exec")
        assertError(rule("\"/a\"", "deny = [\"unlink\"]"), field: "rule[1].deny[1]", line: 4, contains: "denying \"write\" covers unlink")
        assertError(rule("\"/a\"", "deny = [\"all\"]"), field: "rule[1].deny[1]", line: 4, contains: "deny = [\"read\", \"write\"]")
        assertError(rule("\"/a\"", "deny = [\"xyzzy\"]"), field: "rule[1].deny[1]", line: 4, contains: "use \"read\" or \"write\"")
        assertError(rule("\"/a\"", "deny = [\"read\", \"read\"]"), field: "rule[1].deny[2]", line: 4, contains: "\"read\" is listed twice")
    }

    func testPathErrors() {
        func bad(_ path: String, _ contains: String, line: UInt = #line) {
            assertError(rule(path, "deny = [\"read\"]"), field: "rule[1].path", line: 3, contains: contains, sourceLine: line)
        }
        bad("\"\"", "must not be empty")
        bad("\"secrets/**\"", "\"secrets/**\" must be an absolute guest path (starting with '/'); rules match whole paths, so write \"/**/secrets/**\"")
        bad("\"*.key\"", "must be an absolute guest path")
        bad("\"/home/../etc\"", "must not contain '..' components")
        bad("\"/a/..\"", "must not contain '..' components")
        bad("'/a/\\.\\.'", "must not contain '..' components")  // escaped, still `..`
        bad("\"/a\\u0000b\"", "contains a NUL byte")
        bad("\"/" + String(repeating: "a", count: 4100) + "\"", "longer than 4095 bytes")
        bad("\"/" + String(repeating: "a", count: 256) + "\"", "component longer than 255 bytes")
        bad("'/a/b\\'", "ends with a lone '\\'")
        bad("'/a/[abc'", "never closed with ']'")
        bad("'/a/[]'", "never closed with ']'")
        bad("'/a/[a/b]'", "never closed with ']'")
        bad("'/a/[z-a]'", "the range 'z-a' is reversed; write 'a-z'")
        bad("'/a/[é]'", "ASCII characters only")
        bad("'/a/b**'", "'**' matches whole components only")
        bad("'/a/***'", "'**' matches whole components only")
        bad("'/a/**.key'", "'**' matches whole components only")
    }

    func testHidingEverythingIsRejected() {
        for pattern in ["/", "/**", "//./**/**/"] {
            assertError(rule("\"\(pattern)\"", "hide = true"), field: "rule[1].path", line: 3,
                        contains: "would hide the whole guest filesystem")
        }
        // Denying is allowed on everything (a read-only guest).
        XCTAssertEqual(try parse(rule("\"/\"", "deny = [\"write\"]")).pathRules, [PathRule(pattern: "/", access: .denyWrite)])
    }

    func testPatternsAreNormalized() throws {
        XCTAssertEqual(try PathRule.checkedPattern("/a//b/./c/"), "/a/b/c")
        XCTAssertEqual(try PathRule.checkedPattern("/a/\\./b"), "/a/b")
        XCTAssertEqual(try PathRule.checkedPattern("///"), "/")
        XCTAssertEqual(try PathRule.checkedPattern("/a/[]]/[!]x]/[a-]/[\\]-a]"), "/a/[]]/[!]x]/[a-]/[\\]-a]")
        XCTAssertEqual(try PathRule.checkedPattern("/a/.*/..x/x.."), "/a/.*/..x/x..")
    }

    // MARK: Programmatic API

    func testAddPathRule() throws {
        var p = Policy.builtinDefault
        try p.addPathRule(pattern: "/home/sandbox/.ssh/", access: .hidden)
        try p.addPathRule(pattern: "/usr/**/*.so", access: [.denyWrite])
        XCTAssertEqual(p.pathRules, [PathRule(pattern: "/home/sandbox/.ssh", access: .hidden),
                                     PathRule(pattern: "/usr/**/*.so", access: .denyWrite)])
        XCTAssertNil(p.pathRules[0].line)
        XCTAssertEqual(p.pathRuleSet.access(for: "/home/sandbox/.ssh/id_ed25519"), .hidden)

        func expect(_ pattern: String, _ access: PathAccess, field: String, contains: String, line: UInt = #line) {
            var q = Policy.builtinDefault
            XCTAssertThrowsError(try q.addPathRule(pattern: pattern, access: access), line: line) { error in
                guard let error = error as? PolicyError else { return XCTFail("not a PolicyError", line: line) }
                XCTAssertNil(error.file, line: line)
                XCTAssertNil(error.line, line: line)
                XCTAssertEqual(error.field, field, "\(error)", line: line)
                XCTAssertTrue(error.message.contains(contains), "\(error)", line: line)
                XCTAssertEqual(q.pathRules, [], line: line)
            }
        }
        expect("relative", .denyRead, field: "rule.path", contains: "must be an absolute guest path")
        expect("/a/../b", .denyRead, field: "rule.path", contains: "'..'")
        expect("/a", [], field: "rule.deny", contains: "needs at least one")
        expect("/a", PathAccess(rawValue: 8), field: "rule.deny", contains: "unknown access bits")
        expect("/**", .hidden, field: "rule.path", contains: "whole guest filesystem")
        XCTAssertThrowsError(try PathRule.checkedPattern("x", field: "--hide")) { error in
            XCTAssertEqual((error as? PolicyError)?.description.hasPrefix("--hide: "), true)
        }
    }

    // MARK: Matching

    func testExactAndAncestors() {
        XCTAssertTrue(matches("/a/b", "/a/b"))
        XCTAssertTrue(matches("/a/b", "/a/b/c"))
        XCTAssertTrue(matches("/a/b", "/a/b/c/d"))
        XCTAssertFalse(matches("/a/b", "/a"))
        XCTAssertFalse(matches("/a/b", "/"))
        XCTAssertFalse(matches("/a/b", "/a/bc"))
        XCTAssertFalse(matches("/a/b", "/a/bc/d"))
        XCTAssertFalse(matches("/a/bc", "/a/b"))
        XCTAssertFalse(matches("/a/b", "/ab"))
        XCTAssertFalse(matches("/a/b", "/x/a/b"))
        XCTAssertFalse(matches("/a/b", "/A/B"))  // case-sensitive
        XCTAssertTrue(matches("/a", "/a"))
        XCTAssertFalse(matches("/a", "/b"))
    }

    func testRoot() {
        XCTAssertTrue(matches("/", "/"))
        XCTAssertTrue(matches("/", "/a/b"))
        XCTAssertTrue(matches("/**", "/"))
        XCTAssertTrue(matches("/**", "/etc/passwd"))
        XCTAssertFalse(matches("/*", "/"))
        XCTAssertTrue(matches("/*", "/etc"))
        XCTAssertTrue(matches("/*", "/etc/passwd"))
        XCTAssertFalse(matches("/a", "/"))
        XCTAssertFalse(matches("/**/a", "/"))
    }

    func testStar() {
        XCTAssertTrue(matches("/tmp/*.key", "/tmp/a.key"))
        XCTAssertTrue(matches("/tmp/*.key", "/tmp/.key"))     // `*` may match nothing
        XCTAssertTrue(matches("/tmp/*.key", "/tmp/a.b.key"))
        XCTAssertTrue(matches("/tmp/*.key", "/tmp/x.key/inside"))  // ancestor: a directory named x.key
        XCTAssertFalse(matches("/tmp/*.key", "/tmp/a.key2"))
        XCTAssertFalse(matches("/tmp/*.key", "/tmp/sub/a.key"))  // `*` stays within one component
        XCTAssertFalse(matches("/tmp/*.key", "/tmp"))
        XCTAssertTrue(matches("/*/secret", "/home/secret"))
        XCTAssertFalse(matches("/*/secret", "/home/user/secret"))
        XCTAssertTrue(matches("/tmp/a*b*c", "/tmp/abc"))
        XCTAssertTrue(matches("/tmp/a*b*c", "/tmp/aXbYbZc"))
        XCTAssertFalse(matches("/tmp/a*b*c", "/tmp/aXbYbZ"))
        XCTAssertTrue(matches("/tmp/*a", "/tmp/aaaa"))
        XCTAssertTrue(matches("/tmp/*", "/tmp/x"))
        XCTAssertFalse(matches("/tmp/*", "/tmp"))
    }

    func testDotfilesAreMatchedByWildcards() {
        XCTAssertTrue(matches("/home/*", "/home/.ssh"))
        XCTAssertTrue(matches("/home/*/id_*", "/home/.ssh/id_rsa"))
        XCTAssertTrue(matches("/tmp/*.key", "/tmp/.hidden.key"))
        XCTAssertTrue(matches("/tmp/?env", "/tmp/.env"))
        XCTAssertTrue(matches("/**/*.pem", "/a/.b/.c.pem"))
        XCTAssertTrue(matches("/tmp/[.]env", "/tmp/.env"))
        XCTAssertFalse(matches("/tmp/[!.]*", "/tmp/.env"))
    }

    func testQuestionMark() {
        XCTAssertTrue(matches("/tmp/?.txt", "/tmp/a.txt"))
        XCTAssertFalse(matches("/tmp/?.txt", "/tmp/.txt"))
        XCTAssertFalse(matches("/tmp/?.txt", "/tmp/ab.txt"))
        XCTAssertTrue(matches("/tmp/??", "/tmp/ab"))
        XCTAssertFalse(matches("/tmp/??", "/tmp/a"))
        // One byte, not one character: "é" is two bytes in UTF-8.
        XCTAssertFalse(matches("/tmp/?", "/tmp/é"))
        XCTAssertTrue(matches("/tmp/??", "/tmp/é"))
        XCTAssertTrue(matches("/tmp/*", "/tmp/é"))
    }

    func testClasses() {
        XCTAssertTrue(matches("/d/[abc]", "/d/b"))
        XCTAssertFalse(matches("/d/[abc]", "/d/d"))
        XCTAssertFalse(matches("/d/[abc]", "/d/ab"))
        XCTAssertTrue(matches("/d/[a-z]x", "/d/qx"))
        XCTAssertFalse(matches("/d/[a-z]x", "/d/Qx"))
        XCTAssertTrue(matches("/d/[a-zA-Z0-9_]", "/d/Q"))
        XCTAssertTrue(matches("/d/[!x]", "/d/y"))
        XCTAssertFalse(matches("/d/[!x]", "/d/x"))
        XCTAssertTrue(matches("/d/[^x]", "/d/y"))
        XCTAssertFalse(matches("/d/[^x]", "/d/x"))
        XCTAssertTrue(matches("/d/[]]", "/d/]"))
        XCTAssertTrue(matches("/d/[!]]", "/d/a"))
        XCTAssertFalse(matches("/d/[!]]", "/d/]"))
        XCTAssertTrue(matches("/d/[a-]", "/d/-"))
        XCTAssertTrue(matches("/d/[-a]", "/d/-"))
        XCTAssertFalse(matches("/d/[a-]", "/d/b"))
        XCTAssertTrue(matches("/d/[\\]]", "/d/]"))
        XCTAssertTrue(matches("/d/[\\!a]", "/d/!"))
        XCTAssertTrue(matches("/d/[*?]", "/d/*"))
        XCTAssertFalse(matches("/d/[*?]", "/d/x"))
        // A negated class matches any other byte, including non-UTF-8 ones.
        XCTAssertTrue(!set(("/d/[!a]", .denyRead)).access(for: Array("/d/".utf8) + [0xFF]).isEmpty)
        XCTAssertTrue(matches("/d/*.[ch]", "/d/main.c"))
        XCTAssertFalse(matches("/d/*.[ch]", "/d/main.o"))
    }

    func testEscapes() {
        XCTAssertTrue(matches("/d/\\*", "/d/*"))
        XCTAssertFalse(matches("/d/\\*", "/d/x"))
        XCTAssertTrue(matches("/d/\\?", "/d/?"))
        XCTAssertFalse(matches("/d/\\?", "/d/x"))
        XCTAssertTrue(matches("/d/\\[a]", "/d/[a]"))
        XCTAssertFalse(matches("/d/\\[a]", "/d/a"))
        XCTAssertTrue(matches("/d/a\\\\b", "/d/a\\b"))
        XCTAssertTrue(matches("/d/\\a", "/d/a"))
        XCTAssertTrue(matches("/d/\\*\\*", "/d/**"))
        XCTAssertFalse(matches("/d/\\*\\*", "/d/x/y"))
        XCTAssertTrue(matches("/d/x\\*y*", "/d/x*yz"))
    }

    func testDoubleStar() {
        // At the end: the directory itself and everything beneath.
        XCTAssertTrue(matches("/a/**", "/a"))
        XCTAssertTrue(matches("/a/**", "/a/b"))
        XCTAssertTrue(matches("/a/**", "/a/b/c/d"))
        XCTAssertFalse(matches("/a/**", "/ab"))
        XCTAssertFalse(matches("/a/**", "/"))
        // At the start: any depth, including none.
        XCTAssertTrue(matches("/**/.env", "/.env"))
        XCTAssertTrue(matches("/**/.env", "/app/.env"))
        XCTAssertTrue(matches("/**/.env", "/a/b/c/.env"))
        XCTAssertTrue(matches("/**/.env", "/a/.env/x"))  // ancestor
        XCTAssertFalse(matches("/**/.env", "/a/b/.env2"))
        XCTAssertFalse(matches("/**/.env", "/a/b"))
        XCTAssertTrue(matches("/**/*.pem", "/etc/ssl/x.pem"))
        // In the middle.
        XCTAssertTrue(matches("/home/**/id_rsa", "/home/id_rsa"))
        XCTAssertTrue(matches("/home/**/id_rsa", "/home/u/.ssh/id_rsa"))
        XCTAssertFalse(matches("/home/**/id_rsa", "/home/u/.ssh/id_rsa.pub"))
        XCTAssertFalse(matches("/home/**/id_rsa", "/id_rsa"))
        XCTAssertFalse(matches("/home/**/id_rsa", "/etc/home/id_rsa"))
        // Backtracking: the first candidate for the part after `**` is not the right one.
        XCTAssertTrue(matches("/**/a/b", "/a/x/a/b"))
        XCTAssertTrue(matches("/**/a/*/c", "/a/a/b/c"))
        XCTAssertTrue(matches("/x/**/a/**/b", "/x/1/a/2/3/b"))
        XCTAssertFalse(matches("/x/**/a/**/b", "/x/1/b/2/a"))
        XCTAssertTrue(matches("/x/**/**/y", "/x/y"))
        XCTAssertTrue(matches("/x/**/**/y", "/x/1/2/y"))
        XCTAssertTrue(matches("/x/**/*/y", "/x/1/y"))
        XCTAssertFalse(matches("/x/**/*/y", "/x/y"))
    }

    func testInvalidUTF8() {
        let bad: [UInt8] = Array("/data/".utf8) + [0xFF, 0xFE, UInt8(ascii: "k")]
        XCTAssertEqual(set(("/data/*", .denyRead)).access(for: bad), .denyRead)
        XCTAssertEqual(set(("/data/*k", .denyRead)).access(for: bad), .denyRead)
        XCTAssertEqual(set(("/data/???", .denyRead)).access(for: bad), .denyRead)
        XCTAssertEqual(set(("/data/??", .denyRead)).access(for: bad), [])
        XCTAssertEqual(set(("/data", .hidden)).access(for: bad + Array("/x".utf8)), .hidden)
        XCTAssertEqual(set(("/**/k", .denyWrite)).access(for: bad), [])
        XCTAssertEqual(set(("/data/[a-z]*", .denyRead)).access(for: bad), [])
        // A directory with an invalid name, then a rule beneath it.
        let dir: [UInt8] = [UInt8(ascii: "/"), 0xC3, UInt8(ascii: "/"), UInt8(ascii: "f")]
        XCTAssertEqual(set(("/*/f", .denyWrite)).access(for: dir), .denyWrite)
        XCTAssertEqual(set(("/?/f", .denyWrite)).access(for: dir), .denyWrite)
        // The buffer-pointer entry point agrees.
        bad.withUnsafeBufferPointer { XCTAssertEqual(set(("/data/*", .denyRead)).access(for: $0), .denyRead) }
    }

    func testUnionOfRules() {
        let rules = set(("/home/sandbox/**", .denyWrite), ("/home/sandbox/secrets", .denyRead),
                        ("/**/*.key", .hidden), ("/home/sandbox/secrets/public", .denyWrite))
        XCTAssertFalse(rules.isEmpty)
        XCTAssertEqual(rules.access(for: "/"), [])
        XCTAssertEqual(rules.access(for: "/home"), [])
        XCTAssertEqual(rules.access(for: "/home/sandbox"), .denyWrite)
        XCTAssertEqual(rules.access(for: "/home/sandbox/notes.txt"), .denyWrite)
        XCTAssertEqual(rules.access(for: "/home/sandbox/secrets"), [.denyRead, .denyWrite])
        XCTAssertEqual(rules.access(for: "/home/sandbox/secrets/public/x"), [.denyRead, .denyWrite])
        XCTAssertEqual(rules.access(for: "/home/sandbox/secrets/a.key"), [.hidden, .denyRead, .denyWrite])
        XCTAssertEqual(rules.access(for: "/tmp/a.key"), .hidden)
        XCTAssertEqual(rules.access(for: "/tmp/a.key/inside"), .hidden)
        XCTAssertEqual(rules.access(for: "/tmp/a.keys"), [])
        // Rules order does not matter.
        let reversed = PathRuleSet(rules.rules.reversed())
        for path in ["/", "/home/sandbox", "/home/sandbox/secrets/a.key", "/tmp/a.key", "/x"] {
            XCTAssertEqual(reversed.access(for: path), rules.access(for: path), path)
        }
        // A rule without restrictions changes nothing.
        XCTAssertTrue(PathRuleSet([PathRule(pattern: "/a", access: [])]).isEmpty)
    }

    func testStringBytesAndBufferAgree() {
        let rules = set(("/a/**/c*", .denyRead), ("/b", .hidden))
        for path in ["/", "/a", "/a/c", "/a/x/y/cat", "/b/q", "/bb", "/a/é/c"] {
            let expected = rules.access(for: path)
            XCTAssertEqual(rules.access(for: Array(path.utf8)), expected, path)
            Array(path.utf8).withUnsafeBufferPointer { XCTAssertEqual(rules.access(for: $0), expected, path) }
            // A string made from a substring: the same bytes, the same answer.
            let substring = ("x" + path).dropFirst()
            XCTAssertEqual(rules.access(for: String(substring)), expected, path)
        }
    }

    func testTolerantOfNonCanonicalInput() {
        // Not the contract, but nothing breaks: repeated and trailing slashes are skipped.
        let rules = set(("/a/b", .denyRead))
        XCTAssertEqual(rules.access(for: "//a///b/"), .denyRead)
        XCTAssertEqual(rules.access(for: ""), [])
        // Unchecked patterns are read leniently and never crash.
        for pattern in ["", "relative/x", "/a/[unclosed", "/a/b\\", "/a/[z-a]", "/a/**x", "/../a", "/a/[!", "/a/[\\"] {
            _ = set((pattern, .denyRead)).access(for: "/a/b")
        }
        XCTAssertTrue(matches("/a/[unclosed", "/a/[unclosed"))
        XCTAssertTrue(matches("/a/b\\", "/a/b\\"))
        XCTAssertTrue(matches("relative/x", "/relative/x"))
        XCTAssertFalse(matches("/../a", "/a"))
    }

    // MARK: Against a reference matcher

    /// A deliberately naive matcher: recursive, on strings of components, trying every ancestor.
    private func referenceMatches(_ pattern: [[UInt8]], _ path: [[UInt8]]) -> Bool {
        func component(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
            guard let first = p.first else { return s.isEmpty }
            switch first {
            case UInt8(ascii: "*"):
                return (0...s.count).contains { component(p.dropFirst(), s.dropFirst($0)) }
            case UInt8(ascii: "?"):
                return !s.isEmpty && component(p.dropFirst(), s.dropFirst())
            default:
                return s.first == first && component(p.dropFirst(), s.dropFirst())
            }
        }
        func full(_ p: ArraySlice<[UInt8]>, _ s: ArraySlice<[UInt8]>) -> Bool {
            guard let first = p.first else { return s.isEmpty }
            if first == Array("**".utf8) {
                return (0...s.count).contains { full(p.dropFirst(), s.dropFirst($0)) }
            }
            guard let head = s.first else { return false }
            return component(first[...], head[...]) && full(p.dropFirst(), s.dropFirst())
        }
        return (0...path.count).contains { full(pattern[...], path[..<$0]) }
    }

    func testAgainstReferenceMatcher() {
        var rng = SystemRandomNumberGenerator()
        let patternParts = ["a", "b", "*", "**", "?", "a*", "*b", "?b", "a?", "*a*", ".a", "ab"]
        let pathParts = ["a", "b", "ab", "ba", "aa", ".a", "abb", "bab"]
        var checked = 0
        for _ in 0..<4000 {
            let pattern = (0..<Int.random(in: 0...5, using: &rng)).map { _ in patternParts.randomElement(using: &rng)! }
            let path = (0..<Int.random(in: 0...6, using: &rng)).map { _ in pathParts.randomElement(using: &rng)! }
            let patternText = "/" + pattern.joined(separator: "/")
            let pathText = "/" + path.joined(separator: "/")
            let expected = referenceMatches(pattern.map { Array($0.utf8) }, path.map { Array($0.utf8) })
            XCTAssertEqual(matches(patternText, pathText), expected, "\(patternText) vs \(pathText)")
            checked += 1
        }
        XCTAssertEqual(checked, 4000)
    }

    // MARK: Speed

    func testLookupIsCheap() {
        // Not a benchmark: a guard against accidentally quadratic behaviour. 20k lookups against 20
        // rules take about 10 ms in release and a few hundred in debug.
        var rules: [PathRule] = []
        for i in 0..<20 {
            rules.append(PathRule(pattern: "/home/sandbox/project\(i)/**/*.secret", access: .hidden))
        }
        let set = PathRuleSet(rules)
        let path = Array("/usr/lib/python3.11/site-packages/numpy/core/__init__.py".utf8)
        let deep = Array("/home/sandbox/project7/a/b/c/d/e/f/g.txt".utf8)
        var hits = 0
        let start = ContinuousClock.now
        for _ in 0..<10_000 {
            hits += set.access(for: path).rawValue == 0 ? 0 : 1
            hits += set.access(for: deep).rawValue == 0 ? 0 : 1
        }
        let elapsed = ContinuousClock.now - start
        XCTAssertEqual(hits, 0)
        XCTAssertLessThan(elapsed, .seconds(10))
    }
}
