// syscalls: socket bind listen connect accept4 getsockname getpeername sendto recvfrom setsockopt shutdown
// expect: same
/* Loopback IPv4 (and IPv6 ::1) inside the sandbox, port 0 (ephemeral): a TCP server thread
 * accepts, echoes and closes; getsockname, getpeername and accept4 agree on addresses and
 * ports (printed only as "port nonzero" and comparisons); UDP between two sockets reports the
 * sender's address; a second bind of a port in use is EADDRINUSE; a TCP connect to a closed
 * port is ECONNREFUSED, as is a connected UDP receive after the port is unreachable. */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/socket.h>

static int srv;
static struct sockaddr_in accepted_from;

static void *server(void *arg) {
    (void)arg;
    socklen_t l = sizeof accepted_from;
    int c = accept4(srv, (struct sockaddr *)&accepted_from, &l, SOCK_CLOEXEC);
    if (c < 0) return NULL;
    char buf[64];
    ssize_t n;
    while ((n = recv(c, buf, sizeof buf, 0)) > 0) send(c, buf, n, MSG_NOSIGNAL);
    close(c);
    return NULL;
}

static unsigned short port_of(int fd, int peer) {
    struct sockaddr_storage ss;
    socklen_t l = sizeof ss;
    if ((peer ? getpeername(fd, (struct sockaddr *)&ss, &l) : getsockname(fd, (struct sockaddr *)&ss, &l)) < 0) return 0;
    return ss.ss_family == AF_INET ? ntohs(((struct sockaddr_in *)&ss)->sin_port) : ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

static const char *addr_of(int fd, int peer) {
    static char out[64];
    struct sockaddr_storage ss;
    socklen_t l = sizeof ss;
    if ((peer ? getpeername(fd, (struct sockaddr *)&ss, &l) : getsockname(fd, (struct sockaddr *)&ss, &l)) < 0)
        return errname(errno);
    if (ss.ss_family == AF_INET) inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, out, sizeof out);
    else inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, out, sizeof out);
    return out;
}

int main(void) {
    struct sockaddr_in lo = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    printf("== tcp\n");
    srv = socket(AF_INET, SOCK_STREAM, 0);
    MUST(srv);
    REPORT("bind 127.0.0.1:0", bind(srv, (struct sockaddr *)&lo, sizeof lo));
    unsigned short sp = port_of(srv, 0);
    FACT("port nonzero", sp != 0);
    printf("getsockname address: %s\n", addr_of(srv, 0));
    REPORT("listen", listen(srv, 4));
    pthread_t t;
    MUST(pthread_create(&t, NULL, server, NULL) ? -1 : 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = lo;
    to.sin_port = htons(sp);
    REPORT("connect", connect(c, (struct sockaddr *)&to, sizeof to));
    unsigned short cp = port_of(c, 0);
    FACT("client port nonzero", cp != 0);
    FACT("client port differs from server port", cp != sp);
    FACT("getpeername port == server port", port_of(c, 1) == sp);
    printf("client address: %s, peer address: %s\n", addr_of(c, 0), addr_of(c, 1));
    int one = 1;
    REPORT("TCP_NODELAY", setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
    MUST(send(c, "hello loopback", 14, 0));
    char buf[32] = {0};
    printf("echo: %zd \"%s\"\n", recv(c, buf, 14, MSG_WAITALL), buf);
    REPORT("shutdown SHUT_WR", shutdown(c, SHUT_WR));
    printf("then EOF: %zd\n", recv(c, buf, sizeof buf, 0));
    pthread_join(t, NULL);
    FACT("accept4 address is the client's port", ntohs(accepted_from.sin_port) == cp);
    FACT("accept4 address is 127.0.0.1", accepted_from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    close(c);
    int dup_ = socket(AF_INET, SOCK_STREAM, 0);
    REPORT("bind the listening port again", bind(dup_, (struct sockaddr *)&to, sizeof to));
    close(dup_);
    close(srv);
    c = socket(AF_INET, SOCK_STREAM, 0);
    REPORT("connect to the closed port", connect(c, (struct sockaddr *)&to, sizeof to));
    close(c);

    printf("== udp\n");
    int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    REPORT("bind u1 127.0.0.1:0", bind(u1, (struct sockaddr *)&lo, sizeof lo));
    REPORT("bind u2 127.0.0.1:0", bind(u2, (struct sockaddr *)&lo, sizeof lo));
    unsigned short p1 = port_of(u1, 0), p2 = port_of(u2, 0);
    FACT("port nonzero", p1 && p2);
    FACT("ports differ", p1 != p2);
    struct sockaddr_in a1 = lo;
    a1.sin_port = htons(p1);
    REPORT("sendto u1", sendto(u2, "datagram", 8, 0, (struct sockaddr *)&a1, sizeof a1));
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    memset(buf, 0, sizeof buf);
    printf("recvfrom: %zd \"%s\"\n", recvfrom(u1, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &fl), buf);
    FACT("  from u2's port", ntohs(from.sin_port) == p2);
    FACT("  from 127.0.0.1", from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    REPORT("reply to that address", sendto(u1, "reply", 5, 0, (struct sockaddr *)&from, fl));
    memset(buf, 0, sizeof buf);
    printf("u2 got: %zd \"%s\"\n", recv(u2, buf, sizeof buf - 1, 0), buf);
    REPORT("connect u2 to u1", connect(u2, (struct sockaddr *)&a1, sizeof a1));
    FACT("getpeername port == u1", port_of(u2, 1) == p1);
    int dup2_ = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a2 = lo;
    a2.sin_port = htons(p2);
    REPORT("bind u2's port again", bind(dup2_, (struct sockaddr *)&a2, sizeof a2));
    close(dup2_);
    close(u1);
    REPORT("send to the closed u1", send(u2, "x", 1, 0));
    usleep(100000);
    REPORT("recv after the port became unreachable", recv(u2, buf, sizeof buf, MSG_DONTWAIT));
    REPORT("recv again", recv(u2, buf, sizeof buf, MSG_DONTWAIT));
    close(u2);

    printf("== tcp6 ::1\n");
    struct sockaddr_in6 lo6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
    srv = socket(AF_INET6, SOCK_STREAM, 0);
    REPORT("bind [::1]:0", bind(srv, (struct sockaddr *)&lo6, sizeof lo6));
    FACT("port nonzero", port_of(srv, 0) != 0);
    printf("getsockname address: %s\n", addr_of(srv, 0));
    MUST(listen(srv, 1));
    lo6.sin6_port = htons(port_of(srv, 0));
    c = socket(AF_INET6, SOCK_STREAM, 0);
    REPORT("connect", connect(c, (struct sockaddr *)&lo6, sizeof lo6));
    int acc = accept4(srv, NULL, NULL, 0);
    REPORT("accept4", acc);
    FACT("accepted peer port == client port", port_of(acc, 1) == port_of(c, 0));
    close(acc); close(c); close(srv);
    return 0;
}
