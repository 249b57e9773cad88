// A small parser for the subset of TOML that policy files use. No Foundation: this runs on the
// `run` start-up path.
//
// Supported: `[table]`, `[[array-of-tables]]`, `key = value` with bare or quoted keys, basic strings
// ("..." with \" \\ \n \t \r \b \f \uXXXX \UXXXXXXXX), literal strings ('...'), decimal integers
// (optional sign, `_` between digits), booleans, single- or multi-line arrays of strings or of
// integers (trailing comma allowed), `#` comments, LF or CRLF line ends.
// Everything else TOML has (floats, dates, inline tables, dotted keys and table names, multi-line
// strings, nested arrays) is rejected with an error naming the line, never silently ignored.

/// A parsed value.
enum TOMLValue: Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([TOMLNode])

    var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .boolean: return "a boolean"
        case .array: return "an array"
        }
    }
}

/// A value and the line it starts on.
struct TOMLNode: Sendable {
    var value: TOMLValue
    var line: Int
}

/// `key = value` as written; `line` is the key's line.
struct TOMLEntry: Sendable {
    var key: String
    var node: TOMLNode
    var line: Int
}

struct TOMLTable: Sendable {
    enum Kind: Sendable, Equatable {
        /// Keys before the first header.
        case root
        /// `[name]`
        case table
        /// One `[[name]]` element.
        case arrayElement
    }

    var name: String
    var kind: Kind
    /// Line of the header; nil for the root table.
    var line: Int?
    /// Field prefix for errors: "" (root), "limits", "zone[2]" (1-based).
    var path: String
    var entries: [TOMLEntry]

    func field(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
}

struct TOMLDocument: Sendable {
    /// The root table first, then every table in file order.
    var tables: [TOMLTable]
}

struct TOMLParser {
    private let bytes: [UInt8]
    private let file: String
    private var pos = 0
    private var line = 1

    static func parse(_ text: String, file: String) throws(PolicyError) -> TOMLDocument {
        var parser = TOMLParser(bytes: Array(text.utf8), file: file)
        return try parser.parseDocument()
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    // MARK: - Characters

    private static let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")
    private static let backslash = UInt8(ascii: "\\"), hash = UInt8(ascii: "#")
    private static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
    private static let lbracket = UInt8(ascii: "["), rbracket = UInt8(ascii: "]")

    private var atEnd: Bool { pos >= bytes.count }
    private var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }
    private func peek(at offset: Int) -> UInt8? {
        pos + offset < bytes.count ? bytes[pos + offset] : nil
    }

    private static func isBareKeyByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static func describe(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7f { return "'" + String(UnicodeScalar(b)) + "'" }
        if b == space { return "a space" }
        if b == tab { return "a tab" }
        if b >= 0x80 { return "a non-ASCII character" }
        return "control character 0x" + String(b, radix: 16)
    }

    private func fail(_ message: String, field: String = "", line: Int? = nil) -> PolicyError {
        PolicyError(file: file, line: line ?? self.line, field: field, message: message)
    }

    private mutating func skipSpaces() {
        while let b = peek, b == Self.space || b == Self.tab { pos += 1 }
    }

    /// Consumes a line end if one is next; a lone CR is an error.
    private mutating func consumeNewline() throws(PolicyError) -> Bool {
        guard let b = peek else { return false }
        if b == Self.lf {
            pos += 1; line += 1
            return true
        }
        if b == Self.cr {
            guard peek(at: 1) == Self.lf else { throw fail("a carriage return must be followed by a line feed") }
            pos += 2; line += 1
            return true
        }
        return false
    }

    private mutating func skipComment() throws(PolicyError) {
        guard peek == Self.hash else { return }
        while let b = peek, b != Self.lf, b != Self.cr {
            if b < 0x20 && b != Self.tab || b == 0x7f {
                throw fail("\(Self.describe(b)) in a comment")
            }
            pos += 1
        }
    }

    /// After a header or a value: only spaces and a comment may follow on the line.
    private mutating func expectEndOfLine(field: String) throws(PolicyError) {
        skipSpaces()
        try skipComment()
        if atEnd { return }
        if try consumeNewline() { return }
        let b = bytes[pos]
        throw fail("unexpected \(Self.describe(b)) after the value; write one `key = value` per line", field: field)
    }

    /// Inside arrays: spaces, comments and line ends.
    private mutating func skipBlank() throws(PolicyError) {
        while true {
            skipSpaces()
            try skipComment()
            if try !consumeNewline() { return }
        }
    }

    // MARK: - Document

    private mutating func parseDocument() throws(PolicyError) -> TOMLDocument {
        // A UTF-8 byte-order mark is tolerated.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { pos = 3 }
        var tables = [TOMLTable(name: "", kind: .root, line: nil, path: "", entries: [])]
        while true {
            skipSpaces()
            guard let b = peek else { break }
            if b == Self.hash {
                try skipComment()
                continue
            }
            if try consumeNewline() { continue }
            if b == Self.lbracket {
                let table = try parseHeader(existing: tables)
                tables.append(table)
                continue
            }
            let lastIndex = tables.count - 1
            let entry = try parseKeyValue(in: tables[lastIndex])
            tables[lastIndex].entries.append(entry)
        }
        return TOMLDocument(tables: tables)
    }

    private mutating func parseHeader(existing: [TOMLTable]) throws(PolicyError) -> TOMLTable {
        let headerLine = line
        pos += 1
        let isArray = peek == Self.lbracket
        if isArray { pos += 1 }
        skipSpaces()
        let name = try parseKey(field: "")
        skipSpaces()
        if peek == UInt8(ascii: ".") {
            throw fail("dotted table names ([a.b]) are not supported in policy files", field: name)
        }
        let shown = isArray ? "[[\(name)]]" : "[\(name)]"
        guard peek == Self.rbracket, !isArray || peek(at: 1) == Self.rbracket else {
            throw fail("expected '\(isArray ? "]]" : "]")' to close the table header \(shown)")
        }
        pos += isArray ? 2 : 1
        try expectEndOfLine(field: name)

        if let earlier = existing.first(where: { $0.kind != .root && $0.name == name }) {
            let earlierLine = earlier.line.map { " (line \($0))" } ?? ""
            if earlier.kind == .table && !isArray {
                throw fail("duplicate table [\(name)]; it was already opened\(earlierLine)",
                           field: name, line: headerLine)
            }
            if earlier.kind == .table && isArray {
                throw fail("[[\(name)]] conflicts with the table [\(name)]\(earlierLine)",
                           field: name, line: headerLine)
            }
            if earlier.kind == .arrayElement && !isArray {
                throw fail("[\(name)] conflicts with the array of tables [[\(name)]]\(earlierLine)",
                           field: name, line: headerLine)
            }
        }
        if isArray {
            var index = 1
            for table in existing where table.kind == .arrayElement && table.name == name { index += 1 }
            return TOMLTable(name: name, kind: .arrayElement, line: headerLine, path: "\(name)[\(index)]", entries: [])
        }
        return TOMLTable(name: name, kind: .table, line: headerLine, path: name, entries: [])
    }

    private mutating func parseKey(field: String) throws(PolicyError) -> String {
        guard let b = peek else { throw fail("expected a key, found the end of the file", field: field) }
        if b == Self.quote {
            if peek(at: 1) == Self.quote && peek(at: 2) == Self.quote {
                throw fail("multi-line strings are not supported", field: field)
            }
            let key = try parseBasicString(field: field)
            if key.isEmpty { throw fail("a key must not be empty", field: field) }
            return key
        }
        if b == Self.apostrophe {
            let key = try parseLiteralString(field: field)
            if key.isEmpty { throw fail("a key must not be empty", field: field) }
            return key
        }
        let start = pos
        while let c = peek, Self.isBareKeyByte(c) { pos += 1 }
        if pos == start {
            throw fail("expected a key (letters, digits, '_' or '-', or a quoted string), found \(Self.describe(b))",
                       field: field)
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    private mutating func parseKeyValue(in table: TOMLTable) throws(PolicyError) -> TOMLEntry {
        let keyLine = line
        let key = try parseKey(field: table.path)
        let field = table.field(key)
        skipSpaces()
        if peek == UInt8(ascii: ".") {
            throw fail("dotted keys (a.b = ...) are not supported; use a [table] header", field: field)
        }
        guard peek == UInt8(ascii: "=") else {
            if atEnd || peek == Self.lf || peek == Self.cr || peek == Self.hash {
                throw fail("expected '=' and a value after the key", field: field)
            }
            throw fail("expected '=' after the key, found \(Self.describe(bytes[pos]))", field: field)
        }
        pos += 1
        skipSpaces()
        let node = try parseValue(field: field)
        try expectEndOfLine(field: field)
        if let first = table.entries.first(where: { $0.key == key }) {
            throw fail("duplicate key; it was already set on line \(first.line)", field: field, line: keyLine)
        }
        return TOMLEntry(key: key, node: node, line: keyLine)
    }

    // MARK: - Values

    private mutating func parseValue(field: String) throws(PolicyError) -> TOMLNode {
        let valueLine = line
        guard let b = peek, b != Self.lf, b != Self.cr, b != Self.hash else {
            throw fail("missing value after '='", field: field)
        }
        switch b {
        case Self.quote:
            if peek(at: 1) == Self.quote && peek(at: 2) == Self.quote {
                throw fail("multi-line strings (\"\"\"...\"\"\") are not supported", field: field)
            }
            return TOMLNode(value: .string(try parseBasicString(field: field)), line: valueLine)
        case Self.apostrophe:
            if peek(at: 1) == Self.apostrophe && peek(at: 2) == Self.apostrophe {
                throw fail("multi-line strings ('''...''') are not supported", field: field)
            }
            return TOMLNode(value: .string(try parseLiteralString(field: field)), line: valueLine)
        case Self.lbracket:
            return try parseArray(field: field)
        case UInt8(ascii: "{"):
            throw fail("inline tables ({ ... }) are not supported; use a [table] header", field: field)
        default:
            break
        }
        // A bare word: a number, a boolean or a mistake.
        let start = pos
        while let c = peek, Self.isBareKeyByte(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
            || c == UInt8(ascii: ":") {
            pos += 1
        }
        if pos == start {
            throw fail("expected a value (a \"string\", an integer, true, false or an [array]), found \(Self.describe(b))",
                       field: field)
        }
        let word = String(decoding: bytes[start..<pos], as: UTF8.self)
        switch word {
        case "true": return TOMLNode(value: .boolean(true), line: valueLine)
        case "false": return TOMLNode(value: .boolean(false), line: valueLine)
        default: break
        }
        if Self.isDigit(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
            return TOMLNode(value: .integer(try parseInteger(word, field: field)), line: valueLine)
        }
        if word == "inf" || word == "nan" {
            throw fail("floating-point numbers are not supported", field: field)
        }
        throw fail("unquoted text '\(word)': strings must be in double quotes, e.g. \"\(word)\"", field: field)
    }

    private func parseInteger(_ word: String, field: String) throws(PolicyError) -> Int {
        var chars = Array(word.utf8)
        var negative = false
        if let first = chars.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            chars.removeFirst()
        }
        if chars.count >= 2 && chars[0] == UInt8(ascii: "0")
            && (chars[1] == UInt8(ascii: "x") || chars[1] == UInt8(ascii: "o") || chars[1] == UInt8(ascii: "b")) {
            throw fail("only decimal integers are supported, not '\(word)'", field: field)
        }
        if chars.contains(UInt8(ascii: ":")) || (chars.count > 4 && chars[4] == UInt8(ascii: "-")) {
            throw fail("dates and times are not supported", field: field)
        }
        if chars.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
            || word == "+inf" || word == "-inf" || word == "+nan" || word == "-nan" {
            throw fail("floating-point numbers are not supported; for a duration or size write a string such as \"1.5s\" or \"1.5G\"",
                       field: field)
        }
        guard !chars.isEmpty else { throw fail("'\(word)' is not a number", field: field) }
        var value = 0
        var previousWasDigit = false
        for (i, c) in chars.enumerated() {
            if c == UInt8(ascii: "_") {
                guard previousWasDigit, i + 1 < chars.count, Self.isDigit(chars[i + 1]) else {
                    throw fail("'\(word)': '_' must stand between two digits", field: field)
                }
                previousWasDigit = false
                continue
            }
            guard Self.isDigit(c) else { throw fail("'\(word)' is not a decimal integer", field: field) }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let digit = Int(c - UInt8(ascii: "0"))
            let (next, o2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            if o1 || o2 { throw fail("integer \(word) is out of range", field: field) }
            value = next
            previousWasDigit = true
        }
        if chars.count > 1 && chars[0] == UInt8(ascii: "0") {
            throw fail("'\(word)': leading zeros are not allowed", field: field)
        }
        return value
    }

    private mutating func parseBasicString(field: String) throws(PolicyError) -> String {
        let startLine = line
        pos += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard let b = peek, b != Self.lf, b != Self.cr else {
                throw fail("unterminated string (a closing \" is missing on this line)", field: field, line: startLine)
            }
            pos += 1
            if b == Self.quote { break }
            if b == Self.backslash {
                guard let e = peek else { throw fail("unterminated string", field: field, line: startLine) }
                pos += 1
                switch e {
                case UInt8(ascii: "\""): out.append(Self.quote)
                case UInt8(ascii: "\\"): out.append(Self.backslash)
                case UInt8(ascii: "n"): out.append(Self.lf)
                case UInt8(ascii: "t"): out.append(Self.tab)
                case UInt8(ascii: "r"): out.append(Self.cr)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let digits = e == UInt8(ascii: "u") ? 4 : 8
                    out.append(contentsOf: try parseUnicodeEscape(digits: digits, field: field))
                default:
                    throw fail("invalid escape sequence '\\\(String(UnicodeScalar(e)))' in a string"
                               + " (supported: \\\" \\\\ \\n \\t \\r \\b \\f \\uXXXX \\UXXXXXXXX)", field: field)
                }
                continue
            }
            if b < 0x20 && b != Self.tab || b == 0x7f {
                throw fail("\(Self.describe(b)) inside a string; write it as an escape such as \\u0001", field: field)
            }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func parseUnicodeEscape(digits: Int, field: String) throws(PolicyError) -> [UInt8] {
        var scalarValue: UInt32 = 0
        for _ in 0..<digits {
            guard let h = peek, let v = Self.hexValue(h) else {
                throw fail("\\\(digits == 4 ? "u" : "U") must be followed by \(digits) hexadecimal digits", field: field)
            }
            scalarValue = scalarValue << 4 | v
            pos += 1
        }
        guard let scalar = Unicode.Scalar(scalarValue) else {
            throw fail("\\u escape \(String(scalarValue, radix: 16)) is not a Unicode scalar value", field: field)
        }
        return Array(String(Character(scalar)).utf8)
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private mutating func parseLiteralString(field: String) throws(PolicyError) -> String {
        let startLine = line
        pos += 1
        let start = pos
        while true {
            guard let b = peek, b != Self.lf, b != Self.cr else {
                throw fail("unterminated string (a closing ' is missing on this line)", field: field, line: startLine)
            }
            if b == Self.apostrophe { break }
            if b < 0x20 && b != Self.tab || b == 0x7f {
                throw fail("\(Self.describe(b)) inside a string", field: field)
            }
            pos += 1
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        pos += 1
        return text
    }

    private mutating func parseArray(field: String) throws(PolicyError) -> TOMLNode {
        let startLine = line
        pos += 1
        var elements: [TOMLNode] = []
        while true {
            try skipBlank()
            guard let b = peek else {
                throw fail("unterminated array (opened on line \(startLine)): a closing ']' is missing",
                           field: field, line: startLine)
            }
            if b == Self.rbracket {
                pos += 1
                break
            }
            let elementField = "\(field)[\(elements.count + 1)]"
            if b == Self.lbracket {
                throw fail("nested arrays are not supported", field: elementField)
            }
            let element = try parseValue(field: elementField)
            if case .boolean = element.value {
                throw fail("arrays may hold strings or integers, not booleans", field: elementField, line: element.line)
            }
            if let first = elements.first, first.value.typeName != element.value.typeName {
                throw fail("an array must hold one type: this element is \(element.value.typeName), the first is \(first.value.typeName)",
                           field: elementField, line: element.line)
            }
            elements.append(element)
            try skipBlank()
            guard let next = peek else { continue }  // reported as unterminated above
            if next == UInt8(ascii: ",") {
                pos += 1
            } else if next != Self.rbracket {
                throw fail("expected ',' or ']' in the array, found \(Self.describe(next))", field: field)
            }
        }
        return TOMLNode(value: .array(elements), line: startLine)
    }
}
