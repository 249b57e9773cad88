import SafehouseABI
import XCTest
@testable import Safehouse

/// Runs the precompiled seccomp programs in a small classic-BPF interpreter and checks, call by
/// call, that the filter's verdict is the one the syscall table (and so the supervisor's
/// dispatcher) gives for the same registers:
///   passthrough → ALLOW, emulated and denied → USER_NOTIF, kill → KILL_PROCESS,
///   numbers the table does not know → ERRNO(ENOSYS), a foreign architecture → KILL_PROCESS.
///
/// The probes are derived from each entry's rules (each value, its neighbours, its value with a
/// garbage upper half, each bit of a flag mask, ...), so a rule compiled to nothing, to the wrong
/// comparison or onto the wrong argument shows up as a concrete (syscall, arguments) mismatch.
final class SeccompFilterSemanticsTests: XCTestCase {
    // MARK: - Constants (linux/seccomp.h, linux/audit.h)

    private static let retKillProcess: UInt32 = 0x8000_0000
    private static let retKillThread: UInt32 = 0x0000_0000
    private static let retTrap: UInt32 = 0x0003_0000
    private static let retErrno: UInt32 = 0x0005_0000
    private static let retUserNotif: UInt32 = 0x7FC0_0000
    private static let retTrace: UInt32 = 0x7FF0_0000
    private static let retLog: UInt32 = 0x7FFC_0000
    private static let retAllow: UInt32 = 0x7FFF_0000
    private static let retEnosys: UInt32 = retErrno | 38

    private static let auditArchX86_64: UInt32 = 0xC000_003E
    private static let auditArchI386: UInt32 = 0x4000_0003
    private static let auditArchAarch64: UInt32 = 0xC000_00B7
    private static let x32SyscallBit: Int32 = 0x4000_0000

    private static let maxFailureMessages = 20

    // MARK: - Classic BPF interpreter

    struct Instruction: Equatable {
        let code: UInt16
        let jt: UInt8
        let jf: UInt8
        let k: UInt32

        init(word: UInt64) {
            code = UInt16(truncatingIfNeeded: word)
            jt = UInt8(truncatingIfNeeded: word >> 16)
            jf = UInt8(truncatingIfNeeded: word >> 24)
            k = UInt32(truncatingIfNeeded: word >> 32)
        }
    }

    struct BPFError: Error, CustomStringConvertible {
        let description: String
    }

    /// `struct seccomp_data` (64 bytes, little-endian on x86-64).
    struct SeccompData {
        var nr: Int32
        var arch: UInt32 = auditArchX86_64
        var instructionPointer: UInt64 = 0x7FFF_DEAD_BEE0
        var args: [UInt64]

        var bytes: [UInt8] {
            var out = [UInt8]()
            out.reserveCapacity(64)
            func put32(_ v: UInt32) { for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
            func put64(_ v: UInt64) { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
            put32(UInt32(bitPattern: nr))
            put32(arch)
            put64(instructionPointer)
            precondition(args.count == 6)
            for a in args { put64(a) }
            precondition(out.count == 64)
            return out
        }
    }

    // Opcode fields (linux/bpf_common.h, linux/filter.h).
    private static func bpfClass(_ code: UInt16) -> UInt16 { code & 0x07 }
    private static func bpfSize(_ code: UInt16) -> UInt16 { code & 0x18 }
    private static func bpfMode(_ code: UInt16) -> UInt16 { code & 0xE0 }
    private static func bpfOp(_ code: UInt16) -> UInt16 { code & 0xF0 }
    private static func bpfSrc(_ code: UInt16) -> UInt16 { code & 0x08 }
    private static func bpfRval(_ code: UInt16) -> UInt16 { code & 0x18 }
    private static func bpfMiscOp(_ code: UInt16) -> UInt16 { code & 0xF8 }

    private static let BPF_LD: UInt16 = 0x00, BPF_LDX: UInt16 = 0x01, BPF_ST: UInt16 = 0x02, BPF_STX: UInt16 = 0x03
    private static let BPF_ALU: UInt16 = 0x04, BPF_JMP: UInt16 = 0x05, BPF_RET: UInt16 = 0x06, BPF_MISC: UInt16 = 0x07
    private static let BPF_W: UInt16 = 0x00
    private static let BPF_IMM: UInt16 = 0x00, BPF_ABS: UInt16 = 0x20, BPF_MEM: UInt16 = 0x60, BPF_LEN: UInt16 = 0x80
    private static let BPF_K: UInt16 = 0x00, BPF_X: UInt16 = 0x08, BPF_A: UInt16 = 0x10
    private static let BPF_AND: UInt16 = 0x50, BPF_OR: UInt16 = 0x40
    private static let BPF_JA: UInt16 = 0x00, BPF_JEQ: UInt16 = 0x10, BPF_JGT: UInt16 = 0x20
    private static let BPF_JGE: UInt16 = 0x30, BPF_JSET: UInt16 = 0x40
    private static let BPF_TAX: UInt16 = 0x00, BPF_TXA: UInt16 = 0x80

    /// Whether the interpreter implements `code` (anything else fails the test loudly).
    static func isSupported(_ code: UInt16) -> Bool {
        switch bpfClass(code) {
        case BPF_LD:
            return code == BPF_LD | BPF_W | BPF_ABS || code == BPF_LD | BPF_IMM || code == BPF_LD | BPF_MEM
                || code == BPF_LD | BPF_W | BPF_LEN
        case BPF_LDX:
            return code == BPF_LDX | BPF_IMM || code == BPF_LDX | BPF_MEM || code == BPF_LDX | BPF_W | BPF_LEN
        case BPF_ST:
            return code == BPF_ST
        case BPF_STX:
            return code == BPF_STX
        case BPF_ALU:
            return code == BPF_ALU | BPF_AND | BPF_K || code == BPF_ALU | BPF_OR | BPF_K
        case BPF_JMP:
            let op = bpfOp(code)
            if op == BPF_JA { return code == BPF_JMP | BPF_JA }
            return [BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET].contains(op) && code & ~UInt16(0xF8) == BPF_JMP
        case BPF_RET:
            return code == BPF_RET | BPF_K || code == BPF_RET | BPF_A
        case BPF_MISC:
            return code == BPF_MISC | BPF_TAX || code == BPF_MISC | BPF_TXA
        default:
            return false
        }
    }

    /// Runs `program` on `data` and returns the filter's 32-bit return value.
    static func run(_ program: [Instruction], on data: SeccompData) throws -> UInt32 {
        let bytes = data.bytes
        var a: UInt32 = 0
        var x: UInt32 = 0
        var mem = [UInt32](repeating: 0, count: 16)
        var pc = 0
        var steps = 0
        func load(_ offset: UInt32, at pc: Int) throws -> UInt32 {
            guard offset % 4 == 0, Int(offset) + 4 <= bytes.count else {
                throw BPFError(description: "pc \(pc): load of 4 bytes at offset \(offset) outside seccomp_data")
            }
            let o = Int(offset)
            return UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
        }
        func slot(_ k: UInt32, at pc: Int) throws -> Int {
            guard k < 16 else { throw BPFError(description: "pc \(pc): scratch slot \(k) out of range") }
            return Int(k)
        }
        while true {
            guard pc >= 0, pc < program.count else {
                throw BPFError(description: "pc \(pc) ran off the program (\(program.count) instructions)")
            }
            steps += 1
            guard steps <= program.count else { throw BPFError(description: "more steps than instructions: a loop?") }
            let insn = program[pc]
            let code = insn.code
            guard isSupported(code) else {
                throw BPFError(description: String(format: "pc %d: unsupported BPF opcode 0x%04x (k=0x%08x)", pc, Int(code), Int(insn.k)))
            }
            var next = pc + 1
            switch bpfClass(code) {
            case BPF_LD:
                switch bpfMode(code) {
                case BPF_ABS: a = try load(insn.k, at: pc)
                case BPF_IMM: a = insn.k
                case BPF_MEM: a = mem[try slot(insn.k, at: pc)]
                case BPF_LEN: a = UInt32(bytes.count)
                default: throw BPFError(description: "pc \(pc): unreachable LD mode")
                }
            case BPF_LDX:
                switch bpfMode(code) {
                case BPF_IMM: x = insn.k
                case BPF_MEM: x = mem[try slot(insn.k, at: pc)]
                case BPF_LEN: x = UInt32(bytes.count)
                default: throw BPFError(description: "pc \(pc): unreachable LDX mode")
                }
            case BPF_ST:
                mem[try slot(insn.k, at: pc)] = a
            case BPF_STX:
                mem[try slot(insn.k, at: pc)] = x
            case BPF_ALU:
                switch bpfOp(code) {
                case BPF_AND: a &= insn.k
                case BPF_OR: a |= insn.k
                default: throw BPFError(description: "pc \(pc): unreachable ALU op")
                }
            case BPF_JMP:
                let operand = bpfSrc(code) == BPF_X ? x : insn.k
                let op = bpfOp(code)
                if op == BPF_JA {
                    next = pc + 1 + Int(insn.k)
                } else {
                    let taken: Bool
                    switch op {
                    case BPF_JEQ: taken = a == operand
                    case BPF_JGT: taken = a > operand
                    case BPF_JGE: taken = a >= operand
                    case BPF_JSET: taken = a & operand != 0
                    default: throw BPFError(description: "pc \(pc): unreachable JMP op")
                    }
                    next = pc + 1 + Int(taken ? insn.jt : insn.jf)
                }
            case BPF_RET:
                return bpfRval(code) == BPF_A ? a : insn.k
            case BPF_MISC:
                if bpfMiscOp(code) == BPF_TAX { x = a } else { a = x }
            default:
                throw BPFError(description: "pc \(pc): unreachable class")
            }
            pc = next
        }
    }

    // MARK: - Programs and expectations

    private static func program(hasNetworkNamespace: Bool) -> [Instruction] {
        (hasNetworkNamespace ? SeccompProgram.namespaced : SeccompProgram.withoutNetworkNamespace)
            .map(Instruction.init(word:))
    }

    private static func expectedReturn(_ action: SyscallAction) -> UInt32 {
        switch action {
        case .passthrough: return retAllow
        case .emulated, .denied: return retUserNotif
        case .kill: return retKillProcess
        }
    }

    static func describe(_ ret: UInt32) -> String {
        let name: String
        switch ret & 0xFFFF_0000 {
        case retKillProcess: name = "KILL_PROCESS"
        case retKillThread: name = "KILL_THREAD"
        case retTrap: name = "TRAP"
        case retErrno: name = "ERRNO(\(ret & 0xFFFF))"
        case retUserNotif: name = "USER_NOTIF"
        case retTrace: name = "TRACE"
        case retLog: name = "LOG"
        case retAllow: name = "ALLOW"
        default: name = "?"
        }
        return "\(name) [0x\(String(ret, radix: 16))]"
    }

    private static func describe(_ action: SyscallAction) -> String {
        switch action {
        case .passthrough: return "passthrough"
        case .emulated: return "emulated"
        case .denied(let errno): return "denied(\(errno))"
        case .kill: return "kill"
        }
    }

    private static func hex(_ args: [UInt64]) -> String {
        "(" + args.map { "0x" + String($0, radix: 16) }.joined(separator: ", ") + ")"
    }

    private static func tuple(_ a: [UInt64]) -> (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) {
        (a[0], a[1], a[2], a[3], a[4], a[5])
    }

    /// Collects failures and reports at most `maxFailureMessages` of them, then a total.
    private final class FailureLog {
        var count = 0
        var messages: [String] = []
        func add(_ message: String) {
            count += 1
            if messages.count < SeccompFilterSemanticsTests.maxFailureMessages { messages.append(message) }
        }
        func report(_ what: String, file: StaticString = #filePath, line: UInt = #line) {
            for m in messages { XCTFail(m, file: file, line: line) }
            if count > messages.count {
                XCTFail("\(what): \(count - messages.count) more mismatches not shown (\(count) in all)", file: file, line: line)
            }
        }
    }

    // MARK: - Probes

    /// Values worth putting into an argument register that some rule of `entry` looks at.
    private static func probeValues(for entry: SyscallEntry) -> [Int: [UInt64]] {
        var values: [Int: [UInt64]] = [:]
        let garbage: UInt64 = 0xDEAD_BEEF_0000_0000
        for rule in entry.rules {
            var v: [UInt64] = [1, 0xFFFF_FFFF, 1 << 32, .max, 0x8000_0000, 0xFFFF_FFFF_0000_0000, garbage]
            switch rule.test {
            case .anyBitSet(let mask):
                let outside = ~mask
                v += [mask, mask &+ 1, mask &- 1, outside, mask | garbage]
                for bit in 0..<64 where mask & (1 << UInt64(bit)) != 0 {
                    let b: UInt64 = 1 << UInt64(bit)
                    v += [b, b | outside, b &+ 1, b &- 1, b | garbage]
                }
            case .equals32(let value32):
                let value = UInt64(value32)
                v += [value, garbage | value, 0xFFFF_FFFF_0000_0000 | value, (1 << 32) | value,
                      value &+ 1, value &- 1,
                      UInt64(value32 &+ 1), UInt64(value32 &- 1),
                      garbage | UInt64(value32 &+ 1), garbage | UInt64(value32 &- 1)]
            case .equals64(let value):
                v += [value, value | (1 << 40), value | (1 << 32), value | (1 << 63), value &+ 1, value &- 1,
                      UInt64(UInt32(truncatingIfNeeded: value)) | garbage]
            }
            values[rule.arg, default: []] += v
        }
        return values
    }

    /// Argument vectors for `entry`: zeros, all ones, and every probe value on each argument a
    /// rule looks at (with the other registers zero and with them all ones); entries without
    /// rules get the generic values on every argument.
    static func probes(for entry: SyscallEntry) -> [[UInt64]] {
        let zeros = [UInt64](repeating: 0, count: 6)
        let ones = [UInt64](repeating: .max, count: 6)
        var seen = Set<[UInt64]>()
        var out: [[UInt64]] = []
        func add(_ v: [UInt64]) { if seen.insert(v).inserted { out.append(v) } }
        add(zeros)
        add(ones)
        var perArg = probeValues(for: entry)
        if perArg.isEmpty {
            for arg in 0..<6 { perArg[arg] = [1, 0xFFFF_FFFF, 1 << 32, .max] }
        } else {
            // The rule values also go on the arguments no rule looks at: the filter must ignore them.
            let all = perArg.values.flatMap { $0 }
            for arg in 0..<6 where perArg[arg] == nil { perArg[arg] = all }
        }
        for arg in perArg.keys.sorted() {
            for value in perArg[arg]! {
                var v = zeros
                v[arg] = value
                add(v)
                var w = ones
                w[arg] = value
                add(w)
            }
        }
        return out
    }

    // MARK: - Tests

    func testProgramsUseOnlyInterpretedInstructionsAndStayInBounds() {
        for namespaced in [true, false] {
            let program = Self.program(hasNetworkNamespace: namespaced)
            XCTAssertFalse(program.isEmpty)
            var histogram: [UInt16: Int] = [:]
            for (pc, insn) in program.enumerated() {
                histogram[insn.code, default: 0] += 1
                XCTAssertTrue(Self.isSupported(insn.code),
                              String(format: "namespaced=\(namespaced) pc %d: opcode 0x%04x is not implemented by the test interpreter", pc, Int(insn.code)))
                if Self.bpfClass(insn.code) == Self.BPF_JMP {
                    let targets = Self.bpfOp(insn.code) == Self.BPF_JA
                        ? [pc + 1 + Int(insn.k)] : [pc + 1 + Int(insn.jt), pc + 1 + Int(insn.jf)]
                    for t in targets {
                        XCTAssertLessThan(t, program.count, "namespaced=\(namespaced) pc \(pc): jump past the end")
                    }
                }
            }
            if let last = program.last {
                XCTAssertEqual(Self.bpfClass(last.code), Self.BPF_RET, "program must end in a return")
            }
            let opcodes = histogram.keys.sorted().map { String(format: "0x%02x×%d", Int($0), histogram[$0]!) }
            print("SeccompFilterSemanticsTests: namespaced=\(namespaced): \(program.count) instructions, opcodes \(opcodes.joined(separator: " "))")
        }
    }

    func testEveryTableEntryAgreesWithTheFilter() throws {
        let failures = FailureLog()
        var evaluations = 0
        for namespaced in [true, false] {
            let program = Self.program(hasNetworkNamespace: namespaced)
            let variant = namespaced ? "namespaced" : "no-netns"
            for entry in SyscallTable.entries {
                for args in Self.probes(for: entry) {
                    let expectedAction = entry.action(for: Self.tuple(args), hasNetworkNamespace: namespaced)
                    let expected = Self.expectedReturn(expectedAction)
                    let got: UInt32
                    do {
                        got = try Self.run(program, on: SeccompData(nr: entry.number, args: args))
                    } catch {
                        // An interpreter failure means the test cannot vouch for the filter: stop loudly.
                        XCTFail("[\(variant)] \(entry.name)(\(entry.number)) args=\(Self.hex(args)): BPF error: \(error)")
                        failures.report("table vs filter")
                        return
                    }
                    evaluations += 1
                    if got != expected {
                        failures.add("[\(variant)] \(entry.name)(\(entry.number)) args=\(Self.hex(args)): "
                            + "filter=\(Self.describe(got)), table=\(Self.describe(expectedAction)) → expected \(Self.describe(expected))")
                    }
                }
            }
        }
        print("SeccompFilterSemanticsTests: \(evaluations) (entry, args) evaluations, \(failures.count) mismatches")
        failures.report("table vs filter")
    }

    func testUnknownNumbersAreENOSYS() throws {
        let failures = FailureLog()
        let known = Set(SyscallTable.entries.map(\.number))
        let maxKnown = known.max() ?? 0
        var unknown = (0...(maxKnown + 64)).filter { !known.contains($0) }
        unknown += [1000, 4096, 0xFFFF, 0x3FFF_FFFF]
        XCTAssertFalse(unknown.isEmpty)
        for namespaced in [true, false] {
            let program = Self.program(hasNetworkNamespace: namespaced)
            for nr in unknown {
                for args in [[UInt64](repeating: 0, count: 6), [UInt64](repeating: .max, count: 6), [1, 2, 3, 4, 5, 6]] {
                    let got = try Self.run(program, on: SeccompData(nr: nr, args: args))
                    if got != Self.retEnosys {
                        failures.add("namespaced=\(namespaced) unknown nr \(nr) args=\(Self.hex(args)): "
                            + "filter=\(Self.describe(got)), expected \(Self.describe(Self.retEnosys))")
                    }
                }
            }
        }
        failures.report("unknown numbers")
    }

    func testForeignArchitectureIsKilled() throws {
        let failures = FailureLog()
        let numbers: [Int32] = [0, 1, 2, 16, 41, 56, 59, 60, 135, 157, 231, 272, 435, 999, 0x4000_0000]
        for namespaced in [true, false] {
            let program = Self.program(hasNetworkNamespace: namespaced)
            for arch in [Self.auditArchI386, Self.auditArchAarch64, 0, 0x4000_003E, 0xC000_003F] {
                for nr in numbers {
                    let got = try Self.run(program, on: SeccompData(nr: nr, arch: arch, args: [0, 0, 0, 0, 0, 0]))
                    if got != Self.retKillProcess {
                        failures.add(String(format: "namespaced=\(namespaced) arch 0x%08x nr \(nr): ", arch)
                            + "filter=\(Self.describe(got)), expected \(Self.describe(Self.retKillProcess))")
                    }
                }
            }
        }
        failures.report("foreign architecture")
    }

    func testX32NumbersAreNeverAllowed() throws {
        let failures = FailureLog()
        var classes: [String: Int] = [:]
        var numbers = SyscallTable.entries.map(\.number)
        numbers += [512, 513, 547, 0x3FFF_FFFF, -1 & ~Self.x32SyscallBit]
        for namespaced in [true, false] {
            let program = Self.program(hasNetworkNamespace: namespaced)
            for base in numbers {
                let nr = base | Self.x32SyscallBit
                for args in [[UInt64](repeating: 0, count: 6), [1, 0x5412, 0, 0, 0, 0]] {
                    let got = try Self.run(program, on: SeccompData(nr: nr, args: args))
                    classes[Self.describe(got), default: 0] += 1
                    if got & 0xFFFF_0000 == Self.retAllow {
                        failures.add(String(format: "namespaced=\(namespaced) x32 nr 0x%08x args=\(Self.hex(args)): ", UInt32(bitPattern: nr))
                            + "filter=\(Self.describe(got)), expected anything but ALLOW")
                    }
                }
            }
        }
        print("SeccompFilterSemanticsTests: x32 verdicts \(classes)")
        failures.report("x32 numbers")
    }

    /// The interpreter itself, on hand-written programs, so a pass above means something.
    func testInterpreterOnHandWrittenPrograms() throws {
        func word(_ code: UInt16, _ jt: UInt8 = 0, _ jf: UInt8 = 0, k: UInt32 = 0) -> Instruction {
            Instruction(word: UInt64(code) | UInt64(jt) << 16 | UInt64(jf) << 24 | UInt64(k) << 32)
        }
        // ld args[1] high; jeq 0xdeadbeef ? ret 1 : (ld args[1] low; and 0xff; jset 0x80 ? ret 2 : ret 3)
        let program = [
            word(0x20, k: 28), word(0x15, 0, 1, k: 0xDEAD_BEEF), word(0x06, k: 1),
            word(0x20, k: 24), word(0x54, k: 0xFF), word(0x45, 0, 1, k: 0x80), word(0x06, k: 2), word(0x06, k: 3),
        ]
        XCTAssertEqual(try Self.run(program, on: SeccompData(nr: 0, args: [0, 0xDEAD_BEEF_0000_0000, 0, 0, 0, 0])), 1)
        XCTAssertEqual(try Self.run(program, on: SeccompData(nr: 0, args: [0, 0x180, 0, 0, 0, 0])), 2)
        XCTAssertEqual(try Self.run(program, on: SeccompData(nr: 0, args: [0, 0x100, 0, 0, 0, 0])), 3)
        // seccomp_data layout: nr at 0, arch at 4, ip at 8, args from 16.
        let layout = [word(0x20, k: 4), word(0x15, 0, 3, k: Self.auditArchX86_64), word(0x20, k: 0), word(0x25, 1, 0, k: 9),
                      word(0x06, k: 10), word(0x06, k: 11)]
        XCTAssertEqual(try Self.run(layout, on: SeccompData(nr: 5, args: [0, 0, 0, 0, 0, 0])), 10)
        XCTAssertEqual(try Self.run(layout, on: SeccompData(nr: 10, args: [0, 0, 0, 0, 0, 0])), 11)
        XCTAssertEqual(try Self.run(layout, on: SeccompData(nr: 5, arch: 1, args: [0, 0, 0, 0, 0, 0])), 11)
        // Unknown opcodes are refused, not skipped.
        XCTAssertThrowsError(try Self.run([word(0x84), word(0x06, k: 0)], on: SeccompData(nr: 0, args: [0, 0, 0, 0, 0, 0])))
        XCTAssertThrowsError(try Self.run([word(0x20, k: 64), word(0x06, k: 0)], on: SeccompData(nr: 0, args: [0, 0, 0, 0, 0, 0])))
    }
}
