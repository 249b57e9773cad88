// syscalls: socket bind listen connect accept4 getpeername setsockopt rt_sigaction tgkill clone futex poll
// expect: same
/* connect() to a named unix socket whose backlog is full blocks (a trapped call). A signal from
 * another thread: without SA_RESTART the connect fails with EINTR at once and leaves the socket
 * unconnected (no connection reaches the listener; a later connect succeeds); with SA_RESTART it
 * goes on waiting and connects exactly once when room appears; with a send timeout set
 * (SO_SNDTIMEO) it fails with EINTR even under SA_RESTART. Without a signal, the timeout ends it
 * with EAGAIN, and a non-blocking connect answers EAGAIN at once. */
#include "mt_util.h"
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>

static char dir[64];
static struct sockaddr_un addr;
static volatile sig_atomic_t handled;
static void on_sig(int s) { (void)s; handled++; }

struct job { pthread_t t; pid_t tid; int started, fd, result, err; };

static void *connector(void *arg) {
    struct job *j = arg;
    j->tid = (pid_t)syscall(SYS_gettid);
    __atomic_store_n(&j->started, 1, __ATOMIC_RELEASE);
    errno = 0;
    j->result = connect(j->fd, (struct sockaddr *)&addr, sizeof addr);
    j->err = errno;
    return NULL;
}

static void wait_blocked(struct job *j) { (void)wait_sleeping(&j->started, &j->tid); }

/* How many connections wait in the listener's queue (taken off it), looking for `ms` first. */
static int drain(int l, int ms) {
    int n = 0;
    struct pollfd p = { .fd = l, .events = POLLIN };
    while (poll(&p, 1, n ? 0 : ms) == 1) {
        int a = accept4(l, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (a < 0) break;
        close(a);
        n++;
    }
    return n;
}

static int is_connected(int fd) {
    struct sockaddr_un pa;
    socklen_t len = sizeof pa;
    return getpeername(fd, (struct sockaddr *)&pa, &len) == 0;
}

int main(void) {
    strcpy(dir, "/tmp/mt3-ucon-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    addr.sun_family = AF_UNIX;
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s/listener", dir);
    const char *modes[] = { "no SA_RESTART", "SA_RESTART", "SA_RESTART + SO_SNDTIMEO" };
    for (int mode = 0; mode < 3; mode++) {
        struct sigaction sa = { .sa_handler = on_sig, .sa_flags = mode ? SA_RESTART : 0 };
        MUST(sigaction(SIGUSR1, &sa, NULL));
        handled = 0;
        int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        MUST(l);
        MUST(bind(l, (struct sockaddr *)&addr, sizeof addr));
        MUST(listen(l, 0));
        int first = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        MUST(connect(first, (struct sockaddr *)&addr, sizeof addr));    /* the backlog is full now */
        struct job j = { .result = -2 };
        j.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        MUST(j.fd);
        if (mode == 2) {
            struct timeval tv = { .tv_sec = 30 };
            MUST(setsockopt(j.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
        }
        MUST(-(pthread_create(&j.t, NULL, connector, &j) != 0));
        wait_blocked(&j);
        pthread_kill(j.t, SIGUSR1);
        for (int i = 0; i < 3000 && !handled; i++) usleep(1000);
        int done = join_within(j.t, mode == 1 ? 300 : 3000) == 0;
        printf("%s: after the signal: %s, handler ran %d\n", modes[mode],
               !done ? "still waiting" : j.result == 0 ? "connected" : errname(j.err), handled);
        /* make room: take the first connection */
        int a = accept4(l, NULL, NULL, SOCK_CLOEXEC);
        if (a >= 0) close(a);
        if (!done) done = join_within(j.t, 5000) == 0;
        printf("%s: in the end: %s\n", modes[mode], !done ? "still waiting" : j.result == 0 ? "connected" : errname(j.err));
        int queued = drain(l, 300);
        printf("%s: connections that reached the listener afterwards: %d\n", modes[mode], queued);
        printf("%s: socket connected: %s\n", modes[mode], is_connected(j.fd) ? "yes" : "no");
        if (j.result != 0) {
            errno = 0;
            int r = connect(j.fd, (struct sockaddr *)&addr, sizeof addr);
            printf("%s: connecting again: %s\n", modes[mode], r == 0 ? "ok" : errname(errno));
            drain(l, 0);
        }
        close(first);
        close(l);          /* wakes anything still waiting on it */
        if (!done) pthread_join(j.t, NULL);
        close(j.fd);
        unlink(addr.sun_path);
    }

    /* no signal: the timeout, and a non-blocking attempt */
    int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    MUST(l);
    MUST(bind(l, (struct sockaddr *)&addr, sizeof addr));
    MUST(listen(l, 0));
    int first = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    MUST(connect(first, (struct sockaddr *)&addr, sizeof addr));
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct timeval tv = { .tv_usec = 100000 };
    MUST(setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
    REPORT("full backlog, SO_SNDTIMEO 100ms", connect(s, (struct sockaddr *)&addr, sizeof addr));
    int nb = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    REPORT("full backlog, non-blocking", connect(nb, (struct sockaddr *)&addr, sizeof addr));
    printf("connections queued besides the first: %d\n", drain(l, 300) - 1);
    close(nb); close(s); close(first); close(l);
    unlink(addr.sun_path);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
