// syscalls: nanosleep clock_nanosleep rt_sigaction tgkill setitimer
// expect: same
/* nanosleep interrupted by a handled signal fails with EINTR and reports the remaining time,
 * whether or not SA_RESTART is set (sleeps are never restarted by the handler flag). A signal
 * that is ignored or blocked does not interrupt it. clock_nanosleep returns the errno. */
#include "common.h"
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

static volatile sig_atomic_t handled;
static void on_sig(int s) { (void)s; handled++; }
static pthread_t main_thread;

static void *kick(void *arg) {
    usleep(50000);
    pthread_kill(main_thread, (int)(long)arg);
    return NULL;
}

static double since(struct timespec *a) {
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a->tv_sec) + (b.tv_nsec - a->tv_nsec) / 1e9;
}

static void sleep_kicked(const char *label, int sig, int flags) {
    struct sigaction sa = { .sa_handler = on_sig, .sa_flags = flags };
    MUST(sigaction(sig, &sa, NULL));
    handled = 0;
    pthread_t t;
    MUST(-(pthread_create(&t, NULL, kick, (void *)(long)sig) != 0));
    struct timespec req = { 5, 0 }, rem = { 0, 0 }, start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    errno = 0;
    int r = nanosleep(&req, &rem);
    double took = since(&start);
    printf("%s: %s, handler ran %d, remaining in (3s,5s]: %s, returned early: %s\n", label,
           r ? errname(errno) : "ok", handled,
           (rem.tv_sec >= 3 && rem.tv_sec <= 5) ? "yes" : "no", took < 3 ? "yes" : "no");
    pthread_join(t, NULL);
}

int main(void) {
    main_thread = pthread_self();
    sleep_kicked("nanosleep, SIGUSR1", SIGUSR1, 0);
    sleep_kicked("nanosleep, SIGUSR1 SA_RESTART", SIGUSR1, SA_RESTART);

    /* an ignored signal does not interrupt */
    signal(SIGUSR2, SIG_IGN);
    pthread_t t;
    MUST(-(pthread_create(&t, NULL, kick, (void *)(long)SIGUSR2) != 0));
    struct timespec req = { 0, 200000000 }, start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int r = nanosleep(&req, NULL);
    printf("nanosleep, ignored SIGUSR2: %s, slept the full time: %s\n", r ? errname(errno) : "ok",
           since(&start) >= 0.19 ? "yes" : "no");
    pthread_join(t, NULL);

    /* a blocked signal does not interrupt and stays pending */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    MUST(sigprocmask(SIG_BLOCK, &set, NULL));
    handled = 0;
    MUST(-(pthread_create(&t, NULL, kick, (void *)(long)SIGUSR1) != 0));
    clock_gettime(CLOCK_MONOTONIC, &start);
    r = nanosleep(&req, NULL);
    printf("nanosleep, blocked SIGUSR1: %s, slept the full time: %s\n", r ? errname(errno) : "ok",
           since(&start) >= 0.19 ? "yes" : "no");
    pthread_join(t, NULL);
    sigset_t pend;
    sigpending(&pend);
    FACT("SIGUSR1 pending", sigismember(&pend, SIGUSR1));
    MUST(sigprocmask(SIG_UNBLOCK, &set, NULL));
    printf("handler ran after unblock: %d\n", handled);

    /* clock_nanosleep returns the error number instead of setting errno */
    struct sigaction sa = { .sa_handler = on_sig };
    MUST(sigaction(SIGALRM, &sa, NULL));
    struct itimerval it = { .it_value = { 0, 50000 } };
    MUST(setitimer(ITIMER_REAL, &it, NULL));
    struct timespec rem;
    r = clock_nanosleep(CLOCK_MONOTONIC, 0, &(struct timespec){ 5, 0 }, &rem);
    printf("clock_nanosleep relative, SIGALRM: %s\n", errname(r));
    MUST(setitimer(ITIMER_REAL, &it, NULL));
    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_sec += 5;
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
    printf("clock_nanosleep absolute, SIGALRM: %s\n", errname(r));
    /* a child stopped and continued in the middle of nanosleep: the sleep resumes transparently
     * (no handler) and still lasts its full time; with a SIGCONT handler it fails with EINTR */
    for (int with_handler = 0; with_handler <= 1; with_handler++) {
        int pp[2];
        MUST(pipe(pp));
        pid_t c = fork();
        MUST(c);
        if (c == 0) {
            if (with_handler) { struct sigaction h = { .sa_handler = on_sig }; sigaction(SIGCONT, &h, NULL); }
            struct timespec s0, rq = { 0, 300000000 }, rm = { 0, 0 };
            clock_gettime(CLOCK_MONOTONIC, &s0);
            write(pp[1], "s", 1);
            int rr = nanosleep(&rq, &rm);
            int code = (rr == 0 ? 0 : errno == EINTR ? 1 : 2) * 10 + (since(&s0) >= 0.299 ? 1 : 0);
            _exit(code);
        }
        char b;
        MUST(read(pp[0], &b, 1));
        usleep(50000);
        MUST(kill(c, SIGSTOP));
        int ws;
        MUST(waitpid(c, &ws, WUNTRACED));
        usleep(100000);
        MUST(kill(c, SIGCONT));
        MUST(waitpid(c, &ws, 0));
        int code = WEXITSTATUS(ws);
        printf("child nanosleep stopped+continued%s: %s, slept the full time: %s\n",
               with_handler ? " (SIGCONT handler)" : "", code / 10 == 0 ? "ok" : code / 10 == 1 ? "EINTR" : "other",
               code % 10 ? "yes" : "no");
        close(pp[0]); close(pp[1]);
    }
    printf("nanosleep negative: %s\n", nanosleep(&(struct timespec){ -1, 0 }, NULL) ? errname(errno) : "ok");
    printf("nanosleep nsec too large: %s\n", nanosleep(&(struct timespec){ 0, 1000000000 }, NULL) ? errname(errno) : "ok");
    return 0;
}
