// syscalls: timer_create timer_settime timer_gettime timer_getoverrun timer_delete rt_sigtimedwait gettid clone
// expect: same
/* POSIX timers: SIGEV_THREAD_ID delivers to the named thread, SIGEV_SIGNAL with si_value and
 * si_code SI_TIMER, overrun counting while the signal is blocked, CPU-time clocks, SIGEV_NONE
 * polling with timer_gettime, errors (bad thread id, bad clock, deleted timer). */
#include "common.h"
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static volatile pid_t handled_tid;
static volatile int handled_code, handled_val;
static void onsig(int s, siginfo_t *si, void *u) {
    (void)s; (void)u;
    handled_tid = syscall(SYS_gettid);
    handled_code = si->si_code;
    handled_val = si->si_value.sival_int;
}
static volatile pid_t worker_tid;
static volatile int stop;
static void *worker(void *a) {
    worker_tid = syscall(SYS_gettid);
    while (!stop) usleep(1000);
    return a;
}

int main(void) {
    struct sigaction sa = { .sa_sigaction = onsig, .sa_flags = SA_SIGINFO };
    sigemptyset(&sa.sa_mask);
    MUST(sigaction(SIGRTMIN + 1, &sa, NULL));
    sigset_t set; /* blocked in every thread: collected later with sigtimedwait */
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 2);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_t th;
    pthread_create(&th, NULL, worker, NULL);
    while (!worker_tid) usleep(1000);

    timer_t t;
    struct sigevent ev = { 0 };
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = SIGRTMIN + 1;
    ev.sigev_value.sival_int = 4242;
    ev.sigev_notify_thread_id = worker_tid;
    REPORT("timer_create SIGEV_THREAD_ID", timer_create(CLOCK_MONOTONIC, &ev, &t));
    struct itimerspec its = { { 0, 0 }, { 0, 10 * 1000000 } };
    REPORT("timer_settime 10ms", timer_settime(t, 0, &its, NULL));
    for (int i = 0; i < 2000 && !handled_tid; i++) usleep(1000);
    FACT("delivered to the worker thread", handled_tid == worker_tid);
    FACT("si_code SI_TIMER", handled_code == SI_TIMER);
    printf("si_value: %d\n", handled_val);
    REPORT("timer_delete", timer_delete(t));
    REPORT("timer_settime on deleted timer", timer_settime(t, 0, &its, NULL));

    ev.sigev_notify_thread_id = 0x3ffffff0;
    REPORT("SIGEV_THREAD_ID with bad tid", timer_create(CLOCK_MONOTONIC, &ev, &t));
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_notify_thread_id = worker_tid;
    ev.sigev_signo = 0;
    REPORT("SIGEV_THREAD_ID with signal 0", timer_create(CLOCK_MONOTONIC, &ev, &t));
    ev.sigev_signo = 65;
    REPORT("signal 65", timer_create(CLOCK_MONOTONIC, &ev, &t));
    ev.sigev_signo = SIGRTMIN + 1;
    REPORT("bad clock", timer_create(99, &ev, &t));
    REPORT("CLOCK_MONOTONIC_RAW", timer_create(CLOCK_MONOTONIC_RAW, &ev, &t));
    REPORT("CLOCK_REALTIME_ALARM", timer_create(CLOCK_REALTIME_ALARM, &ev, &t));
    ev.sigev_notify = 99;
    REPORT("bad sigev_notify", timer_create(CLOCK_MONOTONIC, &ev, &t));

    /* overrun: block the signal, periodic 2ms timer, wait 50ms, then collect with sigtimedwait */
    struct sigevent ev2 = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN + 2 };
    ev2.sigev_value.sival_int = 77;
    timer_t t2;
    MUST(timer_create(CLOCK_MONOTONIC, &ev2, &t2));
    struct itimerspec per = { { 0, 2 * 1000000 }, { 0, 2 * 1000000 } };
    MUST(timer_settime(t2, 0, &per, NULL));
    usleep(50000);
    siginfo_t si;
    int s = sigtimedwait(&set, &si, &(struct timespec){ 2, 0 });
    FACT("blocked timer signal collected", s == SIGRTMIN + 2);
    printf("collected si_code SI_TIMER: %s, value %d\n", si.si_code == SI_TIMER ? "yes" : "no", si.si_value.sival_int);
    FACT("si_overrun >= 5", si.si_overrun >= 5);
    int ov = timer_getoverrun(t2);
    FACT("timer_getoverrun matches si_overrun", ov == si.si_overrun);
    struct itimerspec cur;
    MUST(timer_gettime(t2, &cur));
    FACT("gettime interval 2ms", cur.it_interval.tv_nsec == 2000000);
    MUST(timer_delete(t2));

    /* SIGEV_NONE on the process CPU clock: poll via timer_gettime */
    struct sigevent en = { .sigev_notify = SIGEV_NONE };
    timer_t t3;
    REPORT("SIGEV_NONE on PROCESS_CPUTIME", timer_create(CLOCK_PROCESS_CPUTIME_ID, &en, &t3));
    struct itimerspec big = { { 0, 0 }, { 100, 0 } };
    MUST(timer_settime(t3, 0, &big, NULL));
    MUST(timer_gettime(t3, &cur));
    FACT("remaining <= 100s and > 99s", cur.it_value.tv_sec == 99 || (cur.it_value.tv_sec == 100 && cur.it_value.tv_nsec == 0));
    REPORT("THREAD_CPUTIME timer", timer_create(CLOCK_THREAD_CPUTIME_ID, &en, &t3));
    REPORT("timer_delete of a bogus id", syscall(SYS_timer_delete, 12345));
    REPORT("timer_getoverrun of a bogus id", syscall(SYS_timer_getoverrun, 12345));
    stop = 1;
    pthread_join(th, NULL);
    return 0;
}
