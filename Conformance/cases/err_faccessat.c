// syscalls: faccessat faccessat2 access
// expect: same
/* faccessat/faccessat2 error paths: bad mode bits, unknown flags, AT_EACCESS,
 * AT_SYMLINK_NOFOLLOW on dangling links, AT_EMPTY_PATH with descriptors, trailing slashes,
 * X_OK on a file without any execute bit (EACCES even for root), bad dirfds. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static long fa2(int dirfd, const char *p, int mode, int flags) {
    return syscall(SYS_faccessat2, dirfd, p, mode, flags);
}

int main(void) {
    enter_scratch("err-faccess");
    put("f", "x");
    put("x", "#!/bin/sh\n");
    MUST(chmod("x", 0755));
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    REPORT("faccessat F_OK", syscall(SYS_faccessat, AT_FDCWD, "f", F_OK));
    REPORT("faccessat mode 8", syscall(SYS_faccessat, AT_FDCWD, "f", 8));
    REPORT("faccessat mode -1", syscall(SYS_faccessat, AT_FDCWD, "f", -1));
    REPORT("faccessat mode 0x10", syscall(SYS_faccessat, AT_FDCWD, "f", 0x10));
    REPORT("faccessat X_OK on 0644 file", syscall(SYS_faccessat, AT_FDCWD, "f", X_OK));
    REPORT("faccessat X_OK on 0755 file", syscall(SYS_faccessat, AT_FDCWD, "x", X_OK));
    REPORT("faccessat X_OK on dir", syscall(SYS_faccessat, AT_FDCWD, "d", X_OK));
    REPORT("faccessat dangling", syscall(SYS_faccessat, AT_FDCWD, "dangling", F_OK));
    REPORT("faccessat f/", syscall(SYS_faccessat, AT_FDCWD, "f/", F_OK));
    REPORT("faccessat lf/", syscall(SYS_faccessat, AT_FDCWD, "lf/", F_OK));
    REPORT("faccessat d/", syscall(SYS_faccessat, AT_FDCWD, "d/", F_OK));
    REPORT("faccessat empty path", syscall(SYS_faccessat, AT_FDCWD, "", F_OK));
    REPORT("faccessat dirfd -1", syscall(SYS_faccessat, -1, "f", F_OK));
    REPORT("faccessat file dirfd", syscall(SYS_faccessat, ffd, "f", F_OK));
    REPORT("faccessat2 flags 0", fa2(AT_FDCWD, "f", R_OK, 0));
    REPORT("faccessat2 mode 8", fa2(AT_FDCWD, "f", 8, 0));
    REPORT("faccessat2 flags 0x1", fa2(AT_FDCWD, "f", F_OK, 1));
    REPORT("faccessat2 flags AT_REMOVEDIR", fa2(AT_FDCWD, "f", F_OK, AT_REMOVEDIR));
    REPORT("faccessat2 flags -1", fa2(AT_FDCWD, "f", F_OK, -1));
    REPORT("faccessat2 AT_EACCESS R_OK", fa2(AT_FDCWD, "f", R_OK, AT_EACCESS));
    REPORT("faccessat2 AT_EACCESS X_OK on 0644", fa2(AT_FDCWD, "f", X_OK, AT_EACCESS));
    REPORT("faccessat2 AT_EACCESS X_OK on 0755", fa2(AT_FDCWD, "x", X_OK, AT_EACCESS));
    REPORT("faccessat2 dangling, follow", fa2(AT_FDCWD, "dangling", F_OK, 0));
    REPORT("faccessat2 dangling, AT_SYMLINK_NOFOLLOW", fa2(AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
    REPORT("faccessat2 lf X_OK, AT_SYMLINK_NOFOLLOW", fa2(AT_FDCWD, "lf", X_OK, AT_SYMLINK_NOFOLLOW));
    REPORT("faccessat2 empty path, no flag", fa2(ffd, "", F_OK, 0));
    REPORT("faccessat2 empty path, AT_EMPTY_PATH fd", fa2(ffd, "", R_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 empty path, AT_EMPTY_PATH O_PATH fd", fa2(pfd, "", R_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 empty path, AT_EMPTY_PATH O_PATH fd X_OK", fa2(pfd, "", X_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 empty path, AT_EMPTY_PATH AT_FDCWD", fa2(AT_FDCWD, "", F_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 empty path, AT_EMPTY_PATH bad fd", fa2(9999, "", F_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 all flags", fa2(AT_FDCWD, "f", F_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
    REPORT("faccessat2 f/ ", fa2(AT_FDCWD, "f/", F_OK, 0));
    REPORT("faccessat2 f/.", fa2(AT_FDCWD, "f/.", F_OK, 0));
    REPORT("faccessat2 f/..", fa2(AT_FDCWD, "f/..", F_OK, 0));
    REPORT("access (raw) mode 8", syscall(SYS_access, "f", 8));
    REPORT("access (raw) X_OK 0644", syscall(SYS_access, "f", X_OK));
    close(ffd); close(pfd);
    leave_scratch();
    return 0;
}
