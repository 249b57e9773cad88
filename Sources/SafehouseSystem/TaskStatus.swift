/// What `/proc/<tid>/status` says about a host task, read and parsed once: the one parser of that
/// file in the supervisor (umask, namespace ids, thread group, signal masks).
public struct TaskStatus: Sendable {
    private let fields: [Substring: Substring]

    /// nil when the task is gone or the file cannot be read.
    public static func read(tid: Int32) -> TaskStatus? {
        read(path: "/proc/\(tid)/status")
    }

    public static func read(path: String) -> TaskStatus? {
        guard let text = try? HostFile.readString(path) else { return nil }
        return TaskStatus(text: text)
    }

    public init(text: String) {
        var fields: [Substring: Substring] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon]] = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        }
        self.fields = fields
    }

    /// The last of the whitespace-separated numbers of a field (NSpid: the innermost namespace's).
    private func innermost(_ key: Substring) -> Int32? {
        fields[key]?.split(whereSeparator: { $0 == "\t" || $0 == " " }).last.flatMap { Int32($0) }
    }

    private func mask(_ key: Substring) -> UInt64 { fields[key].flatMap { UInt64($0, radix: 16) } ?? 0 }

    /// The process id and thread id in the innermost (the sandbox's) PID namespace.
    public var namespacePid: Int32? { innermost("NStgid") }
    public var namespaceTid: Int32? { innermost("NSpid") }
    /// The thread group (process) id on the host.
    public var tgid: Int32? { fields["Tgid"].flatMap { Int32($0) } }
    public var umask: UInt32? { fields["Umask"].flatMap { UInt32($0, radix: 8) } }

    /// A signal pending that the task neither blocks nor ignores: a call it waits in would be
    /// interrupted by it on Linux. A process-wide signal goes where Linux's complete_signal sends
    /// it: to the main thread unless that thread blocks it or has exited, else to a thread that
    /// takes it — so a non-main thread counts it only then (one waiting thread is interrupted,
    /// not every one, while the main thread can take it).
    public func hasDeliverableSignal(tid: Int32) -> Bool {
        let open = ~mask("SigBlk") & ~mask("SigIgn")
        if mask("SigPnd") & open != 0 { return true }
        let shared = mask("ShdPnd") & open
        guard shared != 0 else { return false }
        guard let tgid, tgid != tid else { return true }
        guard let main = TaskStatus.read(tid: tgid), !main.isZombie else { return true }
        return shared & main.mask("SigBlk") != 0
    }

    /// The task has exited and waits to be reaped (a main thread that called pthread_exit).
    var isZombie: Bool { fields["State"]?.hasPrefix("Z") ?? false }
}
