// syscalls: read rt_sigaction setitimer tgkill pipe2 clone
// expect: same
/* A read blocked on an empty pipe is interrupted by a signal: without SA_RESTART it fails with
 * EINTR; with SA_RESTART it resumes and returns the data written later. Signals come from
 * SIGALRM (setitimer) and from another thread (pthread_kill). */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>

static volatile sig_atomic_t handled;
static void on_sig(int s) { (void)s; handled++; }
static int p[2];
static pthread_t main_thread;

static void *kicker(void *arg) {
    long write_after = (long)arg;
    usleep(50000);
    pthread_kill(main_thread, SIGUSR1);
    if (write_after) { usleep(50000); write(p[1], "late", 4); }
    return NULL;
}

static void try_read(const char *label, int sig, int flags, int use_thread) {
    struct sigaction sa = { .sa_handler = on_sig, .sa_flags = flags };
    MUST(sigaction(sig, &sa, NULL));
    handled = 0;
    pthread_t t;
    if (use_thread) {
        MUST(-(pthread_create(&t, NULL, kicker, (void *)(long)(flags & SA_RESTART)) != 0));
    } else {
        struct itimerval it = { .it_value = { 0, 50000 } };
        MUST(setitimer(ITIMER_REAL, &it, NULL));
        if (flags & SA_RESTART) {
            /* a second timer-less writer: a thread writes after the alarm */
            MUST(-(pthread_create(&t, NULL, kicker, (void *)1L) != 0));
            /* kicker also sends SIGUSR1: make it harmless */
            signal(SIGUSR1, SIG_IGN);
            use_thread = 1;
        }
    }
    char buf[16] = {0};
    errno = 0;
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    if (n < 0) printf("%s: %s, handler ran %d\n", label, errname(errno), handled);
    else printf("%s: read %zd \"%s\", handler ran %d\n", label, n, buf, handled);
    if (use_thread) pthread_join(t, NULL);
}

int main(void) {
    main_thread = pthread_self();
    MUST(pipe2(p, 0));
    try_read("SIGALRM no SA_RESTART", SIGALRM, 0, 0);
    try_read("SIGALRM SA_RESTART", SIGALRM, SA_RESTART, 0);
    try_read("thread SIGUSR1 no SA_RESTART", SIGUSR1, 0, 1);
    try_read("thread SIGUSR1 SA_RESTART", SIGUSR1, SA_RESTART, 1);
    /* an ignored signal does not interrupt at all */
    signal(SIGUSR2, SIG_IGN);
    fflush(stdout);
    pthread_t t;
    struct itimerval it = { .it_value = { 0, 30000 } };
    signal(SIGALRM, SIG_IGN);
    MUST(setitimer(ITIMER_REAL, &it, NULL));
    MUST(-(pthread_create(&t, NULL, kicker, (void *)1L) != 0));
    signal(SIGUSR1, SIG_IGN);
    char buf[8] = {0};
    ssize_t n = read(p[0], buf, 4);
    printf("ignored signals: read %zd \"%s\"\n", n, n > 0 ? buf : errname(errno));
    pthread_join(t, NULL);

    /* a child blocked in read is stopped and continued: without a handler the read goes on and
     * returns the data; with a SIGCONT handler (no SA_RESTART) it fails with EINTR */
    signal(SIGPIPE, SIG_IGN);
    for (int with_handler = 0; with_handler <= 1; with_handler++) {
        int q[2], ready[2];
        MUST(pipe(q));
        MUST(pipe(ready));
        pid_t c = fork();
        MUST(c);
        if (c == 0) {
            close(q[1]);
            signal(SIGUSR1, SIG_DFL);
            if (with_handler) { struct sigaction h = { .sa_handler = on_sig }; sigaction(SIGCONT, &h, NULL); }
            write(ready[1], "r", 1);
            char b[8];
            ssize_t r = read(q[0], b, sizeof b);
            _exit(r == 2 ? 0 : r < 0 && errno == EINTR ? 1 : 2);
        }
        close(q[0]);
        char b;
        MUST(read(ready[0], &b, 1));
        usleep(50000);
        MUST(kill(c, SIGSTOP));
        int ws;
        MUST(waitpid(c, &ws, WUNTRACED));
        MUST(kill(c, SIGCONT));
        usleep(50000);
        write(q[1], "ok", 2);
        MUST(waitpid(c, &ws, 0));
        printf("child read stopped+continued%s: %s\n", with_handler ? " (SIGCONT handler)" : "",
               WEXITSTATUS(ws) == 0 ? "read the data" : WEXITSTATUS(ws) == 1 ? "EINTR" : "other");
        close(q[1]); close(ready[0]); close(ready[1]);
    }
    return 0;
}
