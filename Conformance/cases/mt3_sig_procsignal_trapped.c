// syscalls: openat mknodat connect socket bind listen rt_sigaction rt_sigprocmask kill clone futex unlinkat
// expect: same
/* A process-directed signal (kill to the whole process) when the only thread that does not block
 * it is a non-main thread waiting in a trapped call: the kernel delivers it to that thread, which
 * interrupts the call (EINTR without SA_RESTART). Tried with a blocking FIFO open and with a
 * connect to a unix socket whose backlog is full; the main thread blocks the signal. Also a
 * thread-directed signal at the same calls, for comparison. */
#include "mt_util.h"
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>

static char dir[64], fifo[96], sockpath[96];
static volatile sig_atomic_t handled;
static void on_sig(int s) { (void)s; handled++; }
static struct sockaddr_un addr;

struct waiter { pthread_t t; pid_t tid; int kind, result, err, started; int sock; };

static void *wait_in_call(void *arg) {
    struct waiter *w = arg;
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    w->tid = (pid_t)syscall(SYS_gettid);
    __atomic_store_n(&w->started, 1, __ATOMIC_RELEASE);
    errno = 0;
    if (w->kind == 0) w->result = open(fifo, O_RDONLY | O_CLOEXEC);
    else w->result = connect(w->sock, (struct sockaddr *)&addr, sizeof addr);
    w->err = errno;
    return NULL;
}

static void wait_blocked(struct waiter *w) { (void)wait_sleeping(&w->started, &w->tid); }

static void attempt(int kind, int process_directed) {
    const char *call = kind == 0 ? "FIFO open" : "unix connect (full backlog)";
    const char *how = process_directed ? "kill(getpid())" : "pthread_kill";
    handled = 0;
    int listener = -1, first = -1;
    struct waiter w = { .kind = kind, .result = -2, .sock = -1 };
    if (kind == 1) {
        listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        MUST(listener);
        MUST(bind(listener, (struct sockaddr *)&addr, sizeof addr));
        MUST(listen(listener, 0));
        first = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        MUST(connect(first, (struct sockaddr *)&addr, sizeof addr));   /* fills the backlog */
        w.sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        MUST(w.sock);
    }
    MUST(-(pthread_create(&w.t, NULL, wait_in_call, &w) != 0));
    wait_blocked(&w);
    if (process_directed) kill(getpid(), SIGUSR1);
    else pthread_kill(w.t, SIGUSR1);
    int done = join_within(w.t, 3000) == 0;
    printf("%s, %s: %s, handler ran %d\n", call, how,
           !done ? "still blocked" : w.result >= 0 ? "completed" : errname(w.err), handled);
    /* let it finish if it still waits */
    int peer = -1;
    if (kind == 0) {
        peer = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        printf("%s, %s: a reader is still waiting: %s\n", call, how, peer >= 0 ? "yes" : "no");
    } else {
        int acc = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (acc >= 0) close(acc);
    }
    if (!done) pthread_join(w.t, NULL);
    if (kind == 1) {
        struct sockaddr_un pa;
        socklen_t len = sizeof pa;
        /* after EINTR the socket is not connected (the attempt is over) */
        int connected = getpeername(w.sock, (struct sockaddr *)&pa, &len) == 0;
        printf("%s, %s: the socket is connected afterwards: %s\n", call, how, connected ? "yes" : "no");
        close(w.sock); close(first); close(listener);
        unlink(sockpath);
    }
    if (peer >= 0) close(peer);
    if (kind == 0 && w.result >= 0) close(w.result);
}

int main(void) {
    strcpy(dir, "/tmp/mt3-psig-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    snprintf(fifo, sizeof fifo, "%s/f", dir);
    snprintf(sockpath, sizeof sockpath, "%s/s", dir);
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, sockpath);
    MUST(mkfifo(fifo, 0600));
    struct sigaction sa = { .sa_handler = on_sig };
    MUST(sigaction(SIGUSR1, &sa, NULL));
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    MUST(-(pthread_sigmask(SIG_BLOCK, &usr1, NULL) != 0));   /* the main thread never takes it */
    for (int kind = 0; kind <= 1; kind++) {
        attempt(kind, 0);
        attempt(kind, 1);
    }
    sigset_t pending;
    sigpending(&pending);
    printf("SIGUSR1 left pending for the main thread: %s\n", sigismember(&pending, SIGUSR1) ? "yes" : "no");
    unlink(fifo);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
