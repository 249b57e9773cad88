// syscalls: mkdirat mkdir
// expect: same
/* mkdirat error paths: existing names of every kind, missing parent, trailing slashes,
 * "." and "..", a file in the middle, bad and non-directory dirfds, empty path, long names. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static __attribute__((unused)) int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

static __attribute__((unused)) char scratch[64];

/* A fresh scratch directory under /tmp, made the cwd. */
static __attribute__((unused)) void enter_scratch(const char *tag) {
    umask(022);
    snprintf(scratch, sizeof scratch, "/tmp/conf-%s-XXXXXX", tag);
    if (!mkdtemp(scratch)) { printf("mkdtemp: %s\n", errname(errno)); exit(99); }
    MUST(chdir(scratch));
}

static __attribute__((unused)) void leave_scratch(void) {
    struct stat st;
    MUST(chdir("/"));
    MUST(nftw(scratch, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    FACT("cleaned up", stat(scratch, &st) != 0);
}

static __attribute__((unused)) void put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

/* Like REPORT, but a descriptor result is closed. */
#define OPEN(label, expr) do {                                        \
        errno = 0;                                                    \
        long fd_ = (long)(expr);                                      \
        if (fd_ < 0) printf("%s: %s\n", (label), errname(errno));     \
        else { printf("%s: ok\n", (label)); close((int)fd_); }        \
    } while (0)

/* Print the value returned, or the errno name. */
#define VALUE(label, expr) do {                                       \
        errno = 0;                                                    \
        long r_ = (long)(expr);                                       \
        if (r_ == -1) printf("%s: %s\n", (label), errname(errno));    \
        else printf("%s: %ld\n", (label), r_);                        \
    } while (0)
#include <linux/limits.h>

static long md(int dirfd, const char *p, int mode) { return syscall(SYS_mkdirat, dirfd, p, mode); }

int main(void) {
    enter_scratch("err-mkdirat");
    struct stat st;
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("d", "ld"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    REPORT("existing dir", md(AT_FDCWD, "d", 0755));
    REPORT("existing file", md(AT_FDCWD, "f", 0755));
    REPORT("existing symlink to dir", md(AT_FDCWD, "ld", 0755));
    REPORT("dangling symlink", md(AT_FDCWD, "dangling", 0755));
    FACT("dangling target not created", lstat("nowhere", &st) != 0);
    REPORT("dangling symlink with slash", md(AT_FDCWD, "dangling/", 0755));
    REPORT("missing parent", md(AT_FDCWD, "missing/x", 0755));
    REPORT("file as parent", md(AT_FDCWD, "f/x", 0755));
    REPORT("trailing slash, new", md(AT_FDCWD, "n1/", 0755));
    FACT("n1 is a dir", stat("n1", &st) == 0 && S_ISDIR(st.st_mode));
    REPORT("trailing slashes, new", md(AT_FDCWD, "n2///", 0755));
    REPORT("trailing slash, existing file", md(AT_FDCWD, "f/", 0755));
    REPORT("trailing slash, existing dir", md(AT_FDCWD, "d/", 0755));
    REPORT("\".\"", md(AT_FDCWD, ".", 0755));
    REPORT("\"..\"", md(AT_FDCWD, "..", 0755));
    REPORT("\"d/.\"", md(AT_FDCWD, "d/.", 0755));
    REPORT("\"d/..\"", md(AT_FDCWD, "d/..", 0755));
    REPORT("\"new/.\"", md(AT_FDCWD, "new/.", 0755));
    REPORT("\"/\"", md(AT_FDCWD, "/", 0755));
    REPORT("empty path", md(AT_FDCWD, "", 0755));
    REPORT("empty path, dirfd", md(dfd, "", 0755));
    REPORT("dirfd -1", md(-1, "x", 0755));
    REPORT("dirfd 9999", md(9999, "x", 0755));
    REPORT("file dirfd", md(ffd, "x", 0755));
    REPORT("dir dirfd, new", md(dfd, "inner", 0755));
    FACT("d/inner exists", stat("d/inner", &st) == 0);
    REPORT("dir dirfd, existing", md(dfd, "inner", 0755));
    REPORT("dir dirfd, \"../d\"", md(dfd, "../d", 0755));
    char name[NAME_MAX + 2];
    memset(name, 'm', NAME_MAX + 1);
    name[NAME_MAX + 1] = 0;
    REPORT("256-byte name", md(AT_FDCWD, name, 0755));
    name[NAME_MAX] = 0;
    REPORT("255-byte name", md(AT_FDCWD, name, 0755));
    REPORT("mode with S_IFREG bits", md(AT_FDCWD, "typed", S_IFREG | 0755));
    printf("typed is a dir with mode %o\n", stat("typed", &st) == 0 && S_ISDIR(st.st_mode) ? (unsigned)(st.st_mode & 07777) : 0u);
    REPORT("mode 07777", md(AT_FDCWD, "allbits", 07777));
    printf("allbits mode under umask 022: %o\n", stat("allbits", &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0u);
    REPORT("mkdir (raw) existing", syscall(SYS_mkdir, "d", 0755));
    REPORT("mkdir (raw) ld/ (through symlink)", syscall(SYS_mkdir, "ld/", 0755));
    close(ffd);
    close(dfd);
    leave_scratch();
    return 0;
}
