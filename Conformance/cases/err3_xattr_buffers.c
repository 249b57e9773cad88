// syscalls: getxattr lgetxattr listxattr llistxattr
// expect: same
/* The value and list buffers of the xattr queries: NULL, (void*)1 and a buffer that straddles
 * the end of a mapping, when there is nothing to copy (an empty value, a file without
 * attributes, a symlink), when the copy fits only partly, size 0 probes, sizes above 64 KiB
 * and (size_t)-1, ERANGE against EFAULT. Only counts are printed. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>

#include "err_util.h"

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(ro == MAP_FAILED ? -1 : 0);
    enter_scratch("err3-xattr-buf");
    put("bare", "x");           /* no attributes */
    put("f", "x");
    MUST(setxattr("f", "user.empty", "", 0, 0));
    MUST(setxattr("f", "user.ten", "0123456789", 10, 0));
    MUST(symlink("f", "lf"));
    MUST(symlink("bare", "lbare"));
    char buf[64];

    VALUE("getxattr empty value, NULL buffer, size 8", syscall(SYS_getxattr, "f", "user.empty", NULL, 8L));
    VALUE("getxattr empty value, (void*)1, size 8", syscall(SYS_getxattr, "f", "user.empty", (void *)1, 8L));
    VALUE("getxattr empty value, buffer at edge", syscall(SYS_getxattr, "f", "user.empty", edge, 8L));
    VALUE("getxattr empty value, read-only buffer", syscall(SYS_getxattr, "f", "user.empty", ro, 8L));
    VALUE("getxattr 10 bytes, NULL buffer", syscall(SYS_getxattr, "f", "user.ten", NULL, 10L));
    VALUE("getxattr 10 bytes, (void*)1", syscall(SYS_getxattr, "f", "user.ten", (void *)1, 10L));
    VALUE("getxattr 10 bytes, buffer straddling edge", syscall(SYS_getxattr, "f", "user.ten", edge - 4, 10L));
    VALUE("getxattr 10 bytes, buffer ending at edge", syscall(SYS_getxattr, "f", "user.ten", edge - 10, 10L));
    VALUE("getxattr 10 bytes, buffer ending at edge, size 100", syscall(SYS_getxattr, "f", "user.ten", edge - 10, 100L));
    VALUE("getxattr 10 bytes, read-only buffer", syscall(SYS_getxattr, "f", "user.ten", ro, 10L));
    VALUE("getxattr 10 bytes, size 9, NULL buffer (ERANGE)", syscall(SYS_getxattr, "f", "user.ten", NULL, 9L));
    VALUE("getxattr 10 bytes, size 9, buffer at edge (ERANGE)", syscall(SYS_getxattr, "f", "user.ten", edge, 9L));
    VALUE("getxattr size 0, (void*)1", syscall(SYS_getxattr, "f", "user.ten", (void *)1, 0L));
    VALUE("getxattr size 65537", syscall(SYS_getxattr, "f", "user.ten", buf, 65537L));
    VALUE("getxattr size -1", syscall(SYS_getxattr, "f", "user.ten", buf, -1L));
    VALUE("getxattr size 1<<32 | 5", syscall(SYS_getxattr, "f", "user.ten", buf, (1L << 32) | 5));
    VALUE("getxattr missing attr, (void*)1", syscall(SYS_getxattr, "f", "user.none", (void *)1, 8L));
    VALUE("lgetxattr symlink, (void*)1", syscall(SYS_lgetxattr, "lf", "user.ten", (void *)1, 8L));
    VALUE("lgetxattr symlink, size 0", syscall(SYS_lgetxattr, "lf", "user.ten", NULL, 0L));
    VALUE("lgetxattr on the file itself", syscall(SYS_lgetxattr, "f", "user.ten", buf, sizeof buf));

    /* "user.empty\0user.ten\0" is 20 bytes. */
    VALUE("listxattr size 0", syscall(SYS_listxattr, "f", NULL, 0L));
    VALUE("listxattr size 0, (void*)1", syscall(SYS_listxattr, "f", (void *)1, 0L));
    VALUE("listxattr NULL buffer, size 64", syscall(SYS_listxattr, "f", NULL, 64L));
    VALUE("listxattr (void*)1, size 64", syscall(SYS_listxattr, "f", (void *)1, 64L));
    VALUE("listxattr buffer straddling edge", syscall(SYS_listxattr, "f", edge - 8, 64L));
    VALUE("listxattr buffer ending at edge", syscall(SYS_listxattr, "f", edge - 20, 20L));
    VALUE("listxattr read-only buffer", syscall(SYS_listxattr, "f", ro, 64L));
    VALUE("listxattr size 19 (ERANGE)", syscall(SYS_listxattr, "f", buf, 19L));
    VALUE("listxattr size 19, NULL buffer (ERANGE)", syscall(SYS_listxattr, "f", NULL, 19L));
    VALUE("listxattr size 19, buffer at edge", syscall(SYS_listxattr, "f", edge, 19L));
    VALUE("listxattr size 65537", syscall(SYS_listxattr, "f", buf, 65537L));
    VALUE("listxattr size -1", syscall(SYS_listxattr, "f", buf, -1L));
    VALUE("listxattr no attributes, NULL buffer, size 64", syscall(SYS_listxattr, "bare", NULL, 64L));
    VALUE("listxattr no attributes, (void*)1", syscall(SYS_listxattr, "bare", (void *)1, 64L));
    VALUE("listxattr no attributes, buffer at edge", syscall(SYS_listxattr, "bare", edge, 64L));
    VALUE("listxattr no attributes, size -1, (void*)1", syscall(SYS_listxattr, "bare", (void *)1, -1L));
    VALUE("llistxattr symlink, (void*)1", syscall(SYS_llistxattr, "lf", (void *)1, 64L));
    VALUE("llistxattr symlink, size 0", syscall(SYS_llistxattr, "lf", NULL, 0L));
    VALUE("llistxattr symlink, buffer at edge", syscall(SYS_llistxattr, "lbare", edge, 64L));
    VALUE("listxattr through symlink, size 0", syscall(SYS_listxattr, "lf", NULL, 0L));
    VALUE("listxattr through symlink, (void*)1", syscall(SYS_listxattr, "lf", (void *)1, 64L));
    leave_scratch();
    return 0;
}
