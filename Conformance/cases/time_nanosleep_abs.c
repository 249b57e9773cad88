// syscalls: clock_nanosleep nanosleep clock_gettime
// expect: same
/* clock_nanosleep: TIMER_ABSTIME deadlines in the past (or 0) return at once on every
 * sleepable clock; relative sleeps last at least as asked; unsupported clocks and bad
 * timespecs give the errno (returned, not in errno). */
#include "common.h"
#include <sys/syscall.h>
#include <time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }
static long long mono(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return ns(t); }

int main(void) {
    static const struct { clockid_t id; const char *name; } cl[] = {
        { CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" }, { CLOCK_BOOTTIME, "BOOTTIME" },
        { CLOCK_TAI, "TAI" }, { CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME" },
        { CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME" }, { CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" },
        { CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" }, { CLOCK_REALTIME_ALARM, "REALTIME_ALARM" },
    };
    for (unsigned i = 0; i < sizeof cl / sizeof cl[0]; i++) {
        struct timespec now, past;
        clock_gettime(cl[i].id, &now);
        past = now;
        past.tv_sec -= 2;
        if (past.tv_sec < 0) past.tv_sec = 0;
        long long t0 = mono();
        int r = clock_nanosleep(cl[i].id, TIMER_ABSTIME, &past, NULL);
        long long el = mono() - t0;
        printf("%s abs in past: %s%s\n", cl[i].name, errname(r), r == 0 ? (el < 100000000LL ? " (at once)" : " (slept!)") : "");
        struct timespec zero = { 0, 0 };
        r = clock_nanosleep(cl[i].id, TIMER_ABSTIME, &zero, NULL);
        printf("%s abs 0: %s\n", cl[i].name, errname(r));
        if (cl[i].id == CLOCK_PROCESS_CPUTIME_ID) continue; /* a sleeping process accrues no CPU time */
        struct timespec rel = { 0, 5 * 1000000 };
        t0 = mono();
        r = clock_nanosleep(cl[i].id, 0, &rel, NULL);
        el = mono() - t0;
        if (r)
            printf("%s relative 5ms: %s\n", cl[i].name, errname(r));
        else
            printf("%s relative 5ms: %s%s\n", cl[i].name, errname(r), el >= 5000000LL ? " (>= 5ms)" : " (too short)");
    }
    struct timespec bad = { 0, 1000000000 };
    printf("tv_nsec 1e9: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL)));
    bad.tv_nsec = -1;
    printf("tv_nsec -1: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL)));
    struct timespec neg = { -1, 0 };
    long long t0 = mono();
    printf("negative tv_sec relative: %s", errname(clock_nanosleep(CLOCK_MONOTONIC, 0, &neg, NULL)));
    printf("%s\n", mono() - t0 < 100000000LL ? " (at once)" : " (slept)");
    printf("bad flags: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, 0x10, &(struct timespec){0, 1}, NULL)));
    printf("invalid clock 99: %s\n", errname(clock_nanosleep(99, 0, &(struct timespec){0, 1}, NULL)));
    errno = 0;
    long rr = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, (void *)8, NULL);
    printf("raw bad pointer: %ld %s\n", rr, errname(errno));
    struct timespec rem = { 7, 7 };
    REPORT("nanosleep 1ns", nanosleep(&(struct timespec){0, 1}, &rem));
    FACT("rem untouched after a full sleep", rem.tv_sec == 7 && rem.tv_nsec == 7);
    REPORT("nanosleep negative", nanosleep(&neg, NULL));
    /* absolute deadline 20 ms ahead */
    struct timespec d;
    clock_gettime(CLOCK_MONOTONIC, &d);
    d.tv_nsec += 20000000;
    if (d.tv_nsec >= 1000000000) { d.tv_sec++; d.tv_nsec -= 1000000000; }
    printf("abs 20ms ahead: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &d, NULL)));
    FACT("woke at or after the deadline", mono() >= ns(d));
    return 0;
}
