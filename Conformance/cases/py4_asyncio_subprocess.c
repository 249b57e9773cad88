// syscalls: clone execve pipe2 epoll_create1 epoll_ctl epoll_wait wait4 waitid pidfd_open kill read write
// expect: same
/* asyncio subprocesses: create_subprocess_exec and create_subprocess_shell with stdin, stdout
 * and stderr pipes (communicate, line-by-line reads, a large echo through both pipes), eight
 * concurrent children, stderr=STDOUT, a wait_for timeout followed by kill (returncode
 * -SIGKILL), send_signal, a missing program (errno name) and a child closing its stdin early
 * (BrokenPipeError or success on drain). The same run under the default child watcher and
 * under PidfdChildWatcher (pidfd_open + epoll).
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import asyncio, errno, os, signal, sys, warnings\n"
"\n"
"PY = (sys.executable, \"-I\", \"-c\")\n"
"PIPE = asyncio.subprocess.PIPE\n"
"\n"
"async def scenario(label):\n"
"    p = await asyncio.create_subprocess_exec(*PY, \"import sys; d=sys.stdin.read(); print(d[::-1]); print('err', file=sys.stderr)\",\n"
"                                             stdin=PIPE, stdout=PIPE, stderr=PIPE)\n"
"    out, err = await p.communicate(b\"abcdef\")\n"
"    print(label, \"communicate:\", out, err, p.returncode)\n"
"\n"
"    p = await asyncio.create_subprocess_exec(*PY, \"for i in range(5): print('line', i, flush=True)\", stdout=PIPE)\n"
"    lines = []\n"
"    while True:\n"
"        line = await p.stdout.readline()\n"
"        if not line:\n"
"            break\n"
"        lines.append(line.decode().strip())\n"
"    print(label, \"readline:\", lines, await p.wait())\n"
"\n"
"    big = os.urandom(1 << 20)\n"
"    p = await asyncio.create_subprocess_exec(\"/bin/cat\", stdin=PIPE, stdout=PIPE)\n"
"    out, _ = await p.communicate(big)\n"
"    print(label, \"1 MiB through cat intact:\", out == big, p.returncode)\n"
"\n"
"    async def one(i):\n"
"        p = await asyncio.create_subprocess_exec(*PY, \"import sys; sys.exit(int(sys.argv[1]))\", str(i))\n"
"        return await p.wait()\n"
"    print(label, \"8 concurrent exit codes:\", await asyncio.gather(*(one(i) for i in range(8))))\n"
"\n"
"    p = await asyncio.create_subprocess_shell(\"echo out; echo err 1>&2; exit 4\", stdout=PIPE, stderr=asyncio.subprocess.STDOUT)\n"
"    out, _ = await p.communicate()\n"
"    print(label, \"shell stderr=STDOUT:\", sorted(out.decode().split()), p.returncode)\n"
"\n"
"    p = await asyncio.create_subprocess_exec(\"/bin/sleep\", \"30\")\n"
"    try:\n"
"        await asyncio.wait_for(p.wait(), 0.3)\n"
"    except asyncio.TimeoutError:\n"
"        print(label, \"wait_for timeout: TimeoutError; returncode\", p.returncode)\n"
"    p.kill()\n"
"    print(label, \"after kill:\", await p.wait(), p.returncode == -signal.SIGKILL)\n"
"\n"
"    p = await asyncio.create_subprocess_exec(*PY, \"import signal,sys,time; signal.signal(signal.SIGUSR1, lambda *a: sys.exit(9)); print('ready', flush=True); time.sleep(30)\",\n"
"                                             stdout=PIPE)\n"
"    await p.stdout.readline()\n"
"    p.send_signal(signal.SIGUSR1)\n"
"    print(label, \"send_signal to a handler that exits 9:\", await p.wait())\n"
"    p = await asyncio.create_subprocess_exec(\"/bin/sleep\", \"30\")\n"
"    p.terminate()\n"
"    print(label, \"terminate:\", await p.wait())\n"
"\n"
"    try:\n"
"        await asyncio.create_subprocess_exec(\"/no/such/program\")\n"
"    except OSError as e:\n"
"        print(label, \"missing program:\", type(e).__name__, errno.errorcode[e.errno])\n"
"\n"
"    p = await asyncio.create_subprocess_exec(*PY, \"import os; os.close(0)\", stdin=PIPE)\n"
"    await p.wait()\n"
"    try:\n"
"        p.stdin.write(b\"x\" * 200000)\n"
"        await p.stdin.drain()\n"
"        print(label, \"write to a closed stdin: no error\")\n"
"    except (BrokenPipeError, ConnectionResetError) as e:\n"
"        print(label, \"write to a closed stdin:\", type(e).__name__)\n"
"    print(label, \"returncode\", p.returncode)\n"
"\n"
"    p = await asyncio.create_subprocess_exec(*PY, \"import os; print(os.getcwd() == os.environ['EXPECT'])\",\n"
"                                             stdout=PIPE, cwd=\"/usr\", env={\"EXPECT\": \"/usr\"})\n"
"    print(label, \"cwd and env:\", (await p.communicate())[0].decode().strip())\n"
"\n"
"def run(label, watcher=None):\n"
"    if watcher is not None:\n"
"        with warnings.catch_warnings():\n"
"            warnings.simplefilter(\"ignore\", DeprecationWarning)\n"
"            asyncio.set_child_watcher(watcher)\n"
"    asyncio.run(scenario(label))\n"
"\n"
"run(\"default:\")\n"
"with warnings.catch_warnings():\n"
"    warnings.simplefilter(\"ignore\", DeprecationWarning)\n"
"    print(\"default watcher class:\", type(asyncio.get_child_watcher()).__name__)\n"
"run(\"pidfd:\", asyncio.PidfdChildWatcher())\n";

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
