// syscalls: unshare clone3
// expect: same
#include "common.h"
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

int main(void) {
    // What needs no privilege: unsharing what the process already has.
    REPORT("unshare(0)", unshare(0));
    REPORT("unshare(CLONE_FILES)", unshare(CLONE_FILES));
    REPORT("unshare(CLONE_FS)", unshare(CLONE_FS));
    REPORT("unshare(CLONE_SYSVSEM)", unshare(CLONE_SYSVSEM));
    REPORT("unshare(unknown bit)", unshare(0x1));
    // clone3 as a runtime calls it directly: a child, a pidfd, an exit status.
    struct clone_args args;
    memset(&args, 0, sizeof args);
    int pidfd = -1;
    args.flags = CLONE_PIDFD;
    args.pidfd = (unsigned long)&pidfd;
    args.exit_signal = SIGCHLD;
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0) _exit(7);
    int status = 0;
    if (pid > 0) waitpid(pid, &status, 0);
    printf("clone3 with a pidfd: %s, pidfd %s, exit %d\n", pid > 0 ? "ok" : errname(errno), pidfd >= 0 ? "yes" : "no",
           WEXITSTATUS(status));
    errno = 0;
    long r = syscall(SYS_clone3, &args, 8);
    printf("clone3 size 8: %ld %s\n", r, errname(r < 0 ? errno : 0));
    r = syscall(SYS_clone3, (void *)8, sizeof args);
    printf("clone3 bad pointer: %ld %s\n", r, errname(r < 0 ? errno : 0));
    r = syscall(SYS_clone3, &args, 8192);
    printf("clone3 size > page: %ld %s\n", r, errname(r < 0 ? errno : 0));
    return 0;
}
