// syscalls: signalfd signalfd4 rt_sigprocmask read poll kill tgkill rt_sigqueueinfo
// expect: same
/* signalfd: blocked signals become readable records; flags, errors, mask update, siginfo fields
 * (signo, code, pid, uid, int value), several signals at once, standard vs realtime queueing. */
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>

static int readable(int fd) {
    struct pollfd p = { .fd = fd, .events = POLLIN };
    return poll(&p, 1, 0) == 1;
}

int main(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGRTMIN);
    MUST(sigprocmask(SIG_BLOCK, &set, NULL));

    REPORT("signalfd bad flags", signalfd(-1, &set, 0x1));
    REPORT("signalfd4 bad sizemask", syscall(SYS_signalfd4, -1, &set, 4, 0));
    REPORT("signalfd on a pipe fd", signalfd(0, &set, 0));
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    MUST(fd);
    FACT("SFD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    FACT("SFD_NONBLOCK", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    struct signalfd_siginfo si;
    REPORT("read empty", read(fd, &si, sizeof si));
    REPORT("read short buffer", read(fd, &si, sizeof si - 1));
    FACT("not readable when empty", !readable(fd));

    MUST(kill(getpid(), SIGUSR1));
    FACT("readable after kill", readable(fd));
    ssize_t r = read(fd, &si, sizeof si);
    printf("read: %zd signo %s code %s pid-ok %s uid-ok %s\n", r, si.ssi_signo == SIGUSR1 ? "SIGUSR1" : "other",
           si.ssi_code == SI_USER ? "SI_USER" : "other", si.ssi_pid == (unsigned)getpid() ? "yes" : "no",
           si.ssi_uid == getuid() ? "yes" : "no");

    /* Standard signals coalesce, realtime ones queue. */
    kill(getpid(), SIGUSR2); kill(getpid(), SIGUSR2);
    union sigval val = { .sival_int = 1234 };
    MUST(sigqueue(getpid(), SIGRTMIN, val));
    val.sival_int = 5678;
    MUST(sigqueue(getpid(), SIGRTMIN, val));
    struct signalfd_siginfo many[8];
    r = read(fd, many, sizeof many);
    printf("read several: %zd records\n", r < 0 ? -1 : r / (ssize_t)sizeof si);
    for (int i = 0; r > 0 && i < r / (ssize_t)sizeof si; i++)
        printf("  record %d: %s code %s int %d\n", i,
               many[i].ssi_signo == SIGUSR2 ? "SIGUSR2" : many[i].ssi_signo == (unsigned)SIGRTMIN ? "SIGRTMIN" : "other",
               many[i].ssi_code == SI_USER ? "SI_USER" : many[i].ssi_code == SI_QUEUE ? "SI_QUEUE" : "other",
               many[i].ssi_code == SI_QUEUE ? many[i].ssi_int : 0);

    MUST(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1));
    r = read(fd, &si, sizeof si);
    printf("tgkill record: %zd code %s\n", r, si.ssi_code == SI_TKILL ? "SI_TKILL" : "other");

    /* Update the mask: only SIGUSR2 now. */
    sigset_t only2;
    sigemptyset(&only2);
    sigaddset(&only2, SIGUSR2);
    int same = signalfd(fd, &only2, 0);
    FACT("signalfd update returns the same fd", same == fd);
    kill(getpid(), SIGUSR1);
    FACT("SIGUSR1 no longer readable", !readable(fd));
    sigset_t pend;
    sigpending(&pend);
    FACT("SIGUSR1 still pending", sigismember(&pend, SIGUSR1));
    kill(getpid(), SIGUSR2);
    r = read(fd, &si, sizeof si);
    printf("after update: %zd %s\n", r, si.ssi_signo == SIGUSR2 ? "SIGUSR2" : "other");
    sigpending(&pend);
    FACT("SIGUSR2 consumed", !sigismember(&pend, SIGUSR2));

    /* SIGKILL/SIGSTOP in the mask are silently ignored. */
    sigset_t ks;
    sigemptyset(&ks);
    sigaddset(&ks, SIGKILL);
    sigaddset(&ks, SIGSTOP);
    int kfd = signalfd(-1, &ks, SFD_NONBLOCK);
    FACT("signalfd with SIGKILL|SIGSTOP accepted", kfd >= 0);

    /* A child signal delivered while we block in read. */
    int bfd = signalfd(-1, &only2, 0);
    pid_t c = fork();
    MUST(c);
    if (c == 0) { usleep(20000); kill(getppid(), SIGUSR2); _exit(0); }
    r = read(bfd, &si, sizeof si);
    printf("blocking read: %zd %s from child %s\n", r, si.ssi_signo == SIGUSR2 ? "SIGUSR2" : "other",
           si.ssi_pid == (unsigned)c ? "yes" : "no");
    return 0;
}
