// syscalls: rt_sigaction rt_sigreturn openat read close getpid write wait4 clone setitimer tgkill
// expect: same
/* Handlers that themselves make system calls, run while the interrupted thread is inside a
 * blocking call: the handler's open/read/write/fork/wait work, errno is preserved for the
 * interrupted code when the handler saves it, and the outer call then restarts (SA_RESTART) or
 * fails with EINTR. Also a handler interrupted by a second signal (nesting with SA_NODEFER). */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

static volatile sig_atomic_t h_open_ok, h_fork_status = -1, h_depth, h_maxdepth, h_count;
static int pipefd[2];

static void busy_handler(int sig) {
    (void)sig;
    int saved = errno;
    h_count++;
    int fd = open("/proc/self/status", O_RDONLY);
    char buf[64];
    if (fd >= 0 && read(fd, buf, sizeof buf) > 0) h_open_ok = 1;
    if (fd >= 0) close(fd);
    pid_t c = fork();
    if (c == 0) _exit(33);
    int st;
    if (c > 0 && waitpid(c, &st, 0) == c) h_fork_status = WEXITSTATUS(st);
    errno = saved;
}

static volatile sig_atomic_t h_calls;
static void nesting(int sig) {
    h_depth++;
    h_calls++;
    if (h_depth > h_maxdepth) h_maxdepth = h_depth;
    if (h_calls < 3) raise(sig);
    h_depth--;
}

static int set_ign(void *arg) {
    (void)arg;
    struct sigaction ig = { .sa_handler = SIG_IGN };
    syscall(SYS_rt_sigaction, SIGURG, &ig, NULL, 8);
    return 0;
}

static void *late_write(void *arg) {
    (void)arg;
    usleep(200000);
    write(pipefd[1], "z", 1);
    return NULL;
}

int main(void) {
    MUST(pipe(pipefd));
    struct sigaction sa = { .sa_handler = busy_handler };
    MUST(sigaction(SIGALRM, &sa, NULL));
    struct itimerval it = { .it_value = { 0, 50000 } };
    MUST(setitimer(ITIMER_REAL, &it, NULL));
    char c;
    errno = 0;
    ssize_t n = read(pipefd[0], &c, 1);
    printf("read, busy handler, no SA_RESTART: %s\n", n < 0 ? errname(errno) : "returned");
    printf("  handler: ran %d, open+read ok %d, fork+wait exit %d\n", h_count, h_open_ok, h_fork_status);

    h_count = 0; h_open_ok = 0; h_fork_status = -1;
    sa.sa_flags = SA_RESTART;
    MUST(sigaction(SIGALRM, &sa, NULL));
    pthread_t t;
    MUST(-(pthread_create(&t, NULL, late_write, NULL) != 0));
    MUST(setitimer(ITIMER_REAL, &it, NULL));
    n = read(pipefd[0], &c, 1);
    printf("read, busy handler, SA_RESTART: %s %c\n", n < 0 ? errname(errno) : "returned", n > 0 ? c : '-');
    printf("  handler: ran %d, open+read ok %d, fork+wait exit %d\n", h_count, h_open_ok, h_fork_status);
    pthread_join(t, NULL);

    /* handler runs while waitpid blocks on another child: the handler's own fork+wait must not
     * steal the outer child's status */
    h_count = 0; h_fork_status = -1;
    pid_t outer = fork();
    MUST(outer);
    if (outer == 0) { usleep(200000); _exit(44); }
    MUST(setitimer(ITIMER_REAL, &it, NULL));
    int st;
    pid_t r = waitpid(outer, &st, 0);
    printf("waitpid(outer), busy handler, SA_RESTART: %s exit %d\n", r == outer ? "outer child" : errname(errno),
           r == outer ? WEXITSTATUS(st) : -1);
    printf("  handler: ran %d, fork+wait exit %d\n", h_count, h_fork_status);

    /* nesting: SA_NODEFER lets the handler be re-entered; without it the raise stays pending */
    struct sigaction ns = { .sa_handler = nesting, .sa_flags = SA_NODEFER };
    MUST(sigaction(SIGUSR1, &ns, NULL));
    h_maxdepth = 0; h_calls = 0;
    raise(SIGUSR1);
    printf("SA_NODEFER: calls %d, nesting depth %d\n", h_calls, h_maxdepth);
    ns.sa_flags = 0;
    MUST(sigaction(SIGUSR1, &ns, NULL));
    h_maxdepth = 0; h_calls = 0;
    raise(SIGUSR1);
    printf("deferred: calls %d, nesting depth %d\n", h_calls, h_maxdepth);
    /* SA_RESETHAND: the disposition is back to SIG_DFL after one delivery */
    ns.sa_flags = SA_RESETHAND;
    MUST(sigaction(SIGUSR2, &ns, NULL));
    raise(SIGUSR2);
    struct sigaction now;
    sigaction(SIGUSR2, NULL, &now);
    FACT("SA_RESETHAND reset the handler to SIG_DFL", now.sa_handler == SIG_DFL);

    /* dispositions are shared with a clone(CLONE_VM|CLONE_SIGHAND) child, copied for a plain
     * CLONE_VM child */
    static char stack[64 * 1024];
    signal(SIGURG, SIG_DFL);
    pid_t k = clone(set_ign, stack + sizeof stack, CLONE_VM | CLONE_SIGHAND | SIGCHLD, NULL);
    MUST(k);
    MUST(waitpid(k, &st, 0));
    sigaction(SIGURG, NULL, &now);
    FACT("CLONE_SIGHAND child's sigaction seen by the parent", now.sa_handler == SIG_IGN);
    signal(SIGURG, SIG_DFL);
    k = clone(set_ign, stack + sizeof stack, CLONE_VM | SIGCHLD, NULL);
    MUST(k);
    MUST(waitpid(k, &st, 0));
    sigaction(SIGURG, NULL, &now);
    FACT("plain CLONE_VM child's sigaction seen by the parent", now.sa_handler == SIG_IGN);
    REPORT("clone CLONE_SIGHAND without CLONE_VM", clone(set_ign, stack + sizeof stack, CLONE_SIGHAND | SIGCHLD, NULL));
    return 0;
}
