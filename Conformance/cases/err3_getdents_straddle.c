// syscalls: getdents getdents64
// expect: same
/* getdents/getdents64 with buffers at the end of a mapping: when the first entry fits and a
 * later one would cross into the unmapped page, Linux returns what it copied (and the next call
 * goes on from there); when even the first does not fit in the mapped part, EFAULT and the
 * position stays. Also counts with junk above 32 bits, counts above INT_MAX on directories,
 * files, O_PATH and bad descriptors (which error wins), read-only buffers. Directory entries are
 * counted, never printed in order (their order is the filesystem's). */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

/* Entries in one getdents64 result. */
static int entries64(const char *buf, long n) {
    int count = 0;
    for (long off = 0; off < n; off += ((const struct dirent64 *)(buf + off))->d_reclen) count++;
    return count;
}

/* Entries left from the current position, read with a large buffer. */
static int rest(int fd) {
    char buf[65536];
    int total = 0;
    long n;
    while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) total += entries64(buf, n);
    return n < 0 ? -1 : total;
}

static void result(const char *label, long n, const char *buf) {
    if (n < 0) printf("%s: %s\n", label, errname(errno));
    else printf("%s: %d entries\n", label, entries64(buf, n));
}

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(ro == MAP_FAILED ? -1 : 0);
    enter_scratch("err3-getdents");
    MUST(mkdir("d", 0755));
    char name[32];
    for (int i = 0; i < 6; i++) {   /* names of 8 bytes: every getdents64 record is 32 bytes */
        snprintf(name, sizeof name, "d/entry%03d", i);
        put(name, "x");
    }
    put("f", "x");
    int pfd = open("d", O_PATH);
    MUST(pfd);
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int closed = fcntl(ffd, F_DUPFD, 900);   /* a number nothing reuses */
    MUST(closed);
    close(closed);

    int d = open("d", O_RDONLY | O_DIRECTORY);
    MUST(d);
    printf("entries in d: %d\n", rest(d));
    MUST(lseek(d, 0, SEEK_SET));
    /* Room for exactly one 32-byte record before the edge, count 4096. "." and ".." take 24. */
    long n = syscall(SYS_getdents64, d, edge - 32, 4096L);
    result("getdents64 32 mapped bytes, count 4096", n, edge - 32);
    printf("  then the rest: %d\n", rest(d));
    MUST(lseek(d, 0, SEEK_SET));
    n = syscall(SYS_getdents64, d, edge - 100, 4096L);
    result("getdents64 100 mapped bytes, count 4096", n, edge - 100);
    printf("  then the rest: %d\n", rest(d));
    MUST(lseek(d, 0, SEEK_SET));
    n = syscall(SYS_getdents64, d, edge - 8, 4096L);
    result("getdents64 8 mapped bytes, count 4096", n, edge - 8);
    printf("  then the rest: %d\n", rest(d));
    MUST(lseek(d, 0, SEEK_SET));
    n = syscall(SYS_getdents64, d, ro, 4096L);
    result("getdents64 read-only buffer", n, ro);
    printf("  then the rest: %d\n", rest(d));
    MUST(lseek(d, 0, SEEK_SET));
    n = syscall(SYS_getdents64, d, edge - 4096, 4096L);
    result("getdents64 exactly the mapped page", n, edge - 4096);
    printf("  then the rest: %d\n", rest(d));

    MUST(lseek(d, 0, SEEK_SET));
    n = syscall(SYS_getdents, d, edge - 32, 4096L);
    if (n < 0) printf("getdents 32 mapped bytes, count 4096: %s\n", errname(errno));
    else printf("getdents 32 mapped bytes, count 4096: %s\n", n > 0 ? "some" : "none");
    printf("  then the rest: %d\n", rest(d));
    MUST(lseek(d, 0, SEEK_SET));
    n = syscall(SYS_getdents, d, edge - 8, 4096L);
    printf("getdents 8 mapped bytes, count 4096: %s\n", n < 0 ? errname(errno) : "some");
    printf("  then the rest: %d\n", rest(d));

    char buf[4096];
    MUST(lseek(d, 0, SEEK_SET));
    n = syscall(SYS_getdents64, d, buf, (0x5aL << 32) | 4096);
    result("getdents64 count with junk above 32 bits", n, buf);
    MUST(lseek(d, 0, SEEK_SET));
    REPORT("getdents64 count 0x80000000", syscall(SYS_getdents64, d, buf, 0x80000000L));
    REPORT("getdents64 count UINT_MAX", syscall(SYS_getdents64, d, buf, 0xffffffffL));
    REPORT("getdents count 0x80000000", syscall(SYS_getdents, d, buf, 0x80000000L));
    REPORT("getdents64 count INT_MAX, (void*)1", syscall(SYS_getdents64, d, (void *)1, (long)INT_MAX));
    printf("  position unchanged, rest: %d\n", rest(d));
    REPORT("getdents64 file, count 0x80000000", syscall(SYS_getdents64, ffd, buf, 0x80000000L));
    REPORT("getdents64 file, NULL buffer", syscall(SYS_getdents64, ffd, NULL, 4096L));
    REPORT("getdents64 O_PATH dir, count 0x80000000", syscall(SYS_getdents64, pfd, buf, 0x80000000L));
    REPORT("getdents64 O_PATH dir, NULL buffer", syscall(SYS_getdents64, pfd, NULL, 4096L));
    REPORT("getdents64 closed fd, count 0x80000000", syscall(SYS_getdents64, closed, buf, 0x80000000L));
    REPORT("getdents64 fd -1, NULL buffer", syscall(SYS_getdents64, -1, NULL, 4096L));
    REPORT("getdents64 fd INT_MAX", syscall(SYS_getdents64, INT_MAX, buf, 4096L));
    REPORT("getdents64 fd (1<<32)|dir (fd truncated)", syscall(SYS_getdents64, (1L << 32) | d, buf, 4096L));
    REPORT("getdents file, count 0x80000000", syscall(SYS_getdents, ffd, buf, 0x80000000L));
    REPORT("getdents O_PATH dir, NULL buffer", syscall(SYS_getdents, pfd, NULL, 4096L));
    close(d); close(pfd); close(ffd);
    leave_scratch();
    return 0;
}
