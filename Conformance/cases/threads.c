// syscalls: clone clone3 futex set_robust_list gettid tgkill exit
// expect: same
#include "common.h"
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>

static long futex(atomic_int *addr, int op, int val, const struct timespec *ts) {
    return syscall(SYS_futex, addr, op, val, ts, NULL, 0);
}

static atomic_int counter, word, thread_tid;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t signalled_tid;

static void *add(void *arg) {
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return arg;
}

static void *waiter(void *arg) {
    (void)arg;
    thread_tid = syscall(SYS_gettid);
    while (word == 0) futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL);
    return (void *)(long)(thread_tid != getpid());
}

static void on_usr1(int sig) { (void)sig; signalled_tid = syscall(SYS_gettid); }

static void *sleeper(void *arg) {
    thread_tid = syscall(SYS_gettid);
    while (!signalled_tid) usleep(1000);
    return (void *)(long)(signalled_tid == thread_tid) + (long)arg;
}

int main(void) {
    pthread_t t[4];
    for (long i = 0; i < 4; i++) MUST(-(pthread_create(&t[i], NULL, add, (void *)i) != 0));
    long sum = 0;
    for (int i = 0; i < 4; i++) { void *r; pthread_join(t[i], &r); sum += (long)r; }
    printf("4 threads x 10000 locked increments: %d, joined values sum %ld\n", counter, sum);

    pthread_t w;
    MUST(-(pthread_create(&w, NULL, waiter, NULL) != 0));
    while (thread_tid == 0) usleep(1000);
    usleep(20000); /* let it reach FUTEX_WAIT */
    word = 1;
    long woke = futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL);
    void *r;
    pthread_join(w, &r);
    FACT("futex wake reached the waiter (woke 0 or 1)", woke == 0 || woke == 1);
    FACT("thread tid differs from pid", (long)r == 1);

    atomic_int v = 5;
    REPORT("FUTEX_WAIT with stale value", futex(&v, FUTEX_WAIT_PRIVATE, 4, NULL));
    REPORT("FUTEX_WAIT 10ms timeout", futex(&v, FUTEX_WAIT_PRIVATE, 5, &(struct timespec){ 0, 10000000 }));
    printf("FUTEX_WAKE nobody waiting: %ld\n", futex(&v, FUTEX_WAKE_PRIVATE, 1, NULL));
    REPORT("futex bad op", futex(&v, 99, 0, NULL));
    REPORT("futex NULL address", syscall(SYS_futex, NULL, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));

    /* tgkill a specific thread: the handler runs on that thread. */
    signal(SIGUSR1, on_usr1);
    thread_tid = 0;
    MUST(-(pthread_create(&w, NULL, sleeper, (void *)10) != 0));
    while (thread_tid == 0) usleep(1000);
    REPORT("tgkill thread", syscall(SYS_tgkill, getpid(), thread_tid, SIGUSR1));
    pthread_join(w, &r);
    printf("handler ran on the target thread: %s\n", (long)r == 11 ? "yes" : "no");
    REPORT("tgkill wrong tgid", syscall(SYS_tgkill, getpid(), 0x3fffffff, SIGUSR1));

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    printf("detached thread create: %s\n", errname(pthread_create(&w, &attr, add, NULL)));
    return 0;
}
