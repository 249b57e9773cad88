// syscalls: sched_getattr sched_setattr sched_setscheduler sched_getscheduler setgroups setgid setuid
// expect: same
#include "common.h"
#include <grp.h>
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>

struct attr { uint32_t size, policy; uint64_t flags; int32_t nice; uint32_t prio; uint64_t rt, dl, per; uint32_t umin, umax; };

/* sched_getattr/sched_setattr and sched_setscheduler as uid 1000: policies, nice, errors. */
int main(void) {
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        struct attr a;
        memset(&a, 0, sizeof a);
        REPORT("sched_getattr self", syscall(SYS_sched_getattr, 0, &a, sizeof a, 0));
        printf("size %u policy %u nice %d prio %u\n", a.size, a.policy, a.nice, a.prio);
        REPORT("sched_getattr size too small", syscall(SYS_sched_getattr, 0, &a, 8, 0));
        REPORT("sched_getattr flags", syscall(SYS_sched_getattr, 0, &a, sizeof a, 1));
        REPORT("sched_getattr bad pid", syscall(SYS_sched_getattr, -1, &a, sizeof a, 0));
        struct attr s = { .size = 48, .policy = SCHED_OTHER, .nice = 5 };
        REPORT("sched_setattr nice 5", syscall(SYS_sched_setattr, 0, &s, 0));
        memset(&a, 0, sizeof a);
        syscall(SYS_sched_getattr, 0, &a, sizeof a, 0);
        printf("nice now: %d\n", a.nice);
        s.nice = 0;
        REPORT("sched_setattr nice back to 0", syscall(SYS_sched_setattr, 0, &s, 0));
        struct attr b = { .size = 48, .policy = SCHED_BATCH, .nice = 6 };
        REPORT("sched_setattr SCHED_BATCH", syscall(SYS_sched_setattr, 0, &b, 0));
        printf("sched_getscheduler: %d\n", sched_getscheduler(0));
        struct attr i = { .size = 48, .policy = SCHED_IDLE };
        REPORT("sched_setattr SCHED_IDLE", syscall(SYS_sched_setattr, 0, &i, 0));
        printf("sched_getscheduler: %d\n", sched_getscheduler(0));
        struct attr f = { .size = 48, .policy = SCHED_FIFO, .prio = 10 };
        REPORT("sched_setattr SCHED_FIFO unprivileged", syscall(SYS_sched_setattr, 0, &f, 0));
        struct attr bad = { .size = 48, .policy = 77 };
        REPORT("sched_setattr bad policy", syscall(SYS_sched_setattr, 0, &bad, 0));
        struct attr sz = { .size = 7, .policy = SCHED_OTHER };
        REPORT("sched_setattr bad size", syscall(SYS_sched_setattr, 0, &sz, 0));
        struct sched_param p = { .sched_priority = 1 };
        REPORT("sched_setscheduler RR unprivileged", sched_setscheduler(0, SCHED_RR, &p));
        p.sched_priority = 0;
        REPORT("sched_setscheduler OTHER prio 0", sched_setscheduler(0, SCHED_OTHER, &p));
        p.sched_priority = 5;
        REPORT("sched_setscheduler OTHER prio 5", sched_setscheduler(0, SCHED_OTHER, &p));
        REPORT("sched_setscheduler bad policy", sched_setscheduler(0, 99, &p));
        REPORT("sched_setscheduler pid 1", sched_setscheduler(1, SCHED_OTHER, &p));
        printf("sched_getscheduler final: %d\n", sched_getscheduler(0));
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("child exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
}
