// syscalls: chmod fchmodat fchmod chown lchown fchownat fchown utime utimes futimesat utimensat truncate ftruncate access faccessat faccessat2 openat close newfstatat
// expect: same
/* Attributes by path: modes (chmod, fchmodat, fchmod), owners changed to the caller's own
 * ids (chown, lchown, fchownat, fchown; changing to another owner is in fs_privileged),
 * timestamps set to fixed values (utime, utimes, futimesat, utimensat), truncate, and
 * access checks that do not depend on being root (access, faccessat, faccessat2).
 * The non-at calls and faccessat are raw syscalls (glibc would use other ones). */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <utime.h>

static int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

static void mode(const char *label, const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: %o\n", label, st.st_mode & 07777);
}

static void times(const char *label, const char *path, int follow) {
    struct stat st;
    int r = follow ? stat(path, &st) : lstat(path, &st);
    if (r != 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: atime=%ld.%09ld mtime=%ld.%09ld\n", label, (long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

static void size(const char *label, const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: size=%ld\n", label, (long)st.st_size);
}

static int owned(const char *path, int follow) {
    struct stat st;
    int r = follow ? stat(path, &st) : lstat(path, &st);
    return r == 0 && st.st_uid == getuid() && st.st_gid == getgid();
}

int main(void) {
    umask(022);
    char dir[] = "/tmp/conf-fsattrs-XXXXXX";
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); return 1; }
    MUST(chdir(dir));
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    MUST(fd);
    MUST(write(fd, "0123456789", 10));
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    MUST(mkfifo("fifo", 0644));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    struct stat st;

    /* chmod family */
    REPORT("chmod f 0600", syscall(SYS_chmod, "f", 0600));
    mode("  f", "f");
    REPORT("chmod f 04751", syscall(SYS_chmod, "f", 04751));
    mode("  f", "f");
    REPORT("chmod f 0177777 (type bits ignored)", syscall(SYS_chmod, "f", 0177777));
    mode("  f", "f");
    REPORT("chmod through symlink lf 0640", syscall(SYS_chmod, "lf", 0640));
    mode("  f", "f");
    mode("  lf itself", "lf");
    REPORT("chmod dangling", syscall(SYS_chmod, "dangling", 0600));
    REPORT("chmod missing", syscall(SYS_chmod, "missing", 0600));
    REPORT("chmod f/x", syscall(SYS_chmod, "f/x", 0600));
    REPORT("chmod f/", syscall(SYS_chmod, "f/", 0600));
    REPORT("chmod \"\"", syscall(SYS_chmod, "", 0600));
    REPORT("chmod dir 01777", syscall(SYS_chmod, "d", 01777));
    mode("  d", "d");
    REPORT("chmod fifo 0600", syscall(SYS_chmod, "fifo", 0600));
    mode("  fifo", "fifo");
    REPORT("fchmodat(d, ../f, 0604)", syscall(SYS_fchmodat, dfd, "../f", 0604));
    mode("  f", "f");
    REPORT("fchmodat(AT_FDCWD, lf) follows", syscall(SYS_fchmodat, AT_FDCWD, "lf", 0644));
    mode("  f", "f");
    REPORT("fchmodat(d, \"\")", syscall(SYS_fchmodat, dfd, "", 0755));
    REPORT("fchmodat(-1, relative)", syscall(SYS_fchmodat, -1, "f", 0644));
    REPORT("fchmodat(file fd, relative)", syscall(SYS_fchmodat, fd, "x", 0644));
    REPORT("fchmodat glibc AT_SYMLINK_NOFOLLOW on a symlink", fchmodat(AT_FDCWD, "lf", 0600, AT_SYMLINK_NOFOLLOW));
    REPORT("fchmod 0664", fchmod(fd, 0664));
    mode("  f", "f");
    REPORT("fchmod dir fd 0700", fchmod(dfd, 0700));
    mode("  d", "d");
    int pfd = open("f", O_PATH);
    REPORT("fchmod O_PATH fd", fchmod(pfd, 0644));
    REPORT("fchmod bad fd", fchmod(9999, 0644));
    MUST(fchmod(fd, 0644));

    /* chown family: to the caller's own ids only */
    uid_t u = getuid();
    gid_t g = getgid();
    REPORT("chown f to self", syscall(SYS_chown, "f", u, g));
    FACT("  owned by self", owned("f", 1));
    REPORT("chown f -1 -1", syscall(SYS_chown, "f", -1, -1));
    REPORT("chown through symlink", syscall(SYS_chown, "lf", u, -1));
    REPORT("chown dangling", syscall(SYS_chown, "dangling", u, g));
    REPORT("chown missing", syscall(SYS_chown, "missing", u, g));
    REPORT("chown f/x", syscall(SYS_chown, "f/x", u, g));
    REPORT("chown \"\"", syscall(SYS_chown, "", u, g));
    REPORT("lchown dangling symlink to self", syscall(SYS_lchown, "dangling", u, g));
    FACT("  link owned by self", owned("dangling", 0));
    REPORT("lchown missing", syscall(SYS_lchown, "missing", u, g));
    REPORT("fchownat(d, ../f)", fchownat(dfd, "../f", u, g, 0));
    REPORT("fchownat AT_SYMLINK_NOFOLLOW dangling", fchownat(AT_FDCWD, "dangling", u, g, AT_SYMLINK_NOFOLLOW));
    REPORT("fchownat follow dangling", fchownat(AT_FDCWD, "dangling", u, g, 0));
    REPORT("fchownat(fd, \"\", AT_EMPTY_PATH)", fchownat(fd, "", u, g, AT_EMPTY_PATH));
    REPORT("fchownat(fd, \"\", 0)", fchownat(fd, "", u, g, 0));
    REPORT("fchownat(O_PATH fd, \"\", AT_EMPTY_PATH)", fchownat(pfd, "", u, g, AT_EMPTY_PATH));
    REPORT("fchownat bad flags", fchownat(AT_FDCWD, "f", u, g, 0x1));
    REPORT("fchown fd", fchown(fd, u, g));
    REPORT("fchown O_PATH fd", fchown(pfd, u, g));
    REPORT("fchown bad fd", fchown(9999, u, g));
    MUST(chmod("f", 04755));
    REPORT("chown -1 -1 of a setuid file", syscall(SYS_chown, "f", -1, -1));
    mode("  f (setuid after chown)", "f");
    MUST(chmod("f", 0644));

    /* timestamps */
    struct utimbuf ub = { .actime = 1000000000, .modtime = 1234567890 };
    REPORT("utime fixed", syscall(SYS_utime, "f", &ub));
    times("  f", "f", 1);
    REPORT("utime through symlink", syscall(SYS_utime, "lf", &ub));
    REPORT("utime dangling", syscall(SYS_utime, "dangling", &ub));
    REPORT("utime missing", syscall(SYS_utime, "missing", &ub));
    REPORT("utime \"\"", syscall(SYS_utime, "", &ub));
    REPORT("utime bad buffer", syscall(SYS_utime, "f", (void *)1));
    struct timeval before;
    gettimeofday(&before, NULL);
    REPORT("utime NULL (now)", syscall(SYS_utime, "f", NULL));
    MUST(stat("f", &st));
    FACT("  mtime is now", st.st_mtim.tv_sec >= before.tv_sec - 1 && st.st_mtim.tv_sec <= before.tv_sec + 60);
    struct timeval tv[2] = { { 1100000000, 250000 }, { 1200000000, 500000 } };
    REPORT("utimes fixed with usec", syscall(SYS_utimes, "f", tv));
    times("  f", "f", 1);
    REPORT("utimes missing", syscall(SYS_utimes, "missing", tv));
    struct timeval badtv[2] = { { 1, 1000000 }, { 1, 0 } };
    REPORT("utimes usec 1000000", syscall(SYS_utimes, "f", badtv));
    struct timeval negtv[2] = { { 1, -1 }, { 1, 0 } };
    REPORT("utimes usec -1", syscall(SYS_utimes, "f", negtv));
    tv[1].tv_sec = 1300000000;
    REPORT("futimesat(d, ../f)", syscall(SYS_futimesat, dfd, "../f", tv));
    times("  f", "f", 1);
    tv[1].tv_sec = 1300000001;
    REPORT("futimesat(fd, NULL) acts on fd", syscall(SYS_futimesat, fd, NULL, tv));
    times("  f", "f", 1);
    REPORT("futimesat(AT_FDCWD, lf)", syscall(SYS_futimesat, AT_FDCWD, "lf", tv));
    REPORT("futimesat(-1, relative)", syscall(SYS_futimesat, -1, "f", tv));
    REPORT("futimesat(file fd, relative)", syscall(SYS_futimesat, fd, "x", tv));
    struct timespec ts[2] = { { 1400000000, 123456789 }, { 1500000000, 987654321 } };
    REPORT("utimensat fixed ns", utimensat(AT_FDCWD, "f", ts, 0));
    times("  f", "f", 1);
    struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1600000000, 0 } };
    REPORT("utimensat atime UTIME_OMIT", utimensat(AT_FDCWD, "f", omit, 0));
    times("  f", "f", 1);
    struct timespec both[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    REPORT("utimensat both UTIME_OMIT", utimensat(AT_FDCWD, "f", both, 0));
    times("  f unchanged", "f", 1);
    REPORT("utimensat both UTIME_OMIT on missing", utimensat(AT_FDCWD, "missing", both, 0));
    struct timespec now[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
    REPORT("utimensat mtime UTIME_NOW", utimensat(AT_FDCWD, "f", now, 0));
    MUST(stat("f", &st));
    FACT("  mtime is now, atime kept", st.st_mtim.tv_sec >= before.tv_sec - 1 && st.st_atim.tv_sec == 1400000000);
    ts[1].tv_sec = 1700000000;
    REPORT("utimensat AT_SYMLINK_NOFOLLOW on lf", utimensat(AT_FDCWD, "lf", ts, AT_SYMLINK_NOFOLLOW));
    times("  lf itself", "lf", 0);
    MUST(stat("f", &st));
    FACT("  target untouched", st.st_mtim.tv_sec != 1700000000);
    REPORT("utimensat AT_SYMLINK_NOFOLLOW dangling", utimensat(AT_FDCWD, "dangling", ts, AT_SYMLINK_NOFOLLOW));
    REPORT("utimensat follow dangling", utimensat(AT_FDCWD, "dangling", ts, 0));
    ts[1].tv_sec = 1700000001;
    REPORT("utimensat(fd, NULL) acts on fd", syscall(SYS_utimensat, fd, NULL, ts, 0));
    times("  f", "f", 1);
    REPORT("utimensat(AT_FDCWD, NULL)", syscall(SYS_utimensat, AT_FDCWD, NULL, ts, 0));
    REPORT("utimensat(fd, NULL, AT_SYMLINK_NOFOLLOW)", syscall(SYS_utimensat, fd, NULL, ts, AT_SYMLINK_NOFOLLOW));
    ts[1].tv_sec = 1700000002;
    REPORT("utimensat(fd, \"\", AT_EMPTY_PATH)", utimensat(fd, "", ts, AT_EMPTY_PATH));
    times("  f", "f", 1);
    REPORT("utimensat(fd, \"\", 0)", utimensat(fd, "", ts, 0));
    REPORT("utimensat(d, ../f)", utimensat(dfd, "../f", ts, 0));
    struct timespec bad[2] = { { 1, 1000000000 }, { 1, 0 } };
    REPORT("utimensat nsec 1e9", utimensat(AT_FDCWD, "f", bad, 0));
    REPORT("utimensat bad flags", utimensat(AT_FDCWD, "f", ts, 0x1));
    REPORT("utimensat times pointer bad", syscall(SYS_utimensat, AT_FDCWD, "f", (void *)1, 0));
    REPORT("utimensat missing", utimensat(AT_FDCWD, "missing", ts, 0));
    REPORT("utimensat dir", utimensat(AT_FDCWD, "d", ts, 0));
    times("  d", "d", 1);

    /* truncate */
    REPORT("truncate f 100 (grow)", syscall(SYS_truncate, "f", 100L));
    size("  f", "f");
    {
        char b[16];
        memset(b, 'x', sizeof b);
        pread(fd, b, 4, 50);
        FACT("  grown part reads zeros", b[0] == 0 && b[3] == 0);
    }
    REPORT("truncate f 3 (shrink)", syscall(SYS_truncate, "f", 3L));
    size("  f", "f");
    REPORT("truncate through symlink to 5", syscall(SYS_truncate, "lf", 5L));
    size("  f", "f");
    REPORT("truncate -1", syscall(SYS_truncate, "f", -1L));
    REPORT("truncate dir", syscall(SYS_truncate, "d", 0L));
    REPORT("truncate fifo", syscall(SYS_truncate, "fifo", 0L));
    REPORT("truncate missing", syscall(SYS_truncate, "missing", 0L));
    REPORT("truncate dangling", syscall(SYS_truncate, "dangling", 0L));
    REPORT("truncate f/x", syscall(SYS_truncate, "f/x", 0L));
    REPORT("truncate \"\"", syscall(SYS_truncate, "", 0L));
    REPORT("truncate /dev/null", syscall(SYS_truncate, "/dev/null", 0L));
    REPORT("ftruncate O_RDONLY fd", ftruncate(open("f", O_RDONLY), 0));
    REPORT("ftruncate O_PATH fd", ftruncate(pfd, 0));
    REPORT("ftruncate dir fd", ftruncate(dfd, 0));

    /* access checks whose answer does not depend on privilege */
    MUST(chmod("f", 0644));
    REPORT("access f F_OK", syscall(SYS_access, "f", F_OK));
    REPORT("access f R_OK", syscall(SYS_access, "f", R_OK));
    REPORT("access f W_OK", syscall(SYS_access, "f", W_OK));
    REPORT("access f X_OK (no x bit at all)", syscall(SYS_access, "f", X_OK));
    REPORT("access f R_OK|X_OK", syscall(SYS_access, "f", R_OK | X_OK));
    MUST(chmod("f", 0755));
    REPORT("access f X_OK (0755)", syscall(SYS_access, "f", X_OK));
    MUST(chmod("f", 0644));
    REPORT("access d X_OK", syscall(SYS_access, "d", X_OK));
    REPORT("access lf R_OK", syscall(SYS_access, "lf", R_OK));
    REPORT("access dangling F_OK", syscall(SYS_access, "dangling", F_OK));
    REPORT("access missing", syscall(SYS_access, "missing", F_OK));
    REPORT("access f/", syscall(SYS_access, "f/", F_OK));
    REPORT("access \"\"", syscall(SYS_access, "", F_OK));
    REPORT("access bad mode 8", syscall(SYS_access, "f", 8));
    REPORT("access /usr/bin/env X_OK", syscall(SYS_access, "/usr/bin/env", X_OK));
    REPORT("access /dev/null R_OK|W_OK", syscall(SYS_access, "/dev/null", R_OK | W_OK));
    REPORT("faccessat(d, ../f, R_OK)", syscall(SYS_faccessat, dfd, "../f", R_OK));
    REPORT("faccessat(AT_FDCWD, dangling)", syscall(SYS_faccessat, AT_FDCWD, "dangling", F_OK));
    REPORT("faccessat(-1, relative)", syscall(SYS_faccessat, -1, "f", F_OK));
    REPORT("faccessat(file fd, relative)", syscall(SYS_faccessat, fd, "x", F_OK));
    REPORT("faccessat bad mode", syscall(SYS_faccessat, AT_FDCWD, "f", 0x10));
    REPORT("faccessat2 AT_SYMLINK_NOFOLLOW dangling", syscall(SYS_faccessat2, AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
    REPORT("faccessat2 follow dangling", syscall(SYS_faccessat2, AT_FDCWD, "dangling", F_OK, 0));
    REPORT("faccessat2 AT_EACCESS R_OK", syscall(SYS_faccessat2, AT_FDCWD, "f", R_OK, AT_EACCESS));
    REPORT("faccessat2 AT_EACCESS X_OK", syscall(SYS_faccessat2, AT_FDCWD, "f", X_OK, AT_EACCESS));
    REPORT("faccessat2(d, \"\", AT_EMPTY_PATH)", syscall(SYS_faccessat2, dfd, "", X_OK, AT_EMPTY_PATH));
    REPORT("faccessat2(fd, \"\", 0)", syscall(SYS_faccessat2, fd, "", F_OK, 0));
    REPORT("faccessat2 bad flags", syscall(SYS_faccessat2, AT_FDCWD, "f", F_OK, 0x1));
    REPORT("faccessat2 bad mode", syscall(SYS_faccessat2, AT_FDCWD, "f", 0x10, 0));
    REPORT("faccessat2 NULL path", syscall(SYS_faccessat2, AT_FDCWD, NULL, F_OK, 0));

    close(fd);
    close(dfd);
    close(pfd);
    MUST(chdir("/"));
    MUST(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    FACT("cleaned up", stat(dir, &st) != 0);
    return 0;
}
