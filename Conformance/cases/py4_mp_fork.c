// syscalls: clone wait4 mmap futex pipe2 write read kill
// expect: same
/* multiprocessing with the fork start method: Pool.map/imap_unordered/apply_async/starmap
 * results and a re-raised worker exception; a Queue fed by four processes; a shared Value
 * incremented under a Lock and under its own lock; an Array; what a child sees (name,
 * parent pid, cwd, ids); exit codes of sys.exit, a signal, terminate and kill; a Pipe;
 * Event and Semaphore; a Manager's dict and list proxies. Work functions live in a module
 * written to the scratch directory, so spawned children can import them.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"METHOD = \"fork\"\n"
"import multiprocessing as mp, os, signal, sys, time\n"
"MOD = r'''\n"
"import os, sys, time\n"
"def square(x):\n"
"    return x * x\n"
"def fail(x):\n"
"    raise ValueError(\"bad %d\" % x)\n"
"def pid(_):\n"
"    time.sleep(0.01)\n"
"    return os.getpid()\n"
"def producer(q, n):\n"
"    for i in range(5):\n"
"        q.put((n, i))\n"
"def add(v, lock, n):\n"
"    for _ in range(n):\n"
"        with lock:\n"
"            v.value += 1\n"
"def add_own_lock(v, n):\n"
"    for _ in range(n):\n"
"        with v.get_lock():\n"
"            v.value += 1\n"
"def fill(arr, i):\n"
"    arr[i] = i * 10\n"
"def who(q):\n"
"    import multiprocessing as mp\n"
"    par = mp.parent_process()\n"
"    q.put((mp.current_process().name, par is not None and par.pid == os.getppid(),\n"
"           os.path.basename(os.getcwd()) == os.path.basename(os.environ.get(\"HOME\", \"\")),\n"
"           os.getuid(), os.getgid()))\n"
"def exit_with(code):\n"
"    sys.exit(code)\n"
"def kill_self():\n"
"    import signal\n"
"    os.kill(os.getpid(), signal.SIGTERM)\n"
"def sleeper():\n"
"    time.sleep(60)\n"
"def pinger(conn):\n"
"    while True:\n"
"        m = conn.recv()\n"
"        if m is None:\n"
"            break\n"
"        conn.send(m * 2)\n"
"    conn.close()\n"
"def waiter(ev, sem, q):\n"
"    ev.wait(30)\n"
"    with sem:\n"
"        q.put(\"through\")\n"
"def fill_manager(d, l, i):\n"
"    d[i] = str(i)\n"
"    l.append(i)\n"
"'''\n"
"with open(\"workmod.py\", \"w\") as f:\n"
"    f.write(MOD)\n"
"sys.path.insert(0, os.getcwd())\n"
"import workmod\n"
"\n"
"ctx = mp.get_context(METHOD)\n"
"print(\"start method:\", ctx.get_start_method())\n"
"with ctx.Pool(3) as pool:\n"
"    print(\"Pool.map:\", pool.map(workmod.square, range(10)))\n"
"    print(\"Pool.map chunksize=3:\", pool.map(workmod.square, range(10), chunksize=3))\n"
"    print(\"imap_unordered sorted:\", sorted(pool.imap_unordered(workmod.square, range(6))))\n"
"    print(\"apply_async:\", pool.apply_async(workmod.square, (12,)).get(timeout=30))\n"
"    print(\"starmap:\", pool.starmap(pow, [(2, 3), (3, 2), (10, 0)]))\n"
"    try:\n"
"        pool.apply(workmod.fail, (5,))\n"
"    except ValueError as e:\n"
"        print(\"worker exception re-raised:\", type(e).__name__, e)\n"
"    pids = pool.map(workmod.pid, range(30))\n"
"    print(\"worker pids: at most 3 distinct:\", len(set(pids)) <= 3, \"parent not among them:\", os.getpid() not in pids)\n"
"print(\"pool closed\")\n"
"\n"
"q = ctx.Queue()\n"
"procs = [ctx.Process(target=workmod.producer, args=(q, n)) for n in range(4)]\n"
"for p in procs:\n"
"    p.start()\n"
"items = sorted(q.get(timeout=30) for _ in range(20))\n"
"for p in procs:\n"
"    p.join(30)\n"
"print(\"Queue items:\", len(items), \"all distinct:\", len(set(items)) == 20, \"first/last:\", items[0], items[-1])\n"
"print(\"producer exitcodes:\", [p.exitcode for p in procs])\n"
"\n"
"v, lock = ctx.Value(\"i\", 0, lock=False), ctx.Lock()\n"
"procs = [ctx.Process(target=workmod.add, args=(v, lock, 300)) for _ in range(4)]\n"
"for p in procs: p.start()\n"
"for p in procs: p.join(30)\n"
"print(\"Value with a shared Lock:\", v.value)\n"
"v2 = ctx.Value(\"d\", 0.0)\n"
"procs = [ctx.Process(target=workmod.add_own_lock, args=(v2, 250)) for _ in range(4)]\n"
"for p in procs: p.start()\n"
"for p in procs: p.join(30)\n"
"print(\"Value with its own lock:\", v2.value)\n"
"arr = ctx.Array(\"i\", 5)\n"
"procs = [ctx.Process(target=workmod.fill, args=(arr, i)) for i in range(5)]\n"
"for p in procs: p.start()\n"
"for p in procs: p.join(30)\n"
"print(\"Array:\", list(arr))\n"
"\n"
"wq = ctx.Queue()\n"
"p = ctx.Process(target=workmod.who, args=(wq,), name=\"worker-x\")\n"
"p.start()\n"
"print(\"child sees: name, parent pid == getppid, cwd == scratch, uid, gid:\", wq.get(timeout=30))\n"
"p.join(30)\n"
"\n"
"for label, target, args in ((\"sys.exit(3)\", workmod.exit_with, (3,)), (\"sys.exit('msg')\", workmod.exit_with, (\"msg\",)),\n"
"                            (\"SIGTERM to itself\", workmod.kill_self, ())):\n"
"    p = ctx.Process(target=target, args=args)\n"
"    p.start()\n"
"    p.join(30)\n"
"    print(\"exitcode after %s:\" % label, p.exitcode)\n"
"p = ctx.Process(target=workmod.sleeper)\n"
"p.start()\n"
"time.sleep(0.3)\n"
"print(\"alive before terminate:\", p.is_alive())\n"
"p.terminate()\n"
"p.join(30)\n"
"print(\"after terminate: alive\", p.is_alive(), \"exitcode\", p.exitcode)\n"
"p = ctx.Process(target=workmod.sleeper)\n"
"p.start()\n"
"p.kill()\n"
"p.join(30)\n"
"print(\"after kill: exitcode\", p.exitcode)\n"
"\n"
"a, b = ctx.Pipe()\n"
"p = ctx.Process(target=workmod.pinger, args=(b,))\n"
"p.start()\n"
"replies = []\n"
"for i in range(5):\n"
"    a.send(i)\n"
"    replies.append(a.recv())\n"
"a.send(None)\n"
"p.join(30)\n"
"print(\"Pipe ping-pong:\", replies, \"exitcode\", p.exitcode)\n"
"\n"
"ev, sem, eq = ctx.Event(), ctx.Semaphore(2), ctx.Queue()\n"
"procs = [ctx.Process(target=workmod.waiter, args=(ev, sem, eq)) for _ in range(3)]\n"
"for p in procs: p.start()\n"
"time.sleep(0.2)\n"
"print(\"before Event.set, queue empty:\", eq.empty())\n"
"ev.set()\n"
"print(\"after Event.set:\", [eq.get(timeout=30) for _ in range(3)])\n"
"for p in procs: p.join(30)\n"
"\n"
"with ctx.Manager() as m:\n"
"    d, l = m.dict(), m.list()\n"
"    procs = [ctx.Process(target=workmod.fill_manager, args=(d, l, i)) for i in range(4)]\n"
"    for p in procs: p.start()\n"
"    for p in procs: p.join(30)\n"
"    print(\"Manager dict:\", sorted(d.items()), \"list:\", sorted(l))\n"
"print(\"active children at the end:\", mp.active_children())\n";

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
