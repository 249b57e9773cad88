// syscalls: sendmsg sendmmsg sendto connect listen getpeername recvmsg
// expect: same
// Sends that carry an address (or none) on the sandbox's own loopback and unix sockets: what the
// broker must let through unchanged.
#define _GNU_SOURCE
#include "common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static struct sockaddr_in loopback(unsigned short port) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

int main(void) {
    // UDP on loopback: sendto, sendmsg and sendmmsg with msg_name, then connected sends.
    int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = loopback(0);
    MUST(bind(rx, (struct sockaddr *)&a, sizeof a));
    socklen_t len = sizeof a;
    MUST(getsockname(rx, (struct sockaddr *)&a, &len));
    REPORT("sendto loopback", sendto(tx, "one", 3, 0, (struct sockaddr *)&a, sizeof a) == 3 ? 0 : -1);
    struct iovec iov = {"two", 3};
    struct msghdr mh = {.msg_name = &a, .msg_namelen = sizeof a, .msg_iov = &iov, .msg_iovlen = 1};
    REPORT("sendmsg with name", sendmsg(tx, &mh, 0) == 3 ? 0 : -1);
    struct iovec iovs[2] = {{"three", 5}, {"four", 4}};
    struct mmsghdr mm[2] = {{.msg_hdr = {.msg_name = &a, .msg_namelen = sizeof a, .msg_iov = &iovs[0], .msg_iovlen = 1}},
                            {.msg_hdr = {.msg_name = &a, .msg_namelen = sizeof a, .msg_iov = &iovs[1], .msg_iovlen = 1}}};
    printf("sendmmsg sent: %d\n", sendmmsg(tx, mm, 2, 0));
    printf("sendmmsg vlen 0: %d\n", sendmmsg(tx, mm, 0, 0));
    struct msghdr bad = {.msg_name = &a, .msg_namelen = 3, .msg_iov = &iov, .msg_iovlen = 1};
    REPORT("sendmsg short name", sendmsg(tx, &bad, 0));
    REPORT("connect loopback", connect(tx, (struct sockaddr *)&a, sizeof a));
    struct sockaddr_in peer;
    len = sizeof peer;
    MUST(getpeername(tx, (struct sockaddr *)&peer, &len));
    printf("peer is rx: %s\n", peer.sin_port == a.sin_port && peer.sin_addr.s_addr == a.sin_addr.s_addr ? "yes" : "no");
    REPORT("send connected", send(tx, "five", 4, 0) == 4 ? 0 : -1);
    struct msghdr none = {.msg_iov = &iov, .msg_iovlen = 1};
    REPORT("sendmsg no name", sendmsg(tx, &none, 0) == 3 ? 0 : -1);
    char buf[16];
    for (int i = 0; i < 7; i++) {
        ssize_t n = recv(rx, buf, sizeof buf - 1, MSG_DONTWAIT);
        if (n < 0) { printf("recv %d: %s\n", i, errname(errno)); break; }
        buf[n] = 0;
        printf("got: %s\n", buf);
    }
    // AF_UNIX: a datagram to a bound name, and descriptors passed on a socketpair.
    char dir[] = "/tmp/conf-send-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    struct sockaddr_un u = {.sun_family = AF_UNIX};
    strcpy(u.sun_path, "dgram");
    int ur = socket(AF_UNIX, SOCK_DGRAM, 0), ut = socket(AF_UNIX, SOCK_DGRAM, 0);
    MUST(bind(ur, (struct sockaddr *)&u, sizeof u));
    struct msghdr um = {.msg_name = &u, .msg_namelen = sizeof u, .msg_iov = &iov, .msg_iovlen = 1};
    REPORT("sendmsg unix name", sendmsg(ut, &um, 0) == 3 ? 0 : -1);
    ssize_t n = recv(ur, buf, sizeof buf, 0);
    printf("unix got %zd\n", n);
    int sv[2];
    MUST(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    char control[CMSG_SPACE(sizeof(int))] = {0};
    struct msghdr fm = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&fm);
    cm->cmsg_level = SOL_SOCKET, cm->cmsg_type = SCM_RIGHTS, cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &rx, sizeof rx);
    REPORT("sendmsg SCM_RIGHTS", sendmsg(sv[0], &fm, 0) == 3 ? 0 : -1);
    char rcontrol[CMSG_SPACE(sizeof(int))];
    struct msghdr rm = {.msg_iov = &(struct iovec){buf, sizeof buf}, .msg_iovlen = 1, .msg_control = rcontrol,
                        .msg_controllen = sizeof rcontrol};
    n = recvmsg(sv[1], &rm, 0);
    struct cmsghdr *rc = CMSG_FIRSTHDR(&rm);
    printf("received %zd with a descriptor: %s\n", n, rc && rc->cmsg_type == SCM_RIGHTS ? "yes" : "no");
    unlink("dgram");
    chdir("/");
    rmdir(dir);
    return 0;
}
