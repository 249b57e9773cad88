// syscalls: fchmodat chmod fchmod
// expect: same
/* fchmodat error paths: the raw syscall has no flags (an extra argument is ignored), glibc's
 * fchmodat with AT_SYMLINK_NOFOLLOW (EOPNOTSUPP on a symlink, ok on a file) and unknown
 * flags, mode bits beyond 07777 (masked), missing names, trailing slashes, bad dirfds,
 * fchmod on O_PATH and bad descriptors. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static unsigned mode_of(const char *p) {
    struct stat st;
    return lstat(p, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0xffffu;
}

int main(void) {
    enter_scratch("err-fchmodat");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    REPORT("raw fchmodat 0600", syscall(SYS_fchmodat, AT_FDCWD, "f", 0600));
    printf("  mode %o\n", mode_of("f"));
    REPORT("raw fchmodat with junk 4th arg", syscall(SYS_fchmodat, AT_FDCWD, "f", 0640, 0x12345));
    printf("  mode %o\n", mode_of("f"));
    REPORT("raw fchmodat mode 0177777", syscall(SYS_fchmodat, AT_FDCWD, "f", 0177777));
    printf("  mode %o\n", mode_of("f"));
    REPORT("raw fchmodat mode S_IFDIR|0644", syscall(SYS_fchmodat, AT_FDCWD, "f", S_IFDIR | 0644));
    printf("  mode %o\n", mode_of("f"));
    struct stat st;
    FACT("  f still regular", lstat("f", &st) == 0 && S_ISREG(st.st_mode));
    REPORT("raw fchmodat through symlink", syscall(SYS_fchmodat, AT_FDCWD, "lf", 0604));
    printf("  f mode %o\n", mode_of("f"));
    REPORT("raw fchmodat dangling", syscall(SYS_fchmodat, AT_FDCWD, "dangling", 0600));
    REPORT("raw fchmodat missing", syscall(SYS_fchmodat, AT_FDCWD, "missing", 0600));
    REPORT("raw fchmodat f/", syscall(SYS_fchmodat, AT_FDCWD, "f/", 0600));
    REPORT("raw fchmodat f/x", syscall(SYS_fchmodat, AT_FDCWD, "f/x", 0600));
    REPORT("raw fchmodat empty path", syscall(SYS_fchmodat, AT_FDCWD, "", 0600));
    REPORT("raw fchmodat dirfd -1", syscall(SYS_fchmodat, -1, "f", 0600));
    REPORT("raw fchmodat file dirfd", syscall(SYS_fchmodat, ffd, "f", 0600));
    REPORT("raw fchmodat d/ (ok)", syscall(SYS_fchmodat, AT_FDCWD, "d/", 0700));
    printf("  d mode %o\n", mode_of("d"));
    REPORT("glibc fchmodat AT_SYMLINK_NOFOLLOW on file", fchmodat(AT_FDCWD, "f", 0644, AT_SYMLINK_NOFOLLOW));
    printf("  mode %o\n", mode_of("f"));
    REPORT("glibc fchmodat AT_SYMLINK_NOFOLLOW on symlink", fchmodat(AT_FDCWD, "lf", 0600, AT_SYMLINK_NOFOLLOW));
    printf("  f mode %o\n", mode_of("f"));
    REPORT("glibc fchmodat AT_SYMLINK_NOFOLLOW on dangling", fchmodat(AT_FDCWD, "dangling", 0600, AT_SYMLINK_NOFOLLOW));
    REPORT("glibc fchmodat AT_SYMLINK_NOFOLLOW on missing", fchmodat(AT_FDCWD, "missing", 0600, AT_SYMLINK_NOFOLLOW));
    REPORT("glibc fchmodat flags AT_REMOVEDIR", fchmodat(AT_FDCWD, "f", 0600, AT_REMOVEDIR));
    REPORT("fchmod on fd", syscall(SYS_fchmod, ffd, 0640));
    printf("  mode %o\n", mode_of("f"));
    REPORT("fchmod on O_PATH fd", syscall(SYS_fchmod, pfd, 0600));
    REPORT("fchmod bad fd", syscall(SYS_fchmod, 9999, 0600));
    REPORT("fchmod -1", syscall(SYS_fchmod, -1, 0600));
    REPORT("chmod (raw) missing/x", syscall(SYS_chmod, "missing/x", 0600));
    REPORT("chmod (raw) lf/", syscall(SYS_chmod, "lf/", 0600));
    printf("final f mode %o\n", mode_of("f"));
    close(ffd); close(pfd);
    leave_scratch();
    return 0;
}
