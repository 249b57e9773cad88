// syscalls: clock_gettime clock_getres gettimeofday time nanosleep clock_nanosleep
// expect: same
/* Several clocks: which exist, monotonicity, relations between clocks (BOOTTIME >= MONOTONIC,
 * COARSE close to the fine clock, REALTIME vs gettimeofday/time), resolution shapes,
 * invalid clocks and timespecs for nanosleep/clock_nanosleep (EINVAL, EFAULT), TIMER_ABSTIME. */
#include "common.h"
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

static double sec(struct timespec t) { return t.tv_sec + t.tv_nsec / 1e9; }

int main(void) {
    struct { clockid_t id; const char *name; } clocks[] = {
        { CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" }, { CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID" },
        { CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID" }, { CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" },
        { CLOCK_REALTIME_COARSE, "REALTIME_COARSE" }, { CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" },
        { CLOCK_BOOTTIME, "BOOTTIME" }, { CLOCK_REALTIME_ALARM, "REALTIME_ALARM" }, { CLOCK_BOOTTIME_ALARM, "BOOTTIME_ALARM" },
        { CLOCK_TAI, "TAI" }, { 12, "id 12" }, { -1, "id -1" }, { 100, "id 100" },
    };
    for (size_t i = 0; i < sizeof clocks / sizeof *clocks; i++) {
        struct timespec a, b, r;
        int g1 = clock_gettime(clocks[i].id, &a);
        int e1 = errno;
        int g2 = clock_gettime(clocks[i].id, &b);
        int gr = clock_getres(clocks[i].id, &r);
        int e2 = errno;
        if (g1 < 0) { printf("%s: gettime %s getres %s\n", clocks[i].name, errname(e1), gr < 0 ? errname(e2) : "ok"); continue; }
        printf("%s: gettime ok, non-decreasing %s, nsec in range %s, res %s\n", clocks[i].name,
               g2 == 0 && sec(b) >= sec(a) ? "yes" : "no", a.tv_nsec >= 0 && a.tv_nsec < 1000000000L ? "yes" : "no",
               gr < 0 ? errname(e2) : r.tv_sec == 0 && r.tv_nsec == 1 ? "1ns" : r.tv_sec == 0 && r.tv_nsec > 1 && r.tv_nsec <= 10000000 ? "coarse (1ns..10ms]" : "other");
    }
    REPORT("clock_getres NULL", clock_getres(CLOCK_MONOTONIC, NULL));
    REPORT("raw clock_gettime bad pointer", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (struct timespec *)8));

    struct timespec m, bt, rt, rc, mc, mr;
    clock_gettime(CLOCK_MONOTONIC, &m);
    clock_gettime(CLOCK_BOOTTIME, &bt);
    clock_gettime(CLOCK_MONOTONIC_RAW, &mr);
    FACT("BOOTTIME >= MONOTONIC", sec(bt) >= sec(m));
    FACT("MONOTONIC_RAW within 1% of MONOTONIC", mr.tv_sec > 0 && sec(mr) / sec(m) > 0.99 && sec(mr) / sec(m) < 1.01);
    clock_gettime(CLOCK_MONOTONIC_COARSE, &mc);
    clock_gettime(CLOCK_MONOTONIC, &m);
    FACT("MONOTONIC_COARSE within 50 ms before MONOTONIC", sec(m) - sec(mc) >= -0.001 && sec(m) - sec(mc) < 0.05);
    clock_gettime(CLOCK_REALTIME_COARSE, &rc);
    clock_gettime(CLOCK_REALTIME, &rt);
    FACT("REALTIME_COARSE within 50 ms before REALTIME", sec(rt) - sec(rc) >= -0.001 && sec(rt) - sec(rc) < 0.05);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    FACT("gettimeofday within 1 s of REALTIME", tv.tv_sec - rt.tv_sec <= 1 && tv.tv_sec >= rt.tv_sec);
    time_t t = time(NULL);
    FACT("time() within 1 s of REALTIME", t - rt.tv_sec <= 1 && t >= rt.tv_sec);
    FACT("REALTIME after 2020", rt.tv_sec > 1577836800);
    struct timespec tai;
    clock_gettime(CLOCK_TAI, &tai);
    FACT("TAI >= REALTIME", sec(tai) >= sec(rt) - 0.01);

    struct timespec bad = { 0, 1000000000L }, neg = { -1, 0 }, negn = { 0, -5 }, zero = { 0, 0 }, small = { 0, 2000000 };
    REPORT("nanosleep nsec 1e9", nanosleep(&bad, NULL));
    REPORT("nanosleep negative sec", nanosleep(&neg, NULL));
    REPORT("nanosleep negative nsec", nanosleep(&negn, NULL));
    REPORT("nanosleep zero", nanosleep(&zero, NULL));
    REPORT("nanosleep bad pointer", nanosleep((struct timespec *)8, NULL));
    struct timespec a0, a1;
    clock_gettime(CLOCK_MONOTONIC, &a0);
    REPORT("nanosleep 2 ms", nanosleep(&small, NULL));
    clock_gettime(CLOCK_MONOTONIC, &a1);
    FACT("slept at least 2 ms", sec(a1) - sec(a0) >= 0.002);

    printf("clock_nanosleep nsec 1e9: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL)));
    printf("clock_nanosleep bad clock: %s\n", errname(clock_nanosleep(12345, 0, &small, NULL)));
    printf("clock_nanosleep THREAD_CPUTIME_ID: %s\n", errname(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &small, NULL)));
    printf("clock_nanosleep bad flags: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, 0x10, &small, NULL)));
    printf("clock_nanosleep REALTIME 2 ms: %s\n", errname(clock_nanosleep(CLOCK_REALTIME, 0, &small, NULL)));
    printf("clock_nanosleep BOOTTIME 2 ms: %s\n", errname(clock_nanosleep(CLOCK_BOOTTIME, 0, &small, NULL)));
    clock_gettime(CLOCK_MONOTONIC, &a0);
    struct timespec past = { a0.tv_sec - 5, 0 };
    printf("clock_nanosleep ABSTIME in the past: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL)));
    struct timespec soon = a0;
    soon.tv_nsec += 10000000;
    if (soon.tv_nsec >= 1000000000L) { soon.tv_sec++; soon.tv_nsec -= 1000000000L; }
    printf("clock_nanosleep ABSTIME +10 ms: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &soon, NULL)));
    clock_gettime(CLOCK_MONOTONIC, &a1);
    FACT("woke at or after the deadline", sec(a1) >= sec(soon));
    printf("clock_nanosleep ABSTIME nsec 1e9: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &bad, NULL)));
    return 0;
}
