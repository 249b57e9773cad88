// syscalls: socket bind listen accept4 connect getsockopt getsockname getpeername epoll_wait rt_sigaction kill unlink newfstatat socketpair
// expect: same
/* asyncio on unix sockets and signals: start_unix_server on a relative path in the scratch
 * directory with ten concurrent echo clients, readexactly and IncompleteReadError at EOF,
 * SO_PEERCRED of both ends, the socket names, the stale socket file left after close
 * (ECONNREFUSED), a restart over it (asyncio removes a stale socket), a regular file in the way
 * (EADDRINUSE), a missing path (ENOENT), an abstract name; then loop.add_signal_handler: a signal sent to
 * ourselves and one from a child process run their handlers inside the loop, an asyncio.sleep
 * interrupted by them still lasts its full time, SIGKILL cannot be handled, and
 * remove_signal_handler restores the default.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import asyncio, errno, os, signal, socket, stat, struct, sys, time\n"
"\n"
"async def echo(reader, writer):\n"
"    while True:\n"
"        data = await reader.readline()\n"
"        if not data:\n"
"            break\n"
"        writer.write(data.upper())\n"
"        await writer.drain()\n"
"    writer.close()\n"
"    await writer.wait_closed()\n"
"\n"
"async def client(i):\n"
"    r, w = await asyncio.open_unix_connection(\"srv.sock\")\n"
"    out = []\n"
"    for j in range(3):\n"
"        w.write(b\"client %d msg %d\\n\" % (i, j))\n"
"        await w.drain()\n"
"        out.append(await r.readline())\n"
"    w.close()\n"
"    await w.wait_closed()\n"
"    return out\n"
"\n"
"async def unix_part():\n"
"    server = await asyncio.start_unix_server(echo, \"srv.sock\")\n"
"    print(\"socket file is a socket:\", stat.S_ISSOCK(os.lstat(\"srv.sock\").st_mode))\n"
"    print(\"server sockname:\", server.sockets[0].getsockname())\n"
"    results = await asyncio.gather(*(client(i) for i in range(10)))\n"
"    print(\"10 clients echoed:\", all(r == [b\"CLIENT %d MSG %d\\n\" % (i, j) for j in range(3)] for i, r in enumerate(results)))\n"
"    r, w = await asyncio.open_unix_connection(\"srv.sock\")\n"
"    sock = w.get_extra_info(\"socket\")\n"
"    pid, uid, gid = struct.unpack(\"3i\", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))\n"
"    print(\"client: peername\", repr(w.get_extra_info(\"peername\")), \"sockname\", repr(w.get_extra_info(\"sockname\")),\n"
"          \"peer uid/gid\", uid, gid, \"peer pid is ours\", pid == os.getpid())\n"
"    w.write(b\"x\\n\")\n"
"    await w.drain()\n"
"    w.write_eof()\n"
"    print(\"readexactly 2:\", await r.readexactly(2))\n"
"    try:\n"
"        await r.readexactly(5)\n"
"    except asyncio.IncompleteReadError as e:\n"
"        print(\"readexactly at EOF: IncompleteReadError partial\", e.partial)\n"
"    w.close()\n"
"    await w.wait_closed()\n"
"    server.close()\n"
"    await server.wait_closed()\n"
"    print(\"after close, socket file remains:\", os.path.exists(\"srv.sock\"))\n"
"    try:\n"
"        await asyncio.open_unix_connection(\"srv.sock\")\n"
"    except OSError as e:\n"
"        print(\"connect to the stale socket:\", type(e).__name__, errno.errorcode[e.errno])\n"
"    server = await asyncio.start_unix_server(echo, \"srv.sock\")\n"
"    print(\"restart over the stale socket:\", (await client(99))[0])\n"
"    server.close()\n"
"    await server.wait_closed()\n"
"    open(\"file.sock\", \"w\").close()\n"
"    try:\n"
"        await asyncio.start_unix_server(echo, \"file.sock\")\n"
"    except OSError as e:\n"
"        print(\"server over a regular file:\", type(e).__name__, errno.errorcode[e.errno])\n"
"    try:\n"
"        await asyncio.open_unix_connection(\"nowhere.sock\")\n"
"    except OSError as e:\n"
"        print(\"connect to a missing path:\", type(e).__name__, errno.errorcode[e.errno])\n"
"    os.mkdir(\"ro\")\n"
"    os.chmod(\"ro\", 0o555)\n"
"    try:\n"
"        await asyncio.start_unix_server(echo, \"ro/s.sock\")\n"
"    except OSError as e:\n"
"        print(\"server in a read-only directory:\", type(e).__name__, errno.errorcode[e.errno])\n"
"    os.chmod(\"ro\", 0o755)\n"
"    # the same over a path given as an absolute name; peer sees the full path\n"
"    server = await asyncio.start_unix_server(echo, os.path.abspath(\"abs.sock\"))\n"
"    r, w = await asyncio.open_unix_connection(os.path.abspath(\"abs.sock\"))\n"
"    print(\"absolute path peername ends with /abs.sock:\", w.get_extra_info(\"peername\").endswith(\"/abs.sock\"))\n"
"    w.close(); await w.wait_closed(); server.close(); await server.wait_closed()\n"
"    # an abstract name (Linux): no file, nothing to clean up; a second server on it fails\n"
"    name = \"\\0py4-abstract-\" + os.urandom(6).hex()\n"
"    server = await asyncio.start_unix_server(echo, name)\n"
"    r, w = await asyncio.open_unix_connection(name)\n"
"    w.write(b\"abstract\\n\")\n"
"    print(\"abstract server echoed:\", await r.readline(), \"peername is the name:\", w.get_extra_info(\"peername\") == name.encode(),\n"
"          \"no file:\", sorted(n for n in os.listdir(\".\") if \"abstract\" in n))\n"
"    try:\n"
"        await asyncio.start_unix_server(echo, name)\n"
"    except OSError as e:\n"
"        print(\"second server on the abstract name:\", type(e).__name__, errno.errorcode[e.errno])\n"
"    w.close(); await w.wait_closed(); server.close(); await server.wait_closed()\n"
"    try:\n"
"        await asyncio.open_unix_connection(name)\n"
"    except OSError as e:\n"
"        print(\"connect after the abstract server closed:\", type(e).__name__, errno.errorcode[e.errno])\n"
"\n"
"async def signal_part():\n"
"    loop = asyncio.get_running_loop()\n"
"    got = []\n"
"    loop.add_signal_handler(signal.SIGUSR1, lambda: got.append(\"USR1\"))\n"
"    loop.add_signal_handler(signal.SIGUSR2, lambda: got.append(\"USR2\"))\n"
"    loop.call_later(0.1, os.kill, os.getpid(), signal.SIGUSR1)\n"
"    t0 = time.monotonic()\n"
"    await asyncio.sleep(0.5)\n"
"    print(\"asyncio.sleep(0.5) with a signal at 0.1: full time\", time.monotonic() - t0 >= 0.49, \"handled\", got)\n"
"    p = await asyncio.create_subprocess_exec(sys.executable, \"-I\", \"-c\", \"import os, signal; os.kill(os.getppid(), signal.SIGUSR2)\")\n"
"    await p.wait()\n"
"    for _ in range(100):\n"
"        if \"USR2\" in got:\n"
"            break\n"
"        await asyncio.sleep(0.01)\n"
"    print(\"signal from a child handled in the loop:\", got)\n"
"    try:\n"
"        loop.add_signal_handler(signal.SIGKILL, lambda: None)\n"
"    except RuntimeError as e:\n"
"        print(\"add_signal_handler(SIGKILL): RuntimeError\")\n"
"    print(\"remove USR1:\", loop.remove_signal_handler(signal.SIGUSR1), \"again:\", loop.remove_signal_handler(signal.SIGUSR1))\n"
"    print(\"SIGUSR1 disposition now default:\", signal.getsignal(signal.SIGUSR1) == signal.SIG_DFL)\n"
"    # many signals while the loop is busy: at least one handled, no crash\n"
"    n = []\n"
"    loop.add_signal_handler(signal.SIGUSR1, lambda: n.append(1))\n"
"    for _ in range(20):\n"
"        os.kill(os.getpid(), signal.SIGUSR1)\n"
"    await asyncio.sleep(0.1)\n"
"    print(\"20 signals: handled at least once:\", len(n) >= 1, \"at most 20:\", len(n) <= 20)\n"
"    # a signal handler that stops a wait on a future\n"
"    fut = loop.create_future()\n"
"    loop.add_signal_handler(signal.SIGALRM, fut.set_result, \"alarm\")\n"
"    signal.setitimer(signal.ITIMER_REAL, 0.2)\n"
"    print(\"future resolved by SIGALRM:\", await asyncio.wait_for(fut, 10))\n"
"\n"
"asyncio.run(unix_part())\n"
"asyncio.run(signal_part())\n"
"print(\"after asyncio.run, SIGUSR2 disposition default again:\", signal.getsignal(signal.SIGUSR2) == signal.SIG_DFL)\n";

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
