// syscalls: fchmodat chmod fchmod
// expect: same
/* fchmodat error paths: the raw syscall has no flags (an extra argument is ignored), glibc's
 * fchmodat with AT_SYMLINK_NOFOLLOW (EOPNOTSUPP on a symlink, ok on a file) and unknown
 * flags, mode bits beyond 07777 (masked), missing names, trailing slashes, bad dirfds,
 * fchmod on O_PATH and bad descriptors. */
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

static unsigned mode_of(const char *p) {
    struct stat st;
    return lstat(p, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0xffffu;
}

int main(void) {
    enter_scratch("err-fchmodat");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    REPORT("raw fchmodat 0600", syscall(SYS_fchmodat, AT_FDCWD, "f", 0600));
    printf("  mode %o\n", mode_of("f"));
    REPORT("raw fchmodat with junk 4th arg", syscall(SYS_fchmodat, AT_FDCWD, "f", 0640, 0x12345));
    printf("  mode %o\n", mode_of("f"));
    REPORT("raw fchmodat mode 0177777", syscall(SYS_fchmodat, AT_FDCWD, "f", 0177777));
    printf("  mode %o\n", mode_of("f"));
    REPORT("raw fchmodat mode S_IFDIR|0644", syscall(SYS_fchmodat, AT_FDCWD, "f", S_IFDIR | 0644));
    printf("  mode %o\n", mode_of("f"));
    struct stat st;
    FACT("  f still regular", lstat("f", &st) == 0 && S_ISREG(st.st_mode));
    REPORT("raw fchmodat through symlink", syscall(SYS_fchmodat, AT_FDCWD, "lf", 0604));
    printf("  f mode %o\n", mode_of("f"));
    REPORT("raw fchmodat dangling", syscall(SYS_fchmodat, AT_FDCWD, "dangling", 0600));
    REPORT("raw fchmodat missing", syscall(SYS_fchmodat, AT_FDCWD, "missing", 0600));
    REPORT("raw fchmodat f/", syscall(SYS_fchmodat, AT_FDCWD, "f/", 0600));
    REPORT("raw fchmodat f/x", syscall(SYS_fchmodat, AT_FDCWD, "f/x", 0600));
    REPORT("raw fchmodat empty path", syscall(SYS_fchmodat, AT_FDCWD, "", 0600));
    REPORT("raw fchmodat dirfd -1", syscall(SYS_fchmodat, -1, "f", 0600));
    REPORT("raw fchmodat file dirfd", syscall(SYS_fchmodat, ffd, "f", 0600));
    REPORT("raw fchmodat d/ (ok)", syscall(SYS_fchmodat, AT_FDCWD, "d/", 0700));
    printf("  d mode %o\n", mode_of("d"));
    REPORT("glibc fchmodat AT_SYMLINK_NOFOLLOW on file", fchmodat(AT_FDCWD, "f", 0644, AT_SYMLINK_NOFOLLOW));
    printf("  mode %o\n", mode_of("f"));
    REPORT("glibc fchmodat AT_SYMLINK_NOFOLLOW on symlink", fchmodat(AT_FDCWD, "lf", 0600, AT_SYMLINK_NOFOLLOW));
    printf("  f mode %o\n", mode_of("f"));
    REPORT("glibc fchmodat AT_SYMLINK_NOFOLLOW on dangling", fchmodat(AT_FDCWD, "dangling", 0600, AT_SYMLINK_NOFOLLOW));
    REPORT("glibc fchmodat AT_SYMLINK_NOFOLLOW on missing", fchmodat(AT_FDCWD, "missing", 0600, AT_SYMLINK_NOFOLLOW));
    REPORT("glibc fchmodat flags AT_REMOVEDIR", fchmodat(AT_FDCWD, "f", 0600, AT_REMOVEDIR));
    REPORT("fchmod on fd", syscall(SYS_fchmod, ffd, 0640));
    printf("  mode %o\n", mode_of("f"));
    REPORT("fchmod on O_PATH fd", syscall(SYS_fchmod, pfd, 0600));
    REPORT("fchmod bad fd", syscall(SYS_fchmod, 9999, 0600));
    REPORT("fchmod -1", syscall(SYS_fchmod, -1, 0600));
    REPORT("chmod (raw) missing/x", syscall(SYS_chmod, "missing/x", 0600));
    REPORT("chmod (raw) lf/", syscall(SYS_chmod, "lf/", 0600));
    printf("final f mode %o\n", mode_of("f"));
    close(ffd); close(pfd);
    leave_scratch();
    return 0;
}
