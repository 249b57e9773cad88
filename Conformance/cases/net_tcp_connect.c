// syscalls: socket bind listen getsockname connect accept getsockopt poll close fcntl
// expect: same
// Connecting: to a closed port (ECONNREFUSED, blocking and not), non-blocking connect to a listener
// (EINPROGRESS, then writable with SO_ERROR 0), and what a second connect answers.
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <netinet/in.h>

static struct sockaddr_in closed_port(void) {
    int t = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(t, (struct sockaddr *)&a, sizeof a));
    socklen_t len = sizeof a;
    MUST(getsockname(t, (struct sockaddr *)&a, &len));
    close(t);
    return a;
}

static int so_error(int fd) {
    int e = -1;
    socklen_t len = sizeof e;
    MUST(getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len));
    return e;
}

int main(void) {
    struct sockaddr_in dead = closed_port();
    int c = socket(AF_INET, SOCK_STREAM, 0);
    REPORT("connect closed port", connect(c, (struct sockaddr *)&dead, sizeof dead));
    printf("SO_ERROR after refused: %s\n", errname(so_error(c)));
    REPORT("connect again after refused", connect(c, (struct sockaddr *)&dead, sizeof dead));
    close(c);

    c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect(c, (struct sockaddr *)&dead, sizeof dead);
    printf("non-blocking connect closed port: %s\n", r < 0 ? errname(errno) : "ok");
    struct pollfd p = {.fd = c, .events = POLLOUT};
    r = poll(&p, 1, 2000);
    printf("poll: %d out=%d err=%d hup=%d\n", r, !!(p.revents & POLLOUT), !!(p.revents & POLLERR), !!(p.revents & POLLHUP));
    printf("SO_ERROR: %s\n", errname(so_error(c)));
    printf("SO_ERROR then: %s\n", errname(so_error(c)));
    close(c);

    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(l, (struct sockaddr *)&a, sizeof a));
    socklen_t len = sizeof a;
    MUST(getsockname(l, (struct sockaddr *)&a, &len));
    MUST(listen(l, 4));
    c = socket(AF_INET, SOCK_STREAM, 0);
    MUST(fcntl(c, F_SETFL, O_NONBLOCK));
    r = connect(c, (struct sockaddr *)&a, sizeof a);
    printf("non-blocking connect listener: %s\n", r < 0 ? errname(errno) : "ok");
    p = (struct pollfd){.fd = c, .events = POLLOUT | POLLIN};
    r = poll(&p, 1, 2000);
    printf("poll: %d out=%d in=%d err=%d\n", r, !!(p.revents & POLLOUT), !!(p.revents & POLLIN), !!(p.revents & POLLERR));
    printf("SO_ERROR: %s\n", errname(so_error(c)));
    r = connect(c, (struct sockaddr *)&a, sizeof a);
    printf("connect after established: %s\n", r < 0 ? errname(errno) : "ok");
    int s = accept(l, NULL, NULL);
    FACT("accepted", s >= 0);
    printf("send: %zd\n", send(c, "abc", 3, 0));
    char buf[8];
    printf("recv: %zd\n", recv(s, buf, sizeof buf, 0));
    // Bad addresses.
    int d = socket(AF_INET, SOCK_STREAM, 0);
    REPORT("connect short addrlen", connect(d, (struct sockaddr *)&a, 4));
    struct sockaddr_in6 six = {.sin6_family = AF_INET6};
    REPORT("connect AF_INET6 address on AF_INET", connect(d, (struct sockaddr *)&six, sizeof six));
    REPORT("connect port 0", connect(d, (struct sockaddr *)&(struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)}, sizeof a));
    close(d);
    return 0;
}
