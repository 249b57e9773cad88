import CSafehouse
import SafehousePlatform
import XCTest
@testable import Safehouse

/// The precompiled seccomp programs must be exactly what libseccomp compiles from the table now.
final class SeccompProgramTests: XCTestCase {
    func testPrecompiledProgramsAreCurrent() throws {
        for namespaces in [true, false] {
            let compiled = try SeccompFilter.build(options: .init(hasNetworkNamespace: namespaces))
            let committed = SeccompProgram.instructions(hasNetworkNamespace: namespaces)
            XCTAssertEqual(compiled.count, committed.count,
                           "stale: run `swift run safehouse-filtergen > Sources/Safehouse/SeccompProgram.generated.swift`")
            for (a, b) in zip(compiled, committed) where a.code != b.code || a.jt != b.jt || a.jf != b.jf || a.k != b.k {
                XCTFail("stale precompiled filter: run `swift run safehouse-filtergen > Sources/Safehouse/SeccompProgram.generated.swift`")
                break
            }
        }
    }

    func testArchitectureIsCheckedFirst() {
        let program = SeccompProgram.instructions(hasNetworkNamespace: true)
        // ld arch; jeq x86_64 else kill; ld nr; jge x32-bit → kill
        XCTAssertEqual(program[0].k, 4)
        XCTAssertEqual(program[1].k, 0xC000_003E)
        XCTAssertEqual(program[3].k, 0x4000_0000)
        XCTAssertEqual(program[5].k, UInt32(SECCOMP_RET_KILL_PROCESS))
    }

    func testNetworkNamespaceVariantsDiffer() {
        // Without a network namespace, inet sockets must not be allowed natively.
        XCTAssertNotEqual(SeccompProgram.namespaced, SeccompProgram.withoutNetworkNamespace)
    }
}
