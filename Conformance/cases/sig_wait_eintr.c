// syscalls: wait4 waitid rt_sigaction setitimer clone kill
// expect: same
/* wait4 and waitid blocked on a living child are interrupted by SIGALRM: without SA_RESTART they
 * fail with EINTR, with SA_RESTART they resume and return the child once it exits. */
#include "common.h"
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>

static volatile sig_atomic_t handled;
static void on_sig(int s) { (void)s; handled++; }

static pid_t sleeper(int ms) {
    pid_t c = fork();
    MUST(c);
    if (c == 0) { usleep(ms * 1000); _exit(9); }
    return c;
}

static void arm(int flags) {
    struct sigaction sa = { .sa_handler = on_sig, .sa_flags = flags };
    MUST(sigaction(SIGALRM, &sa, NULL));
    handled = 0;
    struct itimerval it = { .it_value = { 0, 50000 } };
    MUST(setitimer(ITIMER_REAL, &it, NULL));
}

int main(void) {
    pid_t c = sleeper(300);
    arm(0);
    int st = 0;
    errno = 0;
    pid_t r = waitpid(c, &st, 0);
    printf("waitpid, no SA_RESTART: %s, handler ran %d\n", r == c ? "child" : errname(errno), handled);
    r = waitpid(c, &st, 0);
    printf("waitpid again: %s, exit %d\n", r == c ? "child" : errname(errno), WEXITSTATUS(st));

    c = sleeper(300);
    arm(SA_RESTART);
    r = waitpid(c, &st, 0);
    printf("waitpid, SA_RESTART: %s, exit %d, handler ran %d\n", r == c ? "child" : errname(errno),
           WEXITSTATUS(st), handled);

    c = sleeper(300);
    arm(0);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int w = waitid(P_PID, c, &si, WEXITED);
    printf("waitid, no SA_RESTART: %s, handler ran %d\n", w == 0 ? "child" : errname(errno), handled);
    memset(&si, 0, sizeof si);
    w = waitid(P_PID, c, &si, WEXITED);
    printf("waitid again: %s, status %d\n", w == 0 ? "child" : errname(errno), si.si_status);

    c = sleeper(300);
    arm(SA_RESTART);
    memset(&si, 0, sizeof si);
    w = waitid(P_ALL, 0, &si, WEXITED);
    printf("waitid P_ALL, SA_RESTART: %s, pid matches %s, handler ran %d\n",
           w == 0 ? "child" : errname(errno), si.si_pid == c ? "yes" : "no", handled);

    /* wait(NULL) is interrupted by a SIGCHLD handler without SA_RESTART? No: the child it
     * waits for is reaped. The handler runs, the wait returns the child. */
    struct sigaction sa = { .sa_handler = on_sig };
    MUST(sigaction(SIGCHLD, &sa, NULL));
    handled = 0;
    c = sleeper(50);
    r = wait(&st);
    printf("wait with SIGCHLD handler: %s\n", r == c ? "child" : errname(errno));
    return 0;
}
