// syscalls: futex_waitv futex clock_gettime clone
// expect: same
#include "common.h"
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif
struct waitv { uint64_t val, uaddr; uint32_t flags, reserved; };
#define F32 2 /* FUTEX2_SIZE_U32 */

static uint32_t f1, f2;

static void *waker(void *a) {
    (void)a;
    struct timespec ts = { 0, 30000000 };
    nanosleep(&ts, NULL);
    __atomic_store_n(&f2, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &f2, FUTEX_WAKE_PRIVATE, 1);
    return NULL;
}

static long waitv(struct waitv *w, unsigned n, long ms) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += ms * 1000000;
    while (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    return syscall(SYS_futex_waitv, w, n, 0, &ts, CLOCK_MONOTONIC);
}

/* futex_waitv on several futexes: value mismatch, timeout, wake by index; classic futex timeouts. */
int main(void) {
    struct waitv w[2] = { { 0, (uintptr_t)&f1, F32 | FUTEX_PRIVATE_FLAG, 0 },
                          { 0, (uintptr_t)&f2, F32 | FUTEX_PRIVATE_FLAG, 0 } };
    f1 = 5;
    REPORT("futex_waitv value mismatch", waitv(w, 2, 50));
    f1 = 0;
    REPORT("futex_waitv timeout", waitv(w, 2, 20));
    pthread_t t;
    pthread_create(&t, NULL, waker, NULL);
    long r;
    do { r = waitv(w, 2, 3000); } while (r == -1 && errno == EAGAIN && __atomic_load_n(&f2, __ATOMIC_SEQ_CST) == 0);
    printf("futex_waitv woken index: %ld\n", r == -1 && errno == EAGAIN ? 1 : r);
    pthread_join(t, NULL);
    REPORT("futex_waitv zero entries", waitv(w, 0, 10));
    struct waitv bad = { 0, (uintptr_t)&f1, 0x1000, 0 };
    REPORT("futex_waitv bad flags", waitv(&bad, 1, 10));
    struct waitv res = { 0, (uintptr_t)&f1, F32, 1 };
    REPORT("futex_waitv reserved nonzero", waitv(&res, 1, 10));
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    now.tv_sec += 1;
    REPORT("futex_waitv bad clock", syscall(SYS_futex_waitv, w, 1, 0, &now, 12345));
    REPORT("futex_waitv bad timeout nsec", syscall(SYS_futex_waitv, w, 1, 0, &(struct timespec){ 0, 2000000000 }, CLOCK_MONOTONIC));
    REPORT("futex_waitv bad flags arg", syscall(SYS_futex_waitv, w, 1, 1, &now, CLOCK_MONOTONIC));
    struct timespec rel = { 0, 20000000 };
    REPORT("futex FUTEX_WAIT relative timeout", syscall(SYS_futex, &f1, FUTEX_WAIT_PRIVATE, 0, &rel));
    REPORT("futex FUTEX_WAIT mismatch", syscall(SYS_futex, &f1, FUTEX_WAIT_PRIVATE, 1, &rel));
    struct timespec abs;
    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_nsec += 20000000;
    if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
    REPORT("futex WAIT_BITSET CLOCK_REALTIME abs", syscall(SYS_futex, &f1, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY));
    REPORT("futex WAIT_BITSET bitset 0", syscall(SYS_futex, &f1, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, 0));
    printf("futex WAKE nobody: %ld\n", syscall(SYS_futex, &f1, FUTEX_WAKE_PRIVATE, 10));
    return 0;
}
