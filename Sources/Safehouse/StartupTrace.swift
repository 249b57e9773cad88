import Glibc
import SafehouseSystem

/// Phase timings of a sandbox start, printed to stderr when SAFEHOUSE_TRACE_STARTUP is set, so
/// start-up cost can be attributed (Perf/ measures the totals).
struct StartupTrace {
    private let enabled = getenv("SAFEHOUSE_TRACE_STARTUP") != nil
    private var last = HostProcess.monotonicNanoseconds()

    mutating func mark(_ phase: String) {
        guard enabled else { return }
        let now = HostProcess.monotonicNanoseconds()
        let line = Array("safehouse: \(phase) \((now - last) / 1000) us\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        last = now
    }
}
