// syscalls: getdents64 getdents openat
// expect: same
/* getdents64/getdents error paths: a regular file (ENOTDIR), O_PATH and bad descriptors
 * (EBADF), buffers too small for one entry (EINVAL), a buffer for exactly one entry, a
 * removed directory (0), a bad buffer pointer (EFAULT). Names are collected and sorted. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

struct d64 { unsigned long long ino; long long off; unsigned short reclen; unsigned char type; char name[]; };

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

int main(void) {
    enter_scratch("err-getdents");
    put("f", "x");
    MUST(mkdir("d", 0755));
    put("d/alpha1", "a");
    put("d/gamma1", "b");
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("d", O_PATH | O_DIRECTORY);
    MUST(pfd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    char buf[4096];
    VALUE("getdents64 regular file", syscall(SYS_getdents64, ffd, buf, sizeof buf));
    VALUE("getdents regular file", syscall(SYS_getdents, ffd, buf, sizeof buf));
    VALUE("getdents64 O_PATH dir", syscall(SYS_getdents64, pfd, buf, sizeof buf));
    VALUE("getdents64 bad fd", syscall(SYS_getdents64, 9999, buf, sizeof buf));
    VALUE("getdents64 -1", syscall(SYS_getdents64, -1, buf, sizeof buf));
    VALUE("getdents64 size 0", syscall(SYS_getdents64, dfd, buf, 0L));
    VALUE("getdents64 size 1", syscall(SYS_getdents64, dfd, buf, 1L));
    VALUE("getdents64 size 23", syscall(SYS_getdents64, dfd, buf, 23L));
    VALUE("getdents size 1", syscall(SYS_getdents, dfd, buf, 1L));
    VALUE("getdents64 NULL buffer", syscall(SYS_getdents64, dfd, NULL, 4096L));
    VALUE("getdents64 (void*)1 buffer", syscall(SYS_getdents64, dfd, (void *)1, 4096L));
    /* an empty directory read with a 24-byte buffer: the records of "." and ".." fit one
     * per call; then a directory whose other names ("alpha1", "gamma1") need 32 bytes each:
     * a 24-byte read fails with EINVAL as soon as one of them comes next. */
    MUST(mkdir("empty", 0755));
    int efd = open("empty", O_RDONLY | O_DIRECTORY);
    MUST(efd);
    char *names[16];
    int n = 0, calls = 0;
    for (;;) {
        long r = syscall(SYS_getdents64, efd, buf, 24L);
        if (r <= 0) { printf("empty dir, 24-byte reads end with: %s after %d calls\n", r == 0 ? "0" : errname(errno), calls); break; }
        calls++;
        for (long off = 0; off < r;) {
            struct d64 *e = (struct d64 *)(buf + off);
            if (n < 16) names[n++] = strdup(e->name);
            off += e->reclen;
        }
    }
    close(efd);
    qsort(names, n, sizeof *names, cmp);
    printf("entries seen:");
    for (int i = 0; i < n; i++) printf(" %s", names[i]), free(names[i]);
    printf("\n");
    MUST(lseek(dfd, 0, SEEK_SET));
    int seen_long = 0;
    for (;;) {
        long r = syscall(SYS_getdents64, dfd, buf, 24L);
        if (r <= 0) { printf("d, 24-byte reads end with: %s, before any long name: %s\n", r == 0 ? "0" : errname(errno), seen_long ? "no" : "yes"); break; }
        for (long off = 0; off < r;) {
            struct d64 *e = (struct d64 *)(buf + off);
            if (strlen(e->name) > 2) seen_long = 1;
            off += e->reclen;
        }
    }
    MUST(lseek(dfd, 0, SEEK_SET));
    n = 0;
    for (;;) {
        long r = syscall(SYS_getdents64, dfd, buf, 32L);
        if (r <= 0) { printf("32-byte reads end with: %s\n", r == 0 ? "0" : errname(errno)); break; }
        for (long off = 0; off < r;) {
            struct d64 *e = (struct d64 *)(buf + off);
            if (n < 16) names[n++] = strdup(e->name);
            off += e->reclen;
        }
    }
    qsort(names, n, sizeof *names, cmp);
    printf("entries with 32-byte buffer:");
    for (int i = 0; i < n; i++) printf(" %s", names[i]), free(names[i]);
    printf("\n");
    VALUE("getdents64 at end", syscall(SYS_getdents64, dfd, buf, sizeof buf));
    MUST(unlink("d/alpha1"));
    MUST(unlink("d/gamma1"));
    MUST(rmdir("d"));
    MUST(lseek(dfd, 0, SEEK_SET));
    VALUE("getdents64 removed dir", syscall(SYS_getdents64, dfd, buf, sizeof buf));
    VALUE("getdents64 removed dir, size 1", syscall(SYS_getdents64, dfd, buf, 1L));
    close(ffd); close(pfd); close(dfd);
    leave_scratch();
    return 0;
}
