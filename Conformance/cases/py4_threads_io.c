// syscalls: openat read write pread64 pwrite64 lseek fsync fstat newfstatat getdents64 renameat unlinkat mkdirat close futex
// expect: same
/* Many Python threads doing file I/O at once on the scratch tmpfs: 48 threads each create,
 * write, fsync, stat, re-read and rename their own files in a shared directory; 48 threads append
 * records to one O_APPEND file (no record torn or lost); 32 threads pwrite distinct blocks of
 * one file and pread them back; threads list the directory while others create and unlink
 * in it (the listing only ever shows whole names); a ThreadPoolExecutor reads files
 * concurrently through open(); a thread blocked in os.read of a pipe while others open and
 * close files. Only counts and verdicts are printed.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import concurrent.futures, hashlib, os, threading, time\n"
"\n"
"os.mkdir(\"own\")\n"
"errors = []\n"
"def own_files(i):\n"
"    try:\n"
"        for j in range(10):\n"
"            name = \"own/t%02d-%d\" % (i, j)\n"
"            data = (b\"%02d:%d:\" % (i, j)) * (100 + i * 10 + j)\n"
"            with open(name, \"wb\") as f:\n"
"                f.write(data)\n"
"                f.flush()\n"
"                os.fsync(f.fileno())\n"
"            if os.stat(name).st_size != len(data):\n"
"                errors.append(\"size \" + name)\n"
"            with open(name, \"rb\") as f:\n"
"                if f.read() != data:\n"
"                    errors.append(\"content \" + name)\n"
"            os.rename(name, name + \".done\")\n"
"    except Exception as e:\n"
"        errors.append(repr(e))\n"
"ts = [threading.Thread(target=own_files, args=(i,)) for i in range(48)]\n"
"for t in ts: t.start()\n"
"for t in ts: t.join()\n"
"names = os.listdir(\"own\")\n"
"print(\"48 threads x 10 own files: errors\", errors, \"files\", len(names), \"all renamed\", all(n.endswith(\".done\") for n in names))\n"
"\n"
"REC = 64\n"
"def appender(i):\n"
"    fd = os.open(\"append.log\", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)\n"
"    for j in range(50):\n"
"        rec = (b\"%02d %03d \" % (i, j)).ljust(REC - 1, b\"#\") + b\"\\n\"\n"
"        os.write(fd, rec)\n"
"    os.close(fd)\n"
"ts = [threading.Thread(target=appender, args=(i,)) for i in range(48)]\n"
"for t in ts: t.start()\n"
"for t in ts: t.join()\n"
"data = open(\"append.log\", \"rb\").read()\n"
"recs = [data[k:k + REC] for k in range(0, len(data), REC)]\n"
"whole = all(len(r) == REC and r.endswith(b\"\\n\") and r[:7].replace(b\" \", b\"\").isdigit() for r in recs)\n"
"print(\"O_APPEND from 48 threads: size\", len(data), \"records\", len(recs), \"whole\", whole, \"distinct\", len(set(recs)))\n"
"per_thread_order = all(\n"
"    [int(r[3:6]) for r in recs if int(r[:2]) == i] == list(range(50)) for i in range(48))\n"
"print(\"each thread's records in its own order:\", per_thread_order)\n"
"\n"
"BLK = 4096\n"
"fd = os.open(\"blocks\", os.O_RDWR | os.O_CREAT, 0o644)\n"
"def pw(i):\n"
"    for rnd in range(5):\n"
"        os.pwrite(fd, bytes([65 + i % 26]) * BLK, i * BLK)\n"
"        got = os.pread(fd, BLK, i * BLK)\n"
"        if got != bytes([65 + i % 26]) * BLK:\n"
"            errors.append(\"pread %d\" % i)\n"
"ts = [threading.Thread(target=pw, args=(i,)) for i in range(32)]\n"
"for t in ts: t.start()\n"
"for t in ts: t.join()\n"
"print(\"pwrite/pread 32 blocks from 32 threads: size\", os.fstat(fd).st_size, \"errors\", errors,\n"
"      \"offset untouched\", os.lseek(fd, 0, os.SEEK_CUR))\n"
"os.close(fd)\n"
"\n"
"os.mkdir(\"churn\")\n"
"stop = threading.Event()\n"
"bad = []\n"
"def churner(i):\n"
"    n = 0\n"
"    while not stop.is_set() and n < 400:\n"
"        p = \"churn/c%d-%d\" % (i, n)\n"
"        open(p, \"w\").close()\n"
"        os.unlink(p)\n"
"        n += 1\n"
"def lister():\n"
"    for _ in range(200):\n"
"        for e in os.scandir(\"churn\"):\n"
"            if not (e.name.startswith(\"c\") and \"-\" in e.name):\n"
"                bad.append(e.name)\n"
"ts = [threading.Thread(target=churner, args=(i,)) for i in range(6)] + [threading.Thread(target=lister) for _ in range(3)]\n"
"for t in ts: t.start()\n"
"for t in ts[6:]: t.join()\n"
"stop.set()\n"
"for t in ts[:6]: t.join()\n"
"print(\"listing while 6 threads create/unlink: odd names\", bad, \"left over\", os.listdir(\"churn\"))\n"
"\n"
"for i in range(64):\n"
"    with open(\"r%02d\" % i, \"wb\") as f:\n"
"        f.write(hashlib.sha256(b\"%d\" % i).digest() * 512)\n"
"def digest(i):\n"
"    with open(\"r%02d\" % i, \"rb\") as f:\n"
"        return hashlib.sha256(f.read()).hexdigest() == hashlib.sha256(hashlib.sha256(b\"%d\" % i).digest() * 512).hexdigest()\n"
"with concurrent.futures.ThreadPoolExecutor(max_workers=16) as ex:\n"
"    print(\"ThreadPoolExecutor read 64 files:\", all(ex.map(digest, range(64))))\n"
"\n"
"r, w = os.pipe()\n"
"res = []\n"
"reader = threading.Thread(target=lambda: res.append(os.read(r, 100)))\n"
"reader.start()\n"
"for i in range(200):\n"
"    fd = os.open(\"own\", os.O_RDONLY | os.O_DIRECTORY)\n"
"    os.close(fd)\n"
"os.write(w, b\"after 200 opens\")\n"
"reader.join(10)\n"
"print(\"reader blocked in os.read meanwhile:\", res)\n"
"print(\"threads alive at the end:\", threading.active_count())\n";

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
