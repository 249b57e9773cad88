import Glibc
import SafehouseKernel
import SafehouseSystem
import Synchronization

/// The live event stream: one JSON object per line, appended to a file or pipe.
public final class EventLog: EventSink, Sendable {
    private let fd: Int32
    private let lock = Mutex(())

    public init(path: String) throws(SandboxError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SandboxError("events file \(path): \(Errno.current)") }
        self.fd = fd
    }

    deinit { close(fd) }

    public func record(_ event: SyscallEvent) {
        var line = "{\"type\":\"syscall\",\"time\":\(timestamp()),\"tid\":\(event.tid),\"nr\":\(event.number)"
        line += ",\"name\":\(JSON.quote(event.name)),\"verdict\":\"\(event.verdict.rawValue)\""
        if let result = event.result { line += ",\"result\":\(result)" }
        let a = event.args
        line += ",\"args\":[\(a.0),\(a.1),\(a.2),\(a.3),\(a.4),\(a.5)],\"ip\":\(event.instructionPointer)}"
        write(line)
    }

    /// A lifecycle event (start, walls, exit) with already-encoded JSON field values.
    public func lifecycle(_ type: String, _ fields: [(String, String)]) {
        var line = "{\"type\":\(JSON.quote(type)),\"time\":\(timestamp())"
        for (key, value) in fields { line += ",\(JSON.quote(key)):\(value)" }
        write(line + "}")
    }

    private func timestamp() -> String {
        let t = HostProcess.wallClockSeconds()
        let millis = UInt64(t * 1000)
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    private func write(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        lock.withLock { _ in _ = try? HostFile.writeAll(fd, bytes) }
    }
}

public enum JSON {
    /// A JSON string literal, escaping quotes, backslashes and control characters.
    public static func quote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
