import Foundation
import Glibc
import SafehouseABI
import Synchronization
import XCTest
@testable import SafehouseVFS

/// A host-side attacker swaps a directory inside a zone for a symlink, as fast as it can, while the
/// VFS resolves and opens through it. Whatever interleaving happens, the descriptor the VFS returns
/// must be the file inside the zone or the guest's own file — never a host file outside the zones.
final class VFSRaceTests: XCTestCase {
    private var fx: VFSFixture!

    override func setUpWithError() throws { fx = try VFSFixture() }
    override func tearDown() { fx = nil }

    func testSwappingADirectoryForASymlinkToHostRoot() throws {
        try race(linkTarget: "/", forbidden: [Identity(path: "/etc/passwd"), Identity(path: fx.outside + "/etc/passwd")])
    }

    func testSwappingADirectoryForASymlinkToAHostDirectoryOutsideTheZones() throws {
        try race(linkTarget: fx.outside, forbidden: [Identity(path: "/etc/passwd"), Identity(path: fx.outside + "/etc/passwd")])
    }

    func testSwappingADirectoryForARelativeSymlinkClimbingOut() throws {
        // ../outside from <root>/tmp is the host's <root>/outside; in the guest it is /outside (absent).
        try race(linkTarget: "../outside", forbidden: [Identity(path: "/etc/passwd"), Identity(path: fx.outside + "/etc/passwd")])
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE): an atomic swap of two names. glibc has
    /// it, but the Swift Glibc module does not export it (it needs _GNU_SOURCE).
    private static let renameExchange: (@Sendable (String, String) -> Int32)? = {
        guard let symbol = dlsym(nil, "renameat2") else { return nil }
        let call = unsafeBitCast(symbol, to: RenameAt2.self)
        return { a, b in call(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) }
    }()

    /// <zone>/d is a directory holding etc/passwd; <zone>/d_swap is a symlink to `linkTarget`. One
    /// thread exchanges the two names atomically (renameat2 RENAME_EXCHANGE) in a loop; this thread
    /// opens /tmp/d/etc/passwd 20 000 times.
    private func race(linkTarget: String, forbidden: [Identity], iterations: Int = 20_000) throws {
        try fx.mkdir(fx.tmp + "/d/etc")
        try fx.write("zone passwd", fx.tmp + "/d/etc/passwd")
        try fx.symlink(fx.tmp + "/d_swap", to: linkTarget)
        let inZone = Identity(path: fx.tmp + "/d/etc/passwd")
        for id in forbidden { XCTAssertNotEqual(id, inZone) }

        guard let renameExchange = Self.renameExchange else { throw XCTSkip("no renameat2 in libc") }
        let stop = Atomic<Bool>(false)
        let swaps = Atomic<Int>(0)
        let a = fx.tmp + "/d", b = fx.tmp + "/d_swap"
        let swapper = Thread {
            while !stop.load(ordering: .relaxed) {
                if renameExchange(a, b) == 0 {
                    swaps.add(1, ordering: .relaxed)
                }
            }
        }
        swapper.start()
        defer {
            stop.store(true, ordering: .relaxed)
            while !swapper.isFinished { usleep(100) }
        }

        var opened = 0, synthetic = 0, refused: [LinuxErrno: Int] = [:]
        for i in 0..<iterations {
            do {
                switch try fx.resolver.open("/tmp/d/etc/passwd", flags: O_RDONLY) {
                case .directory(let r):
                    XCTFail("iteration \(i): a directory \(r.guestPathString)")
                case .fifo: XCTFail("unexpected FIFO")
                case .file(let fd, let r):
                    let id = Identity(fd: fd.rawValue)
                    XCTAssertFalse(forbidden.contains(id), "iteration \(i): opened a host file outside the zones")
                    switch r.location {
                    case .host:
                        XCTAssertEqual(id, inZone, "iteration \(i): \(r.guestPathString)")
                        XCTAssertEqual(r.guestPathString, "/tmp/d/etc/passwd")
                        opened += 1
                    case .synthetic(let node):
                        // Through the link to "/": the guest's own /etc/passwd.
                        XCTAssertEqual(node.guestPath, "/etc/passwd")
                        synthetic += 1
                    case .syntheticMissing:
                        XCTFail("iteration \(i): a descriptor for a missing name")
                    }
                }
            } catch {
                // Through a link to a host directory the guest does not have: ENOENT. A swap that
                // keeps winning against the retries: ELOOP. Nothing else.
                XCTAssertTrue(error == .ENOENT || error == .ELOOP, "iteration \(i): \(error)")
                refused[error, default: 0] += 1
            }
        }
        let swapCount = swaps.load(ordering: .relaxed)
        print("race (\(linkTarget)): \(iterations) opens, \(swapCount) swaps: \(opened) in the zone, "
              + "\(synthetic) synthetic, refused \(refused)")
        XCTAssertGreaterThan(swapCount, 100, "the swapper must actually race")
        XCTAssertGreaterThan(opened, 0, "some opens must see the directory")
        XCTAssertGreaterThan(synthetic + refused.values.reduce(0, +), 0, "some opens must see the symlink")
    }
}
