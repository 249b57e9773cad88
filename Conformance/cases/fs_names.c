// syscalls: unlink unlinkat rename renameat renameat2 link linkat symlink symlinkat readlink readlinkat mknod mknodat openat close newfstatat
// expect: same
/* Names: unlink, rename (incl. RENAME_NOREPLACE and RENAME_EXCHANGE), hard links, symlinks
 * (relative and absolute, resolved from elsewhere), readlink, and mknod of FIFOs, sockets and
 * regular files. The non-at calls are raw syscalls (glibc would call the *at variants). */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

static int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

static void put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

static void show(const char *label, const char *path) {
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s: \"%s\"\n", label, n > 0 ? buf : "");
}

static int same(const char *a, const char *b) {
    struct stat x, y;
    return lstat(a, &x) == 0 && lstat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static long nlink(const char *p) {
    struct stat st;
    return lstat(p, &st) == 0 ? (long)st.st_nlink : -1;
}

static void rl(const char *label, long r, const char *buf) {
    if (r < 0) printf("%s: %s\n", label, errname(errno));
    else printf("%s: %ld \"%.*s\"\n", label, r, (int)r, buf);
}

int main(void) {
    umask(022);
    char dir[] = "/tmp/conf-fsnames-XXXXXX";
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); return 1; }
    MUST(chdir(dir));
    struct stat st;
    char p[512], buf[256];
    put("a", "A");
    put("b", "B");
    MUST(mkdir("d", 0755));
    MUST(mkdir("e", 0755));
    put("e/inside", "I");
    MUST(mkdir("empty", 0755));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);

    /* symlink / symlinkat / readlink / readlinkat */
    REPORT("symlink rel -> a", syscall(SYS_symlink, "a", "rel"));
    snprintf(p, sizeof p, "%s/a", dir);
    REPORT("symlink abs -> <dir>/a", syscall(SYS_symlink, p, "abs"));
    REPORT("symlinkat(d, up -> ../b)", symlinkat("../b", dfd, "up"));
    REPORT("symlinkat(d, dotdot -> ..)", symlinkat("..", dfd, "dotdot"));
    REPORT("symlink onto existing name", syscall(SYS_symlink, "x", "a"));
    REPORT("symlink empty target", syscall(SYS_symlink, "", "emptytarget"));
    REPORT("symlink in missing dir", syscall(SYS_symlink, "a", "missing/l"));
    REPORT("symlink name with trailing slash", syscall(SYS_symlink, "a", "sl/"));
    REPORT("symlink dangling ok", syscall(SYS_symlink, "nowhere/at/all", "dangling"));
    REPORT("symlink NULL target", syscall(SYS_symlink, NULL, "nulltarget"));
    show("read via rel", "rel");
    show("read via abs", "abs");
    show("read d/up (relative to the link's dir)", "d/up");
    show("read d/dotdot/a", "d/dotdot/a");
    show("read dangling", "dangling");
    MUST(chdir("d"));
    show("from d: read ../rel (target relative to link, not cwd)", "../rel");
    MUST(chdir(".."));
    rl("readlink rel", syscall(SYS_readlink, "rel", buf, sizeof buf), buf);
    FACT("readlink abs is <dir>/a", syscall(SYS_readlink, "abs", buf, sizeof buf) == (long)strlen(p) &&
         memcmp(buf, p, strlen(p)) == 0);
    rl("readlink dangling", syscall(SYS_readlink, "dangling", buf, sizeof buf), buf);
    memset(buf, '#', sizeof buf);
    rl("readlink truncated to 4", syscall(SYS_readlink, "dangling", buf, 4), buf);
    FACT("  no NUL written after", buf[4] == '#');
    rl("readlink size 0", syscall(SYS_readlink, "rel", buf, 0), buf);
    rl("readlink size -1", syscall(SYS_readlink, "rel", buf, -1), buf);
    rl("readlink bad buffer", syscall(SYS_readlink, "rel", (void *)1, 16), buf);
    rl("readlink on a file", syscall(SYS_readlink, "a", buf, sizeof buf), buf);
    rl("readlink on a dir", syscall(SYS_readlink, "d", buf, sizeof buf), buf);
    rl("readlink missing", syscall(SYS_readlink, "missing", buf, sizeof buf), buf);
    rl("readlink \"\"", syscall(SYS_readlink, "", buf, sizeof buf), buf);
    rl("readlink rel/ (trailing slash follows)", syscall(SYS_readlink, "rel/", buf, sizeof buf), buf);
    rl("readlink d/dotdot/rel (intermediate link followed)", syscall(SYS_readlink, "d/dotdot/rel", buf, sizeof buf), buf);
    rl("readlinkat(d, up)", readlinkat(dfd, "up", buf, sizeof buf), buf);
    rl("readlinkat(d, ../rel)", readlinkat(dfd, "../rel", buf, sizeof buf), buf);
    int lfd = open("rel", O_PATH | O_NOFOLLOW);
    MUST(lfd);
    rl("readlinkat(O_PATH link fd, \"\")", readlinkat(lfd, "", buf, sizeof buf), buf);
    close(lfd);
    lfd = open("a", O_PATH);
    rl("readlinkat(O_PATH file fd, \"\")", readlinkat(lfd, "", buf, sizeof buf), buf);
    close(lfd);
    rl("readlinkat(dir fd, \"\")", readlinkat(dfd, "", buf, sizeof buf), buf);
    rl("readlinkat(-1, relative)", readlinkat(-1, "rel", buf, sizeof buf), buf);

    /* link / linkat */
    REPORT("link a -> hard", syscall(SYS_link, "a", "hard"));
    FACT("same inode", same("a", "hard"));
    printf("nlink: %ld\n", nlink("a"));
    REPORT("link onto existing", syscall(SYS_link, "a", "b"));
    REPORT("link a directory", syscall(SYS_link, "d", "dlink"));
    REPORT("link missing", syscall(SYS_link, "missing", "x"));
    REPORT("link into missing dir", syscall(SYS_link, "a", "missing/x"));
    REPORT("link new name with trailing slash", syscall(SYS_link, "a", "x/"));
    REPORT("link source with trailing slash", syscall(SYS_link, "a/", "x"));
    REPORT("link a symlink (not followed)", syscall(SYS_link, "rel", "hardrel"));
    FACT("  hardrel is the symlink", same("hardrel", "rel"));
    REPORT("link a dangling symlink", syscall(SYS_link, "dangling", "harddangling"));
    REPORT("linkat AT_SYMLINK_FOLLOW through rel", linkat(AT_FDCWD, "rel", AT_FDCWD, "hardfollow", AT_SYMLINK_FOLLOW));
    FACT("  hardfollow is a", same("hardfollow", "a"));
    REPORT("linkat AT_SYMLINK_FOLLOW through dangling", linkat(AT_FDCWD, "dangling", AT_FDCWD, "y", AT_SYMLINK_FOLLOW));
    REPORT("linkat(d, up) -> (AT_FDCWD, viaup) no follow", linkat(dfd, "up", AT_FDCWD, "viaup", 0));
    REPORT("linkat(AT_FDCWD, b) -> (d, b2)", linkat(AT_FDCWD, "b", dfd, "b2", 0));
    FACT("  d/b2 is b", same("d/b2", "b"));
    REPORT("linkat bad flags", linkat(AT_FDCWD, "a", AT_FDCWD, "z", 0x8000));
    REPORT("linkat bad dirfd", linkat(9999, "a", AT_FDCWD, "z", 0));
    printf("nlink of a now: %ld\n", nlink("a"));

    /* unlink / unlinkat */
    REPORT("unlink hard", syscall(SYS_unlink, "hard"));
    printf("nlink of a after unlink: %ld\n", nlink("a"));
    REPORT("unlink a directory", syscall(SYS_unlink, "empty"));
    REPORT("unlink missing", syscall(SYS_unlink, "missing"));
    REPORT("unlink a/ (trailing slash on file)", syscall(SYS_unlink, "a/"));
    REPORT("unlink rel/ (trailing slash on symlink)", syscall(SYS_unlink, "rel/"));
    REPORT("unlink a/x", syscall(SYS_unlink, "a/x"));
    REPORT("unlink \"\"", syscall(SYS_unlink, ""));
    REPORT("unlink .", syscall(SYS_unlink, "."));
    REPORT("unlink hardrel (symlink, not its target)", syscall(SYS_unlink, "hardrel"));
    FACT("  a still exists", stat("a", &st) == 0);
    {
        int fd = open("open-then-unlinked", O_CREAT | O_RDWR, 0600);
        MUST(fd);
        MUST(write(fd, "still here", 10));
        REPORT("unlink an open file", syscall(SYS_unlink, "open-then-unlinked"));
        MUST(fstat(fd, &st));
        printf("  open file nlink=%ld, reads: ", (long)st.st_nlink);
        char t[16] = {0};
        printf("%zd\n", pread(fd, t, sizeof t - 1, 0));
        close(fd);
    }
    REPORT("unlinkat(d, b2)", unlinkat(dfd, "b2", 0));
    REPORT("unlinkat(AT_FDCWD, empty, AT_REMOVEDIR)", unlinkat(AT_FDCWD, "empty", AT_REMOVEDIR));
    REPORT("unlinkat AT_REMOVEDIR on a file", unlinkat(AT_FDCWD, "b", AT_REMOVEDIR));
    REPORT("unlinkat AT_REMOVEDIR non-empty", unlinkat(AT_FDCWD, "e", AT_REMOVEDIR));
    REPORT("unlinkat bad flags", unlinkat(AT_FDCWD, "b", 0x1));
    REPORT("unlinkat(file fd, x)", unlinkat(open("b", O_RDONLY), "x", 0));
    REPORT("unlinkat(-1, relative)", unlinkat(-1, "b", 0));

    /* rename / renameat / renameat2 */
    put("r1", "one");
    put("r2", "two");
    REPORT("rename r1 -> r3", syscall(SYS_rename, "r1", "r3"));
    FACT("  r1 gone", lstat("r1", &st) != 0);
    REPORT("rename r3 -> r2 (replaces)", syscall(SYS_rename, "r3", "r2"));
    show("  r2", "r2");
    REPORT("rename missing", syscall(SYS_rename, "r1", "r4"));
    REPORT("rename onto itself", syscall(SYS_rename, "r2", "r2"));
    MUST(link("r2", "r2hard"));
    REPORT("rename onto a hard link of itself", syscall(SYS_rename, "r2", "r2hard"));
    FACT("  both names remain", lstat("r2", &st) == 0 && lstat("r2hard", &st) == 0);
    REPORT("rename file onto a dir", syscall(SYS_rename, "r2", "e"));
    MUST(mkdir("m", 0755));
    MUST(mkdir("n", 0755));
    REPORT("rename dir onto a file", syscall(SYS_rename, "m", "r2"));
    REPORT("rename dir onto non-empty dir", syscall(SYS_rename, "m", "e"));
    REPORT("rename dir onto empty dir", syscall(SYS_rename, "m", "n"));
    FACT("  m gone, n is a dir", lstat("m", &st) != 0 && stat("n", &st) == 0 && S_ISDIR(st.st_mode));
    REPORT("rename dir into its own subdir", syscall(SYS_rename, "e", "e/sub"));
    REPORT("rename dir to its own name/.", syscall(SYS_rename, "n", "n/."));
    REPORT("rename . -> x", syscall(SYS_rename, ".", "x"));
    REPORT("rename x -> ..", syscall(SYS_rename, "r2", ".."));
    REPORT("rename dir with trailing slash", syscall(SYS_rename, "n/", "n2/"));
    REPORT("rename file with trailing slash on source", syscall(SYS_rename, "r2/", "r5"));
    REPORT("rename file to name with trailing slash", syscall(SYS_rename, "r2", "r5/"));
    REPORT("rename into missing dir", syscall(SYS_rename, "r2", "missing/r"));
    REPORT("rename \"\" -> x", syscall(SYS_rename, "", "x"));
    REPORT("rename x -> \"\"", syscall(SYS_rename, "r2", ""));
    REPORT("rename a symlink (moves the link)", syscall(SYS_rename, "rel", "d/rel"));
    show("  d/rel now resolves relative to d", "d/rel");
    REPORT("renameat(d, rel) -> (AT_FDCWD, rel)", renameat(dfd, "rel", AT_FDCWD, "rel"));
    show("  rel", "rel");
    REPORT("renameat(-1, ...)", renameat(-1, "r2", AT_FDCWD, "r6"));
    put("x1", "x-one");
    put("x2", "x-two");
    REPORT("RENAME_NOREPLACE onto existing", renameat2(AT_FDCWD, "x1", AT_FDCWD, "x2", RENAME_NOREPLACE));
    REPORT("RENAME_NOREPLACE onto new", renameat2(AT_FDCWD, "x1", AT_FDCWD, "x3", RENAME_NOREPLACE));
    REPORT("RENAME_NOREPLACE onto dangling symlink", renameat2(AT_FDCWD, "x3", AT_FDCWD, "dangling", RENAME_NOREPLACE));
    REPORT("RENAME_EXCHANGE files", renameat2(AT_FDCWD, "x2", AT_FDCWD, "x3", RENAME_EXCHANGE));
    show("  x2", "x2");
    show("  x3", "x3");
    REPORT("RENAME_EXCHANGE file and dir", renameat2(AT_FDCWD, "x2", dfd, "..", RENAME_EXCHANGE));
    REPORT("RENAME_EXCHANGE file and dir d", renameat2(AT_FDCWD, "x2", AT_FDCWD, "d", RENAME_EXCHANGE));
    FACT("  x2 is now the dir, d the file", stat("x2", &st) == 0 && S_ISDIR(st.st_mode) && stat("d", &st) == 0 && S_ISREG(st.st_mode));
    REPORT("  exchange back", renameat2(AT_FDCWD, "x2", AT_FDCWD, "d", RENAME_EXCHANGE));
    REPORT("RENAME_EXCHANGE with missing", renameat2(AT_FDCWD, "x2", AT_FDCWD, "nothere", RENAME_EXCHANGE));
    REPORT("RENAME_EXCHANGE|RENAME_NOREPLACE", renameat2(AT_FDCWD, "x2", AT_FDCWD, "x3", RENAME_EXCHANGE | RENAME_NOREPLACE));
    REPORT("renameat2 unknown flag", renameat2(AT_FDCWD, "x2", AT_FDCWD, "x3", 1 << 10));
    REPORT("RENAME_EXCHANGE dir into its own subdir", renameat2(AT_FDCWD, "e", AT_FDCWD, "e/inside", RENAME_EXCHANGE));
    REPORT("RENAME_WHITEOUT", renameat2(AT_FDCWD, "x3", AT_FDCWD, "x4", RENAME_WHITEOUT));
    MUST(lstat("x3", &st));
    printf("  whiteout left behind: %s rdev=%u:%u\n", S_ISCHR(st.st_mode) ? "chr" : "?", major(st.st_rdev), minor(st.st_rdev));
    MUST(unlink("x3"));
    MUST(rename("x4", "x3"));
    REPORT("RENAME_WHITEOUT|RENAME_EXCHANGE", renameat2(AT_FDCWD, "x2", AT_FDCWD, "x3", RENAME_WHITEOUT | RENAME_EXCHANGE));
    REPORT("renameat2 flags 0 replaces", renameat2(AT_FDCWD, "x2", AT_FDCWD, "x3", 0));
    show("  x3", "x3");

    /* mknod / mknodat */
    REPORT("mknod FIFO", syscall(SYS_mknod, "fifo", S_IFIFO | 0640, 0));
    MUST(lstat("fifo", &st));
    printf("  fifo: %s mode=%o\n", S_ISFIFO(st.st_mode) ? "fifo" : "?", st.st_mode & 07777);
    REPORT("mknod FIFO again", syscall(SYS_mknod, "fifo", S_IFIFO | 0600, 0));
    REPORT("mknod regular", syscall(SYS_mknod, "regular", S_IFREG | 0600, 0));
    FACT("  is a regular file", lstat("regular", &st) == 0 && S_ISREG(st.st_mode));
    REPORT("mknod type 0 (regular)", syscall(SYS_mknod, "regular0", 0600, 0));
    FACT("  is a regular file", lstat("regular0", &st) == 0 && S_ISREG(st.st_mode));
    REPORT("mknod socket", syscall(SYS_mknod, "sock", S_IFSOCK | 0600, 0));
    FACT("  is a socket", lstat("sock", &st) == 0 && S_ISSOCK(st.st_mode));
    REPORT("mknod directory type", syscall(SYS_mknod, "mkdir", S_IFDIR | 0700, 0));
    REPORT("mknod bogus type", syscall(SYS_mknod, "bogus", 0170000 | 0600, 0));
    REPORT("mknod in missing dir", syscall(SYS_mknod, "missing/f", S_IFIFO | 0600, 0));
    REPORT("mknod on dangling symlink", syscall(SYS_mknod, "dangling", S_IFIFO | 0600, 0));
    REPORT("mknod trailing slash", syscall(SYS_mknod, "fifo2/", S_IFIFO | 0600, 0));
    REPORT("mknodat(d, fifo)", mknodat(dfd, "fifo", S_IFIFO | 0600, 0));
    FACT("  d/fifo is a fifo", lstat("d/fifo", &st) == 0 && S_ISFIFO(st.st_mode));
    REPORT("mknodat(-1, relative)", mknodat(-1, "x", S_IFIFO | 0600, 0));

    close(dfd);
    MUST(chdir("/"));
    MUST(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    FACT("cleaned up", stat(dir, &st) != 0);
    return 0;
}
