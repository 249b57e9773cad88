import Foundation
import XCTest
@testable import Safehouse
@testable import SafehouseKernel

/// The event stream's bounds: a burst per kind of call, summaries that add up, a byte cap.
final class EventLogTests: XCTestCase {
    private var path = ""

    override func setUp() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString).jsonl").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: path)
    }

    private func event(_ number: Int32, _ name: String = "ptrace", verdict: SyscallEvent.Verdict = .denied,
                       result: Int64? = -1) -> SyscallEvent {
        SyscallEvent(tid: 7, number: number, name: name, verdict: verdict, result: result,
                     args: (0, 0, 0, 0, 0, 0), instructionPointer: 0)
    }

    private func records() throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], String($0))
        }
    }

    private func suppressedCount(_ records: [[String: Any]], name: String) -> Int {
        records.filter { $0["type"] as? String == "suppressed" && $0["name"] as? String == name }
            .reduce(0) { $0 + ($1["count"] as? Int ?? 0) }
    }

    func testEachKindIsWrittenInABurstThenCounted() throws {
        let log = try EventLog(path: path)
        for _ in 0..<1000 { log.record(event(101)) }
        // Another errno, and successes whose values differ, are kinds of their own.
        for _ in 0..<3 { log.record(event(101, result: -13)) }
        for fd in 0..<40 { log.record(event(257, "openat", verdict: .emulated, result: Int64(fd))) }
        log.lifecycle("exit", [("status", "0")])

        let all = try records()
        let syscalls = all.filter { $0["type"] as? String == "syscall" }
        XCTAssertEqual(syscalls.filter { $0["result"] as? Int == -1 }.count, EventLog.burst)
        XCTAssertEqual(syscalls.filter { $0["result"] as? Int == -13 }.count, 3)
        XCTAssertEqual(syscalls.filter { $0["name"] as? String == "openat" }.count, EventLog.burst)
        XCTAssertEqual(suppressedCount(all, name: "ptrace"), 1000 - EventLog.burst)
        XCTAssertEqual(suppressedCount(all, name: "openat"), 40 - EventLog.burst)
        let openatSummary = all.first { $0["type"] as? String == "suppressed" && $0["name"] as? String == "openat" }
        XCTAssertNil(openatSummary?["result"], "a success kind has no single result")
        XCTAssertEqual(all.last?["type"] as? String, "exit")
    }

    func testPastTheByteCapOnlyAMarkerSummariesAndLifecycleAreWritten() throws {
        let log = try EventLog(path: path, maxBytes: 2000)
        log.lifecycle("start", [])
        for number in Int32(0)..<100 { log.record(event(number, "call\(number)")) }
        log.lifecycle("exit", [("status", "0")])

        let all = try records()
        XCTAssertEqual(all.filter { $0["type"] as? String == "truncated" }.count, 1)
        let syscalls = all.filter { $0["type"] as? String == "syscall" }
        let syscallBytes = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("\"type\":\"syscall\"") }.reduce(0) { $0 + $1.utf8.count + 1 }
        XCTAssertLessThanOrEqual(syscallBytes, 2000)
        XCTAssertGreaterThan(syscalls.count, 0)
        let suppressed = all.filter { $0["type"] as? String == "suppressed" }.reduce(0) { $0 + ($1["count"] as? Int ?? 0) }
        XCTAssertEqual(syscalls.count + suppressed, 100)
        XCTAssertEqual(all.first?["type"] as? String, "start")
        XCTAssertEqual(all.last?["type"] as? String, "exit")
    }

    func testKindsBeyondTheTableShareOneSummary() throws {
        let log = try EventLog(path: path)
        let kinds = EventLog.maxKinds + 500
        for number in 0..<kinds { log.record(event(Int32(100_000 + number), "syscall_\(number)", verdict: .unknown, result: -38)) }
        log.lifecycle("exit", [("status", "0")])

        let all = try records()
        XCTAssertEqual(all.filter { $0["type"] as? String == "syscall" }.count, EventLog.maxKinds)
        XCTAssertEqual(suppressedCount(all, name: "(other)"), 500)
    }
}
