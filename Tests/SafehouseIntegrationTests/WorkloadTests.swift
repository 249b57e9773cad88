import Foundation
import XCTest

/// Real agent workloads, unchanged, on the built-in default policy: shell pipelines, the Python
/// standard library, a venv with a locally built wheel, gcc, make, git, tar, sqlite3, find/grep,
/// shebang scripts and the output zone. Every test runs the real tools inside the sandbox and
/// checks both their exit status and what they produced, so a file-syscall regression (the
/// Swift VFS) shows up here as a broken workload rather than as a unit-test detail.
final class WorkloadTests: XCTestCase {
    // MARK: - 1. Shell pipelines

    func testShellPipelinesHereDocsSubstitutionAndRedirections() throws {
        let result = try bash("""
            set -eu
            printf 'pear\\napple\\npear\\nfig\\npear\\napple\\n' | sort | uniq -c | awk '{ printf "%s=%d\\n", $2, $1 }'
            cat > /tmp/heredoc.txt <<EOF
            home=$HOME cwd=$(pwd) words=$(echo one two three | wc -w)
            EOF
            cat /tmp/heredoc.txt
            cat <<'EOF'
            literal $HOME $(not run)
            EOF
            # Process substitution goes through /dev/fd -> /proc/self/fd.
            if diff <(printf '1\\n2\\n3\\n') <(printf '1\\nTWO\\n3\\n') > /tmp/diff.out; then
                echo "diff found nothing"; exit 1
            fi
            cat /tmp/diff.out
            diff <(seq 1 5) <(printf '1\\n2\\n3\\n4\\n5\\n') && echo "same: yes"
            echo first > /tmp/redir.txt
            echo second >> /tmp/redir.txt
            ls /no/such/path 2> /tmp/err.txt || echo "ls failed: $(grep -c 'No such file' /tmp/err.txt)"
            wc -l < /tmp/redir.txt
            { echo out; echo err >&2; } > /tmp/both.txt 2>&1
            sort /tmp/both.txt | tr '\\n' ' '; echo
            exec 3> /tmp/fd3.txt; echo via-fd3 >&3; exec 3>&-; cat /tmp/fd3.txt
            printf 'a.txt\\nb.txt\\nc.txt\\n' | xargs -I{} sh -c 'echo "content of {}" > /home/sandbox/{}'
            ls /home/sandbox | xargs cat
            printf '1 2 3 4 5 6 7\\n' | xargs -n 3 echo | awk '{ print NR ": " $0 }'
            find /home/sandbox -name '*.txt' -print0 | xargs -0 wc -c | tail -n 1
            """)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            apple=2
            fig=1
            pear=3
            home=/home/sandbox cwd=/home/sandbox words=3
            literal $HOME $(not run)
            2c2
            < 2
            ---
            > TWO
            same: yes
            ls failed: 1
            2
            err out 
            via-fd3
            content of a.txt
            content of b.txt
            content of c.txt
            1: 1 2 3
            2: 4 5 6
            3: 7
            51 total

            """)
        XCTAssertEqual(result.stderr, "")
    }

    // MARK: - 2. Python standard library

    func testPythonStandardLibraryInScratch() throws {
        let result = try python("""
            import hashlib, json, os, pathlib, shutil, sqlite3, subprocess, tempfile, zipfile

            doc = {"name": "safehouse", "n": [1, 2, 3], "nested": {"ok": True, "pi": 3.25}}
            path = pathlib.Path("/home/sandbox/doc.json")
            path.write_text(json.dumps(doc, sort_keys=True, indent=2))
            back = json.loads(path.read_text())
            print("json", back == doc, back["nested"]["pi"], path.stat().st_size > 0)

            db = sqlite3.connect("/tmp/stdlib.db")
            db.execute("create table kv (k text primary key, v integer)")
            db.executemany("insert into kv values (?, ?)", [("a", 1), ("b", 20), ("c", 300)])
            db.commit(); db.close()
            db = sqlite3.connect("/tmp/stdlib.db")
            print("sqlite3", db.execute("select sum(v), group_concat(k, '') from kv").fetchone())
            db.close()

            r = subprocess.run(["sh", "-c", "echo from-child; echo warn >&2; exit 5"], capture_output=True, text=True)
            print("subprocess", r.returncode, r.stdout.strip(), r.stderr.strip())
            print("check_output", subprocess.check_output(["ls", "/home/sandbox"], text=True).split())

            with tempfile.TemporaryDirectory() as d:
                with tempfile.NamedTemporaryFile("w", dir=d, suffix=".txt", delete=False) as f:
                    f.write("temporary")
                print("tempfile", os.path.dirname(d), open(f.name).read(), f.name.endswith(".txt"))
            print("tempdir removed", not os.path.exists(d))

            root = pathlib.Path("/home/sandbox/tree")
            for rel in ["a.py", "b.txt", "sub/c.py", "sub/deeper/d.py", "sub/deeper/e.json"]:
                p = root / rel
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_text("# " + rel + "\\n")
            print("glob", sorted(str(p.relative_to(root)) for p in root.rglob("*.py")))
            print("glob top", sorted(p.name for p in root.glob("*")))

            copy = pathlib.Path("/tmp/tree-copy")
            shutil.copytree(root, copy)
            print("copytree", sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file()))
            print("copy content", (copy / "sub/deeper/d.py").read_text().strip())
            shutil.rmtree(root)
            print("rmtree", root.exists(), sorted(os.listdir("/home/sandbox")))

            with zipfile.ZipFile("/tmp/tree.zip", "w", zipfile.ZIP_DEFLATED) as z:
                for p in sorted(copy.rglob("*")):
                    if p.is_file():
                        z.write(p, str(p.relative_to(copy)))
            with zipfile.ZipFile("/tmp/tree.zip") as z:
                print("zip", len(z.namelist()), z.read("sub/deeper/d.py").decode().strip(), z.testzip())
                z.extractall("/tmp/unzipped")
            print("unzipped", (pathlib.Path("/tmp/unzipped") / "sub/c.py").read_text().strip())

            print("sha256", hashlib.sha256(b"abc").hexdigest())
            digest = hashlib.sha256(pathlib.Path("/tmp/tree.zip").read_bytes()).hexdigest()
            cli = subprocess.run(["sha256sum", "/tmp/tree.zip"], capture_output=True, text=True, check=True)
            print("sha256 file matches sha256sum", digest == cli.stdout.split()[0])
            """)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            json True 3.25 True
            sqlite3 (321, 'abc')
            subprocess 5 from-child warn
            check_output ['doc.json']
            tempfile /tmp temporary True
            tempdir removed True
            glob ['a.py', 'sub/c.py', 'sub/deeper/d.py']
            glob top ['a.py', 'b.txt', 'sub']
            copytree ['a.py', 'b.txt', 'sub/c.py', 'sub/deeper/d.py', 'sub/deeper/e.json']
            copy content # sub/deeper/d.py
            rmtree False ['doc.json']
            zip 5 # sub/deeper/d.py None
            unzipped # sub/c.py
            sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
            sha256 file matches sha256sum True

            """)
    }

    // MARK: - 3. venv + pip installing a local wheel, offline

    func testVenvInstallsALocalWheelOffline() throws {
        let input = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: input) }
        let wheel = try buildWheel(in: input)

        let result = try bash("""
            set -eu
            python3 -m venv /home/sandbox/venv
            /home/sandbox/venv/bin/pip install --no-index --disable-pip-version-check /input/\(wheel)
            echo "--- import"
            /home/sandbox/venv/bin/python -c 'import sys, safehouse_probe as p; print(p.VALUE, p.answer(), sys.prefix, p.__file__)'
            echo "--- entry point"
            /home/sandbox/venv/bin/safehouse-probe
            head -n 1 /home/sandbox/venv/bin/safehouse-probe
            echo "--- pip show"
            /home/sandbox/venv/bin/pip show --disable-pip-version-check safehouse-probe | grep -E '^(Name|Version|Location):'
            echo "--- system python does not see it"
            /usr/bin/python3 -c 'import safehouse_probe' 2>/dev/null && echo leaked || echo isolated
            echo "--- uninstall"
            /home/sandbox/venv/bin/pip uninstall --disable-pip-version-check -y safehouse-probe > /dev/null
            /home/sandbox/venv/bin/python -c 'import safehouse_probe' 2>/dev/null && echo still-there || echo gone
            """, options: ["--input", "\(input.path):/input"], timeout: 120)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let sections = result.stdout.components(separatedBy: "--- import\n")
        XCTAssertEqual(sections.count, 2, result.stdout + result.stderr)
        XCTAssertTrue(sections[0].contains("Successfully installed safehouse-probe-1.0"), result.stdout + result.stderr)
        XCTAssertEqual(sections.last, """
            hello from the wheel 42 /home/sandbox/venv /home/sandbox/venv/lib/python3.11/site-packages/safehouse_probe/__init__.py
            --- entry point
            entry point says 42
            #!/home/sandbox/venv/bin/python3
            --- pip show
            Name: safehouse-probe
            Version: 1.0
            Location: /home/sandbox/venv/lib/python3.11/site-packages
            --- system python does not see it
            isolated
            --- uninstall
            gone

            """)
        // pip must not have reached for an index (there is no network).
        XCTAssertFalse(result.stderr.contains("Retrying"), result.stderr)
        XCTAssertFalse(result.stderr.contains("Could not fetch"), result.stderr)
        // The input zone is untouched.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: input.path), [wheel])
    }

    // MARK: - 4. gcc

    func testGccCompilesAndRunsMultiFileProgram() throws {
        let result = try bash("""
            set -eu
            mkdir -p /tmp/cproj/include
            cat > /tmp/cproj/include/mathx.h <<'EOF'
            #ifndef MATHX_H
            #define MATHX_H
            long fib(int n);
            #define GREETING "fib says"
            #endif
            EOF
            cat > /tmp/cproj/fib.c <<'EOF'
            #include "mathx.h"
            long fib(int n) { long a = 0, b = 1; while (n-- > 0) { long t = a + b; a = b; b = t; } return a; }
            EOF
            cat > /tmp/cproj/main.c <<'EOF'
            #include <stdio.h>
            #include <stdlib.h>
            #include "mathx.h"
            int main(int argc, char **argv) {
                int n = argc > 1 ? atoi(argv[1]) : 10;
                FILE *f = fopen("/tmp/cproj/result.txt", "w");
                if (!f) { perror("fopen"); return 2; }
                fprintf(f, "%ld\\n", fib(n));
                fclose(f);
                printf("%s %ld\\n", GREETING, fib(n));
                return n == 50 ? 7 : 0;
            }
            EOF
            cd /home/sandbox
            cat > hello.c <<'EOF'
            #include <stdio.h>
            int main(void) { puts("hello from gcc"); return 0; }
            EOF
            gcc -Wall -Werror hello.c -o hello
            ./hello
            cc -O2 -Wall -Werror -I/tmp/cproj/include -o /tmp/cproj/fib /tmp/cproj/main.c /tmp/cproj/fib.c
            /tmp/cproj/fib 30
            cat /tmp/cproj/result.txt
            /tmp/cproj/fib 50 || echo "exit $?"
            # Separate compilation and a static archive.
            cd /tmp/cproj
            cc -c -O2 -Iinclude fib.c -o fib.o
            ar rcs libmathx.a fib.o
            cc -O2 -Iinclude main.c -L. -lmathx -o fib2
            ./fib2 12
            # A compile error is reported, not swallowed.
            echo 'int main(void) { return undefined_symbol; }' > bad.c
            if cc bad.c -o bad 2> bad.err; then echo "bad compiled"; exit 1; fi
            grep -c 'error: .undefined_symbol. undeclared' bad.err
            """, timeout: 120)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, """
            hello from gcc
            fib says 832040
            832040
            fib says 12586269025
            exit 7
            fib says 144
            1

            """)
    }

    // MARK: - 5. make

    func testMakeBuildsThenIsUpToDate() throws {
        let result = try bash("""
            set -eu
            mkdir /tmp/mk && cd /tmp/mk
            printf 'int main(void) { return 0; }\\n' > main.c
            printf 'version 1\\n' > version.txt
            printf '%s\\n' \\
                'all: app report.txt' \\
                '' \\
                'app: main.c' \\
                '\tcc -o app main.c' \\
                '' \\
                'report.txt: app version.txt' \\
                '\t./app && echo "built with $$(cat version.txt)" > report.txt' \\
                '' \\
                '.PHONY: all' > Makefile
            echo "--- first"
            make
            cat report.txt
            echo "--- second"
            make
            make app
            make -q && echo "make -q: up to date"
            echo "--- after touching version.txt"
            sleep 1  # past the file system's timestamp granularity
            printf 'version 2\\n' > version.txt
            make
            cat report.txt
            """, timeout: 120)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, """
            --- first
            cc -o app main.c
            ./app && echo "built with $(cat version.txt)" > report.txt
            built with version 1
            --- second
            make: Nothing to be done for 'all'.
            make: 'app' is up to date.
            make -q: up to date
            --- after touching version.txt
            ./app && echo "built with $(cat version.txt)" > report.txt
            built with version 2

            """)
    }

    // MARK: - 6. git

    func testGitRepositoryWorkflow() throws {
        let result = try bash("""
            set -eu
            cd /home/sandbox
            git init -q -b main repo
            cd repo
            git config user.name "Sandbox Agent"
            git config user.email agent@sandbox.invalid
            printf 'line one\\nline two\\n' > notes.txt
            mkdir src && printf 'print("hi")\\n' > src/app.py
            echo "--- status before"
            git status --porcelain
            git add notes.txt src
            git commit -q -m "first commit"
            echo "--- status clean"
            git status --porcelain
            echo "--- branch"
            git checkout -q -b feature
            printf 'line one\\nline 2\\nline three\\n' > notes.txt
            echo untracked > scratch.tmp
            git status --porcelain
            git diff --stat
            git diff -U0 notes.txt | grep '^[-+][^-+]'
            git commit -q -am "edit notes"
            git branch --list
            echo "--- log"
            git log --oneline main..feature | sed 's/^[0-9a-f]* //'
            git log --format='%s <%ae>' feature
            git rev-list --count feature
            echo "--- diff between branches"
            git diff --name-only main feature
            git checkout -q main
            cat notes.txt
            git merge -q --ff-only feature
            git log --oneline | wc -l
            git fsck --no-progress 2>&1 | grep -v '^dangling' | wc -l
            """, timeout: 120)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, """
            --- status before
            ?? notes.txt
            ?? src/
            --- status clean
            --- branch
             M notes.txt
            ?? scratch.tmp
             notes.txt | 3 ++-
             1 file changed, 2 insertions(+), 1 deletion(-)
            -line two
            +line 2
            +line three
            * feature
              main
            --- log
            edit notes
            edit notes <agent@sandbox.invalid>
            first commit <agent@sandbox.invalid>
            2
            --- diff between branches
            notes.txt
            line one
            line two
            2
            0

            """)
    }

    // MARK: - 7. tar

    func testTarRoundTripPreservesTheTree() throws {
        let result = try bash("""
            set -eu
            cd /home/sandbox
            mkdir -p src/pkg/sub src/empty
            printf 'alpha\\n' > src/pkg/a.txt
            head -c 200000 /dev/urandom > src/pkg/sub/blob.bin
            printf '#!/bin/sh\\necho run\\n' > src/pkg/run.sh
            chmod 755 src/pkg/run.sh
            chmod 600 src/pkg/a.txt
            ln -s a.txt src/pkg/link
            tar -czf /tmp/src.tar.gz -C /home/sandbox src
            gzip -t /tmp/src.tar.gz && echo "gzip ok"
            echo "--- list"
            tar -tzf /tmp/src.tar.gz | sort
            echo "--- extract"
            mkdir /tmp/out
            tar -xzf /tmp/src.tar.gz -C /tmp/out
            diff -r /home/sandbox/src /tmp/out/src && echo "identical"
            cmp /home/sandbox/src/pkg/sub/blob.bin /tmp/out/src/pkg/sub/blob.bin && echo "blob identical"
            stat -c '%a %F %n' /tmp/out/src/pkg/run.sh /tmp/out/src/pkg/a.txt /tmp/out/src/empty
            readlink /tmp/out/src/pkg/link
            /tmp/out/src/pkg/run.sh
            echo "--- a changed copy differs"
            printf 'beta\\n' > /tmp/out/src/pkg/a.txt
            if diff -rq /home/sandbox/src /tmp/out/src; then echo "diff missed it"; exit 1; fi
            """, timeout: 120)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, """
            gzip ok
            --- list
            src/
            src/empty/
            src/pkg/
            src/pkg/a.txt
            src/pkg/link
            src/pkg/run.sh
            src/pkg/sub/
            src/pkg/sub/blob.bin
            --- extract
            identical
            blob identical
            755 regular file /tmp/out/src/pkg/run.sh
            600 regular file /tmp/out/src/pkg/a.txt
            755 directory /tmp/out/src/empty
            a.txt
            run
            --- a changed copy differs
            Files /home/sandbox/src/pkg/a.txt and /tmp/out/src/pkg/a.txt differ
            Files /home/sandbox/src/pkg/link and /tmp/out/src/pkg/link differ

            """)
    }

    // MARK: - 8. sqlite3 CLI

    func testSqlite3CommandLine() throws {
        let result = try bash("""
            set -eu
            sqlite3 /tmp/app.db <<'EOF'
            CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score INTEGER);
            INSERT INTO users (name, score) VALUES ('ada', 90), ('linus', 75), ('grace', 99);
            CREATE INDEX users_score ON users(score);
            EOF
            sqlite3 /tmp/app.db "UPDATE users SET score = score + 1 WHERE name = 'linus';"
            sqlite3 -separator '|' /tmp/app.db 'SELECT id, name, score FROM users ORDER BY score DESC;'
            sqlite3 /tmp/app.db 'SELECT count(*), sum(score) FROM users;'
            sqlite3 /tmp/app.db 'PRAGMA journal_mode=WAL;'
            sqlite3 /tmp/app.db "INSERT INTO users (name, score) VALUES ('wal', 1); SELECT name FROM users WHERE id = last_insert_rowid();"
            sqlite3 /tmp/app.db 'PRAGMA integrity_check;'
            sqlite3 /tmp/app.db .tables
            if sqlite3 /tmp/app.db 'INSERT INTO users (score) VALUES (1);' 2> /tmp/sql.err; then echo "constraint ignored"; exit 1; fi
            grep -c 'NOT NULL constraint failed' /tmp/sql.err
            sqlite3 -csv -header /tmp/app.db 'SELECT name, score FROM users WHERE score > 80 ORDER BY name;' > /home/sandbox/export.csv
            cat /home/sandbox/export.csv
            """, timeout: 120)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, """
            3|grace|99
            1|ada|90
            2|linus|76
            3|265
            wal
            wal
            ok
            users
            1
            name,score
            ada,90
            grace,99

            """)
    }

    // MARK: - 9. find and grep

    func testFindAndGrepOverATree() throws {
        let result = try bash("""
            set -eu
            mkdir -p /tmp/proj/src/lib /tmp/proj/docs /tmp/proj/.git
            printf 'import os\\n# TODO: one\\n' > /tmp/proj/src/main.py
            printf 'def f():\\n    pass  # TODO: two\\n\\n' > /tmp/proj/src/lib/util.py
            printf 'notes\\nTODO: three\\n' > /tmp/proj/docs/notes.md
            printf 'data\\n' > /tmp/proj/src/lib/data.txt
            printf 'TODO hidden\\n' > /tmp/proj/.git/config
            touch -d '2020-01-01 00:00:00' /tmp/proj/src/main.py /tmp/proj/docs/notes.md /tmp/proj/.git/config
            touch -d '2021-06-01 00:00:00' /tmp/ref
            touch -d '2022-01-01 00:00:00' /tmp/proj/src/lib/util.py
            cd /tmp/proj
            echo "--- -name"
            find . -name '*.py' | sort
            echo "--- -type d"
            find . -type d | sort
            echo "--- -newer"
            find . -type f -newer /tmp/ref | sort
            echo "--- -exec ;"
            find . -type f -name '*.py' -exec wc -l {} \\; | sort
            echo "--- -exec +"
            find . -path ./.git -prune -o -type f -exec grep -l TODO {} + | sort
            echo "--- -delete"
            find . -name '*.txt' -delete
            find . -name '*.txt' | wc -l
            echo "--- grep -rn"
            grep -rn --exclude-dir=.git TODO . | sort
            echo "--- grep -rl --include"
            grep -rl --include='*.py' TODO /tmp/proj | sort
            echo "--- grep -c -w"
            grep -rcw pass src | sort
            grep -rq NOTHING_MATCHES . || echo "no match: $?"
            """)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, """
            --- -name
            ./src/lib/util.py
            ./src/main.py
            --- -type d
            .
            ./.git
            ./docs
            ./src
            ./src/lib
            --- -newer
            ./src/lib/data.txt
            ./src/lib/util.py
            --- -exec ;
            2 ./src/main.py
            3 ./src/lib/util.py
            --- -exec +
            ./docs/notes.md
            ./src/lib/util.py
            ./src/main.py
            --- -delete
            0
            --- grep -rn
            ./docs/notes.md:2:TODO: three
            ./src/lib/util.py:2:    pass  # TODO: two
            ./src/main.py:2:# TODO: one
            --- grep -rl --include
            /tmp/proj/src/lib/util.py
            /tmp/proj/src/main.py
            --- grep -c -w
            src/lib/util.py:1
            src/main.py:0
            no match: 1

            """)
    }

    // MARK: - 10. Shebang scripts

    func testShebangScriptsRunByPath() throws {
        let result = try bash("""
            set -eu
            mkdir -p /home/sandbox/bin
            cat > /home/sandbox/bin/hello.sh <<'EOF'
            #!/bin/sh
            echo "sh: $(basename "$0") argc=$# first=$1"
            EOF
            cat > /home/sandbox/bin/hello.py <<'EOF'
            #!/usr/bin/env python3
            import os, sys
            print("py:", sys.executable, sys.argv[1:], os.getcwd())
            sys.exit(int(sys.argv[1]) if sys.argv[1:] and sys.argv[1].isdigit() else 0)
            EOF
            cp /home/sandbox/bin/hello.sh /tmp/tmp-script
            chmod +x /home/sandbox/bin/hello.sh /home/sandbox/bin/hello.py /tmp/tmp-script
            /home/sandbox/bin/hello.sh one two
            ./bin/hello.py a b
            /tmp/tmp-script from-tmp
            PATH="$HOME/bin:$PATH" hello.sh via-path
            status=0; /home/sandbox/bin/hello.py 9 || status=$?; echo "py exit $status"
            cp /home/sandbox/bin/hello.sh /tmp/not-executable.sh
            chmod 644 /tmp/not-executable.sh
            status=0; /tmp/not-executable.sh 2>/dev/null || status=$?; echo "not executable: $status"
            """)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, """
            sh: hello.sh argc=2 first=one
            py: /usr/bin/python3 ['a', 'b'] /home/sandbox
            sh: tmp-script argc=1 first=from-tmp
            sh: hello.sh argc=1 first=via-path
            py: /usr/bin/python3 ['9'] /home/sandbox
            py exit 9
            not executable: 126

            """)
    }

    // MARK: - 11. Output zone

    func testOutputZoneKeepsExactlyTheWorkloadsFiles() throws {
        let output = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let marker = "safehouse-workload-\(UUID().uuidString)"

        let result = try bash("""
            set -eu
            # Scratch that must not survive the run.
            echo scratch > /tmp/\(marker)
            echo scratch > /home/sandbox/\(marker)
            mkdir -p /tmp/work && cd /tmp/work
            printf 'a,b\\n1,2\\n' > data.csv
            python3 -c 'import csv, json; rows = list(csv.DictReader(open("data.csv"))); json.dump(rows, open("/output/result.json", "w"))'
            mkdir -p /output/reports/nested
            printf 'report line 1\\nreport line 2\\n' > /output/reports/summary.txt
            head -c 65536 /dev/zero | tr '\\0' 'z' > /output/reports/nested/big.txt
            printf '#!/bin/sh\\necho tool\\n' > /output/tool.sh
            chmod 755 /output/tool.sh
            echo draft > /output/draft.txt
            mv /output/draft.txt /output/final.txt
            echo temporary > /output/remove-me.txt
            rm /output/remove-me.txt
            tar -czf /output/bundle.tar.gz -C /tmp/work data.csv
            ls -A /output | tr '\\n' ' '
            """, options: ["--output", "\(output.path):/output"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, "bundle.tar.gz final.txt reports result.json tool.sh ")

        // Exactly the workload's files, with the right contents, owned by the invoking user.
        XCTAssertEqual(try listTree(output), ["bundle.tar.gz", "final.txt", "reports", "reports/nested",
                                              "reports/nested/big.txt", "reports/summary.txt",
                                              "result.json", "tool.sh"])
        func text(_ relative: String) throws -> String {
            try String(contentsOf: output.appendingPathComponent(relative), encoding: .utf8)
        }
        XCTAssertEqual(try text("result.json"), #"[{"a": "1", "b": "2"}]"#)
        XCTAssertEqual(try text("reports/summary.txt"), "report line 1\nreport line 2\n")
        XCTAssertEqual(try text("reports/nested/big.txt"), String(repeating: "z", count: 65536))
        XCTAssertEqual(try text("final.txt"), "draft\n")
        XCTAssertEqual(try text("tool.sh"), "#!/bin/sh\necho tool\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent("tool.sh").path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o755)
        // Owned by the guest's host identity: the invoker's own, or for root an unprivileged id
        // (GuestCredentials.unprivilegedID), never host root.
        XCTAssertEqual((attributes[.ownerAccountID] as? NSNumber)?.uint32Value, getuid() == 0 ? 2_000_000_000 : getuid())
        let listing = try Harness.runHost("/usr/bin/tar", ["-tzf", output.appendingPathComponent("bundle.tar.gz").path])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        XCTAssertEqual(listing.stdout, "data.csv\n")
        // The host can run what the guest left.
        let tool = try Harness.runHost(output.appendingPathComponent("tool.sh").path, [])
        XCTAssertEqual(tool.stdout, "tool\n")

        // Nothing else survives: the scratch file is on no host path, and the next run starts clean.
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/\(marker)"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/home/sandbox/\(marker)"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent(marker).path))
        let next = try bash("ls -A /tmp /home/sandbox")
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(next.stdout, "/home/sandbox:\n\n/tmp:\n")
    }

    // MARK: - Helpers

    /// `safehouse run [options] --timeout T -- /bin/bash -c SCRIPT`, with a host watchdog
    /// beyond the sandbox's own timeout.
    private func bash(_ script: String, options: [String] = [], timeout: Int = 60) throws -> Harness.Result {
        try Harness.run(["run", "--timeout", String(timeout)] + options + ["--", "/bin/bash", "-c", script],
                        watchdog: TimeInterval(timeout + 30))
    }

    private func python(_ code: String, timeout: Int = 60) throws -> Harness.Result {
        try Harness.run(["run", "--timeout", String(timeout), "--", "/usr/bin/python3", "-c", code],
                        watchdog: TimeInterval(timeout + 30))
    }

    /// Every path under `root`, relative and sorted.
    private func listTree(_ root: URL) throws -> [String] {
        let base = root.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        return walker.compactMap { $0 as? String }.sorted()
    }

    /// Writes `safehouse_probe-1.0-py3-none-any.whl` (a package, a console script and a RECORD
    /// with real hashes) with the host's Debian python3, the same interpreter the guest runs.
    private func buildWheel(in directory: URL) throws -> String {
        let name = "safehouse_probe-1.0-py3-none-any.whl"
        let script = #"""
            import base64, hashlib, sys, zipfile
            files = {
                "safehouse_probe/__init__.py":
                    'VALUE = "hello from the wheel"\n'
                    'def answer():\n    return 42\n'
                    'def main():\n    print("entry point says", answer())\n',
                "safehouse_probe-1.0.dist-info/METADATA":
                    "Metadata-Version: 2.1\nName: safehouse-probe\nVersion: 1.0\nSummary: probe\n",
                "safehouse_probe-1.0.dist-info/WHEEL":
                    "Wheel-Version: 1.0\nGenerator: safehouse-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
                "safehouse_probe-1.0.dist-info/entry_points.txt":
                    "[console_scripts]\nsafehouse-probe = safehouse_probe:main\n",
            }
            record = []
            for path, text in files.items():
                data = text.encode()
                digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                record.append(f"{path},sha256={digest},{len(data)}")
            record.append("safehouse_probe-1.0.dist-info/RECORD,,")
            files["safehouse_probe-1.0.dist-info/RECORD"] = "\n".join(record) + "\n"
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                for path, text in files.items():
                    z.writestr(path, text)
            """#
        let built = try Harness.runHost("/usr/bin/python3", ["-c", script, directory.appendingPathComponent(name).path])
        XCTAssertEqual(built.status, 0, "building the wheel: " + built.stderr)
        return name
    }
}
