// syscalls: clock_getres clock_gettime
// expect: same
/* clock_getres of every clock, printed: resolutions come from the kernel (hrtimers: 1 ns,
 * coarse clocks: a tick). NULL res is allowed; invalid clocks EINVAL. */
#include "common.h"
#include <sys/syscall.h>
#include <time.h>

int main(void) {
    static const struct { clockid_t id; const char *name; } cl[] = {
        { CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" }, { CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME" },
        { CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME" }, { CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" },
        { CLOCK_REALTIME_COARSE, "REALTIME_COARSE" }, { CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" },
        { CLOCK_BOOTTIME, "BOOTTIME" }, { CLOCK_REALTIME_ALARM, "REALTIME_ALARM" },
        { CLOCK_BOOTTIME_ALARM, "BOOTTIME_ALARM" }, { CLOCK_TAI, "TAI" }, { 10, "clock 10 (unused)" },
        { 12, "clock 12" }, { -1, "clock -1" },
    };
    for (unsigned i = 0; i < sizeof cl / sizeof cl[0]; i++) {
        struct timespec r = { -1, -1 }, raw = { -1, -1 };
        errno = 0;
        int rc = clock_getres(cl[i].id, &r);
        int e = errno;
        errno = 0;
        long rr = syscall(SYS_clock_getres, cl[i].id, &raw);
        if (rc) printf("%s: %s\n", cl[i].name, errname(e));
        else printf("%s: %lld.%09ld s\n", cl[i].name, (long long)r.tv_sec, r.tv_nsec);
        FACT("  raw syscall agrees", (rr == 0) == (rc == 0) && (rc || (raw.tv_sec == r.tv_sec && raw.tv_nsec == r.tv_nsec)));
    }
    REPORT("clock_getres NULL res", clock_getres(CLOCK_MONOTONIC, NULL));
    REPORT("clock_getres bad pointer", syscall(SYS_clock_getres, CLOCK_MONOTONIC, (void *)8));
    clockid_t pc;
    clock_getcpuclockid(0, &pc);
    struct timespec r;
    REPORT("clock_getres own process cpu clock", clock_getres(pc, &r));
    printf("  value: %lld.%09ld\n", (long long)r.tv_sec, r.tv_nsec);
    REPORT("clock_getres process cpu clock of pid 1", clock_getres(((~(clockid_t)1) << 3) | 2, &r));
    return 0;
}
