// syscalls: brk mmap munmap
// expect: same
/* brk: query, grow (new memory zeroed and writable), shrink (released memory faults, regrow
 * gives zeroes), a request below the start is refused (brk returns the old break). */
#include "common.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>

static sigjmp_buf jb;
static void onsig(int s) { (void)s; siglongjmp(jb, 1); }
static int faults(volatile char *p) {
    if (sigsetjmp(jb, 1) == 0) { *p = 1; return 0; }
    return 1;
}
static char *rbrk(void *p) { return (char *)syscall(SYS_brk, p); }

int main(void) {
    struct sigaction sa = { .sa_handler = onsig };
    sigaction(SIGSEGV, &sa, NULL);
    long pg = sysconf(_SC_PAGESIZE);
    /* Let stdio and malloc set up their heap first: the case then owns everything above. */
    printf("page size: %ld\n", pg);
    free(malloc(100));
    char *b0 = rbrk(0);
    FACT("brk(0) returns current break", b0 == rbrk(0));
    FACT("sbrk(0) agrees", (char *)sbrk(0) == b0);
    char *start = (char *)(((unsigned long)b0 + pg - 1) & ~(pg - 1));
    char *b1 = rbrk(start + 64 * pg);
    FACT("grow 64 pages", b1 == start + 64 * pg);
    int zero = 1;
    for (long i = 0; i < 64; i++) if (start[i * pg] != 0) zero = 0;
    FACT("grown memory zeroed", zero);
    memset(start, 'b', 64 * pg);
    FACT("grown memory writable", start[64 * pg - 1] == 'b');
    char *b2 = rbrk(start + 16 * pg);
    FACT("shrink to 16 pages", b2 == start + 16 * pg);
    FACT("kept part intact", start[16 * pg - 1] == 'b');
    FACT("released part faults", faults(start + 32 * pg));
    char *b3 = rbrk(start + 48 * pg);
    FACT("regrow", b3 == start + 48 * pg);
    FACT("regrown part zeroed", start[32 * pg] == 0 && start[16 * pg] == 0);
    FACT("kept part still intact", start[15 * pg] == 'b');
    /* Unaligned break: memory up to the page end is usable. */
    char *b4 = rbrk(start + 48 * pg + 10);
    FACT("unaligned break accepted", b4 == start + 48 * pg + 10);
    FACT("rest of that page usable", !faults(start + 48 * pg + pg - 1));
    char *b5 = rbrk((char *)4096);
    FACT("brk below start refused (old break returned)", b5 == b4);
    char *b6 = rbrk((char *)0x7ffffffff000UL);
    FACT("brk far beyond into the stack region refused", b6 == b4);
    /* A mapping right after the break blocks growth. */
    char *top = (char *)(((unsigned long)b4 + pg - 1) & ~(pg - 1));
    char *blk = mmap(top + 4 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (blk != MAP_FAILED) {
        char *b7 = rbrk(top + 8 * pg);
        FACT("brk into an existing mapping refused", b7 == b4);
        char *b8 = rbrk(top + 2 * pg);
        FACT("brk up to just before the mapping", b8 == top + 2 * pg);
        munmap(blk, pg);
    } else printf("blocking mapping: %s\n", errname(errno));
    FACT("shrink back to start", rbrk(b0) == b0);
    FACT("malloc still works", malloc(100000) != NULL && malloc(10) != NULL);
    return 0;
}
