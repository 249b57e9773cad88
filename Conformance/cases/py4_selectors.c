// syscalls: epoll_create1 epoll_ctl epoll_wait poll select pipe2 socketpair socket bind listen connect accept4 shutdown
// expect: same
/* selectors and select on pipes and sockets, under EpollSelector, PollSelector and
 * SelectSelector: readiness of an empty and a filled pipe, of a full pipe for writing, EOF on
 * the read end when the writer closes, a listening socket with a pending connection, a
 * socketpair after shutdown(SHUT_WR); then select.epoll directly: edge-triggered events fire
 * once per new data, EPOLLONESHOT disarms until modify, EPOLLRDHUP/EPOLLHUP bits, and the
 * errors of epoll_ctl (EEXIST, ENOENT, EPERM for a regular file, EBADF); poll's POLLNVAL for a
 * closed descriptor.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import errno, os, select, selectors, socket\n"
"\n"
"EV = {selectors.EVENT_READ: \"R\", selectors.EVENT_WRITE: \"W\", selectors.EVENT_READ | selectors.EVENT_WRITE: \"RW\"}\n"
"\n"
"def ready(sel, timeout=0.2):\n"
"    return sorted((k.data, EV[m]) for k, m in sel.select(timeout))\n"
"\n"
"for cls in (selectors.EpollSelector, selectors.PollSelector, selectors.SelectSelector):\n"
"    name = cls.__name__\n"
"    sel = cls()\n"
"    r, w = os.pipe()\n"
"    sel.register(r, selectors.EVENT_READ, \"pipe-r\")\n"
"    sel.register(w, selectors.EVENT_WRITE, \"pipe-w\")\n"
"    print(name, \"empty pipe:\", ready(sel))\n"
"    os.write(w, b\"data\")\n"
"    print(name, \"after write:\", ready(sel))\n"
"    os.set_blocking(w, False)\n"
"    n = 0\n"
"    try:\n"
"        while True:\n"
"            n += os.write(w, b\"x\" * 4096)\n"
"    except BlockingIOError:\n"
"        pass\n"
"    print(name, \"full pipe:\", ready(sel))\n"
"    os.read(r, 65536 + 4)\n"
"    print(name, \"drained:\", ready(sel))\n"
"    sel.unregister(w)\n"
"    os.close(w)\n"
"    print(name, \"writer closed (EOF):\", ready(sel), \"read gives\", os.read(r, 10))\n"
"    sel.unregister(r)\n"
"    os.close(r)\n"
"\n"
"    lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
"    lsock.bind(\"l-%s.sock\" % name)\n"
"    lsock.listen()\n"
"    sel.register(lsock, selectors.EVENT_READ, \"listener\")\n"
"    print(name, \"listener idle:\", ready(sel, 0.1))\n"
"    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
"    c.connect(\"l-%s.sock\" % name)\n"
"    print(name, \"pending connection:\", ready(sel))\n"
"    s, _ = lsock.accept()\n"
"    sel.unregister(lsock)\n"
"    sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE, \"conn\")\n"
"    print(name, \"fresh connection:\", ready(sel))\n"
"    c.send(b\"hi\")\n"
"    print(name, \"with data:\", ready(sel))\n"
"    s.recv(10)\n"
"    sel.modify(s, selectors.EVENT_READ, \"conn\")\n"
"    print(name, \"read interest only, no data:\", ready(sel, 0.1))\n"
"    c.shutdown(socket.SHUT_WR)\n"
"    print(name, \"peer SHUT_WR:\", ready(sel), \"recv\", s.recv(10))\n"
"    c.close()\n"
"    sel.unregister(s)\n"
"    for x in (s, lsock):\n"
"        x.close()\n"
"    try:\n"
"        sel.register(12345, selectors.EVENT_READ)\n"
"        print(name, \"register a closed fd: accepted\")\n"
"        sel.unregister(12345)\n"
"    except (OSError, ValueError) as e:\n"
"        print(name, \"register a closed fd:\", type(e).__name__, errno.errorcode.get(getattr(e, \"errno\", None)))\n"
"    try:\n"
"        a, b = socket.socketpair()\n"
"        sel.register(a, selectors.EVENT_READ)\n"
"        sel.register(a, selectors.EVENT_READ)\n"
"    except KeyError:\n"
"        print(name, \"register twice: KeyError\")\n"
"    sel.close()\n"
"    a.close(); b.close()\n"
"\n"
"ep = select.epoll()\n"
"a, b = socket.socketpair()\n"
"ep.register(a.fileno(), select.EPOLLIN | select.EPOLLET)\n"
"b.send(b\"1\")\n"
"print(\"ET first:\", [e for _, e in ep.poll(0.2)] == [select.EPOLLIN], \"second, no new data:\", ep.poll(0.1))\n"
"b.send(b\"2\")\n"
"print(\"ET after new data:\", len(ep.poll(0.2)))\n"
"a.recv(10)\n"
"ep.modify(a.fileno(), select.EPOLLIN | select.EPOLLONESHOT)\n"
"b.send(b\"3\")\n"
"print(\"ONESHOT first:\", len(ep.poll(0.2)), \"then disarmed:\", ep.poll(0.1))\n"
"ep.modify(a.fileno(), select.EPOLLIN)\n"
"print(\"re-armed by modify:\", len(ep.poll(0.2)))\n"
"ep.modify(a.fileno(), select.EPOLLIN | select.EPOLLRDHUP)\n"
"a.recv(10)\n"
"b.shutdown(socket.SHUT_WR)\n"
"ev = ep.poll(0.2)[0][1]\n"
"print(\"peer SHUT_WR bits: IN\", bool(ev & select.EPOLLIN), \"RDHUP\", bool(ev & select.EPOLLRDHUP), \"HUP\", bool(ev & select.EPOLLHUP))\n"
"b.close()\n"
"ev = ep.poll(0.2)[0][1]\n"
"print(\"peer closed bits: IN\", bool(ev & select.EPOLLIN), \"RDHUP\", bool(ev & select.EPOLLRDHUP), \"HUP\", bool(ev & select.EPOLLHUP))\n"
"r, w = os.pipe()\n"
"ep.register(r, select.EPOLLIN)\n"
"os.close(w)\n"
"ev = dict(ep.poll(0.2))[r]\n"
"print(\"pipe writer closed: HUP\", bool(ev & select.EPOLLHUP), \"IN\", bool(ev & select.EPOLLIN))\n"
"for label, fn in ((\"register twice\", lambda: ep.register(r, select.EPOLLIN)),\n"
"                  (\"modify unregistered\", lambda: ep.modify(os.pipe()[0], select.EPOLLIN)),\n"
"                  (\"register a directory\", lambda: ep.register(os.open(\".\", os.O_RDONLY), select.EPOLLIN)),\n"
"                  (\"register a regular file\", lambda: ep.register(os.open(\"/usr/bin/python3\", os.O_RDONLY), select.EPOLLIN)),\n"
"                  (\"unregister a closed fd\", lambda: ep.unregister(9999)),\n"
"                  (\"register itself\", lambda: ep.register(ep.fileno(), select.EPOLLIN))):\n"
"    try:\n"
"        fn()\n"
"        print(\"epoll\", label + \": ok\")\n"
"    except OSError as e:\n"
"        print(\"epoll\", label + \":\", type(e).__name__, errno.errorcode[e.errno])\n"
"ep.close()\n"
"try:\n"
"    ep.poll(0)\n"
"except ValueError:\n"
"    print(\"poll on a closed epoll: ValueError\")\n"
"\n"
"p = select.poll()\n"
"x, y = os.pipe()\n"
"p.register(x, select.POLLIN)\n"
"os.close(x)\n"
"os.close(y)\n"
"print(\"poll a closed fd: POLLNVAL\", bool(p.poll(0)[0][1] & select.POLLNVAL))\n"
"try:\n"
"    select.select([x], [], [], 0)\n"
"except OSError as e:\n"
"    print(\"select a closed fd:\", errno.errorcode[e.errno])\n"
"print(\"select with a timeout and nothing: \", select.select([], [], [], 0.05))\n";

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
