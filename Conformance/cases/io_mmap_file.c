// syscalls: mmap munmap msync mremap madvise mprotect mincore openat ftruncate pread64 pwrite64
// expect: same
/* File mappings: MAP_SHARED writes reach the file (msync, pread), pwrite shows in the mapping,
 * MAP_PRIVATE copy-on-write, mapping beyond EOF (SIGBUS), mremap grow/shrink/fixed,
 * madvise advice values and errors, mprotect/mmap permission errors, msync flags. */
#include "common.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

static sigjmp_buf jb;
static volatile int lastsig;
static void onsig(int s) { lastsig = s; siglongjmp(jb, 1); }
static const char *touch(volatile char *p) {
    lastsig = 0;
    if (sigsetjmp(jb, 1) == 0) { (void)*p; return "ok"; }
    return lastsig == SIGBUS ? "SIGBUS" : lastsig == SIGSEGV ? "SIGSEGV" : "other";
}

int main(void) {
    struct sigaction sa = { .sa_handler = onsig };
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    long pg = sysconf(_SC_PAGESIZE);
    char path[] = "/tmp/conf-mmapf-XXXXXX";
    int fd = mkstemp(path);
    MUST(fd);
    MUST(ftruncate(fd, 2 * pg));
    char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    FACT("MAP_SHARED", m != MAP_FAILED);
    memcpy(m + 100, "shared-write", 12);
    REPORT("msync MS_SYNC", msync(m, 2 * pg, MS_SYNC));
    REPORT("msync MS_ASYNC", msync(m, pg, MS_ASYNC));
    REPORT("msync MS_INVALIDATE", msync(m, pg, MS_INVALIDATE));
    REPORT("msync MS_SYNC|MS_ASYNC", msync(m, pg, MS_SYNC | MS_ASYNC));
    REPORT("msync unaligned", msync(m + 1, pg, MS_SYNC));
    REPORT("msync bad flags", msync(m, pg, 0x100));
    char buf[32] = {0};
    pread(fd, buf, 12, 100);
    printf("pread after msync: %s\n", buf);
    pwrite(fd, "PWRITE", 6, pg + 5);
    printf("mapping sees pwrite: %.6s\n", m + pg + 5);

    int fd2 = open(path, O_RDWR);
    char *pv = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd2, 0);
    FACT("MAP_PRIVATE", pv != MAP_FAILED);
    printf("private sees file: %.12s\n", pv + 100);
    memcpy(pv + 100, "private-copy", 12);
    memset(buf, 0, sizeof buf);
    pread(fd, buf, 12, 100);
    printf("file unchanged by private write: %s\n", buf);
    printf("shared mapping unchanged: %.12s\n", m + 100);

    /* Map 3 pages of a 2-page file: the third page raises SIGBUS. */
    char *big = mmap(NULL, 3 * pg, PROT_READ, MAP_SHARED, fd, 0);
    printf("touch within file: %s\n", touch(big + pg));
    printf("touch past EOF page: %s\n", touch(big + 2 * pg));
    MUST(ftruncate(fd, 3 * pg));
    printf("touch after growing the file: %s\n", touch(big + 2 * pg));
    munmap(big, 3 * pg);

    unsigned char vec[4];
    REPORT("mincore", mincore(m, 2 * pg, vec));
    FACT("touched page resident", vec[0] & 1);
    REPORT("mincore unaligned", mincore(m + 1, pg, vec));

    char *g = mremap(m, 2 * pg, 3 * pg, MREMAP_MAYMOVE);
    FACT("mremap grow shared", g != MAP_FAILED);
    printf("contents kept: %.12s\n", g + 100);
    char *s = mremap(g, 3 * pg, pg, 0);
    FACT("mremap shrink in place", s == g);
    errno = 0;
    void *r = mremap(s, pg, 3 * pg, 0);
    printf("mremap grow back in place without MAYMOVE: %s\n", r == MAP_FAILED ? errname(errno) : r == s ? "ok" : "moved");
    if (r != MAP_FAILED) s = r;
    errno = 0;
    r = mremap(s + 1, pg, 2 * pg, MREMAP_MAYMOVE);
    printf("mremap unaligned: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    r = mremap(s, pg, 2 * pg, MREMAP_FIXED);
    printf("mremap FIXED without MAYMOVE: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    r = mremap(s, pg, 2 * pg, 0x80);
    printf("mremap bad flags: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    r = mremap(s, 0, pg, MREMAP_MAYMOVE);
    printf("mremap old size 0 of a shared mapping: %s\n", r == MAP_FAILED ? errname(errno) : "ok (duplicate)");
    char *anon = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *target = anon + 2 * pg;
    r = mremap(s, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    printf("mremap FIXED to a chosen address: %s\n", r == target ? "ok" : r == MAP_FAILED ? errname(errno) : "moved elsewhere");
    if (r == target) printf("moved contents: %.12s\n", target + 100);

    REPORT("madvise MADV_NORMAL", madvise(anon, pg, MADV_NORMAL));
    REPORT("madvise MADV_SEQUENTIAL", madvise(anon, pg, MADV_SEQUENTIAL));
    REPORT("madvise MADV_RANDOM", madvise(anon, pg, MADV_RANDOM));
    REPORT("madvise MADV_WILLNEED", madvise(anon, pg, MADV_WILLNEED));
    REPORT("madvise MADV_DONTFORK", madvise(anon, pg, MADV_DONTFORK));
    REPORT("madvise MADV_DOFORK", madvise(anon, pg, MADV_DOFORK));
    REPORT("madvise MADV_FREE", madvise(anon, pg, MADV_FREE));
    REPORT("madvise bad advice", madvise(anon, pg, 12345));
    REPORT("madvise unaligned", madvise(anon + 1, pg, MADV_NORMAL));
    REPORT("madvise length 0", madvise(anon, 0, MADV_NORMAL));
    munmap(anon, 2 * pg);
    REPORT("madvise unmapped range", madvise(anon, pg, MADV_NORMAL));

    int ro = open(path, O_RDONLY);
    errno = 0;
    r = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
    printf("mmap shared writable of O_RDONLY fd: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    r = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
    printf("mmap private writable of O_RDONLY fd: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    char *rs = mmap(NULL, pg, PROT_READ, MAP_SHARED, ro, 0);
    REPORT("mprotect RW on shared map of O_RDONLY fd", mprotect(rs, pg, PROT_READ | PROT_WRITE));
    REPORT("mprotect bad prot", mprotect(rs, pg, 0x100));
    REPORT("mprotect PROT_NONE", mprotect(rs, pg, PROT_NONE));
    printf("touch PROT_NONE: %s\n", touch(rs));
    r = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 1);
    printf("mmap unaligned offset: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    r = mmap(NULL, 0, PROT_READ, MAP_SHARED, fd, 0);
    printf("mmap length 0: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    int wo = open(path, O_WRONLY);
    r = mmap(NULL, pg, PROT_WRITE, MAP_SHARED, wo, 0);
    printf("mmap of O_WRONLY fd: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    int dir = open("/tmp", O_RDONLY);
    r = mmap(NULL, pg, PROT_READ, MAP_SHARED, dir, 0);
    printf("mmap of a directory: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    unlink(path);
    return 0;
}
