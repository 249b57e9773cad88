// syscalls: socket bind listen getsockname connect accept ioctl sendto recvfrom poll setsockopt close
// expect: same
// SIOCINQ / SIOCOUTQ / SIOCOUTQNSD / SIOCATMARK on loopback TCP and UDP sockets.
#include "net_util.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/sockios.h>
#include <netinet/in.h>

static int q(int fd, unsigned long req) {
    int v = -1;
    if (ioctl(fd, req, &v) < 0) return -1000 - errno;
    return v;
}

/* SIOCOUTQ counts bytes not yet acknowledged; on loopback the ACK arrives promptly. */
static int outq_drains(int fd) {
    for (int i = 0; i < 200; i++) {
        if (q(fd, SIOCOUTQ) == 0) return 1;
        usleep(5000);
    }
    return 0;
}

int main(void) {
    int c, s;
    pair(&c, &s);
    printf("idle: inq %d outq %d outqnsd %d atmark %d\n", q(s, SIOCINQ), q(c, SIOCOUTQ), q(c, SIOCOUTQNSD), q(s, SIOCATMARK));
    static char data[5000];
    printf("send: %zd\n", send(c, data, 1234, 0));
    struct pollfd p = {.fd = s, .events = POLLIN};
    poll(&p, 1, 1000);
    printf("receiver SIOCINQ: %d\n", q(s, SIOCINQ));
    printf("receiver FIONREAD: %d\n", q(s, FIONREAD));
    printf("sender SIOCOUTQ drains to 0: %s\n", outq_drains(c) ? "yes" : "no");
    printf("sender SIOCOUTQNSD: %d\n", q(c, SIOCOUTQNSD));
    send(c, data, 766, 0);
    usleep(20000);
    printf("receiver SIOCINQ after 2 sends: %d\n", q(s, SIOCINQ));
    char buf[5000];
    recv(s, buf, 1000, 0);
    printf("receiver SIOCINQ after reading 1000: %d\n", q(s, SIOCINQ));
    recv(s, buf, sizeof buf, 0);
    printf("receiver SIOCINQ drained: %d\n", q(s, SIOCINQ));
    // Urgent data and SIOCATMARK.
    send(c, "ab", 2, 0);
    send(c, "!", 1, MSG_OOB);
    usleep(20000);
    printf("with urgent byte: inq %d atmark %d\n", q(s, SIOCINQ), q(s, SIOCATMARK));
    ssize_t n = recv(s, buf, sizeof buf, 0);
    printf("read before mark: %zd, atmark now %d\n", n, q(s, SIOCATMARK));
    n = recv(s, buf, 1, MSG_OOB);
    printf("MSG_OOB read: %zd %c\n", n, n == 1 ? buf[0] : '-');
    // EOF: SIOCINQ 0 on a closed peer.
    close(c);
    usleep(20000);
    printf("after peer close: inq %d\n", q(s, SIOCINQ));
    close(s);

    // On a listener.
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(l, (struct sockaddr *)&a, sizeof a));
    MUST(listen(l, 1));
    int r = q(l, SIOCINQ);
    printf("listener SIOCINQ: %s\n", r <= -1000 ? errname(-1000 - r) : "value");
    r = q(l, SIOCOUTQ);
    printf("listener SIOCOUTQ: %s\n", r <= -1000 ? errname(-1000 - r) : "value");
    close(l);

    // UDP: SIOCINQ is the size of the next datagram, SIOCOUTQ drains.
    int u = socket(AF_INET, SOCK_DGRAM, 0), t = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in ua = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(u, (struct sockaddr *)&ua, sizeof ua));
    socklen_t len = sizeof ua;
    MUST(getsockname(u, (struct sockaddr *)&ua, &len));
    printf("udp idle SIOCINQ %d SIOCOUTQ %d\n", q(u, SIOCINQ), q(t, SIOCOUTQ));
    sendto(t, data, 300, 0, (struct sockaddr *)&ua, sizeof ua);
    sendto(t, data, 700, 0, (struct sockaddr *)&ua, sizeof ua);
    printf("udp SIOCINQ (first of 300+700): %d\n", q(u, SIOCINQ));
    recv(u, buf, sizeof buf, 0);
    printf("udp SIOCINQ after one read: %d\n", q(u, SIOCINQ));
    printf("udp sender SIOCOUTQ drains to 0: %s\n", outq_drains(t) ? "yes" : "no");
    r = q(u, SIOCATMARK);
    printf("udp SIOCATMARK: %s\n", r <= -1000 ? errname(-1000 - r) : "value");
    return 0;
}
