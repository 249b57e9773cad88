// syscalls: utimensat
// expect: same
/* utimensat precedence: the times are copied first (EFAULT, also for an array whose second
 * timespec runs over the end of a mapping); UTIME_OMIT for both returns before anything else
 * is looked at (flags, descriptor, path); then unknown flags; the path is looked up before
 * the nanoseconds are validated; a NULL path acts on the descriptor, where any flag is EINVAL.
 * Full-range values: nsec -1, 1e9, LONG_MIN, UTIME_NOW/UTIME_OMIT mixed with bad ones. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static long ut(int dirfd, const char *p, const struct timespec *ts, int flags) {
    return syscall(SYS_utimensat, dirfd, p, ts, flags);
}

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    enter_scratch("err3-utimensat");
    put("f", "x");
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    int closed = fcntl(ffd, F_DUPFD, 900);   /* a number nothing reuses */
    MUST(closed);
    close(closed);

    struct timespec omit2[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    struct timespec neg[2] = { { 0, 0 }, { 0, -1 } };
    struct timespec lmin[2] = { { 0, LONG_MIN }, { 0, UTIME_NOW } };
    struct timespec omitbad[2] = { { 0, UTIME_OMIT }, { 0, 1000000000 } };
    struct timespec nowbad[2] = { { 0, UTIME_NOW }, { 0, -5 } };
    struct timespec good[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
    struct timespec *edge_ts = (struct timespec *)(edge - sizeof(struct timespec));   /* only [0] mapped */
    edge_ts[0] = (struct timespec){ 0, UTIME_OMIT };
    struct timespec *edge_both = (struct timespec *)(edge - 2 * sizeof(struct timespec));

    REPORT("times (void*)1", ut(AT_FDCWD, "f", (void *)1, 0));
    REPORT("times (void*)1, missing path", ut(AT_FDCWD, "missing", (void *)1, 0));
    REPORT("times (void*)1, flags -1", ut(AT_FDCWD, "f", (void *)1, -1));
    REPORT("times (void*)1, fd -1, NULL path", ut(-1, NULL, (void *)1, 0));
    REPORT("second timespec past the edge", ut(AT_FDCWD, "f", edge_ts, 0));
    edge_both[0] = omit2[0];
    edge_both[1] = omit2[1];
    REPORT("both timespecs end at the edge (OMIT, OMIT)", ut(AT_FDCWD, "f", edge_both, 0));

    REPORT("OMIT/OMIT, flags -1", ut(AT_FDCWD, "f", omit2, -1));
    REPORT("OMIT/OMIT, flags 0x1", ut(AT_FDCWD, "f", omit2, 1));
    REPORT("OMIT/OMIT, fd -1", ut(-1, "f", omit2, 0));
    REPORT("OMIT/OMIT, fd -1, NULL path", ut(-1, NULL, omit2, 0));
    REPORT("OMIT/OMIT, NULL path (void*)1", ut(AT_FDCWD, (const char *)1, omit2, 0));
    REPORT("OMIT/OMIT, empty path", ut(AT_FDCWD, "", omit2, 0));
    REPORT("OMIT/OMIT, O_PATH fd, NULL path, NOFOLLOW", ut(pfd, NULL, omit2, AT_SYMLINK_NOFOLLOW));

    REPORT("bad nsec, missing path", ut(AT_FDCWD, "missing", bad, 0));
    REPORT("bad nsec, f/x", ut(AT_FDCWD, "f/x", bad, 0));
    REPORT("bad nsec, empty path", ut(AT_FDCWD, "", bad, 0));
    REPORT("bad nsec, NULL path, AT_FDCWD", ut(AT_FDCWD, NULL, bad, 0));
    REPORT("bad nsec, fd -1 relative path", ut(-1, "f", bad, 0));
    REPORT("bad nsec, closed fd, NULL path", ut(closed, NULL, bad, 0));
    REPORT("bad nsec, O_PATH fd, NULL path", ut(pfd, NULL, bad, 0));
    REPORT("bad nsec, flags 0x1", ut(AT_FDCWD, "f", bad, 1));
    REPORT("bad nsec, dangling, follow", ut(AT_FDCWD, "dangling", bad, 0));
    REPORT("bad nsec, dangling, NOFOLLOW", ut(AT_FDCWD, "dangling", bad, AT_SYMLINK_NOFOLLOW));
    REPORT("nsec -1 on f", ut(AT_FDCWD, "f", neg, 0));
    REPORT("nsec LONG_MIN with UTIME_NOW", ut(AT_FDCWD, "f", lmin, 0));
    REPORT("UTIME_OMIT with bad nsec", ut(AT_FDCWD, "f", omitbad, 0));
    REPORT("UTIME_OMIT with bad nsec, missing", ut(AT_FDCWD, "missing", omitbad, 0));
    REPORT("UTIME_NOW with bad nsec, fd", ut(ffd, NULL, nowbad, 0));

    REPORT("NULL path, fd, flags AT_EMPTY_PATH", ut(ffd, NULL, good, AT_EMPTY_PATH));
    REPORT("NULL path, fd, flags 0x1", ut(ffd, NULL, good, 1));
    REPORT("NULL path, fd, flags -1", ut(ffd, NULL, good, -1));
    REPORT("NULL path, fd -1, flags AT_EMPTY_PATH", ut(-1, NULL, good, AT_EMPTY_PATH));
    REPORT("NULL path, AT_FDCWD, flags 0x1", ut(AT_FDCWD, NULL, good, 1));
    REPORT("NULL path, AT_FDCWD, AT_EMPTY_PATH", ut(AT_FDCWD, NULL, good, AT_EMPTY_PATH));
    REPORT("NULL path, fd INT_MAX", ut(INT_MAX, NULL, good, 0));
    REPORT("empty path, AT_EMPTY_PATH, fd", ut(ffd, "", good, AT_EMPTY_PATH));
    REPORT("empty path, AT_EMPTY_PATH, O_PATH fd", ut(pfd, "", good, AT_EMPTY_PATH));
    REPORT("empty path, AT_EMPTY_PATH, closed fd", ut(closed, "", good, AT_EMPTY_PATH));
    REPORT("empty path, AT_EMPTY_PATH, fd -1", ut(-1, "", good, AT_EMPTY_PATH));
    REPORT("empty path, AT_EMPTY_PATH|NOFOLLOW, fd", ut(ffd, "", good, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
    REPORT("path (void*)1", ut(AT_FDCWD, (const char *)1, good, 0));
    REPORT("flags junk<<32 (int: 0)", syscall(SYS_utimensat, AT_FDCWD, "f", good, 0x7700000000L));
    struct stat st;
    MUST(stat("f", &st));
    FACT("f times still 1000000000", st.st_atime == 1000000000 && st.st_mtime == 1000000000);
    close(ffd); close(pfd);
    leave_scratch();
    return 0;
}
