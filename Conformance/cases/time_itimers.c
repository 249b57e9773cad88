// syscalls: setitimer getitimer alarm rt_sigaction clock_gettime
// expect: same
/* setitimer ITIMER_PROF and ITIMER_VIRTUAL fire only while the process burns CPU (not while
 * sleeping); ITIMER_REAL fires while sleeping; getitimer shows remaining <= set; the old value
 * is returned; periodic reload; alarm() shares ITIMER_REAL; bad which and bad usec. */
#include "common.h"
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

static volatile int nprof, nvt, nalrm;
static void h(int s) { if (s == SIGPROF) nprof++; else if (s == SIGVTALRM) nvt++; else if (s == SIGALRM) nalrm++; }
static long long cpu(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static volatile unsigned long sink;
static void burn(long long nsec) { long long s = cpu(); while (cpu() - s < nsec) for (int i = 0; i < 1000; i++) sink += i; }

int main(void) {
    struct sigaction sa = { .sa_handler = h, .sa_flags = SA_RESTART };
    sigaction(SIGPROF, &sa, NULL);
    sigaction(SIGVTALRM, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval tv = { { 0, 10000 }, { 0, 10000 } }, old, cur;
    REPORT("setitimer ITIMER_PROF 10ms periodic", setitimer(ITIMER_PROF, &tv, NULL));
    REPORT("setitimer ITIMER_VIRTUAL 10ms periodic", setitimer(ITIMER_VIRTUAL, &tv, NULL));
    struct timespec sl = { 0, 150 * 1000000 };
    nanosleep(&sl, NULL);
    printf("while sleeping 150ms: PROF fired %s, VIRTUAL fired %s\n", nprof ? "yes" : "no", nvt ? "yes" : "no");
    int p0 = nprof, v0 = nvt;
    burn(200 * 1000000LL);
    FACT("PROF fired >= 5 times over 200ms CPU", nprof - p0 >= 5);
    FACT("VIRTUAL fired >= 2 times over 200ms CPU", nvt - v0 >= 2);
    FACT("PROF fired no fewer than VIRTUAL (user+sys vs user)", nprof - p0 + 2 >= nvt - v0);
    MUST(getitimer(ITIMER_PROF, &cur));
    FACT("getitimer PROF interval kept", cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 10000);
    FACT("getitimer PROF value <= interval", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec <= 10000);
    struct itimerval zero = { { 0, 0 }, { 0, 0 } };
    MUST(setitimer(ITIMER_PROF, &zero, &old));
    FACT("old value returned", old.it_interval.tv_usec == 10000);
    MUST(setitimer(ITIMER_VIRTUAL, &zero, NULL));
    MUST(getitimer(ITIMER_VIRTUAL, &cur));
    FACT("disarmed VIRTUAL reads zero", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
    p0 = nprof;
    burn(50 * 1000000LL);
    FACT("no PROF after disarm", nprof == p0);

    struct itimerval one = { { 0, 0 }, { 0, 20000 } };
    MUST(setitimer(ITIMER_REAL, &one, NULL));
    nanosleep(&(struct timespec){ 0, 100 * 1000000 }, NULL);
    FACT("ITIMER_REAL one-shot fired while sleeping", nalrm == 1);
    MUST(getitimer(ITIMER_REAL, &cur));
    FACT("one-shot expired reads zero", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
    struct itimerval lng = { { 0, 0 }, { 100, 0 } };
    MUST(setitimer(ITIMER_REAL, &lng, NULL));
    printf("alarm(0) returns remaining seconds: %u\n", alarm(0));
    MUST(getitimer(ITIMER_REAL, &cur));
    FACT("alarm(0) disarmed ITIMER_REAL", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
    alarm(50);
    MUST(getitimer(ITIMER_REAL, &cur));
    FACT("alarm(50) visible through getitimer (49..50 s)", cur.it_value.tv_sec >= 49 && cur.it_value.tv_sec <= 50);
    alarm(0);

    REPORT("setitimer bad which", setitimer(5, &tv, NULL));
    REPORT("getitimer bad which", getitimer(5, &cur));
    struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };
    REPORT("setitimer usec 1000000", setitimer(ITIMER_REAL, &bad, NULL));
    bad.it_value.tv_usec = -1;
    REPORT("setitimer usec -1", setitimer(ITIMER_REAL, &bad, NULL));
    REPORT("setitimer NULL new value (raw)", syscall(SYS_setitimer, ITIMER_REAL, NULL, NULL));
    REPORT("getitimer bad pointer (raw)", syscall(SYS_getitimer, ITIMER_REAL, (void *)8));
    return 0;
}
