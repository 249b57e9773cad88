import Foundation
import Glibc
import SafehouseABI
import SafehouseCore
import SafehousePolicy
import SafehouseSystem
import SafehouseVFS
import XCTest
@testable import SafehouseKernel

/// A calling task made up by a test: its working directory and descriptors are guest paths the
/// test chooses, backed by host paths of a `VFSFixture`. Its memory is the test process's own, so
/// arguments are addresses of buffers the test allocates.
final class FakeGuestTask: GuestTask, @unchecked Sendable {
    struct Object {
        let guestPath: String
        let hostPath: String
    }
    var workingDirectory: Object
    var descriptors: [Int32: Object] = [:]
    /// The working directory was removed: it reads as "<path> (deleted)".
    var workingDirectoryRemoved = false
    var fileSizeLimitBytes: UInt64? = nil
    private(set) var signals: [Int32] = []

    init(cwd guestPath: String, host hostPath: String) {
        workingDirectory = Object(guestPath: guestPath, hostPath: hostPath)
    }

    var status: TaskStatus? { TaskStatus(text: "Umask:\t0022\nNSpid:\t7\t1\nNStgid:\t7\t1\nTgid:\t7\n") }

    private func object(_ entry: TaskEntry) throws(Errno) -> Object {
        switch entry {
        case .workingDirectory: return workingDirectory
        case .descriptor(let fd):
            guard let object = descriptors[fd] else { throw Errno(ENOENT) }
            return object
        }
    }

    func link(_ entry: TaskEntry) throws(Errno) -> [UInt8] {
        let path = try object(entry).guestPath
        let removed = entry == .workingDirectory && workingDirectoryRemoved
        return Array((removed ? path + " (deleted)" : path).utf8)
    }

    func metadata(_ entry: TaskEntry) throws(Errno) -> stat {
        var st = try HostFile.status(try object(entry).hostPath)
        if entry == .workingDirectory && workingDirectoryRemoved { st.st_nlink = 0 }
        return st
    }

    func open(_ entry: TaskEntry) throws(Errno) -> FileDescriptor {
        try HostFile.open(try object(entry).hostPath, flags: OpenFlag.path)
    }

    func copyDescriptor(_ fd: Int32) throws(Errno) -> FileDescriptor {
        guard let object = descriptors[fd] else { throw Errno(EBADF) }
        return try HostFile.open(object.hostPath, flags: O_RDONLY)
    }

    func descriptorFlags(_ fd: Int32) -> Int32? { descriptors[fd] == nil ? nil : O_RDONLY }
    func fileSizeLimit() -> UInt64? { fileSizeLimitBytes }
    func signal(_ signal: Int32) { signals.append(signal) }
}

/// Handlers driven directly, with a fake calling task instead of a live guest: each test checks
/// the answer AND what happened on the host.
final class HandlerTests: XCTestCase {
    var fixture: VFSFixture!
    var task: FakeGuestTask!
    var kernel: Kernel!
    /// Buffers handed to handlers as guest addresses; freed after each test.
    var buffers: [UnsafeMutableRawPointer] = []

    override func setUpWithError() throws {
        fixture = try VFSFixture()
        task = FakeGuestTask(cwd: "/tmp", host: fixture.tmp)
        let credentials = GuestCredentials(hostUID: geteuid(), hostGID: getegid(), guestUID: 1000, guestGID: 1000)
        let fs = FileSystem(table: fixture.table, rules: PathRuleSet([]), credentials: credentials, checkPermissions: false)
        let task = self.task!
        kernel = Kernel(identity: SandboxIdentity(hostname: "test", kernelRelease: "6.1", kernelVersion: "#1"),
                        hasNetworkNamespace: false, fileSystem: fs, cpus: nil, network: nil, guestTask: { _ in task })
    }

    override func tearDown() {
        buffers.forEach { $0.deallocate() }
        buffers = []
        fixture = nil
    }

    /// A NUL-terminated copy of `text` at a guest address.
    func string(_ text: String) -> UInt64 { bytes(Array(text.utf8) + [0]) }

    func bytes(_ content: [UInt8]) -> UInt64 {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(content.count, 1), alignment: 16)
        content.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        buffers.append(buffer)
        return UInt64(UInt(bitPattern: buffer))
    }

    func zeroed(_ count: Int) -> UInt64 { bytes([UInt8](repeating: 0, count: count)) }

    func call(_ syscall: Syscall, _ handlers: [Syscall: SyscallHandler], _ args: UInt64...) -> SyscallReply {
        var a = args + [UInt64](repeating: 0, count: 6 - args.count)
        a = Array(a.prefix(6))
        let memory = GuestMemory(tid: getpid(), stillValid: { true })
        let request = SyscallRequest(tid: getpid(), number: Int32(syscall.rawValue), args: (a[0], a[1], a[2], a[3], a[4], a[5]),
                                     instructionPointer: 0, memory: memory)
        return handlers[syscall]!(request, kernel)
    }

    static let atFdcwd = UInt64(bitPattern: -100)

    func exists(_ hostPath: String) -> Bool { access(hostPath, F_OK) == 0 }

    // MARK: paths relative to the task's own directories

    func testStatResolvesRelativeToTheTasksWorkingDirectory() throws {
        try fixture.write("hello", fixture.tmp + "/f")
        let buffer = zeroed(MemoryLayout<stat>.size)
        XCTAssertEqual(call(.stat, FileInfo.handlers, string("f"), buffer), .value(0))
        let st = UnsafeRawPointer(bitPattern: UInt(buffer))!.load(as: stat.self)
        XCTAssertEqual(st.st_size, 5)
        XCTAssertEqual(st.st_uid, 1000, "owners are shown as the guest's")
    }

    func testRelativeLookupsCannotClimbOutOfTheGuestRoot() throws {
        let buffer = zeroed(MemoryLayout<stat>.size)
        XCTAssertEqual(call(.stat, FileInfo.handlers, string("../../../../outside/secret"), buffer), .error(.ENOENT))
        try fixture.symlink(fixture.tmp + "/escape", to: fixture.outside + "/secret")
        XCTAssertEqual(call(.stat, FileInfo.handlers, string("escape"), buffer), .error(.ENOENT),
                       "a symlink's absolute target is a guest path")
        XCTAssertEqual(call(.unlink, FileNames.handlers, string("../../outside/secret")), .error(.ENOENT))
        XCTAssertEqual(call(.truncate, FileAttributes.handlers, string("escape"), 0), .error(.ENOENT))
        XCTAssertEqual(try String(contentsOfFile: fixture.outside + "/secret", encoding: .utf8), "secret",
                       "the host file is unchanged")
    }

    func testDirectoryDescriptorsAreTheTasksOwn() throws {
        try fixture.mkdir(fixture.home + "/d")
        try fixture.write("x", fixture.home + "/d/victim")
        task.descriptors[5] = .init(guestPath: "/home/sandbox/d", hostPath: fixture.home + "/d")
        XCTAssertEqual(call(.unlinkat, FileNames.handlers, 5, string("victim"), 0), .value(0))
        XCTAssertFalse(exists(fixture.home + "/d/victim"))
        XCTAssertEqual(call(.unlinkat, FileNames.handlers, 6, string("victim"), 0), .error(.EBADF),
                       "a descriptor the task does not hold")
        XCTAssertEqual(call(.unlinkat, FileNames.handlers, UInt64(bitPattern: -7), string("victim"), 0), .error(.EBADF))
        // A descriptor of a non-directory cannot start a relative lookup.
        try fixture.write("y", fixture.tmp + "/plain")
        task.descriptors[8] = .init(guestPath: "/tmp/plain", hostPath: fixture.tmp + "/plain")
        XCTAssertEqual(call(.mkdirat, FileDirectory.handlers, 8, string("sub"), 0o755), .error(.ENOTDIR))
        // An absolute path ignores the descriptor, as on Linux.
        XCTAssertEqual(call(.mkdirat, FileDirectory.handlers, 6, string("/tmp/abs"), 0o755), .value(0))
        XCTAssertTrue(exists(fixture.tmp + "/abs"))
    }

    func testStatOfTheDescriptorItselfWithEmptyPath() throws {
        try fixture.write("12345678", fixture.tmp + "/eight")
        task.descriptors[3] = .init(guestPath: "/tmp/eight", hostPath: fixture.tmp + "/eight")
        let atEmptyPath: UInt64 = 0x1000
        let buffer = zeroed(MemoryLayout<stat>.size)
        XCTAssertEqual(call(.newfstatat, FileInfo.handlers, 3, string(""), buffer, atEmptyPath), .value(0))
        XCTAssertEqual(UnsafeRawPointer(bitPattern: UInt(buffer))!.load(as: stat.self).st_size, 8)
        XCTAssertEqual(call(.newfstatat, FileInfo.handlers, 4, string(""), buffer, atEmptyPath), .error(.EBADF))
        let statx = zeroed(256)
        XCTAssertEqual(call(.statx, FileInfo.handlers, 3, string(""), atEmptyPath, 0x7ff, statx), .value(0))
        XCTAssertEqual(UnsafeRawPointer(bitPattern: UInt(statx))!.load(fromByteOffset: 40, as: UInt64.self), 8,
                       "stx_size")
        XCTAssertEqual(call(.statx, FileInfo.handlers, 9, string(""), atEmptyPath, 0x7ff, statx), .error(.EBADF))
    }

    func testARemovedWorkingDirectoryLeadsOnlyToItsParent() throws {
        try fixture.mkdir(fixture.tmp + "/gone")
        try fixture.write("p", fixture.tmp + "/sibling")
        task.workingDirectory = .init(guestPath: "/tmp/gone", hostPath: fixture.tmp + "/gone")
        task.workingDirectoryRemoved = true
        let buffer = zeroed(MemoryLayout<stat>.size)
        XCTAssertEqual(call(.stat, FileInfo.handlers, string("anything"), buffer), .error(.ENOENT))
        XCTAssertEqual(call(.mkdir, FileDirectory.handlers, string("new"), 0o755), .error(.ENOENT))
        XCTAssertFalse(exists(fixture.tmp + "/gone/new"), "nothing is created in a removed directory")
        XCTAssertEqual(call(.stat, FileInfo.handlers, string("../sibling"), buffer), .value(0))
        XCTAssertEqual(UnsafeRawPointer(bitPattern: UInt(buffer))!.load(as: stat.self).st_size, 1)
    }

    // MARK: zones and limits

    func testCreationHonoursZonesAndTheTasksUmask() throws {
        XCTAssertEqual(call(.mkdir, FileDirectory.handlers, string("made"), 0o777), .value(0))
        let st = try HostFile.status(fixture.tmp + "/made")
        XCTAssertEqual(st.st_mode & 0o777, 0o755, "the task's umask 022 applies")
        XCTAssertEqual(call(.mkdir, FileDirectory.handlers, string("/usr/made"), 0o755), .error(.EROFS))
        XCTAssertEqual(call(.mkdir, FileDirectory.handlers, string("/data/made"), 0o755), .error(.EROFS))
        XCTAssertFalse(exists(fixture.usr + "/made"))
        XCTAssertFalse(exists(fixture.input + "/made"))
        XCTAssertEqual(call(.unlink, FileNames.handlers, string("/data/data.txt")), .error(.EROFS))
        XCTAssertTrue(exists(fixture.input + "/data.txt"))
    }

    func testTruncatePastTheTasksFileSizeLimitIsEFBIGAndSIGXFSZ() throws {
        try fixture.write("abc", fixture.tmp + "/small")
        task.fileSizeLimitBytes = 100
        XCTAssertEqual(call(.truncate, FileAttributes.handlers, string("small"), 101), .error(.EFBIG))
        XCTAssertEqual(task.signals, [SIGXFSZ])
        XCTAssertEqual(try HostFile.status(fixture.tmp + "/small").st_size, 3, "the file is unchanged")
        XCTAssertEqual(call(.truncate, FileAttributes.handlers, string("small"), 100), .value(0))
        XCTAssertEqual(try HostFile.status(fixture.tmp + "/small").st_size, 100)
        XCTAssertEqual(call(.truncate, FileAttributes.handlers, string("small"), UInt64(bitPattern: -1)), .error(.EINVAL))
    }

    /// Descriptors the supervisor holds for the guest never outlive an exec of the supervisor's
    /// (a launcher started for another sandbox must not inherit them).
    func testPinsAndParentsAreCloseOnExec() throws {
        try fixture.write("x", fixture.tmp + "/f")
        let fs = try XCTUnwrap(kernel.fileSystem)
        let r = try fs.resolver.resolve(Array("/tmp/f".utf8), cwd: Array("/".utf8), followFinalSymlink: false, procSelf: { nil })
        let pin = try fs.pin(r)
        XCTAssertNotEqual(fcntl(pin.rawValue, F_GETFD) & FD_CLOEXEC, 0, "a pin")
        let parent = try fs.parent(r)
        XCTAssertNotEqual(fcntl(parent.directory.rawValue, F_GETFD) & FD_CLOEXEC, 0, "a parent directory")
    }

    func testBadPointersAndFullRangeIntegers() throws {
        XCTAssertEqual(call(.stat, FileInfo.handlers, 0, zeroed(MemoryLayout<stat>.size)), .error(.EFAULT))
        XCTAssertEqual(call(.stat, FileInfo.handlers, 1, zeroed(MemoryLayout<stat>.size)), .error(.EFAULT))
        try fixture.write("x", fixture.tmp + "/f")
        XCTAssertEqual(call(.stat, FileInfo.handlers, string("f"), 8), .error(.EFAULT), "an unmapped result buffer")
        let long = String(repeating: "a/", count: 2100)
        XCTAssertEqual(call(.stat, FileInfo.handlers, string(long), zeroed(MemoryLayout<stat>.size)), .error(.ENAMETOOLONG))
        XCTAssertEqual(call(.unlinkat, FileNames.handlers, Self.atFdcwd, string("f"), UInt64.max), .error(.EINVAL))
        XCTAssertEqual(call(.readlinkat, FileInfo.handlers, Self.atFdcwd, string("f"), zeroed(16), UInt64(bitPattern: -1)),
                       .error(.EINVAL))
        XCTAssertTrue(exists(fixture.tmp + "/f"))
    }
}
