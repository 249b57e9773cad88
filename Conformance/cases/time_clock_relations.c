// syscalls: clock_gettime nanosleep clone
// expect: same
/* Relations between clocks: every clock is monotonic where it should be, BOOTTIME >= MONOTONIC,
 * COARSE clocks lag the fine ones by at most a tick, MONOTONIC_RAW advances like MONOTONIC,
 * CPU clocks grow under load, THREAD_CPUTIME <= PROCESS_CPUTIME, REALTIME vs TAI. */
#include "common.h"
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }
static long long now(clockid_t c) { struct timespec t; if (clock_gettime(c, &t)) return -1; return ns(t); }
static volatile unsigned long sink;
static void burn(long long nsec) {
    long long s = now(CLOCK_THREAD_CPUTIME_ID);
    while (now(CLOCK_THREAD_CPUTIME_ID) - s < nsec) for (int i = 0; i < 1000; i++) sink += i;
}
static void *worker(void *a) { burn(60 * 1000000LL); return a; }

int main(void) {
    static const struct { clockid_t id; const char *name; } cl[] = {
        { CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" }, { CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" },
        { CLOCK_BOOTTIME, "BOOTTIME" }, { CLOCK_REALTIME_COARSE, "REALTIME_COARSE" },
        { CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" }, { CLOCK_TAI, "TAI" },
        { CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME" }, { CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME" },
    };
    for (unsigned i = 0; i < sizeof cl / sizeof cl[0]; i++) {
        long long prev = now(cl[i].id), worst = 0;
        int ok = prev >= 0;
        for (int k = 0; k < 20000 && ok; k++) {
            long long t = now(cl[i].id);
            if (t < prev) { ok = 0; worst = prev - t; }
            prev = t;
        }
        printf("%s: readable and non-decreasing over 20000 reads: %s\n", cl[i].name, ok ? "yes" : worst ? "went back" : "unreadable");
        struct timespec t;
        clock_gettime(cl[i].id, &t);
        FACT("  tv_nsec in range", t.tv_nsec >= 0 && t.tv_nsec < 1000000000);
    }
    long long mono = now(CLOCK_MONOTONIC), boot = now(CLOCK_BOOTTIME);
    FACT("BOOTTIME >= MONOTONIC", boot >= mono);
    long long mc = now(CLOCK_MONOTONIC_COARSE), m2 = now(CLOCK_MONOTONIC);
    FACT("MONOTONIC_COARSE <= MONOTONIC and within 50ms", mc <= m2 && m2 - mc < 50000000LL);
    long long rc = now(CLOCK_REALTIME_COARSE), r2 = now(CLOCK_REALTIME);
    FACT("REALTIME_COARSE <= REALTIME and within 50ms", rc <= r2 && r2 - rc < 50000000LL);
    long long tai = now(CLOCK_TAI), rt = now(CLOCK_REALTIME);
    FACT("TAI - REALTIME within [0, 40] s", tai - rt > -1000000000LL && tai - rt <= 40 * 1000000000LL);
    FACT("REALTIME after 2024", rt / 1000000000LL > 1704067200LL);
    FACT("MONOTONIC positive", mono > 0);

    long long a0 = now(CLOCK_MONOTONIC), r0 = now(CLOCK_MONOTONIC_RAW);
    struct timespec sl = { 0, 100 * 1000000 };
    nanosleep(&sl, NULL);
    long long a1 = now(CLOCK_MONOTONIC), r1 = now(CLOCK_MONOTONIC_RAW);
    long long da = a1 - a0, dr = r1 - r0;
    FACT("MONOTONIC and MONOTONIC_RAW advance alike over 100ms (within 1%)", llabs(da - dr) * 100 < da);

    long long p0 = now(CLOCK_PROCESS_CPUTIME_ID), t0 = now(CLOCK_THREAD_CPUTIME_ID);
    burn(50 * 1000000LL);
    long long p1 = now(CLOCK_PROCESS_CPUTIME_ID), t1 = now(CLOCK_THREAD_CPUTIME_ID);
    FACT("THREAD_CPUTIME grew >= 50ms under load", t1 - t0 >= 50000000LL);
    FACT("PROCESS_CPUTIME grew >= 50ms under load", p1 - p0 >= 50000000LL);
    FACT("THREAD_CPUTIME <= PROCESS_CPUTIME", t1 <= now(CLOCK_PROCESS_CPUTIME_ID));
    long long s0 = now(CLOCK_THREAD_CPUTIME_ID);
    nanosleep(&sl, NULL);
    long long s1 = now(CLOCK_THREAD_CPUTIME_ID);
    FACT("THREAD_CPUTIME barely grows while sleeping 100ms (< 20ms)", s1 - s0 < 20000000LL);

    pthread_t th;
    long long q0 = now(CLOCK_PROCESS_CPUTIME_ID), mt0 = now(CLOCK_THREAD_CPUTIME_ID);
    pthread_create(&th, NULL, worker, NULL);
    clockid_t tc;
    FACT("pthread_getcpuclockid", pthread_getcpuclockid(th, &tc) == 0);
    pthread_join(th, NULL);
    long long q1 = now(CLOCK_PROCESS_CPUTIME_ID), mt1 = now(CLOCK_THREAD_CPUTIME_ID);
    FACT("PROCESS_CPUTIME includes the other thread's 60ms", q1 - q0 >= 60000000LL);
    FACT("main THREAD_CPUTIME excludes it (< 30ms)", mt1 - mt0 < 30000000LL);
    clockid_t pc;
    FACT("clock_getcpuclockid(0)", clock_getcpuclockid(0, &pc) == 0);
    struct timespec t;
    REPORT("clock_gettime of own process cpu clock id", clock_gettime(pc, &t));
    REPORT("clock_gettime invalid clock 99", clock_gettime(99, &t));
    REPORT("clock_gettime clock -1", clock_gettime(-1, &t));
    REPORT("clock_gettime of a nonexistent process cpu clock", clock_gettime(((~(clockid_t)0x3fffff00) << 3) | 2, &t));
    return 0;
}
