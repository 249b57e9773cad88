// syscalls: socket bind listen accept accept4 connect getsockname getpeername poll close fcntl
// expect: same
// listen/accept misuse (accept on a non-listening socket EINVAL, listen on UDP EOPNOTSUPP, ...)
// and the listen backlog: with backlog 1 the accept queue holds two, the third connect waits.
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <netinet/in.h>

int main(void) {
    int t = socket(AF_INET, SOCK_STREAM, 0);
    REPORT("accept on fresh stream socket", accept(t, NULL, NULL));
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(t, (struct sockaddr *)&a, sizeof a));
    REPORT("accept on bound, not listening", accept(t, NULL, NULL));
    REPORT("accept4 on bound, not listening", accept4(t, NULL, NULL, SOCK_NONBLOCK));
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    REPORT("listen on UDP", listen(u, 5));
    REPORT("accept on UDP", accept(u, NULL, NULL));
    REPORT("listen on closed fd", listen(999, 5));
    int f = open("/dev/null", O_RDONLY);
    REPORT("listen on a file", listen(f, 5));
    REPORT("accept on a file", accept(f, NULL, NULL));
    // listen on an unbound socket binds it to a port.
    int ub = socket(AF_INET, SOCK_STREAM, 0);
    REPORT("listen unbound", listen(ub, 5));
    struct sockaddr_in n;
    socklen_t nl = sizeof n;
    getsockname(ub, (struct sockaddr *)&n, &nl);
    FACT("unbound listener got a port", n.sin_port != 0);
    FACT("on INADDR_ANY", n.sin_addr.s_addr == htonl(INADDR_ANY));
    REPORT("listen again (new backlog)", listen(ub, 10));
    REPORT("listen negative backlog", listen(ub, -1));
    nl = sizeof n;
    REPORT("getpeername on listener", getpeername(ub, (struct sockaddr *)&n, &nl));
    REPORT("connect on listener", connect(ub, (struct sockaddr *)&n, sizeof n));
    close(ub);
    // listen on a connected socket.
    MUST(listen(t, 1));
    socklen_t len = sizeof a;
    MUST(getsockname(t, (struct sockaddr *)&a, &len));
    int c = socket(AF_INET, SOCK_STREAM, 0);
    MUST(connect(c, (struct sockaddr *)&a, sizeof a));
    REPORT("listen on connected socket", listen(c, 5));
    int s = accept(t, NULL, NULL);
    REPORT("listen on accepted socket", listen(s, 5));
    REPORT("accept on accepted socket", accept(s, NULL, NULL));
    close(c); close(s); close(t);

    // Backlog 1: two connections complete, the third is left waiting.
    int l = socket(AF_INET, SOCK_STREAM, 0);
    a.sin_port = 0;
    MUST(bind(l, (struct sockaddr *)&a, sizeof a));
    len = sizeof a;
    MUST(getsockname(l, (struct sockaddr *)&a, &len));
    MUST(listen(l, 1));
    int cl[3], done = 0;
    for (int i = 0; i < 3; i++) {
        cl[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        int r = connect(cl[i], (struct sockaddr *)&a, sizeof a);
        printf("client %d connect: %s\n", i, r < 0 ? errname(errno) : "ok");
        usleep(50000);
    }
    for (int i = 0; i < 3; i++) {
        struct pollfd p = {.fd = cl[i], .events = POLLOUT};
        int r = poll(&p, 1, 200);
        printf("client %d writable within 200ms: %s\n", i, r == 1 && (p.revents & POLLOUT) ? "yes" : "no");
        done += r == 1;
    }
    int accepted = 0;
    MUST(fcntl(l, F_SETFL, O_NONBLOCK));
    for (int i = 0; i < 3; i++) {
        int x = accept(l, NULL, NULL);
        if (x >= 0) accepted++;
    }
    printf("accepted immediately: %d\n", accepted);
    return 0;
}
