// syscalls: getdents64 openat newfstatat statx linkat symlinkat renameat renameat2 unlinkat mkdirat readlinkat fchdir
// expect: same
/* Directory trees through Python: os.scandir (DirEntry.is_dir/is_file/is_symlink with and
 * without following, entry stat with follow_symlinks=False: type bits and st_nlink only),
 * scandir on a descriptor, os.walk top-down and bottom-up with followlinks and a symlink loop,
 * os.fwalk with its dir_fd (os.stat relative to it), os.stat/lstat with dir_fd; then
 * os.link, os.symlink, os.rename and os.replace edge cases with errno names: over existing
 * files and directories, onto itself, a directory into its own subtree, a non-empty target
 * directory, hard links to a directory and to a symlink (follow_symlinks), names ending in
 * "/", dangling symlinks, dir_fd variants (linkat with AT_SYMLINK_FOLLOW).
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import errno, os, stat, shutil\n"
"\n"
"def kind(mode):\n"
"    for f, n in ((stat.S_ISDIR, \"dir\"), (stat.S_ISREG, \"reg\"), (stat.S_ISLNK, \"lnk\"), (stat.S_ISFIFO, \"fifo\"), (stat.S_ISSOCK, \"sock\")):\n"
"        if f(mode):\n"
"            return n\n"
"    return \"other\"\n"
"\n"
"os.makedirs(\"t/a/b\")\n"
"os.makedirs(\"t/c\")\n"
"open(\"t/f1\", \"w\").close()\n"
"open(\"t/a/f2\", \"w\").close()\n"
"os.link(\"t/f1\", \"t/a/hard\")\n"
"os.symlink(\"a\", \"t/link-dir\")\n"
"os.symlink(\"f1\", \"t/link-file\")\n"
"os.symlink(\"nowhere\", \"t/dangling\")\n"
"os.symlink(\"..\", \"t/a/b/up\")          # a loop back to t/a\n"
"os.mkfifo(\"t/fifo\")\n"
"\n"
"print(\"scandir t:\")\n"
"for e in sorted(os.scandir(\"t\"), key=lambda e: e.name):\n"
"    st = e.stat(follow_symlinks=False)\n"
"    try:\n"
"        fst = kind(e.stat().st_mode)\n"
"    except FileNotFoundError:\n"
"        fst = \"ENOENT\"\n"
"    print(\"  %-10s is_dir %-5s is_dir(nofollow) %-5s is_file %-5s is_symlink %-5s lstat %s nlink %d stat %s\" % (\n"
"        e.name, e.is_dir(), e.is_dir(follow_symlinks=False), e.is_file(), e.is_symlink(), kind(st.st_mode), st.st_nlink, fst))\n"
"fd = os.open(\"t\", os.O_RDONLY | os.O_DIRECTORY)\n"
"names = sorted(e.name for e in os.scandir(fd))\n"
"print(\"scandir(fd) names:\", names)\n"
"print(\"scandir(fd) entry path is the name:\", all(e.path == e.name for e in os.scandir(fd)))\n"
"print(\"stat with dir_fd: a/f2\", kind(os.stat(\"a/f2\", dir_fd=fd).st_mode), \"link-dir nofollow\",\n"
"      kind(os.stat(\"link-dir\", dir_fd=fd, follow_symlinks=False).st_mode), \"nlink of f1\", os.stat(\"f1\", dir_fd=fd).st_nlink)\n"
"print(\"readlink with dir_fd:\", os.readlink(\"a/b/up\", dir_fd=fd))\n"
"try:\n"
"    os.stat(\"dangling\", dir_fd=fd)\n"
"except FileNotFoundError as e:\n"
"    print(\"stat dangling with dir_fd:\", errno.errorcode[e.errno])\n"
"os.close(fd)\n"
"\n"
"def walk(label, **kw):\n"
"    out = []\n"
"    for root, dirs, files in os.walk(\"t\", **kw):\n"
"        dirs.sort()\n"
"        out.append(\"%s:%s|%s\" % (root, \",\".join(dirs), \",\".join(sorted(files))))\n"
"    print(label, out)\n"
"walk(\"walk topdown:\")\n"
"walk(\"walk bottom-up:\", topdown=False)\n"
"seen = []\n"
"for root, dirs, files in os.walk(\"t\", followlinks=True):\n"
"    dirs.sort()\n"
"    seen.append(root)\n"
"    if len(seen) > 30:\n"
"        break\n"
"print(\"walk followlinks (loop through a/b/up) visits > 10 roots:\", len(seen) > 10, \"first:\", seen[:4])\n"
"errs = []\n"
"list(os.walk(\"missing\", onerror=lambda e: errs.append(errno.errorcode[e.errno])))\n"
"print(\"walk of a missing dir: onerror\", errs)\n"
"\n"
"out = []\n"
"for root, dirs, files, rootfd in os.fwalk(\"t\"):\n"
"    dirs.sort()\n"
"    kinds = sorted(\"%s=%s/%d\" % (n, kind(os.stat(n, dir_fd=rootfd, follow_symlinks=False).st_mode),\n"
"                                 os.stat(n, dir_fd=rootfd, follow_symlinks=False).st_nlink) for n in files + dirs)\n"
"    out.append(\"%s: %s\" % (root, \" \".join(kinds)))\n"
"print(\"fwalk with stat(dir_fd=rootfd, follow_symlinks=False):\")\n"
"for line in out:\n"
"    print(\"  \" + line)\n"
"out = [root for root, dirs, files, rootfd in os.fwalk(\"t\", topdown=False)]\n"
"print(\"fwalk bottom-up roots:\", sorted(out))\n"
"dfd = os.open(\".\", os.O_RDONLY)\n"
"print(\"fwalk with dir_fd and relative top:\", sorted(r for r, d, f, x in os.fwalk(\"t/a\", dir_fd=dfd)))\n"
"os.close(dfd)\n"
"\n"
"def attempt(label, fn):\n"
"    try:\n"
"        fn()\n"
"        print(label + \": ok\")\n"
"    except OSError as e:\n"
"        print(label + \":\", type(e).__name__, errno.errorcode[e.errno])\n"
"\n"
"def fresh():\n"
"    shutil.rmtree(\"r\", ignore_errors=True)\n"
"    os.makedirs(\"r/d1/sub\")\n"
"    os.makedirs(\"r/d2\")\n"
"    os.makedirs(\"r/full/x\")\n"
"    open(\"r/f\", \"w\").close()\n"
"    with open(\"r/g\", \"w\") as g:\n"
"        g.write(\"g\")\n"
"    os.symlink(\"f\", \"r/lf\")\n"
"    os.symlink(\"nowhere\", \"r/dang\")\n"
"    os.symlink(\"d1\", \"r/ld\")\n"
"\n"
"fresh()\n"
"attempt(\"link file -> new\", lambda: os.link(\"r/f\", \"r/f-hard\"))\n"
"print(\"  nlink now:\", os.stat(\"r/f\").st_nlink)\n"
"attempt(\"link onto an existing name\", lambda: os.link(\"r/f\", \"r/g\"))\n"
"attempt(\"link onto a dangling symlink\", lambda: os.link(\"r/f\", \"r/dang\"))\n"
"attempt(\"link a directory\", lambda: os.link(\"r/d1\", \"r/d1-hard\"))\n"
"attempt(\"link a missing file\", lambda: os.link(\"r/none\", \"r/x\"))\n"
"attempt(\"link into a missing dir\", lambda: os.link(\"r/f\", \"r/none/x\"))\n"
"attempt(\"link a symlink, follow_symlinks=False\", lambda: os.link(\"r/lf\", \"r/lf-hard\", follow_symlinks=False))\n"
"print(\"  r/lf-hard is a symlink:\", os.path.islink(\"r/lf-hard\"), \"lstat nlink of r/lf:\", os.lstat(\"r/lf\").st_nlink)\n"
"attempt(\"link a symlink, default (plain link(2))\", lambda: os.link(\"r/lf\", \"r/lf-plain\"))\n"
"print(\"  r/lf-plain is a symlink:\", os.path.islink(\"r/lf-plain\"))\n"
"rfd = os.open(\"r\", os.O_RDONLY | os.O_DIRECTORY)\n"
"attempt(\"link a symlink, follow_symlinks=True with dir_fd (AT_SYMLINK_FOLLOW)\", lambda: os.link(\"lf\", \"lf-followed\", src_dir_fd=rfd, dst_dir_fd=rfd))\n"
"print(\"  r/lf-followed is a symlink:\", os.path.islink(\"r/lf-followed\"), \"nlink of f:\", os.stat(\"r/f\").st_nlink)\n"
"attempt(\"link a dangling symlink with AT_SYMLINK_FOLLOW\", lambda: os.link(\"dang\", \"dang2\", src_dir_fd=rfd, dst_dir_fd=rfd))\n"
"attempt(\"link a symlink to a dir with AT_SYMLINK_FOLLOW\", lambda: os.link(\"ld\", \"ld2\", src_dir_fd=rfd, dst_dir_fd=rfd))\n"
"attempt(\"link with a trailing slash on the source\", lambda: os.link(\"r/f/\", \"r/f3\"))\n"
"attempt(\"link with a trailing slash on the target\", lambda: os.link(\"r/f\", \"r/f4/\"))\n"
"attempt(\"symlink onto an existing name\", lambda: os.symlink(\"x\", \"r/f\"))\n"
"attempt(\"symlink onto a dangling symlink\", lambda: os.symlink(\"x\", \"r/dang\"))\n"
"attempt(\"symlink with an empty target\", lambda: os.symlink(\"\", \"r/empty\"))\n"
"attempt(\"symlink named with a trailing slash\", lambda: os.symlink(\"f\", \"r/newlink/\"))\n"
"attempt(\"symlink in a missing dir\", lambda: os.symlink(\"f\", \"r/none/l\"))\n"
"attempt(\"symlink with dir_fd\", lambda: os.symlink(\"target-text\", \"viafd\", dir_fd=rfd))\n"
"print(\"  readlink:\", os.readlink(\"r/viafd\"))\n"
"os.close(rfd)\n"
"\n"
"fresh()\n"
"attempt(\"rename file onto file\", lambda: os.rename(\"r/g\", \"r/f\"))\n"
"print(\"  r/g gone:\", not os.path.exists(\"r/g\"), \"r/f has g's content:\", open(\"r/f\").read() == \"g\")\n"
"attempt(\"rename onto itself\", lambda: os.rename(\"r/f\", \"r/f\"))\n"
"os.link(\"r/f\", \"r/twin\")\n"
"attempt(\"rename a hard link onto its twin (no-op)\", lambda: os.rename(\"r/f\", \"r/twin\"))\n"
"print(\"  both names still exist:\", os.path.exists(\"r/f\"), os.path.exists(\"r/twin\"))\n"
"attempt(\"rename file onto a directory\", lambda: os.rename(\"r/f\", \"r/d2\"))\n"
"attempt(\"rename directory onto a file\", lambda: os.rename(\"r/d2\", \"r/f\"))\n"
"attempt(\"rename directory onto an empty directory\", lambda: os.rename(\"r/d2\", \"r/d1/sub\"))\n"
"print(\"  r/d2 gone:\", not os.path.exists(\"r/d2\"), \"r/d1/sub still a dir:\", os.path.isdir(\"r/d1/sub\"))\n"
"attempt(\"rename directory onto a non-empty directory\", lambda: os.rename(\"r/d1\", \"r/full\"))\n"
"attempt(\"rename a directory into its own subtree\", lambda: os.rename(\"r/d1\", \"r/d1/sub/inner\"))\n"
"attempt(\"rename a missing name\", lambda: os.rename(\"r/none\", \"r/x\"))\n"
"attempt(\"rename into a missing dir\", lambda: os.rename(\"r/f\", \"r/none/x\"))\n"
"attempt(\"rename file with a trailing slash on the target\", lambda: os.rename(\"r/twin\", \"r/f2/\"))\n"
"attempt(\"rename file with a trailing slash on the source\", lambda: os.rename(\"r/twin/\", \"r/f2\"))\n"
"attempt(\"rename dir with trailing slashes\", lambda: os.rename(\"r/full/\", \"r/full2/\"))\n"
"attempt(\"rename '.'\", lambda: os.rename(\"r/.\", \"r/dot\"))\n"
"attempt(\"rename onto '..'\", lambda: os.rename(\"r/full2/x\", \"r/full2/..\"))\n"
"attempt(\"rename a symlink to a dir onto a dir\", lambda: os.rename(\"r/ld\", \"r/full2/x\"))\n"
"attempt(\"rename a dir onto a symlink to a dir\", lambda: os.rename(\"r/full2/x\", \"r/ld\"))\n"
"print(\"  r/ld:\", kind(os.lstat(\"r/ld\").st_mode))\n"
"fresh()\n"
"attempt(\"replace a symlink with a file\", lambda: os.replace(\"r/g\", \"r/lf\"))\n"
"print(\"  r/lf:\", kind(os.lstat(\"r/lf\").st_mode), \"r/f untouched and empty:\", os.path.getsize(\"r/f\") == 0)\n"
"attempt(\"replace a dangling symlink (the link itself is replaced)\", lambda: os.replace(\"r/f\", \"r/dang\"))\n"
"print(\"  r/dang:\", kind(os.lstat(\"r/dang\").st_mode), \"nowhere created:\", os.path.exists(\"r/nowhere\"))\n"
"attempt(\"replace a file with a directory\", lambda: os.replace(\"r/d2\", \"r/dang\"))\n"
"src, dst = os.open(\"r\", os.O_RDONLY), os.open(\"r/full\", os.O_RDONLY)\n"
"attempt(\"rename across dir_fds\", lambda: os.rename(\"dang\", \"moved\", src_dir_fd=src, dst_dir_fd=dst))\n"
"print(\"  moved:\", os.path.exists(\"r/full/moved\"))\n"
"os.close(src); os.close(dst)\n"
"attempt(\"rmdir a non-empty dir\", lambda: os.rmdir(\"r/full\"))\n"
"attempt(\"rmdir a symlink to a dir\", lambda: os.rmdir(\"r/ld\"))\n"
"attempt(\"unlink a directory\", lambda: os.unlink(\"r/full\"))\n"
"attempt(\"unlink with a trailing slash\", lambda: os.unlink(\"r/ld/\"))\n"
"attempt(\"removedirs\", lambda: (os.makedirs(\"r/q/w/e\"), os.removedirs(\"r/q/w/e\")))\n"
"print(\"  r/q gone:\", not os.path.exists(\"r/q\"))\n"
"shutil.rmtree(\"r\")\n"
"shutil.rmtree(\"t\")\n"
"print(\"left:\", os.listdir(\".\"))\n";

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
