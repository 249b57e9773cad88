// syscalls: timerfd_create timerfd_settime timerfd_gettime read poll clock_gettime
// expect: same
/* timerfd: create flags and errors, settime/gettime round trip (relations only), old value,
 * TFD_TIMER_ABSTIME in the past fires at once, expiration counts, EAGAIN, disarming. */
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>

static int readable(int fd, int ms) {
    struct pollfd p = { .fd = fd, .events = POLLIN };
    return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

int main(void) {
    REPORT("create bad clock", timerfd_create(12345, 0));
    REPORT("create bad flags", timerfd_create(CLOCK_MONOTONIC, 0x4));
    REPORT("create CLOCK_PROCESS_CPUTIME_ID", timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0));
    int rt = timerfd_create(CLOCK_REALTIME, 0);
    FACT("CLOCK_REALTIME timerfd", rt >= 0);
    int bt = timerfd_create(CLOCK_BOOTTIME, 0);
    FACT("CLOCK_BOOTTIME timerfd", bt >= 0);
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    MUST(fd);
    FACT("TFD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    FACT("TFD_NONBLOCK", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);

    struct itimerspec cur;
    MUST(timerfd_gettime(fd, &cur));
    FACT("new timer disarmed", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0 && cur.it_interval.tv_sec == 0);
    uint64_t n;
    REPORT("read disarmed nonblocking", read(fd, &n, 8));

    struct itimerspec its = { .it_value = { 100, 0 }, .it_interval = { 5, 0 } }, old;
    REPORT("settime 100s interval 5s", timerfd_settime(fd, 0, &its, &old));
    FACT("old value was disarmed", old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0);
    MUST(timerfd_gettime(fd, &cur));
    FACT("gettime remaining in (99,100]", cur.it_value.tv_sec >= 99 && cur.it_value.tv_sec <= 100);
    FACT("gettime interval 5s", cur.it_interval.tv_sec == 5 && cur.it_interval.tv_nsec == 0);
    its.it_value.tv_sec = 200;
    MUST(timerfd_settime(fd, 0, &its, &old));
    FACT("old value reports the previous setting", old.it_value.tv_sec >= 99 && old.it_value.tv_sec <= 100 && old.it_interval.tv_sec == 5);
    FACT("not readable before expiry", !readable(fd, 0));

    struct itimerspec badn = { .it_value = { 0, 1000000000L } };
    REPORT("settime nsec 1e9", timerfd_settime(fd, 0, &badn, NULL));
    struct itimerspec negs = { .it_value = { -1, 0 } };
    REPORT("settime negative sec", timerfd_settime(fd, 0, &negs, NULL));
    REPORT("settime bad flags", timerfd_settime(fd, 0x100, &its, NULL));
    REPORT("settime NULL new", timerfd_settime(fd, 0, NULL, NULL));
    REPORT("gettime bad fd", timerfd_gettime(999, &cur));
    REPORT("gettime non-timerfd", timerfd_gettime(0, &cur));

    struct itimerspec off = {0};
    REPORT("disarm", timerfd_settime(fd, 0, &off, NULL));
    MUST(timerfd_gettime(fd, &cur));
    FACT("disarmed after zero value", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);

    /* Absolute time in the past: fires at once, one expiration. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    struct itimerspec past = { .it_value = { now.tv_sec - 10, 0 } };
    REPORT("settime ABSTIME in the past", timerfd_settime(fd, TFD_TIMER_ABSTIME, &past, NULL));
    FACT("readable at once", readable(fd, 0));
    n = 0;
    ssize_t r = read(fd, &n, 8);
    printf("read: %zd expirations %llu\n", r, (unsigned long long)n);
    REPORT("read again", read(fd, &n, 8));
    REPORT("read 4 bytes", read(fd, &n, 4));

    /* Absolute time 30 ms ahead. */
    clock_gettime(CLOCK_MONOTONIC, &now);
    struct itimerspec soon = { .it_value = now };
    soon.it_value.tv_nsec += 30000000;
    if (soon.it_value.tv_nsec >= 1000000000L) { soon.it_value.tv_sec++; soon.it_value.tv_nsec -= 1000000000L; }
    MUST(timerfd_settime(fd, TFD_TIMER_ABSTIME, &soon, NULL));
    MUST(timerfd_gettime(fd, &cur));
    FACT("gettime of ABSTIME timer is relative (<1s)", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0);
    FACT("fires within 2s", readable(fd, 2000));
    r = read(fd, &n, 8);
    printf("abs read: %zd expirations %llu\n", r, (unsigned long long)n);

    /* Periodic 10 ms timer, sleep 100 ms: several expirations accumulate. */
    struct itimerspec per = { .it_value = { 0, 10000000 }, .it_interval = { 0, 10000000 } };
    MUST(timerfd_settime(fd, 0, &per, NULL));
    usleep(100000);
    r = read(fd, &n, 8);
    FACT("periodic accumulated >= 5 expirations", r == 8 && n >= 5);
    MUST(timerfd_settime(fd, 0, &off, NULL));
    REPORT("read after disarm", read(fd, &n, 8));

    /* Blocking read on a one-shot relative timer. */
    struct itimerspec one = { .it_value = { 0, 20000000 } };
    MUST(timerfd_settime(bt, 0, &one, NULL));
    r = read(bt, &n, 8);
    printf("blocking read: %zd expirations %llu\n", r, (unsigned long long)n);
    return 0;
}
