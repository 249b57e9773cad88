// syscalls: mmap munmap madvise clone wait4 mincore
// expect: same
/* madvise: MADV_DONTNEED zeroes private anonymous memory but not shared anonymous memory;
 * MADV_FREE accepted (data is zero or kept, and rewriting cancels the free);
 * MADV_WIPEONFORK gives the child zeroes, MADV_KEEPONFORK undoes it; errors. */
#include "common.h"
#include <sys/mman.h>
#include <sys/wait.h>

static int child_sees(const char *p, char want) {
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) _exit(p[0] == want && p[4095] == want ? 1 : p[0] == 0 && p[4095] == 0 ? 2 : 3);
    int st;
    if (waitpid(c, &st, 0) < 0 || !WIFEXITED(st)) return -1;
    return WEXITSTATUS(st);
}
static const char *seen(int r) { return r == 1 ? "data" : r == 2 ? "zeroes" : r == 3 ? "other" : "failed"; }

int main(void) {
    long pg = sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *s = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    MUST(p == MAP_FAILED || s == MAP_FAILED ? -1 : 0);
    memset(p, 'p', 4 * pg);
    memset(s, 's', 4 * pg);
    REPORT("DONTNEED private", madvise(p + pg, pg, MADV_DONTNEED));
    FACT("private page zeroed", p[pg] == 0 && p[2 * pg - 1] == 0);
    FACT("neighbour pages kept", p[0] == 'p' && p[2 * pg] == 'p');
    REPORT("DONTNEED shared", madvise(s + pg, pg, MADV_DONTNEED));
    FACT("shared anonymous page keeps data", s[pg] == 's');

    REPORT("MADV_FREE private", madvise(p + 2 * pg, 2 * pg, MADV_FREE));
    FACT("MADV_FREE page reads data or zero", p[2 * pg] == 'p' || p[2 * pg] == 0);
    p[3 * pg] = 'w';
    FACT("write after MADV_FREE sticks", p[3 * pg] == 'w');
    REPORT("MADV_FREE shared anonymous", madvise(s, pg, MADV_FREE));

    memset(p, 'p', 4 * pg);
    REPORT("MADV_WIPEONFORK", madvise(p, pg, MADV_WIPEONFORK));
    printf("child sees wiped range: %s\n", seen(child_sees(p, 'p')));
    printf("child sees page after wiped range: %s\n", seen(child_sees(p + pg, 'p')));
    FACT("parent keeps data", p[0] == 'p');
    REPORT("MADV_KEEPONFORK", madvise(p, pg, MADV_KEEPONFORK));
    printf("child after KEEPONFORK: %s\n", seen(child_sees(p, 'p')));
    REPORT("MADV_WIPEONFORK on shared", madvise(s, pg, MADV_WIPEONFORK));
    printf("child sees shared: %s\n", seen(child_sees(s, 's')));

    REPORT("MADV_DONTDUMP", madvise(p, pg, MADV_DONTDUMP));
    REPORT("MADV_DODUMP", madvise(p, pg, MADV_DODUMP));
    REPORT("MADV_HUGEPAGE", madvise(p, 4 * pg, MADV_HUGEPAGE));
    REPORT("MADV_NOHUGEPAGE", madvise(p, 4 * pg, MADV_NOHUGEPAGE));
    REPORT("MADV_COLD", madvise(p, 4 * pg, MADV_COLD));
    FACT("data survives MADV_COLD", p[0] == 'p');
    REPORT("MADV_REMOVE on private anonymous", madvise(p, pg, MADV_REMOVE));
    REPORT("MADV_REMOVE on shared anonymous", madvise(s + 2 * pg, pg, MADV_REMOVE));
    FACT("MADV_REMOVE zeroed shared page", s[2 * pg] == 0);
    REPORT("MADV_POPULATE_READ", madvise(p, 4 * pg, 22));
    REPORT("MADV_POPULATE_WRITE", madvise(p, 4 * pg, 23));
    unsigned char v[4];
    MUST(mincore(p, 4 * pg, v));
    printf("resident after POPULATE_WRITE: %d\n", (v[0] & 1) + (v[1] & 1) + (v[2] & 1) + (v[3] & 1));
    REPORT("MADV_WIPEONFORK unaligned", madvise(p + 1, pg, MADV_WIPEONFORK));
    MUST(munmap(p + pg, pg));
    REPORT("DONTNEED across a hole", madvise(p, 3 * pg, MADV_DONTNEED));
    FACT("DONTNEED across a hole still zeroed the first page", p[0] == 0);
    return 0;
}
