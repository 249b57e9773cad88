// syscalls: socket bind listen getsockname connect accept shutdown sendto recvfrom close
// expect: same
// shutdown(SHUT_WR) gives the peer end-of-file while the other direction keeps working; SHUT_RD;
// shutdown errors.
#include "net_util.h"
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    int c, s;
    char buf[64];
    pair(&c, &s);
    printf("send before shutdown: %zd\n", send(c, "request", 7, 0));
    REPORT("shutdown SHUT_WR", shutdown(c, SHUT_WR));
    ssize_t n = recv(s, buf, sizeof buf, 0);
    printf("peer reads: %zd\n", n);
    n = recv(s, buf, sizeof buf, 0);
    printf("peer reads then: %zd (EOF)\n", n);
    n = recv(s, buf, sizeof buf, 0);
    printf("peer reads again: %zd\n", n);
    n = send(c, "more", 4, 0);
    printf("send after SHUT_WR: %s\n", n < 0 ? errname(errno) : "ok");
    printf("peer replies: %zd\n", send(s, "response", 8, 0));
    n = recv(c, buf, sizeof buf, 0);
    printf("half-closed end reads: %zd %.*s\n", n, (int)(n > 0 ? n : 0), buf);
    REPORT("shutdown SHUT_WR twice", shutdown(c, SHUT_WR));
    REPORT("peer shutdown SHUT_WR", shutdown(s, SHUT_WR));
    printf("now reads: %zd\n", recv(c, buf, sizeof buf, 0));
    close(c);
    close(s);

    pair(&c, &s);
    REPORT("shutdown SHUT_RD", shutdown(c, SHUT_RD));
    n = recv(c, buf, sizeof buf, MSG_DONTWAIT);
    printf("recv after SHUT_RD: %zd\n", n);
    printf("send after SHUT_RD: %zd\n", send(c, "still", 5, 0));
    printf("peer reads: %zd\n", recv(s, buf, sizeof buf, 0));
    REPORT("shutdown SHUT_RDWR", shutdown(s, SHUT_RDWR));
    n = send(s, "x", 1, 0);
    printf("send after SHUT_RDWR: %s\n", n < 0 ? errname(errno) : "ok");
    printf("other end reads: %zd\n", recv(c, buf, sizeof buf, 0));
    REPORT("shutdown bad how", shutdown(c, 7));
    close(c);
    close(s);

    int u = socket(AF_INET, SOCK_STREAM, 0);
    REPORT("shutdown unconnected", shutdown(u, SHUT_RDWR));
    REPORT("shutdown closed fd", shutdown(1000, SHUT_RD));
    REPORT("shutdown non-socket", shutdown(0, SHUT_RD));
    return 0;
}
