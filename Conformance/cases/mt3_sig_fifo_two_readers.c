// syscalls: openat mknodat rt_sigaction tgkill clone futex read write unlinkat
// expect: same
/* Two threads block in open() of the same FIFO for reading (a trapped call). A signal for one of
 * them interrupts only that one: without SA_RESTART its open fails with EINTR, with SA_RESTART it
 * goes on waiting; either way the other thread's open keeps waiting until a writer comes, and
 * then the writer's data reaches it. A blocked opener sleeps interruptibly (state S). */
#include "mt_util.h"
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

static char dir[64], fifo[96];
static volatile sig_atomic_t handled;
static void on_sig(int s) { (void)s; handled++; }

struct opener { pthread_t t; pid_t tid; int fd, err; int started; };

static void *open_it(void *arg) {
    struct opener *o = arg;
    o->tid = (pid_t)syscall(SYS_gettid);
    __atomic_store_n(&o->started, 1, __ATOMIC_RELEASE);
    errno = 0;
    o->fd = open(fifo, O_RDONLY | O_CLOEXEC);
    o->err = errno;
    return NULL;
}

static char wait_blocked(struct opener *o) { return wait_sleeping(&o->started, &o->tid); }

static void round_with(int restart) {
    const char *mode = restart ? "SA_RESTART" : "no SA_RESTART";
    struct sigaction sa = { .sa_handler = on_sig, .sa_flags = restart ? SA_RESTART : 0 };
    MUST(sigaction(SIGUSR1, &sa, NULL));
    handled = 0;
    struct opener a = { .fd = -1 }, b = { .fd = -1 };
    MUST(-(pthread_create(&a.t, NULL, open_it, &a) != 0));
    MUST(-(pthread_create(&b.t, NULL, open_it, &b) != 0));
    char sa_state = wait_blocked(&a), sb_state = wait_blocked(&b);
    printf("%s: both openers blocked, states %c %c\n", mode, sa_state, sb_state);
    pthread_kill(a.t, SIGUSR1);
    int a_done = 0;
    if (!restart) {
        a_done = join_within(a.t, 5000) == 0;
        printf("%s: signalled opener: %s, handler ran %d\n", mode,
               !a_done ? "still blocked" : a.fd >= 0 ? "opened" : errname(a.err), handled);
    } else {
        /* the handler runs, then the open waits on */
        for (int i = 0; i < 5000 && !handled; i++) usleep(1000);
        printf("%s: handler ran %d\n", mode, handled);
        a_done = join_within(a.t, 300) == 0;
        printf("%s: signalled opener after its handler: %s\n", mode,
               a_done ? (a.fd >= 0 ? "opened" : errname(a.err)) : "still blocked");
    }
    int b_done = join_within(b.t, 500) == 0;
    printf("%s: the other opener: %s\n", mode, b_done ? (b.fd >= 0 ? "opened without a writer" : errname(b.err)) : "still blocked");
    /* a writer comes */
    int w = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    printf("%s: non-blocking writer: %s\n", mode, w >= 0 ? "opened" : errname(errno));
    if (w >= 0) write(w, "xy", 2);
    if (!b_done) pthread_join(b.t, NULL);
    if (!a_done) pthread_join(a.t, NULL);
    char c = 0;
    ssize_t n = b.fd >= 0 ? read(b.fd, &c, 1) : -1;
    printf("%s: the other opener reads: %s%c\n", mode, n == 1 ? "" : "nothing", n == 1 ? c : ' ');
    if (restart) {
        n = a.fd >= 0 ? read(a.fd, &c, 1) : -1;
        printf("%s: the restarted opener: %s, reads %s%c\n", mode, a.fd >= 0 ? "opened" : errname(a.err),
               n == 1 ? "" : "nothing", n == 1 ? c : ' ');
    }
    if (a.fd >= 0) close(a.fd);
    if (b.fd >= 0) close(b.fd);
    if (w >= 0) close(w);
}

int main(void) {
    strcpy(dir, "/tmp/mt3-fifo2-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    snprintf(fifo, sizeof fifo, "%s/f", dir);
    MUST(mkfifo(fifo, 0600));
    round_with(0);
    round_with(1);
    REPORT("O_WRONLY|O_NONBLOCK with no reader left", open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC));
    unlink(fifo);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
