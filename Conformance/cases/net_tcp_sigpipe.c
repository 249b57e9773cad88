// syscalls: socket bind listen getsockname connect accept shutdown sendto sendmsg write rt_sigaction close
// expect: same
// Writing to a TCP socket that cannot send: EPIPE with SIGPIPE, unless MSG_NOSIGNAL or SIG_IGN.
#include "net_util.h"
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>

static volatile sig_atomic_t pipes;
static void on_pipe(int sig) { (void)sig; pipes++; }

#define TRY(label, expr) do {                                                     \
        int before = pipes;                                                       \
        errno = 0;                                                                \
        ssize_t r_ = (expr);                                                      \
        printf("%s: %s, SIGPIPE %d\n", label, r_ < 0 ? errname(errno) : "ok", pipes - before); \
    } while (0)

int main(void) {
    struct sigaction sa = {.sa_handler = on_pipe};
    MUST(sigaction(SIGPIPE, &sa, NULL));
    int c, s;
    pair(&c, &s);
    MUST(shutdown(c, SHUT_WR));
    TRY("send", send(c, "x", 1, 0));
    TRY("send MSG_NOSIGNAL", send(c, "x", 1, MSG_NOSIGNAL));
    TRY("write", write(c, "x", 1));
    TRY("sendto", sendto(c, "x", 1, 0, NULL, 0));
    struct iovec iov = {"x", 1};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
    TRY("sendmsg", sendmsg(c, &mh, 0));
    TRY("sendmsg MSG_NOSIGNAL", sendmsg(c, &mh, MSG_NOSIGNAL));
    signal(SIGPIPE, SIG_IGN);
    TRY("send with SIG_IGN", send(c, "x", 1, 0));
    MUST(sigaction(SIGPIPE, &sa, NULL));
    close(c);
    close(s);

    // Unconnected stream socket: ENOTCONN? or EPIPE, and is a signal raised?
    int u = socket(AF_INET, SOCK_STREAM, 0);
    TRY("send unconnected", send(u, "x", 1, 0));
    TRY("write unconnected", write(u, "x", 1));
    close(u);

    // Peer gone with a reset: first the reset error, then EPIPE.
    pair(&c, &s);
    struct linger lg = {1, 0};
    MUST(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
    close(s);
    usleep(100000);
    TRY("send after peer reset", send(c, "x", 1, MSG_NOSIGNAL));
    TRY("send after that", send(c, "x", 1, 0));
    TRY("send MSG_NOSIGNAL after that", send(c, "x", 1, MSG_NOSIGNAL));
    // Default action kills a child.
    return 0;
}
