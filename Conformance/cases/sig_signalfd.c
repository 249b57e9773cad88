// syscalls: signalfd4 signalfd read poll rt_sigprocmask rt_sigtimedwait kill tgkill clone
// expect: same
/* signalfd: blocked signals are read as struct signalfd_siginfo records; the fd polls readable
 * while one is pending; a nonblocking read with nothing pending is EAGAIN; the mask can be
 * changed in place; a signal from a child and one from another thread both arrive. */
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static const char *code(int c) {
    switch (c) {
    case SI_USER: return "SI_USER";
    case SI_TKILL: return "SI_TKILL";
    case SI_QUEUE: return "SI_QUEUE";
    case CLD_EXITED: return "CLD_EXITED";
    default: return "other";
    }
}

static int fd;
static void show(const char *label) {
    struct signalfd_siginfo si;
    ssize_t n = read(fd, &si, sizeof si);
    if (n != sizeof si) { printf("%s: %s\n", label, n < 0 ? errname(errno) : "short"); return; }
    printf("%s: %s code=%s", label, sigabbrev_np(si.ssi_signo), code(si.ssi_code));
    if (si.ssi_code == SI_QUEUE) printf(" value=%d", si.ssi_int);
    if (si.ssi_signo == SIGCHLD) printf(" status=%d", si.ssi_status);
    printf(" pid is %s\n", si.ssi_pid == (unsigned)getpid() ? "self" : "other");
}

static void *thread_kill(void *arg) { (void)arg; kill(getpid(), SIGUSR2); return NULL; }

int main(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGCHLD);
    MUST(sigprocmask(SIG_BLOCK, &set, NULL));
    sigset_t only1;
    sigemptyset(&only1);
    sigaddset(&only1, SIGUSR1);
    fd = signalfd(-1, &only1, SFD_NONBLOCK | SFD_CLOEXEC);
    MUST(fd);
    FACT("SFD_CLOEXEC sets FD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    FACT("SFD_NONBLOCK sets O_NONBLOCK", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    show("read with nothing pending");
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    printf("poll with nothing pending: %d\n", poll(&pfd, 1, 0));

    MUST(kill(getpid(), SIGUSR1));
    int pn = poll(&pfd, 1, 1000);
    printf("poll after kill: %d revents=%s\n", pn, pfd.revents == POLLIN ? "POLLIN" : "other");
    show("read");
    MUST(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1));
    show("read tgkill");
    MUST(sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 42 }));
    show("read sigqueue");

    /* SIGUSR2 is not in the fd's mask: not readable, still pending */
    MUST(kill(getpid(), SIGUSR2));
    show("read SIGUSR2 not in the mask");
    /* change the mask in place */
    MUST(signalfd(fd, &set, 0) == fd ? 0 : -1);
    show("read after adding SIGUSR2");

    pthread_t t;
    MUST(-(pthread_create(&t, NULL, thread_kill, NULL) != 0));
    pthread_join(t, NULL);
    show("read signal sent by another thread");

    pid_t c = fork();
    MUST(c);
    if (c == 0) _exit(3);
    pfd.revents = 0;
    poll(&pfd, 1, 5000);
    show("read child exit");
    waitpid(c, NULL, 0);

    /* two records in one read */
    MUST(kill(getpid(), SIGUSR1));
    MUST(kill(getpid(), SIGUSR2));
    struct signalfd_siginfo two[2];
    printf("read two records: %zd bytes = %zd records\n", read(fd, two, sizeof two),
           sizeof two / sizeof two[0]);
    /* a signalfd reads the signals of the process that reads it: after fork, the child sees
     * its own pending signals through the inherited fd, not the parent's */
    MUST(kill(getpid(), SIGUSR1));
    fflush(stdout);
    c = fork();
    MUST(c);
    if (c == 0) {
        struct signalfd_siginfo ci;
        int first = read(fd, &ci, sizeof ci) < 0 && errno == EAGAIN; /* parent's pending not inherited */
        raise(SIGUSR2);
        int second = read(fd, &ci, sizeof ci) == sizeof ci && ci.ssi_signo == SIGUSR2;
        _exit(first + 2 * second);
    }
    int cst;
    MUST(waitpid(c, &cst, 0));
    printf("child: parent's pending invisible %s, own signal readable %s\n",
           WEXITSTATUS(cst) & 1 ? "yes" : "no", WEXITSTATUS(cst) & 2 ? "yes" : "no");
    show("parent still has its SIGUSR1");
    show("then the fork child's SIGCHLD");
    /* in epoll */
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN }, out;
    MUST(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    printf("epoll_wait nothing pending: %d\n", epoll_wait(ep, &out, 1, 0));
    MUST(kill(getpid(), SIGUSR2));
    printf("epoll_wait after kill: %d\n", epoll_wait(ep, &out, 1, 1000));
    show("read after epoll");
    close(ep);
    REPORT("read with a short buffer", read(fd, two, 10));
    REPORT("signalfd bad flags", signalfd(-1, &set, 0x1234));
    REPORT("signalfd on a non-signalfd fd", signalfd(0, &set, 0));
    REPORT("signalfd4 wrong mask size", syscall(SYS_signalfd4, -1, &set, 4, 0));
    return 0;
}
