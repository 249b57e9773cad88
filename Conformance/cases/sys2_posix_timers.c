// syscalls: timer_create timer_settime timer_gettime timer_getoverrun timer_delete rt_sigtimedwait rt_sigprocmask
// expect: same
#include "common.h"
#include <signal.h>
#include <time.h>

/* POSIX interval timers delivering a blocked signal, collected with sigtimedwait. */
int main(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    MUST(sigprocmask(SIG_BLOCK, &set, NULL));
    struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN };
    sev.sigev_value.sival_int = 4242;
    timer_t t;
    REPORT("timer_create CLOCK_MONOTONIC", timer_create(CLOCK_MONOTONIC, &sev, &t));
    struct itimerspec cur;
    MUST(timer_gettime(t, &cur));
    FACT("disarmed initially", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    struct itimerspec its = { .it_value = { 0, 20000000 } };
    REPORT("timer_settime 20ms one-shot", timer_settime(t, 0, &its, NULL));
    MUST(timer_gettime(t, &cur));
    FACT("armed: remaining <= 20ms", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 20000000);
    siginfo_t si;
    struct timespec to = { 2, 0 };
    int s = sigtimedwait(&set, &si, &to);
    FACT("sigtimedwait got SIGRTMIN", s == SIGRTMIN);
    FACT("si_code SI_TIMER", si.si_code == SI_TIMER);
    printf("si_value: %d\n", si.si_value.sival_int);
    printf("timer_getoverrun: %d\n", timer_getoverrun(t));
    MUST(timer_gettime(t, &cur));
    FACT("disarmed after expiry", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    /* Overrun: a fast periodic timer while the signal stays pending. */
    struct itimerspec per = { .it_value = { 0, 1000000 }, .it_interval = { 0, 1000000 } };
    MUST(timer_settime(t, 0, &per, NULL));
    struct timespec nap = { 0, 50000000 };
    nanosleep(&nap, NULL);
    s = sigtimedwait(&set, &si, &to);
    FACT("periodic delivered", s == SIGRTMIN);
    FACT("overrun counted (> 5)", si.si_overrun > 5 && timer_getoverrun(t) > 5);
    struct itimerspec zero = { 0 };
    struct itimerspec old;
    REPORT("timer_settime disarm with old", timer_settime(t, 0, &zero, &old));
    FACT("old interval was 1ms", old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 1000000);
    struct timespec shortto = { 0, 10000000 };
    sigtimedwait(&set, &si, &shortto); /* drain a possibly queued one */
    REPORT("sigtimedwait nothing pending", sigtimedwait(&set, &si, &shortto));
    struct itimerspec badv = { .it_value = { 0, 1000000000 } };
    REPORT("timer_settime bad nsec", timer_settime(t, 0, &badv, NULL));
    REPORT("timer_delete", timer_delete(t));
    REPORT("timer_create bad clock", timer_create(1234, &sev, &t));
    timer_t t2;
    struct sigevent none = { .sigev_notify = SIGEV_NONE };
    REPORT("timer_create CLOCK_PROCESS_CPUTIME_ID", timer_create(CLOCK_PROCESS_CPUTIME_ID, &none, &t2));
    REPORT("timer_delete 2", timer_delete(t2));
    return 0;
}
