// syscalls: get_mempolicy set_mempolicy mbind set_mempolicy_home_node mmap munmap
// expect: same
#include "common.h"
#include <sys/mman.h>
#include <sys/syscall.h>

#define MPOL_DEFAULT 0
#define MPOL_PREFERRED 1
#define MPOL_BIND 2
#define MPOL_INTERLEAVE 3
#define MPOL_LOCAL 4
#define MPOL_F_NODE 1
#define MPOL_F_ADDR 2
#define MPOL_F_MEMS_ALLOWED 4

/* NUMA policy calls on node 0, which every machine has. */
int main(void) {
    int mode = -1;
    unsigned long mask[4] = { 0 };
    REPORT("get_mempolicy default", syscall(SYS_get_mempolicy, &mode, mask, 256, NULL, 0));
    printf("mode: %d\n", mode);
    REPORT("get_mempolicy MEMS_ALLOWED", syscall(SYS_get_mempolicy, NULL, mask, 256, NULL, MPOL_F_MEMS_ALLOWED));
    FACT("node 0 allowed", mask[0] & 1);
    unsigned long one = 1;
    REPORT("set_mempolicy BIND node 0", syscall(SYS_set_mempolicy, MPOL_BIND, &one, 64));
    REPORT("get_mempolicy", syscall(SYS_get_mempolicy, &mode, mask, 256, NULL, 0));
    printf("mode now: %d mask bit0 %lu\n", mode, mask[0] & 1);
    REPORT("set_mempolicy PREFERRED", syscall(SYS_set_mempolicy, MPOL_PREFERRED, &one, 64));
    REPORT("set_mempolicy LOCAL", syscall(SYS_set_mempolicy, MPOL_LOCAL, NULL, 0));
    REPORT("set_mempolicy bad mode", syscall(SYS_set_mempolicy, 42, NULL, 0));
    REPORT("set_mempolicy BIND empty mask", syscall(SYS_set_mempolicy, MPOL_BIND, NULL, 0));
    unsigned long far = 1UL << 60;
    REPORT("set_mempolicy BIND node 60", syscall(SYS_set_mempolicy, MPOL_BIND, &far, 64));
    REPORT("set_mempolicy DEFAULT", syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0));
    long page = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REPORT("mbind BIND node 0", syscall(SYS_mbind, m, 2 * page, MPOL_BIND, &one, 64, 0));
    m[0] = 1;
    REPORT("get_mempolicy ADDR", syscall(SYS_get_mempolicy, &mode, mask, 256, m, MPOL_F_ADDR));
    printf("vma mode: %d\n", mode);
    REPORT("get_mempolicy ADDR|NODE", syscall(SYS_get_mempolicy, &mode, NULL, 0, m, MPOL_F_ADDR | MPOL_F_NODE));
    printf("page on node: %d\n", mode);
    REPORT("mbind unaligned", syscall(SYS_mbind, m + 1, page, MPOL_BIND, &one, 64, 0));
    REPORT("mbind bad flags", syscall(SYS_mbind, m, page, MPOL_BIND, &one, 64, 0x80));
    long r = syscall(SYS_set_mempolicy_home_node, m, 2 * page, 0, 0);
    printf("set_mempolicy_home_node: %s\n", r == 0 ? "ok" : errname(errno));
    REPORT("set_mempolicy_home_node bad flags", syscall(SYS_set_mempolicy_home_node, m, 2 * page, 0, 1));
    REPORT("get_mempolicy bad flags", syscall(SYS_get_mempolicy, &mode, NULL, 0, NULL, 0x100));
    munmap(m, 2 * page);
    return 0;
}
