// syscalls: set_tid_address get_robust_list set_robust_list gettid futex clone exit
// expect: same
#include "common.h"
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>

static volatile int clear_me = 1;
static int tid_seen;

static void *thr(void *arg) {
    (void)arg;
    tid_seen = syscall(SYS_gettid);
    /* This thread's clear_child_tid points at clear_me: the kernel zeroes it and wakes on exit. */
    syscall(SYS_set_tid_address, &clear_me);
    /* Re-register glibc's robust list to a private, empty one so exit does not walk glibc's. */
    static struct robust_list_head h;
    h.list.next = &h.list;
    h.futex_offset = 0;
    h.list_op_pending = NULL;
    syscall(SYS_set_robust_list, &h, sizeof h);
    syscall(SYS_exit, 0);
    return NULL;
}

/* set_tid_address returns the tid; get/set_robust_list round trip; CLEARTID on thread exit. */
int main(void) {
    long tid = syscall(SYS_gettid);
    int dummy;
    long r = syscall(SYS_set_tid_address, &dummy);
    FACT("set_tid_address returns gettid", r == tid);
    struct robust_list_head *head = NULL;
    size_t len = 0;
    REPORT("get_robust_list self", syscall(SYS_get_robust_list, 0, &head, &len));
    FACT("glibc registered a robust list", head != NULL);
    printf("robust list len: %zu\n", len);
    REPORT("get_robust_list own tid", syscall(SYS_get_robust_list, tid, &head, &len));
    REPORT("set_robust_list bad len", syscall(SYS_set_robust_list, head, len + 1));
    REPORT("set_robust_list same", syscall(SYS_set_robust_list, head, len));
    struct robust_list_head *h2 = NULL;
    syscall(SYS_get_robust_list, 0, &h2, &len);
    FACT("get returns what was set", h2 == head);
    REPORT("get_robust_list missing tid", syscall(SYS_get_robust_list, 0x3ffffff0, &h2, &len));
    REPORT("get_robust_list bad pointer", syscall(SYS_get_robust_list, 0, (void *)8, &len));

    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    MUST(pthread_create(&t, &a, thr, NULL) ? -1 : 0);
    struct timespec to = { 2, 0 };
    while (clear_me == 1) {
        if (syscall(SYS_futex, &clear_me, FUTEX_WAIT, 1, &to) == -1 && errno == ETIMEDOUT) break;
    }
    FACT("thread's clear_child_tid was zeroed on exit", clear_me == 0);
    FACT("thread tid differed from main", tid_seen != tid && tid_seen > 0);
    return 0;
}
