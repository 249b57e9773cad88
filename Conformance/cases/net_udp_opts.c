// syscalls: socket setsockopt getsockopt bind sendto recvfrom close
// expect: same
// UDP socket options: SO_BROADCAST and friends get/set round trips, IP-level options, type queries.
#include "common.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/udp.h>

static void rt(int fd, int level, int opt, const char *name, int value) {
    int v = -1;
    socklen_t len = sizeof v;
    int r = getsockopt(fd, level, opt, &v, &len);
    if (r < 0) { printf("%s get: %s\n", name, errname(errno)); return; }
    printf("%s default: %d", name, v);
    r = setsockopt(fd, level, opt, &value, sizeof value);
    if (r < 0) { printf(", set %d: %s\n", value, errname(errno)); return; }
    v = -1;
    len = sizeof v;
    getsockopt(fd, level, opt, &v, &len);
    printf(", set %d -> %d\n", value, v);
}

int main(void) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    rt(fd, SOL_SOCKET, SO_BROADCAST, "SO_BROADCAST", 1);
    rt(fd, SOL_SOCKET, SO_BROADCAST, "SO_BROADCAST", 5);
    rt(fd, SOL_SOCKET, SO_BROADCAST, "SO_BROADCAST", 0);
    rt(fd, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR", 1);
    rt(fd, SOL_SOCKET, SO_REUSEPORT, "SO_REUSEPORT", 1);
    rt(fd, SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE", 1);
    rt(fd, SOL_SOCKET, SO_PRIORITY, "SO_PRIORITY", 3);
    rt(fd, SOL_SOCKET, SO_TIMESTAMP, "SO_TIMESTAMP", 1);
    rt(fd, SOL_SOCKET, SO_PASSCRED, "SO_PASSCRED", 1);
    rt(fd, SOL_SOCKET, SO_NO_CHECK, "SO_NO_CHECK", 1);
    rt(fd, IPPROTO_IP, IP_TTL, "IP_TTL (set 9)", 9);
    rt(fd, IPPROTO_IP, IP_TOS, "IP_TOS", 0x28);
    rt(fd, IPPROTO_IP, IP_MULTICAST_TTL, "IP_MULTICAST_TTL", 4);
    rt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP", 0);
    rt(fd, IPPROTO_IP, IP_PKTINFO, "IP_PKTINFO", 1);
    rt(fd, IPPROTO_IP, IP_RECVTTL, "IP_RECVTTL", 1);
    rt(fd, IPPROTO_IP, IP_RECVTOS, "IP_RECVTOS", 1);
    rt(fd, IPPROTO_IP, IP_RECVERR, "IP_RECVERR", 1);
    rt(fd, IPPROTO_IP, IP_MTU_DISCOVER, "IP_MTU_DISCOVER", IP_PMTUDISC_DONT);
    rt(fd, IPPROTO_UDP, UDP_CORK, "UDP_CORK", 1);
    rt(fd, IPPROTO_UDP, UDP_CORK, "UDP_CORK", 0);
    int v = 0;
    socklen_t len = sizeof v;
    getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len);
    printf("SO_TYPE: %d\n", v);
    getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len);
    printf("SO_PROTOCOL: %d\n", v);
    getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len);
    printf("SO_DOMAIN: %d\n", v);
    REPORT("IP_MTU unconnected", getsockopt(fd, IPPROTO_IP, IP_MTU, &v, &len));
    // IP_PKTINFO and IP_RECVTTL deliver control messages on loopback.
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(fd, (struct sockaddr *)&a, sizeof a));
    len = sizeof a;
    MUST(getsockname(fd, (struct sockaddr *)&a, &len));
    int t = socket(AF_INET, SOCK_DGRAM, 0);
    int ttl = 17;
    MUST(setsockopt(t, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl));
    sendto(t, "hi", 2, 0, (struct sockaddr *)&a, sizeof a);
    char buf[8], control[256];
    struct iovec iov = {buf, sizeof buf};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    ssize_t n = recvmsg(fd, &mh, 0);
    printf("recvmsg: %zd\n", n);
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            struct in_pktinfo *pi = (struct in_pktinfo *)CMSG_DATA(c);
            printf("cmsg IP_PKTINFO: dst loopback %s, ifindex>0 %s\n",
                   pi->ipi_addr.s_addr == htonl(INADDR_LOOPBACK) ? "yes" : "no", pi->ipi_ifindex > 0 ? "yes" : "no");
        } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
            printf("cmsg IP_TTL: %d\n", *(int *)CMSG_DATA(c));
        } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TOS) {
            printf("cmsg IP_TOS: %d\n", *(unsigned char *)CMSG_DATA(c));
        } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMP) {
            printf("cmsg SO_TIMESTAMP\n");
        } else {
            printf("cmsg level %d type %d\n", c->cmsg_level, c->cmsg_type);
        }
    }
    return 0;
}
