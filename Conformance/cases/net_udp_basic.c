// syscalls: socket bind getsockname sendto recvfrom recvmsg ioctl close
// expect: same
// UDP on 127.0.0.1: sendto/recvfrom with the source address, datagram boundaries, empty datagrams,
// and truncation on a short buffer (MSG_TRUNC in msg_flags, and as a recv flag).
#include "common.h"
#include <sys/ioctl.h>
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
    struct sockaddr_in ra, ta;
    int rx = udp(&ra), tx = udp(&ta);
    FACT("ports non-zero and distinct", ra.sin_port && ta.sin_port && ra.sin_port != ta.sin_port);
    printf("sendto: %zd\n", sendto(tx, "first", 5, 0, (struct sockaddr *)&ra, sizeof ra));
    printf("sendto: %zd\n", sendto(tx, "second!", 7, 0, (struct sockaddr *)&ra, sizeof ra));
    printf("sendto empty: %zd\n", sendto(tx, "", 0, 0, (struct sockaddr *)&ra, sizeof ra));
    printf("sendto: %zd\n", sendto(tx, "a long datagram for truncation", 30, 0, (struct sockaddr *)&ra, sizeof ra));
    printf("sendto: %zd\n", sendto(tx, "another long one", 16, 0, (struct sockaddr *)&ra, sizeof ra));
    int avail = -1;
    MUST(ioctl(rx, FIONREAD, &avail));
    printf("FIONREAD (next datagram): %d\n", avail);
    char buf[64];
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    ssize_t n = recvfrom(rx, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    printf("got %zd: %.*s\n", n, (int)n, buf);
    FACT("source is the sender", fl == sizeof from && from.sin_family == AF_INET && from.sin_port == ta.sin_port &&
                                 from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    n = recvfrom(rx, buf, 3, 0, NULL, NULL);
    printf("short read of 7-byte datagram: %zd %.*s\n", n, (int)n, buf);
    MUST(ioctl(rx, FIONREAD, &avail));
    printf("FIONREAD at empty datagram: %d\n", avail);
    n = recvfrom(rx, buf, sizeof buf, 0, NULL, NULL);
    printf("empty datagram: %zd\n", n);
    struct iovec iov = {buf, 8};
    struct msghdr mh = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1};
    n = recvmsg(rx, &mh, 0);
    printf("recvmsg 8 of 30: %zd, MSG_TRUNC set: %s, namelen %u\n", n, (mh.msg_flags & MSG_TRUNC) ? "yes" : "no", mh.msg_namelen);
    n = recv(rx, buf, 4, MSG_TRUNC);
    printf("recv 4 with MSG_TRUNC flag returns real length: %zd\n", n);
    n = recv(rx, buf, sizeof buf, MSG_DONTWAIT);
    printf("queue empty: %s\n", n < 0 ? errname(errno) : "no");
    MUST(ioctl(rx, FIONREAD, &avail));
    printf("FIONREAD empty: %d\n", avail);
    // Peek keeps the datagram; a short name buffer is truncated.
    sendto(tx, "peek", 4, 0, (struct sockaddr *)&ra, sizeof ra);
    n = recv(rx, buf, sizeof buf, MSG_PEEK);
    printf("peek: %zd\n", n);
    char tiny[4];
    socklen_t tl = sizeof tiny;
    n = recvfrom(rx, buf, sizeof buf, 0, (struct sockaddr *)tiny, &tl);
    printf("recvfrom with 4-byte name buffer: %zd, namelen %u\n", n, tl);
    // Errors.
    n = sendto(tx, "x", 1, 0, NULL, 0);
    printf("sendto without address on unconnected: %s\n", n < 0 ? errname(errno) : "ok");
    n = sendto(tx, "x", 1, 0, (struct sockaddr *)&ra, 4);
    printf("sendto short address: %s\n", n < 0 ? errname(errno) : "ok");
    static char big[70000];
    n = sendto(tx, big, sizeof big, 0, (struct sockaddr *)&ra, sizeof ra);
    printf("sendto 70000 bytes: %s\n", n < 0 ? errname(errno) : "ok");
    n = sendto(tx, big, 65507, 0, (struct sockaddr *)&ra, sizeof ra);
    printf("sendto 65507 bytes: %zd\n", n);
    n = recv(rx, big, sizeof big, 0);
    printf("received: %zd\n", n);
    struct sockaddr_in zero = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    n = sendto(tx, "x", 1, 0, (struct sockaddr *)&zero, sizeof zero);
    printf("sendto port 0: %s\n", n < 0 ? errname(errno) : "ok");
    // An unbound socket gets a port on its first send.
    int fresh = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in fa;
    socklen_t fal = sizeof fa;
    getsockname(fresh, (struct sockaddr *)&fa, &fal);
    FACT("unbound port is 0", fa.sin_port == 0);
    sendto(fresh, "y", 1, 0, (struct sockaddr *)&ra, sizeof ra);
    fal = sizeof fa;
    getsockname(fresh, (struct sockaddr *)&fa, &fal);
    FACT("port assigned after send", fa.sin_port != 0);
    fl = sizeof from;
    n = recvfrom(rx, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    FACT("source port matches", n == 1 && from.sin_port == fa.sin_port);
    return 0;
}
