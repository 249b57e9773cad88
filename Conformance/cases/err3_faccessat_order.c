// syscalls: access faccessat faccessat2
// expect: same
/* access/faccessat/faccessat2: the mode is checked before the flags, both before the path
 * (EINVAL wins over EFAULT and ENOENT); full-range modes (-1, bits above 32 ignored) and flags;
 * AT_EMPTY_PATH with NULL and empty paths on AT_FDCWD, files, O_PATH descriptors of files and
 * symlinks, pipes, sockets, closed and huge descriptors; dirfds that are files, sockets, pipes;
 * paths unterminated at a mapping's end; permission bits (0000, 0444, 0644 files). Natively the
 * case first becomes uid/gid 1000, so the permission checks are an unprivileged owner's. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

#ifndef AT_EACCESS
#define AT_EACCESS 0x200
#endif

static long fa2(int fd, const char *p, long mode, long flags) {
    return syscall(SYS_faccessat2, fd, p, mode, flags);
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    edge[-1] = 'f';
    enter_scratch("err3-faccess");
    put("f", "x");
    put("none", "x");
    MUST(chmod("none", 0));
    put("ro", "x");
    MUST(chmod("ro", 0444));
    MUST(mkdir("d", 0755));
    MUST(mkdir("noexec", 0644));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    int lpfd = open("dangling", O_PATH | O_NOFOLLOW);
    MUST(lpfd);
    int nfd = open("none", O_PATH);
    MUST(nfd);
    int pp[2];
    MUST(pipe(pp));
    int sv[2];
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int closed = fcntl(ffd, F_DUPFD, 900);   /* a number nothing reuses */
    MUST(closed);
    close(closed);

    REPORT("access NULL path", syscall(SYS_access, NULL, F_OK));
    REPORT("access NULL path, mode 8", syscall(SYS_access, NULL, 8));
    REPORT("access missing, mode -1", syscall(SYS_access, "missing", -1L));
    REPORT("access mode 7 | 1<<32", syscall(SYS_access, "f", (1L << 32) | 7));
    REPORT("access mode 1<<32 only (F_OK)", syscall(SYS_access, "missing", 1L << 32));
    REPORT("access path unterminated at edge", syscall(SYS_access, edge - 1, F_OK));
    REPORT("access path unterminated at edge, mode 8", syscall(SYS_access, edge - 1, 8));
    REPORT("access R_OK on 0000", syscall(SYS_access, "none", R_OK));
    REPORT("access F_OK on 0000", syscall(SYS_access, "none", F_OK));
    REPORT("access W_OK on 0444", syscall(SYS_access, "ro", W_OK));
    REPORT("access X_OK on 0644", syscall(SYS_access, "f", X_OK));
    REPORT("access X_OK on 0644 dir", syscall(SYS_access, "noexec", X_OK));
    REPORT("access noexec/x (no search)", syscall(SYS_access, "noexec/x", F_OK));
    REPORT("access lf/", syscall(SYS_access, "lf/", F_OK));
    REPORT("access dangling/", syscall(SYS_access, "dangling/", F_OK));

    REPORT("faccessat mode -1, fd -1", syscall(SYS_faccessat, -1, "f", -1L));
    REPORT("faccessat junk 4th argument (ignored)", syscall(SYS_faccessat, AT_FDCWD, "f", (long)F_OK, 0xdeadL));
    REPORT("faccessat file dirfd", syscall(SYS_faccessat, ffd, "x", (long)F_OK));
    REPORT("faccessat O_PATH file dirfd", syscall(SYS_faccessat, pfd, "x", (long)F_OK));
    REPORT("faccessat pipe dirfd", syscall(SYS_faccessat, pp[0], "x", (long)F_OK));
    REPORT("faccessat socket dirfd", syscall(SYS_faccessat, sv[0], "x", (long)F_OK));
    REPORT("faccessat closed dirfd", syscall(SYS_faccessat, closed, "x", (long)F_OK));
    REPORT("faccessat dirfd INT_MIN, absolute", syscall(SYS_faccessat, INT_MIN, "/", (long)F_OK));
    REPORT("faccessat empty path, fd", syscall(SYS_faccessat, ffd, "", (long)F_OK));

    REPORT("faccessat2 mode 8, flags 0x1", fa2(AT_FDCWD, "f", 8, 1));
    REPORT("faccessat2 flags 0x1, NULL path", fa2(AT_FDCWD, NULL, F_OK, 1));
    REPORT("faccessat2 flags 0x1, missing", fa2(AT_FDCWD, "missing", F_OK, 1));
    REPORT("faccessat2 flags 0x1, fd -1", fa2(-1, "f", F_OK, 1));
    REPORT("faccessat2 flags 1<<32 (int: 0)", fa2(AT_FDCWD, "f", F_OK, 1L << 32));
    REPORT("faccessat2 all three flags, fd", fa2(ffd, "", R_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, NULL path, AT_FDCWD", fa2(AT_FDCWD, NULL, X_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, NULL path, fd", fa2(ffd, NULL, R_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, NULL path, fd -1", fa2(-1, NULL, R_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, empty, AT_FDCWD", fa2(AT_FDCWD, "", W_OK | X_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, empty, fd -1", fa2(-1, "", F_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, empty, closed fd", fa2(closed, "", F_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, empty, fd INT_MAX", fa2(INT_MAX, "", F_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, O_PATH file, X_OK", fa2(pfd, "", X_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, O_PATH file, R_OK|W_OK", fa2(pfd, "", R_OK | W_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, O_PATH 0000 file, R_OK", fa2(nfd, "", R_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, O_PATH 0000 file, F_OK", fa2(nfd, "", F_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, O_PATH dangling symlink", fa2(lpfd, "", F_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH|NOFOLLOW, O_PATH dangling symlink", fa2(lpfd, "", F_OK, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
    REPORT("faccessat2 AT_EMPTY_PATH, pipe, R_OK|W_OK", fa2(pp[0], "", R_OK | W_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, pipe, X_OK", fa2(pp[0], "", X_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 AT_EMPTY_PATH, socket, R_OK|W_OK|X_OK", fa2(sv[0], "", R_OK | W_OK | X_OK, AT_EMPTY_PATH));
    REPORT("faccessat2 empty path, no flag, fd", fa2(ffd, "", F_OK, 0));
    REPORT("faccessat2 NOFOLLOW dangling", fa2(AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
    REPORT("faccessat2 NOFOLLOW dangling/", fa2(AT_FDCWD, "dangling/", F_OK, AT_SYMLINK_NOFOLLOW));
    REPORT("faccessat2 NOFOLLOW lf, W_OK (symlink itself)", fa2(AT_FDCWD, "lf", W_OK, AT_SYMLINK_NOFOLLOW));
    REPORT("faccessat2 AT_EACCESS R_OK on 0000", fa2(AT_FDCWD, "none", R_OK, AT_EACCESS));
    REPORT("faccessat2 path unterminated at edge, flags 0x1", fa2(AT_FDCWD, edge - 1, F_OK, 1));
    close(ffd); close(pfd); close(lpfd); close(nfd); close(pp[0]); close(pp[1]); close(sv[0]); close(sv[1]);
    leave_scratch();
    return 0;
}
