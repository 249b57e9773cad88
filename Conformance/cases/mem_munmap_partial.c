// syscalls: mmap munmap msync mincore mprotect mlock openat ftruncate pread64
// expect: same
/* munmap of a middle range splits a mapping (both sides intact, hole faults), head/tail trims,
 * munmap spanning holes and unmapped ranges succeeds; msync flag and range errors. */
#include "common.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

static sigjmp_buf jb;
static void onsig(int s) { (void)s; siglongjmp(jb, 1); }
static int faults(volatile char *p) {
    if (sigsetjmp(jb, 1) == 0) { (void)*p; return 0; }
    return 1;
}
static int count_maps_in(char *lo, char *hi) {
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) return -1;
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long a, b;
        if (sscanf(line, "%lx-%lx", &a, &b) == 2 && a < (unsigned long)hi && b > (unsigned long)lo) n++;
    }
    fclose(f);
    return n;
}

int main(void) {
    struct sigaction sa = { .sa_handler = onsig };
    sigaction(SIGSEGV, &sa, NULL);
    long pg = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 10 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    for (int i = 0; i < 10; i++) m[i * pg] = 'a' + i;
    printf("maps entries for the range: %d\n", count_maps_in(m, m + 10 * pg));
    REPORT("munmap middle 2 pages", munmap(m + 4 * pg, 2 * pg));
    printf("maps entries after split: %d\n", count_maps_in(m, m + 10 * pg));
    FACT("hole faults", faults(m + 4 * pg) && faults(m + 5 * pg + 100));
    FACT("both sides intact", m[3 * pg] == 'd' && m[6 * pg] == 'g');
    REPORT("munmap first page", munmap(m, pg));
    REPORT("munmap last page", munmap(m + 9 * pg, pg));
    FACT("trimmed ends fault", faults(m) && faults(m + 9 * pg));
    FACT("inner pages intact", m[pg] == 'b' && m[8 * pg] == 'i');
    printf("maps entries after trims: %d\n", count_maps_in(m, m + 10 * pg));
    REPORT("munmap range covering holes", munmap(m, 10 * pg));
    printf("maps entries after full munmap: %d\n", count_maps_in(m, m + 10 * pg));
    REPORT("munmap already unmapped", munmap(m, 10 * pg));
    REPORT("munmap unaligned length (rounded up)", munmap(m, pg + 1));
    REPORT("munmap huge length", munmap(m, (size_t)1 << 62));
    REPORT("munmap non-canonical address", munmap((void *)0x800000000000UL, pg));

    /* mprotect on the middle splits too */
    char *p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(mprotect(p + pg, pg, PROT_READ));
    printf("maps entries after mprotect middle: %d\n", count_maps_in(p, p + 3 * pg));
    MUST(mprotect(p + pg, pg, PROT_READ | PROT_WRITE));
    printf("maps entries after restoring (merged): %d\n", count_maps_in(p, p + 3 * pg));

    /* msync */
    REPORT("msync anon MS_SYNC", msync(p, 3 * pg, MS_SYNC));
    REPORT("msync MS_ASYNC|MS_SYNC", msync(p, pg, MS_ASYNC | MS_SYNC));
    REPORT("msync no flags", msync(p, pg, 0));
    REPORT("msync unknown flag", msync(p, pg, 8));
    REPORT("msync unaligned", msync(p + 1, pg, MS_SYNC));
    REPORT("msync length 0", msync(p, 0, MS_SYNC));
    REPORT("msync MS_INVALIDATE anon", msync(p, pg, MS_INVALIDATE));
    MUST(munmap(p + pg, pg));
    REPORT("msync across a hole", msync(p, 3 * pg, MS_SYNC));
    REPORT("msync unmapped", msync(p + pg, pg, MS_SYNC));
    unsigned char v[4];
    REPORT("mincore across a hole", mincore(p, 3 * pg, v));
    REPORT("mincore unmapped", mincore(p + pg, pg, v));
    REPORT("mincore bad vector", mincore(p, pg, (unsigned char *)8));
    char path[] = "/tmp/conf-munmap-XXXXXX";
    int fd = mkstemp(path);
    MUST(fd);
    unlink(path);
    MUST(ftruncate(fd, 4 * pg));
    char *f = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    memcpy(f + 2 * pg, "tail", 4);
    REPORT("munmap first half of file mapping", munmap(f, 2 * pg));
    REPORT("msync remaining half", msync(f + 2 * pg, 2 * pg, MS_SYNC));
    char b[5] = {0};
    MUST(pread(fd, b, 4, 2 * pg));
    printf("file has: %s\n", b);
    REPORT("mlock then MS_INVALIDATE", mlock(f + 2 * pg, pg));
    REPORT("msync MS_INVALIDATE on locked", msync(f + 2 * pg, pg, MS_INVALIDATE));
    return 0;
}
