// syscalls: mmap munmap mremap mincore
// expect: same
/* mremap: grow in place when room, MAYMOVE when blocked (contents kept), MREMAP_FIXED onto a
 * chosen range (replacing it), MREMAP_DONTUNMAP (old range stays mapped, empty), errors. */
#include "common.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

static sigjmp_buf jb;
static void onsig(int s) { (void)s; siglongjmp(jb, 1); }
static int faults(volatile char *p) {
    if (sigsetjmp(jb, 1) == 0) { (void)*p; return 0; }
    return 1;
}
/* glibc 2.36 passes an undefined new_address unless MREMAP_FIXED: use the raw call. */
static void *mr(void *o, size_t ol, size_t nl, int fl) { return (void *)syscall(SYS_mremap, o, ol, nl, fl, 0L); }
static const char *res(void *r, void *want) {
    return r == MAP_FAILED ? errname(errno) : r == want ? "same address" : "moved";
}

int main(void) {
    struct sigaction sa = { .sa_handler = onsig };
    sigaction(SIGSEGV, &sa, NULL);
    long pg = sysconf(_SC_PAGESIZE);
    /* Reserve 16 pages, keep 2 at the start: room to grow in place. */
    char *r = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(r == MAP_FAILED ? -1 : 0);
    MUST(munmap(r + 2 * pg, 14 * pg));
    memset(r, 'a', 2 * pg);
    errno = 0;
    void *g = mremap(r, 2 * pg, 6 * pg, 0);
    printf("grow in place into free space: %s\n", res(g, r));
    FACT("contents kept", r[2 * pg - 1] == 'a' && r[5 * pg] == 0);
    /* block growth with a mapping right after */
    char *blk = mmap(r + 6 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    MUST(blk == MAP_FAILED ? -1 : 0);
    errno = 0;
    g = mremap(r, 6 * pg, 8 * pg, 0);
    printf("grow in place when blocked: %s\n", res(g, r));
    errno = 0;
    char *mv = mremap(r, 6 * pg, 8 * pg, MREMAP_MAYMOVE);
    printf("grow with MAYMOVE when blocked: %s\n", res(mv, r));
    if (mv != MAP_FAILED) {
        FACT("moved contents kept", mv[0] == 'a' && mv[2 * pg - 1] == 'a');
        FACT("old address unmapped", faults(r));
    }
    errno = 0;
    char *sh = mremap(mv, 8 * pg, 3 * pg, 0);
    printf("shrink: %s\n", res(sh, mv));
    FACT("tail after shrink unmapped", faults(mv + 4 * pg));

    /* MREMAP_FIXED onto an existing mapping replaces it. */
    char *dst = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(dst, 'd', 4 * pg);
    errno = 0;
    char *f = mremap(sh, 3 * pg, 3 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
    printf("MREMAP_FIXED onto mapping: %s\n", res(f, dst));
    FACT("destination now holds moved data", dst[0] == 'a' && dst[2 * pg] == 0);
    FACT("page after moved range kept its data", dst[3 * pg] == 'd');
    errno = 0;
    printf("MREMAP_FIXED overlapping source: %s\n", res(mremap(dst, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, dst + pg), dst + pg));
    errno = 0;
    printf("MREMAP_FIXED unaligned new address: %s\n", res(mremap(dst, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, dst + 5), dst));

    /* MREMAP_DONTUNMAP: same size, private anonymous. */
    char *src = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(src, 's', 2 * pg);
    errno = 0;
    char *du = mr(src, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
    printf("MREMAP_DONTUNMAP: %s\n", res(du, src));
    if (du != MAP_FAILED && du != src) {
        FACT("new range has the data", du[0] == 's' && du[2 * pg - 1] == 's');
        FACT("old range still mapped", !faults(src));
        FACT("old range reads zero", src[0] == 0 && src[pg] == 0);
        unsigned char v[2];
        REPORT("mincore old range", mincore(src, 2 * pg, v));
        printf("old range resident pages: %d\n", (v[0] & 1) + (v[1] & 1));
        src[0] = 'n';
        FACT("old range writable again, new range unaffected", src[0] == 'n' && du[0] == 's');
    }
    errno = 0;
    printf("DONTUNMAP with size change: %s\n", res(mr(du, 2 * pg, 4 * pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP), du));
    errno = 0;
    printf("DONTUNMAP without MAYMOVE: %s\n", res(mr(du, 2 * pg, 2 * pg, MREMAP_DONTUNMAP), du));
    errno = 0;
    printf("mremap of unmapped address: %s\n", res(mremap(r, pg, 2 * pg, MREMAP_MAYMOVE), r));
    errno = 0;
    printf("mremap new size 0: %s\n", res(mremap(du, 2 * pg, 0, MREMAP_MAYMOVE), du));
    errno = 0;
    printf("mremap old range crosses a hole: %s\n", res(mremap(dst, 8 * pg, 9 * pg, MREMAP_MAYMOVE), dst));
    return 0;
}
