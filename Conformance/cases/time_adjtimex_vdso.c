// syscalls: adjtimex clock_adjtime clock_gettime clock_settime settimeofday gettimeofday time setuid
// expect: differs: adjtimex/clock_adjtime are denied (EPERM), read-only queries included
/* adjtimex/clock_adjtime read-only queries (modes 0) return the clock state; setting needs
 * CAP_SYS_TIME (uid-1000 child: EPERM). vDSO and raw syscalls agree for clock_gettime,
 * gettimeofday and time; gettimeofday vs CLOCK_REALTIME within 1s; time() vs gettimeofday. */
#include "common.h"
#include <grp.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/wait.h>
#include <time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }
static const char *state(int r) {
    return r == TIME_OK ? "TIME_OK" : r == TIME_INS ? "TIME_INS" : r == TIME_DEL ? "TIME_DEL" : r == TIME_OOP ? "TIME_OOP"
         : r == TIME_WAIT ? "TIME_WAIT" : r == TIME_ERROR ? "TIME_ERROR" : r == -1 ? errname(errno) : "other";
}

int main(void) {
    struct timex tx = { .modes = 0 };
    errno = 0;
    int r = adjtimex(&tx);
    printf("adjtimex query: %s\n", state(r));
    struct timex tx2 = { .modes = 0 };
    errno = 0;
    int r2 = clock_adjtime(CLOCK_REALTIME, &tx2);
    printf("clock_adjtime REALTIME query: %s\n", state(r2));
    if (r != -1 && r2 != -1) {
        FACT("same state and status", r == r2 && tx.status == tx2.status);
        FACT("tick plausible (9000..11000 us)", tx.tick >= 9000 && tx.tick <= 11000);
        struct timeval tv;
        gettimeofday(&tv, NULL);
        FACT("adjtimex time close to gettimeofday", llabs((long long)tx.time.tv_sec - tv.tv_sec) <= 1);
    }
    struct timex tq = { .modes = 0 };
    errno = 0;
    printf("clock_adjtime MONOTONIC query: %s\n", state(clock_adjtime(CLOCK_MONOTONIC, &tq)));
    errno = 0;
    printf("clock_adjtime bad clock: %s\n", state(clock_adjtime(99, &tq)));
    errno = 0;
    printf("adjtimex bad pointer: %s\n", state(syscall(SYS_adjtimex, (void *)8)));

    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        struct timex s = { .modes = ADJ_OFFSET_SS_READ };
        errno = 0;
        printf("uid1000 ADJ_OFFSET_SS_READ (read-only mode): %s\n", state(adjtimex(&s)));
        struct timex w = { .modes = ADJ_FREQUENCY, .freq = 0 };
        errno = 0;
        printf("uid1000 ADJ_FREQUENCY: %s\n", state(adjtimex(&w)));
        struct timex st = { .modes = ADJ_SETOFFSET | ADJ_NANO };
        errno = 0;
        printf("uid1000 clock_adjtime ADJ_SETOFFSET: %s\n", state(clock_adjtime(CLOCK_REALTIME, &st)));
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        REPORT("uid1000 clock_settime", clock_settime(CLOCK_REALTIME, &now));
        struct timeval tv = { now.tv_sec, 0 };
        REPORT("uid1000 settimeofday", settimeofday(&tv, NULL));
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);

    static const clockid_t ids[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_MONOTONIC_RAW, CLOCK_TAI };
    static const char *names[] = { "REALTIME", "MONOTONIC", "BOOTTIME", "MONOTONIC_RAW", "TAI" };
    for (int i = 0; i < 5; i++) {
        struct timespec a, raw, b;
        int ok = 1;
        for (int k = 0; k < 200; k++) {
            clock_gettime(ids[i], &a);
            syscall(SYS_clock_gettime, ids[i], &raw);
            clock_gettime(ids[i], &b);
            if (!(ns(a) <= ns(raw) && ns(raw) <= ns(b))) ok = 0;
        }
        printf("%s: raw syscall between vDSO reads (200 rounds): %s\n", names[i], ok ? "yes" : "no");
    }
    struct timespec c1, c2;
    clock_gettime(CLOCK_REALTIME_COARSE, &c1);
    syscall(SYS_clock_gettime, CLOCK_REALTIME_COARSE, &c2);
    FACT("REALTIME_COARSE raw >= vDSO", ns(c2) >= ns(c1));
    struct timeval tv1, tv2;
    struct timespec rt;
    int ok = 1;
    for (int k = 0; k < 200; k++) {
        gettimeofday(&tv1, NULL);
        syscall(SYS_gettimeofday, &tv2, NULL);
        long long u1 = tv1.tv_sec * 1000000LL + tv1.tv_usec, u2 = tv2.tv_sec * 1000000LL + tv2.tv_usec;
        if (u2 < u1) ok = 0;
    }
    FACT("raw gettimeofday never before vDSO gettimeofday", ok);
    clock_gettime(CLOCK_REALTIME, &rt);
    gettimeofday(&tv1, NULL);
    FACT("gettimeofday within 1s of CLOCK_REALTIME", tv1.tv_sec - rt.tv_sec <= 1 && tv1.tv_sec >= rt.tv_sec);
    time_t t1 = time(NULL);
    time_t t2 = syscall(SYS_time, NULL);
    gettimeofday(&tv2, NULL);
    FACT("time() <= raw time <= gettimeofday", t1 <= t2 && t2 <= tv2.tv_sec);
    time_t out = 0;
    time_t t3 = syscall(SYS_time, &out);
    FACT("raw time stores its result", out == t3);
    struct timezone tz = { -1, -1 };
    REPORT("gettimeofday with timezone", gettimeofday(&tv1, &tz));
    printf("timezone minuteswest %d dsttime %d\n", tz.tz_minuteswest, tz.tz_dsttime);
    REPORT("raw gettimeofday bad pointer", syscall(SYS_gettimeofday, (void *)8, NULL));
    return 0;
}
