// syscalls: pkey_alloc pkey_free pkey_mprotect mmap munmap
// expect: same
#include "common.h"
#include <sys/mman.h>
#include <sys/syscall.h>

/* Memory protection keys: allocation works or fails the same way on the same CPU. */
int main(void) {
    long page = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long k = syscall(SYS_pkey_alloc, 0, 0);
    printf("pkey_alloc: %s\n", k >= 0 ? "ok" : errname(errno));
    REPORT("pkey_alloc bad flags", syscall(SYS_pkey_alloc, 1, 0));
    REPORT("pkey_alloc bad rights", syscall(SYS_pkey_alloc, 0, 0x10));
    if (k >= 0) {
        printf("first key: %ld\n", k);
        REPORT("pkey_mprotect with key", syscall(SYS_pkey_mprotect, m, page, PROT_READ | PROT_WRITE, k));
        REPORT("pkey_free", syscall(SYS_pkey_free, k));
        REPORT("pkey_free again", syscall(SYS_pkey_free, k));
        int n = 0;
        long keys[32];
        while (n < 32 && (keys[n] = syscall(SYS_pkey_alloc, 0, 0)) >= 0) n++;
        printf("keys allocatable: %d then %s\n", n, errname(errno));
        for (int i = 0; i < n; i++) syscall(SYS_pkey_free, keys[i]);
    }
    REPORT("pkey_mprotect key -1 (plain mprotect)", syscall(SYS_pkey_mprotect, m, page, PROT_READ, -1));
    REPORT("pkey_mprotect unallocated key 9", syscall(SYS_pkey_mprotect, m, page, PROT_READ, 9));
    REPORT("pkey_mprotect key 99", syscall(SYS_pkey_mprotect, m, page, PROT_READ, 99));
    REPORT("pkey_free 0 (default key)", syscall(SYS_pkey_free, 0) == -1 ? -1 : 0);
    REPORT("pkey_free 99", syscall(SYS_pkey_free, 99));
    REPORT("pkey_mprotect unaligned", syscall(SYS_pkey_mprotect, m + 1, page, PROT_READ, -1));
    munmap(m, page);
    return 0;
}
