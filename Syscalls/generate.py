#!/usr/bin/env python3
"""Generate the Safehouse x86-64 syscall table (Python 3 standard library only).

Reads   asm/unistd_64.h (numbers and names, `#define __NR_<name> <number>`),
        Syscalls/x86_64.dispositions (actions, rules, rationales), Syscalls/x86_64.signatures
        (argument kinds) and Sources/SafehouseABI/LinuxErrno.swift (errno names the Swift may use).
Writes  Syscalls/x86_64.table (merged TSV), Sources/SafehouseABI/SyscallTable.generated.swift
        (the table, the typed `Syscall` enumeration and its `emulated` list), Docs/syscalls.md
        (compatibility page).

  python3 Syscalls/generate.py [--header PATH]           write the outputs
  python3 Syscalls/generate.py [--header PATH] --check   exit 1, listing them, if outputs are stale
The header may also be given as $SAFEHOUSE_UNISTD_H.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_HEADERS = ["/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "/usr/include/asm/unistd_64.h"]
HEADER_NAME = "asm/unistd_64.h"  # named in the outputs instead of the path, so they do not vary
DISPOSITIONS = "Syscalls/x86_64.dispositions"
SIGNATURES = "Syscalls/x86_64.signatures"
ERRNO_SWIFT = "Sources/SafehouseABI/LinuxErrno.swift"
OUT_TABLE = "Syscalls/x86_64.table"
OUT_FILTER = "Sources/Safehouse/SeccompProgram.generated.swift"
OUT_SWIFT = "Sources/SafehouseABI/SyscallTable.generated.swift"
OUT_DOCS = "Docs/syscalls.md"

ARG_KINDS = {"fd", "path", "pointer", "string", "flags", "mode", "int", "size", "offset",
             "pid", "uid", "gid", "signal", "clockid", "timer", "unused"}

# Symbolic constants the dispositions may use (values from the uapi/glibc headers named).
CONSTANTS = {
    # linux/sched.h; CLONE_NEWTIME (0x80) overlaps CSIGNAL and only clone3/unshare accept it
    "CLONE_NEWNS": 0x00020000, "CLONE_NEWCGROUP": 0x02000000, "CLONE_NEWUTS": 0x04000000,
    "CLONE_NEWIPC": 0x08000000, "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
    "CLONE_NEWNET": 0x40000000, "CLONE_NEWTIME": 0x00000080,
    "TIOCSTI": 0x5412, "TIOCLINUX": 0x541C, "TIOCSETD": 0x5423,  # asm-generic/ioctls.h
    "F_SETLEASE": 1024,                                 # linux/fcntl.h
    "SEEK_END": 2, "SEEK_DATA": 3, "SEEK_HOLE": 4,      # linux/fs.h
    "PR_SET_SECCOMP": 22, "PR_SET_MM": 35,              # linux/prctl.h
    "PER_LINUX": 0x0000,                                # linux/personality.h
    "AF_UNIX": 1, "AF_INET": 2, "AF_INET6": 10,         # bits/socket.h
    "AF_NETLINK": 16, "AF_PACKET": 17, "AF_VSOCK": 40,  # bits/socket.h
}


class GenError(Exception):
    pass


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def data_lines(path):
    """(line number, text) of every line that is neither blank nor a comment."""
    for number, line in enumerate(read(path).splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line.rstrip()


def parse_header(path):
    syscalls = {}  # name -> number
    for number, line in enumerate(read(path).splitlines(), 1):
        if not line.startswith("#define __NR_"):
            continue
        m = re.fullmatch(r"#define __NR_(\w+)\s+(\d+)\s*", line)
        if not m:
            raise GenError(f"{path}:{number}: cannot read a syscall number from: {line}")
        name, value = m.group(1), int(m.group(2))
        if name in syscalls or value in syscalls.values():
            raise GenError(f"{path}:{number}: {name} or number {value} defined twice")
        syscalls[name] = value
    if not syscalls:
        raise GenError(f"{path}: no `#define __NR_<name> <number>` lines found")
    return syscalls


def parse_signatures(path):
    signatures = {}  # name -> [(param, kind)]
    for number, line in data_lines(path):
        where = f"{path}:{number}"
        name, *params = line.split()
        if name in signatures:
            raise GenError(f"{where}: {name} has a second signature")
        if params == ["unused"]:
            signatures[name] = []
            continue
        if not 1 <= len(params) <= 6:
            raise GenError(f"{where}: {name} needs 1 to 6 `param:kind` entries, or `unused`")
        pairs = [item.partition(":")[::2] for item in params]
        for param, kind in pairs:
            if not param or kind not in ARG_KINDS:
                raise GenError(f"{where}: `{param}:{kind}` is not param:kind, kind one of {sorted(ARG_KINDS)}")
        signatures[name] = pairs
    return signatures


def parse_value(text, where, bits):
    """A number or known constant, or several joined by `|` (ORed)."""
    total = 0
    for part in text.split("|"):
        if re.fullmatch(r"0[xX][0-9a-fA-F]+|\d+", part):
            total |= int(part, 0)
        elif part in CONSTANTS:
            total |= CONSTANTS[part]
        else:
            raise GenError(f"{where}: unknown constant `{part}` (add it to CONSTANTS in generate.py)")
    if total >= 1 << bits:
        raise GenError(f"{where}: `{text}` does not fit in {bits} bits")
    return total


def parse_action_and_rationale(line, skip, errnos, where):
    """Reads `<action> [ERRNO] <rationale...>` after the first `skip` words of `line`."""
    words = line.split(None, skip + 2)[skip:]
    kind = words[0] if words else "(nothing)"
    if kind in ("passthrough", "emulated", "kill"):
        action, rest = (kind, None), line.split(None, skip + 1)[skip + 1:]
    elif kind == "denied":
        if len(words) < 2 or words[1] not in errnos:
            raise GenError(f"{where}: `denied` needs an errno that LinuxErrno defines: {', '.join(sorted(errnos))}")
        action, rest = (kind, words[1]), line.split(None, skip + 2)[skip + 2:]
    else:
        raise GenError(f"{where}: unknown action `{kind}` (passthrough, emulated, denied ERRNO, kill)")
    if not rest or not rest[0].strip():
        raise GenError(f"{where}: missing rationale")
    return action, rest[0].strip()


def parse_dispositions(path, errnos):
    entries = {}  # name -> {"action", "rules", "rationale"}
    current = None
    for number, line in data_lines(path):
        where = f"{path}:{number}"
        if "\t" in line:
            raise GenError(f"{where}: use spaces, not tabs")
        words = line.split()
        if not line[0].isspace():
            if words[0] in entries:
                raise GenError(f"{where}: {words[0]} has a second disposition")
            action, rationale = parse_action_and_rationale(line, 1, errnos, where)
            current = entries[words[0]] = {"action": action, "rules": [], "rationale": rationale}
            continue
        arg = re.fullmatch(r"a([0-5])", words[1]) if len(words) > 4 else None
        if current is None or words[0] != "rule" or not arg or words[2] not in ("anybits", "eq32", "eq64"):
            raise GenError(f"{where}: an indented line must be `rule a0..a5 anybits|eq32|eq64 VALUE [netns-only]"
                           " action rationale` under a syscall line")
        netns_only = words[4] == "netns-only"
        value = parse_value(words[3], where, 32 if words[2] == "eq32" else 64)
        if words[2] == "anybits" and value == 0:
            raise GenError(f"{where}: an anybits mask of 0 never matches")
        action, rationale = parse_action_and_rationale(line, 5 if netns_only else 4, errnos, where)
        current["rules"].append({"arg": int(arg.group(1)), "test": words[2], "expr": words[3], "value": value,
                                 "netns_only": netns_only, "action": action, "rationale": rationale})
    return entries


def merge(header, dispositions, signatures):
    problems = []
    for name in sorted(header, key=header.get):
        for table, path in ((dispositions, DISPOSITIONS), (signatures, SIGNATURES)):
            if name not in table:
                problems.append(f"{name} ({header[name]}) is in the header but has no entry in {path}")
    for table, path in ((dispositions, DISPOSITIONS), (signatures, SIGNATURES)):
        for name in sorted(set(table) - set(header)):
            problems.append(f"{path} names {name}, which the header does not define")
    for name in sorted(set(dispositions) & set(signatures)):
        for rule in dispositions[name]["rules"]:
            if rule["arg"] >= len(signatures[name]):
                problems.append(f"{name}: rule on a{rule['arg']}, but it takes {len(signatures[name])} arguments")
    if problems:
        raise GenError("\n".join(problems))
    return [dict(number=header[name], name=name, params=signatures[name], **dispositions[name])
            for name in sorted(header, key=header.get)]


def action_text(action):
    kind, errno = action
    return f"denied {errno}" if errno else kind


def value_text(rule):
    """`TIOCSTI (0x5412)` for a symbol, `0xffffffff` for a plain number."""
    if re.fullmatch(r"0[xX][0-9a-fA-F]+|\d+", rule["expr"]):
        return rule["expr"]
    return f"{rule['expr']} ({rule['value']:#x})"


def render_table(rows):
    out = ["number\tname\targs\taction\trules\trationale"]
    for row in rows:
        args = ",".join(kind for _, kind in row["params"]) or "-"
        rules = " ; ".join(f"a{r['arg']} {r['test']} {value_text(r)}{' netns-only' if r['netns_only'] else ''}"
                           f" -> {action_text(r['action'])}: {r['rationale']}" for r in row["rules"]) or "-"
        out.append(f"{row['number']}\t{row['name']}\t{args}\t{action_text(row['action'])}\t{rules}\t{row['rationale']}")
    return "\n".join(out) + "\n"


def swift_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def swift_action(action):
    kind, errno = action
    return f".denied(.{errno})" if errno else f".{kind}"


# Swift words a syscall name cannot be as a bare enum case; `open` is only contextual, quoted anyway.
SWIFT_KEYWORDS = {"associatedtype", "break", "case", "catch", "class", "continue", "default", "defer",
                  "deinit", "do", "else", "enum", "extension", "fallthrough", "false", "fileprivate", "for",
                  "func", "guard", "if", "import", "in", "init", "inout", "internal", "is", "let", "nil",
                  "open", "operator", "private", "protocol", "public", "repeat", "rethrows", "return",
                  "self", "Self", "static", "struct", "subscript", "super", "switch", "throw", "throws",
                  "true", "try", "typealias", "var", "where", "while", "Any", "Type", "Protocol"}


def swift_case(name):
    return f"`{name}`" if name in SWIFT_KEYWORDS else name


def swift_member(name):
    """`.name` after a dot, where only these words still need quoting (SE-0071)."""
    return f".`{name}`" if name in {"self", "Self", "init", "Type", "Protocol"} else f".{name}"


def is_emulated(row):
    """The call can reach a handler: its own action or one of its argument rules emulates it."""
    return row["action"] == ("emulated", None) or any(r["action"] == ("emulated", None) for r in row["rules"])


def render_swift(rows):
    out = [
        "// GENERATED by Syscalls/generate.py -- do not edit. Edit Syscalls/x86_64.dispositions or",
        "// Syscalls/x86_64.signatures and run `python3 Syscalls/generate.py`.",
        f"// Numbers and names: {HEADER_NAME}. Types: SyscallTableTypes.swift.",
        "",
        "public enum SyscallTable {",
        "    public static let entries: [SyscallEntry] = [",
    ]
    for row in rows:
        args = ", ".join("." + kind for _, kind in row["params"])
        out.append(f"        SyscallEntry(number: {row['number']}, name: {swift_string(row['name'])}, "
                   f"args: [{args}], action: {swift_action(row['action'])},")
        if row["rules"]:
            out.append("                     rules: [")
            for r in row["rules"]:
                test = {"anybits": ".anyBitSet", "eq32": ".equals32", "eq64": ".equals64"}[r["test"]] + f"({r['value']:#x})"
                out.append(f"                         ArgRule(arg: {r['arg']}, test: {test}, "
                           f"action: {swift_action(r['action'])},")
                netns = ", namespacedOnly: true" if r["netns_only"] else ""
                out.append(f"                                 rationale: {swift_string(r['rationale'])}{netns}),")
            out.append("                     ],")
        out.append(f"                     rationale: {swift_string(row['rationale'])}),")
    out += [
        "    ]",
        "}",
        "",
        "/// Every syscall of the table by its header name; the raw value is its x86-64 number.",
        "public enum Syscall: Int32, CaseIterable, Sendable {",
    ]
    out += [f"    case {swift_case(row['name'])} = {row['number']}" for row in rows]
    emulated = [row for row in rows if is_emulated(row)]
    out += [
        "}",
        "",
        "extension Syscall {",
        "    /// The syscalls the table emulates (by their own action or an argument rule), in number",
        "    /// order: each has exactly one handler in SafehouseKernel, and no other syscall has one.",
        "    public static let emulated: [Syscall] = [",
    ]
    line = "       "
    for row in emulated:
        item = f" {swift_member(row['name'])},"
        if len(line) + len(item) > 110:
            out.append(line)
            line = "       "
        line += item
    if emulated:
        out.append(line)
    return "\n".join(out + ["    ]", "}", ""])


def md(text):
    return text.replace("|", "\\|").replace("*", "\\*")


def render_docs(rows):
    counts = {}
    for row in rows:
        counts[action_text(row["action"])] = counts.get(action_text(row["action"]), 0) + 1
    order = ["passthrough", "emulated"] + sorted(k for k in counts if k.startswith("denied")) + ["kill"]
    out = [
        "# Syscall compatibility (x86-64)",
        "",
        "<!-- GENERATED by Syscalls/generate.py from Syscalls/x86_64.dispositions and",
        "     Syscalls/x86_64.signatures; do not edit by hand. -->",
        "",
        f"Every system call that `{HEADER_NAME}` defines ({len(rows)} calls), what Safehouse does with it,",
        "and why. A number the table does not know (a syscall newer than these headers) is answered",
        "`ENOSYS`, never allowed. 32-bit (`int 0x80`) and x32 calls are killed by the filter's",
        "architecture check before this table is consulted.",
        "",
        "## Legend",
        "",
        "| Action | Meaning |",
        "| --- | --- |",
        "| passthrough | Allowed natively by the seccomp filter; runs at native speed. |",
        "| emulated | Trapped; the supervisor answers it in Swift, acting on a copy of the arguments. |",
        "| denied ERRNO | Trapped, recorded as an event and answered with that errno; the kernel never runs it. |",
        "| kill | The guest process is killed by the kernel (`SECCOMP_RET_KILL_PROCESS`). |",
        "",
        "Argument conditions are checked in order and the first that matches decides; otherwise the",
        "syscall's own action applies. *has any of* tests `(arg & mask) != 0`; `==` compares the low",
        "32 bits, as the kernel does for `int` arguments, so the upper half cannot hide a match. A",
        "condition marked *only with its own network namespace* is skipped when the sandbox could not",
        "get one (the syscall's own action then applies).",
        "",
        "## Summary",
        "",
        "| Action | Syscalls |",
        "| --- | ---: |",
    ]
    out += [f"| {key} | {counts.get(key, 0)} |" for key in order]
    out += [f"| **total** | **{len(rows)}** |", "",
            f"{sum(1 for row in rows if row['rules'])} syscalls carry argument conditions.", "",
            "## Table", "",
            "| # | Name | Arguments | Action | Argument conditions | Rationale |",
            "| ---: | --- | --- | --- | --- | --- |"]
    for row in rows:
        args = ", ".join(f"{p}: {k}" for p, k in row["params"]) or "none"
        conditions = []
        for r in row["rules"]:
            param = f"{row['params'][r['arg']][0]} (a{r['arg']})"
            test = {"anybits": "has any of", "eq32": "==", "eq64": "== (all 64 bits)"}[r["test"]]
            netns = ", only with its own network namespace" if r["netns_only"] else ""
            conditions.append(f"{md(param)} {test} {md(value_text(r))}{netns} → "
                              f"**{action_text(r['action'])}**: {md(r['rationale'])}")
        out.append(f"| {row['number']} | `{row['name']}` | {md(args)} | {action_text(row['action'])} | "
                   f"{'<br>'.join(conditions) or '—'} | {md(row['rationale'])} |")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description="Generate the Safehouse x86-64 syscall table.")
    parser.add_argument("--header", default=os.environ.get("SAFEHOUSE_UNISTD_H"),
                        help="path of asm/unistd_64.h (default: $SAFEHOUSE_UNISTD_H or /usr/include)")
    parser.add_argument("--no-filter", action="store_true",
                        help="write the table and docs only, not the compiled filter (no Swift build)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a committed output differs from what would be generated")
    options = parser.parse_args()
    header = options.header or next((h for h in DEFAULT_HEADERS if os.path.exists(h)), DEFAULT_HEADERS[0])
    if not os.path.exists(header):
        raise GenError(f"syscall header not found: {header} (pass --header PATH or set SAFEHOUSE_UNISTD_H)")

    errnos = set(re.findall(r"public static let (E\w+) = LinuxErrno\(rawValue: \d+\)",
                            read(os.path.join(ROOT, ERRNO_SWIFT))))
    rows = merge(parse_header(header),
                 parse_dispositions(os.path.join(ROOT, DISPOSITIONS), errnos),
                 parse_signatures(os.path.join(ROOT, SIGNATURES)))
    outputs = {OUT_TABLE: render_table(rows), OUT_SWIFT: render_swift(rows), OUT_DOCS: render_docs(rows)}

    if options.check:
        stale = [rel for rel, text in outputs.items()
                 if not os.path.exists(os.path.join(ROOT, rel)) or read(os.path.join(ROOT, rel)) != text]
        if stale:
            print("stale generated files (run `python3 Syscalls/generate.py` and commit them):", file=sys.stderr)
            for rel in stale:
                print(f"  {rel}", file=sys.stderr)
            return 1
        print(f"syscall table outputs up to date ({len(rows)} syscalls)")
        return 0
    for rel, text in outputs.items():
        path = os.path.join(ROOT, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print(f"wrote {rel}")
    if options.no_filter:
        print(f"then: swift run safehouse-filtergen > {OUT_FILTER}")
        return 0
    # The compiled filter comes from the table just written (libseccomp, through the Swift build):
    # one step for the table, the docs and the filter.
    result = subprocess.run(["swift", "run", "-q", "safehouse-filtergen"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise GenError(f"safehouse-filtergen failed ({result.returncode}):\n{result.stderr.strip()}")
    with open(os.path.join(ROOT, OUT_FILTER), "w", encoding="utf-8", newline="\n") as f:
        f.write(result.stdout)
    print(f"wrote {OUT_FILTER}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except GenError as error:
        print(f"generate.py: error: {error}", file=sys.stderr)
        sys.exit(2)
