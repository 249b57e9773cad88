// syscalls: poll ppoll select pselect6 epoll_wait epoll_pwait write accept4 futex flock fcntl rt_sigtimedwait rt_sigaction setitimer
// expect: same
/* Which blocking calls a handled signal interrupts with EINTR even under SA_RESTART (poll,
 * select, epoll_wait: never restarted), and which SA_RESTART resumes (write to a full pipe,
 * accept on a listening socket); a write to a full pipe interrupted without SA_RESTART is EINTR. */
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

static volatile sig_atomic_t handled;
static void on_sig(int s) { (void)s; handled++; }

static void arm(int flags) {
    struct sigaction sa = { .sa_handler = on_sig, .sa_flags = flags };
    MUST(sigaction(SIGALRM, &sa, NULL));
    handled = 0;
    struct itimerval it = { .it_value = { 0, 50000 } };
    MUST(setitimer(ITIMER_REAL, &it, NULL));
}

static void result(const char *label, long r) {
    printf("%s: %s, handler ran %d\n", label, r < 0 ? errname(errno) : "returned", handled);
}

static int full_pipe[2];
static void *drain(void *arg) {
    (void)arg;
    usleep(200000);
    char buf[4096];
    read(full_pipe[0], buf, sizeof buf);
    return NULL;
}
static char sock_path[108];
static void *connector(void *arg) {
    (void)arg;
    usleep(200000);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    strcpy(a.sun_path, sock_path);
    connect(s, (struct sockaddr *)&a, sizeof a);
    usleep(100000);
    close(s);
    return NULL;
}

static int fl_flags(int restart) { return restart ? SA_RESTART : 0; }

static void *waker(void *arg) {
    atomic_int *w = arg;
    usleep(200000);
    *w = 1;
    syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    return NULL;
}

int main(void) {
    int p[2];
    MUST(pipe(p));
    for (int restart = 0; restart <= 1; restart++) {
        int fl = restart ? SA_RESTART : 0;
        const char *tag = restart ? " (SA_RESTART)" : "";
        char label[96];
        struct pollfd pfd = { .fd = p[0], .events = POLLIN };
        arm(fl);
        snprintf(label, sizeof label, "poll%s", tag);
        result(label, poll(&pfd, 1, 5000));
        arm(fl);
        snprintf(label, sizeof label, "ppoll%s", tag);
        result(label, ppoll(&pfd, 1, &(struct timespec){ 5, 0 }, NULL));
        fd_set rs;
        FD_ZERO(&rs);
        FD_SET(p[0], &rs);
        arm(fl);
        snprintf(label, sizeof label, "select%s", tag);
        result(label, select(p[0] + 1, &rs, NULL, NULL, &(struct timeval){ 5, 0 }));
        FD_ZERO(&rs);
        FD_SET(p[0], &rs);
        arm(fl);
        snprintf(label, sizeof label, "pselect%s", tag);
        result(label, pselect(p[0] + 1, &rs, NULL, NULL, &(struct timespec){ 5, 0 }, NULL));
        int ep = epoll_create1(EPOLL_CLOEXEC);
        struct epoll_event ev = { .events = EPOLLIN }, out;
        epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
        arm(fl);
        snprintf(label, sizeof label, "epoll_wait%s", tag);
        result(label, epoll_wait(ep, &out, 1, 5000));
        close(ep);
        arm(fl);
        snprintf(label, sizeof label, "pause%s", tag);
        result(label, pause());

        /* write to a full pipe */
        MUST(pipe(full_pipe));
        MUST(fcntl(full_pipe[1], F_SETFL, O_NONBLOCK));
        char chunk[4096] = {0};
        while (write(full_pipe[1], chunk, sizeof chunk) > 0) {}
        MUST(fcntl(full_pipe[1], F_SETFL, 0));
        pthread_t t;
        if (restart) MUST(-(pthread_create(&t, NULL, drain, NULL) != 0));
        arm(fl);
        snprintf(label, sizeof label, "write to a full pipe%s", tag);
        long w = write(full_pipe[1], chunk, 1);
        result(label, w);
        if (restart) pthread_join(t, NULL);
        close(full_pipe[0]);
        close(full_pipe[1]);

        /* accept */
        snprintf(sock_path, sizeof sock_path, "/tmp/conf-sigpoll-%d", getpid());
        unlink(sock_path);
        int ls = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un a = { .sun_family = AF_UNIX };
        strcpy(a.sun_path, sock_path);
        MUST(bind(ls, (struct sockaddr *)&a, sizeof a));
        MUST(listen(ls, 1));
        if (restart) MUST(-(pthread_create(&t, NULL, connector, NULL) != 0));
        arm(fl);
        snprintf(label, sizeof label, "accept%s", tag);
        int c = accept(ls, NULL, NULL);
        result(label, c);
        if (c >= 0) close(c);
        if (restart) pthread_join(t, NULL);
        close(ls);
        unlink(sock_path);

        /* file locks held by a child: flock, F_SETLKW, F_OFD_SETLKW; the child lets go after 250 ms */
        const char *kinds[] = { "flock", "F_SETLKW", "F_OFD_SETLKW" };
        for (int k = 0; k < 3; k++) {
            char lp[] = "/tmp/conf-sigpoll-lock-XXXXXX";
            int lf = mkstemp(lp);
            MUST(lf);
            int ready[2];
            MUST(pipe(ready));
            pid_t holder = fork();
            MUST(holder);
            if (holder == 0) {
                int hf = open(lp, O_RDWR);
                struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
                if (k == 0) flock(hf, LOCK_EX);
                else fcntl(hf, k == 1 ? F_SETLKW : F_OFD_SETLKW, &fl);
                write(ready[1], "r", 1);
                usleep(250000);
                _exit(0);
            }
            char b;
            MUST(read(ready[0], &b, 1));
            int mine = open(lp, O_RDWR);
            struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
            arm(fl_flags(restart));
            long lr = k == 0 ? flock(mine, LOCK_EX) : fcntl(mine, k == 1 ? F_SETLKW : F_OFD_SETLKW, &fl);
            snprintf(label, sizeof label, "%s on a lock held by a child%s", kinds[k], tag);
            result(label, lr);
            waitpid(holder, NULL, 0);
            close(mine); close(lf); close(ready[0]); close(ready[1]);
            unlink(lp);
        }

        /* futex wait without timeout; sigtimedwait */
        static atomic_int word;
        word = 0;
        if (restart) MUST(-(pthread_create(&t, NULL, waker, &word) != 0));
        arm(fl);
        snprintf(label, sizeof label, "FUTEX_WAIT%s", tag);
        long fr;
        do fr = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0); while (fr == 0 && word == 0);
        result(label, fr);
        if (restart) pthread_join(t, NULL);
        sigset_t us;
        sigemptyset(&us);
        sigaddset(&us, SIGUSR2);
        sigprocmask(SIG_BLOCK, &us, NULL);
        arm(fl);
        snprintf(label, sizeof label, "sigtimedwait for another signal%s", tag);
        result(label, sigtimedwait(&us, NULL, &(struct timespec){ 5, 0 }));
        sigprocmask(SIG_UNBLOCK, &us, NULL);
    }
    return 0;
}
