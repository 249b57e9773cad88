// syscalls: getcpu sched_getaffinity sched_setaffinity
// expect: same
#include "common.h"
#include <sched.h>
#include <sys/syscall.h>

/* getcpu agrees with the affinity mask, and follows a pin to one CPU. */
int main(void) {
    unsigned cpu = 9999, node = 9999;
    REPORT("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
    cpu_set_t set;
    MUST(sched_getaffinity(0, sizeof set, &set));
    FACT("cpu is in the affinity mask", cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set));
    printf("node: %u\n", node);
    REPORT("getcpu NULL NULL", syscall(SYS_getcpu, NULL, NULL, NULL));
    REPORT("getcpu bad pointer", syscall(SYS_getcpu, (unsigned *)8, NULL, NULL));
    FACT("sched_getcpu == getcpu", sched_getcpu() >= 0 && CPU_ISSET(sched_getcpu(), &set));
    int last = -1;
    for (int i = 0; i < CPU_SETSIZE; i++) if (CPU_ISSET(i, &set)) last = i;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(last, &one);
    MUST(sched_setaffinity(0, sizeof one, &one));
    int ok = 1;
    for (int i = 0; i < 100; i++) {
        cpu = 9999;
        syscall(SYS_getcpu, &cpu, NULL, NULL);
        if ((int)cpu != last) ok = 0;
        sched_yield();
    }
    FACT("pinned: getcpu always reports the pinned cpu", ok);
    MUST(sched_setaffinity(0, sizeof set, &set));
    return 0;
}
