// syscalls: waitid wait4 kill clone
// expect: same
/* waitid options: WNOHANG with nothing ready (success, si_pid 0), WNOWAIT leaves the child
 * waitable, WSTOPPED and WCONTINUED report the state changes once, P_PGID selects by group,
 * invalid options and idtypes are EINVAL, a non-child is ECHILD. */
#include "common.h"
#include <signal.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static const char *cname(int c) {
    switch (c) {
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_DUMPED: return "CLD_DUMPED";
    case CLD_STOPPED: return "CLD_STOPPED";
    case CLD_CONTINUED: return "CLD_CONTINUED";
    default: return "none";
    }
}

static void w(const char *label, idtype_t t, id_t id, int opts, pid_t expect) {
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int r = waitid(t, id, &si, opts);
    if (r < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: ok, pid %s, code %s", label, si.si_pid == 0 ? "0" : si.si_pid == expect ? "child" : "other",
           cname(si.si_pid ? si.si_code : 0));
    if (si.si_pid) {
        if (si.si_code == CLD_EXITED) printf(", status %d", si.si_status);
        else printf(", signal %s", sigabbrev_np(si.si_status));
        printf(", signo %s", si.si_signo == SIGCHLD ? "SIGCHLD" : "other");
    }
    printf("\n");
}

static void settle(void) { usleep(50000); }

int main(void) {
    int p[2];
    MUST(pipe(p));
    pid_t c = fork();
    MUST(c);
    if (c == 0) { char b; read(p[0], &b, 1); _exit(8); }
    w("WEXITED|WNOHANG while running", P_PID, c, WEXITED | WNOHANG, c);
    MUST(kill(c, SIGSTOP));
    settle();
    w("WSTOPPED|WNOWAIT", P_PID, c, WSTOPPED | WNOWAIT, c);
    w("WSTOPPED again (still there)", P_PID, c, WSTOPPED | WNOHANG, c);
    w("WSTOPPED third time (consumed)", P_PID, c, WSTOPPED | WNOHANG, c);
    w("WCONTINUED|WNOHANG before SIGCONT", P_PID, c, WCONTINUED | WNOHANG, c);
    MUST(kill(c, SIGCONT));
    settle();
    w("WCONTINUED", P_PID, c, WCONTINUED | WNOHANG, c);
    w("WCONTINUED again", P_PID, c, WCONTINUED | WNOHANG, c);
    write(p[1], "x", 1);
    settle();
    w("WEXITED|WNOWAIT", P_PID, c, WEXITED | WNOWAIT, c);
    w("WEXITED|WNOWAIT twice", P_ALL, 0, WEXITED | WNOWAIT, c);
    int st;
    pid_t r = waitpid(c, &st, WNOHANG);
    printf("waitpid after WNOWAIT: %s, exit %d\n", r == c ? "child" : errname(errno), WEXITSTATUS(st));
    w("WEXITED after reaping", P_PID, c, WEXITED | WNOHANG, c);

    /* P_PGID */
    c = fork();
    MUST(c);
    if (c == 0) { setpgid(0, 0); usleep(50000); _exit(3); }
    setpgid(c, c);
    w("P_PGID of the child's group", P_PGID, c, WEXITED, c);

    /* killed child */
    c = fork();
    MUST(c);
    if (c == 0) for (;;) pause();
    MUST(kill(c, SIGKILL));
    w("killed child", P_PID, c, WEXITED, c);

    /* pidfds: pidfd_open, poll readable on exit, pidfd_send_signal, waitid(P_PIDFD) */
    c = fork();
    MUST(c);
    if (c == 0) for (;;) pause();
    int pfd = syscall(SYS_pidfd_open, c, 0);
    printf("pidfd_open: %s\n", pfd >= 0 ? "ok" : errname(errno));
    struct pollfd pp = { .fd = pfd, .events = POLLIN };
    printf("poll pidfd while running: %d\n", poll(&pp, 1, 0));
    REPORT("pidfd_send_signal SIGTERM", syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0));
    int pr = poll(&pp, 1, 5000);
    printf("poll pidfd after kill: %d %s\n", pr, pp.revents & POLLIN ? "POLLIN" : "none");
    w("waitid P_PIDFD", P_PIDFD, pfd, WEXITED, c);
    REPORT("pidfd_send_signal after reaping", syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0));
    close(pfd);
    REPORT("pidfd_open of a reaped pid", syscall(SYS_pidfd_open, c, 0));
    REPORT("pidfd_open bad flags", syscall(SYS_pidfd_open, getpid(), 0x1234));
    w("P_PIDFD bad fd", P_PIDFD, 9999, WEXITED, 0);
    pfd = syscall(SYS_pidfd_open, getpid(), 0);
    w("P_PIDFD of self", P_PIDFD, pfd, WEXITED | WNOHANG, 0);
    close(pfd);

    w("no options", P_ALL, 0, 0, 0);
    w("bad options", P_ALL, 0, WEXITED | 0x10, 0);
    w("bad idtype", (idtype_t)42, 0, WEXITED, 0);
    w("P_PID of a non-child", P_PID, getpid(), WEXITED, 0);
    w("P_ALL with no children", P_ALL, 0, WEXITED, 0);
    w("P_ALL WNOHANG with no children", P_ALL, 0, WEXITED | WNOHANG, 0);
    REPORT("waitpid bad options", waitpid(-1, NULL, 0x10));
    return 0;
}
