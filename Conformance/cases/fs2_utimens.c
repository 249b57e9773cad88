// syscalls: utimensat futimesat openat newfstatat fstat close symlink mkdir
// expect: same
/* utimensat with explicit times, UTIME_NOW and UTIME_OMIT on files, dirs and symlinks (with and
 * without AT_SYMLINK_NOFOLLOW), futimens on an fd, NULL times, bad nanoseconds, AT_EMPTY_PATH.
 * Explicit times print exactly; "now" prints only as later-than-explicit. */
#include "fs2_util.h"
#include <time.h>

static void show(const char *label, const char *path, int follow) {
    struct stat st;
    int r = follow ? stat(path, &st) : lstat(path, &st);
    if (r) { printf("  %s: %s\n", label, errname(errno)); return; }
    time_t now = time(NULL);
    #define T(ts) ((ts).tv_sec > 1500000000 && (ts).tv_sec <= now + 5 ? "now" : "")
    char a[64], m[64];
    if (*T(st.st_atim)) snprintf(a, sizeof a, "now"); else snprintf(a, sizeof a, "%ld.%09ld", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec);
    if (*T(st.st_mtim)) snprintf(m, sizeof m, "now"); else snprintf(m, sizeof m, "%ld.%09ld", (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    printf("  %s: atime=%s mtime=%s ctime=%s\n", label, a, m, *T(st.st_ctim) ? "now" : "old?");
}

int main(void) {
    enter_scratch("fs2-utim");
    put("f", "data");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("missing", "dangling"));
    struct timespec t[2] = { { 1000000000, 123456789 }, { 1100000000, 987654321 } };
    REPORT("utimensat f explicit", utimensat(AT_FDCWD, "f", t, 0));
    show("f", "f", 1);
    struct timespec omit_a[2] = { { 0, UTIME_OMIT }, { 1200000000, 5 } };
    REPORT("utimensat f atime OMIT", utimensat(AT_FDCWD, "f", omit_a, 0));
    show("f", "f", 1);
    struct timespec now_m[2] = { { 1300000000, 0 }, { 0, UTIME_NOW } };
    REPORT("utimensat f mtime NOW", utimensat(AT_FDCWD, "f", now_m, 0));
    show("f", "f", 1);
    struct timespec both_omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    REPORT("utimensat f both OMIT", utimensat(AT_FDCWD, "f", both_omit, 0));
    show("f", "f", 1);
    REPORT("utimensat f NULL (both now)", utimensat(AT_FDCWD, "f", NULL, 0));
    show("f", "f", 1);
    REPORT("utimensat d explicit", utimensat(AT_FDCWD, "d", t, 0));
    show("d", "d", 1);
    REPORT("utimensat lf (follows)", utimensat(AT_FDCWD, "lf", t, 0));
    show("f via lf", "f", 1);
    struct timespec t2[2] = { { 900000000, 1 }, { 950000000, 2 } };
    REPORT("utimensat lf NOFOLLOW", utimensat(AT_FDCWD, "lf", t2, AT_SYMLINK_NOFOLLOW));
    show("lf itself", "lf", 0);
    show("f unchanged", "f", 1);
    REPORT("utimensat dangling (follows)", utimensat(AT_FDCWD, "dangling", t, 0));
    REPORT("utimensat dangling NOFOLLOW", utimensat(AT_FDCWD, "dangling", t2, AT_SYMLINK_NOFOLLOW));
    show("dangling itself", "dangling", 0);
    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    REPORT("utimensat nsec 1e9", utimensat(AT_FDCWD, "f", bad, 0));
    struct timespec neg[2] = { { 0, -5 }, { 0, 0 } };
    REPORT("utimensat nsec -5", utimensat(AT_FDCWD, "f", neg, 0));
    struct timespec negsec[2] = { { -100, 0 }, { -200, 500 } };
    REPORT("utimensat negative seconds", utimensat(AT_FDCWD, "f", negsec, 0));
    show("f", "f", 1);
    REPORT("utimensat bad flag", utimensat(AT_FDCWD, "f", t, 0x1));
    REPORT("utimensat missing", utimensat(AT_FDCWD, "missing", t, 0));
    int fd = open("f", O_RDONLY);
    MUST(fd);
    REPORT("futimens explicit", futimens(fd, t2));
    show("f", "f", 1);
    REPORT("futimens NOW/OMIT", futimens(fd, (struct timespec[2]){ { 0, UTIME_NOW }, { 0, UTIME_OMIT } }));
    show("f", "f", 1);
    REPORT("utimensat(fd, NULL path) (futimens form)", syscall(SYS_utimensat, fd, NULL, t, 0));
    show("f", "f", 1);
    REPORT("utimensat(fd, \"\", AT_EMPTY_PATH)", syscall(SYS_utimensat, fd, "", t2, AT_EMPTY_PATH));
    show("f", "f", 1);
    REPORT("utimensat(fd, \"\", 0)", syscall(SYS_utimensat, fd, "", t2, 0));
    close(fd);
    int pfd = open("lf", O_PATH | O_NOFOLLOW);
    MUST(pfd);
    REPORT("utimensat(O_PATH symlink fd, NULL path)", syscall(SYS_utimensat, pfd, NULL, t, 0));
    REPORT("utimensat(O_PATH symlink fd, \"\", AT_EMPTY_PATH)", syscall(SYS_utimensat, pfd, "", t, AT_EMPTY_PATH));
    show("lf itself", "lf", 0);
    close(pfd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    REPORT("futimens(dir fd)", futimens(dfd, t2));
    show("d", "d", 1);
    close(dfd);
    REPORT("futimens(bad fd)", futimens(9999, t));
    /* as uid 1000 on its own file */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        drop_to_user();
        put("mine", "m");
        REPORT("user: utimensat own file explicit", utimensat(AT_FDCWD, "mine", t, 0));
        REPORT("user: utimensat own file NULL", utimensat(AT_FDCWD, "mine", NULL, 0));
        MUST(chmod("mine", 0444));
        REPORT("user: utimensat own read-only file NULL", utimensat(AT_FDCWD, "mine", NULL, 0));
        fflush(stdout);
        _exit(0);
    }
    reap("child", pid);
    leave_scratch();
    return 0;
}
