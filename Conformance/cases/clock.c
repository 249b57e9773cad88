// syscalls: clock_gettime clock_getres clock_nanosleep nanosleep gettimeofday time
// expect: same
#include "common.h"
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
    struct timespec a, b;
    int monotonic = 1;
    MUST(clock_gettime(CLOCK_MONOTONIC, &a));
    for (int i = 0; i < 10000; i++) {
        MUST(clock_gettime(CLOCK_MONOTONIC, &b));
        if (ns(b) < ns(a)) monotonic = 0;
        a = b;
    }
    FACT("CLOCK_MONOTONIC never goes back", monotonic);

    /* The raw syscall, bypassing the vDSO, must agree with it. */
    struct timespec r;
    MUST(clock_gettime(CLOCK_MONOTONIC, &a));
    MUST(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &r));
    MUST(clock_gettime(CLOCK_MONOTONIC, &b));
    FACT("raw clock_gettime between vDSO reads", ns(a) <= ns(r) && ns(r) <= ns(b));

    struct timespec rt;
    MUST(clock_gettime(CLOCK_REALTIME, &rt));
    FACT("CLOCK_REALTIME after 2020", rt.tv_sec > 1577836800);
    struct timeval tv;
    MUST(gettimeofday(&tv, NULL));
    FACT("gettimeofday agrees with CLOCK_REALTIME", tv.tv_sec - rt.tv_sec <= 1 && tv.tv_sec >= rt.tv_sec);
    time_t t = time(NULL);
    FACT("time agrees with CLOCK_REALTIME", t - rt.tv_sec <= 1 && t >= rt.tv_sec);

    static const struct { clockid_t id; const char *name; } clocks[] = {
        { CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW" }, { CLOCK_BOOTTIME, "CLOCK_BOOTTIME" },
        { CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID" },
        { CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID" },
        { CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE" },
    };
    for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
        char label[64];
        snprintf(label, sizeof label, "clock_gettime %s", clocks[i].name);
        REPORT(label, clock_gettime(clocks[i].id, &a));
    }
    MUST(clock_getres(CLOCK_MONOTONIC, &a));
    printf("clock_getres CLOCK_MONOTONIC: %lld ns\n", ns(a));
    REPORT("clock_gettime invalid clock", clock_gettime(12345, &a));
    REPORT("raw clock_gettime NULL", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, NULL));

    struct timespec req = { 0, 20 * 1000000 };
    MUST(clock_gettime(CLOCK_MONOTONIC, &a));
    MUST(nanosleep(&req, NULL));
    MUST(clock_gettime(CLOCK_MONOTONIC, &b));
    FACT("nanosleep 20ms sleeps at least 20ms", ns(b) - ns(a) >= 20 * 1000000LL);
    struct timespec until = b;
    until.tv_nsec += 10 * 1000000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    printf("clock_nanosleep TIMER_ABSTIME: %s\n",
           errname(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL)));
    MUST(clock_gettime(CLOCK_MONOTONIC, &a));
    FACT("woke after the absolute deadline", ns(a) >= ns(until));
    req.tv_nsec = 1000000000;
    REPORT("nanosleep invalid tv_nsec", nanosleep(&req, NULL));
    return 0;
}
