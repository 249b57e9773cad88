/// The per-process files of the synthetic `/proc`: pure text rewrites of what the sandbox's own procfs
/// shows, plus the mount files generated from `ProcMachine` (host mount paths are never shown).
public enum ProcessText {

    // MARK: stat, status

    /// /proc/<pid>/stat with field 22 (starttime, ticks since host boot) made relative to the sandbox's
    /// start. Field 2 is "(comm)" and comm may hold spaces and ')', so the fields start after the LAST ')'.
    /// Returns the input unchanged if it does not parse.
    public static func stat(_ real: String, machine: ProcMachine) -> String {
        guard let close = real.lastIndex(of: ")") else { return real }
        let head = real[...close]
        var rest = real[real.index(after: close)...]
        let newline = rest.hasSuffix("\n")
        if newline { rest = rest.dropLast() }
        guard rest.first == " " else { return real }
        // Fields 3, 4, … : starttime (field 22) is index 19.
        var fields = rest.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count > 19, let start = UInt64(fields[19]) else { return real }
        fields[19] = Substring(String(start > machine.startTicks ? start - machine.startTicks : 0))
        return String(head) + " " + fields.joined(separator: " ") + (newline ? "\n" : "")
    }

    /// /proc/<pid>/status with the host ids of Uid:, Gid: and Groups: mapped to what the guest's user
    /// namespace shows, and TracerPid: forced to 0 (the supervisor's tracing is not the guest's business).
    public static func status(_ real: String, machine: ProcMachine) -> String {
        let lines = real.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("Uid:") { return mapIDs(line, field: "Uid:", machine.ids.uid) }
            if line.hasPrefix("Gid:") { return mapIDs(line, field: "Gid:", machine.ids.gid) }
            if line.hasPrefix("Groups:") { return mapIDs(line, field: "Groups:", machine.ids.gid) }
            if line.hasPrefix("TracerPid:") { return "TracerPid:\t0" }
            return String(line)
        }
        return lines.joined(separator: "\n")
    }

    /// A socket table of /proc/<pid>/net (tcp, udp, raw and their v6 forms) with each socket's
    /// owner (the eighth column, printed "%5u") shown as the guest's user namespace shows it.
    public static func socketTable(_ real: String, machine: ProcMachine) -> String {
        var lines = real.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let space = UInt8(ascii: " ")
        for i in lines.indices.dropFirst() {
            // The eighth run of non-spaces; everything around it stays as the kernel printed it.
            var token = 0, index = 0
            let line = lines[i]
            var range: Range<Int>? = nil
            while index < line.count {
                while index < line.count && line[index] == space { index += 1 }
                let start = index
                while index < line.count && line[index] != space { index += 1 }
                if start < index {
                    if token == 7 { range = start..<index; break }
                    token += 1
                }
            }
            guard let range, let uid = UInt32(String(decoding: line[range], as: UTF8.self)) else { continue }
            let shown = Array(String(machine.ids.uid(uid)).utf8)
            let padded = [UInt8](repeating: space, count: max(0, 5 - shown.count)) + shown
            lines[i].replaceSubrange(range, with: padded)
            // tcp and udp lines are padded to a fixed width (seq_pad): keep it.
            if line.last == space && range.count > padded.count {
                lines[i] += [UInt8](repeating: space, count: range.count - padded.count)
            }
        }
        return lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }

    /// Maps every decimal id after `field`, keeping the separators (tabs, spaces, the trailing space)
    /// exactly as the kernel printed them. A token that is not a number is kept as it is.
    private static func mapIDs(_ line: Substring, field: String, _ map: (UInt32) -> UInt32) -> String {
        var out = field
        var token = ""
        func flush() {
            if !token.isEmpty { out += UInt32(token).map { String(map($0)) } ?? token }
            token = ""
        }
        for ch in line.dropFirst(field.count) {
            if ch == " " || ch == "\t" {
                flush()
                out.append(ch)
            } else {
                token.append(ch)
            }
        }
        flush()
        return out
    }

    // MARK: mounts

    /// /proc/<pid>/mountinfo from machine.mounts (parents first): each mount's kernel ID (so a
    /// file's fdinfo mnt_id and statx stx_mnt_id are found here; numbered from 21 where unknown),
    /// under the nearest mount above its mount point (the first, "/", under one not listed); the
    /// root of every mount is "/".
    public static func mountinfo(_ machine: ProcMachine) -> String {
        let ids = machine.mounts.enumerated().map { $0.element.mountID ?? UInt64(21 + $0.offset) }
        func covers(_ outer: String, _ inner: String) -> Bool {
            outer == "/" ? inner != "/" : inner.hasPrefix(outer + "/")
        }
        var out = ""
        for (i, mount) in machine.mounts.enumerated() {
            let parent = (0..<i).last { covers(machine.mounts[$0].mountPoint, mount.mountPoint) }.map { ids[$0] }
                ?? ids[i] - 1
            out += "\(ids[i]) \(parent) \(mount.deviceMajor):\(mount.deviceMinor) / "
                + "\(escape(mount.mountPoint)) \(mount.options) - \(escape(mount.fsType)) "
                + "\(escape(mount.source)) \(mount.options.hasPrefix("ro") ? "ro" : "rw")\n"
        }
        return out
    }

    /// /proc/<pid>/mounts (= /proc/mounts), from machine.mounts.
    public static func mounts(_ machine: ProcMachine) -> String {
        var out = ""
        for mount in machine.mounts {
            out += "\(escape(mount.source)) \(escape(mount.mountPoint)) \(escape(mount.fsType)) "
                + "\(mount.options) 0 0\n"
        }
        return out
    }

    /// The kernel's mount-table escaping (fs/proc_namespace.c mangle): space, tab, newline and
    /// backslash become octal escapes so that the columns stay parseable.
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case " ": out += "\\040"
            case "\t": out += "\\011"
            case "\n": out += "\\012"
            case "\\": out += "\\134"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// /proc/<pid>/cgroup: the sandbox is the root of its own cgroup namespace.
    public static let cgroup: String = "0::/\n"

    // MARK: memfd names and link targets

    private static let memfdPrefix = "safehouse:"
    /// MFD_NAME_MAX_LEN: NAME_MAX minus the "memfd:" the kernel puts in front.
    private static let memfdNameMax = 249
    private static let linkPrefix = Array("/memfd:safehouse:".utf8)
    private static let linkSuffix = Array(" (deleted)".utf8)

    /// The memfd name for a synthetic file at `guestPath`: "safehouse:" + guestPath, cut to 249 bytes
    /// at a character boundary (so the name stays valid UTF-8).
    public static func memfdName(forGuestPath guestPath: String) -> String {
        var out = ""
        var bytes = 0
        for scalar in (memfdPrefix + guestPath).unicodeScalars {
            bytes += UTF8.width(scalar)
            if bytes > memfdNameMax { break }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// A magic-link target (readlink of /proc/<pid>/fd/N, exe, cwd, map_files…) translated for the guest:
    /// "/memfd:safehouse:<path> (deleted)" becomes "<path>"; anything else is unchanged.
    public static func linkTarget(_ real: [UInt8]) -> [UInt8] {
        guard real.count >= linkPrefix.count + linkSuffix.count,
              real.starts(with: linkPrefix), real.suffix(linkSuffix.count).elementsEqual(linkSuffix) else {
            return real
        }
        return Array(real[linkPrefix.count..<(real.count - linkSuffix.count)])
    }

    /// /proc/<pid>/maps, smaps, smaps_rollup: the path column of each mapping line translated with
    /// `linkTarget`'s rule; all else (smaps' "Key: value" lines, padding) unchanged. Bytes, not
    /// text: a file name need not be UTF-8, and must come back as the kernel wrote it.
    public static func maps(_ real: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(real.count)
        for (i, line) in real.split(separator: newline, omittingEmptySubsequences: false).enumerated() {
            if i > 0 { out.append(newline) }
            out += translateMapping(line)
        }
        return out
    }

    /// The same for text (tests and callers holding a String).
    public static func maps(_ real: String) -> String {
        String(decoding: maps(Array(real.utf8)), as: UTF8.self)
    }

    private static let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")

    /// A mapping line is "start-end perms offset dev inode   path"; the path is everything after the
    /// padding that follows the fifth column. Other lines come back unchanged.
    private static func translateMapping(_ line: ArraySlice<UInt8>) -> [UInt8] {
        guard let firstSpace = line.firstIndex(of: space), isAddressRange(line[..<firstSpace]) else { return Array(line) }
        // Skip five columns and the spaces after each.
        var index = line.startIndex
        for _ in 0..<5 {
            guard let next = line[index...].firstIndex(of: space) else { return Array(line) }
            index = line[next...].firstIndex { $0 != space } ?? line.endIndex
        }
        let path = line[index...]
        guard !path.isEmpty else { return Array(line) }
        return Array(line[..<index]) + linkTarget(Array(path))
    }

    private static func isAddressRange(_ s: ArraySlice<UInt8>) -> Bool {
        let parts = s.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        let hex = { (c: UInt8) in (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) }
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(hex) }
    }
}
