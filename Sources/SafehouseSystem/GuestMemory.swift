import CSafehouse
import Glibc

/// A guest virtual address: never a Swift pointer, never dereferenced in the supervisor.
public struct GuestAddress: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "0x" + String(rawValue, radix: 16) }
}

public enum GuestMemoryError: Error, Sendable {
    /// The guest address range is not mapped (the guest gets EFAULT).
    case fault
    /// The task went away or the notification is no longer valid: nothing may be answered.
    case taskGone
}

/// The only way the supervisor touches guest memory. Every copy is followed (reads) or preceded
/// (writes) by a check that the notification is still valid, so data is never attributed to a
/// process that reused the pid, and writes go to the task that is waiting for the answer.
public struct GuestMemory: Sendable {
    /// Host thread id of the trapped task.
    public let tid: Int32
    private let stillValid: @Sendable () -> Bool

    public init(tid: Int32, stillValid: @escaping @Sendable () -> Bool) {
        self.tid = tid
        self.stillValid = stillValid
    }

    /// Whether the trapped task is still the one waiting for our answer (re-check after reading
    /// anything about it, e.g. its procfs entry).
    public func isValid() -> Bool { stillValid() }

    /// Copies `count` bytes from the guest, then re-validates the task.
    public func read(_ address: GuestAddress, count: Int) throws(GuestMemoryError) -> [UInt8] {
        if count == 0 { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let copied = bytes.withUnsafeMutableBytes { buffer in
            sh_process_vm_readv(tid, buffer.baseAddress, count, address.rawValue)
        }
        guard stillValid() else { throw .taskGone }
        if copied != count {
            if copied == -Int(ESRCH) { throw .taskGone }
            throw .fault
        }
        return bytes
    }

    /// Copies a NUL-terminated string as the kernel's `strncpy_from_user` does: page by page, so a
    /// string that ends just before an unmapped page is still read. Returns the bytes without the
    /// NUL, or nil when no NUL occurs within `limit` bytes (the caller's ENAMETOOLONG/E2BIG).
    /// An unmapped byte before the NUL is `.fault`. The task is re-validated after the copy.
    public func readCString(_ address: GuestAddress, limit: Int) throws(GuestMemoryError) -> [UInt8]? {
        let page = 4096
        var bytes = [UInt8](repeating: 0, count: limit)
        var done = 0
        var found: Int? = nil
        var failure: GuestMemoryError? = nil
        while done < limit {
            let (start, overflow) = address.rawValue.addingReportingOverflow(UInt64(done))
            if overflow { failure = .fault; break }
            let chunk = min(limit - done, page - Int(start % UInt64(page)))
            let copied = bytes.withUnsafeMutableBytes { buffer in
                sh_process_vm_readv(tid, buffer.baseAddress! + done, chunk, start)
            }
            if copied == -Int(ESRCH) { failure = .taskGone; break }
            if copied <= 0 { failure = .fault; break }
            if let nul = bytes[done..<(done + copied)].firstIndex(of: 0) { found = nul; break }
            done += copied
            if copied < chunk { failure = .fault; break }
        }
        guard stillValid() else { throw .taskGone }
        if let found { return Array(bytes[0..<found]) }
        if let failure { throw failure }
        return nil
    }

    /// Writes bytes into the guest. The notification is validated first, so the tid still
    /// names the trapped task: it is blocked in the kernel waiting for our answer, and its pid
    /// cannot be reused unless it is killed *and* reaped *and* the pid space wraps within this
    /// one call. (Opening /proc/<tid>/mem first would close even that window, at a procfs path
    /// walk per trap; see Docs/perf.md.)
    public func write(_ address: GuestAddress, _ bytes: [UInt8]) throws(GuestMemoryError) {
        if bytes.isEmpty { return }
        guard stillValid() else { throw .taskGone }
        let written = bytes.withUnsafeBytes { buffer in
            sh_process_vm_writev(tid, buffer.baseAddress, buffer.count, address.rawValue)
        }
        if written == -Int(ESRCH) { throw .taskGone }
        if written != bytes.count { throw .fault }
    }
}
