// Per-path rules: deny read, deny write, hide — for every guest path a glob matches, now or later
// (rules name paths, not files, so a file created after start-up is covered as soon as it exists).
// This file holds the model, the pattern checks the loader and the overrides share, and a pure,
// byte-based matcher; the VFS asks `PathRuleSet.access(for:)` on every path a guest resolves.
// Semantics and syntax: Docs/policy.md, "[[rule]]".

/// What a path rule takes away. The bits are independent; `hidden` takes precedence over the others
/// where the VFS enforces them (a hidden path is absent, so there is nothing left to read or write).
public struct PathAccess: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// As if absent: lookups fail with ENOENT, directory listings leave it out, creating it fails.
    public static let hidden = PathAccess(rawValue: 1)
    /// Opening for reading, exec and listing fail with EACCES; `stat` still works.
    public static let denyRead = PathAccess(rawValue: 2)
    /// Opening for writing, truncating, unlinking, renaming, changing metadata and creating fail with EACCES.
    public static let denyWrite = PathAccess(rawValue: 4)

    public static let all: PathAccess = [.hidden, .denyRead, .denyWrite]

    public var description: String {
        var words: [String] = []
        if contains(.hidden) { words.append("hidden") }
        if contains(.denyRead) { words.append("denyRead") }
        if contains(.denyWrite) { words.append("denyWrite") }
        return "[" + words.joined(separator: ", ") + "]"
    }
}

/// One `[[rule]]`: a guest path glob and the restrictions on every path it matches and everything
/// beneath those paths.
public struct PathRule: Sendable, Equatable, CustomStringConvertible {
    /// An absolute guest path glob. Rules from a policy file or `Policy.addPathRule` are checked and
    /// normalised (`/a//b/./` → `/a/b`); `PathRuleSet` accepts any string and never fails (see there).
    public var pattern: String
    public var access: PathAccess
    /// Line of the `[[rule]]` header in the policy file, when the rule came from one.
    @Provenance public var line: Int?

    public init(pattern: String, access: PathAccess, line: Int? = nil) {
        self.pattern = pattern
        self.access = access
        self.line = line
    }

    public var description: String { "\(pattern) \(access)" }

    /// Checks and normalises a pattern as the policy loader does: absolute, no NUL, no `..`
    /// component, at most 4095 bytes, well-formed glob syntax. Returns the normalised pattern.
    public static func checkedPattern(_ pattern: String, field: String = "rule.path") throws(PolicyError) -> String {
        do {
            return try Check.pathPattern(pattern)
        } catch {
            throw PolicyError(field: field, message: error.message)
        }
    }
}

extension Policy {
    /// Adds a path rule, with the checks the loader applies to `[[rule]]` (for command-line options
    /// such as `--hide PATH`, `--deny-read PATH`, `--deny-write PATH`). Errors name `rule.path` or
    /// `rule.deny` and carry no file or line.
    public mutating func addPathRule(pattern: String, access: PathAccess) throws(PolicyError) {
        guard !access.isEmpty else {
            throw PolicyError(field: "rule.deny", message: "\"\(pattern)\": a rule needs at least one of hide, deny read or deny write")
        }
        guard access.isSubset(of: .all) else {
            throw PolicyError(field: "rule.deny", message: "\"\(pattern)\": unknown access bits \(access.rawValue)")
        }
        let normalized = try PathRule.checkedPattern(pattern)
        if access.contains(.hidden) {
            do {
                try Check.hideableRulePattern(normalized)
            } catch {
                throw PolicyError(field: "rule.path", message: error.message)
            }
        }
        pathRules.append(PathRule(pattern: normalized, access: access))
    }

    /// The compiled form of `pathRules`. Compile once (per sandbox), not per lookup.
    public var pathRuleSet: PathRuleSet { PathRuleSet(pathRules) }
}

// MARK: - Pattern checks

extension Check {
    private static let backslash = UInt8(ascii: "\\"), lbracket = UInt8(ascii: "["), rbracket = UInt8(ascii: "]")
    private static let star = UInt8(ascii: "*"), question = UInt8(ascii: "?"), dot = UInt8(ascii: ".")
    private static let bang = UInt8(ascii: "!"), caret = UInt8(ascii: "^"), dash = UInt8(ascii: "-")
    private static let slash = UInt8(ascii: "/")

    /// Validates a rule's path glob and returns it normalised (empty and `.` components and a
    /// trailing `/` dropped). Rejects: empty, NUL, relative, over 4095 bytes, a `..` component,
    /// an unclosed `[`, an empty or reversed class, non-ASCII in a class, a dangling `\`, and `**`
    /// inside a component.
    static func pathPattern(_ raw: String) throws(Invalid) -> String {
        let bytes = Array(raw.utf8)
        if bytes.isEmpty { throw Invalid("the path must not be empty; write an absolute guest path glob such as \"/home/sandbox/secrets/**\"") }
        if bytes.contains(0) { throw Invalid("the path contains a NUL byte") }
        if bytes.count > pathMax { throw Invalid("the path is longer than \(pathMax) bytes") }
        guard bytes[0] == slash else {
            throw Invalid("\"\(raw)\" must be an absolute guest path (starting with '/'); rules match whole paths, so write \"/**/\(raw)\" to match at any depth")
        }
        var out: [UInt8] = [], i = 0
        out.reserveCapacity(bytes.count)
        while i < bytes.count {
            while i < bytes.count && bytes[i] == slash { i += 1 }
            let start = i
            while i < bytes.count && bytes[i] != slash { i += 1 }
            if start == i { continue }
            let component = bytes[start..<i]
            let text = String(decoding: component, as: UTF8.self)
            let literal = try checkComponent(component, text: text)
            if literal == [dot] { continue }
            if literal == [dot, dot] {
                throw Invalid("\"\(raw)\" must not contain '..' components")
            }
            out.append(slash)
            out.append(contentsOf: component)
        }
        if out.isEmpty { out.append(slash) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Checks one component's glob syntax. Returns the bytes it matches when it has no wildcards
    /// (escapes removed), or nil.
    private static func checkComponent(_ c: ArraySlice<UInt8>, text: String) throws(Invalid) -> [UInt8]? {
        if c.count == 2 && c.first == star && c.last == star { return nil }  // "**"
        var literal: [UInt8]? = []
        var i = c.startIndex
        while i < c.endIndex {
            let b = c[i]
            switch b {
            case backslash:
                guard i + 1 < c.endIndex else {
                    throw Invalid("'\(text)' ends with a lone '\\'; write '\\\\' for a backslash (in a TOML \"basic\" string that is \"\\\\\\\\\", or use a 'literal' string)")
                }
                literal?.append(c[i + 1])
                i += 2
            case star:
                if i + 1 < c.endIndex && c[i + 1] == star {
                    throw Invalid("'\(text)': '**' matches whole components only (\"/a/**/b\"); within a name write '*'")
                }
                literal = nil
                i += 1
            case question:
                literal = nil
                i += 1
            case lbracket:
                i = try checkClass(c, from: i, text: text)
                literal = nil
            default:
                literal?.append(b)
                i += 1
            }
        }
        if c.count > nameMax && literal != nil {
            throw Invalid("the path has a component longer than \(nameMax) bytes")
        }
        return literal
    }

    /// Checks the class starting at `c[open] == "["`; returns the index after its `]`.
    private static func checkClass(_ c: ArraySlice<UInt8>, from open: Int, text: String) throws(Invalid) -> Int {
        var i = open + 1
        if i < c.endIndex && (c[i] == bang || c[i] == caret) { i += 1 }
        var first = true
        var previous: UInt8?  // the last single byte, a possible range start
        while i < c.endIndex {
            var b = c[i]
            if b == rbracket && !first { return i + 1 }
            first = false
            if b == backslash {
                guard i + 1 < c.endIndex else { break }
                i += 1
                b = c[i]
            } else if b == dash, let low = previous, i + 1 < c.endIndex, c[i + 1] != rbracket {
                var j = i + 1
                var high = c[j]
                if high == backslash {
                    guard j + 1 < c.endIndex else { break }
                    j += 1
                    high = c[j]
                }
                if high >= 0x80 { throw nonASCIIClass(text) }
                if high < low {
                    throw Invalid("'\(text)': the range '\(Character(Unicode.Scalar(low)))-\(Character(Unicode.Scalar(high)))' is reversed; write '\(Character(Unicode.Scalar(high)))-\(Character(Unicode.Scalar(low)))'")
                }
                previous = nil
                i = j + 1
                continue
            }
            if b >= 0x80 { throw nonASCIIClass(text) }
            previous = b
            i += 1
        }
        throw Invalid("'\(text)': '[' opens a character class that is never closed with ']'; write '\\[' for a literal '['")
    }

    private static func nonASCIIClass(_ text: String) -> Invalid {
        Invalid("'\(text)': a [...] class matches one byte, so it may hold ASCII characters only; spell a non-ASCII name out or use '*'")
    }

    /// A hidden rule may not match `/` itself: that would hide the whole guest filesystem.
    static func hideableRulePattern(_ normalized: String) throws(Invalid) {
        let components = normalized.utf8.split(separator: slash)
        if components.allSatisfy({ $0.elementsEqual("**".utf8) }) {
            throw Invalid("hiding \(normalized) would hide the whole guest filesystem (it matches /); hide the directories you mean")
        }
    }
}

// MARK: - Matcher

/// A compiled set of path rules. Build it once; `access(for:)` is meant for every path a guest
/// resolves: it allocates nothing, returns at once for an empty set, and stops at the first
/// mismatching component of each rule.
///
/// Patterns are matched per component, on bytes: `*` any run of bytes within one component (dotfiles
/// included), `?` one byte, `[abc]` `[a-z]` `[!x]` (or `[^x]`) one byte of a class, `\` escapes the
/// next byte, and `**` as a whole component zero or more components. A pattern matches a path when it
/// matches the path or one of its ancestors. Construction never fails: patterns are expected to be
/// checked (`PathRule.checkedPattern`); an unchecked one is read leniently (an unclosed `[` or a lone
/// trailing `\` is a literal byte, empty and `.` components are skipped, any other component — `..`
/// included — is matched as written and so never matches a canonical path).
public struct PathRuleSet: Sendable {
    public let rules: [PathRule]

    /// One compiled rule: segments `segmentStart..<segmentEnd`.
    private struct Compiled: Sendable {
        var segmentStart: Int32
        var segmentEnd: Int32
        var access: PathAccess
    }

    /// One pattern component.
    private struct Segment: Sendable {
        enum Kind: UInt8, Sendable {
            /// Matches exactly the bytes `bytes[start..<end]`.
            case literal
            /// Tokens `tokens[start..<end]`.
            case glob
            /// `*` alone: any component.
            case anyOne
            /// `**`: zero or more components.
            case anyDepth
        }
        var kind: Kind
        var start: Int32
        var end: Int32
        /// For `.literal`: the hash of its bytes (see `hash`).
        var hash: UInt64 = 0
    }

    private struct Token: Sendable {
        enum Kind: UInt8, Sendable {
            case byte, anyByte, star, set
        }
        var kind: Kind
        var byte: UInt8
        /// For `.set`: index of its 4-word bitmap in `sets`.
        var set: Int32
    }

    private let compiled: [Compiled]
    private let segments: [Segment]
    private let tokens: [Token]
    private let bytes: [UInt8]
    private let sets: [UInt64]
    /// The union of every rule's access: once a path has all of it, no rule can add more.
    private let union: PathAccess

    public init(_ rules: [PathRule]) {
        self.rules = rules
        var compiled: [Compiled] = [], segments: [Segment] = [], tokens: [Token] = []
        var bytes: [UInt8] = [], sets: [UInt64] = []
        var union: PathAccess = []
        for rule in rules where !rule.access.isEmpty {
            let start = Int32(segments.count)
            Self.compile(Array(rule.pattern.utf8), into: &segments, &tokens, &bytes, &sets)
            compiled.append(Compiled(segmentStart: start, segmentEnd: Int32(segments.count), access: rule.access))
            union.formUnion(rule.access)
        }
        self.compiled = compiled
        self.segments = segments
        self.tokens = tokens
        self.bytes = bytes
        self.sets = sets
        self.union = union
    }

    public var isEmpty: Bool { compiled.isEmpty }

    /// The union of the restrictions of every rule that matches `path` or any ancestor of it (so
    /// hiding a directory hides everything beneath it; denying write on a directory denies it
    /// beneath). `path` is a canonical absolute guest path as bytes ("/" or "/a/b", no trailing
    /// slash, no `.` or `..`); repeated slashes are tolerated, `.` and `..` are matched as names.
    public func access(for path: [UInt8]) -> PathAccess {
        if compiled.isEmpty { return [] }
        return path.withUnsafeBufferPointer { access(in: $0) }
    }

    /// `access(for:)` on the UTF-8 bytes of `path`.
    public func access(for path: String) -> PathAccess {
        if compiled.isEmpty { return [] }
        if let result = path.utf8.withContiguousStorageIfAvailable({ access(in: $0) }) { return result }
        return Array(path.utf8).withUnsafeBufferPointer { access(in: $0) }
    }

    /// The union of the restrictions of every rule that protects `path`, an ancestor of it, or
    /// anything that could lie beneath it: what moving `path` elsewhere would carry out from under
    /// its rules (a rename of a directory holding a protected file, say).
    public func accessAtOrBeneath(_ path: [UInt8]) -> PathAccess {
        if compiled.isEmpty { return [] }
        return path.withUnsafeBufferPointer { access(in: $0, orBeneath: true) }
    }

    /// `access(for:)` on bytes the caller already holds (e.g. a path read from guest memory).
    public func access(for path: UnsafeBufferPointer<UInt8>) -> PathAccess {
        if compiled.isEmpty { return [] }
        return access(in: path)
    }

    /// One component of the path being looked up: `path[start..<end]` and its hash, computed when
    /// a literal segment of the same length first needs it.
    private struct Component {
        var start: Int32
        var end: Int32
        var hash: UInt64 = 0
        var hashed = false
    }

    /// FNV-1a, 64 bits: literal segments are compared by hash first, so a rule whose literal
    /// components differ from the path's is rejected without comparing bytes.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = start
        while i < end {
            h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3
            i += 1
        }
        return h
    }

    private func access(in path: UnsafeBufferPointer<UInt8>, orBeneath: Bool = false) -> PathAccess {
        // The path is split into components lazily, once for all rules, into scratch on the stack
        // (for any real path length): most rules fail at their first or second component.
        withUnsafeTemporaryAllocation(of: Component.self, capacity: path.count / 2 + 1) { components in
            compiled.withUnsafeBufferPointer { compiled in
                segments.withUnsafeBufferPointer { segments in
                    tokens.withUnsafeBufferPointer { tokens in
                        bytes.withUnsafeBufferPointer { bytes in
                            sets.withUnsafeBufferPointer { sets in
                                var m = Matcher(segments: segments, tokens: tokens, bytes: bytes, sets: sets, path: path,
                                                components: components)
                                var result: PathAccess = []
                                for rule in compiled where !result.isSuperset(of: rule.access) {
                                    if m.matchesPrefix(Int(rule.segmentStart), Int(rule.segmentEnd), orBeneath: orBeneath) {
                                        result.formUnion(rule.access)
                                        if result == union { break }
                                    }
                                }
                                return result
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: Matching

    private struct Matcher {
        let segments: UnsafeBufferPointer<Segment>
        let tokens: UnsafeBufferPointer<Token>
        let bytes: UnsafeBufferPointer<UInt8>
        let sets: UnsafeBufferPointer<UInt64>
        let path: UnsafeBufferPointer<UInt8>
        /// Scratch owned by this lookup: `components[..<known]` are the path's first components,
        /// `path[scan...]` is not split yet. `matches` fills in hashes.
        let components: UnsafeMutableBufferPointer<Component>
        var known = 0
        var scan = 0

        init(segments: UnsafeBufferPointer<Segment>, tokens: UnsafeBufferPointer<Token>, bytes: UnsafeBufferPointer<UInt8>,
             sets: UnsafeBufferPointer<UInt64>, path: UnsafeBufferPointer<UInt8>, components: UnsafeMutableBufferPointer<Component>) {
            self.segments = segments
            self.tokens = tokens
            self.bytes = bytes
            self.sets = sets
            self.path = path
            self.components = components
        }

        /// Whether the path has a component `c` (0-based), splitting further as needed.
        @inline(__always)
        mutating func exists(_ c: Int) -> Bool {
            while c >= known {
                if !splitNext() { return false }
            }
            return true
        }

        private mutating func splitNext() -> Bool {
            let slash = UInt8(ascii: "/")
            var i = scan
            while i < path.count && path[i] == slash { i += 1 }
            guard i < path.count else {
                scan = i
                return false
            }
            let start = i
            while i < path.count && path[i] != slash { i += 1 }
            (components.baseAddress! + known).initialize(to: Component(start: Int32(start), end: Int32(i)))
            known += 1
            scan = i
            return true
        }

        /// Whether segments `first..<last` match the path or one of its ancestors, i.e. the whole
        /// pattern followed by an implicit `**`. Components are matched left to right; on a
        /// mismatch the last `**` seen takes one more component and matching resumes after it (the
        /// classic single-backtrack wildcard algorithm, which is exact when every other segment
        /// matches exactly one component).
        /// `orBeneath`: a pattern that goes on past the path's last component matches too (it may
        /// name something beneath the path).
        mutating func matchesPrefix(_ first: Int, _ last: Int, orBeneath: Bool = false) -> Bool {
            var s = first, c = 0
            var starSegment = -1, starComponent = 0
            while true {
                if s == last { return true }  // the implicit trailing `**`: an ancestor matched
                let segment = segments[s]
                if segment.kind == .anyDepth {
                    starSegment = s
                    starComponent = c
                    s += 1
                    continue
                }
                if !exists(c) {
                    if orBeneath { return true }
                    // No components left: only `**` segments can still match (zero components each).
                    while s < last && segments[s].kind == .anyDepth { s += 1 }
                    return s == last
                }
                if matches(segment, c) {
                    s += 1
                    c += 1
                    continue
                }
                guard starSegment >= 0, exists(starComponent) else { return false }
                // Let the last `**` swallow one more component and retry what follows it.
                starComponent += 1
                s = starSegment + 1
                c = starComponent
            }
        }

        @inline(__always)
        func matches(_ segment: Segment, _ c: Int) -> Bool {
            let component = components[c]
            switch segment.kind {
            case .anyOne:
                return true
            case .literal:
                let start = Int(component.start), length = Int(segment.end - segment.start)
                guard Int(component.end) - start == length else { return false }
                var hash = component.hash
                if !component.hashed {
                    hash = PathRuleSet.hash(path, start, Int(component.end))
                    components[c].hash = hash
                    components[c].hashed = true
                }
                guard hash == segment.hash else { return false }
                var i = 0, j = Int(segment.start)
                while i < length {
                    if path[start + i] != bytes[j] { return false }
                    i += 1
                    j += 1
                }
                return true
            case .glob:
                return glob(Int(segment.start), Int(segment.end), Int(component.start), Int(component.end))
            case .anyDepth:
                return false  // handled by the caller
            }
        }

        /// Tokens `t0..<t1` against `path[c0..<c1]`: the same single-backtrack algorithm, per byte.
        func glob(_ t0: Int, _ t1: Int, _ c0: Int, _ c1: Int) -> Bool {
            var t = t0, c = c0
            var starToken = -1, starByte = 0
            while c < c1 {
                if t < t1 {
                    let token = tokens[t]
                    let b = path[c]
                    switch token.kind {
                    case .star:
                        starToken = t
                        starByte = c
                        t += 1
                        continue
                    case .anyByte:
                        t += 1
                        c += 1
                        continue
                    case .byte:
                        if b == token.byte {
                            t += 1
                            c += 1
                            continue
                        }
                    case .set:
                        let word = sets[Int(token.set) * 4 + Int(b >> 6)]
                        if word & (1 << UInt64(b & 63)) != 0 {
                            t += 1
                            c += 1
                            continue
                        }
                    }
                }
                guard starToken >= 0 else { return false }
                starByte += 1
                t = starToken + 1
                c = starByte
            }
            while t < t1 && tokens[t].kind == .star { t += 1 }
            return t == t1
        }
    }

    // MARK: Compiling

    private static func compile(_ p: [UInt8], into segments: inout [Segment], _ tokens: inout [Token],
                                _ bytes: inout [UInt8], _ sets: inout [UInt64]) {
        let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), dot = UInt8(ascii: ".")
        let ruleStart = segments.count
        var i = 0
        while i < p.count {
            while i < p.count && p[i] == slash { i += 1 }
            let start = i
            while i < p.count && p[i] != slash { i += 1 }
            if start == i { continue }
            let component = p[start..<i]
            if component.count == 1 && component.first == dot { continue }
            if component.count == 2 && component.allSatisfy({ $0 == star }) {
                // Consecutive `**` mean the same as one.
                if segments.count == ruleStart || segments[segments.count - 1].kind != .anyDepth {
                    segments.append(Segment(kind: .anyDepth, start: 0, end: 0))
                }
                continue
            }
            let componentTokens = tokenize(component, &sets)
            if componentTokens.count == 1 && componentTokens[0].kind == .star {
                segments.append(Segment(kind: .anyOne, start: 0, end: 0))
            } else if componentTokens.allSatisfy({ $0.kind == .byte }) {
                let s = Int32(bytes.count)
                bytes.append(contentsOf: componentTokens.map(\.byte))
                let hash = bytes.withUnsafeBufferPointer { Self.hash($0, Int(s), $0.count) }
                segments.append(Segment(kind: .literal, start: s, end: Int32(bytes.count), hash: hash))
            } else {
                let s = Int32(tokens.count)
                // Runs of `*` mean the same as one.
                for token in componentTokens where !(token.kind == .star && tokens.count > Int(s) && tokens.last?.kind == .star) {
                    tokens.append(token)
                }
                segments.append(Segment(kind: .glob, start: s, end: Int32(tokens.count)))
            }
        }
    }

    /// One component's tokens. Lenient: an unclosed `[` and a lone trailing `\` are literal bytes.
    private static func tokenize(_ c: ArraySlice<UInt8>, _ sets: inout [UInt64]) -> [Token] {
        let backslash = UInt8(ascii: "\\"), lbracket = UInt8(ascii: "[")
        var out: [Token] = []
        var i = c.startIndex
        while i < c.endIndex {
            let b = c[i]
            switch b {
            case backslash where i + 1 < c.endIndex:
                out.append(Token(kind: .byte, byte: c[i + 1], set: 0))
                i += 2
            case UInt8(ascii: "*"):
                out.append(Token(kind: .star, byte: 0, set: 0))
                i += 1
            case UInt8(ascii: "?"):
                out.append(Token(kind: .anyByte, byte: 0, set: 0))
                i += 1
            case lbracket:
                if let (bitmap, next) = parseClass(c, from: i) {
                    out.append(Token(kind: .set, byte: 0, set: Int32(sets.count / 4)))
                    sets.append(contentsOf: bitmap)
                    i = next
                } else {
                    out.append(Token(kind: .byte, byte: lbracket, set: 0))
                    i += 1
                }
            default:
                out.append(Token(kind: .byte, byte: b, set: 0))
                i += 1
            }
        }
        return out
    }

    /// The class at `c[open] == "["` as a 256-bit bitmap (negation applied) and the index after its
    /// `]`, or nil when it is never closed.
    private static func parseClass(_ c: ArraySlice<UInt8>, from open: Int) -> ([UInt64], Int)? {
        let backslash = UInt8(ascii: "\\"), rbracket = UInt8(ascii: "]"), dash = UInt8(ascii: "-")
        var bitmap: [UInt64] = [0, 0, 0, 0]
        func set(_ low: UInt8, _ high: UInt8) {
            guard low <= high else { return }
            for b in low...high { bitmap[Int(b >> 6)] |= 1 << UInt64(b & 63) }
        }
        var i = open + 1
        var negate = false
        if i < c.endIndex && (c[i] == UInt8(ascii: "!") || c[i] == UInt8(ascii: "^")) {
            negate = true
            i += 1
        }
        var first = true
        while i < c.endIndex {
            var b = c[i]
            if b == rbracket && !first {
                if negate { for k in 0..<4 { bitmap[k] = ~bitmap[k] } }
                return (bitmap, i + 1)
            }
            first = false
            if b == backslash {
                guard i + 1 < c.endIndex else { return nil }
                i += 1
                b = c[i]
            }
            // A range `b-high`, unless the `-` is last in the class.
            if i + 2 < c.endIndex && c[i + 1] == dash && c[i + 2] != rbracket {
                var j = i + 2
                var high = c[j]
                if high == backslash {
                    guard j + 1 < c.endIndex else { return nil }
                    j += 1
                    high = c[j]
                }
                set(b, high)
                i = j + 1
                continue
            }
            set(b, b)
            i += 1
        }
        return nil
    }
}
