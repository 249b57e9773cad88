import Foundation
import XCTest

/// What a guest can make the supervisor hold or write on its behalf is bounded: the host memory
/// of synthetic /proc files it keeps open, and the event stream under a flood of calls.
final class SupervisorBoundsTests: XCTestCase {
    /// A /proc/self/smaps of 10 000 mappings is ~7 MB; before the budget, 40 held opens grew host
    /// shared memory by ~280 MB under --memory 64M. The budget is a quarter of that limit (16 MiB).
    func testSyntheticFilesTheGuestHoldsStayWithinTheBudget() throws {
        try assertSmapsFloodBounded(holding: [])
    }

    /// The same, with each file held only by an O_PATH descriptor (which pins it just the same).
    func testSyntheticFilesHeldThroughOPathStayWithinTheBudget() throws {
        try assertSmapsFloodBounded(holding: ["path"])
    }

    private func assertSmapsFloodBounded(holding mode: [String]) throws {
        let sampler = ShmemSampler()
        let result = try sampler.measure {
            try Harness.program("supervisor_flood", ["smaps", "10000", "40", "1000"] + mode, options: ["--memory", "64M"])
        }
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let size = lines.first { $0.hasPrefix("size=") }.flatMap { Int($0.dropFirst(5)) } ?? 0
        XCTAssertGreaterThan(size, 4 << 20, "the attack needs a large smaps: \(result.stdout)")
        // Some opens succeed, then the budget answers ENOMEM; once closed, the budget is back.
        XCTAssertTrue(lines.contains { $0.hasPrefix("opened=") && $0.hasSuffix(" stop=ENOMEM") && $0 != "opened=0 stop=ENOMEM" },
                      result.stdout)
        XCTAssertTrue(lines.contains("reopen=ok"), result.stdout)
        XCTAssertLessThan(sampler.maxGrowthBytes, 96 << 20, "host Shmem grew by \(sampler.maxGrowthBytes >> 20) MiB")
    }

    /// 300 000 denied calls wrote 45 MB of events before; now the first 16 are written, the rest
    /// counted in `suppressed` lines that add up to the real total, and the exit event follows.
    func testDeniedCallFloodIsSummarisedInTheEventStream() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = dir.appendingPathComponent("events.jsonl").path
        let calls = 300_000
        let result = try Harness.program("supervisor_flood", ["deny", "\(calls)"], options: ["--events", events])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "denied=\(calls) errno=EPERM\n")

        let data = try Data(contentsOf: URL(fileURLWithPath: events))
        XCTAssertLessThan(data.count, 64 << 10, "events file is \(data.count) bytes")
        let records = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let ptrace = records.filter { $0["name"] as? String == "ptrace" }
        let written = ptrace.filter { $0["type"] as? String == "syscall" }
        XCTAssertEqual(written.count, 16)
        XCTAssertEqual(written.first?["verdict"] as? String, "denied")
        XCTAssertEqual(written.first?["result"] as? Int, -1)
        let suppressed = ptrace.filter { $0["type"] as? String == "suppressed" }
        XCTAssertFalse(suppressed.isEmpty)
        XCTAssertTrue(suppressed.allSatisfy { $0["verdict"] as? String == "denied" && $0["result"] as? Int == -1 })
        XCTAssertEqual(written.count + suppressed.reduce(0) { $0 + ($1["count"] as? Int ?? 0) }, calls)
        XCTAssertEqual(records.last?["type"] as? String, "exit")
        XCTAssertEqual(records.last?["status"] as? Int, 0)
    }
}

/// Samples the host's Shmem (/proc/meminfo) while a body runs; the largest growth over the start.
private final class ShmemSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var maximum = 0
    private var running = true

    var maxGrowthBytes: Int { lock.withLock { maximum } }

    func measure<T>(_ body: () throws -> T) rethrows -> T {
        let base = Self.shmem()
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                let growth = Self.shmem() - base
                lock.withLock { maximum = max(maximum, growth) }
                usleep(20_000)
            }
        }
        thread.start()
        defer { lock.withLock { running = false } }
        return try body()
    }

    static func shmem() -> Int {
        let text = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("Shmem:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}
