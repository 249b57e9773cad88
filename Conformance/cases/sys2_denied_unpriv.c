// syscalls: vhangup acct syslog settimeofday clock_settime reboot swapon swapoff chroot setgroups setgid setuid
// expect: same
#include "common.h"
#include <grp.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

/* Privileged operations from an unprivileged uid-1000 process: all refused with EPERM. */
int main(void) {
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        REPORT("vhangup", syscall(SYS_vhangup));
        REPORT("acct(NULL)", syscall(SYS_acct, NULL));
        REPORT("acct(/tmp/x)", syscall(SYS_acct, "/tmp/x"));
        REPORT("syslog SIZE_BUFFER", syscall(SYS_syslog, 10, NULL, 0));
        char buf[64];
        REPORT("syslog READ_ALL", syscall(SYS_syslog, 3, buf, sizeof buf));
        struct timeval tv = { 1700000000, 0 };
        REPORT("settimeofday", settimeofday(&tv, NULL));
        struct timespec ts = { 1700000000, 0 };
        REPORT("clock_settime REALTIME", clock_settime(CLOCK_REALTIME, &ts));
        REPORT("reboot CAD_OFF", syscall(SYS_reboot, 0xfee1dead, 672274793, 0, NULL));
        REPORT("swapon", syscall(SYS_swapon, "/tmp/nonexistent-swap", 0));
        REPORT("swapoff", syscall(SYS_swapoff, "/tmp/nonexistent-swap"));
        REPORT("chroot /", syscall(SYS_chroot, "/"));
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("child exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
}
