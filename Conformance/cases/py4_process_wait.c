// syscalls: clone wait4 waitid kill getrlimit setrlimit prlimit64 sched_getaffinity sysinfo getrusage openat
// expect: same
/* os.fork with os.waitpid, os.wait3, os.wait4 and os.waitid, and the status decoding Python
 * offers (WIFEXITED/WEXITSTATUS, WIFSIGNALED/WTERMSIG, WIFSTOPPED/WSTOPSIG with WUNTRACED,
 * WIFCONTINUED with WCONTINUED, waitstatus_to_exitcode, WNOHANG, ChildProcessError); then
 * resource.getrlimit/setrlimit within the limits (a lowered RLIMIT_NOFILE makes os.open fail
 * with EMFILE; raising above the hard limit fails; RLIMIT_FSIZE makes a write fail with EFBIG
 * when SIGXFSZ is ignored), prlimit, getrusage fields, and the relations between
 * os.cpu_count, os.sched_getaffinity and os.getloadavg.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import errno, os, resource, signal, sys, time\n"
"# no core files, whatever the host allows: WCOREDUMP is then False for every signal\n"
"resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))\n"
"\n"
"def fork(fn):\n"
"    pid = os.fork()\n"
"    if pid == 0:\n"
"        try:\n"
"            fn()\n"
"        finally:\n"
"            os._exit(70)\n"
"    return pid\n"
"\n"
"def decode(st):\n"
"    parts = []\n"
"    if os.WIFEXITED(st): parts.append(\"exited %d\" % os.WEXITSTATUS(st))\n"
"    if os.WIFSIGNALED(st): parts.append(\"signaled %s core %s\" % (signal.Signals(os.WTERMSIG(st)).name, os.WCOREDUMP(st)))\n"
"    if os.WIFSTOPPED(st): parts.append(\"stopped %s\" % signal.Signals(os.WSTOPSIG(st)).name)\n"
"    if os.WIFCONTINUED(st): parts.append(\"continued\")\n"
"    return \", \".join(parts)\n"
"\n"
"pid = fork(lambda: os._exit(5))\n"
"rpid, st = os.waitpid(pid, 0)\n"
"print(\"_exit(5):\", rpid == pid, decode(st), \"exitcode\", os.waitstatus_to_exitcode(st))\n"
"pid = fork(lambda: os.kill(os.getpid(), signal.SIGKILL))\n"
"rpid, st = os.waitpid(pid, 0)\n"
"print(\"SIGKILL:\", decode(st), \"exitcode\", os.waitstatus_to_exitcode(st))\n"
"signal.signal(signal.SIGUSR1, signal.SIG_DFL)\n"
"pid = fork(lambda: os.kill(os.getpid(), signal.SIGUSR1))\n"
"rpid, st, ru = os.wait3(0)\n"
"print(\"wait3 SIGUSR1:\", rpid == pid, decode(st), \"rusage type\", type(ru).__name__,\n"
"      \"ru_utime >= 0\", ru.ru_utime >= 0, \"ru_maxrss > 0\", ru.ru_maxrss > 0)\n"
"\n"
"# stop, continue, kill\n"
"r, w = os.pipe()\n"
"def sleeper():\n"
"    os.setpgid(0, 0)  # its own group, whose parent is in this session: SIGTSTP is not discarded\n"
"    os.close(r)\n"
"    os.write(w, b\"x\")\n"
"    time.sleep(30)\n"
"pid = fork(sleeper)\n"
"os.close(w)\n"
"os.read(r, 1)\n"
"print(\"WNOHANG while running:\", os.waitpid(pid, os.WNOHANG))\n"
"os.kill(pid, signal.SIGSTOP)\n"
"rpid, st = os.waitpid(pid, os.WUNTRACED)\n"
"print(\"after SIGSTOP, WUNTRACED:\", decode(st))\n"
"def proc_state(pid):\n"
"    stat_fields = open(\"/proc/%d/stat\" % pid).read().rsplit(\")\", 1)[1].split()\n"
"    status = dict(l.split(\":\", 1) for l in open(\"/proc/%d/status\" % pid))\n"
"    return \"stat %s ppid is us %s status State %s\" % (stat_fields[0], int(stat_fields[1]) == os.getpid(), status[\"State\"].strip())\n"
"print(\"  /proc of the stopped child:\", proc_state(pid))\n"
"os.kill(pid, signal.SIGCONT)\n"
"rpid, st, ru = os.wait4(pid, os.WCONTINUED)\n"
"print(\"after SIGCONT, wait4 WCONTINUED:\", decode(st))\n"
"os.kill(pid, signal.SIGTSTP)\n"
"res = os.waitid(os.P_PID, pid, os.WSTOPPED)\n"
"print(\"waitid after SIGTSTP:\", res.si_code == os.CLD_STOPPED, signal.Signals(res.si_status).name, \"si_uid\", res.si_uid)\n"
"os.kill(pid, signal.SIGTERM)\n"
"os.kill(pid, signal.SIGCONT)\n"
"res = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)\n"
"print(\"waitid WNOWAIT:\", res.si_code == os.CLD_KILLED, signal.Signals(res.si_status).name)\n"
"rpid, st = os.waitpid(pid, 0)\n"
"print(\"then waitpid reaps it:\", rpid == pid, decode(st))\n"
"os.close(r)\n"
"\n"
"# a zombie before it is reaped\n"
"pid = fork(lambda: os._exit(3))\n"
"while open(\"/proc/%d/stat\" % pid).read().rsplit(\")\", 1)[1].split()[0] != \"Z\":\n"
"    time.sleep(0.01)\n"
"print(\"unreaped child:\", proc_state(pid), \"kill(pid, 0) ok:\", os.kill(pid, 0) is None)\n"
"print(\"  then reaped:\", decode(os.waitpid(pid, 0)[1]), \"/proc entry gone:\", not os.path.exists(\"/proc/%d\" % pid))\n"
"\n"
"# several children, reaped with -1 in any order\n"
"pids = {fork(lambda i=i: os._exit(i)): i for i in range(10, 15)}\n"
"codes = sorted(os.WEXITSTATUS(os.waitpid(-1, 0)[1]) for _ in pids)\n"
"print(\"waitpid(-1) x5 exit codes:\", codes)\n"
"for fn in (lambda: os.waitpid(-1, 0), lambda: os.wait(), lambda: os.wait3(os.WNOHANG)):\n"
"    try:\n"
"        fn()\n"
"    except ChildProcessError as e:\n"
"        print(\"no children:\", errno.errorcode[e.errno])\n"
"try:\n"
"    os.waitpid(1, 0)\n"
"except ChildProcessError as e:\n"
"    print(\"waitpid(1) (not a child):\", errno.errorcode[e.errno])\n"
"# an exception in the forked child: our wrapper's os._exit(70)\n"
"pid = fork(lambda: 1 / 0)\n"
"print(\"exception in child:\", decode(os.waitpid(pid, 0)[1]))\n"
"# register_at_fork hooks\n"
"log = []\n"
"os.register_at_fork(before=lambda: log.append(\"before\"), after_in_parent=lambda: log.append(\"parent\"))\n"
"r, w = os.pipe()\n"
"hook_fd = [w]\n"
"def child_hook():\n"
"    if hook_fd:\n"
"        os.write(hook_fd[0], b\"child-hook\")\n"
"os.register_at_fork(after_in_child=child_hook)\n"
"pid = fork(lambda: os._exit(0))\n"
"os.waitpid(pid, 0)\n"
"os.close(w)\n"
"hook_fd.clear()\n"
"print(\"at-fork hooks:\", log, os.read(r, 100))\n"
"\n"
"# resource limits\n"
"soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
"print(\"NOFILE soft <= hard:\", soft <= hard or hard == resource.RLIM_INFINITY)\n"
"resource.setrlimit(resource.RLIMIT_NOFILE, (32, hard))\n"
"print(\"NOFILE now:\", resource.getrlimit(resource.RLIMIT_NOFILE)[0])\n"
"fds = []\n"
"try:\n"
"    for _ in range(64):\n"
"        fds.append(os.open(\"/dev/null\", os.O_RDONLY))\n"
"except OSError as e:\n"
"    print(\"opening past 32:\", errno.errorcode[e.errno], \"highest fd\", max(fds))\n"
"for fd in fds:\n"
"    os.close(fd)\n"
"try:\n"
"    r, w = os.pipe()\n"
"    dup = os.dup2(r, 40)\n"
"except OSError as e:\n"
"    print(\"dup2 to 40 with limit 32:\", errno.errorcode[e.errno])\n"
"os.close(r); os.close(w)\n"
"try:\n"
"    resource.setrlimit(resource.RLIMIT_NOFILE, (32, hard + 1 if hard != resource.RLIM_INFINITY else hard))\n"
"    print(\"raising hard NOFILE: ok (unlimited hard)\")\n"
"except (ValueError, OSError) as e:\n"
"    print(\"raising hard NOFILE above the hard limit:\", type(e).__name__, errno.errorcode.get(getattr(e, \"errno\", None)))\n"
"try:\n"
"    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 48))\n"
"except ValueError as e:\n"
"    print(\"soft above hard:\", type(e).__name__)\n"
"resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))\n"
"\n"
"signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
"fs = resource.getrlimit(resource.RLIMIT_FSIZE)\n"
"resource.setrlimit(resource.RLIMIT_FSIZE, (1000, fs[1]))\n"
"fd = os.open(\"big\", os.O_WRONLY | os.O_CREAT, 0o600)\n"
"print(\"write 600 under FSIZE 1000:\", os.write(fd, b\"a\" * 600))\n"
"print(\"write 600 more (short):\", os.write(fd, b\"b\" * 600))\n"
"try:\n"
"    os.write(fd, b\"c\")\n"
"except OSError as e:\n"
"    print(\"write at the limit:\", errno.errorcode[e.errno])\n"
"os.close(fd)\n"
"resource.setrlimit(resource.RLIMIT_FSIZE, fs)\n"
"print(\"file size:\", os.stat(\"big\").st_size)\n"
"signal.signal(signal.SIGXFSZ, signal.SIG_DFL)\n"
"def exceed():\n"
"    resource.setrlimit(resource.RLIMIT_FSIZE, (10, fs[1]))\n"
"    fd = os.open(\"big2\", os.O_WRONLY | os.O_CREAT, 0o600)\n"
"    os.write(fd, b\"x\" * 10)\n"
"    os.write(fd, b\"y\")\n"
"pid = fork(exceed)\n"
"print(\"past FSIZE with SIGXFSZ default:\", decode(os.waitpid(pid, 0)[1]))\n"
"\n"
"print(\"prlimit(0, CORE) == getrlimit:\", resource.prlimit(0, resource.RLIMIT_CORE) == resource.getrlimit(resource.RLIMIT_CORE))\n"
"old = resource.prlimit(0, resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))\n"
"print(\"prlimit set CORE soft 0:\", resource.getrlimit(resource.RLIMIT_CORE)[0])\n"
"pid = fork(lambda: time.sleep(5))\n"
"print(\"prlimit on a child == its inherited limit:\", resource.prlimit(pid, resource.RLIMIT_CORE)[0])\n"
"os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)\n"
"try:\n"
"    resource.prlimit(pid, resource.RLIMIT_CORE)\n"
"    print(\"prlimit on a reaped child: allowed\")\n"
"except OSError as e:\n"
"    print(\"prlimit on a reaped child:\", errno.errorcode[e.errno])\n"
"ru = resource.getrusage(resource.RUSAGE_SELF)\n"
"rc = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
"print(\"getrusage: self utime+stime > 0:\", ru.ru_utime + ru.ru_stime > 0, \"children maxrss > 0:\", rc.ru_maxrss > 0)\n"
"try:\n"
"    resource.getrusage(99)\n"
"except ValueError:\n"
"    print(\"getrusage(99): ValueError\")\n"
"\n"
"n = os.cpu_count()\n"
"aff = os.sched_getaffinity(0)\n"
"print(\"cpu_count >= 1:\", n >= 1)\n"
"print(\"affinity non-empty:\", len(aff) >= 1, \"subset of range(cpu_count):\", aff <= set(range(n)))\n"
"print(\"affinity of a child == parent's:\", end=\" \")\n"
"pid = fork(lambda: time.sleep(5))\n"
"print(os.sched_getaffinity(pid) == aff)\n"
"os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)\n"
"os.sched_setaffinity(0, {min(aff)})\n"
"print(\"after sched_setaffinity to one cpu:\", len(os.sched_getaffinity(0)))\n"
"os.sched_setaffinity(0, aff)\n"
"print(\"restored:\", os.sched_getaffinity(0) == aff)\n"
"try:\n"
"    os.sched_setaffinity(0, set())\n"
"except OSError as e:\n"
"    print(\"empty affinity:\", errno.errorcode[e.errno])\n"
"la = os.getloadavg()\n"
"print(\"getloadavg: 3 floats >= 0:\", len(la) == 3 and all(isinstance(x, float) and x >= 0 for x in la))\n"
"print(\"os.times fields:\", len(os.times()), \"children_user >= 0:\", os.times().children_user >= 0)\n";

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
