#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The CPUs this process may run on (its affinity mask): what `limits.cpus` is checked against
/// and what the sandbox's CPUs are taken from.
public enum CPUAffinity {
    /// The CPU numbers in the affinity mask of the supervisor process (its main thread, so a
    /// worker thread pinned for speed does not change the answer), ascending. Never empty: if the
    /// mask cannot be read, the CPUs the system has online.
    public static func supervisorCPUs() -> [Int] {
        if let cpus = cpus(ofTask: getpid()), !cpus.isEmpty { return cpus }
        return Array(0..<max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The CPU numbers in the affinity mask of host task `tid` (its `Cpus_allowed_list`),
    /// ascending; nil if it cannot be read.
    public static func cpus(ofTask tid: Int32) -> [Int]? {
        let fd = open("/proc/\(tid)/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += buffer[0..<n]
        }
        let key = Array("Cpus_allowed_list:".utf8)
        for line in bytes.split(separator: UInt8(ascii: "\n")) where line.starts(with: key) {
            let value = String(decoding: line.dropFirst(key.count), as: UTF8.self)
                .filter { $0 != " " && $0 != "\t" }
            return expand(list: value)
        }
        return nil
    }

    /// The CPU numbers a Linux cpulist ("0-3,8,10-11") names, ascending; nil if it is not one.
    public static func expand(list text: some StringProtocol) -> [Int]? {
        var cpus: [Int] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count <= 2, let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]),
                  low >= 0, high >= low, high < 1 << 20 else { return nil }
            cpus += low...high
        }
        return cpus.isEmpty ? nil : cpus.sorted()
    }

    /// The CPU numbers whose bits are set in `mask` (64 CPUs per word), ascending.
    public static func list(_ mask: [UInt64]) -> [Int] {
        var cpus: [Int] = []
        for (i, word) in mask.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { cpus.append(i * 64 + bit) }
        }
        return cpus
    }

    /// A mask with the bits of `cpus` set, as many 64-bit words as the highest CPU needs.
    public static func mask(_ cpus: [Int]) -> [UInt64] {
        var mask = [UInt64](repeating: 0, count: (cpus.max() ?? 0) / 64 + 1)
        for cpu in cpus where cpu >= 0 { mask[cpu / 64] |= 1 << UInt64(cpu % 64) }
        return mask
    }

    /// The Linux cpulist form of the CPUs `0 ..< count`: "0", "0-3".
    public static func rangeList(count: Int) -> String {
        count <= 1 ? "0" : "0-\(count - 1)"
    }
}
