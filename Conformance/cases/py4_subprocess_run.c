// syscalls: clone vfork execve wait4 kill chdir setsid setpgid getsid getpgid umask rt_sigaction pipe2 openat
// expect: same
/* subprocess.run and Popen as programs use them: cwd= (relative and absolute, missing), env=
 * (exactly the given variables), timeout= (the child is killed and reaped: -SIGKILL), check=,
 * missing and non-executable programs (errno names), a child killed by a signal, preexec_fn
 * (umask and an exception in it), start_new_session and process_group (getsid/getpgid
 * relations to the child's own pid and the parent's ids), restore_signals (SigIgn of
 * SIGPIPE in the child's /proc/self/status), 16 threads launching children at once, and
 * os.posix_spawn with file actions (open, dup2) and setpgroup.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import errno, os, signal, subprocess, sys, time\n"
"\n"
"PY = [sys.executable, \"-I\", \"-c\"]\n"
"here = os.getcwd()\n"
"os.mkdir(\"sub\")\n"
"os.mkdir(\"sub/deeper\")\n"
"\n"
"def out(code, **kw):\n"
"    return subprocess.run(PY + [code], stdout=subprocess.PIPE, text=True, **kw).stdout.strip()\n"
"\n"
"print(\"cwd=sub is here/sub:\", out(\"import os; print(os.getcwd())\", cwd=\"sub\") == os.path.join(here, \"sub\"))\n"
"print(\"cwd=absolute deeper:\", out(\"import os; print(os.getcwd())\", cwd=os.path.join(here, \"sub/deeper\")).endswith(\"/sub/deeper\"))\n"
"print(\"cwd as bytes:\", out(\"import os; print(os.path.basename(os.getcwd()))\", cwd=b\"sub\"))\n"
"for bad in (\"missing\", \"data.txt\"):\n"
"    if bad == \"data.txt\":\n"
"        open(bad, \"w\").close()\n"
"    try:\n"
"        subprocess.run([\"/bin/true\"], cwd=bad)\n"
"    except OSError as e:\n"
"        print(\"cwd=%s:\" % bad, type(e).__name__, errno.errorcode[e.errno])\n"
"\n"
"env = out(\"import os; print(sorted(k for k in os.environ if k != 'LC_CTYPE'))\", env={\"ONLY\": \"1\", \"X_Y\": \"z\"})\n"
"print(\"env= given variables:\", env)\n"
"print(\"env= value:\", out(\"import os; print(os.environ['X_Y'])\", env={\"X_Y\": \"a b=c\"}))\n"
"print(\"env={} PATH lookup of python3 fails:\", end=\" \")\n"
"try:\n"
"    subprocess.run([\"python3-no-such-program\", \"-c\", \"1\"], env={})\n"
"except FileNotFoundError as e:\n"
"    print(errno.errorcode[e.errno])\n"
"\n"
"# timeout: the child is killed and reaped\n"
"t0 = time.monotonic()\n"
"try:\n"
"    subprocess.run([\"/bin/sleep\", \"30\"], timeout=0.3)\n"
"except subprocess.TimeoutExpired as e:\n"
"    print(\"run timeout: TimeoutExpired, timeout\", round(e.timeout, 1), \"within 10 s:\", time.monotonic() - t0 < 10)\n"
"p = subprocess.Popen([\"/bin/sleep\", \"30\"])\n"
"try:\n"
"    p.wait(timeout=0.2)\n"
"except subprocess.TimeoutExpired:\n"
"    print(\"Popen.wait timeout: TimeoutExpired; poll:\", p.poll())\n"
"p.kill()\n"
"print(\"after kill: returncode\", p.wait(), \"== -SIGKILL:\", p.returncode == -signal.SIGKILL)\n"
"p = subprocess.Popen(PY + [\"import sys; print(sys.stdin.read().upper())\"], stdin=subprocess.PIPE,\n"
"                     stdout=subprocess.PIPE, text=True)\n"
"o, _ = p.communicate(\"hello\", timeout=20)\n"
"print(\"communicate:\", o.strip(), p.returncode)\n"
"p = subprocess.Popen(PY + [\"import time; print('partial', flush=True); time.sleep(30)\"], stdout=subprocess.PIPE)\n"
"try:\n"
"    p.communicate(timeout=1.5)\n"
"except subprocess.TimeoutExpired as e:\n"
"    print(\"communicate timeout: output so far\", e.output)\n"
"p.terminate()\n"
"o, _ = p.communicate()\n"
"print(\"after terminate: returncode\", p.returncode, \"rest\", o)\n"
"\n"
"try:\n"
"    subprocess.run(PY + [\"raise SystemExit(7)\"], check=True)\n"
"except subprocess.CalledProcessError as e:\n"
"    print(\"check=True:\", type(e).__name__, e.returncode)\n"
"print(\"killed by SIGTERM:\", subprocess.run(PY + [\"import os,signal; os.kill(os.getpid(), signal.SIGTERM)\"]).returncode)\n"
"print(\"shell=True exit 3:\", subprocess.run(\"exit 3\", shell=True).returncode)\n"
"print(\"shell=True pipeline:\", subprocess.run(\"echo abc | tr a-z A-Z\", shell=True, capture_output=True, text=True).stdout.strip())\n"
"for prog in (\"/no/such/prog\", \"data.txt\", \"sub\"):\n"
"    try:\n"
"        subprocess.run([prog if \"/\" in prog else \"./\" + prog])\n"
"    except OSError as e:\n"
"        print(\"exec %s:\" % prog, type(e).__name__, errno.errorcode[e.errno])\n"
"\n"
"# preexec_fn\n"
"print(\"preexec_fn umask 077:\", out(\"import os; m=os.umask(0); print(oct(m))\", preexec_fn=lambda: os.umask(0o077)))\n"
"def boom():\n"
"    raise ValueError(\"no\")\n"
"try:\n"
"    subprocess.run([\"/bin/true\"], preexec_fn=boom)\n"
"except subprocess.SubprocessError as e:\n"
"    print(\"preexec_fn raises:\", type(e).__name__, e)\n"
"\n"
"# sessions and process groups\n"
"ids = \"import os; p=os.getpid(); print(os.getsid(0)==p, os.getpgid(0)==p, os.getsid(0), os.getpgid(0))\"\n"
"me_sid, me_pgid = os.getsid(0), os.getpgid(0)\n"
"def rel(label, **kw):\n"
"    own_sid, own_pg, sid, pg = out(ids, **kw).split()\n"
"    print(label + \": session leader\", own_sid, \"group leader\", own_pg,\n"
"          \"same session as parent\", int(sid) == me_sid, \"same group as parent\", int(pg) == me_pgid)\n"
"rel(\"default\")\n"
"rel(\"start_new_session=True\", start_new_session=True)\n"
"rel(\"process_group=0\", process_group=0)\n"
"rel(\"preexec_fn=os.setsid\", preexec_fn=os.setsid)\n"
"rel(\"preexec_fn=setpgid(0,0)\", preexec_fn=lambda: os.setpgid(0, 0))\n"
"try:\n"
"    subprocess.run([\"/bin/true\"], start_new_session=True, preexec_fn=os.setsid)\n"
"except subprocess.SubprocessError as e:\n"
"    print(\"setsid twice:\", type(e).__name__)\n"
"\n"
"def sigpipe_ignored(**kw):\n"
"    line = subprocess.run([\"/bin/grep\", \"SigIgn\", \"/proc/self/status\"], stdout=subprocess.PIPE, text=True, **kw).stdout\n"
"    return bool(int(line.split()[1], 16) & (1 << (signal.SIGPIPE - 1)))\n"
"print(\"parent ignores SIGPIPE:\", signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN)\n"
"print(\"child (grep) SIGPIPE ignored, restore_signals=True:\", sigpipe_ignored())\n"
"print(\"child (grep) SIGPIPE ignored, restore_signals=False:\", sigpipe_ignored(restore_signals=False))\n"
"\n"
"# 16 threads launching children at once\n"
"import threading\n"
"results = {}\n"
"def launcher(i):\n"
"    results[i] = [subprocess.run([\"/bin/echo\", \"t%d-%d\" % (i, j)], capture_output=True, text=True).stdout.strip() for j in range(3)]\n"
"ts = [threading.Thread(target=launcher, args=(i,)) for i in range(16)]\n"
"for t in ts: t.start()\n"
"for t in ts: t.join()\n"
"print(\"16 threads x 3 runs, outputs right:\", all(results[i] == [\"t%d-%d\" % (i, j) for j in range(3)] for i in range(16)))\n"
"\n"
"# os.posix_spawn with file actions (the child opens, dups and closes)\n"
"pid = os.posix_spawn(\"/bin/sh\", [\"sh\", \"-c\", \"echo spawned; echo to-err >&2; exit 6\"], {\"PATH\": \"/usr/bin:/bin\"},\n"
"                     file_actions=[(os.POSIX_SPAWN_OPEN, 1, \"spawn.out\", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),\n"
"                                   (os.POSIX_SPAWN_DUP2, 1, 2)],\n"
"                     setpgroup=0)\n"
"st = os.waitpid(pid, 0)[1]\n"
"print(\"posix_spawn: exit\", os.waitstatus_to_exitcode(st), \"file\", open(\"spawn.out\").read().split())\n"
"try:\n"
"    os.posix_spawn(\"/bin/true\", [\"true\"], {}, file_actions=[(os.POSIX_SPAWN_OPEN, 3, \"missing/x\", os.O_RDONLY, 0)])\n"
"    print(\"posix_spawn with a failing open: no error\")\n"
"except OSError as e:\n"
"    print(\"posix_spawn with a failing open:\", type(e).__name__, errno.errorcode[e.errno])\n"
"try:\n"
"    os.posix_spawnp(\"no-such-program-py4\", [\"x\"], {\"PATH\": \"/usr/bin:/bin\"})\n"
"except OSError as e:\n"
"    print(\"posix_spawnp of a missing program:\", type(e).__name__, errno.errorcode[e.errno])\n";

static int unlock_dir(const char *p, const struct stat *st, int type, struct FTW *f) {
    (void)st; (void)f;
    if (type == FTW_D || type == FTW_DNR) chmod(p, 0700);
    return 0;
}

static int remove_entry(const char *p, const struct stat *st, int type, struct FTW *f) {
    (void)st; (void)type; (void)f;
    remove(p);
    return 0;
}

int main(void) {
    char dir[] = "/tmp/py4-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chmod(dir, 0777));
    if (getuid() == 0) {
        MUST(chown(dir, 1000, 1000));
        MUST(setgroups(0, NULL));
        MUST(setgid(1000));
        MUST(setuid(1000));
    }
    MUST(chdir(dir));
    char home[64], tmpdir[64];
    snprintf(home, sizeof home, "HOME=%s", dir);
    snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", dir);
    char *const argv[] = { "python3", "-I", "-u", "-c", (char *)script, NULL };
    char *const envp[] = { "PATH=/usr/bin:/bin", "LANG=C", home, tmpdir, NULL };
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        execve("/usr/bin/python3", argv, envp);
        printf("execve python3: %s\n", errname(errno));
        _exit(127);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    if (WIFEXITED(st)) printf("python exit status: %d\n", WEXITSTATUS(st));
    else printf("python killed by signal: %s\n", sigabbrev_np(WTERMSIG(st)) ?: "?");
    MUST(chdir("/"));
    nftw(dir, unlock_dir, 16, FTW_PHYS);
    nftw(dir, remove_entry, 16, FTW_PHYS | FTW_DEPTH);
    FACT("scratch directory removed", access(dir, F_OK) != 0);
    return 0;
}
