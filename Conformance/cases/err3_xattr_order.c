// syscalls: setxattr lsetxattr getxattr lgetxattr listxattr llistxattr removexattr lremovexattr
// expect: same
/* Which error wins when an xattr call has two faults at once: unknown flags, an empty, too
 * long or unmapped attribute name, a value over 64 KiB or unmapped, against a missing path, a
 * file in the middle of the path, an empty, NULL or unterminated path. Names are copied (and
 * flags checked) before the lookup; the lookup comes before the value buffer is written. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>

#include "err_util.h"

static char *edge;   /* first byte of an inaccessible page, after a writable one */

static char *at_edge(const char *s, int terminated) {
    size_t n = strlen(s) + (terminated ? 1 : 0);
    char *p = edge - n;
    memcpy(p, s, n);
    return p;
}

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    edge = m + 4096;
    enter_scratch("err3-xattr-order");
    put("f", "x");
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    MUST(setxattr("f", "user.a", "val", 3, 0));
    char longname[300] = "user.";
    memset(longname + 5, 'n', 251);
    longname[256] = 0;
    char buf[64];
    char *big = calloc(1, 65537);

    /* setxattr: flags, then the name, then the size and value, then the path. */
    REPORT("setxattr missing, flags 4", syscall(SYS_setxattr, "missing", "user.a", "v", 1L, 4));
    REPORT("setxattr missing, flags -1", syscall(SYS_setxattr, "missing", "user.a", "v", 1L, -1));
    REPORT("setxattr missing, empty name", syscall(SYS_setxattr, "missing", "", "v", 1L, 0));
    REPORT("setxattr missing, 256-byte name", syscall(SYS_setxattr, "missing", longname, "v", 1L, 0));
    REPORT("setxattr missing, NULL name", syscall(SYS_setxattr, "missing", NULL, "v", 1L, 0));
    REPORT("setxattr missing, 65537-byte value", syscall(SYS_setxattr, "missing", "user.a", big, 65537L, 0));
    REPORT("setxattr missing, size -1", syscall(SYS_setxattr, "missing", "user.a", big, -1L, 0));
    REPORT("setxattr missing, value (void*)1", syscall(SYS_setxattr, "missing", "user.a", (void *)1, 4L, 0));
    REPORT("setxattr missing, value NULL size 4", syscall(SYS_setxattr, "missing", "user.a", NULL, 4L, 0));
    REPORT("setxattr empty name, flags 8", syscall(SYS_setxattr, "f", "", "v", 1L, 8));
    REPORT("setxattr NULL name, flags 8", syscall(SYS_setxattr, "f", NULL, "v", 1L, 8));
    REPORT("setxattr empty name, 65537-byte value", syscall(SYS_setxattr, "f", "", big, 65537L, 0));
    REPORT("setxattr NULL path, empty name", syscall(SYS_setxattr, NULL, "", "v", 1L, 0));
    REPORT("setxattr NULL path, unknown namespace", syscall(SYS_setxattr, NULL, "bogus.a", "v", 1L, 0));
    REPORT("setxattr f/x, unknown namespace", syscall(SYS_setxattr, "f/x", "bogus.a", "v", 1L, 0));
    REPORT("setxattr f/, flags 4", syscall(SYS_setxattr, "f/", "user.a", "v", 1L, 4));
    REPORT("setxattr empty path, 65537-byte value", syscall(SYS_setxattr, "", "user.a", big, 65537L, 0));
    REPORT("setxattr name unterminated at edge", syscall(SYS_setxattr, "f", at_edge("user.b", 0), "v", 1L, 0));
    REPORT("setxattr name ending at edge (ok)", syscall(SYS_setxattr, "f", at_edge("user.b", 1), "v", 1L, 0));
    REPORT("setxattr value straddling edge", syscall(SYS_setxattr, "f", "user.c", edge - 2, 4L, 0));
    REPORT("setxattr value ending at edge (ok)", syscall(SYS_setxattr, "f", "user.c", edge - 4, 4L, 0));
    REPORT("setxattr path unterminated at edge", syscall(SYS_setxattr, at_edge("f", 0), "user.d", "v", 1L, 0));
    REPORT("setxattr path ending at edge (ok)", syscall(SYS_setxattr, at_edge("f", 1), "user.d", "v", 1L, 0));
    REPORT("lsetxattr dangling, flags 4", syscall(SYS_lsetxattr, "dangling", "user.a", "v", 1L, 4));
    REPORT("lsetxattr missing, empty name", syscall(SYS_lsetxattr, "missing", "", "v", 1L, 0));
    REPORT("lsetxattr symlink, empty name", syscall(SYS_lsetxattr, "lf", "", "v", 1L, 0));
    REPORT("lsetxattr symlink, 65537-byte value", syscall(SYS_lsetxattr, "lf", "user.a", big, 65537L, 0));

    /* getxattr: the name, then the path, then the buffer. */
    REPORT("getxattr missing, empty name", syscall(SYS_getxattr, "missing", "", buf, sizeof buf));
    REPORT("getxattr missing, 256-byte name", syscall(SYS_getxattr, "missing", longname, buf, sizeof buf));
    REPORT("getxattr missing, NULL name", syscall(SYS_getxattr, "missing", NULL, buf, sizeof buf));
    REPORT("getxattr missing, NULL buffer", syscall(SYS_getxattr, "missing", "user.a", NULL, 8L));
    REPORT("getxattr NULL path, empty name", syscall(SYS_getxattr, NULL, "", buf, sizeof buf));
    REPORT("getxattr f/x, empty name", syscall(SYS_getxattr, "f/x", "", buf, sizeof buf));
    REPORT("getxattr empty path, empty name", syscall(SYS_getxattr, "", "", buf, sizeof buf));
    REPORT("getxattr name unterminated at edge", syscall(SYS_getxattr, "f", at_edge("user.a", 0), buf, sizeof buf));
    VALUE("getxattr name ending at edge", syscall(SYS_getxattr, "f", at_edge("user.a", 1), buf, sizeof buf));
    REPORT("getxattr missing attr, NULL buffer", syscall(SYS_getxattr, "f", "user.none", NULL, 8L));
    REPORT("getxattr size 2 (ERANGE), NULL buffer", syscall(SYS_getxattr, "f", "user.a", NULL, 2L));
    REPORT("lgetxattr dangling, empty name", syscall(SYS_lgetxattr, "dangling", "", buf, sizeof buf));
    REPORT("lgetxattr missing, 256-byte name", syscall(SYS_lgetxattr, "missing", longname, buf, sizeof buf));

    /* listxattr: the path, then the size. */
    REPORT("listxattr missing, NULL buffer", syscall(SYS_listxattr, "missing", NULL, 8L));
    REPORT("listxattr NULL path", syscall(SYS_listxattr, NULL, buf, sizeof buf));
    REPORT("listxattr path unterminated at edge", syscall(SYS_listxattr, at_edge("f", 0), buf, sizeof buf));
    VALUE("listxattr f/, size 0", syscall(SYS_listxattr, "f/", NULL, 0L));
    REPORT("llistxattr missing/x", syscall(SYS_llistxattr, "missing/x", buf, sizeof buf));
    REPORT("llistxattr f/x, NULL buffer", syscall(SYS_llistxattr, "f/x", NULL, 8L));
    REPORT("llistxattr empty path", syscall(SYS_llistxattr, "", buf, sizeof buf));

    /* removexattr: the name, then the path. */
    REPORT("removexattr missing, empty name", syscall(SYS_removexattr, "missing", ""));
    REPORT("removexattr missing, 256-byte name", syscall(SYS_removexattr, "missing", longname));
    REPORT("removexattr missing, NULL name", syscall(SYS_removexattr, "missing", NULL));
    REPORT("removexattr NULL path, empty name", syscall(SYS_removexattr, NULL, ""));
    REPORT("removexattr f/x, unknown namespace", syscall(SYS_removexattr, "f/x", "bogus.a"));
    REPORT("removexattr name unterminated at edge", syscall(SYS_removexattr, "f", at_edge("user.a", 0)));
    REPORT("lremovexattr dangling, empty name", syscall(SYS_lremovexattr, "dangling", ""));
    REPORT("lremovexattr missing, unknown namespace", syscall(SYS_lremovexattr, "missing", "bogus.a"));
    REPORT("lremovexattr symlink, empty name", syscall(SYS_lremovexattr, "lf", ""));
    free(big);
    leave_scratch();
    return 0;
}
