// syscalls: getxattr setxattr listxattr removexattr lgetxattr lsetxattr fgetxattr fsetxattr flistxattr fremovexattr
// expect: same
/* xattr error paths in user.*: ENODATA, unknown flags, XATTR_CREATE/XATTR_REPLACE, size-0
 * queries, ERANGE on small buffers, names without a known namespace prefix (EOPNOTSUPP),
 * empty and over-long names (ERANGE), values over 64 KiB (E2BIG), symlinks, O_PATH fds. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"
#include <sys/xattr.h>

int main(void) {
    enter_scratch("err-xattr");
    put("f", "x");
    MUST(symlink("f", "lf"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    char buf[256];
    VALUE("getxattr missing attr", syscall(SYS_getxattr, "f", "user.none", buf, sizeof buf));
    VALUE("getxattr missing, size 0", syscall(SYS_getxattr, "f", "user.none", NULL, 0L));
    VALUE("setxattr flags 4", syscall(SYS_setxattr, "f", "user.a", "v", 1L, 4));
    VALUE("setxattr flags -1", syscall(SYS_setxattr, "f", "user.a", "v", 1L, -1));
    VALUE("setxattr XATTR_CREATE|XATTR_REPLACE", syscall(SYS_setxattr, "f", "user.a", "v", 1L, XATTR_CREATE | XATTR_REPLACE));
    VALUE("setxattr XATTR_REPLACE missing", syscall(SYS_setxattr, "f", "user.a", "v", 1L, XATTR_REPLACE));
    VALUE("setxattr XATTR_CREATE new", syscall(SYS_setxattr, "f", "user.a", "value", 5L, XATTR_CREATE));
    VALUE("setxattr XATTR_CREATE existing", syscall(SYS_setxattr, "f", "user.a", "v", 1L, XATTR_CREATE));
    VALUE("setxattr XATTR_REPLACE existing", syscall(SYS_setxattr, "f", "user.a", "VALUE!", 6L, XATTR_REPLACE));
    VALUE("getxattr size 0 query", syscall(SYS_getxattr, "f", "user.a", NULL, 0L));
    VALUE("getxattr size 3 (ERANGE)", syscall(SYS_getxattr, "f", "user.a", buf, 3L));
    memset(buf, 0, sizeof buf);
    VALUE("getxattr size 6 (exact)", syscall(SYS_getxattr, "f", "user.a", buf, 6L));
    printf("  value \"%s\"\n", buf);
    VALUE("setxattr empty value", syscall(SYS_setxattr, "f", "user.empty", "", 0L, 0));
    VALUE("getxattr empty value", syscall(SYS_getxattr, "f", "user.empty", buf, sizeof buf));
    VALUE("setxattr NULL value size 0", syscall(SYS_setxattr, "f", "user.null", NULL, 0L, 0));
    VALUE("listxattr size 0", syscall(SYS_listxattr, "f", NULL, 0L));
    VALUE("listxattr size 1 (ERANGE)", syscall(SYS_listxattr, "f", buf, 1L));
    VALUE("setxattr name without prefix", syscall(SYS_setxattr, "f", "plain", "v", 1L, 0));
    VALUE("getxattr name without prefix", syscall(SYS_getxattr, "f", "plain", buf, sizeof buf));
    VALUE("removexattr name without prefix", syscall(SYS_removexattr, "f", "plain"));
    VALUE("setxattr unknown namespace", syscall(SYS_setxattr, "f", "bogus.x", "v", 1L, 0));
    VALUE("getxattr unknown namespace", syscall(SYS_getxattr, "f", "bogus.x", buf, sizeof buf));
    VALUE("setxattr bare \"user.\"", syscall(SYS_setxattr, "f", "user.", "v", 1L, 0));
    VALUE("getxattr bare \"user.\"", syscall(SYS_getxattr, "f", "user.", buf, sizeof buf));
    VALUE("setxattr empty name", syscall(SYS_setxattr, "f", "", "v", 1L, 0));
    VALUE("getxattr empty name", syscall(SYS_getxattr, "f", "", buf, sizeof buf));
    VALUE("removexattr empty name", syscall(SYS_removexattr, "f", ""));
    char longname[300] = "user.";
    memset(longname + 5, 'n', 251);  /* 256 bytes */
    longname[256] = 0;
    VALUE("setxattr 256-byte name", syscall(SYS_setxattr, "f", longname, "v", 1L, 0));
    VALUE("getxattr 256-byte name", syscall(SYS_getxattr, "f", longname, buf, sizeof buf));
    char *big = calloc(1, 65537);
    VALUE("setxattr 65537-byte value", syscall(SYS_setxattr, "f", "user.big", big, 65537L, 0));
    VALUE("getxattr size above 64 KiB on small value", syscall(SYS_getxattr, "f", "user.a", big, 65537L));
    free(big);
    VALUE("removexattr missing", syscall(SYS_removexattr, "f", "user.none"));
    VALUE("removexattr existing", syscall(SYS_removexattr, "f", "user.empty"));
    VALUE("removexattr again", syscall(SYS_removexattr, "f", "user.empty"));
    VALUE("lsetxattr user.* on symlink", syscall(SYS_lsetxattr, "lf", "user.l", "v", 1L, 0));
    VALUE("lgetxattr user.* on symlink", syscall(SYS_lgetxattr, "lf", "user.a", buf, sizeof buf));
    VALUE("getxattr through symlink", syscall(SYS_getxattr, "lf", "user.a", buf, sizeof buf));
    VALUE("fgetxattr", syscall(SYS_fgetxattr, ffd, "user.a", buf, sizeof buf));
    VALUE("fgetxattr O_PATH fd", syscall(SYS_fgetxattr, pfd, "user.a", buf, sizeof buf));
    VALUE("fsetxattr O_PATH fd", syscall(SYS_fsetxattr, pfd, "user.b", "v", 1L, 0));
    VALUE("flistxattr O_PATH fd", syscall(SYS_flistxattr, pfd, buf, sizeof buf));
    VALUE("fremovexattr O_PATH fd", syscall(SYS_fremovexattr, pfd, "user.a"));
    VALUE("fgetxattr bad fd", syscall(SYS_fgetxattr, 9999, "user.a", buf, sizeof buf));
    VALUE("fsetxattr bad flags", syscall(SYS_fsetxattr, ffd, "user.b", "v", 1L, 8));
    VALUE("getxattr missing file", syscall(SYS_getxattr, "missing", "user.a", buf, sizeof buf));
    VALUE("getxattr f/", syscall(SYS_getxattr, "f/", "user.a", buf, sizeof buf));
    VALUE("listxattr missing file", syscall(SYS_listxattr, "missing", buf, sizeof buf));
    VALUE("removexattr missing file", syscall(SYS_removexattr, "missing", "user.a"));
    close(ffd); close(pfd);
    leave_scratch();
    return 0;
}
