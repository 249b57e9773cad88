// syscalls: flock fcntl clone wait4 mmap msync munmap mremap ftruncate openat pipe2 kill
// expect: same
/* Locks and shared mappings between processes through Python: fcntl.flock (exclusive blocks a
 * second description, LOCK_NB gives EWOULDBLOCK, shared locks coexist, a lock follows its open
 * file description into a forked child, closing a dup does not release it,
 * downgrade and unlock), fcntl.lockf/POSIX record locks (per process: a child conflicts, the owner's second
 * descriptor does not; byte ranges; EAGAIN/EACCES; F_GETLK reports the holder's type and
 * range; released when the holder exits or closes any descriptor of the file; a blocking lock
 * waits for the holder), flock and lockf not seeing each other; mmap.mmap MAP_SHARED of a file
 * written by a forked child and by an unrelated child process (seen through the mapping and
 * read()), MAP_PRIVATE copy-on-write, resize, flush, and an anonymous shared mapping.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import errno, fcntl, mmap, os, struct, subprocess, sys, time\n"
"\n"
"open(\"lockfile\", \"w\").close()\n"
"\n"
"def child(fn):\n"
"    \"\"\"Run fn in a forked child; return its exit code.\"\"\"\n"
"    pid = os.fork()\n"
"    if pid == 0:\n"
"        code = 1\n"
"        try:\n"
"            code = fn()\n"
"        finally:\n"
"            os._exit(code if isinstance(code, int) else 1)\n"
"    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])\n"
"\n"
"def try_flock(op):\n"
"    def fn():\n"
"        fd = os.open(\"lockfile\", os.O_RDWR)\n"
"        try:\n"
"            fcntl.flock(fd, op | fcntl.LOCK_NB)\n"
"            return 0\n"
"        except OSError as e:\n"
"            return 10 if e.errno == errno.EWOULDBLOCK else 11\n"
"    return {0: \"granted\", 10: \"EWOULDBLOCK\", 11: \"other error\"}[child(fn)]\n"
"\n"
"fd = os.open(\"lockfile\", os.O_RDWR)\n"
"fcntl.flock(fd, fcntl.LOCK_EX)\n"
"print(\"flock: EX held; other description EX:\", try_flock(fcntl.LOCK_EX), \"SH:\", try_flock(fcntl.LOCK_SH))\n"
"fd2 = os.open(\"lockfile\", os.O_RDWR)\n"
"try:\n"
"    fcntl.flock(fd2, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
"except BlockingIOError as e:\n"
"    print(\"flock: same process, second description:\", errno.errorcode[e.errno])\n"
"d = os.dup(fd)\n"
"os.close(d)\n"
"print(\"after closing a dup, still held:\", try_flock(fcntl.LOCK_EX))\n"
"print(\"a forked child shares the description and may re-lock it:\",\n"
"      child(lambda: (fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB), 0)[1]) == 0)\n"
"fcntl.flock(fd, fcntl.LOCK_SH)\n"
"print(\"flock: downgraded to SH; other SH:\", try_flock(fcntl.LOCK_SH), \"EX:\", try_flock(fcntl.LOCK_EX))\n"
"fcntl.flock(fd, fcntl.LOCK_UN)\n"
"print(\"flock: unlocked; other EX:\", try_flock(fcntl.LOCK_EX))\n"
"# a blocking flock waits for the holder to let go\n"
"r, w = os.pipe()\n"
"fcntl.flock(fd, fcntl.LOCK_EX)\n"
"pid = os.fork()\n"
"if pid == 0:\n"
"    f = os.open(\"lockfile\", os.O_RDWR)\n"
"    os.write(w, b\"w\")\n"
"    t0 = time.monotonic()\n"
"    fcntl.flock(f, fcntl.LOCK_EX)\n"
"    os._exit(0 if time.monotonic() - t0 > 0.15 else 1)\n"
"os.read(r, 1)\n"
"time.sleep(0.3)\n"
"fcntl.flock(fd, fcntl.LOCK_UN)\n"
"print(\"blocking flock in a child waited for the unlock:\", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0)\n"
"os.close(fd2)\n"
"\n"
"# POSIX record locks\n"
"def try_lockf(op, length=0, start=0):\n"
"    def fn():\n"
"        f = os.open(\"lockfile\", os.O_RDWR)\n"
"        try:\n"
"            fcntl.lockf(f, op | fcntl.LOCK_NB, length, start)\n"
"            return 0\n"
"        except OSError as e:\n"
"            return {errno.EAGAIN: 10, errno.EACCES: 12}.get(e.errno, 11)\n"
"    return {0: \"granted\", 10: \"EAGAIN\", 12: \"EACCES\", 11: \"other error\"}[child(fn)]\n"
"fcntl.lockf(fd, fcntl.LOCK_EX, 10, 0)\n"
"print(\"lockf: bytes 0-9 EX held; child EX on 0-9:\", try_lockf(fcntl.LOCK_EX, 10, 0), \"on 5-14:\", try_lockf(fcntl.LOCK_EX, 10, 5),\n"
"      \"on 10-19:\", try_lockf(fcntl.LOCK_EX, 10, 10), \"SH whole file:\", try_lockf(fcntl.LOCK_SH))\n"
"fd3 = os.open(\"lockfile\", os.O_RDWR)\n"
"fcntl.lockf(fd3, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0)\n"
"print(\"lockf: same process through another descriptor: granted\")\n"
"def getlk():\n"
"    f = os.open(\"lockfile\", os.O_RDWR)\n"
"    res = fcntl.fcntl(f, fcntl.F_GETLK, struct.pack(\"hhqqi\", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))\n"
"    typ, whence, start, length, pid = struct.unpack(\"hhqqi\", res)\n"
"    names = {fcntl.F_RDLCK: \"F_RDLCK\", fcntl.F_WRLCK: \"F_WRLCK\", fcntl.F_UNLCK: \"F_UNLCK\"}\n"
"    os.write(w, (\"%s start %d len %d holder is parent %s\" % (names[typ], start, length, pid == os.getppid())).encode())\n"
"    return 0\n"
"child(getlk)\n"
"print(\"F_GETLK from a child:\", os.read(r, 200).decode())\n"
"os.close(fd3)\n"
"print(\"after closing another descriptor of the file, child EX 0-9:\", try_lockf(fcntl.LOCK_EX, 10, 0))\n"
"fcntl.lockf(fd, fcntl.LOCK_SH, 0, 0)\n"
"print(\"lockf SH whole file; child SH:\", try_lockf(fcntl.LOCK_SH), \"child EX:\", try_lockf(fcntl.LOCK_EX))\n"
"print(\"flock does not see lockf locks: child flock EX:\", try_flock(fcntl.LOCK_EX))\n"
"fcntl.lockf(fd, fcntl.LOCK_UN)\n"
"fcntl.flock(fd, fcntl.LOCK_EX)\n"
"print(\"lockf does not see flock locks: child lockf EX:\", try_lockf(fcntl.LOCK_EX))\n"
"fcntl.flock(fd, fcntl.LOCK_UN)\n"
"# a lock held by a child is released when it exits; a blocking lockf waits for it\n"
"pid = os.fork()\n"
"if pid == 0:\n"
"    f = os.open(\"lockfile\", os.O_RDWR)\n"
"    fcntl.lockf(f, fcntl.LOCK_EX)\n"
"    os.write(w, b\"L\")\n"
"    time.sleep(0.3)\n"
"    os._exit(0)\n"
"os.read(r, 1)\n"
"try:\n"
"    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
"except OSError as e:\n"
"    print(\"child holds a lockf lock; parent NB:\", errno.errorcode[e.errno])\n"
"t0 = time.monotonic()\n"
"fcntl.lockf(fd, fcntl.LOCK_EX)\n"
"print(\"blocking lockf granted once the child exited:\", time.monotonic() - t0 > 0.1)\n"
"os.waitpid(pid, 0)\n"
"fcntl.lockf(fd, fcntl.LOCK_UN)\n"
"# deadlock detection between two processes\n"
"fcntl.lockf(fd, fcntl.LOCK_EX, 1, 0)\n"
"pid = os.fork()\n"
"if pid == 0:\n"
"    f = os.open(\"lockfile\", os.O_RDWR)\n"
"    fcntl.lockf(f, fcntl.LOCK_EX, 1, 1)\n"
"    os.write(w, b\"1\")\n"
"    try:\n"
"        fcntl.lockf(f, fcntl.LOCK_EX, 1, 0)\n"
"        os._exit(0)\n"
"    except OSError as e:\n"
"        os._exit(20 if e.errno == errno.EDEADLK else 21)\n"
"os.read(r, 1)\n"
"time.sleep(0.2)\n"
"try:\n"
"    fcntl.lockf(fd, fcntl.LOCK_EX, 1, 1)\n"
"    mine = \"granted\"\n"
"except OSError as e:\n"
"    mine = \"EDEADLK\" if e.errno == errno.EDEADLK else errno.errorcode[e.errno]\n"
"fcntl.lockf(fd, fcntl.LOCK_UN, 0, 0)\n"
"theirs = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])\n"
"print(\"crossed lockf locks: the second to wait gets\", mine, \"and the first is then granted:\", theirs == 0)\n"
"os.close(fd)\n"
"\n"
"# mmap MAP_SHARED\n"
"with open(\"shared.bin\", \"wb\") as f:\n"
"    f.write(b\"\\0\" * 4096)\n"
"f = open(\"shared.bin\", \"r+b\")\n"
"m = mmap.mmap(f.fileno(), 4096, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)\n"
"def writer():\n"
"    m[0:5] = b\"child\"\n"
"    m.flush()\n"
"    return 0\n"
"child(writer)\n"
"print(\"MAP_SHARED written by a forked child, seen by the parent:\", m[0:5])\n"
"subprocess.run([sys.executable, \"-I\", \"-c\",\n"
"                \"import mmap; f=open('shared.bin','r+b'); m=mmap.mmap(f.fileno(), 0); m[100:107]=b'another'; m.close()\"], check=True)\n"
"print(\"written by another process through its own mapping:\", m[100:107])\n"
"os.pwrite(f.fileno(), b\"pwrite\", 200)\n"
"print(\"pwrite to the file seen through the mapping:\", m[200:206])\n"
"m[300:303] = b\"map\"\n"
"print(\"mapping write seen by pread:\", os.pread(f.fileno(), 3, 300))\n"
"p = mmap.mmap(f.fileno(), 4096, mmap.MAP_PRIVATE)\n"
"p[0:5] = b\"privt\"\n"
"print(\"MAP_PRIVATE write: private view\", p[0:5], \"shared view\", m[0:5], \"file\", os.pread(f.fileno(), 5, 0))\n"
"p.close()\n"
"m.resize(8192)\n"
"print(\"resize grows the file:\", os.fstat(f.fileno()).st_size, \"new bytes zero:\", m[8000:8004])\n"
"m.close()\n"
"try:\n"
"    m[0]\n"
"except ValueError:\n"
"    print(\"access after close: ValueError\")\n"
"f.close()\n"
"try:\n"
"    mmap.mmap(os.open(\"shared.bin\", os.O_RDONLY), 4096, mmap.MAP_SHARED, mmap.PROT_WRITE)\n"
"except PermissionError as e:\n"
"    print(\"writable MAP_SHARED of a read-only descriptor:\", errno.errorcode[e.errno])\n"
"try:\n"
"    mmap.mmap(os.open(\".\", os.O_RDONLY), 10)\n"
"except OSError as e:\n"
"    print(\"mmap a directory:\", errno.errorcode[e.errno])\n"
"open(\"empty\", \"w\").close()\n"
"try:\n"
"    mmap.mmap(os.open(\"empty\", os.O_RDONLY), 0, prot=mmap.PROT_READ)\n"
"except ValueError as e:\n"
"    print(\"mmap an empty file with length 0: ValueError\")\n"
"anon = mmap.mmap(-1, 4096, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)\n"
"child(lambda: (anon.__setitem__(slice(0, 4), b\"anon\"), 0)[1])\n"
"print(\"anonymous MAP_SHARED written by a child:\", anon[0:4])\n"
"anon2 = mmap.mmap(-1, 4096, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)\n"
"child(lambda: (anon2.__setitem__(slice(0, 4), b\"priv\"), 0)[1])\n"
"print(\"anonymous MAP_PRIVATE written by a child:\", anon2[0:4])\n";

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
