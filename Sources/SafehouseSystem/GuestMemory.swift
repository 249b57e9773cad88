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
