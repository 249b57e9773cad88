import CSafehouse
import Glibc
import SafehouseABI
import XCTest
@testable import SafehouseProcfs

/// The budget for synthetic files: charged by pages, refused past the limit, credited back only
/// when the kernel has freed the file — whatever still holds it (descriptor, O_PATH, mapping).
final class SyntheticFileBudgetTests: XCTestCase {
    private let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    private func memfd() -> Int32 {
        let fd = sh_memfd_create("budget-test", 1 /* MFD_CLOEXEC */)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(ftruncate(fd, off_t(page)), 0)
        return fd
    }

    func testLimitIsAQuarterOfMemoryAtMost64MiB() {
        XCTAssertEqual(SyntheticFileBudget.limit(memoryBytes: 64 << 20), 16 << 20)
        XCTAssertEqual(SyntheticFileBudget.limit(memoryBytes: 16 << 30), 64 << 20)
    }

    func testChargesArePagesAndRefusedPastTheLimit() throws {
        let budget = SyntheticFileBudget(limitBytes: 3 * page)
        XCTAssertEqual(try budget.charge(size: 0), page, "an empty file still costs an inode: one page")
        XCTAssertEqual(try budget.charge(size: page + 1), 2 * page)
        XCTAssertThrowsError(try budget.charge(size: 1)) { XCTAssertEqual($0 as? LinuxErrno, .ENOMEM) }
        budget.refund(page)
        XCTAssertEqual(budget.chargedBytes, 2 * page)
    }

    func testAChargeComesBackWhenTheLastReferenceIsGone() throws {
        let budget = SyntheticFileBudget(limitBytes: 2 * page)
        let fd = memfd()
        budget.watch(fd, cost: try budget.charge(size: 2 * page))
        // An O_PATH descriptor keeps the file (and its pages) alive: still charged.
        let path = open("/proc/self/fd/\(fd)", Int32(0o10000000) | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(path, 0)
        close(fd)
        XCTAssertThrowsError(try budget.charge(size: 1))
        close(path)
        XCTAssertEqual(try budget.charge(size: 2 * page), 2 * page)
    }

    func testAMappingKeepsTheChargeUntilUnmapped() throws {
        let budget = SyntheticFileBudget(limitBytes: page)
        let fd = memfd()
        budget.watch(fd, cost: try budget.charge(size: page))
        let mapping = mmap(nil, page, PROT_READ, MAP_SHARED, fd, 0)
        XCTAssertNotEqual(mapping, MAP_FAILED)
        close(fd)
        XCTAssertThrowsError(try budget.charge(size: 1))
        munmap(mapping, page)
        XCTAssertEqual(try budget.charge(size: 1), page)
    }
}
