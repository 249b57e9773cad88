import Glibc
import SafehouseKernel
import SafehouseNetwork
import SafehouseSystem
import Synchronization

/// The live event stream: one JSON object per line, appended to a file or pipe.
///
/// Bounded so a guest cannot flood it (Docs/policy.md, "The event stream"): calls are grouped
/// into kinds by (syscall number, verdict, outcome — the errno, or success); the first `burst`
/// calls of each kind are written in full, later ones only counted and summarised in a
/// `suppressed` line at most once per `summaryInterval` per kind and before every lifecycle
/// event (so before `exit`). Past `maxBytes` one `truncated` line is written and then only
/// lifecycle events and the summaries before them: the written and suppressed counts still add
/// up to every call, and the file stays below `maxBytes` plus one summary per kind per
/// lifecycle event.
public final class EventLog: EventSink, NetworkEventSink, Sendable {
    /// Calls of one kind written in full before the rest are counted.
    public static let burst = 16
    public static let defaultMaxBytes = 64 << 20
    static let summaryInterval: UInt64 = 1_000_000_000
    /// Kinds tracked one by one; beyond, new kinds share one summary named "(other)" (unknown
    /// syscall numbers are the guest's to choose).
    static let maxKinds = 4096
    private static let otherKey = UInt64.max

    public let maxBytes: Int
    private let fd: Int32
    private let state = Mutex(State())

    private struct Kind {
        let number: Int32
        let name: String
        let verdict: SyscallEvent.Verdict
        /// The -errno every call of this kind got; nil for success.
        let error: Int64?
        var written = 0
        /// Calls counted since the last summary, and when the first of them came.
        var pending: UInt64 = 0
        var pendingSince: UInt64 = 0

        init(number: Int32, name: String, verdict: SyscallEvent.Verdict, error: Int64?) {
            (self.number, self.name, self.verdict, self.error) = (number, name, verdict, error)
        }

        init(_ event: SyscallEvent) {
            self.init(number: event.number, name: event.name, verdict: event.verdict, error: Kind.failure(event))
        }

        /// The -errno of a failed call (-4095...-1, as the kernel returns them); nil for success.
        static func failure(_ event: SyscallEvent) -> Int64? {
            guard let result = event.result, (-4095 ... -1).contains(result) else { return nil }
            return result
        }
    }

    private struct State {
        var kinds: [UInt64: Kind] = [:]
        var bytes = 0
        var truncated = false
    }

    public init(path: String, maxBytes: Int = EventLog.defaultMaxBytes) throws(SandboxError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SandboxError("events file \(path): \(Errno.current)") }
        self.fd = fd
        self.maxBytes = maxBytes
    }

    deinit { close(fd) }

    public func record(_ event: SyscallEvent) {
        state.withLock { state in
            let key = EventLog.register(event, &state)
            if state.kinds[key]?.written ?? EventLog.burst < EventLog.burst
                && write(syscallLine(event), counted: true, &state) {
                state.kinds[key]?.written += 1
                return
            }
            // Counted only: no formatting, no allocation.
            let now = HostProcess.monotonicNanoseconds()
            if state.kinds[key]?.pending == 0 { state.kinds[key]?.pendingSince = now }
            state.kinds[key]?.pending += 1
            if !state.truncated, let since = state.kinds[key]?.pendingSince, now - since >= EventLog.summaryInterval {
                summarise(key, counted: true, &state)
            }
        }
    }

    /// The key of the event's kind, tracked from now on; the shared "(other)" kind once
    /// `maxKinds` are tracked.
    private static func register(_ event: SyscallEvent, _ state: inout State) -> UInt64 {
        let key = EventLog.key(event)
        if state.kinds[key] != nil { return key }
        if state.kinds.count < maxKinds {
            state.kinds[key] = Kind(event)
            return key
        }
        if state.kinds[otherKey] == nil {
            var other = Kind(number: -1, name: "(other)", verdict: .unknown, error: nil)
            other.written = burst   // never written in full: each call may be a new kind
            state.kinds[otherKey] = other
        }
        return otherKey
    }

    /// A lifecycle event (start, walls, exit) with already-encoded JSON field values, after the
    /// summaries of everything suppressed so far.
    public func lifecycle(_ type: String, _ fields: [(String, String)]) {
        var line = "{\"type\":\(JSON.quote(type)),\"time\":\(timestamp())"
        for (key, value) in fields { line += ",\(JSON.quote(key)):\(value)" }
        state.withLock { state in
            for key in state.kinds.keys.sorted() { summarise(key, counted: false, &state) }
            _ = write(line + "}", counted: false, &state)
        }
    }

    /// A network event (`net.connect`, `net.dns`, ...): counted against `maxBytes` like syscall
    /// records, since the guest decides how many there are.
    public func network(_ type: String, _ fields: [(String, EventValue)]) {
        var line = "{\"type\":\(JSON.quote(type)),\"time\":\(timestamp())"
        for (key, value) in fields {
            line += ",\(JSON.quote(key)):"
            switch value {
            case .text(let text): line += JSON.quote(text)
            case .number(let n): line += String(n)
            case .texts(let list): line += "[" + list.map(JSON.quote).joined(separator: ",") + "]"
            }
        }
        state.withLock { _ = write(line + "}", counted: true, &$0) }
    }

    private func syscallLine(_ event: SyscallEvent) -> String {
        var line = "{\"type\":\"syscall\",\"time\":\(timestamp()),\"tid\":\(event.tid),\"nr\":\(event.number)"
        line += ",\"name\":\(JSON.quote(event.name)),\"verdict\":\"\(event.verdict.rawValue)\""
        if let result = event.result { line += ",\"result\":\(result)" }
        let a = event.args
        line += ",\"args\":[\(a.0),\(a.1),\(a.2),\(a.3),\(a.4),\(a.5)],\"ip\":\(event.instructionPointer)}"
        return line
    }

    /// Writes one `suppressed` line for the kind's pending calls and starts a new count; a
    /// `counted` (periodic) summary past the byte cap is left pending for the next lifecycle event.
    private func summarise(_ key: UInt64, counted: Bool, _ state: inout State) {
        guard let kind = state.kinds[key], kind.pending > 0 else { return }
        var line = "{\"type\":\"suppressed\",\"time\":\(timestamp())"
        if key != EventLog.otherKey { line += ",\"nr\":\(kind.number)" }
        line += ",\"name\":\(JSON.quote(kind.name))"
        if key != EventLog.otherKey { line += ",\"verdict\":\"\(kind.verdict.rawValue)\"" }
        if let error = kind.error { line += ",\"result\":\(error)" }
        if write(line + ",\"count\":\(kind.pending)}", counted: counted, &state) { state.kinds[key]?.pending = 0 }
    }

    /// Appends a line. `counted` lines (syscall records, periodic summaries) stop at `maxBytes`:
    /// the first one that does not fit leaves a `truncated` marker instead, and false means it was
    /// not written. Lifecycle events and the summaries before them (one per kind at most) are
    /// always written.
    private func write(_ line: String, counted: Bool, _ state: inout State) -> Bool {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        if counted {
            if state.truncated { return false }
            if state.bytes + bytes.count > maxBytes {
                state.truncated = true
                let marker = "{\"type\":\"truncated\",\"time\":\(timestamp()),\"max_bytes\":\(maxBytes)}\n"
                _ = try? HostFile.writeAll(fd, Array(marker.utf8))
                return false
            }
        }
        state.bytes += bytes.count
        _ = try? HostFile.writeAll(fd, bytes)
        return true
    }

    /// Calls of one kind: same number, verdict and outcome (the errno; every success is one
    /// outcome, since values such as descriptors and byte counts differ call by call).
    private static func key(_ event: SyscallEvent) -> UInt64 {
        let verdict: UInt64 = switch event.verdict { case .emulated: 0; case .denied: 1; case .unknown: 2 }
        let errno = Kind.failure(event).map { UInt64(-$0) } ?? 0
        return UInt64(UInt32(bitPattern: event.number)) << 32 | verdict << 16 | errno
    }

    private func timestamp() -> String {
        let t = HostProcess.wallClockSeconds()
        let millis = UInt64(t * 1000)
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
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
