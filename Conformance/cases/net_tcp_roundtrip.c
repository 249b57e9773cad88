// syscalls: socket bind listen getsockname connect accept4 sendto recvfrom getpeername close
// expect: same
// TCP on 127.0.0.1: a kernel-chosen port, a connect/accept round trip, and the names each end sees.
#include "common.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(void) {
    int l = socket(AF_INET, SOCK_STREAM, 0);
    MUST(l);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(l, (struct sockaddr *)&a, sizeof a));
    socklen_t len = sizeof a;
    MUST(getsockname(l, (struct sockaddr *)&a, &len));
    FACT("bound port non-zero", a.sin_port != 0);
    FACT("bound address loopback", a.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    printf("name length: %u\n", len);
    REPORT("listen", listen(l, 8));
    int c = socket(AF_INET, SOCK_STREAM, 0);
    REPORT("connect", connect(c, (struct sockaddr *)&a, sizeof a));
    struct sockaddr_in from;
    len = sizeof from;
    int s = accept4(l, (struct sockaddr *)&from, &len, 0);
    FACT("accepted", s >= 0);
    struct sockaddr_in cn, cp, sn, sp;
    socklen_t l1 = sizeof cn, l2 = sizeof cp, l3 = sizeof sn, l4 = sizeof sp;
    MUST(getsockname(c, (struct sockaddr *)&cn, &l1));
    MUST(getpeername(c, (struct sockaddr *)&cp, &l2));
    MUST(getsockname(s, (struct sockaddr *)&sn, &l3));
    MUST(getpeername(s, (struct sockaddr *)&sp, &l4));
    FACT("accept address is client name", from.sin_port == cn.sin_port && from.sin_addr.s_addr == cn.sin_addr.s_addr);
    FACT("client peer is listener", cp.sin_port == a.sin_port && cp.sin_addr.s_addr == a.sin_addr.s_addr);
    FACT("server name is listener", sn.sin_port == a.sin_port && sn.sin_addr.s_addr == a.sin_addr.s_addr);
    FACT("server peer is client", sp.sin_port == cn.sin_port && sp.sin_addr.s_addr == cn.sin_addr.s_addr);
    FACT("client ephemeral port differs", cn.sin_port != a.sin_port && cn.sin_port != 0);
    FACT("client address loopback", cn.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    printf("families: %d %d\n", cp.sin_family, sp.sin_family);
    char buf[64];
    printf("send: %zd\n", send(c, "hello, server", 13, 0));
    ssize_t n = recv(s, buf, sizeof buf, 0);
    printf("server got: %.*s\n", (int)n, buf);
    printf("reply: %zd\n", sendto(s, "hi client", 9, 0, NULL, 0));
    struct sockaddr_in rf;
    socklen_t rl = sizeof rf;
    n = recvfrom(c, buf, sizeof buf, 0, (struct sockaddr *)&rf, &rl);
    printf("client got: %.*s\n", (int)n, buf);
    printf("recvfrom address length on tcp: %u\n", rl);
    // Ignoring the address on a connected stream.
    struct sockaddr_in other = {.sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    printf("sendto with address on connected tcp: %zd\n", sendto(c, "x", 1, 0, (struct sockaddr *)&other, sizeof other));
    n = recv(s, buf, sizeof buf, 0);
    printf("server got %zd\n", n);
    REPORT("connect again", connect(c, (struct sockaddr *)&a, sizeof a));
    close(c);
    n = recv(s, buf, sizeof buf, 0);
    printf("after client close: %zd\n", n);
    close(s);
    close(l);
    return 0;
}
