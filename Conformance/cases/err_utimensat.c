// syscalls: utimensat futimesat utimes utime
// expect: same
/* utimensat error paths: tv_nsec out of range or negative, UTIME_OMIT/UTIME_NOW, a NULL
 * path with a descriptor (flags 0 ok, AT_SYMLINK_NOFOLLOW EINVAL), unknown flags,
 * AT_EMPTY_PATH, dangling links with and without AT_SYMLINK_NOFOLLOW, bad descriptors.
 * Times set explicitly are read back exactly. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static long ut(int dirfd, const char *p, long s0, long n0, long s1, long n1, int flags) {
    struct timespec ts[2] = { { s0, n0 }, { s1, n1 } };
    return syscall(SYS_utimensat, dirfd, p, ts, flags);
}

static void times_of(const char *label, const char *p) {
    struct stat st;
    if (lstat(p, &st) != 0) { printf("  %s: %s\n", label, errname(errno)); return; }
    printf("  %s: atime %ld.%09ld mtime %ld.%09ld\n", label, (long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

int main(void) {
    enter_scratch("err-utimens");
    put("f", "x");
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    REPORT("set 1000000000.5 / 1200000000.25", ut(AT_FDCWD, "f", 1000000000, 500000000, 1200000000, 250000000, 0));
    times_of("f", "f");
    REPORT("nsec 1000000000", ut(AT_FDCWD, "f", 1, 1000000000, 1, 0, 0));
    REPORT("nsec -1", ut(AT_FDCWD, "f", 1, 0, 1, -1, 0));
    REPORT("nsec UTIME_NOW-1 (other)", ut(AT_FDCWD, "f", 1, UTIME_NOW - 2, 1, 0, 0));
    times_of("f unchanged", "f");
    REPORT("UTIME_OMIT both", ut(AT_FDCWD, "f", 0, UTIME_OMIT, 0, UTIME_OMIT, 0));
    REPORT("UTIME_OMIT both, bad sec ignored", ut(AT_FDCWD, "f", -5, UTIME_OMIT, 12345, UTIME_OMIT, 0));
    REPORT("UTIME_OMIT both on missing", ut(AT_FDCWD, "missing", 0, UTIME_OMIT, 0, UTIME_OMIT, 0));
    REPORT("UTIME_OMIT atime, set mtime", ut(AT_FDCWD, "f", 0, UTIME_OMIT, 1300000000, 7, 0));
    times_of("f", "f");
    REPORT("set atime, UTIME_OMIT mtime", ut(AT_FDCWD, "f", 1100000000, 3, 0, UTIME_OMIT, 0));
    times_of("f", "f");
    REPORT("negative seconds", ut(AT_FDCWD, "f", -1, 0, -1, 0, 0));
    times_of("f", "f");
    REPORT("UTIME_NOW mtime", ut(AT_FDCWD, "f", 0, UTIME_OMIT, 0, UTIME_NOW, 0));
    struct stat st;
    FACT("  mtime moved past 2001", stat("f", &st) == 0 && st.st_mtim.tv_sec > 1000000000);
    REPORT("NULL times", syscall(SYS_utimensat, AT_FDCWD, "f", NULL, 0));
    REPORT("NULL path, fd, flags 0", ut(ffd, NULL, 1000000000, 0, 1000000000, 0, 0));
    times_of("f", "f");
    REPORT("NULL path, fd, AT_SYMLINK_NOFOLLOW", ut(ffd, NULL, 1, 0, 1, 0, AT_SYMLINK_NOFOLLOW));
    REPORT("NULL path, O_PATH fd", ut(pfd, NULL, 1, 0, 1, 0, 0));
    REPORT("NULL path, AT_FDCWD", ut(AT_FDCWD, NULL, 1, 0, 1, 0, 0));
    REPORT("NULL path, bad fd", ut(9999, NULL, 1, 0, 1, 0, 0));
    REPORT("NULL path, fd, bad nsec", ut(ffd, NULL, 1, -7, 1, 0, 0));
    REPORT("flags 0x200", ut(AT_FDCWD, "f", 1, 0, 1, 0, AT_REMOVEDIR));
    REPORT("flags -1", ut(AT_FDCWD, "f", 1, 0, 1, 0, -1));
    REPORT("AT_EMPTY_PATH fd", ut(ffd, "", 1000000001, 0, 1000000002, 0, AT_EMPTY_PATH));
    times_of("f", "f");
    REPORT("AT_EMPTY_PATH O_PATH fd", ut(pfd, "", 1000000003, 0, 1000000004, 0, AT_EMPTY_PATH));
    times_of("f", "f");
    REPORT("empty path without AT_EMPTY_PATH", ut(ffd, "", 1, 0, 1, 0, 0));
    REPORT("dangling, follow", ut(AT_FDCWD, "dangling", 1, 0, 1, 0, 0));
    REPORT("dangling, AT_SYMLINK_NOFOLLOW", ut(AT_FDCWD, "dangling", 1400000000, 0, 1400000000, 9, AT_SYMLINK_NOFOLLOW));
    times_of("dangling", "dangling");
    REPORT("lf, AT_SYMLINK_NOFOLLOW (link only)", ut(AT_FDCWD, "lf", 1500000000, 0, 1500000000, 0, AT_SYMLINK_NOFOLLOW));
    times_of("f (untouched)", "f");
    REPORT("missing", ut(AT_FDCWD, "missing", 1, 0, 1, 0, 0));
    REPORT("f/", ut(AT_FDCWD, "f/", 1, 0, 1, 0, 0));
    REPORT("dirfd -1", ut(-1, "f", 1, 0, 1, 0, 0));
    REPORT("file dirfd", ut(ffd, "f", 1, 0, 1, 0, 0));
    struct timeval tv[2] = { { 1, 1000000 }, { 1, 0 } };
    REPORT("futimesat usec 1000000", syscall(SYS_futimesat, AT_FDCWD, "f", tv));
    tv[0].tv_usec = -1;
    REPORT("utimes usec -1", syscall(SYS_utimes, "f", tv));
    tv[0].tv_usec = 999999;
    REPORT("utimes ok", syscall(SYS_utimes, "f", tv));
    times_of("f", "f");
    REPORT("futimesat NULL path (fd)", syscall(SYS_futimesat, ffd, NULL, tv));
    close(ffd); close(pfd);
    leave_scratch();
    return 0;
}
