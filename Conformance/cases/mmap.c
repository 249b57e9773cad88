// syscalls: mmap munmap mprotect mremap madvise msync brk
// expect: same
#include "common.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

static sigjmp_buf jump;
static volatile sig_atomic_t faults;

static void on_segv(int sig) { (void)sig; faults++; siglongjmp(jump, 1); }

/* Returns 1 if writing to p faults. */
static int write_faults(volatile char *p) {
    int before = faults;
    if (sigsetjmp(jump, 1) == 0) *p = 1;
    return faults != before;
}

int main(void) {
    struct sigaction sa = { .sa_handler = on_segv };
    MUST(sigaction(SIGSEGV, &sa, NULL));
    long page = sysconf(_SC_PAGESIZE);
    printf("page size: %ld\n", page);

    char *m = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    FACT("mmap anonymous", m != MAP_FAILED);
    FACT("anonymous memory is zeroed", m[0] == 0 && m[4 * page - 1] == 0);
    memset(m, 'a', 4 * page);
    FACT("write then read back", m[3 * page] == 'a');
    FACT("writable page does not fault", !write_faults(m));

    REPORT("mprotect PROT_READ", mprotect(m, page, PROT_READ));
    FACT("write to read-only page faults", write_faults(m));
    FACT("still readable", m[1] == 'a');
    REPORT("mprotect back to RW", mprotect(m, page, PROT_READ | PROT_WRITE));
    FACT("write after restoring RW does not fault", !write_faults(m));
    REPORT("mprotect unaligned", mprotect(m + 1, page, PROT_READ));

    REPORT("madvise MADV_DONTNEED", madvise(m + page, page, MADV_DONTNEED));
    FACT("MADV_DONTNEED zeroes private anonymous page", m[page] == 0);

    char *g = mremap(m, 4 * page, 8 * page, MREMAP_MAYMOVE);
    FACT("mremap grow", g != MAP_FAILED);
    FACT("mremap keeps contents", g[3 * page] == 'a');
    REPORT("munmap", munmap(g, 8 * page));
    FACT("access after munmap faults", write_faults(g));
    REPORT("munmap unaligned", munmap(g + 1, page));
    REPORT("munmap length 0", munmap(g, 0));

    errno = 0;
    void *bad = mmap(NULL, page, PROT_READ, MAP_ANONYMOUS, -1, 0); /* neither PRIVATE nor SHARED */
    printf("mmap without MAP_PRIVATE/SHARED: %s\n", bad == MAP_FAILED ? errname(errno) : "ok");
    bad = mmap(NULL, page, PROT_READ, MAP_PRIVATE, -1, 0);
    printf("mmap file-backed with fd -1: %s\n", bad == MAP_FAILED ? errname(errno) : "ok");

    /* A shared file mapping in /tmp: writes through memory show up through read(). */
    char path[] = "/tmp/conf-mmap-XXXXXX";
    int fd = mkstemp(path);
    MUST(fd);
    MUST(unlink(path));
    MUST(ftruncate(fd, page));
    char *f = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    FACT("mmap shared file", f != MAP_FAILED);
    memcpy(f, "mapped", 6);
    REPORT("msync", msync(f, page, MS_SYNC));
    char buf[8] = {0};
    MUST(pread(fd, buf, 6, 0));
    printf("pread sees: %s\n", buf);
    MUST(munmap(f, page));
    close(fd);

    void *b0 = sbrk(0);
    FACT("sbrk grows", sbrk(page) == b0 && sbrk(0) == (char *)b0 + page);
    ((char *)b0)[page - 1] = 1;
    FACT("brk memory writable", ((char *)b0)[page - 1] == 1);
    return 0;
}
