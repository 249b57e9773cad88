// syscalls: mmap munmap mincore madvise
// expect: same
/* MAP_POPULATE makes pages resident at once; a fresh plain mapping is not resident; MAP_NORESERVE
 * allows a 1 GiB reservation; MAP_GROWSDOWN grows on access below it; MAP_LOCKED/MAP_STACK. */
#include "common.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

static sigjmp_buf jb;
static void onsig(int s) { (void)s; siglongjmp(jb, 1); }
static int faults(volatile char *p) {
    if (sigsetjmp(jb, 1) == 0) { *p = 1; return 0; }
    return 1;
}
static int resident(void *p, long n, long pg) {
    unsigned char v[64];
    if (mincore(p, n * pg, v) != 0) return -1;
    int c = 0;
    for (long i = 0; i < n; i++) c += v[i] & 1;
    return c;
}

int main(void) {
    struct sigaction sa = { .sa_handler = onsig };
    sigaction(SIGSEGV, &sa, NULL);
    long pg = sysconf(_SC_PAGESIZE);

    char *p = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    FACT("MAP_POPULATE", p != MAP_FAILED);
    printf("populated pages resident: %d of 16\n", resident(p, 16, pg));
    FACT("populated memory zero", p[0] == 0 && p[16 * pg - 1] == 0);
    munmap(p, 16 * pg);

    char *q = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("fresh anonymous pages resident: %d of 16\n", resident(q, 16, pg));
    q[3 * pg] = 1;
    q[5 * pg] = 1;
    printf("after writing 2 pages resident: %d of 16\n", resident(q, 16, pg));
    REPORT("MADV_DONTNEED", madvise(q, 16 * pg, MADV_DONTNEED));
    printf("after MADV_DONTNEED resident: %d of 16\n", resident(q, 16, pg));
    munmap(q, 16 * pg);

    size_t gib = 1UL << 30;
    char *big = mmap(NULL, gib, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    FACT("1 GiB MAP_NORESERVE", big != MAP_FAILED);
    if (big != MAP_FAILED) {
        big[0] = 1; big[gib / 2] = 2; big[gib - 1] = 3;
        FACT("touch first/middle/last", big[0] == 1 && big[gib / 2] == 2 && big[gib - 1] == 3);
        unsigned char v[4];
        REPORT("mincore last page", mincore(big + gib - pg, pg, v));
        FACT("last page resident", v[0] & 1);
        REPORT("munmap 1 GiB", munmap(big, gib));
    }
    char *big2 = mmap(NULL, 4 * gib, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    FACT("4 GiB PROT_NONE reservation", big2 != MAP_FAILED);
    if (big2 != MAP_FAILED) munmap(big2, 4 * gib);

    /* MAP_GROWSDOWN: reserve 8 MiB of free space, put a 1-page growsdown mapping at its top. */
    size_t span = 8UL << 20;
    char *res = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    MUST(res == MAP_FAILED ? -1 : 0);
    MUST(munmap(res, span));
    char *top = res + span - pg;
    char *g = mmap(top, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
    FACT("MAP_GROWSDOWN", g == top);
    FACT("growsdown page writable", !faults(g));
    FACT("page just below grows (no fault)", !faults(g - pg));
    unsigned char v[2];
    REPORT("mincore on grown page", mincore(g - pg, pg, v));

    char *st = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    FACT("MAP_STACK", st != MAP_FAILED);
    errno = 0;
    void *bad = mmap(NULL, pg, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x8000000, -1, 0);
    printf("SHARED_VALIDATE with unknown flag: %s\n", bad == MAP_FAILED ? errname(errno) : "mapped");
    errno = 0;
    bad = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | 0x8000000, -1, 0);
    printf("PRIVATE with unknown flag: %s\n", bad == MAP_FAILED ? errname(errno) : "mapped");
    errno = 0;
    bad = mmap(NULL, (size_t)-1 & ~(pg - 1), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("huge length: %s\n", bad == MAP_FAILED ? errname(errno) : "mapped");
    return 0;
}
