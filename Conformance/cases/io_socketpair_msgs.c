// syscalls: socketpair sendmsg recvmsg sendto recvfrom getsockopt shutdown
// expect: same
/* socketpair SOCK_SEQPACKET and SOCK_DGRAM keep message boundaries; MSG_PEEK leaves data,
 * MSG_TRUNC reports the real length (flag in and out), zero-length messages; SOCK_STREAM merges. */
#include "common.h"
#include <fcntl.h>
#include <sys/socket.h>

static void recv_show(const char *label, int fd, size_t len, int flags) {
    char buf[64] = {0};
    struct iovec iov = { buf, len };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
    ssize_t n = recvmsg(fd, &m, flags);
    if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    size_t shown = (size_t)n < len ? (size_t)n : len;
    printf("%s: %zd \"%.*s\"%s%s\n", label, n, (int)shown, buf, (m.msg_flags & MSG_TRUNC) ? " MSG_TRUNC" : "",
           (m.msg_flags & MSG_EOR) ? " MSG_EOR" : "");
}

static void run(const char *name, int type) {
    int s[2];
    printf("== %s\n", name);
    if (socketpair(AF_UNIX, type | SOCK_NONBLOCK, 0, s) < 0) { printf("socketpair: %s\n", errname(errno)); return; }
    send(s[0], "alpha", 5, 0);
    send(s[0], "bravo-charlie", 13, 0);
    send(s[0], "", 0, 0);
    send(s[0], "delta", 5, 0);
    recv_show("peek 3", s[1], 3, MSG_PEEK);
    recv_show("peek again 64", s[1], 64, MSG_PEEK);
    recv_show("read 64", s[1], 64, 0);
    recv_show("read 5 of 13", s[1], 5, 0);
    recv_show("next", s[1], 64, 0);
    recv_show("MSG_TRUNC read 2", s[1], 2, MSG_TRUNC);
    recv_show("empty", s[1], 64, MSG_DONTWAIT);
    send(s[0], "echo", 4, 0);
    recv_show("MSG_PEEK|MSG_TRUNC 1", s[1], 1, MSG_PEEK | MSG_TRUNC);
    recv_show("then read", s[1], 64, 0);
    shutdown(s[0], SHUT_WR);
    recv_show("after peer SHUT_WR", s[1], 64, 0);
    close(s[0]); close(s[1]);
}

int main(void) {
    run("SOCK_SEQPACKET", SOCK_SEQPACKET);
    run("SOCK_DGRAM", SOCK_DGRAM);
    run("SOCK_STREAM", SOCK_STREAM);
    int s[2];
    REPORT("socketpair AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, s));
    REPORT("socketpair bad type", socketpair(AF_UNIX, 99, 0, s));
    REPORT("socketpair bad protocol", socketpair(AF_UNIX, SOCK_STREAM, 5, s));
    MUST(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, s));
    FACT("SOCK_CLOEXEC on both", fcntl(s[0], F_GETFD) == FD_CLOEXEC && fcntl(s[1], F_GETFD) == FD_CLOEXEC);
    int sz = 4096;
    setsockopt(s[0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
    static char big[300000];
    REPORT("datagram larger than the send buffer", send(s[0], big, sizeof big, MSG_DONTWAIT));
    REPORT("send with MSG_OOB", send(s[0], "x", 1, MSG_OOB));
    printf("sendto own connected peer address NULL: %zd\n", sendto(s[0], "x", 1, 0, NULL, 0));
    close(s[1]);
    REPORT("dgram send after peer closed", send(s[0], "x", 1, MSG_NOSIGNAL));
    MUST(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, s));
    close(s[1]);
    REPORT("seqpacket send after peer closed", send(s[0], "x", 1, MSG_NOSIGNAL));
    char c;
    printf("seqpacket recv after peer closed: %zd\n", recv(s[0], &c, 1, 0));
    return 0;
}
