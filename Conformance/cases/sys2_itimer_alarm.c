// syscalls: alarm getitimer setitimer pause rt_sigaction
// expect: same
#include "common.h"
#include <signal.h>
#include <sys/time.h>

static volatile sig_atomic_t alrm, vt;
static void on_alrm(int s) { (void)s; alrm++; }
static void on_vt(int s) { (void)s; vt++; }

/* alarm(2) and the three itimers: remaining values, replacement, pause until the signal. */
int main(void) {
    struct sigaction sa = { .sa_handler = on_alrm };
    MUST(sigaction(SIGALRM, &sa, NULL));
    printf("alarm(0) first: %u\n", alarm(0));
    printf("alarm(100): %u\n", alarm(100));
    unsigned prev = alarm(50);
    FACT("alarm(50) returns ~100", prev >= 99 && prev <= 100);
    struct itimerval it;
    MUST(getitimer(ITIMER_REAL, &it));
    FACT("ITIMER_REAL reflects alarm", it.it_value.tv_sec >= 48 && it.it_value.tv_sec <= 50);
    FACT("alarm has no interval", it.it_interval.tv_sec == 0 && it.it_interval.tv_usec == 0);
    prev = alarm(0);
    FACT("alarm(0) cancels, returns ~50", prev >= 49 && prev <= 50);
    MUST(getitimer(ITIMER_REAL, &it));
    FACT("ITIMER_REAL disarmed", it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0);

    struct itimerval v = { .it_value = { 0, 30000 } }, old;
    REPORT("setitimer ITIMER_REAL 30ms", setitimer(ITIMER_REAL, &v, &old));
    FACT("old was disarmed", old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0);
    errno = 0;
    int r = pause();
    printf("pause: %d %s\n", r, errname(errno));
    printf("SIGALRM handled: %d\n", (int)alrm);

    sa.sa_handler = on_vt;
    MUST(sigaction(SIGVTALRM, &sa, NULL));
    struct itimerval cpu = { .it_value = { 0, 10000 } };
    REPORT("setitimer ITIMER_VIRTUAL 10ms", setitimer(ITIMER_VIRTUAL, &cpu, NULL));
    for (volatile unsigned long i = 0; !vt && i < 4000000000UL; i++) {}
    printf("SIGVTALRM after spinning: %d\n", (int)vt);
    struct itimerval prof = { .it_value = { 5, 0 }, .it_interval = { 1, 0 } };
    REPORT("setitimer ITIMER_PROF", setitimer(ITIMER_PROF, &prof, NULL));
    MUST(getitimer(ITIMER_PROF, &it));
    FACT("ITIMER_PROF interval 1s", it.it_interval.tv_sec == 1 && it.it_interval.tv_usec == 0);
    struct itimerval z = { 0 };
    MUST(setitimer(ITIMER_PROF, &z, NULL));
    REPORT("getitimer bad which", getitimer(7, &it));
    struct itimerval bad = { .it_value = { 0, 1000000 } };
    REPORT("setitimer usec 1000000", setitimer(ITIMER_REAL, &bad, NULL));
    MUST(setitimer(ITIMER_REAL, &z, NULL));
    return 0;
}
