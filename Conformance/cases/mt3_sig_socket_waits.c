// syscalls: socket bind listen connect accept accept4 recvfrom recvmsg setsockopt rt_sigaction tgkill clone futex
// expect: same
/* Threads blocked in accept, accept4, recv and recvmsg on AF_UNIX sockets (named with trapped
 * bind/connect) are interrupted by a signal from another thread: without SA_RESTART they fail with
 * EINTR; with SA_RESTART they resume and complete when the peer acts; with SA_RESTART but a
 * receive timeout set (SO_RCVTIMEO) they fail with EINTR anyway, as socket calls with a timeout
 * are never restarted. */
#include "mt_util.h"
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>

static char dir[64];
static volatile sig_atomic_t handled;
static void on_sig(int s) { (void)s; handled++; }

struct job { pthread_t t; pid_t tid; int started, kind, fd; long result; int err; };

static void *blocker(void *arg) {
    struct job *j = arg;
    j->tid = (pid_t)syscall(SYS_gettid);
    __atomic_store_n(&j->started, 1, __ATOMIC_RELEASE);
    char b[8];
    errno = 0;
    switch (j->kind) {
    case 0: j->result = accept(j->fd, NULL, NULL); break;
    case 1: j->result = accept4(j->fd, NULL, NULL, SOCK_CLOEXEC); break;
    case 2: j->result = recv(j->fd, b, sizeof b, 0); break;
    default: {
        struct iovec io = { b, sizeof b };
        struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1 };
        j->result = recvmsg(j->fd, &m, 0);
    }
    }
    j->err = errno;
    return NULL;
}

static void wait_blocked(struct job *j) { (void)wait_sleeping(&j->started, &j->tid); }

static int named(struct sockaddr_un *a, const char *name) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    snprintf(a->sun_path, sizeof a->sun_path, "%s/%s", dir, name);
    return sizeof *a;
}

int main(void) {
    strcpy(dir, "/tmp/mt3-sock-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    const char *calls[] = { "accept", "accept4", "recv", "recvmsg" };
    const char *modes[] = { "no SA_RESTART", "SA_RESTART", "SA_RESTART + SO_RCVTIMEO" };
    int serial = 0;
    for (int kind = 0; kind < 4; kind++) {
        for (int mode = 0; mode < 3; mode++) {
            struct sigaction sa = { .sa_handler = on_sig, .sa_flags = mode ? SA_RESTART : 0 };
            MUST(sigaction(SIGUSR2, &sa, NULL));
            handled = 0;
            char name[16];
            snprintf(name, sizeof name, "s%d", serial++);
            struct sockaddr_un a;
            socklen_t len = named(&a, name);
            int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            MUST(l);
            MUST(bind(l, (struct sockaddr *)&a, len));
            MUST(listen(l, 4));
            int c = -1, s = -1;
            struct job j = { .kind = kind, .result = -2 };
            if (kind < 2) j.fd = l;
            else {
                c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
                MUST(connect(c, (struct sockaddr *)&a, len));
                s = accept4(l, NULL, NULL, SOCK_CLOEXEC);
                MUST(s);
                j.fd = s;
            }
            if (mode == 2) {
                struct timeval tv = { .tv_sec = 30 };
                MUST(setsockopt(j.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
            }
            MUST(-(pthread_create(&j.t, NULL, blocker, &j) != 0));
            wait_blocked(&j);
            pthread_kill(j.t, SIGUSR2);
            /* with SA_RESTART the call goes on: the peer acts once the handler has run */
            for (int i = 0; i < 5000 && !handled; i++) usleep(1000);
            int done = join_within(j.t, mode == 1 ? 200 : 5000) == 0;
            const char *before = done ? (j.result >= 0 ? "completed" : errname(j.err)) : "still waiting";
            int peer = -1;
            if (kind < 2) {
                peer = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
                connect(peer, (struct sockaddr *)&a, len);
            } else write(c, "hi", 2);
            if (!done) pthread_join(j.t, NULL);
            printf("%-8s %-25s after the signal: %-13s handler %d, in the end: %s\n", calls[kind], modes[mode], before,
                   handled, j.result >= 0 ? "completed" : errname(j.err));
            if (kind < 2 && j.result >= 0) close((int)j.result);
            if (peer >= 0) close(peer);
            if (c >= 0) close(c);
            if (s >= 0) close(s);
            close(l);
            unlink(a.sun_path);
        }
    }
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
