// syscalls: openat unlinkat mkdirat newfstatat fchmod chmod getdents64 rmdir unlink umask fcntl
// expect: same
/* The tempfile module on the scratch directory (TMPDIR points there): gettempdir, mkstemp
 * (mode 0600 whatever the umask, O_CLOEXEC, prefix/suffix/dir), mkdtemp (0700),
 * NamedTemporaryFile deleted on close or kept with delete=False, TemporaryFile (no name left in
 * the directory: O_TMPFILE or unlink), SpooledTemporaryFile rolling over to a real file,
 * TemporaryDirectory cleaned up with read-only subdirectories and files inside, and with
 * ignore_cleanup_errors. Names are printed only as patterns.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import errno, os, re, stat, tempfile\n"
"\n"
"here = os.getcwd()\n"
"print(\"gettempdir is the scratch dir:\", tempfile.gettempdir() == here)\n"
"def listing():\n"
"    return sorted(os.listdir(here))\n"
"\n"
"os.umask(0o022)\n"
"fd, path = tempfile.mkstemp()\n"
"st = os.fstat(fd)\n"
"print(\"mkstemp: in TMPDIR\", os.path.dirname(path) == here, \"mode\", oct(stat.S_IMODE(st.st_mode)),\n"
"      \"regular\", stat.S_ISREG(st.st_mode), \"cloexec\", not os.get_inheritable(fd),\n"
"      \"name pattern\", bool(re.fullmatch(r\"tmp[a-z0-9_]{8}\", os.path.basename(path))))\n"
"os.close(fd)\n"
"os.umask(0o000)\n"
"fd, path2 = tempfile.mkstemp(suffix=\".txt\", prefix=\"pre-\", dir=\".\")\n"
"print(\"mkstemp umask 0 mode:\", oct(stat.S_IMODE(os.fstat(fd).st_mode)), \"dir='.' gives an absolute path\", os.path.isabs(path2),\n"
"      \"pattern\", bool(re.fullmatch(r\"pre-[a-z0-9_]{8}\\.txt\", os.path.basename(path2))))\n"
"os.close(fd)\n"
"os.umask(0o022)\n"
"fd, path3 = tempfile.mkstemp(text=True)\n"
"os.write(fd, b\"a\\n\")\n"
"os.close(fd)\n"
"for p in (path, path2, path3):\n"
"    os.unlink(p)\n"
"d = tempfile.mkdtemp(prefix=\"d-\")\n"
"print(\"mkdtemp mode:\", oct(stat.S_IMODE(os.stat(d).st_mode)), \"empty\", os.listdir(d) == [])\n"
"os.rmdir(d)\n"
"try:\n"
"    tempfile.mkstemp(dir=\"missing\")\n"
"except FileNotFoundError as e:\n"
"    print(\"mkstemp in a missing dir:\", errno.errorcode[e.errno])\n"
"os.mkdir(\"ro\", 0o555)\n"
"try:\n"
"    tempfile.mkstemp(dir=\"ro\")\n"
"except PermissionError as e:\n"
"    print(\"mkstemp in a read-only dir:\", errno.errorcode[e.errno])\n"
"os.rmdir(\"ro\")\n"
"\n"
"with tempfile.NamedTemporaryFile() as f:\n"
"    name = f.name\n"
"    f.write(b\"hello\")\n"
"    f.flush()\n"
"    print(\"NamedTemporaryFile: exists while open\", os.path.exists(name), \"mode\", oct(stat.S_IMODE(os.stat(name).st_mode)),\n"
"          \"reopen by name reads\", open(name, \"rb\").read())\n"
"print(\"NamedTemporaryFile after close exists:\", os.path.exists(name))\n"
"f = tempfile.NamedTemporaryFile(delete=False, suffix=\".keep\")\n"
"f.write(b\"kept\")\n"
"f.close()\n"
"print(\"delete=False after close exists:\", os.path.exists(f.name), open(f.name, \"rb\").read())\n"
"os.unlink(f.name)\n"
"f = tempfile.NamedTemporaryFile()\n"
"name = f.name\n"
"os.unlink(name)\n"
"try:\n"
"    f.close()\n"
"    print(\"NamedTemporaryFile whose name was removed: close ok\")\n"
"except FileNotFoundError:\n"
"    print(\"NamedTemporaryFile whose name was removed: FileNotFoundError on close\")\n"
"\n"
"before = listing()\n"
"with tempfile.TemporaryFile() as f:\n"
"    f.write(b\"x\" * 1000)\n"
"    f.seek(0)\n"
"    print(\"TemporaryFile: no new name in the dir\", listing() == before, \"reads back\", len(f.read()),\n"
"          \"nlink\", os.fstat(f.fileno()).st_nlink)\n"
"print(\"after TemporaryFile close, dir unchanged:\", listing() == before)\n"
"\n"
"with tempfile.SpooledTemporaryFile(max_size=100) as f:\n"
"    f.write(b\"x\" * 50)\n"
"    print(\"Spooled under max_size rolled:\", f._rolled, \"no new name\", listing() == before)\n"
"    f.write(b\"y\" * 100)\n"
"    print(\"Spooled over max_size rolled:\", f._rolled, \"fileno works\", f.fileno() >= 0, \"no new name\", listing() == before)\n"
"    f.seek(0)\n"
"    print(\"Spooled content length:\", len(f.read()))\n"
"\n"
"with tempfile.TemporaryDirectory(prefix=\"td-\") as td:\n"
"    os.makedirs(os.path.join(td, \"a/b/c\"))\n"
"    for sub in (\"a\", \"a/b\", \"a/b/c\"):\n"
"        with open(os.path.join(td, sub, \"f\"), \"w\") as g:\n"
"            g.write(sub)\n"
"        os.chmod(os.path.join(td, sub, \"f\"), 0o444)\n"
"    os.symlink(\"/usr\", os.path.join(td, \"usrlink\"))\n"
"    os.chmod(os.path.join(td, \"a/b/c\"), 0o555)\n"
"    os.chmod(os.path.join(td, \"a/b\"), 0o555)\n"
"    os.chmod(os.path.join(td, \"a\"), 0o500)\n"
"    print(\"TemporaryDirectory mode:\", oct(stat.S_IMODE(os.stat(td).st_mode)))\n"
"print(\"TemporaryDirectory with read-only subdirs removed:\", not os.path.exists(td), \"symlink target intact\", os.path.isdir(\"/usr/bin\"))\n"
"\n"
"td = tempfile.TemporaryDirectory()\n"
"os.mkdir(os.path.join(td.name, \"x\"))\n"
"os.chmod(os.path.join(td.name, \"x\"), 0o000)\n"
"td.cleanup()\n"
"print(\"TemporaryDirectory with a mode-000 subdir removed:\", not os.path.exists(td.name))\n"
"\n"
"td = tempfile.TemporaryDirectory()\n"
"name = td.name\n"
"os.rmdir(name)\n"
"try:\n"
"    td.cleanup()\n"
"    print(\"TemporaryDirectory removed behind its back: cleanup ok\")\n"
"except FileNotFoundError:\n"
"    print(\"TemporaryDirectory removed behind its back: FileNotFoundError\")\n"
"td = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)\n"
"os.rmdir(td.name)\n"
"td.cleanup()\n"
"print(\"ignore_cleanup_errors: cleanup quiet\")\n"
"print(\"left in the scratch dir:\", listing())\n";

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
