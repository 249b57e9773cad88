import SafehouseABI

/// Something the guest did that an observer should know. Rendered as JSON lines by the monitor.
public struct SyscallEvent: Sendable {
    public enum Verdict: String, Sendable {
        case emulated, denied, unknown
    }
    public let tid: Int32
    public let number: Int32
    public let name: String
    public let verdict: Verdict
    /// The value or -errno the guest got; nil when a descriptor was installed.
    public let result: Int64?
    public let args: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    public let instructionPointer: UInt64
}

/// Receives events. Implementations must be cheap and thread-safe: workers call it inline.
public protocol EventSink: Sendable {
    func record(_ event: SyscallEvent)
}
