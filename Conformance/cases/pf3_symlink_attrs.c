// syscalls: utimensat symlink newfstatat fchmodat chmod lchown fchownat openat write readlink
// expect: same
/* Attributes of a symlink versus its target: utimensat with AT_SYMLINK_NOFOLLOW sets the link's
 * own times (target untouched), without it the target's; UTIME_OMIT/UTIME_NOW on the link; a
 * dangling link (ENOENT following, ok not following); utimensat(AT_EMPTY_PATH) on an
 * O_PATH|O_NOFOLLOW descriptor of the link, futimens on it (EBADF); writing the target leaves the
 * link's mtime; chmod follows (the target's mode changes, the link stays 0777), fchmodat with
 * AT_SYMLINK_NOFOLLOW is EOPNOTSUPP, lchown/fchownat(AT_SYMLINK_NOFOLLOW) to one's own ids works.
 * Explicit times print exactly; times the kernel sets (following the link updates its atime)
 * print as "now". */
#include "fs2_util.h"

/* An explicit time exactly; a time the kernel set itself (following a link reads it, which
 * updates its atime under relatime) as "now". */
static const char *ts(const struct timespec *t, char *buf) {
    if (t->tv_sec > 1600000000) return "now";
    sprintf(buf, "%ld.%09ld", (long)t->tv_sec, t->tv_nsec);
    return buf;
}

static void times(const char *label) {
    struct stat l, t;
    char a[4][40];
    if (lstat("l", &l) || stat("t", &t)) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: link atime %s mtime %s | target atime %s mtime %s\n", label, ts(&l.st_atim, a[0]), ts(&l.st_mtim, a[1]),
           ts(&t.st_atim, a[2]), ts(&t.st_mtim, a[3]));
}

int main(void) {
    enter_scratch("pf3-symattr");
    put("t", "target");
    MUST(symlink("t", "l"));
    struct timespec base[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
    MUST(utimensat(AT_FDCWD, "t", base, 0));
    MUST(utimensat(AT_FDCWD, "l", base, AT_SYMLINK_NOFOLLOW));
    times("both set to 1e9");
    struct timespec lt[2] = { { 1100000000, 111 }, { 1200000000, 222 } };
    REPORT("utimensat l NOFOLLOW", utimensat(AT_FDCWD, "l", lt, AT_SYMLINK_NOFOLLOW));
    times("  after");
    struct timespec tt[2] = { { 1300000000, 333 }, { 1400000000, 444 } };
    REPORT("utimensat l (follows)", utimensat(AT_FDCWD, "l", tt, 0));
    times("  after");
    struct timespec om[2] = { { 0, UTIME_OMIT }, { 1500000000, 555 } };
    REPORT("utimensat l NOFOLLOW atime OMIT", utimensat(AT_FDCWD, "l", om, AT_SYMLINK_NOFOLLOW));
    times("  after");
    struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
    REPORT("utimensat l NOFOLLOW atime NOW", utimensat(AT_FDCWD, "l", now, AT_SYMLINK_NOFOLLOW));
    struct stat st;
    lstat("l", &st);
    printf("  link atime now later than 1.5e9: %s, mtime kept: %s\n", st.st_atim.tv_sec > 1500000000 ? "yes" : "no",
           st.st_mtim.tv_sec == 1500000000 && st.st_mtim.tv_nsec == 555 ? "yes" : "no");
    MUST(utimensat(AT_FDCWD, "l", base, AT_SYMLINK_NOFOLLOW));

    MUST(symlink("missing", "dangling"));
    REPORT("utimensat dangling (follows)", utimensat(AT_FDCWD, "dangling", lt, 0));
    REPORT("utimensat dangling NOFOLLOW", utimensat(AT_FDCWD, "dangling", lt, AT_SYMLINK_NOFOLLOW));
    lstat("dangling", &st);
    printf("  dangling mtime %ld.%09ld\n", (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);

    int lp = open("l", O_PATH | O_NOFOLLOW);
    REPORT("utimensat(O_PATH link fd, \"\", AT_EMPTY_PATH)", utimensat(lp, "", lt, AT_EMPTY_PATH));
    times("  after");
    REPORT("futimens(O_PATH link fd)", futimens(lp, tt));
    close(lp);

    MUST(utimensat(AT_FDCWD, "l", base, AT_SYMLINK_NOFOLLOW));
    int fd = open("t", O_WRONLY | O_APPEND);
    MUST(write(fd, "more", 4));
    close(fd);
    lstat("l", &st);
    struct stat ts;
    stat("t", &ts);
    printf("target written: link mtime still 1e9 %s, target mtime later %s\n", st.st_mtim.tv_sec == 1000000000 ? "yes" : "no",
           ts.st_mtim.tv_sec > 1400000000 ? "yes" : "no");

    MUST(chmod("t", 0644));
    REPORT("chmod l 0600 (follows)", chmod("l", 0600));
    lstat("l", &st);
    stat("t", &ts);
    printf("  link mode %o, target mode %o\n", st.st_mode & 07777, ts.st_mode & 07777);
    REPORT("fchmodat l 0640 AT_SYMLINK_NOFOLLOW", fchmodat(AT_FDCWD, "l", 0640, AT_SYMLINK_NOFOLLOW));
    lstat("l", &st);
    stat("t", &ts);
    printf("  link mode %o, target mode %o\n", st.st_mode & 07777, ts.st_mode & 07777);
    REPORT("chmod dangling", chmod("dangling", 0600));
    REPORT("lchown l to own ids", lchown("l", getuid(), getgid()));
    REPORT("fchownat l own ids NOFOLLOW", fchownat(AT_FDCWD, "l", getuid(), getgid(), AT_SYMLINK_NOFOLLOW));
    REPORT("lchown l -1 -1", lchown("l", -1, -1));
    REPORT("lchown dangling own ids", lchown("dangling", getuid(), getgid()));
    REPORT("chown dangling (follows)", chown("dangling", getuid(), getgid()));
    leave_scratch();
    return 0;
}
