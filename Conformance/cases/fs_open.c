// syscalls: open openat openat2 creat linkat close read write newfstatat
// expect: same
/* Opening by path: creation, truncation, O_EXCL, O_DIRECTORY, O_NOFOLLOW, dangling symlinks,
 * O_TMPFILE made visible with linkat through /proc/self/fd, openat from directory fds and
 * `..` chains, and openat2's open_how and RESOLVE_* rules. open and creat are made as raw
 * syscalls (glibc would call openat). */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

static long sys_open(const char *p, int flags, int mode) { return syscall(SYS_open, p, flags, mode); }

static long oa2(int dirfd, const char *p, long long flags, long long mode, long long resolve) {
    struct open_how how = { .flags = flags, .mode = mode, .resolve = resolve };
    return syscall(SYS_openat2, dirfd, p, &how, sizeof how);
}

/* "label: ok" and close the descriptor, or "label: ENAME". */
#define OPEN(label, expr) do {                                        \
        errno = 0;                                                    \
        long fd_ = (long)(expr);                                      \
        if (fd_ < 0) printf("%s: %s\n", (label), errname(errno));     \
        else { printf("%s: ok\n", (label)); close((int)fd_); }        \
    } while (0)

static int same_file(int fd, const char *path) {
    struct stat a, b;
    if (fstat(fd, &a) != 0 || stat(path, &b) != 0) return 0;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static void content(const char *label, const char *path) {
    char buf[64] = {0};
    int fd = sys_open(path, O_RDONLY, 0);
    if (fd < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s: %zd \"%s\"\n", label, n, n > 0 ? buf : "");
}

int main(void) {
    umask(022);
    char dir[] = "/tmp/conf-fsopen-XXXXXX";
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); return 1; }
    MUST(chdir(dir));
    struct stat st;

    /* open(2), raw */
    int fd = sys_open("f", O_CREAT | O_EXCL | O_WRONLY, 0666);
    MUST(fd);
    MUST(fstat(fd, &st));
    printf("open O_CREAT mode 0666 under umask 022: %o\n", st.st_mode & 07777);
    MUST(write(fd, "hello", 5));
    close(fd);
    OPEN("open O_CREAT|O_EXCL existing", sys_open("f", O_CREAT | O_EXCL | O_WRONLY, 0600));
    OPEN("open O_EXCL without O_CREAT existing", sys_open("f", O_EXCL | O_RDONLY, 0));
    OPEN("open missing", sys_open("missing", O_RDONLY, 0));
    OPEN("open missing/child", sys_open("missing/child", O_CREAT | O_WRONLY, 0600));
    OPEN("open file/child", sys_open("f/child", O_RDONLY, 0));
    OPEN("open file/ (trailing slash)", sys_open("f/", O_RDONLY, 0));
    OPEN("open new/ O_CREAT (trailing slash)", sys_open("new/", O_CREAT | O_WRONLY, 0600));
    OPEN("open file O_DIRECTORY", sys_open("f", O_RDONLY | O_DIRECTORY, 0));
    OPEN("open O_CREAT|O_DIRECTORY new", sys_open("newdir", O_CREAT | O_DIRECTORY | O_RDONLY, 0700));
    FACT("O_CREAT|O_DIRECTORY left nothing", lstat("newdir", &st) != 0);
    MUST(mkdir("d", 0755));
    OPEN("open dir O_RDONLY", sys_open("d", O_RDONLY, 0));
    OPEN("open dir O_WRONLY", sys_open("d", O_WRONLY, 0));
    OPEN("open dir O_RDWR", sys_open("d", O_RDWR, 0));
    OPEN("open dir O_CREAT", sys_open("d", O_CREAT | O_RDONLY, 0600));
    OPEN("open dir O_CREAT|O_EXCL", sys_open("d", O_CREAT | O_EXCL | O_RDONLY, 0600));
    OPEN("open dir/ O_DIRECTORY", sys_open("d/", O_RDONLY | O_DIRECTORY, 0));
    OPEN("open dir/. O_DIRECTORY", sys_open("d/.", O_RDONLY | O_DIRECTORY, 0));
    OPEN("open . O_CREAT", sys_open(".", O_CREAT | O_RDONLY, 0600));

    /* O_TRUNC and O_APPEND */
    fd = sys_open("f", O_WRONLY | O_APPEND, 0);
    MUST(fd);
    MUST(write(fd, " world", 6));
    close(fd);
    content("after O_APPEND", "f");
    fd = sys_open("f", O_RDWR | O_TRUNC, 0);
    MUST(fd);
    MUST(fstat(fd, &st));
    printf("size after O_TRUNC: %ld\n", (long)st.st_size);
    MUST(write(fd, "abc", 3));
    close(fd);
    OPEN("open O_RDONLY|O_TRUNC", sys_open("f", O_RDONLY | O_TRUNC, 0));
    MUST(stat("f", &st));
    printf("size after O_RDONLY|O_TRUNC: %ld\n", (long)st.st_size);

    /* creat(2), raw: creates, truncates, refuses directories */
    fd = syscall(SYS_creat, "c", 0640);
    MUST(fd);
    MUST(fstat(fd, &st));
    printf("creat mode: %o size=%ld\n", st.st_mode & 07777, (long)st.st_size);
    MUST(write(fd, "xyz", 3));
    char b;
    REPORT("read from creat fd (O_WRONLY)", read(fd, &b, 1));
    close(fd);
    fd = syscall(SYS_creat, "c", 0600);
    MUST(fd);
    MUST(fstat(fd, &st));
    printf("creat existing: mode=%o size=%ld\n", st.st_mode & 07777, (long)st.st_size);
    close(fd);
    OPEN("creat on a directory", syscall(SYS_creat, "d", 0600));
    OPEN("creat in missing dir", syscall(SYS_creat, "missing/x", 0600));
    OPEN("creat file/x", syscall(SYS_creat, "f/x", 0600));

    /* symlinks */
    MUST(symlink("f", "lf"));
    MUST(symlink("d", "ld"));
    MUST(symlink("target-not-there", "dangling"));
    OPEN("open symlink to file", sys_open("lf", O_RDONLY, 0));
    OPEN("open symlink O_NOFOLLOW", sys_open("lf", O_RDONLY | O_NOFOLLOW, 0));
    OPEN("open symlink-to-dir O_NOFOLLOW|O_DIRECTORY", sys_open("ld", O_RDONLY | O_NOFOLLOW | O_DIRECTORY, 0));
    OPEN("open through symlinked dir O_NOFOLLOW", openat(AT_FDCWD, "ld/../f", O_RDONLY | O_NOFOLLOW));
    fd = sys_open("lf", O_PATH | O_NOFOLLOW, 0);
    MUST(fd);
    MUST(fstat(fd, &st));
    FACT("O_PATH|O_NOFOLLOW gives the link itself", S_ISLNK(st.st_mode));
    REPORT("read on O_PATH fd", read(fd, &b, 1));
    close(fd);
    OPEN("open dangling symlink", sys_open("dangling", O_RDONLY, 0));
    OPEN("open dangling O_CREAT|O_EXCL", sys_open("dangling", O_CREAT | O_EXCL | O_WRONLY, 0600));
    FACT("O_EXCL did not create the target", lstat("target-not-there", &st) != 0);
    OPEN("open dangling O_CREAT|O_NOFOLLOW", sys_open("dangling", O_CREAT | O_NOFOLLOW | O_WRONLY, 0600));
    OPEN("open dangling O_CREAT", sys_open("dangling", O_CREAT | O_WRONLY, 0600));
    FACT("O_CREAT through dangling symlink created the target", lstat("target-not-there", &st) == 0 && S_ISREG(st.st_mode));
    FACT("and the link is still a link", lstat("dangling", &st) == 0 && S_ISLNK(st.st_mode));

    /* openat relative to directory descriptors, and `..` chains */
    MUST(mkdir("d/e", 0755));
    MUST(mkdir("d/e/g", 0755));
    int dfd = sys_open("d/e/g", O_RDONLY | O_DIRECTORY, 0);
    MUST(dfd);
    fd = openat(dfd, "..", O_RDONLY | O_DIRECTORY);
    FACT("openat(g, \"..\") is e", fd >= 0 && same_file(fd, "d/e"));
    int fd2 = openat(fd, "..", O_RDONLY | O_DIRECTORY);
    FACT("openat(e, \"..\") is d", fd2 >= 0 && same_file(fd2, "d"));
    close(fd);
    fd = openat(fd2, "../..", O_PATH);
    FACT("openat(d, \"../..\") is /tmp", fd >= 0 && same_file(fd, "/tmp"));
    close(fd);
    close(fd2);
    fd = openat(dfd, "../../../../../../../../../../../..", O_RDONLY | O_DIRECTORY);
    FACT("many .. from g reach /", fd >= 0 && same_file(fd, "/"));
    fd2 = openat(fd, "..", O_RDONLY | O_DIRECTORY);
    FACT("openat(/, \"..\") is /", fd2 >= 0 && same_file(fd2, "/"));
    close(fd2);
    close(fd);
    OPEN("openat(g, \"../../../f\")", openat(dfd, "../../../f", O_RDONLY));
    OPEN("openat(g, \"new\", O_CREAT)", openat(dfd, "new", O_CREAT | O_WRONLY, 0600));
    FACT("it landed in d/e/g", stat("d/e/g/new", &st) == 0);
    int ffd = sys_open("f", O_RDONLY, 0);
    MUST(ffd);
    OPEN("openat(file fd, relative)", openat(ffd, "x", O_RDONLY));
    OPEN("openat(file fd, absolute)", openat(ffd, dir, O_RDONLY | O_DIRECTORY));
    OPEN("openat(file fd, \"\")", openat(ffd, "", O_RDONLY));
    OPEN("openat(-1, relative)", openat(-1, "f", O_RDONLY));
    OPEN("openat(-1, absolute)", openat(-1, "/tmp", O_RDONLY | O_DIRECTORY));
    OPEN("openat(9999, relative)", openat(9999, "f", O_RDONLY));
    close(ffd);
    int opath = sys_open("d", O_PATH | O_DIRECTORY, 0);
    MUST(opath);
    OPEN("openat(O_PATH dirfd, \"e\")", openat(opath, "e", O_RDONLY | O_DIRECTORY));
    close(opath);

    /* openat2 */
    int root = sys_open(".", O_RDONLY | O_DIRECTORY, 0);
    MUST(root);
    OPEN("openat2 plain", oa2(root, "f", O_RDONLY, 0, 0));
    OPEN("openat2 O_CREAT mode 0600", oa2(root, "o2", O_CREAT | O_WRONLY, 0600, 0));
    MUST(stat("o2", &st));
    printf("openat2 created mode: %o\n", st.st_mode & 07777);
    OPEN("openat2 mode without O_CREAT", oa2(root, "f", O_RDONLY, 0600, 0));
    OPEN("openat2 mode with stray bits", oa2(root, "o3", O_CREAT | O_WRONLY, 010000, 0));
    OPEN("openat2 unknown flag bit", oa2(root, "f", O_RDONLY | (1LL << 40), 0, 0));
    OPEN("openat2 unknown resolve bit", oa2(root, "f", O_RDONLY, 0, 1LL << 40));
    OPEN("openat2 RESOLVE_BENEATH|RESOLVE_IN_ROOT", oa2(root, "f", O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT));
    {
        struct { struct open_how how; long long extra; } big = { { O_RDONLY, 0, 0 }, 0 };
        OPEN("openat2 size 0", syscall(SYS_openat2, root, "f", &big, 0));
        OPEN("openat2 size 16", syscall(SYS_openat2, root, "f", &big, 16));
        OPEN("openat2 bigger size, zero tail", syscall(SYS_openat2, root, "f", &big, sizeof big));
        big.extra = 1;
        OPEN("openat2 bigger size, nonzero tail", syscall(SYS_openat2, root, "f", &big, sizeof big));
        OPEN("openat2 how=NULL", syscall(SYS_openat2, root, "f", NULL, sizeof(struct open_how)));
    }
    MUST(symlink("/f", "abs"));
    MUST(symlink("../../../f", "rel-up"));
    MUST(symlink("d/e", "rel-in"));
    OPEN("RESOLVE_BENEATH f", oa2(root, "f", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("RESOLVE_BENEATH d/e/../../f", oa2(root, "d/e/../../f", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("RESOLVE_BENEATH ../x", oa2(root, "../x", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("RESOLVE_BENEATH d/../../x", oa2(root, "d/../../x", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("RESOLVE_BENEATH absolute", oa2(root, "/tmp", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("RESOLVE_BENEATH symlink inside", oa2(root, "rel-in", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("RESOLVE_BENEATH symlink escaping", oa2(root, "rel-up", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("RESOLVE_BENEATH absolute symlink", oa2(root, "abs", O_RDONLY, 0, RESOLVE_BENEATH));
    fd = oa2(root, "abs", O_RDONLY, 0, RESOLVE_IN_ROOT);
    FACT("RESOLVE_IN_ROOT absolute symlink /f is ./f", fd >= 0 && same_file(fd, "f"));
    if (fd >= 0) close(fd);
    fd = oa2(root, "rel-up", O_RDONLY, 0, RESOLVE_IN_ROOT);
    FACT("RESOLVE_IN_ROOT ../../../f is ./f", fd >= 0 && same_file(fd, "f"));
    if (fd >= 0) close(fd);
    fd = oa2(root, "/d/e", O_RDONLY | O_DIRECTORY, 0, RESOLVE_IN_ROOT);
    FACT("RESOLVE_IN_ROOT /d/e is ./d/e", fd >= 0 && same_file(fd, "d/e"));
    if (fd >= 0) close(fd);
    OPEN("RESOLVE_NO_SYMLINKS on a symlink", oa2(root, "lf", O_RDONLY, 0, RESOLVE_NO_SYMLINKS));
    OPEN("RESOLVE_NO_SYMLINKS through a symlinked dir", oa2(root, "ld/e", O_RDONLY, 0, RESOLVE_NO_SYMLINKS));
    OPEN("RESOLVE_NO_SYMLINKS O_PATH|O_NOFOLLOW on a symlink", oa2(root, "lf", O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS));
    OPEN("RESOLVE_NO_SYMLINKS plain path", oa2(root, "d/e/g", O_RDONLY, 0, RESOLVE_NO_SYMLINKS));
    OPEN("RESOLVE_NO_XDEV within one dir", oa2(root, "d/e", O_RDONLY, 0, RESOLVE_NO_XDEV));
    OPEN("openat2 O_NOFOLLOW symlink", oa2(root, "lf", O_RDONLY | O_NOFOLLOW, 0, 0));
    OPEN("openat2 O_DIRECTORY on file", oa2(root, "f", O_RDONLY | O_DIRECTORY, 0, 0));
    OPEN("openat2 O_CREAT|O_EXCL existing", oa2(root, "f", O_CREAT | O_EXCL | O_WRONLY, 0600, 0));
    OPEN("openat2 missing", oa2(root, "missing", O_RDONLY, 0, 0));
    close(root);

    /* O_TMPFILE, then linkat through /proc/self/fd */
    fd = sys_open(".", O_TMPFILE | O_RDWR, 0600);
    if (fd < 0) {
        printf("O_TMPFILE: %s\n", errname(errno));
    } else {
        printf("O_TMPFILE: ok\n");
        MUST(write(fd, "tmpdata", 7));
        MUST(fstat(fd, &st));
        printf("O_TMPFILE nlink=%ld regular=%s\n", (long)st.st_nlink, S_ISREG(st.st_mode) ? "yes" : "no");
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        REPORT("linkat /proc/self/fd/N without AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, proc, AT_FDCWD, "nofollow", 0));
        REPORT("linkat /proc/self/fd/N AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, proc, AT_FDCWD, "named", AT_SYMLINK_FOLLOW));
        FACT("named is the tmpfile", same_file(fd, "named"));
        content("named content", "named");
        REPORT("linkat again onto existing name", linkat(AT_FDCWD, proc, AT_FDCWD, "named", AT_SYMLINK_FOLLOW));
        close(fd);
    }
    fd = sys_open(".", O_TMPFILE | O_RDWR | O_EXCL, 0600);
    if (fd >= 0) {
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        REPORT("linkat of O_TMPFILE|O_EXCL", linkat(AT_FDCWD, proc, AT_FDCWD, "excl", AT_SYMLINK_FOLLOW));
        close(fd);
    }
    fd = sys_open(".", O_TMPFILE | O_WRONLY, 0600);
    MUST(fd);
    /* Linux 6.10+ lets the opener's own credentials link it without CAP_DAC_READ_SEARCH */
    REPORT("linkat(fd, \"\", AT_EMPTY_PATH) of an O_TMPFILE", linkat(fd, "", AT_FDCWD, "empty-path", AT_EMPTY_PATH));
    FACT("empty-path is the tmpfile", same_file(fd, "empty-path"));
    REPORT("linkat(fd, \"\") without AT_EMPTY_PATH", linkat(fd, "", AT_FDCWD, "empty-path2", 0));
    close(fd);
    OPEN("O_TMPFILE O_RDONLY", sys_open(".", O_TMPFILE | O_RDONLY, 0600));
    OPEN("O_TMPFILE on a file", sys_open("f", O_TMPFILE | O_RDWR, 0600));
    OPEN("O_TMPFILE in missing dir", sys_open("missing", O_TMPFILE | O_RDWR, 0600));

    MUST(chdir("/"));
    MUST(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    FACT("cleaned up", stat(dir, &st) != 0);
    return 0;
}
