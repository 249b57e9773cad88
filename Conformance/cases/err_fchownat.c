// syscalls: fchownat chown lchown fchown
// expect: same
/* fchownat error paths: -1/-1 is a no-op everywhere, unknown flags, AT_EMPTY_PATH on
 * descriptors (including O_PATH), AT_SYMLINK_NOFOLLOW on dangling links, missing names,
 * trailing slashes, bad dirfds; chown to one's own ids. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static long fco(int dirfd, const char *p, long u, long g, int flags) {
    return syscall(SYS_fchownat, dirfd, p, u, g, flags);
}

int main(void) {
    enter_scratch("err-fchownat");
    struct stat st;
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    long u = getuid(), g = getgid();
    REPORT("-1/-1 on file", fco(AT_FDCWD, "f", -1, -1, 0));
    REPORT("-1/-1 on dir", fco(AT_FDCWD, "d", -1, -1, 0));
    REPORT("-1/-1 on dangling, follow", fco(AT_FDCWD, "dangling", -1, -1, 0));
    REPORT("-1/-1 on dangling, AT_SYMLINK_NOFOLLOW", fco(AT_FDCWD, "dangling", -1, -1, AT_SYMLINK_NOFOLLOW));
    REPORT("own ids on file", fco(AT_FDCWD, "f", u, g, 0));
    FACT("  owner unchanged", stat("f", &st) == 0 && (long)st.st_uid == u && (long)st.st_gid == g);
    REPORT("own ids on symlink, AT_SYMLINK_NOFOLLOW", fco(AT_FDCWD, "lf", u, g, AT_SYMLINK_NOFOLLOW));
    REPORT("own uid, gid -1", fco(AT_FDCWD, "f", u, -1, 0));
    REPORT("uid -1, own gid", fco(AT_FDCWD, "f", -1, g, 0));
    REPORT("flags 0x200 (AT_REMOVEDIR)", fco(AT_FDCWD, "f", -1, -1, AT_REMOVEDIR));
    REPORT("flags 0x1", fco(AT_FDCWD, "f", -1, -1, 1));
    REPORT("flags -1", fco(AT_FDCWD, "f", -1, -1, -1));
    REPORT("AT_EMPTY_PATH fd", fco(ffd, "", -1, -1, AT_EMPTY_PATH));
    REPORT("AT_EMPTY_PATH O_PATH fd", fco(pfd, "", -1, -1, AT_EMPTY_PATH));
    REPORT("AT_EMPTY_PATH AT_FDCWD (cwd)", fco(AT_FDCWD, "", -1, -1, AT_EMPTY_PATH));
    REPORT("AT_EMPTY_PATH bad fd", fco(9999, "", -1, -1, AT_EMPTY_PATH));
    REPORT("empty path without AT_EMPTY_PATH", fco(ffd, "", -1, -1, 0));
    REPORT("missing", fco(AT_FDCWD, "missing", -1, -1, 0));
    REPORT("missing/x", fco(AT_FDCWD, "missing/x", -1, -1, 0));
    REPORT("f/", fco(AT_FDCWD, "f/", -1, -1, 0));
    REPORT("f/x", fco(AT_FDCWD, "f/x", -1, -1, 0));
    REPORT("dirfd -1", fco(-1, "f", -1, -1, 0));
    REPORT("file dirfd", fco(ffd, "f", -1, -1, 0));
    REPORT("chown (raw) -1/-1", syscall(SYS_chown, "f", -1L, -1L));
    REPORT("chown (raw) dangling", syscall(SYS_chown, "dangling", -1L, -1L));
    REPORT("lchown (raw) dangling", syscall(SYS_lchown, "dangling", -1L, -1L));
    REPORT("lchown (raw) lf/ (follows)", syscall(SYS_lchown, "lf/", -1L, -1L));
    REPORT("fchown -1/-1", syscall(SYS_fchown, ffd, -1L, -1L));
    REPORT("fchown O_PATH fd", syscall(SYS_fchown, pfd, -1L, -1L));
    REPORT("fchown bad fd", syscall(SYS_fchown, 9999, -1L, -1L));
    close(ffd); close(pfd);
    leave_scratch();
    return 0;
}
