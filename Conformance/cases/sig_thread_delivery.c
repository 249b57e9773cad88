// syscalls: kill tgkill rt_sigprocmask rt_sigtimedwait rt_sigsuspend clone futex
// expect: same
/* Signal masks are per thread: a process-directed signal goes to a thread that does not block
 * it; a thread-directed one stays pending on its target while blocked there (and is not seen by
 * other threads); sigwait in one thread takes a signal sent by kill(); sigsuspend in main is
 * woken by a signal from another thread. */
#include "common.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>

static atomic_long handler_tid;
static volatile sig_atomic_t hits;
static void on_sig(int s) { (void)s; handler_tid = syscall(SYS_gettid); hits++; }

static atomic_long worker_tid;
static atomic_int go;

static void *unblocked_worker(void *arg) {
    (void)arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    worker_tid = syscall(SYS_gettid);
    while (!go) usleep(1000);
    return NULL;
}

static void *waiter(void *arg) {
    (void)arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    int sig = 0;
    worker_tid = syscall(SYS_gettid);
    int r = sigwait(&s, &sig);
    return (void *)(long)(r == 0 && sig == SIGUSR2);
}

static pthread_t main_thread;
static void *poke(void *arg) { (void)arg; usleep(50000); pthread_kill(main_thread, SIGUSR1); return NULL; }

int main(void) {
    main_thread = pthread_self();
    struct sigaction sa = { .sa_handler = on_sig };
    MUST(sigaction(SIGUSR1, &sa, NULL));
    sigset_t s1;
    sigemptyset(&s1);
    sigaddset(&s1, SIGUSR1);
    /* main blocks SIGUSR1; the worker unblocks it: kill() must run the handler on the worker */
    MUST(pthread_sigmask(SIG_BLOCK, &s1, NULL));
    pthread_t t;
    MUST(-(pthread_create(&t, NULL, unblocked_worker, NULL) != 0));
    while (!worker_tid) usleep(1000);
    MUST(kill(getpid(), SIGUSR1));
    for (int i = 0; i < 200 && !hits; i++) usleep(5000);
    printf("process signal handled: %d, on the unblocking thread: %s\n", hits,
           handler_tid == worker_tid ? "yes" : "no");
    sigset_t pend;
    sigpending(&pend);
    FACT("nothing left pending in main", !sigismember(&pend, SIGUSR1));

    /* thread-directed to main while main blocks it: pending for main only */
    hits = 0;
    MUST(syscall(SYS_tgkill, getpid(), getpid(), SIGUSR1));
    usleep(50000);
    printf("tgkill to blocked main: handled %d\n", hits);
    sigpending(&pend);
    FACT("pending in main", sigismember(&pend, SIGUSR1));
    go = 1;
    pthread_join(t, NULL);
    MUST(pthread_sigmask(SIG_UNBLOCK, &s1, NULL));
    printf("after main unblocks: handled %d, in main: %s\n", hits, handler_tid == getpid() ? "yes" : "no");

    /* sigwait in a thread with SIGUSR2 blocked everywhere */
    sigset_t s2;
    sigemptyset(&s2);
    sigaddset(&s2, SIGUSR2);
    MUST(pthread_sigmask(SIG_BLOCK, &s2, NULL));
    worker_tid = 0;
    MUST(-(pthread_create(&t, NULL, waiter, NULL) != 0));
    while (!worker_tid) usleep(1000);
    usleep(20000);
    MUST(kill(getpid(), SIGUSR2));
    void *r;
    pthread_join(t, &r);
    printf("sigwait in a thread took kill()'s SIGUSR2: %s\n", r ? "yes" : "no");

    /* sigsuspend in main woken by another thread's pthread_kill */
    MUST(pthread_sigmask(SIG_BLOCK, &s1, NULL));
    hits = 0;
    MUST(-(pthread_create(&t, NULL, poke, NULL) != 0));
    sigset_t empty;
    sigemptyset(&empty);
    errno = 0;
    int sr = sigsuspend(&empty);
    printf("sigsuspend: %d %s, handled %d\n", sr, errname(errno), hits);
    pthread_join(t, NULL);
    sigset_t now;
    pthread_sigmask(SIG_BLOCK, NULL, &now);
    FACT("mask restored after sigsuspend", sigismember(&now, SIGUSR1) && sigismember(&now, SIGUSR2));
    return 0;
}
