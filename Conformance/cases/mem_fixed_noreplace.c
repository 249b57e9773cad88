// syscalls: mmap munmap mprotect
// expect: same
/* MAP_FIXED_NOREPLACE refuses an occupied range (EEXIST) even partly occupied, works on a free
 * one; MAP_FIXED replaces (contents zeroed); MAP_FIXED unaligned EINVAL; a hint is only a hint. */
#include "common.h"
#include <sys/mman.h>

int main(void) {
    long pg = sysconf(_SC_PAGESIZE);
    char *a = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(a == MAP_FAILED ? -1 : 0);
    memset(a, 'x', 8 * pg);
    MUST(munmap(a + 4 * pg, 4 * pg));           /* pages 4..7 now free */

    errno = 0;
    char *r = mmap(a, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("NOREPLACE on mapped page: %s\n", r == MAP_FAILED ? errname(errno) : r == a ? "mapped there" : "elsewhere");
    FACT("old contents intact", a[0] == 'x');
    errno = 0;
    r = mmap(a + 3 * pg, 2 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("NOREPLACE partly overlapping: %s\n", r == MAP_FAILED ? errname(errno) : "mapped");
    errno = 0;
    r = mmap(a + 4 * pg, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("NOREPLACE on free range: %s\n", r == MAP_FAILED ? errname(errno) : r == a + 4 * pg ? "at the address" : "elsewhere");
    if (r != MAP_FAILED) FACT("new range zeroed", r[0] == 0 && r[2 * pg - 1] == 0);
    errno = 0;
    r = mmap(a + 1, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("NOREPLACE unaligned: %s\n", r == MAP_FAILED ? errname(errno) : "mapped");

    errno = 0;
    r = mmap(a + pg, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED over mapped page: %s\n", r == MAP_FAILED ? errname(errno) : r == a + pg ? "replaced" : "elsewhere");
    FACT("replaced page is zero", a[pg] == 0);
    FACT("neighbours untouched", a[0] == 'x' && a[2 * pg] == 'x');
    errno = 0;
    r = mmap(a + 1, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED unaligned: %s\n", r == MAP_FAILED ? errname(errno) : "mapped");

    /* A hint at an occupied address is not honoured but the mapping succeeds. */
    errno = 0;
    r = mmap(a, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("hint at occupied address: %s\n", r == MAP_FAILED ? errname(errno) : r == a ? "at hint" : "elsewhere");
    FACT("hinted mapping did not clobber", a[0] == 'x');
    if (r != MAP_FAILED) munmap(r, pg);

    errno = 0;
    r = mmap((void *)0x800000000000UL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED above 47-bit user space: %s\n", r == MAP_FAILED ? errname(errno) : "mapped");
    REPORT("munmap whole range", munmap(a, 8 * pg));
    return 0;
}
