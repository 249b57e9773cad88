// syscalls: rt_sigaction rt_sigprocmask rt_sigpending rt_sigtimedwait rt_sigsuspend rt_sigreturn kill tgkill setitimer sigaltstack
// expect: same
#include "common.h"
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>

static volatile sig_atomic_t got_usr1, got_usr2, got_alrm, on_alt;
static char altstack[64 * 1024];

static void handler(int sig) {
    char here;
    if (sig == SIGUSR1) got_usr1++;
    if (sig == SIGUSR2) got_usr2++;
    if (sig == SIGALRM) got_alrm++;
    if (&here >= altstack && &here < altstack + sizeof altstack) on_alt = 1;
}

int main(void) {
    struct sigaction sa = { .sa_handler = handler }, old;
    MUST(sigaction(SIGUSR1, &sa, NULL));
    MUST(sigaction(SIGUSR1, NULL, &old));
    FACT("sigaction reads back the handler", old.sa_handler == handler);
    REPORT("raise SIGUSR1", raise(SIGUSR1));
    printf("SIGUSR1 handled: %d\n", got_usr1);
    REPORT("kill self SIGUSR1", kill(getpid(), SIGUSR1));
    REPORT("tgkill self SIGUSR1", syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1));
    printf("SIGUSR1 handled: %d\n", got_usr1);

    sigset_t block, pending, prev;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    MUST(sigaction(SIGUSR2, &sa, NULL));
    MUST(sigprocmask(SIG_BLOCK, &block, &prev));
    raise(SIGUSR2);
    printf("SIGUSR2 handled while blocked: %d\n", got_usr2);
    MUST(sigpending(&pending));
    FACT("SIGUSR2 pending", sigismember(&pending, SIGUSR2));
    MUST(sigprocmask(SIG_SETMASK, &prev, NULL));
    printf("SIGUSR2 handled after unblock: %d\n", got_usr2);

    /* sigtimedwait takes a blocked pending signal without running the handler. */
    MUST(sigprocmask(SIG_BLOCK, &block, NULL));
    raise(SIGUSR2);
    siginfo_t si;
    int s = sigtimedwait(&block, &si, &(struct timespec){ 1, 0 });
    printf("sigtimedwait: %s code=%s\n", s > 0 ? sigabbrev_np(s) : errname(errno),
           si.si_code == SI_TKILL ? "SI_TKILL" : si.si_code == SI_USER ? "SI_USER" : "other");
    s = sigtimedwait(&block, &si, &(struct timespec){ 0, 1000000 });
    printf("sigtimedwait nothing pending: %s\n", s > 0 ? "signal" : errname(errno));
    MUST(sigprocmask(SIG_UNBLOCK, &block, NULL));

    /* setitimer + sigsuspend with SIGALRM blocked outside the wait. */
    sigset_t alrm, waitmask;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    MUST(sigaction(SIGALRM, &sa, NULL));
    MUST(sigprocmask(SIG_BLOCK, &alrm, &waitmask));
    struct itimerval it = { .it_value = { 0, 10000 } };
    MUST(setitimer(ITIMER_REAL, &it, NULL));
    sigdelset(&waitmask, SIGALRM);
    errno = 0;
    sigsuspend(&waitmask);
    printf("sigsuspend returned: %s, SIGALRM handled: %d\n", errname(errno), got_alrm);

    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
    MUST(sigaltstack(&ss, NULL));
    sa.sa_flags = SA_ONSTACK;
    MUST(sigaction(SIGUSR1, &sa, NULL));
    raise(SIGUSR1);
    FACT("SA_ONSTACK handler ran on the alternate stack", on_alt);

    REPORT("sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL));
    REPORT("sigaction invalid signal", sigaction(1000, &sa, NULL));
    REPORT("kill invalid signal", kill(getpid(), 1000));
    REPORT("kill self signal 0", kill(getpid(), 0));
    sa.sa_handler = SIG_IGN;
    sa.sa_flags = 0;
    MUST(sigaction(SIGTERM, &sa, NULL));
    REPORT("raise ignored SIGTERM", raise(SIGTERM));
    printf("still alive\n");
    return 0;
}
