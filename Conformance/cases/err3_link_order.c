// syscalls: link linkat
// expect: same
/* link/linkat precedence: unknown flags first (EINVAL over any bad name), then the old name is
 * looked up (its EFAULT/ENOENT/ENOTDIR come before any error of the new name), then the new
 * name is created (EEXIST, ENOENT, EFAULT) before a directory source is refused (EPERM);
 * AT_EMPTY_PATH on AT_FDCWD (the working directory, a directory), files, O_PATH files,
 * directories, pipes, closed and bad descriptors; AT_SYMLINK_FOLLOW on dangling symlinks and
 * /proc/self/fd links; trailing slashes; NAME_MAX+1 names. Natively the case first becomes
 * uid/gid 1000 (AT_EMPTY_PATH then needs a descriptor the caller opened). */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static long lk(const char *a, const char *b) { return syscall(SYS_link, a, b); }
static long lkat(int fa, const char *a, int fb, const char *b, long flags) {
    return syscall(SYS_linkat, fa, a, fb, b, flags);
}

static void links_of(const char *p) {
    struct stat st;
    if (lstat(p, &st) != 0) printf("  %s: %s\n", p, errname(errno));
    else printf("  %s: %lu links\n", p, (unsigned long)st.st_nlink);
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    edge[-1] = 'f';
    enter_scratch("err3-link");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("nowhere", "dangling"));
    MUST(symlink("f", "lf"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int pp[2];
    MUST(pipe(pp));
    int closed = fcntl(ffd, F_DUPFD, 900);
    MUST(closed);
    close(closed);
    char n256[300];
    memset(n256, 'n', 256);
    n256[256] = 0;
    char fdlink[64];
    snprintf(fdlink, sizeof fdlink, "/proc/self/fd/%d", ffd);

    REPORT("linkat flags 0x1, NULL names", lkat(AT_FDCWD, NULL, AT_FDCWD, NULL, 1));
    REPORT("linkat flags AT_SYMLINK_NOFOLLOW, missing", lkat(AT_FDCWD, "missing", AT_FDCWD, "x", AT_SYMLINK_NOFOLLOW));
    REPORT("linkat flags -1, fd -1", lkat(-1, "f", -1, "x", -1));
    REPORT("link NULL old", lk(NULL, "x"));
    REPORT("link NULL new", lk("f", NULL));
    REPORT("link missing old, NULL new", lk("missing", NULL));
    REPORT("link f/x old, NULL new", lk("f/x", NULL));
    REPORT("link old unterminated at edge", lk(edge - 1, "x"));
    REPORT("link missing, new unterminated at edge", lk("missing", edge - 1));
    REPORT("link f, new unterminated at edge", lk("f", edge - 1));
    REPORT("link directory onto existing file", lk("d", "f"));
    REPORT("link directory into a missing directory", lk("d", "missing/x"));
    REPORT("link directory, NULL new", lk("d", NULL));
    REPORT("link directory, new name", lk("d", "d2"));
    REPORT("link directory, new name under a file", lk("d", "f/x"));
    REPORT("link f onto itself", lk("f", "f"));
    REPORT("link f onto new/", lk("f", "new/"));
    REPORT("link f onto d/", lk("f", "d/"));
    REPORT("link f/ onto x", lk("f/", "x"));
    REPORT("link lf/ onto x", lk("lf/", "x"));
    REPORT("link f onto a 256-byte name", lk("f", n256));
    REPORT("link a 256-byte name onto x", lk(n256, "x"));
    REPORT("link empty old", lk("", "x"));
    REPORT("link f, empty new", lk("f", ""));
    REPORT("link dangling symlink itself (ok)", lk("dangling", "dl"));
    links_of("dangling");
    REPORT("linkat AT_SYMLINK_FOLLOW dangling", lkat(AT_FDCWD, "dangling", AT_FDCWD, "x", AT_SYMLINK_FOLLOW));
    REPORT("linkat AT_SYMLINK_FOLLOW symlink to f (ok)", lkat(AT_FDCWD, "lf", AT_FDCWD, "hf", AT_SYMLINK_FOLLOW));
    links_of("f");
    REPORT("linkat /proc/self/fd/N, no follow", lkat(AT_FDCWD, fdlink, AT_FDCWD, "x", 0));
    REPORT("linkat /proc/self/fd/N, AT_SYMLINK_FOLLOW (ok)", lkat(AT_FDCWD, fdlink, AT_FDCWD, "hp", AT_SYMLINK_FOLLOW));
    links_of("f");

    REPORT("linkat AT_EMPTY_PATH, AT_FDCWD (a directory)", lkat(AT_FDCWD, "", AT_FDCWD, "x", AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH, AT_FDCWD, existing new", lkat(AT_FDCWD, "", AT_FDCWD, "f", AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH, dir fd", lkat(dfd, "", AT_FDCWD, "x", AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH, file fd (ok)", lkat(ffd, "", AT_FDCWD, "he", AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH, O_PATH file fd (ok)", lkat(pfd, "", AT_FDCWD, "ho", AT_EMPTY_PATH));
    links_of("f");
    REPORT("linkat AT_EMPTY_PATH, file fd, existing new", lkat(ffd, "", AT_FDCWD, "f", AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH, file fd, new dirfd -1", lkat(ffd, "", -1, "x", AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH, file fd, NULL new", lkat(ffd, "", AT_FDCWD, NULL, AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH, NULL old, file fd", lkat(ffd, NULL, AT_FDCWD, "x", AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH, closed fd", lkat(closed, "", AT_FDCWD, "x", AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH, fd -1", lkat(-1, "", AT_FDCWD, "x", AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH, fd INT_MAX", lkat(INT_MAX, "", AT_FDCWD, "x", AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH, pipe", lkat(pp[0], "", AT_FDCWD, "x", AT_EMPTY_PATH));
    REPORT("linkat AT_EMPTY_PATH with a name (ok)", lkat(dfd, "../f", AT_FDCWD, "hn", AT_EMPTY_PATH));
    REPORT("linkat empty old, no flag, file fd", lkat(ffd, "", AT_FDCWD, "x", 0));
    REPORT("linkat file olddirfd", lkat(ffd, "x", AT_FDCWD, "y", 0));
    REPORT("linkat file newdirfd", lkat(AT_FDCWD, "f", ffd, "y", 0));
    REPORT("linkat closed newdirfd", lkat(AT_FDCWD, "f", closed, "y", 0));
    REPORT("linkat closed newdirfd, missing old", lkat(AT_FDCWD, "missing", closed, "y", 0));
    REPORT("linkat dir fd ../f onto dir fd x (ok)", lkat(dfd, "../f", dfd, "x", 0));
    links_of("f");
    FACT("x, d2 not made", access("x", F_OK) != 0 && access("d2", F_OK) != 0);
    close(ffd); close(pfd); close(dfd); close(pp[0]); close(pp[1]);
    leave_scratch();
    return 0;
}
