import Foundation
import CSafehouse
import XCTest
@testable import Safehouse
@testable import SafehouseKernel
@testable import SafehousePolicy
import SafehouseVFS

/// `limits.cpus` / `--cpus` parsing and validation, the CPU helpers, and the synthetic /sys and
/// /dev entries and launcher steps they lead to.
final class CPUAndDevicePolicyTests: XCTestCase {
    private func parse(_ body: String) throws -> Policy {
        try Policy.parse(text: "version = 1\n" + body, fileName: "t.toml")
    }

    private func parseError(_ body: String, file: StaticString = #filePath, line: UInt = #line) -> PolicyError? {
        do throws(PolicyError) {
            let policy = try Policy.parse(text: "version = 1\n" + body, fileName: "t.toml")
            XCTFail("expected an error, got cpus = \(String(describing: policy.limits.cpus))", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private var available: Int { CPUAffinity.supervisorCPUs().count }

    // MARK: Policy file

    func testCpusFromTheFile() throws {
        XCTAssertNil(try parse("").limits.cpus)
        XCTAssertEqual(try parse("[limits]\ncpus = 1\n").limits.cpus, 1)
        XCTAssertEqual(try parse("[limits]\ncpus = \(available)\n").limits.cpus, available)
    }

    func testCpusOutOfRangeIsAPolicyErrorWithFieldAndLine() throws {
        for bad in ["0", "-2"] {
            let error = try XCTUnwrap(parseError("[limits]\ncpus = \(bad)\n"))
            XCTAssertEqual(error.field, "limits.cpus")
            XCTAssertEqual(error.line, 3)
            XCTAssertTrue(error.message.contains("positive"), error.message)
        }
        let error = try XCTUnwrap(parseError("[limits]\ncpus = \(available + 1)\n"))
        XCTAssertEqual(error.field, "limits.cpus")
        XCTAssertEqual(error.line, 3)
        XCTAssertTrue(error.message.contains("at most \(available)"), error.message)
        XCTAssertTrue(error.message.contains("affinity"), error.message)
    }

    func testCpusMustBeAnInteger() throws {
        let error = try XCTUnwrap(parseError("[limits]\ncpus = \"2\"\n"))
        XCTAssertEqual(error.field, "limits.cpus")
        let misspelt = try XCTUnwrap(parseError("[limits]\ncpu = 1\n"))
        XCTAssertTrue(misspelt.message.contains("did you mean 'cpus'?"), misspelt.message)
    }

    func testCheckAgainstAGivenMask() {
        XCTAssertNoThrow(try Check.cpus(4, available: 4))
        XCTAssertThrowsError(try Check.cpus(5, available: 4))
        XCTAssertThrowsError(try Check.cpus(0, available: 4))
    }

    // MARK: Command line

    func testSetCpus() throws {
        var policy = Policy.builtinDefault
        try policy.setCpus("1")
        XCTAssertEqual(policy.limits.cpus, 1)
        for bad in ["0", "-1", "two", "", "1.5", String(available + 1)] {
            XCTAssertThrowsError(try policy.setCpus(bad), bad) { error in
                XCTAssertEqual((error as? PolicyError)?.field, "limits.cpus")
            }
        }
        XCTAssertEqual(policy.limits.cpus, 1, "a rejected value leaves the setting alone")
    }

    // MARK: CPU helpers

    func testSupervisorMaskIsTheProcessAffinity() throws {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") })
        let list = line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(CPUAffinity.supervisorCPUs(), CPUAffinity.expand(list: list))
        XCTAssertFalse(CPUAffinity.supervisorCPUs().isEmpty)
    }

    func testCpuLists() {
        XCTAssertEqual(CPUAffinity.expand(list: "0"), [0])
        XCTAssertEqual(CPUAffinity.expand(list: "0-3"), [0, 1, 2, 3])
        XCTAssertEqual(CPUAffinity.expand(list: "2,4-5,9"), [2, 4, 5, 9])
        XCTAssertNil(CPUAffinity.expand(list: ""))
        XCTAssertNil(CPUAffinity.expand(list: "3-1"))
        XCTAssertNil(CPUAffinity.expand(list: "a"))
        XCTAssertNil(CPUAffinity.expand(list: "1-2-3"))
        XCTAssertEqual(CPUAffinity.rangeList(count: 1), "0")
        XCTAssertEqual(CPUAffinity.rangeList(count: 4), "0-3")
        XCTAssertEqual(CPUAffinity.mask([0, 3, 64, 130]), [0b1001, 1, 1 << 2])
        XCTAssertEqual(CPUAffinity.list(CPUAffinity.mask([1, 63, 64, 200])), [1, 63, 64, 200])
        XCTAssertEqual(Scheduling.bits([0b0000_0101, 0, 0b1000_0000]), [0, 2, 23])
    }

    func testSandboxCPUCount() {
        var policy = Policy.builtinDefault
        XCTAssertEqual(sandboxCPUCount(policy: policy), available)
        policy.limits.cpus = 1
        XCTAssertEqual(sandboxCPUCount(policy: policy), 1)
        XCTAssertEqual(sandboxCPUs(policy: policy), [CPUAffinity.supervisorCPUs()[0]])
    }

    // MARK: Synthetic /sys and /dev

    private func entries(cpus: Int, terminal: Bool) -> [String: SyntheticContent] {
        var map: [String: SyntheticContent] = [:]
        for entry in SyntheticEntry.standard(for: .builtinDefault, cpus: cpus, terminal: terminal) {
            map[entry.guestPath] = entry.content
        }
        return map
    }

    func testSysNamesTheSandboxCPUsAndNothingElse() {
        for (cpus, text) in [(1, "0\n"), (3, "0-2\n")] {
            let map = entries(cpus: cpus, terminal: false)
            for name in ["online", "possible", "present"] {
                XCTAssertEqual(map["/sys/devices/system/cpu/" + name], .file(Array(text.utf8)), name)
            }
            // And one cpuN/online per sandbox CPU, nothing else.
            let perCPU = (0..<cpus).map { "/sys/devices/system/cpu/cpu\($0)/online" }
            for path in perCPU { XCTAssertEqual(map[path], .file(Array("1\n".utf8)), path) }
            XCTAssertEqual(map.keys.filter { $0.hasPrefix("/sys/") }.count, 3 + cpus)
        }
    }

    func testDevEntries() {
        let plain = entries(cpus: 1, terminal: false)
        XCTAssertNil(plain["/dev/tty"])
        XCTAssertEqual(plain["/dev/ptmx"], .symlink(Array("pts/ptmx".utf8)))
        XCTAssertEqual(Set(plain.keys.filter { $0.hasPrefix("/dev/") }),
                       ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/fd",
                        "/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/ptmx"])
        XCTAssertEqual(entries(cpus: 1, terminal: true)["/dev/tty"], .hostDevice("/dev/tty"))
    }

    func testZonesMayNotCoverSys() {
        XCTAssertThrowsError(try parse("[[zone]]\nkind = \"input\"\nhost = \"/sys\"\nguest = \"/sys/class\"\n"))
        var policy = Policy.builtinDefault
        XCTAssertThrowsError(try policy.addZone(kind: .input, spec: "/sys:/sys"))
    }

    func testLauncherStepsMountShmAndAPrivateDevpts() throws {
        let steps = try MountPlan.steps(for: .builtinDefault)
        let dev = try XCTUnwrap(steps.firstIndex { $0.target == "/dev" && $0.op == SH_MOUNT_TMPFS })
        let shm = try XCTUnwrap(steps.firstIndex { $0.target == "/dev/shm" })
        let pts = try XCTUnwrap(steps.firstIndex { $0.target == "/dev/pts" })
        XCTAssertEqual(steps[shm].op, SH_MOUNT_TMPFS)
        XCTAssertEqual(steps[pts].op, SH_MOUNT_DEVPTS)
        XCTAssertEqual(steps[pts].data, "newinstance,ptmxmode=0666,mode=0620")
        XCTAssertLessThan(dev, shm)
        XCTAssertLessThan(dev, pts)
        let ptmx = try XCTUnwrap(steps.first { $0.target == "/dev/ptmx" })
        XCTAssertEqual(ptmx.op, SH_MOUNT_SYMLINK)
        XCTAssertEqual(ptmx.data, "pts/ptmx")
        var policy = Policy.builtinDefault
        policy.limits.cpus = 1
        let online = try XCTUnwrap(try MountPlan.steps(for: policy).first { $0.target == "/sys/devices/system/cpu/online" })
        XCTAssertEqual(online.op, SH_MOUNT_FILE)
        XCTAssertEqual(online.data, "0\n")
    }
}
