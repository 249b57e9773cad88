// syscalls: socket bind listen getsockname connect accept sendto recvfrom recvmsg poll fork wait4 close
// expect: same
// recv flags on a TCP stream: MSG_PEEK (repeatable, then consumed), MSG_DONTWAIT (EAGAIN on empty),
// MSG_WAITALL (waits across several sends from a child), MSG_TRUNC on TCP (discard).
#include "net_util.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>

static void wait_readable(int fd) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    poll(&p, 1, 2000);
}

int main(void) {
    int c, s;
    char buf[64];
    pair(&c, &s);
    ssize_t n = recv(s, buf, sizeof buf, MSG_DONTWAIT);
    printf("MSG_DONTWAIT on empty: %s\n", n < 0 ? errname(errno) : "data");
    n = recv(s, buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT);
    printf("MSG_PEEK|MSG_DONTWAIT on empty: %s\n", n < 0 ? errname(errno) : "data");
    send(c, "abcdefghij", 10, 0);
    wait_readable(s);
    n = recv(s, buf, 4, MSG_PEEK);
    printf("peek 4: %zd %.*s\n", n, (int)n, buf);
    n = recv(s, buf, sizeof buf, MSG_PEEK);
    printf("peek all: %zd %.*s\n", n, (int)n, buf);
    n = recv(s, buf, 3, 0);
    printf("read 3: %zd %.*s\n", n, (int)n, buf);
    n = recv(s, buf, sizeof buf, MSG_PEEK);
    printf("peek rest: %zd %.*s\n", n, (int)n, buf);
    n = recv(s, buf, 2, MSG_TRUNC);
    printf("MSG_TRUNC 2 on tcp: %zd\n", n);
    n = recv(s, buf, sizeof buf, MSG_DONTWAIT);
    printf("read rest: %zd %.*s\n", n, (int)n, buf);
    n = recv(s, NULL, 0, MSG_DONTWAIT);
    printf("zero-length recv on empty: %s\n", n < 0 ? errname(errno) : "0");
    // recvmsg reports no flags for a plain read.
    send(c, "xyz", 3, 0);
    wait_readable(s);
    struct iovec iov = {buf, sizeof buf};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
    n = recvmsg(s, &mh, MSG_PEEK);
    printf("recvmsg peek: %zd flags %#x\n", n, mh.msg_flags);
    n = recvmsg(s, &mh, 0);
    printf("recvmsg: %zd flags %#x\n", n, mh.msg_flags);

    // MSG_WAITALL collects 30 bytes sent as three pieces with pauses.
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 3; i++) {
            usleep(50000);
            send(c, "0123456789", 10, 0);
        }
        _exit(0);
    }
    n = recv(s, buf, 30, MSG_WAITALL);
    printf("MSG_WAITALL 30: %zd %.*s\n", n, (int)(n > 0 ? n : 0), buf);
    waitpid(pid, NULL, 0);
    // MSG_WAITALL stops short at end-of-file.
    send(c, "tail", 4, 0);
    shutdown(c, SHUT_WR);
    n = recv(s, buf, 30, MSG_WAITALL);
    printf("MSG_WAITALL at EOF: %zd\n", n);
    n = recv(s, buf, 30, MSG_WAITALL);
    printf("then: %zd\n", n);
    // MSG_WAITALL with MSG_DONTWAIT returns what is there.
    send(s, "partial", 7, 0);
    wait_readable(c);
    n = recv(c, buf, 30, MSG_WAITALL | MSG_DONTWAIT);
    printf("MSG_WAITALL|MSG_DONTWAIT: %zd\n", n);
    n = send(c, "x", 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    printf("send after SHUT_WR with MSG_NOSIGNAL: %s\n", n < 0 ? errname(errno) : "ok");
    n = recv(s, buf, sizeof buf, 0x40000000);
    printf("recv unknown flag: %s\n", n < 0 ? errname(errno) : "ok");
    n = recv(s, buf, sizeof buf, MSG_OOB);
    printf("recv MSG_OOB without urgent data: %s\n", n < 0 ? errname(errno) : "ok");
    return 0;
}
