// Value checks shared by the file loader and the command-line overrides, so both reject the same
// things with the same words. Each check throws `Invalid` with a message; the caller adds the file,
// line and field.

/// A check failed; the caller turns it into a `PolicyError` with file, line and field.
struct Invalid: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

enum Check {
    static let pathMax = 4095
    static let nameMax = 255
    static let oneWeekSeconds: Double = 7 * 24 * 3600
    static let minimumMemory: UInt64 = 1 << 20
    static let maximumPids = 4_194_304  // PID_MAX_LIMIT
    static let maximumOpenFiles = Limits.maximumOpenFiles
    /// Guest paths served by the synthetic filesystem; zones may not cover them.
    static let syntheticTrees = ["/proc", "/dev", "/sys"]
    static let syntheticFiles = ["/etc/passwd", "/etc/group", "/etc/hosts", "/etc/resolv.conf"]

    // MARK: Paths

    /// Validates and normalises a guest path: absolute, no `..`, no NUL, at most 4095 bytes; `.` and
    /// empty components and a trailing `/` are dropped.
    static func guestPath(_ raw: String, allowRoot: Bool = false, checkReserved: Bool = true) throws(Invalid) -> String {
        let (normalized, hasDotDot) = try normalizeAbsolute(raw)
        if hasDotDot {
            throw Invalid("\"\(raw)\" must not contain '..' components")
        }
        if normalized == "/" && !allowRoot {
            throw Invalid("\"/\" cannot be a zone: the guest root is built from the zones; list the directories the guest needs")
        }
        if checkReserved {
            for tree in syntheticTrees where isSameOrBeneath(normalized, tree) {
                throw Invalid("\(normalized) is inside \(tree), which the synthetic filesystem provides; it cannot be a zone")
            }
            for file in syntheticFiles where normalized == file {
                throw Invalid("\(normalized) is provided by the synthetic filesystem; it cannot be a zone")
            }
        }
        return normalized
    }

    /// Validates and normalises a host path: absolute, no NUL, at most 4095 bytes. `.` and empty
    /// components are dropped; `..` is kept as written (the host side is the operator's).
    static func hostPath(_ raw: String) throws(Invalid) -> String {
        try normalizeAbsolute(raw).path
    }

    /// Whether normalised `path` is `tree` or lies beneath it.
    static func isSameOrBeneath(_ path: String, _ tree: String) -> Bool {
        let p = path.utf8, t = tree.utf8
        guard p.starts(with: t) else { return false }
        return p.count == t.count || p.dropFirst(t.count).first == UInt8(ascii: "/")
    }

    /// Checks the common rules and rebuilds the path from its components without `.`, empty
    /// components or a trailing slash. Works on bytes: this runs at start-up.
    private static func normalizeAbsolute(_ raw: String) throws(Invalid) -> (path: String, hasDotDot: Bool) {
        let bytes = Array(raw.utf8)
        if bytes.isEmpty { throw Invalid("the path must not be empty") }
        if bytes.contains(0) { throw Invalid("the path contains a NUL byte") }
        if bytes.count > pathMax { throw Invalid("the path is longer than \(pathMax) bytes") }
        guard bytes[0] == UInt8(ascii: "/") else {
            throw Invalid("\"\(raw)\" must be an absolute path (starting with '/')")
        }
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var hasDotDot = false
        var i = 0
        while i < bytes.count {
            while i < bytes.count && bytes[i] == slash { i += 1 }
            let start = i
            while i < bytes.count && bytes[i] != slash { i += 1 }
            let length = i - start
            if length == 0 || (length == 1 && bytes[start] == dot) { continue }
            if length > nameMax { throw Invalid("the path has a component longer than \(nameMax) bytes") }
            if length == 2 && bytes[start] == dot && bytes[start + 1] == dot { hasDotDot = true }
            out.append(slash)
            out.append(contentsOf: bytes[start..<i])
        }
        if out.isEmpty { out.append(slash) }
        return (String(decoding: out, as: UTF8.self), hasDotDot)
    }

    // MARK: Names

    /// Like a Linux hostname: 1...64 characters from [A-Za-z0-9-.], no leading '-' or '.', no
    /// trailing '.', no empty label.
    static func hostname(_ name: String) throws(Invalid) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 64 else {
            throw Invalid("\"\(name)\" must be 1 to 64 characters long")
        }
        for b in bytes where !(isAlnum(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")) {
            throw Invalid("\"\(name)\" may contain only letters, digits, '-' and '.'")
        }
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: ".") || bytes[bytes.count - 1] == UInt8(ascii: ".")
            || zip(bytes, bytes.dropFirst()).contains(where: { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }) {
            throw Invalid("\"\(name)\" must not start with '-' or '.', end with '.', or contain '..'")
        }
    }

    /// A portable user name: 1...32 characters, [a-z_] then [a-z0-9_-].
    static func userName(_ name: String) throws(Invalid) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 32 else {
            throw Invalid("\"\(name)\" must be 1 to 32 characters long")
        }
        let lower = { (b: UInt8) in b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
        let first = bytes[0]
        guard lower(first) || first == UInt8(ascii: "_") else {
            throw Invalid("\"\(name)\" must start with a lower-case letter or '_'")
        }
        for b in bytes.dropFirst()
        where !(lower(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")) {
            throw Invalid("\"\(name)\" may contain only lower-case letters, digits, '_' and '-'")
        }
    }

    static func envName(_ name: String) throws(Invalid) {
        if name.isEmpty { throw Invalid("an environment variable name must not be empty") }
        if name.utf8.contains(UInt8(ascii: "=")) { throw Invalid("environment variable name \"\(name)\" contains '='") }
        if name.utf8.contains(0) { throw Invalid("environment variable name contains a NUL byte") }
    }

    static func envValue(_ value: String) throws(Invalid) {
        if value.utf8.contains(0) { throw Invalid("the value contains a NUL byte") }
    }

    static func eventsFile(_ path: String) throws(Invalid) {
        if path.isEmpty { throw Invalid("the path must not be empty") }
        if path.utf8.contains(0) { throw Invalid("the path contains a NUL byte") }
        if path.utf8.count > pathMax { throw Invalid("the path is longer than \(pathMax) bytes") }
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    // MARK: Limits

    static func timeout(_ seconds: Double) throws(Invalid) {
        guard seconds.isFinite, seconds > 0 else { throw Invalid("the timeout must be positive") }
        guard seconds <= oneWeekSeconds else {
            throw Invalid("the timeout must be at most one week (604800 s)")
        }
    }

    static func memory(_ bytes: UInt64) throws(Invalid) {
        guard bytes > 0 else { throw Invalid("must be positive") }
        guard bytes >= minimumMemory else {
            throw Invalid("\(bytes) bytes is too little to start a process (minimum 1M); did you mean \"\(bytes)M\"?")
        }
    }

    /// A CPU count: at least 1, at most the CPUs this process may run on (`available`, by default
    /// the size of its own affinity mask), since the guest gets a subset of them.
    static func cpus(_ value: Int, available: Int = CPUAffinity.supervisorCPUs().count) throws(Invalid) {
        guard value > 0 else { throw Invalid("must be positive, got \(value)") }
        guard value <= available else {
            throw Invalid("must be at most \(available), the number of CPUs this process may run on "
                          + "(its affinity mask), got \(value)")
        }
    }

    static func count(_ value: Int, maximum: Int) throws(Invalid) {
        guard value > 0 else { throw Invalid("must be positive, got \(value)") }
        guard value <= maximum else { throw Invalid("must be at most \(maximum), got \(value)") }
    }

    // MARK: Sizes and durations

    /// "512M", "2G", "1.5G", "64KiB", "1024" (bytes); units K, M, G, T (and KB/KiB...) are powers of
    /// 1024, case-insensitive. The result may be zero; callers reject zero where it is meaningless.
    static func size(_ text: String) throws(Invalid) -> UInt64 {
        let bytes = Array(trimmed(text).utf8)
        if bytes.isEmpty { throw Invalid("expected a size such as \"512M\", got an empty string") }
        if bytes[0] == UInt8(ascii: "-") { throw Invalid("\"\(text)\": a size must be positive") }
        var i = 0
        let number = try decimal(bytes, &i, text: text)
        while i < bytes.count && bytes[i] == UInt8(ascii: " ") { i += 1 }
        let unit = String(decoding: bytes[i...], as: UTF8.self).lowercased()
        let shift: UInt64
        switch unit {
        case "", "b": shift = 0
        case "k", "kb", "kib": shift = 10
        case "m", "mb", "mib": shift = 20
        case "g", "gb", "gib": shift = 30
        case "t", "tb", "tib": shift = 40
        default:
            throw Invalid("\"\(text)\": unknown unit '\(String(decoding: bytes[i...], as: UTF8.self))'; use K, M, G or T (powers of 1024)")
        }
        // value = mantissa * 2^shift / 10^fractionDigits, which must be a whole number of bytes.
        let (scaled, overflow) = number.mantissa.multipliedReportingOverflow(by: UInt64(1) << shift)
        if overflow { throw Invalid("\"\(text)\" is too large") }
        let divisor = pow10(number.fractionDigits)
        guard scaled % divisor == 0 else {
            throw Invalid("\"\(text)\" is not a whole number of bytes")
        }
        return scaled / divisor
    }

    /// "30" or "1.5" (seconds), "1.5s", "250ms", "2m", "1h", "1d", or a sum such as "1m30s".
    static func duration(_ text: String) throws(Invalid) -> Double {
        let bytes = Array(trimmed(text).utf8)
        if bytes.isEmpty { throw Invalid("expected a duration such as \"30s\", got an empty string") }
        if bytes[0] == UInt8(ascii: "-") { throw Invalid("\"\(text)\": a duration must be positive") }
        var i = 0
        var total = 0.0
        var parts = 0
        while i < bytes.count {
            let start = i
            while i < bytes.count && (isDigit(bytes[i]) || bytes[i] == UInt8(ascii: ".")) { i += 1 }
            let numberText = String(decoding: bytes[start..<i], as: UTF8.self)
            guard !numberText.isEmpty, numberText.utf8.contains(where: isDigit),
                  numberText.utf8.filter({ $0 == UInt8(ascii: ".") }).count <= 1,
                  let value = Double(numberText) else {
                throw Invalid("\"\(text)\" is not a duration; write e.g. \"30s\", \"1.5s\", \"2m\", \"1h30m\"")
            }
            while i < bytes.count && bytes[i] == UInt8(ascii: " ") { i += 1 }
            let unitStart = i
            while i < bytes.count && isLetter(bytes[i]) { i += 1 }
            let unit = String(decoding: bytes[unitStart..<i], as: UTF8.self)
            while i < bytes.count && bytes[i] == UInt8(ascii: " ") { i += 1 }
            let multiplier: Double
            switch unit {
            case "":
                guard parts == 0 && i == bytes.count else {
                    throw Invalid("\"\(text)\": missing unit after \(numberText) (ms, s, m, h or d)")
                }
                multiplier = 1
            case "ms": multiplier = 0.001
            case "s": multiplier = 1
            case "m": multiplier = 60
            case "h": multiplier = 3600
            case "d": multiplier = 86400
            default:
                throw Invalid("\"\(text)\": unknown unit '\(unit)'; use ms, s, m, h or d")
            }
            total += value * multiplier
            parts += 1
        }
        guard total.isFinite else { throw Invalid("\"\(text)\" is too large") }
        return total
    }

    private static func decimal(_ bytes: [UInt8], _ i: inout Int,
                                text: String) throws(Invalid) -> (mantissa: UInt64, fractionDigits: Int) {
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ".") {
                if seenPoint { throw Invalid("\"\(text)\" is not a size") }
                seenPoint = true
            } else if isDigit(b) {
                let (m1, o1) = mantissa.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(UInt64(b - UInt8(ascii: "0")))
                if o1 || o2 || fractionDigits >= 18 { throw Invalid("\"\(text)\" is too large") }
                mantissa = m2
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else {
                break
            }
            i += 1
        }
        if digits == 0 { throw Invalid("\"\(text)\" is not a size; write e.g. \"512M\", \"2G\" or a number of bytes") }
        return (mantissa, fractionDigits)
    }

    private static func pow10(_ n: Int) -> UInt64 {
        var r: UInt64 = 1
        for _ in 0..<n { r *= 10 }
        return r
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    static func trimmed(_ s: String) -> Substring {
        let isSpace = { (c: Character) in c == " " || c == "\t" }
        guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return s[first...last]
    }

    // MARK: Suggestions

    /// Levenshtein distance, ASCII case-insensitive.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The candidate closest to `word` within edit distance 2, if any (first wins on ties).
    static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = editDistance(word, candidate)
            if d <= 2 && d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }
}
