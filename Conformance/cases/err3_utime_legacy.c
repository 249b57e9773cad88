// syscalls: utime utimes futimesat
// expect: same
/* The legacy time setters: utime (struct utimbuf, whole seconds), utimes and futimesat
 * (struct timeval). The times are copied and checked (EFAULT, then EINVAL for a tv_usec outside
 * 0..999999, UTIME_NOW/UTIME_OMIT included) before the path is looked up; a NULL path is EFAULT
 * for utime/utimes and for futimesat(AT_FDCWD, NULL), and names the descriptor for
 * futimesat(fd, NULL) (EBADF for bad and O_PATH ones). Buffers run over a mapping's end; paths
 * are missing, empty, through files, with trailing slashes, unterminated at a mapping's end. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <utime.h>

#include "err_util.h"

static void times_of(const char *label, const char *p) {
    struct stat st;
    if (stat(p, &st) != 0) { printf("  %s: %s\n", label, errname(errno)); return; }
    printf("  %s: atime %ld mtime %ld\n", label, (long)st.st_atime, (long)st.st_mtime);
}

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    char *m2 = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m2 == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m2 + 4096, 4096, PROT_NONE));
    char *edge2 = m2 + 4096;
    edge2[-1] = 'f';                         /* "f" with no NUL before the edge */
    enter_scratch("err3-utime");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int pp[2];
    MUST(pipe(pp));
    int closed = fcntl(ffd, F_DUPFD, 900);   /* a number nothing reuses */
    MUST(closed);
    close(closed);

    struct utimbuf ub = { 1000000000, 1100000000 };
    REPORT("utime ok", syscall(SYS_utime, "f", &ub));
    times_of("f", "f");
    REPORT("utime times (void*)1", syscall(SYS_utime, "f", (void *)1));
    REPORT("utime times (void*)1, missing", syscall(SYS_utime, "missing", (void *)1));
    struct utimbuf *eub = (struct utimbuf *)(edge - 8);   /* modtime past the edge */
    REPORT("utime modtime past the edge", syscall(SYS_utime, "f", eub));
    eub = (struct utimbuf *)(edge - sizeof ub);
    *eub = (struct utimbuf){ 1200000000, 1300000000 };
    REPORT("utime utimbuf ending at edge", syscall(SYS_utime, "f", eub));
    times_of("f", "f");
    REPORT("utime NULL path", syscall(SYS_utime, NULL, &ub));
    REPORT("utime NULL path, NULL times", syscall(SYS_utime, NULL, NULL));
    REPORT("utime empty path", syscall(SYS_utime, "", &ub));
    REPORT("utime missing", syscall(SYS_utime, "missing", NULL));
    REPORT("utime f/", syscall(SYS_utime, "f/", &ub));
    REPORT("utime f/x", syscall(SYS_utime, "f/x", &ub));
    REPORT("utime dangling", syscall(SYS_utime, "dangling", &ub));
    REPORT("utime d/ (ok)", syscall(SYS_utime, "d/", &ub));
    REPORT("utime path unterminated at edge", syscall(SYS_utime, edge2 - 1, &ub));
    REPORT("utime negative times (ok)", syscall(SYS_utime, "f", &(struct utimbuf){ -1, -1000 }));
    times_of("f", "f");

    struct timeval tv[2] = { { 1000000000, 500000 }, { 1100000000, 999999 } };
    struct timeval usec1m[2] = { { 0, 1000000 }, { 0, 0 } };
    struct timeval usecneg[2] = { { 0, 0 }, { 0, -1 } };
    struct timeval now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    struct timeval omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    REPORT("utimes ok", syscall(SYS_utimes, "f", tv));
    times_of("f", "f");
    REPORT("utimes tv_usec 1000000", syscall(SYS_utimes, "f", usec1m));
    REPORT("utimes tv_usec -1", syscall(SYS_utimes, "f", usecneg));
    REPORT("utimes tv_usec UTIME_NOW", syscall(SYS_utimes, "f", now));
    REPORT("utimes tv_usec UTIME_OMIT", syscall(SYS_utimes, "f", omit));
    REPORT("utimes tv_usec 1000000, missing", syscall(SYS_utimes, "missing", usec1m));
    REPORT("utimes tv_usec -1, NULL path", syscall(SYS_utimes, NULL, usecneg));
    REPORT("utimes times (void*)1, missing", syscall(SYS_utimes, "missing", (void *)1));
    struct timeval *etv = (struct timeval *)(edge - sizeof(struct timeval));
    REPORT("utimes second timeval past the edge", syscall(SYS_utimes, "f", etv));
    REPORT("utimes NULL path", syscall(SYS_utimes, NULL, tv));
    REPORT("utimes empty path", syscall(SYS_utimes, "", tv));
    REPORT("utimes f/", syscall(SYS_utimes, "f/", NULL));
    REPORT("utimes dangling", syscall(SYS_utimes, "dangling", NULL));
    REPORT("utimes path unterminated at edge", syscall(SYS_utimes, edge2 - 1, tv));
    times_of("f", "f");

    REPORT("futimesat fd, NULL path (ok)", syscall(SYS_futimesat, ffd, NULL, tv));
    REPORT("futimesat AT_FDCWD, NULL path", syscall(SYS_futimesat, AT_FDCWD, NULL, tv));
    REPORT("futimesat AT_FDCWD, NULL path, NULL times", syscall(SYS_futimesat, AT_FDCWD, NULL, NULL));
    REPORT("futimesat fd -1, NULL path", syscall(SYS_futimesat, -1, NULL, tv));
    REPORT("futimesat fd INT_MAX, NULL path", syscall(SYS_futimesat, INT_MAX, NULL, tv));
    REPORT("futimesat closed fd, NULL path", syscall(SYS_futimesat, closed, NULL, tv));
    REPORT("futimesat O_PATH fd, NULL path", syscall(SYS_futimesat, pfd, NULL, tv));
    REPORT("futimesat dir fd, NULL path (ok)", syscall(SYS_futimesat, dfd, NULL, NULL));
    REPORT("futimesat pipe, NULL path (ok)", syscall(SYS_futimesat, pp[0], NULL, NULL));
    REPORT("futimesat fd -1, NULL path, tv_usec -1", syscall(SYS_futimesat, -1, NULL, usecneg));
    REPORT("futimesat fd -1, times (void*)1", syscall(SYS_futimesat, -1, NULL, (void *)1));
    REPORT("futimesat fd -1, relative path", syscall(SYS_futimesat, -1, "f", tv));
    char abs[128];
    snprintf(abs, sizeof abs, "%s/f", scratch);
    REPORT("futimesat fd -1, absolute path (ok)", syscall(SYS_futimesat, -1, abs, tv));
    REPORT("futimesat file fd, relative path", syscall(SYS_futimesat, ffd, "x", tv));
    REPORT("futimesat O_PATH file fd, relative path", syscall(SYS_futimesat, pfd, "x", tv));
    REPORT("futimesat dir fd, ../f (ok)", syscall(SYS_futimesat, dfd, "../f", tv));
    REPORT("futimesat dir fd, empty path", syscall(SYS_futimesat, dfd, "", tv));
    REPORT("futimesat dir fd, missing", syscall(SYS_futimesat, dfd, "missing", tv));
    REPORT("futimesat dir fd, tv_usec 1000000, missing", syscall(SYS_futimesat, dfd, "missing", usec1m));
    times_of("f", "f");
    close(ffd); close(pfd); close(dfd); close(pp[0]); close(pp[1]);
    leave_scratch();
    return 0;
}
