// syscalls: clone execve pipe2 close_range getdents64 openat readlink fcntl dup2 fstat wait4 read write
// expect: same
/* Python's subprocess and the descriptors a child inherits: with close_fds=True only 0-2 and
 * pass_fds reach the child (made inheritable there, whatever they were in the parent); with
 * close_fds=False every inheritable descriptor does and none of the O_CLOEXEC ones. The child
 * lists /proc/self/fd and fstat()s each entry (dropping the one listdir used), and reports the
 * kind of each descriptor, its /proc/self/fd link (pipe, socket, /dev/null, the file's path),
 * the open flags of /proc/self/fdinfo and its inheritable flag. Descriptor numbers are
 * printed as roles.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import errno, os, subprocess, sys, stat\n"
"\n"
"CHILD = r'''\n"
"import os, stat, sys\n"
"fds = []\n"
"for name in os.listdir(\"/proc/self/fd\"):\n"
"    fd = int(name)\n"
"    try:\n"
"        st = os.fstat(fd)\n"
"    except OSError:\n"
"        continue\n"
"    kind = \"fifo\" if stat.S_ISFIFO(st.st_mode) else \"chr\" if stat.S_ISCHR(st.st_mode) else \\\n"
"           \"reg\" if stat.S_ISREG(st.st_mode) else \"sock\" if stat.S_ISSOCK(st.st_mode) else \\\n"
"           \"dir\" if stat.S_ISDIR(st.st_mode) else \"other\"\n"
"    link = os.readlink(\"/proc/self/fd/%d\" % fd)\n"
"    if link.startswith((\"pipe:[\", \"socket:[\")):\n"
"        link = link.split(\":\")[0]\n"
"    elif link == os.path.join(os.getcwd(), \"data\"):\n"
"        link = \"./data\"\n"
"    flags = [l.split()[1] for l in open(\"/proc/self/fdinfo/%d\" % fd) if l.startswith(\"flags:\")][0]\n"
"    kind += \"=\" + link + (\"\" if fd <= 2 else \"/o\" + flags)\n"
"    fds.append((fd, kind, os.get_inheritable(fd)))\n"
"print(repr(sorted(fds)))\n"
"'''\n"
"\n"
"def child_fds(**kw):\n"
"    out = subprocess.run([sys.executable, \"-I\", \"-c\", CHILD], stdout=subprocess.PIPE,\n"
"                         stdin=subprocess.DEVNULL, check=True, **kw).stdout\n"
"    return eval(out)\n"
"\n"
"r1, w1 = os.pipe()               # non-inheritable (PEP 446)\n"
"r2, w2 = os.pipe()\n"
"os.set_inheritable(r2, True)     # inheritable\n"
"f = open(\"data\", \"w+\")           # non-inheritable regular file\n"
"fd_reg = f.fileno()\n"
"fd_dup = os.dup2(fd_reg, 40)     # dup2 makes an inheritable copy at a chosen number\n"
"print(\"parent: pipe inheritable:\", os.get_inheritable(r1), \"set:\", os.get_inheritable(r2),\n"
"      \"file:\", os.get_inheritable(fd_reg), \"dup2 copy:\", os.get_inheritable(fd_dup))\n"
"roles = {r1: \"r1\", w1: \"w1\", r2: \"r2(inheritable)\", w2: \"w2\", fd_reg: \"file\", fd_dup: \"file@40\"}\n"
"\n"
"def show(label, fds):\n"
"    shown = []\n"
"    for fd, kind, inh in fds:\n"
"        role = roles.get(fd, str(fd) if fd <= 2 else \"unexpected\")\n"
"        shown.append(\"%s:%s%s\" % (role, kind, \"\" if inh else \"(cloexec)\"))\n"
"    print(label + \":\", \" \".join(shown))\n"
"\n"
"show(\"close_fds=True\", child_fds(close_fds=True))\n"
"show(\"close_fds=False\", child_fds(close_fds=False))\n"
"show(\"pass_fds=(r1, file)\", child_fds(pass_fds=(r1, fd_reg)))\n"
"import warnings\n"
"with warnings.catch_warnings(record=True) as caught:\n"
"    warnings.simplefilter(\"always\")\n"
"    show(\"pass_fds=(w2,) close_fds=False\", child_fds(pass_fds=(w2,), close_fds=False))\n"
"print(\"warnings:\", [w.category.__name__ + \": \" + str(w.message) for w in caught])\n"
"print(\"parent after pass_fds: r1 still non-inheritable:\", not os.get_inheritable(r1))\n"
"# stderr to stdout, stdout to a file\n"
"with open(\"out\", \"w\") as o:\n"
"    subprocess.run([sys.executable, \"-I\", \"-c\", \"import sys; print('to out'); print('to err', file=sys.stderr)\"],\n"
"                   stdout=o, stderr=subprocess.STDOUT, check=True)\n"
"print(\"stdout file + stderr=STDOUT:\", open(\"out\").read().split(\"\\n\"))\n"
"# a passed descriptor works: the child writes into the pipe given by number\n"
"p = subprocess.run([sys.executable, \"-I\", \"-c\", \"import os,sys; os.write(int(sys.argv[1]), b'via pass_fds')\", str(w1)],\n"
"                   pass_fds=(w1,), check=True)\n"
"os.close(w1)\n"
"print(\"read from passed pipe:\", os.read(r1, 100))\n"
"# an invalid pass_fds entry\n"
"try:\n"
"    subprocess.run([\"/bin/true\"], pass_fds=(1000,))\n"
"    print(\"pass_fds=(1000,): ran\")\n"
"except OSError as e:\n"
"    print(\"pass_fds=(1000,):\", type(e).__name__, errno.errorcode.get(e.errno))\n"
"# -1 is rejected before the fork\n"
"try:\n"
"    subprocess.run([\"/bin/true\"], pass_fds=(-1,))\n"
"except ValueError as e:\n"
"    print(\"pass_fds=(-1,): ValueError\")\n"
"show(\"stdin=DEVNULL stdout=stderr=PIPE\", child_fds(stderr=subprocess.PIPE))\n";

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
