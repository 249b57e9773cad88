// syscalls: socket bind listen getsockname connect accept shutdown poll ppoll select pselect6 epoll_create1 epoll_ctl epoll_wait close
// expect: same
// Readiness on a TCP socket as the peer goes away: POLLRDHUP after the peer's SHUT_WR, POLLHUP
// once both directions are shut, select() readable at end-of-file, and epoll's view of the same.
#include "net_util.h"
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>

static void show(const char *label, int fd, int timeout) {
    struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP | POLLPRI};
    int r = poll(&p, 1, timeout);
    printf("%-34s poll %d: in=%d out=%d rdhup=%d hup=%d err=%d pri=%d\n", label, r, !!(p.revents & POLLIN),
           !!(p.revents & POLLOUT), !!(p.revents & POLLRDHUP), !!(p.revents & POLLHUP), !!(p.revents & POLLERR),
           !!(p.revents & POLLPRI));
}

static void sel(const char *label, int fd) {
    fd_set r, w, e;
    FD_ZERO(&r); FD_ZERO(&w); FD_ZERO(&e);
    FD_SET(fd, &r); FD_SET(fd, &w); FD_SET(fd, &e);
    struct timeval tv = {0, 0};
    int n = select(fd + 1, &r, &w, &e, &tv);
    printf("%-34s select %d: read=%d write=%d except=%d\n", label, n, FD_ISSET(fd, &r), FD_ISSET(fd, &w), FD_ISSET(fd, &e));
}

static void ep(const char *label, int fd) {
    int e = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLPRI, .data.fd = fd};
    MUST(epoll_ctl(e, EPOLL_CTL_ADD, fd, &ev));
    struct epoll_event out;
    int n = epoll_wait(e, &out, 1, 0);
    printf("%-34s epoll %d: in=%d out=%d rdhup=%d hup=%d err=%d\n", label, n, n > 0 && (out.events & EPOLLIN),
           n > 0 && !!(out.events & EPOLLOUT), n > 0 && !!(out.events & EPOLLRDHUP), n > 0 && !!(out.events & EPOLLHUP),
           n > 0 && !!(out.events & EPOLLERR));
    close(e);
}

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    int c, s;
    pair(&c, &s);
    show("idle", s, 0);
    sel("idle", s);
    ep("idle", s);
    send(c, "d", 1, 0);
    show("data pending", s, 1000);
    MUST(shutdown(c, SHUT_WR));
    show("data + peer SHUT_WR", s, 1000);
    char b[8];
    recv(s, b, sizeof b, 0);
    show("peer SHUT_WR, drained", s, 0);
    sel("peer SHUT_WR, drained", s);
    ep("peer SHUT_WR, drained", s);
    show("the half-closed side", c, 0);
    MUST(shutdown(s, SHUT_WR));
    show("both SHUT_WR (server)", s, 1000);
    show("both SHUT_WR (client)", c, 1000);
    sel("both SHUT_WR (client)", c);
    ep("both SHUT_WR (client)", c);
    close(c);
    close(s);

    pair(&c, &s);
    close(c);
    {   // The peer's FIN may still be in flight (softirq, under load): wait for it to arrive.
        struct pollfd fin = {.fd = s, .events = POLLRDHUP};
        poll(&fin, 1, 2000);
    }
    show("peer closed", s, 1000);
    sel("peer closed", s);
    ep("peer closed", s);
    printf("recv: %zd\n", recv(s, b, sizeof b, 0));
    send(s, "x", 1, 0);  // draws a reset
    struct pollfd p = {.fd = s, .events = POLLIN};
    poll(&p, 1, 1000);
    usleep(50000);
    show("after writing to a closed peer", s, 1000);
    ep("after writing to a closed peer", s);
    ssize_t n = send(s, "x", 1, 0);
    printf("send: %s\n", n < 0 ? errname(errno) : "ok");
    show("after the error is read", s, 1000);
    close(s);

    // A socket that was never connected.
    int u = socket(AF_INET, SOCK_STREAM, 0);
    show("never connected", u, 0);
    sel("never connected", u);
    ep("never connected", u);
    // ppoll and pselect with no timeout on a ready descriptor.
    pair(&c, &s);
    close(c);
    struct timespec ts = {1, 0};
    p = (struct pollfd){.fd = s, .events = POLLRDHUP};
    int r = ppoll(&p, 1, &ts, NULL);
    printf("ppoll POLLRDHUP only: %d rdhup=%d\n", r, !!(p.revents & POLLRDHUP));
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(s, &rs);
    r = pselect(s + 1, &rs, NULL, NULL, &ts, NULL);
    printf("pselect: %d readable=%d\n", r, FD_ISSET(s, &rs));
    return 0;
}
