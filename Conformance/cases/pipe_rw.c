// syscalls: pipe2 read write close dup dup2 dup3 fcntl poll ppoll readv writev
// expect: same
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/uio.h>
#include <sys/wait.h>

int main(void) {
    int p[2];
    MUST(pipe2(p, O_CLOEXEC));
    FACT("pipe2 O_CLOEXEC sets FD_CLOEXEC", fcntl(p[0], F_GETFD) == FD_CLOEXEC);
    printf("F_GETPIPE_SZ: %d\n", fcntl(p[0], F_GETPIPE_SZ));

    const char msg[] = "hello through a pipe";
    printf("write: %zd\n", write(p[1], msg, sizeof msg));
    struct pollfd pfd = { .fd = p[0], .events = POLLIN };
    int n = poll(&pfd, 1, 1000);
    printf("poll readable: %d revents=%s\n", n, pfd.revents == POLLIN ? "POLLIN" : "other");
    char buf[64] = {0};
    printf("read: %zd \"%s\"\n", read(p[0], buf, sizeof buf), buf);

    struct iovec out[2] = { { "abc", 3 }, { "defg", 4 } };
    printf("writev: %zd\n", writev(p[1], out, 2));
    char a[2], b[6] = {0};
    struct iovec in[2] = { { a, 2 }, { b, 5 } };
    ssize_t got = readv(p[0], in, 2);
    printf("readv: %zd %.2s|%s\n", got, a, b);

    MUST(fcntl(p[0], F_SETFL, O_NONBLOCK));
    REPORT("read empty nonblocking", read(p[0], buf, 1));
    struct timespec ts = { 0, 1000000 };
    pfd.revents = 0;
    printf("ppoll empty: %d\n", ppoll(&pfd, 1, &ts, NULL));

    int d = dup(p[1]);
    FACT("dup gives a new fd", d >= 0 && d != p[0] && d != p[1]);
    FACT("dup clears FD_CLOEXEC", fcntl(d, F_GETFD) == 0);
    REPORT("dup2 onto 100", dup2(p[1], 100));
    REPORT("dup3 O_CLOEXEC onto 101", dup3(p[1], 101, O_CLOEXEC));
    FACT("dup3 sets FD_CLOEXEC", fcntl(101, F_GETFD) == FD_CLOEXEC);
    REPORT("dup3 same fd", dup3(100, 100, 0));
    REPORT("dup2 bad fd", dup2(-1, 102));
    MUST(close(d)); MUST(close(100)); MUST(close(101));

    /* 1 MiB through a forked reader: exercises blocking and partial writes. */
    MUST(fcntl(p[0], F_SETFL, 0));
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        close(p[1]);
        long total = 0, n;
        char big[4096];
        while ((n = read(p[0], big, sizeof big)) > 0) total += n;
        _exit(total == (1 << 20) ? 0 : 1);
    }
    static char chunk[1 << 16];
    memset(chunk, 'x', sizeof chunk);
    long sent = 0;
    while (sent < (1 << 20)) {
        ssize_t n = write(p[1], chunk, sizeof chunk);
        if (n <= 0) break;
        sent += n;
    }
    MUST(close(p[1]));
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("1 MiB crossed the pipe", sent == (1 << 20) && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    printf("read after writer closed: %zd\n", read(p[0], buf, 1));
    MUST(close(p[0]));

    signal(SIGPIPE, SIG_IGN);
    MUST(pipe(p));
    MUST(close(p[0]));
    REPORT("write with no reader", write(p[1], "x", 1));
    REPORT("close twice", (close(p[1]), close(p[1])));
    return 0;
}
