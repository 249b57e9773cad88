// syscalls: utimensat futimens openat fstat newfstatat statx clock_gettime mkdir symlink unlink rmdir setuid
// expect: same
/* utimensat/futimens round trip with nanoseconds on a tmpfs file (/dev/shm), UTIME_NOW and
 * UTIME_OMIT, ctime bumped, symlink no-follow, times before 1970 and far future, errors;
 * UTIME_NOW and explicit times on its own file in a uid-1000 child. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

static char dir[64], path[128], lnk[128];

static void show(const char *label) {
    struct stat st;
    if (stat(path, &st)) { printf("%s: stat %s\n", label, errname(errno)); return; }
    printf("%s: atime %lld.%09ld mtime %lld.%09ld\n", label, (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

static void unpriv(void) {
    struct timespec ts[2] = { { 1000, 1 }, { 2000, 2 } };
    REPORT("uid1000: UTIME_NOW on a 0666 file", utimensat(AT_FDCWD, path, NULL, 0));
    char own[160];
    snprintf(own, sizeof own, "%s/own", dir);
    int fd = open(own, O_CREAT | O_WRONLY, 0600);
    if (fd < 0) { printf("uid1000: create: %s\n", errname(errno)); return; }
    REPORT("uid1000: explicit times on own file", futimens(fd, ts));
    struct stat st;
    fstat(fd, &st);
    printf("uid1000: own file mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    unlink(own);
}

int main(void) {
    snprintf(dir, sizeof dir, "/dev/shm/conf-utim-%d", (int)getpid());
    MUST(mkdir(dir, 0777));
    MUST(chmod(dir, 0777));
    snprintf(path, sizeof path, "%s/f", dir);
    snprintf(lnk, sizeof lnk, "%s/l", dir);
    int fd = open(path, O_CREAT | O_RDWR, 0666);
    MUST(fd);
    MUST(fchmod(fd, 0666));
    MUST(symlink("f", lnk));
    struct timespec ts[2] = { { 1234567890, 123456789 }, { 1600000000, 987654321 } };
    REPORT("utimensat explicit ns", utimensat(AT_FDCWD, path, ts, 0));
    show("after explicit");
    struct stat b, a;
    fstat(fd, &b);
    struct timespec ts2[2] = { { 0, UTIME_OMIT }, { 1700000000, 1 } };
    nanosleep(&(struct timespec){ 0, 20000000 }, NULL);
    REPORT("futimens atime OMIT", futimens(fd, ts2));
    show("after OMIT");
    fstat(fd, &a);
    FACT("ctime advanced", a.st_ctim.tv_sec > b.st_ctim.tv_sec || (a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec > b.st_ctim.tv_nsec));
    struct timespec both_omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    fstat(fd, &b);
    REPORT("both OMIT", futimens(fd, both_omit));
    fstat(fd, &a);
    FACT("both OMIT leaves ctime", a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec);
    struct timespec now0;
    clock_gettime(CLOCK_REALTIME, &now0);
    struct timespec tn[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
    REPORT("atime UTIME_NOW", futimens(fd, tn));
    fstat(fd, &a);
    FACT("atime now (within 2s of REALTIME)", llabs((long long)a.st_atim.tv_sec - now0.tv_sec) <= 2);
    FACT("mtime kept", a.st_mtim.tv_sec == 1700000000 && a.st_mtim.tv_nsec == 1);

    struct timespec lt[2] = { { 1111111111, 5 }, { 1111111111, 6 } };
    REPORT("utimensat AT_SYMLINK_NOFOLLOW on link", utimensat(AT_FDCWD, lnk, lt, AT_SYMLINK_NOFOLLOW));
    struct stat ls;
    lstat(lnk, &ls);
    FACT("link's own mtime set", ls.st_mtim.tv_sec == 1111111111 && ls.st_mtim.tv_nsec == 6);
    struct stat ts_;
    stat(path, &ts_);
    FACT("target mtime unchanged", ts_.st_mtim.tv_sec == 1700000000 && ts_.st_mtim.tv_nsec == 1);
    struct timespec neg[2] = { { -1, 500 }, { -86400 * 365, 0 } };
    REPORT("times before 1970", utimensat(AT_FDCWD, path, neg, 0));
    show("before 1970");
    struct timespec fut[2] = { { 4102444800LL, 0 }, { 32503680000LL, 999999999 } };
    REPORT("year 2100 / 3000", utimensat(AT_FDCWD, path, fut, 0));
    show("far future");
    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    REPORT("tv_nsec 1e9", utimensat(AT_FDCWD, path, bad, 0));
    bad[0].tv_nsec = -5;
    REPORT("tv_nsec -5", utimensat(AT_FDCWD, path, bad, 0));
    REPORT("bad flags", utimensat(AT_FDCWD, path, ts, 0x1));
    REPORT("missing file", utimensat(AT_FDCWD, "/dev/shm/conf-no-such-file-x", ts, 0));
    REPORT("futimens bad fd", futimens(-1, ts));
    REPORT("utimensat AT_EMPTY_PATH", utimensat(fd, "", ts, AT_EMPTY_PATH));
    struct statx sx;
    MUST(statx(AT_FDCWD, path, 0, STATX_ATIME | STATX_MTIME | STATX_BTIME, &sx));
    printf("statx mtime %lld.%09u\n", (long long)sx.stx_mtime.tv_sec, sx.stx_mtime.tv_nsec);

    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        unpriv();
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    unlink(lnk);
    unlink(path);
    rmdir(dir);
    return 0;
}
