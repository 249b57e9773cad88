import SafehouseABI
@testable import SafehouseKernel
import XCTest

/// The typed syscall enumeration agrees with the table it is generated from, and every syscall the
/// table emulates has exactly one handler — no more, no fewer.
final class SyscallRegistrationTests: XCTestCase {
    func testEnumerationMatchesTheTable() {
        XCTAssertEqual(Syscall.allCases.count, SyscallTable.entries.count)
        for entry in SyscallTable.entries {
            XCTAssertEqual(entry.syscall?.name, entry.name, "no enumeration case for \(entry.name) (\(entry.number))")
        }
        for syscall in Syscall.allCases {
            XCTAssertEqual(SyscallTable.entry(syscall.rawValue)?.name, "\(syscall)", "number of \(syscall)")
        }
        XCTAssertEqual(Syscall.openat.rawValue, 257)
        XCTAssertEqual(Syscall.open.name, "open")
    }

    func testEmulatedListIsTheTablesEmulatedSyscalls() {
        let fromTable = SyscallTable.entries.filter { entry in
            entry.action == .emulated || entry.rules.contains { $0.action == .emulated }
        }.map(\.name)
        XCTAssertEqual(Syscall.emulated.map(\.name), fromTable)
        XCTAssertFalse(Syscall.emulated.isEmpty)
    }

    func testEveryEmulatedSyscallHasAHandler() {
        XCTAssertEqual(Dispatcher.missingHandlers(), [], "emulated in the table, but no family registers a handler")
    }

    func testNoHandlerForASyscallTheTableDoesNotEmulate() {
        XCTAssertEqual(Dispatcher.unexpectedHandlers(), [], "a handler that would never run: the table does not emulate it")
    }

    func testNoSyscallRegisteredByTwoFamilies() {
        XCTAssertEqual(Dispatcher.doubleHandlers(), [], "registered by more than one family")
    }
}
