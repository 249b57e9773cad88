// syscalls: timerfd_create timerfd_settime timerfd_gettime read clock_gettime setgroups setgid setuid clone wait4
// expect: same
/* timerfd on each clock (REALTIME/MONOTONIC/BOOTTIME ok; *_ALARM need CAP_WAKE_ALARM, so a
 * uid-1000 child gets EPERM), expiry counts, TFD_TIMER_ABSTIME in the past fires at once,
 * TFD_TIMER_CANCEL_ON_SET, gettime after disarm, errors. Checks run as uid 1000. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <sys/wait.h>

static void checks(void) {
    static const struct { clockid_t id; const char *name; } cl[] = {
        { CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" }, { CLOCK_BOOTTIME, "BOOTTIME" },
        { CLOCK_REALTIME_ALARM, "REALTIME_ALARM" }, { CLOCK_BOOTTIME_ALARM, "BOOTTIME_ALARM" },
        { CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" }, { CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME" },
        { CLOCK_TAI, "TAI" },
    };
    for (unsigned i = 0; i < sizeof cl / sizeof cl[0]; i++) {
        errno = 0;
        int fd = timerfd_create(cl[i].id, TFD_NONBLOCK | TFD_CLOEXEC);
        if (fd < 0) { printf("timerfd_create %s: %s\n", cl[i].name, errname(errno)); continue; }
        struct itimerspec its = { { 0, 0 }, { 0, 10 * 1000000 } };
        int r = timerfd_settime(fd, 0, &its, NULL);
        struct pollfd p = { fd, POLLIN, 0 };
        int pr = poll(&p, 1, 2000);
        uint64_t n = 0;
        ssize_t rd = read(fd, &n, 8);
        printf("timerfd %s: create ok, settime %s, fired %s, count %llu\n", cl[i].name, r ? errname(errno) : "ok",
               pr == 1 ? "yes" : "no", rd == 8 ? (unsigned long long)n : 0ULL);
        close(fd);
    }
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    uint64_t n;
    errno = 0;
    printf("read unarmed nonblocking: %s\n", read(fd, &n, 8) < 0 ? errname(errno) : "data");
    errno = 0;
    printf("read with 4-byte buffer: %s\n", read(fd, &n, 4) < 0 ? errname(errno) : "data");
    struct itimerspec its = { { 0, 5 * 1000000 }, { 0, 5 * 1000000 } }, old, cur;
    MUST(timerfd_settime(fd, 0, &its, NULL));
    struct timespec sl = { 0, 60 * 1000000 };
    nanosleep(&sl, NULL);
    MUST(read(fd, &n, 8));
    FACT("periodic 5ms over 60ms: >= 10 expirations", n >= 10);
    MUST(timerfd_gettime(fd, &cur));
    FACT("gettime interval is 5ms", cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 5000000);
    FACT("gettime value within the interval", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 5000000);
    struct itimerspec dis = { { 0, 0 }, { 0, 0 } };
    MUST(timerfd_settime(fd, 0, &dis, &old));
    FACT("old value returned on disarm", old.it_interval.tv_nsec == 5000000);
    MUST(timerfd_gettime(fd, &cur));
    FACT("disarmed gettime zero", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0 && cur.it_interval.tv_nsec == 0);

    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    struct itimerspec past = { { 0, 0 }, { now.tv_sec - 1, 0 } };
    REPORT("ABSTIME in the past", timerfd_settime(fd, TFD_TIMER_ABSTIME, &past, NULL));
    struct pollfd p = { fd, POLLIN, 0 };
    FACT("fires at once", poll(&p, 1, 0) == 1);
    MUST(read(fd, &n, 8));
    printf("expirations: %llu\n", (unsigned long long)n);

    int rt = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
    clock_gettime(CLOCK_REALTIME, &now);
    struct itimerspec fut = { { 0, 0 }, { now.tv_sec + 3600, 0 } };
    REPORT("REALTIME ABSTIME|CANCEL_ON_SET", timerfd_settime(rt, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &fut, NULL));
    errno = 0;
    printf("read before any clock change: %s\n", read(rt, &n, 8) < 0 ? errname(errno) : "data");
    REPORT("CANCEL_ON_SET without ABSTIME", timerfd_settime(rt, TFD_TIMER_CANCEL_ON_SET, &fut, NULL));
    REPORT("CANCEL_ON_SET on MONOTONIC", timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &fut, NULL));

    its.it_value.tv_nsec = 1000000000;
    REPORT("settime tv_nsec 1e9", timerfd_settime(fd, 0, &its, NULL));
    REPORT("settime bad flags", timerfd_settime(fd, 0x10, &dis, NULL));
    REPORT("create bad flags", timerfd_create(CLOCK_MONOTONIC, 0x1));
    REPORT("create bad clock", timerfd_create(99, 0));
    int pp[2];
    MUST(pipe(pp));
    REPORT("settime on a pipe", timerfd_settime(pp[1], 0, &dis, NULL));
    REPORT("gettime on a pipe", timerfd_gettime(pp[0], &cur));
    int fl = fcntl(fd, F_GETFL);
    FACT("TFD_NONBLOCK shows as O_NONBLOCK", fl & O_NONBLOCK);
    FACT("O_RDWR access mode", (fl & O_ACCMODE) == O_RDWR);
}

int main(void) {
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        checks();
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    printf("child exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
