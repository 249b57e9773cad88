// syscalls: ioprio_get ioprio_set setgroups setgid setuid
// expect: same
#include "common.h"
#include <grp.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_WHO_PGRP 2
#define IOPRIO_WHO_USER 3
#define PRIO(cls, data) (((cls) << 13) | (data))

/* I/O priorities as uid 1000: best-effort levels allowed, realtime refused. */
int main(void) {
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        long p = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0);
        printf("ioprio_get self: class %ld data %ld\n", p >> 13, p & 0x1fff);
        REPORT("ioprio_set BE 6", syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, PRIO(2, 6)));
        p = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0);
        printf("after BE 6: class %ld data %ld\n", p >> 13, p & 0x1fff);
        REPORT("ioprio_set IDLE", syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, PRIO(3, 0)));
        p = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0);
        printf("after IDLE: class %ld data %ld\n", p >> 13, p & 0x1fff);
        REPORT("ioprio_set RT unprivileged", syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, PRIO(1, 4)));
        REPORT("ioprio_set BE 8 (out of range)", syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, PRIO(2, 8)));
        REPORT("ioprio_set bad class", syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, PRIO(5, 0)));
        REPORT("ioprio_set bad which", syscall(SYS_ioprio_set, 9, 0, PRIO(2, 4)));
        REPORT("ioprio_get bad which", syscall(SYS_ioprio_get, 9, 0));
        REPORT("ioprio_get missing pid", syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0x3ffffff0));
        REPORT("ioprio_get own pgrp", syscall(SYS_ioprio_get, IOPRIO_WHO_PGRP, 0));
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("child exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
}
