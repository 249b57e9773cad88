// syscalls: rt_sigqueueinfo rt_tgsigqueueinfo rt_sigaction rt_sigprocmask rt_sigtimedwait kill
// expect: same
/* Queued signals: sigqueue carries a value to an SA_SIGINFO handler with SI_QUEUE; real-time
 * signals queue every instance while standard signals coalesce; pending real-time signals are
 * delivered lowest number first; rt_sigqueueinfo may not forge SI_USER/kernel codes for another
 * process but may with a negative code for itself. */
#include "common.h"
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static volatile int seen[64], nseen, vals[64];
static void on_info(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    if (nseen < 64) { seen[nseen] = sig; vals[nseen] = si->si_code == SI_QUEUE ? si->si_value.sival_int : -1; nseen++; }
}

int main(void) {
    struct sigaction sa = { .sa_sigaction = on_info, .sa_flags = SA_SIGINFO };
    int rt1 = SIGRTMIN + 1, rt2 = SIGRTMIN + 2;
    MUST(sigaction(SIGUSR1, &sa, NULL));
    MUST(sigaction(rt1, &sa, NULL));
    MUST(sigaction(rt2, &sa, NULL));

    MUST(sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 7 }));
    printf("sigqueue to self: handled %d, value %d\n", nseen, vals[0]);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, rt1);
    sigaddset(&set, rt2);
    MUST(sigprocmask(SIG_BLOCK, &set, NULL));
    nseen = 0;
    for (int i = 0; i < 3; i++) MUST(sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 10 + i }));
    for (int i = 0; i < 3; i++) MUST(sigqueue(getpid(), rt2, (union sigval){ .sival_int = 20 + i }));
    for (int i = 0; i < 3; i++) MUST(sigqueue(getpid(), rt1, (union sigval){ .sival_int = 30 + i }));
    MUST(sigprocmask(SIG_UNBLOCK, &set, NULL));
    printf("delivered after unblock: %d\n", nseen);
    for (int i = 0; i < nseen; i++)
        printf("  %s value %d\n", seen[i] == SIGUSR1 ? "SIGUSR1" : seen[i] == rt1 ? "RTMIN+1" : "RTMIN+2", vals[i]);

    /* sigtimedwait takes them one at a time, with their values */
    MUST(sigprocmask(SIG_BLOCK, &set, NULL));
    MUST(sigqueue(getpid(), rt1, (union sigval){ .sival_int = 1 }));
    MUST(sigqueue(getpid(), rt1, (union sigval){ .sival_int = 2 }));
    siginfo_t si;
    for (int i = 0; i < 3; i++) {
        int s = sigtimedwait(&set, &si, &(struct timespec){ 0, 10000000 });
        if (s < 0) printf("sigtimedwait %d: %s\n", i, errname(errno));
        else printf("sigtimedwait %d: %s code %s value %d\n", i, s == rt1 ? "RTMIN+1" : "other",
                    si.si_code == SI_QUEUE ? "SI_QUEUE" : "other", si.si_value.sival_int);
    }

    /* raw rt_sigqueueinfo to self with a negative code is allowed */
    memset(&si, 0, sizeof si);
    si.si_signo = rt1;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = 99;
    REPORT("rt_sigqueueinfo self SI_QUEUE", syscall(SYS_rt_sigqueueinfo, getpid(), rt1, &si));
    si.si_code = SI_USER;
    REPORT("rt_sigqueueinfo self SI_USER", syscall(SYS_rt_sigqueueinfo, getpid(), rt1, &si));
    si.si_code = SI_KERNEL;
    REPORT("rt_sigqueueinfo self SI_KERNEL", syscall(SYS_rt_sigqueueinfo, getpid(), rt1, &si));
    si.si_code = SI_QUEUE;
    REPORT("rt_tgsigqueueinfo self thread", syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid), rt1, &si));
    REPORT("rt_sigqueueinfo bad signal", syscall(SYS_rt_sigqueueinfo, getpid(), 200, &si));
    REPORT("rt_sigqueueinfo bad pid", syscall(SYS_rt_sigqueueinfo, 0x3fffffff, rt1, &si));
    int n = 0;
    while (sigtimedwait(&set, &si, &(struct timespec){ 0, 1000000 }) > 0) n++;
    printf("queued by rt_sigqueueinfo/rt_tgsigqueueinfo: %d\n", n);

    /* sigqueue to a child */
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        siginfo_t ci;
        int s = sigwaitinfo(&set, &ci);
        _exit(s == rt2 && ci.si_code == SI_QUEUE && ci.si_pid == getppid() ? ci.si_value.sival_int : 1);
    }
    MUST(sigqueue(c, rt2, (union sigval){ .sival_int = 55 }));
    int st;
    MUST(waitpid(c, &st, 0));
    printf("child got the queued value: exit %d\n", WEXITSTATUS(st));

    /* forging a non-negative si_code for another process is EPERM; SI_QUEUE is fine */
    c = fork();
    MUST(c);
    if (c == 0) {
        siginfo_t ci;
        int got = 0;
        while (sigtimedwait(&set, &ci, &(struct timespec){ 1, 0 }) > 0) got++;
        _exit(got);
    }
    memset(&si, 0, sizeof si);
    si.si_signo = rt1;
    si.si_code = SI_USER;
    REPORT("rt_sigqueueinfo child SI_USER", syscall(SYS_rt_sigqueueinfo, c, rt1, &si));
    si.si_code = SI_KERNEL;
    REPORT("rt_sigqueueinfo child SI_KERNEL", syscall(SYS_rt_sigqueueinfo, c, rt1, &si));
    si.si_code = SI_TKILL;
    REPORT("rt_sigqueueinfo child SI_TKILL", syscall(SYS_rt_sigqueueinfo, c, rt1, &si));
    si.si_code = SI_QUEUE;
    REPORT("rt_sigqueueinfo child SI_QUEUE", syscall(SYS_rt_sigqueueinfo, c, rt1, &si));
    REPORT("rt_tgsigqueueinfo child, wrong tid", syscall(SYS_rt_tgsigqueueinfo, c, getpid(), rt1, &si));
    MUST(waitpid(c, &st, 0));
    printf("child received: %d\n", WEXITSTATUS(st));
    return 0;
}
