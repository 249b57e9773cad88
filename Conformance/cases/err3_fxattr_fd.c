// syscalls: fsetxattr fremovexattr
// expect: same
/* fsetxattr/fremovexattr by descriptor: bad, closed, huge and negative fds, O_PATH, pipes,
 * sockets, eventfds, memfds, directories; which error wins between a bad descriptor and a bad
 * name, flags, size or value (the kernel copies the name and value before it looks at the
 * descriptor); namespaces an unprivileged owner may not use. Natively the case first becomes
 * uid/gid 1000 (the sandbox's guest), so the capability checks agree. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>

#include "err_util.h"

static long fset(int fd, const char *name, const void *v, long size, int flags) {
    return syscall(SYS_fsetxattr, fd, name, v, size, flags);
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    enter_scratch("err3-fxattr");
    put("f", "x");
    MUST(mkdir("d", 0755));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int pp[2];
    MUST(pipe(pp));
    int sv[2];
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int efd = eventfd(0, 0);
    MUST(efd);
    int closed = dup(ffd);
    MUST(closed);
    close(closed);
    char *big = calloc(1, 65537);
    char longname[300] = "user.";
    memset(longname + 5, 'n', 251);
    longname[256] = 0;

    REPORT("fsetxattr fd -1", fset(-1, "user.a", "v", 1, 0));
    REPORT("fsetxattr fd -100 (AT_FDCWD)", fset(-100, "user.a", "v", 1, 0));
    REPORT("fsetxattr fd INT_MAX", fset(INT_MAX, "user.a", "v", 1, 0));
    REPORT("fsetxattr fd INT_MIN", fset(INT_MIN, "user.a", "v", 1, 0));
    REPORT("fsetxattr closed fd", fset(closed, "user.a", "v", 1, 0));
    REPORT("fsetxattr fd 1<<32 | file fd", syscall(SYS_fsetxattr, (1L << 32) | ffd, "user.a", "v", 1L, 0));
    REPORT("fsetxattr fd -1, flags 8", fset(-1, "user.a", "v", 1, 8));
    REPORT("fsetxattr fd -1, empty name", fset(-1, "", "v", 1, 0));
    REPORT("fsetxattr fd -1, 256-byte name", fset(-1, longname, "v", 1, 0));
    REPORT("fsetxattr fd -1, NULL name", fset(-1, NULL, "v", 1, 0));
    REPORT("fsetxattr fd -1, 65537-byte value", fset(-1, "user.a", big, 65537, 0));
    REPORT("fsetxattr fd -1, value (void*)1", fset(-1, "user.a", (void *)1, 4, 0));
    REPORT("fsetxattr O_PATH fd", fset(pfd, "user.a", "v", 1, 0));
    REPORT("fsetxattr O_PATH fd, empty name", fset(pfd, "", "v", 1, 0));
    REPORT("fsetxattr O_PATH fd, flags 8", fset(pfd, "user.a", "v", 1, 8));
    REPORT("fsetxattr file fd O_RDONLY", fset(ffd, "user.a", "v", 1, 0));
    REPORT("fsetxattr file fd, XATTR_CREATE existing", fset(ffd, "user.a", "v", 1, XATTR_CREATE));
    REPORT("fsetxattr file fd, XATTR_REPLACE missing", fset(ffd, "user.zz", "v", 1, XATTR_REPLACE));
    REPORT("fsetxattr file fd, value NULL size 0", fset(ffd, "user.e", NULL, 0, 0));
    REPORT("fsetxattr file fd, size -1", syscall(SYS_fsetxattr, ffd, "user.a", big, -1L, 0));
    REPORT("fsetxattr file fd, no namespace", fset(ffd, "plain", "v", 1, 0));
    REPORT("fsetxattr file fd, bogus.x", fset(ffd, "bogus.x", "v", 1, 0));
    REPORT("fsetxattr file fd, trusted.x", fset(ffd, "trusted.x", "v", 1, 0));
    REPORT("fsetxattr file fd, security.x", fset(ffd, "security.x", "v", 1, 0));
    REPORT("fsetxattr file fd, system.x", fset(ffd, "system.x", "v", 1, 0));
    REPORT("fsetxattr dir fd", fset(dfd, "user.a", "v", 1, 0));
    REPORT("fsetxattr pipe", fset(pp[0], "user.a", "v", 1, 0));
    REPORT("fsetxattr pipe, bogus.x", fset(pp[0], "bogus.x", "v", 1, 0));
    REPORT("fsetxattr socket", fset(sv[0], "user.a", "v", 1, 0));
    REPORT("fsetxattr eventfd", fset(efd, "user.a", "v", 1, 0));

    REPORT("fremovexattr fd -1", syscall(SYS_fremovexattr, -1, "user.a"));
    REPORT("fremovexattr fd INT_MAX", syscall(SYS_fremovexattr, INT_MAX, "user.a"));
    REPORT("fremovexattr closed fd", syscall(SYS_fremovexattr, closed, "user.a"));
    REPORT("fremovexattr fd -1, empty name", syscall(SYS_fremovexattr, -1, ""));
    REPORT("fremovexattr fd -1, 256-byte name", syscall(SYS_fremovexattr, -1, longname));
    REPORT("fremovexattr fd -1, NULL name", syscall(SYS_fremovexattr, -1, NULL));
    REPORT("fremovexattr O_PATH fd", syscall(SYS_fremovexattr, pfd, "user.a"));
    REPORT("fremovexattr O_PATH fd, empty name", syscall(SYS_fremovexattr, pfd, ""));
    REPORT("fremovexattr file fd, missing attr", syscall(SYS_fremovexattr, ffd, "user.none"));
    REPORT("fremovexattr file fd, bogus.x", syscall(SYS_fremovexattr, ffd, "bogus.x"));
    REPORT("fremovexattr file fd, trusted.x", syscall(SYS_fremovexattr, ffd, "trusted.x"));
    REPORT("fremovexattr file fd, system.x", syscall(SYS_fremovexattr, ffd, "system.x"));
    REPORT("fremovexattr file fd, existing", syscall(SYS_fremovexattr, ffd, "user.a"));
    REPORT("fremovexattr file fd, again", syscall(SYS_fremovexattr, ffd, "user.a"));
    REPORT("fremovexattr dir fd, existing", syscall(SYS_fremovexattr, dfd, "user.a"));
    REPORT("fremovexattr pipe", syscall(SYS_fremovexattr, pp[1], "user.a"));
    REPORT("fremovexattr socket", syscall(SYS_fremovexattr, sv[1], "user.a"));
    REPORT("fremovexattr eventfd", syscall(SYS_fremovexattr, efd, "user.a"));
    char list[256];
    VALUE("flistxattr file fd after", flistxattr(ffd, list, sizeof list));
    free(big);
    close(ffd); close(pfd); close(dfd); close(pp[0]); close(pp[1]); close(sv[0]); close(sv[1]); close(efd);
    leave_scratch();
    return 0;
}
