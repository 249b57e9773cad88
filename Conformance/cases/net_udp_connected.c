// syscalls: socket bind connect getsockname getpeername sendto recvfrom write read close
// expect: same
// Connected UDP: send/write without an address, datagrams from other sources are filtered,
// sendto with an explicit address still works, and AF_UNSPEC dissolves the association.
#include "common.h"
#include <sys/socket.h>
#include <netinet/in.h>

static int udp(struct sockaddr_in *a) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    *a = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(fd, (struct sockaddr *)a, sizeof *a));
    socklen_t len = sizeof *a;
    MUST(getsockname(fd, (struct sockaddr *)a, &len));
    return fd;
}

int main(void) {
    struct sockaddr_in aa, ba, ca;
    int a = udp(&aa), b = udp(&ba), c = udp(&ca);
    char buf[32];
    struct sockaddr_in p;
    socklen_t pl = sizeof p;
    REPORT("getpeername unconnected", getpeername(a, (struct sockaddr *)&p, &pl));
    ssize_t n = send(a, "x", 1, 0);
    printf("send unconnected: %s\n", n < 0 ? errname(errno) : "ok");
    REPORT("connect a->b", connect(a, (struct sockaddr *)&ba, sizeof ba));
    pl = sizeof p;
    MUST(getpeername(a, (struct sockaddr *)&p, &pl));
    FACT("peer is b", p.sin_port == ba.sin_port);
    printf("send: %zd\n", send(a, "via send", 8, 0));
    printf("write: %zd\n", write(a, "via write", 9));
    printf("sendto other (c): %zd\n", sendto(a, "to c", 4, 0, (struct sockaddr *)&ca, sizeof ca));
    n = recv(b, buf, sizeof buf, 0);
    printf("b got: %.*s\n", (int)n, buf);
    n = read(b, buf, sizeof buf);
    printf("b got: %.*s\n", (int)n, buf);
    n = recv(c, buf, sizeof buf, 0);
    printf("c got: %.*s\n", (int)n, buf);
    // a only accepts datagrams from b now.
    sendto(c, "from c", 6, 0, (struct sockaddr *)&aa, sizeof aa);
    sendto(b, "from b", 6, 0, (struct sockaddr *)&aa, sizeof aa);
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    printf("a got: %.*s (from b: %s)\n", (int)n, buf, from.sin_port == ba.sin_port ? "yes" : "no");
    n = recv(a, buf, sizeof buf, MSG_DONTWAIT);
    printf("a then: %s\n", n < 0 ? errname(errno) : "data");
    // Reconnect to c.
    REPORT("connect a->c", connect(a, (struct sockaddr *)&ca, sizeof ca));
    pl = sizeof p;
    MUST(getpeername(a, (struct sockaddr *)&p, &pl));
    FACT("peer is c", p.sin_port == ca.sin_port);
    struct sockaddr_in an;
    socklen_t al = sizeof an;
    getsockname(a, (struct sockaddr *)&an, &al);
    FACT("own port unchanged", an.sin_port == aa.sin_port);
    // Dissolve.
    struct sockaddr unspec = {.sa_family = AF_UNSPEC};
    REPORT("connect AF_UNSPEC", connect(a, &unspec, sizeof unspec));
    pl = sizeof p;
    REPORT("getpeername after AF_UNSPEC", getpeername(a, (struct sockaddr *)&p, &pl));
    al = sizeof an;
    getsockname(a, (struct sockaddr *)&an, &al);
    FACT("own port kept after AF_UNSPEC", an.sin_port == aa.sin_port);
    FACT("own port now 0", an.sin_port == 0);
    FACT("own address still loopback", an.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    n = send(a, "x", 1, 0);
    printf("send after AF_UNSPEC: %s\n", n < 0 ? errname(errno) : "ok");
    REPORT("connect AF_UNSPEC again", connect(a, &unspec, sizeof unspec));
    sendto(b, "b again", 7, 0, (struct sockaddr *)&aa, sizeof aa);
    usleep(20000);
    n = recv(a, buf, sizeof buf, MSG_DONTWAIT);
    printf("a after dissolving (its kernel-chosen port was released): %s\n", n < 0 ? errname(errno) : "data");
    // Connecting an unbound socket binds it.
    int d = socket(AF_INET, SOCK_DGRAM, 0);
    REPORT("connect unbound", connect(d, (struct sockaddr *)&ba, sizeof ba));
    struct sockaddr_in dn;
    socklen_t dl = sizeof dn;
    getsockname(d, (struct sockaddr *)&dn, &dl);
    FACT("auto-bound to loopback with a port", dn.sin_port != 0 && dn.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    REPORT("connect short address", connect(d, (struct sockaddr *)&ba, 8));
    return 0;
}
