// syscalls: socket bind getsockname connect sendto recvfrom getsockopt poll setsockopt recvmsg close
// expect: same
// A connected UDP socket sending to a closed loopback port: the ICMP port-unreachable comes back as
// ECONNREFUSED on a later call (and via SO_ERROR / IP_RECVERR).
#include "common.h"
#include <poll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/errqueue.h>

static struct sockaddr_in closed_port(void) {
    int t = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(t, (struct sockaddr *)&a, sizeof a));
    socklen_t len = sizeof a;
    MUST(getsockname(t, (struct sockaddr *)&a, &len));
    close(t);
    return a;
}

static void wait_err(int fd) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, 2000);
    printf("poll: %d err=%d in=%d\n", r, !!(p.revents & POLLERR), !!(p.revents & POLLIN));
}

int main(void) {
    struct sockaddr_in dead = closed_port();
    char buf[16];
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    MUST(connect(u, (struct sockaddr *)&dead, sizeof dead));
    printf("send: %zd\n", send(u, "ping", 4, 0));
    wait_err(u);
    ssize_t n = recv(u, buf, sizeof buf, 0);
    printf("recv: %s\n", n < 0 ? errname(errno) : "data");
    n = recv(u, buf, sizeof buf, MSG_DONTWAIT);
    printf("recv again: %s\n", n < 0 ? errname(errno) : "data");
    printf("send: %zd\n", send(u, "ping", 4, 0));
    wait_err(u);
    n = send(u, "ping", 4, 0);
    printf("send with error pending: %s\n", n < 0 ? errname(errno) : "ok");
    n = send(u, "ping", 4, 0);
    printf("send after: %s\n", n < 0 ? errname(errno) : "ok");
    wait_err(u);
    int e = -1;
    socklen_t el = sizeof e;
    MUST(getsockopt(u, SOL_SOCKET, SO_ERROR, &e, &el));
    printf("SO_ERROR: %s\n", errname(e));
    el = sizeof e;
    MUST(getsockopt(u, SOL_SOCKET, SO_ERROR, &e, &el));
    printf("SO_ERROR cleared: %s\n", errname(e));
    close(u);

    // Unconnected sockets do not get the error.
    int v = socket(AF_INET, SOCK_DGRAM, 0);
    printf("sendto unconnected: %zd\n", sendto(v, "ping", 4, 0, (struct sockaddr *)&dead, sizeof dead));
    struct pollfd p = {.fd = v, .events = POLLIN};
    int r = poll(&p, 1, 200);
    printf("unconnected poll: %d\n", r);
    n = recv(v, buf, sizeof buf, MSG_DONTWAIT);
    printf("unconnected recv: %s\n", n < 0 ? errname(errno) : "data");
    close(v);

    // IP_RECVERR: the error is queued with its origin.
    int w = socket(AF_INET, SOCK_DGRAM, 0);
    int on = 1;
    REPORT("IP_RECVERR", setsockopt(w, IPPROTO_IP, IP_RECVERR, &on, sizeof on));
    MUST(connect(w, (struct sockaddr *)&dead, sizeof dead));
    send(w, "ping", 4, 0);
    wait_err(w);
    char control[256];
    struct sockaddr_in off;
    struct iovec iov = {buf, sizeof buf};
    struct msghdr mh = {.msg_name = &off, .msg_namelen = sizeof off, .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = control, .msg_controllen = sizeof control};
    n = recvmsg(w, &mh, MSG_ERRQUEUE);
    printf("recvmsg MSG_ERRQUEUE: %zd flags errqueue=%d\n", n, !!(mh.msg_flags & MSG_ERRQUEUE));
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) {
            struct sock_extended_err *ee = (struct sock_extended_err *)CMSG_DATA(c);
            printf("extended error: errno %s origin %d type %d code %d\n", errname(ee->ee_errno), ee->ee_origin,
                   ee->ee_type, ee->ee_code);
        }
    }
    n = recvmsg(w, &mh, MSG_ERRQUEUE | MSG_DONTWAIT);
    printf("error queue then: %s\n", n < 0 ? errname(errno) : "more");
    return 0;
}
