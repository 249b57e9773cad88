// syscalls: socket bind listen getsockname setsockopt getsockopt connect accept4 poll close
// expect: same
// Binding a port that is in use: EADDRINUSE, SO_REUSEADDR, and SO_REUSEPORT with two listeners
// sharing a port (connections spread over both; only the total is printed).
#include "common.h"
#include <poll.h>
#include <sys/socket.h>
#include <netinet/in.h>

static int on = 1;

static struct sockaddr_in lo(unsigned short port_n) {
    return (struct sockaddr_in){.sin_family = AF_INET, .sin_port = port_n, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
}

static int bound(int reuseaddr, int reuseport, struct sockaddr_in *a) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (reuseaddr) MUST(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on));
    if (reuseport) MUST(setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on));
    if (bind(fd, (struct sockaddr *)a, sizeof *a) < 0) { int e = errno; close(fd); errno = e; return -1; }
    socklen_t len = sizeof *a;
    MUST(getsockname(fd, (struct sockaddr *)a, &len));
    return fd;
}

static void getint(int fd, int level, int opt, const char *label) {
    int v = -1;
    socklen_t len = sizeof v;
    int r = getsockopt(fd, level, opt, &v, &len);
    if (r < 0) printf("%s: %s\n", label, errname(errno));
    else printf("%s: %d\n", label, v);
}

int main(void) {
    struct sockaddr_in a = lo(0);
    int s1 = bound(0, 0, &a);
    getint(s1, SOL_SOCKET, SO_REUSEADDR, "default SO_REUSEADDR");
    getint(s1, SOL_SOCKET, SO_REUSEPORT, "default SO_REUSEPORT");
    struct sockaddr_in b = a;
    int r = bound(0, 0, &b);
    printf("bind same port (bound, not listening): %s\n", r < 0 ? errname(errno) : "ok");
    MUST(listen(s1, 4));
    b = a;
    r = bound(0, 0, &b);
    printf("bind same port (listening): %s\n", r < 0 ? errname(errno) : "ok");
    b = a;
    r = bound(1, 0, &b);
    printf("bind same port with SO_REUSEADDR (other has none): %s\n", r < 0 ? errname(errno) : "ok");
    struct sockaddr_in any = {.sin_family = AF_INET, .sin_port = a.sin_port, .sin_addr.s_addr = htonl(INADDR_ANY)};
    r = bound(0, 0, &any);
    printf("bind INADDR_ANY same port: %s\n", r < 0 ? errname(errno) : "ok");
    REPORT("bind twice on one socket", bind(s1, (struct sockaddr *)&a, sizeof a));
    close(s1);

    // Two SO_REUSEADDR sockets: both may bind while neither listens; only one may listen.
    struct sockaddr_in c = lo(0);
    int r1 = bound(1, 0, &c);
    getint(r1, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR after set");
    struct sockaddr_in d = c;
    int r2 = bound(1, 0, &d);
    printf("second SO_REUSEADDR bind: %s\n", r2 < 0 ? errname(errno) : "ok");
    REPORT("first listens", listen(r1, 4));
    if (r2 >= 0) REPORT("second listens", listen(r2, 4));
    close(r1);
    if (r2 >= 0) close(r2);

    // A listener closed after a connection: SO_REUSEADDR lets a new one bind over TIME_WAIT.
    struct sockaddr_in t = lo(0);
    int tl = bound(1, 0, &t);
    MUST(listen(tl, 1));
    int tc = socket(AF_INET, SOCK_STREAM, 0);
    MUST(connect(tc, (struct sockaddr *)&t, sizeof t));
    int ts = accept4(tl, NULL, NULL, 0);
    close(ts);  // server closes first: TIME_WAIT on the listener's port
    char ch;
    read(tc, &ch, 1);
    close(tc);
    close(tl);
    struct sockaddr_in t2 = t;
    int again = bound(1, 0, &t2);
    printf("rebind over TIME_WAIT with SO_REUSEADDR: %s\n", again < 0 ? errname(errno) : "ok");
    if (again >= 0) REPORT("listen over TIME_WAIT", listen(again, 1));

    // SO_REUSEPORT: two listeners on one port.
    struct sockaddr_in p = lo(0);
    int p1 = bound(0, 1, &p);
    getint(p1, SOL_SOCKET, SO_REUSEPORT, "SO_REUSEPORT after set");
    MUST(listen(p1, 64));
    struct sockaddr_in q = p;
    int p2 = bound(0, 1, &q);
    printf("second SO_REUSEPORT bind: %s\n", p2 < 0 ? errname(errno) : "ok");
    if (p2 < 0) return 0;
    REPORT("second SO_REUSEPORT listen", listen(p2, 64));
    struct sockaddr_in x = p;
    r = bound(0, 0, &x);
    printf("third bind without SO_REUSEPORT: %s\n", r < 0 ? errname(errno) : "ok");
    FACT("same port", p.sin_port == q.sin_port);
    enum { N = 32 };
    int cl[N];
    for (int i = 0; i < N; i++) {
        cl[i] = socket(AF_INET, SOCK_STREAM, 0);
        MUST(connect(cl[i], (struct sockaddr *)&p, sizeof p));
    }
    int got = 0;
    struct pollfd pf[2] = {{.fd = p1, .events = POLLIN}, {.fd = p2, .events = POLLIN}};
    while (got < N && poll(pf, 2, 1000) > 0) {
        for (int i = 0; i < 2; i++)
            if (pf[i].revents & POLLIN) {
                int s = accept4(pf[i].fd, NULL, NULL, SOCK_NONBLOCK);
                if (s >= 0) { got++; close(s); }
            }
    }
    printf("accepted over both listeners: %d of %d\n", got, N);
    return 0;
}
