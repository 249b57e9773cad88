// syscalls: unlinkat unlink rmdir
// expect: same
/* unlinkat error paths: AT_REMOVEDIR on a file and a symlink to a dir, a dir without the
 * flag, non-empty dirs, unknown flags, ".", "..", trailing slashes, bad dirfds, empty path. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static long ul(int dirfd, const char *p, int flags) { return syscall(SYS_unlinkat, dirfd, p, flags); }

int main(void) {
    enter_scratch("err-unlinkat");
    struct stat st;
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(mkdir("full", 0755));
    put("full/inside", "i");
    MUST(symlink("d", "ld"));
    MUST(symlink("f", "lf"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    REPORT("AT_REMOVEDIR on a file", ul(AT_FDCWD, "f", AT_REMOVEDIR));
    REPORT("AT_REMOVEDIR on symlink to dir", ul(AT_FDCWD, "ld", AT_REMOVEDIR));
    REPORT("AT_REMOVEDIR on symlink to dir, slash", ul(AT_FDCWD, "ld/", AT_REMOVEDIR));
    REPORT("dir without AT_REMOVEDIR", ul(AT_FDCWD, "d", 0));
    REPORT("dir/ without AT_REMOVEDIR", ul(AT_FDCWD, "d/", 0));
    REPORT("symlink to dir, slash, no flag", ul(AT_FDCWD, "ld/", 0));
    REPORT("non-empty dir", ul(AT_FDCWD, "full", AT_REMOVEDIR));
    REPORT("non-empty dir, no flag", ul(AT_FDCWD, "full", 0));
    REPORT("flags 0x100 (AT_SYMLINK_NOFOLLOW)", ul(AT_FDCWD, "f", AT_SYMLINK_NOFOLLOW));
    REPORT("flags 0x1", ul(AT_FDCWD, "f", 1));
    REPORT("flags AT_REMOVEDIR|0x1000", ul(AT_FDCWD, "d", AT_REMOVEDIR | AT_EMPTY_PATH));
    REPORT("flags -1", ul(AT_FDCWD, "f", -1));
    FACT("f still there", lstat("f", &st) == 0);
    FACT("d still there", lstat("d", &st) == 0);
    REPORT("\".\" AT_REMOVEDIR", ul(AT_FDCWD, ".", AT_REMOVEDIR));
    REPORT("\"..\" AT_REMOVEDIR", ul(AT_FDCWD, "..", AT_REMOVEDIR));
    REPORT("\"d/.\" AT_REMOVEDIR", ul(AT_FDCWD, "d/.", AT_REMOVEDIR));
    REPORT("\"d/..\" AT_REMOVEDIR", ul(AT_FDCWD, "d/..", AT_REMOVEDIR));
    REPORT("\".\" no flag", ul(AT_FDCWD, ".", 0));
    REPORT("\"..\" no flag", ul(AT_FDCWD, "..", 0));
    REPORT("\"/\" AT_REMOVEDIR", ul(AT_FDCWD, "/", AT_REMOVEDIR));
    REPORT("\"/\" no flag", ul(AT_FDCWD, "/", 0));
    REPORT("f/ (trailing slash on file)", ul(AT_FDCWD, "f/", 0));
    REPORT("lf/ (slash on symlink to file)", ul(AT_FDCWD, "lf/", 0));
    REPORT("f/x", ul(AT_FDCWD, "f/x", 0));
    REPORT("missing", ul(AT_FDCWD, "missing", 0));
    REPORT("missing AT_REMOVEDIR", ul(AT_FDCWD, "missing", AT_REMOVEDIR));
    REPORT("missing/x", ul(AT_FDCWD, "missing/x", 0));
    REPORT("empty path", ul(AT_FDCWD, "", 0));
    REPORT("empty path AT_REMOVEDIR", ul(AT_FDCWD, "", AT_REMOVEDIR));
    REPORT("dirfd -1", ul(-1, "f", 0));
    REPORT("file dirfd", ul(ffd, "x", 0));
    REPORT("dir dirfd \"..\"", ul(dfd, "..", AT_REMOVEDIR));
    REPORT("dir dirfd \"../f\" (works)", ul(dfd, "../f", 0));
    FACT("f gone", lstat("f", &st) != 0);
    REPORT("lf now dangling (works, no follow)", ul(AT_FDCWD, "lf", 0));
    REPORT("rmdir (raw) \".\"", syscall(SYS_rmdir, "."));
    REPORT("rmdir (raw) \"d/.\"", syscall(SYS_rmdir, "d/."));
    REPORT("rmdir (raw) \"d/\" (works)", syscall(SYS_rmdir, "d/"));
    REPORT("unlink (raw) ld/ now dangling", syscall(SYS_unlink, "ld/"));
    REPORT("rmdir (raw) ld", syscall(SYS_rmdir, "ld"));
    REPORT("unlink (raw) ld (works)", syscall(SYS_unlink, "ld"));
    close(ffd);
    close(dfd);
    leave_scratch();
    return 0;
}
