import Logging
import SafehouseSystem

/// Phase timings of a sandbox start, logged at debug level (`SAFEHOUSE_LOG=debug`), so start-up
/// cost can be attributed; Perf/ measures the totals.
struct StartupTrace {
    let logger: Logger
    private var last = HostProcess.monotonicNanoseconds()

    init(logger: Logger) { self.logger = logger }

    mutating func mark(_ phase: String) {
        guard logger.logLevel <= .debug else { return }
        let now = HostProcess.monotonicNanoseconds()
        logger.debug("start-up phase", metadata: ["phase": "\(phase)", "us": "\((now - last) / 1000)"])
        last = now
    }
}
