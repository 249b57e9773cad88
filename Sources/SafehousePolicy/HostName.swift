// Host names as the network broker compares them: lowercase ASCII, no trailing dot, Unicode labels
// as IDNA A-labels (`xn--…`). Rule names and names from DNS messages both end up in this one form,
// so a plain string comparison decides whether a rule matches.
//
// Limitation: IDNA (RFC 5891, UTS #46) normalises Unicode labels to NFC before encoding them. The
// Swift standard library has no public normaliser and Sources may not use Foundation, so a label
// typed in decomposed form (`u` + U+0308 instead of `ü`) encodes to a different A-label than its
// composed twin. Policy authors who hit this can write the `xn--` form directly.

public enum HostName {
    /// Longest name in text form (RFC 1035: 255 bytes on the wire = 253 characters of text).
    static let maxNameLength = 253
    static let maxLabelLength = 63
    static let notANameMessage = "is an address, not a name"

    /// The canonical form of a host name written by a person (a policy rule, a command-line
    /// option): ASCII lowercased, one trailing dot removed, Unicode labels Punycode-encoded. Rejects
    /// empty labels, labels over 63 bytes, names over 253 bytes, control characters, space, `/`,
    /// `\`, `@`, `:`, `%` and any other character that is not a letter, digit, `-` or `_`, labels
    /// that start or end with `-`, and names that an address parser would take for an IPv4 address
    /// (`1.2.3.4`, `0x7f.1`, `10.1`: those go through `IPAddress`).
    static func canonical(_ text: String) throws(Invalid) -> String {
        let shown = text.debugDescription  // quoted, with control characters escaped
        guard !text.isEmpty else { throw Invalid("the host name is empty") }
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7f {
                throw Invalid("host name \(shown) contains a control character")
            }
            if forbiddenPunctuation.contains(byte) {
                throw Invalid("host name \(shown) contains '\(Character(Unicode.Scalar(byte)))', which cannot appear in a host name")
            }
        }
        // UTS #46 maps the ideographic and fullwidth full stops to '.'; do the same so the labels
        // split where a browser would split them.
        var name = String(String.UnicodeScalarView(text.lowercased().unicodeScalars.map {
            unicodeDots.contains($0) ? "." : $0
        }))
        if name.hasSuffix(".") { name.removeLast() }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.contains(where: \.isEmpty) {
            throw Invalid("host name \(shown) has an empty label (two dots in a row, or a leading dot)")
        }
        if let last = labels.last, looksNumeric(Array(last.utf8)) {
            throw Invalid("\(shown) \(notANameMessage); write a dotted-quad IPv4 address such as 192.0.2.1")
        }
        var encoded: [String] = []
        for label in labels {
            if label.hasPrefix("-") || label.hasSuffix("-") {
                throw Invalid("host name \(shown) has a label that starts or ends with '-'")
            }
            let ascii = try asciiLabel(label, shown: shown)
            if ascii.utf8.count > maxLabelLength {
                throw Invalid("host name \(shown) has a label longer than \(maxLabelLength) bytes")
            }
            encoded.append(ascii)
        }
        let result = encoded.joined(separator: ".")
        if result.utf8.count > maxNameLength {
            throw Invalid("host name \(shown) is longer than \(maxNameLength) bytes")
        }
        return result
    }

    /// The canonical form of a name from a DNS message, given its labels in wire order: each label
    /// must be 1–63 bytes of ASCII letters, digits, `-` or `_` (anything else, including `.`, NUL,
    /// control bytes and bytes ≥ 0x80, gives nil), the whole at most 253 bytes. Letters are
    /// lowercased; the root name (no labels) is "".
    public static func canonical(wire labels: [[UInt8]]) -> String? {
        var out: [UInt8] = []
        for label in labels {
            guard (1...maxLabelLength).contains(label.count) else { return nil }
            if !out.isEmpty { out.append(UInt8(ascii: ".")) }
            for byte in label {
                guard isNameByte(byte) else { return nil }
                out.append(isUpper(byte) ? byte | 0x20 : byte)
            }
            guard out.count <= maxNameLength else { return nil }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether canonical `name` matches `pattern`: a canonical name (equal), or `*.` and a
    /// canonical suffix, which matches names one or more labels below the suffix (`*.example.com`
    /// matches `a.example.com` and `a.b.example.com`, not `example.com` or `badexample.com`).
    public static func matches(_ name: String, pattern: String) -> Bool {
        let n = Array(name.utf8), p = Array(pattern.utf8)
        guard p.starts(with: wildcardPrefix) else { return n == p }
        let suffix = p.dropFirst(1)  // ".example.com": the dot makes the match end on a label boundary
        guard p.count > 2 && n.count > suffix.count else { return false }
        return n.suffix(suffix.count).elementsEqual(suffix)
    }

    // MARK: Helpers

    private static let wildcardPrefix: [UInt8] = Array("*.".utf8)
    private static let forbiddenPunctuation: Set<UInt8> = Set(" /\\@:%".utf8)
    private static let unicodeDots: Set<Unicode.Scalar> = ["\u{3002}", "\u{FF0E}", "\u{FF61}"]

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5a }

    /// Letters, digits, `-` and `_` (service labels such as `_dmarc`).
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }

    /// WHATWG URL's "ends in a number": the last label is all decimal digits, or `0x` followed by
    /// hex digits. inet_aton and browsers read such names as IPv4 addresses, never as DNS names.
    private static func looksNumeric(_ label: [UInt8]) -> Bool {
        if !label.isEmpty && label.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return true }
        guard label.count >= 2 && label[0] == UInt8(ascii: "0") && (label[1] | 0x20) == UInt8(ascii: "x") else {
            return false
        }
        return label.dropFirst(2).allSatisfy {
            ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || (($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "f"))
        }
    }

    /// A lowercased label as ASCII: checked as is when it is ASCII, otherwise `xn--` + Punycode.
    private static func asciiLabel(_ label: Substring, shown: String) throws(Invalid) -> String {
        let scalars = Array(label.unicodeScalars)
        // An A-label holds "xn--", every ASCII character and at least one digit per other
        // character, so a longer label cannot fit in 63 bytes; checking first also bounds the
        // encoder's arithmetic.
        if scalars.count > maxLabelLength - 4 && !scalars.allSatisfy(\.isASCII) {
            throw Invalid("host name \(shown) has a label longer than \(maxLabelLength) bytes once encoded")
        }
        for scalar in scalars {
            if scalar.isASCII {
                guard isNameByte(UInt8(scalar.value)) else {
                    throw Invalid("host name \(shown) contains '\(scalar)'; a host name holds letters, digits, '-' and '_'")
                }
            } else if !isLetterMarkOrDigit(scalar) {
                throw Invalid("host name \(shown) contains U+\(String(scalar.value, radix: 16, uppercase: true)), which is not a letter, mark or digit")
            }
        }
        if scalars.allSatisfy(\.isASCII) { return String(label) }
        return "xn--" + punycode(scalars)
    }

    /// IDNA admits letters, combining marks and digits; rejecting the rest keeps out invisible
    /// format characters, spaces, symbols and unassigned code points.
    private static func isLetterMarkOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            true
        default:
            false
        }
    }

    /// RFC 3492 Punycode encoding of at most 59 scalars (so the arithmetic cannot overflow).
    static func punycode(_ input: [Unicode.Scalar]) -> String {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        let codes = input.map { Int($0.value) }
        var output: [UInt8] = codes.filter { $0 < 0x80 }.map { UInt8($0) }
        let basicCount = output.count
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }

        func digit(_ d: Int) -> UInt8 { d < 26 ? UInt8(97 + d) : UInt8(22 + d) }  // a–z, then 0–9
        func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / points
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }

        var n = 0x80, delta = 0, bias = 72, handled = basicCount
        while handled < codes.count {
            // The smallest code point not yet handled; one exists because handled < count.
            guard let next = codes.filter({ $0 >= n }).min() else { break }
            delta += (next - n) * (handled + 1)
            n = next
            for code in codes {
                if code < n { delta += 1 }
                guard code == n else { continue }
                var q = delta, k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, handled + 1, handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
