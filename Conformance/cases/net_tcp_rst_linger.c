// syscalls: socket bind listen getsockname connect accept setsockopt getsockopt close recvfrom sendto poll
// expect: same
// SO_LINGER {1, 0}: close sends a reset, and the peer's next read fails with ECONNRESET.
#include "net_util.h"
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    int c, s;
    char buf[16];
    pair(&c, &s);
    struct linger lg;
    socklen_t len = sizeof lg;
    MUST(getsockopt(c, SOL_SOCKET, SO_LINGER, &lg, &len));
    printf("default linger: onoff=%d linger=%d len=%u\n", lg.l_onoff, lg.l_linger, len);
    lg = (struct linger){1, 0};
    REPORT("set SO_LINGER {1,0}", setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
    len = sizeof lg;
    MUST(getsockopt(c, SOL_SOCKET, SO_LINGER, &lg, &len));
    printf("linger now: onoff=%d linger=%d\n", lg.l_onoff, lg.l_linger);
    REPORT("set SO_LINGER short", setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, 4));
    close(c);
    struct pollfd p = {.fd = s, .events = POLLIN | POLLRDHUP};
    int r = poll(&p, 1, 2000);
    printf("poll: %d in=%d err=%d hup=%d rdhup=%d\n", r, !!(p.revents & POLLIN), !!(p.revents & POLLERR),
           !!(p.revents & POLLHUP), !!(p.revents & POLLRDHUP));
    int err = 0;
    len = sizeof err;
    MUST(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len));
    printf("SO_ERROR: %s\n", errname(err));
    len = sizeof err;
    MUST(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len));
    printf("SO_ERROR again: %s\n", errname(err));
    close(s);

    // Again, reading the reset instead of SO_ERROR.
    pair(&c, &s);
    lg = (struct linger){1, 0};
    MUST(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
    send(s, "unread", 6, 0);
    close(s);
    p = (struct pollfd){.fd = c, .events = POLLIN};
    poll(&p, 1, 2000);
    ssize_t n = recv(c, buf, sizeof buf, 0);
    printf("recv after reset (data sent before it): %zd %s\n", n, n < 0 ? errname(errno) : "");
    n = recv(c, buf, sizeof buf, 0);
    printf("recv again: %zd %s\n", n, n < 0 ? errname(errno) : "");
    n = recv(c, buf, sizeof buf, 0);
    printf("recv then: %zd %s\n", n, n < 0 ? errname(errno) : "");
    n = send(c, "x", 1, 0);
    printf("send after reset: %s\n", n < 0 ? errname(errno) : "ok");
    close(c);

    // Unread data at close also resets the connection (no linger needed).
    pair(&c, &s);
    send(c, "never read", 10, 0);
    p = (struct pollfd){.fd = s, .events = POLLIN};
    poll(&p, 1, 2000);
    close(s);
    p = (struct pollfd){.fd = c, .events = POLLIN};
    poll(&p, 1, 2000);
    n = recv(c, buf, sizeof buf, 0);
    printf("recv after close with unread data: %s\n", n < 0 ? errname(errno) : "data");
    close(c);
    return 0;
}
