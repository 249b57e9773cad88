// syscalls: rseq
// expect: same
#include "common.h"
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/rseq.h>

/* glibc registers rseq at start: a second registration is EBUSY; cpu_id is maintained. */
int main(void) {
    FACT("glibc rseq registered (size > 0)", __rseq_size > 0);
    struct rseq *r = (struct rseq *)((char *)__builtin_thread_pointer() + __rseq_offset);
    FACT("rseq cpu_id valid", (int)r->cpu_id >= 0);
    FACT("cpu_id agrees with sched_getcpu", (int)r->cpu_id == sched_getcpu());
    static __thread struct rseq mine __attribute__((aligned(32)));
    REPORT("rseq register second area", syscall(SYS_rseq, &mine, sizeof mine, 0, RSEQ_SIG));
    REPORT("rseq register same area", syscall(SYS_rseq, r, 32, 0, RSEQ_SIG));
    REPORT("rseq unregister wrong area", syscall(SYS_rseq, &mine, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG));
    REPORT("rseq unregister wrong sig", syscall(SYS_rseq, r, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG + 1));
    REPORT("rseq bad flags", syscall(SYS_rseq, r, 32, 0x80, RSEQ_SIG));
    REPORT("rseq bad length", syscall(SYS_rseq, &mine, 7, 0, RSEQ_SIG));
    return 0;
}
