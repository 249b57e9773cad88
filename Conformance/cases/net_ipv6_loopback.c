// syscalls: socket setsockopt getsockopt bind listen getsockname connect accept getpeername sendto recvfrom close
// expect: same
// IPv6 loopback ::1: TCP and UDP round trips, IPV6_V6ONLY, and a v4-mapped connection to a
// dual-stack listener (127.0.0.1 appears as ::ffff:127.0.0.1).
#include "common.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static int listener6(const struct in6_addr *addr, int v6only, struct sockaddr_in6 *a) {
    int l = socket(AF_INET6, SOCK_STREAM, 0);
    if (v6only >= 0) MUST(setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only));
    *a = (struct sockaddr_in6){.sin6_family = AF_INET6, .sin6_addr = *addr};
    MUST(bind(l, (struct sockaddr *)a, sizeof *a));
    socklen_t len = sizeof *a;
    MUST(getsockname(l, (struct sockaddr *)a, &len));
    MUST(listen(l, 4));
    return l;
}

static const char *show6(const struct in6_addr *a) {
    static char s[INET6_ADDRSTRLEN];
    return inet_ntop(AF_INET6, a, s, sizeof s);
}

int main(void) {
    int v = -1;
    socklen_t len = sizeof v;
    int t = socket(AF_INET6, SOCK_STREAM, 0);
    MUST(getsockopt(t, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len));
    printf("default IPV6_V6ONLY: %d\n", v);
    close(t);

    struct sockaddr_in6 a;
    int l = listener6(&in6addr_loopback, -1, &a);
    printf("listener on %s, port non-zero %s, name length %u\n", show6(&a.sin6_addr), a.sin6_port ? "yes" : "no", len = sizeof a);
    int c = socket(AF_INET6, SOCK_STREAM, 0);
    REPORT("connect ::1", connect(c, (struct sockaddr *)&a, sizeof a));
    struct sockaddr_in6 peer;
    socklen_t pl = sizeof peer;
    int s = accept(l, (struct sockaddr *)&peer, &pl);
    printf("accepted from %s (len %u)\n", show6(&peer.sin6_addr), pl);
    char buf[32];
    send(c, "over v6", 7, 0);
    ssize_t n = recv(s, buf, sizeof buf, 0);
    printf("got: %.*s\n", (int)n, buf);
    close(c); close(s); close(l);

    // Dual-stack listener on :: accepts an IPv4 client.
    l = listener6(&in6addr_any, 0, &a);
    struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = a.sin6_port, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    c = socket(AF_INET, SOCK_STREAM, 0);
    REPORT("v4 connect to dual-stack listener", connect(c, (struct sockaddr *)&a4, sizeof a4));
    pl = sizeof peer;
    s = accept(l, (struct sockaddr *)&peer, &pl);
    printf("accepted v4 client as %s, v4-mapped %s\n", show6(&peer.sin6_addr), IN6_IS_ADDR_V4MAPPED(&peer.sin6_addr) ? "yes" : "no");
    struct sockaddr_in6 sn;
    socklen_t snl = sizeof sn;
    getsockname(s, (struct sockaddr *)&sn, &snl);
    printf("server side name: %s\n", show6(&sn.sin6_addr));
    close(c); close(s);
    // A v6 socket connecting to ::ffff:127.0.0.1.
    struct sockaddr_in6 mapped = a;
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped.sin6_addr);
    c = socket(AF_INET6, SOCK_STREAM, 0);
    REPORT("v6 socket connect ::ffff:127.0.0.1", connect(c, (struct sockaddr *)&mapped, sizeof mapped));
    s = accept(l, NULL, NULL);
    struct sockaddr_in6 cn;
    socklen_t cnl = sizeof cn;
    getsockname(c, (struct sockaddr *)&cn, &cnl);
    printf("client name: %s\n", show6(&cn.sin6_addr));
    close(c); close(s); close(l);

    // v6only listener on :: refuses an IPv4 client; a v4 listener can share the port.
    l = listener6(&in6addr_any, 1, &a);
    a4.sin_port = a.sin6_port;
    c = socket(AF_INET, SOCK_STREAM, 0);
    REPORT("v4 connect to v6only listener", connect(c, (struct sockaddr *)&a4, sizeof a4));
    close(c);
    int l4 = socket(AF_INET, SOCK_STREAM, 0);
    REPORT("v4 bind same port beside v6only", bind(l4, (struct sockaddr *)&a4, sizeof a4));
    c = socket(AF_INET6, SOCK_STREAM, 0);
    int one = 1;
    REPORT("v6only socket connect v4-mapped", (setsockopt(c, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one),
                                              connect(c, (struct sockaddr *)&mapped, sizeof mapped)));
    REPORT("set IPV6_V6ONLY after listen", setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));
    close(c); close(l); close(l4);

    // UDP over ::1.
    int u1 = socket(AF_INET6, SOCK_DGRAM, 0), u2 = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 ua = {.sin6_family = AF_INET6, .sin6_addr = in6addr_loopback};
    MUST(bind(u1, (struct sockaddr *)&ua, sizeof ua));
    len = sizeof ua;
    MUST(getsockname(u1, (struct sockaddr *)&ua, &len));
    printf("udp sendto ::1: %zd\n", sendto(u2, "dgram6", 6, 0, (struct sockaddr *)&ua, sizeof ua));
    struct sockaddr_in6 from;
    socklen_t fl = sizeof from;
    n = recvfrom(u1, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    printf("udp got %.*s from %s\n", (int)n, buf, show6(&from.sin6_addr));
    // IPv4 address on an AF_INET6 socket.
    REPORT("connect AF_INET address on v6 socket", connect(u2, (struct sockaddr *)&a4, sizeof a4));
    REPORT("bind short v6 address", bind(socket(AF_INET6, SOCK_DGRAM, 0), (struct sockaddr *)&ua, 16));
    // A dual-stack UDP socket reaching an IPv4 receiver with a plain AF_INET address.
    int r4 = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in ra4 = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(r4, (struct sockaddr *)&ra4, sizeof ra4));
    len = sizeof ra4;
    MUST(getsockname(r4, (struct sockaddr *)&ra4, &len));
    int d6 = socket(AF_INET6, SOCK_DGRAM, 0);
    n = sendto(d6, "v4 by sendto", 12, 0, (struct sockaddr *)&ra4, sizeof ra4);
    printf("v6 udp sendto AF_INET address: %s\n", n < 0 ? errname(errno) : "ok");
    REPORT("v6 udp connect AF_INET address", connect(d6, (struct sockaddr *)&ra4, sizeof ra4));
    n = send(d6, "v4 by send", 10, 0);
    printf("send on it: %s\n", n < 0 ? errname(errno) : "ok");
    struct sockaddr_in6 dp;
    socklen_t dpl = sizeof dp;
    if (getpeername(d6, (struct sockaddr *)&dp, &dpl) == 0)
        printf("its peer: family %s %s\n", dp.sin6_family == AF_INET6 ? "AF_INET6" : "other", show6(&dp.sin6_addr));
    for (int i = 0; i < 2; i++) {
        n = recv(r4, buf, sizeof buf, MSG_DONTWAIT);
        printf("v4 receiver: %s\n", n < 0 ? errname(errno) : "got a datagram");
    }
    int s6 = socket(AF_INET6, SOCK_STREAM, 0);
    REPORT("v6 tcp connect AF_INET address", connect(s6, (struct sockaddr *)&a4, sizeof a4));
    int o6 = socket(AF_INET6, SOCK_DGRAM, 0);
    MUST(setsockopt(o6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));
    REPORT("v6only udp connect AF_INET address", connect(o6, (struct sockaddr *)&ra4, sizeof ra4));
    n = sendto(o6, "x", 1, 0, (struct sockaddr *)&ra4, sizeof ra4);
    printf("v6only udp sendto AF_INET address: %s\n", n < 0 ? errname(errno) : "ok");
    len = sizeof v;
    MUST(getsockopt(u1, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &v, &len));
    printf("IPV6_UNICAST_HOPS default: %d\n", v);
    return 0;
}
