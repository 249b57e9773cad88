/* Helpers for cases whose threads block in a call while another thread signals them. */
#ifndef MT_UTIL_H
#define MT_UTIL_H
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <time.h>

/* The state letter of a thread of this process ('?' if it cannot be read). */
static char state_of(pid_t tid) {
    char p[64], buf[512];
    snprintf(p, sizeof p, "/proc/self/task/%d/stat", tid);
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return '?';
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return '?';
    buf[n] = 0;
    char *close_paren = strrchr(buf, ')');
    return close_paren && close_paren[1] ? close_paren[2] : '?';
}

/* Waits until a thread that set `*started` (after `*tid`) sleeps in its call; its state letter
 * ('S' or 'D'), or '?' after five seconds. */
static char wait_sleeping(const int *started, const pid_t *tid) {
    while (!__atomic_load_n(started, __ATOMIC_ACQUIRE)) usleep(1000);
    for (int i = 0; i < 5000; i++) {
        char s = state_of(*tid);
        if (s == 'S' || s == 'D') return s;
        usleep(1000);
    }
    return '?';
}

/* Joins within `ms` milliseconds; 0 if it did. */
static int join_within(pthread_t t, int ms) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
    return pthread_timedjoin_np(t, NULL, &ts);
}
#endif
