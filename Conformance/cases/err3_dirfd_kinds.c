// syscalls: openat mkdirat mknodat unlinkat fchmodat fchownat readlinkat symlinkat linkat renameat2 newfstatat statx faccessat utimensat
// expect: same
/* One relative name under every kind of dirfd, through every *at call: a directory, an O_PATH
 * directory, a removed directory, a regular file, an O_PATH file, a symlink opened O_PATH, a
 * pipe, a socket, an eventfd, a memfd, a closed descriptor, -1, INT_MAX, INT_MIN and AT_FDCWD with
 * junk above 32 bits (the kernel takes an int). Then the same calls with a NULL path under a bad
 * dirfd (the name is copied first: EFAULT) and an absolute path under a bad dirfd (ignored). */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static const char *res(long r) { return r >= 0 ? "ok" : errname(errno); }

/* Every call once, relative to dirfd; prints one line. `name` is an existing file, `target` a
 * symlink, `made[]` the names the creating calls use (new directory, FIFO, symlink, hard link)
 * and `gone` a missing name (unlinkat, renameat2). */
static const char *plain_made[4] = { "newdir", "newfifo", "newlink", "newhard" };

static void row_with(const char *label, long dirfd, const char *name, const char *target,
                     const char *const made[4], const char *gone) {
    char buf[64];
    struct stat st;
    struct statx sx;
    printf("%s:", label);
    errno = 0; long fd = syscall(SYS_openat, dirfd, name, O_RDONLY, 0);
    printf(" openat %s", res(fd));
    if (fd >= 0) close((int)fd);
    errno = 0; printf(", mkdirat %s", res(syscall(SYS_mkdirat, dirfd, made[0], 0755)));
    errno = 0; printf(", mknodat %s", res(syscall(SYS_mknodat, dirfd, made[1], S_IFIFO | 0600, 0)));
    errno = 0; printf(", unlinkat %s", res(syscall(SYS_unlinkat, dirfd, gone, 0)));
    errno = 0; printf(", fchmodat %s", res(syscall(SYS_fchmodat, dirfd, name, 0644)));
    errno = 0; printf(", fchownat %s", res(syscall(SYS_fchownat, dirfd, name, -1L, -1L, 0)));
    errno = 0; printf(", readlinkat %s", res(syscall(SYS_readlinkat, dirfd, target, buf, (long)sizeof buf)));
    errno = 0; printf(", symlinkat %s", res(syscall(SYS_symlinkat, "t", dirfd, made[2])));
    errno = 0; printf(", linkat %s", res(syscall(SYS_linkat, dirfd, name, dirfd, made[3], 0)));
    errno = 0; printf(", renameat2 %s", res(syscall(SYS_renameat2, dirfd, gone, dirfd, made[0], 0)));
    errno = 0; printf(", newfstatat %s", res(syscall(SYS_newfstatat, dirfd, name, &st, 0)));
    errno = 0; printf(", statx %s", res(syscall(SYS_statx, dirfd, name, 0, STATX_TYPE, &sx)));
    errno = 0; printf(", faccessat %s", res(syscall(SYS_faccessat, dirfd, name, F_OK)));
    errno = 0; printf(", utimensat %s\n", res(syscall(SYS_utimensat, dirfd, name, NULL, 0)));
}

static void row(const char *label, long dirfd, const char *name, const char *target) {
    row_with(label, dirfd, name, target, plain_made, "nonexistent");
}

/* Every name the same (NULL, empty, unterminated). */
static void row_all(const char *label, long dirfd, const char *p) {
    const char *made[4] = { p, p, p, p };
    row_with(label, dirfd, p, p, made, p);
}

static void clean(const char *dir) {
    char p[128];
    const char *made[] = { "newdir", "newfifo", "newlink", "newhard" };
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, made[i]);
        if (rmdir(p) != 0) unlink(p);
    }
}

int main(void) {
    enter_scratch("err3-dirfds");
    MUST(mkdir("d", 0755));
    put("d/f", "x");
    MUST(symlink("f", "d/l"));
    MUST(mkdir("gone", 0755));
    put("file", "x");
    MUST(symlink("d", "ld"));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int dpath = open("d", O_PATH | O_DIRECTORY);
    MUST(dpath);
    int gfd = open("gone", O_RDONLY | O_DIRECTORY);
    MUST(gfd);
    MUST(rmdir("gone"));
    int ffd = open("file", O_RDONLY);
    MUST(ffd);
    int fpath = open("file", O_PATH);
    MUST(fpath);
    int lpath = open("ld", O_PATH | O_NOFOLLOW);
    MUST(lpath);
    int pp[2];
    MUST(pipe(pp));
    int sv[2];
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int efd = eventfd(0, 0);
    MUST(efd);
    int mfd = (int)syscall(SYS_memfd_create, "err3", 0);
    MUST(mfd);
    int closed = fcntl(ffd, F_DUPFD, 900);
    MUST(closed);
    close(closed);

    row("directory", dfd, "f", "l");
    clean("d");
    row("O_PATH directory", dpath, "f", "l");
    clean("d");
    row("removed directory", gfd, "f", "l");
    row("regular file", ffd, "f", "l");
    row("O_PATH file", fpath, "f", "l");
    row("O_PATH symlink to a directory", lpath, "f", "l");
    row("pipe", pp[0], "f", "l");
    row("socket", sv[0], "f", "l");
    row("eventfd", efd, "f", "l");
    row("memfd", mfd, "f", "l");
    row("closed", closed, "f", "l");
    row("-1", -1, "f", "l");
    row("INT_MAX", INT_MAX, "f", "l");
    row("INT_MIN", INT_MIN, "f", "l");
    MUST(chdir("d"));
    row("AT_FDCWD with junk above 32 bits", (0x1234L << 32) | (unsigned)AT_FDCWD, "f", "l");
    MUST(chdir(".."));
    clean("d");

    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    edge[-1] = 'f';
    printf("every name NULL:\n");
    row_all("  closed", closed, NULL);
    row_all("  regular file", ffd, NULL);
    printf("every name unterminated at a mapping's end:\n");
    row_all("  -1", -1, edge - 1);
    row_all("  pipe", pp[0], edge - 1);
    printf("every name empty:\n");
    row_all("  closed", closed, "");
    row_all("  regular file", ffd, "");
    char absf[128], absl[128], absgone[128], absmade[4][128];
    snprintf(absf, sizeof absf, "%s/d/f", scratch);
    snprintf(absl, sizeof absl, "%s/d/l", scratch);
    snprintf(absgone, sizeof absgone, "%s/d/nonexistent", scratch);
    const char *absnames[4];
    for (int i = 0; i < 4; i++) {
        snprintf(absmade[i], sizeof absmade[i], "%s/d/%s", scratch, plain_made[i]);
        absnames[i] = absmade[i];
    }
    printf("absolute names (the dirfd is not used):\n");
    row_with("  closed", closed, absf, absl, absnames, absgone);
    clean("d");
    row_with("  regular file", ffd, absf, absl, absnames, absgone);
    clean("d");
    close(dfd); close(dpath); close(gfd); close(ffd); close(fpath); close(lpath);
    close(pp[0]); close(pp[1]); close(sv[0]); close(sv[1]); close(efd); close(mfd);
    leave_scratch();
    return 0;
}
