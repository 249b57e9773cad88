// syscalls: rt_sigaction clone wait4 waitid kill exit_group
// expect: same
/* SIGCHLD: an SA_SIGINFO handler learns how a child ended (CLD_EXITED, CLD_KILLED, CLD_STOPPED,
 * CLD_CONTINUED); SA_NOCLDSTOP suppresses the stop/continue ones; SIG_IGN and SA_NOCLDWAIT make
 * children reap themselves (wait then fails with ECHILD). */
#include "common.h"
#include <signal.h>
#include <sys/wait.h>

static volatile sig_atomic_t codes[16], statuses[16], n;
static void on_chld(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc;
    if (n < 16) { codes[n] = si->si_code; statuses[n] = si->si_status; n++; }
}

static const char *cname(int c) {
    switch (c) {
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_DUMPED: return "CLD_DUMPED";
    case CLD_STOPPED: return "CLD_STOPPED";
    case CLD_CONTINUED: return "CLD_CONTINUED";
    default: return "other";
    }
}

static void waitfor(int count) {
    for (int i = 0; i < 500 && n < count; i++) usleep(10000);
}

static void dump(const char *label) {
    printf("%s: %d signal(s)", label, n);
    for (int i = 0; i < n; i++) {
        if (codes[i] == CLD_EXITED) printf(" %s/%d", cname(codes[i]), statuses[i]);
        else printf(" %s/%s", cname(codes[i]), sigabbrev_np(statuses[i]));
    }
    printf("\n");
    n = 0;
}

int main(void) {
    struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO | SA_RESTART };
    MUST(sigaction(SIGCHLD, &sa, NULL));
    pid_t c = fork();
    MUST(c);
    if (c == 0) _exit(4);
    waitfor(1);
    dump("child exits 4");
    MUST(waitpid(c, NULL, 0));

    c = fork();
    MUST(c);
    if (c == 0) for (;;) pause();
    MUST(kill(c, SIGSTOP));
    waitfor(1);
    int st;
    MUST(waitpid(c, &st, WUNTRACED));
    MUST(kill(c, SIGCONT));
    waitfor(2);
    MUST(waitpid(c, &st, WCONTINUED));
    MUST(kill(c, SIGTERM));
    waitfor(3);
    dump("child stopped, continued, terminated");
    MUST(waitpid(c, NULL, 0));

    sa.sa_flags |= SA_NOCLDSTOP;
    MUST(sigaction(SIGCHLD, &sa, NULL));
    c = fork();
    MUST(c);
    if (c == 0) for (;;) pause();
    MUST(kill(c, SIGSTOP));
    MUST(waitpid(c, &st, WUNTRACED));
    MUST(kill(c, SIGCONT));
    MUST(waitpid(c, &st, WCONTINUED));
    usleep(50000);
    MUST(kill(c, SIGKILL));
    waitfor(1);
    dump("SA_NOCLDSTOP: stopped, continued, killed");
    MUST(waitpid(c, NULL, 0));

    /* SA_NOCLDWAIT: the signal still comes but the child is reaped */
    sa.sa_flags = SA_SIGINFO | SA_NOCLDWAIT;
    MUST(sigaction(SIGCHLD, &sa, NULL));
    c = fork();
    MUST(c);
    if (c == 0) _exit(6);
    waitfor(1);
    usleep(20000);
    dump("SA_NOCLDWAIT child exits 6");
    REPORT("waitpid after SA_NOCLDWAIT", waitpid(c, NULL, 0));

    /* SIG_IGN: no signal, no zombie; wait blocks until all children are gone and fails */
    signal(SIGCHLD, SIG_IGN);
    c = fork();
    MUST(c);
    if (c == 0) { usleep(50000); _exit(1); }
    REPORT("waitpid with SIGCHLD ignored", waitpid(c, NULL, 0));
    signal(SIGCHLD, SIG_DFL);
    c = fork();
    MUST(c);
    if (c == 0) _exit(2);
    usleep(50000);
    MUST(waitpid(c, &st, 0));
    printf("SIG_DFL again: child reaped with exit %d\n", WEXITSTATUS(st));
    return 0;
}
