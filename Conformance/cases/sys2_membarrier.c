// syscalls: membarrier
// expect: same
#include "common.h"
#include <linux/membarrier.h>
#include <sys/syscall.h>

static long mb(int cmd, unsigned flags) { return syscall(SYS_membarrier, cmd, flags, 0); }

/* membarrier: query the supported mask, register and use private expedited. */
int main(void) {
    long q = mb(MEMBARRIER_CMD_QUERY, 0);
    printf("query mask: 0x%lx\n", q);
    REPORT("MEMBARRIER_CMD_GLOBAL", mb(MEMBARRIER_CMD_GLOBAL, 0));
    REPORT("PRIVATE_EXPEDITED before register", mb(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0));
    REPORT("REGISTER_PRIVATE_EXPEDITED", mb(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0));
    REPORT("PRIVATE_EXPEDITED after register", mb(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0));
    REPORT("GLOBAL_EXPEDITED (no one registered is fine)", mb(MEMBARRIER_CMD_GLOBAL_EXPEDITED, 0));
    REPORT("REGISTER_GLOBAL_EXPEDITED", mb(MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED, 0));
    REPORT("PRIVATE_EXPEDITED_SYNC_CORE before register", mb(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0));
    REPORT("GET_REGISTRATIONS", (q & (1 << 9)) ? mb(1 << 9, 0) : 0);
    REPORT("query with flags", mb(MEMBARRIER_CMD_QUERY, 1));
    REPORT("unknown command", mb(1 << 20, 0));
    return 0;
}
