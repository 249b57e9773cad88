// syscalls: pidfd_open pidfd_send_signal process_mrelease waitid poll clone kill
// expect: same
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* pidfds on a child: poll readiness on exit, signalling, waitid P_PIDFD, errors. */
int main(void) {
    int pipefd[2];
    MUST(pipe(pipefd));
    pid_t c = fork();
    MUST(c);
    if (c == 0) { char x; read(pipefd[0], &x, 1); _exit(7); }
    int pfd = syscall(SYS_pidfd_open, c, 0);
    FACT("pidfd_open child", pfd >= 0);
    struct pollfd p = { pfd, POLLIN, 0 };
    printf("poll while running: %d\n", poll(&p, 1, 0));
    REPORT("pidfd_send_signal 0", syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0));
    REPORT("pidfd_send_signal bad flags", syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 99));
    REPORT("process_mrelease live process", syscall(SYS_process_mrelease, pfd, 0));
    REPORT("process_mrelease bad flags", syscall(SYS_process_mrelease, pfd, 1));
    write(pipefd[1], "x", 1);
    int pr = poll(&p, 1, 3000);
    printf("poll after exit: %d revents POLLIN %d\n", pr, !!(p.revents & POLLIN));
    siginfo_t si = { 0 };
    REPORT("waitid P_PIDFD", waitid(P_PIDFD, pfd, &si, WEXITED));
    printf("si_code CLD_EXITED %d status %d\n", si.si_code == CLD_EXITED, si.si_status);
    REPORT("pidfd_send_signal after reap", syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0));
    REPORT("waitid P_PIDFD again", waitid(P_PIDFD, pfd, &si, WEXITED));
    close(pfd);

    c = fork();
    MUST(c);
    if (c == 0) { pause(); _exit(0); }
    pfd = syscall(SYS_pidfd_open, c, 0);
    REPORT("pidfd_send_signal SIGKILL", syscall(SYS_pidfd_send_signal, pfd, SIGKILL, NULL, 0));
    int st;
    MUST(waitpid(c, &st, 0));
    printf("killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    close(pfd);

    REPORT("pidfd_open bad flags", syscall(SYS_pidfd_open, getpid(), 1));
    REPORT("pidfd_open pid 0", syscall(SYS_pidfd_open, 0, 0));
    REPORT("pidfd_open missing pid", syscall(SYS_pidfd_open, 0x3ffffff0, 0));
    int self = syscall(SYS_pidfd_open, getpid(), 0);
    FACT("pidfd_open self", self >= 0);
    REPORT("pidfd_send_signal self 0", syscall(SYS_pidfd_send_signal, self, 0, NULL, 0));
    int nb = syscall(SYS_pidfd_open, getpid(), O_NONBLOCK);
    FACT("pidfd_open PIDFD_NONBLOCK", nb >= 0);
    REPORT("pidfd_send_signal on a pipe", syscall(SYS_pidfd_send_signal, pipefd[0], 0, NULL, 0));
    REPORT("pidfd_send_signal bad fd", syscall(SYS_pidfd_send_signal, 999, 0, NULL, 0));
    return 0;
}
