// syscalls: socket bind getsockname sendmmsg recvmmsg sendto close
// expect: same
// sendmmsg/recvmmsg batches over loopback UDP: counts, per-message lengths and sources, MSG_TRUNC
// per message, vlen larger than what is queued, MSG_WAITFORONE.
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

enum { N = 8 };

int main(void) {
    struct sockaddr_in ra, ta;
    int rx = udp(&ra), tx = udp(&ta);
    char payload[N][32];
    struct iovec iov[N];
    struct mmsghdr out[N];
    memset(out, 0, sizeof out);
    for (int i = 0; i < N; i++) {
        int len = snprintf(payload[i], sizeof payload[i], "message %d%.*s", i, i, "xxxxxxxxxx");
        iov[i] = (struct iovec){payload[i], (size_t)len};
        out[i].msg_hdr = (struct msghdr){.msg_name = &ra, .msg_namelen = sizeof ra, .msg_iov = &iov[i], .msg_iovlen = 1};
    }
    int r = sendmmsg(tx, out, N, 0);
    printf("sendmmsg: %d\n", r);
    for (int i = 0; i < N; i++) printf("  msg_len[%d] = %u\n", i, out[i].msg_len);
    // Receive 5 with buffers of 10 bytes: longer messages are truncated.
    char in[N][10];
    struct iovec riov[N];
    struct sockaddr_in from[N];
    struct mmsghdr rm[N];
    memset(rm, 0, sizeof rm);
    for (int i = 0; i < N; i++) {
        riov[i] = (struct iovec){in[i], sizeof in[i]};
        rm[i].msg_hdr = (struct msghdr){.msg_name = &from[i], .msg_namelen = sizeof from[i], .msg_iov = &riov[i], .msg_iovlen = 1};
    }
    r = recvmmsg(rx, rm, 5, MSG_DONTWAIT, NULL);
    printf("recvmmsg 5: %d\n", r);
    for (int i = 0; i < r; i++)
        printf("  [%d] len %u trunc %d from tx %s: %.*s\n", i, rm[i].msg_len, !!(rm[i].msg_hdr.msg_flags & MSG_TRUNC),
               from[i].sin_port == ta.sin_port ? "yes" : "no", (int)(rm[i].msg_len < 10 ? rm[i].msg_len : 10), in[i]);
    for (int i = 0; i < N; i++) rm[i].msg_hdr.msg_namelen = sizeof from[i], rm[i].msg_hdr.msg_flags = 0;
    r = recvmmsg(rx, rm, N, MSG_DONTWAIT, NULL);
    printf("recvmmsg 8 with 3 queued: %d\n", r);
    for (int i = 0; i < r; i++) printf("  [%d] len %u trunc %d\n", i, rm[i].msg_len, !!(rm[i].msg_hdr.msg_flags & MSG_TRUNC));
    r = recvmmsg(rx, rm, N, MSG_DONTWAIT, NULL);
    printf("recvmmsg on empty: %s\n", r < 0 ? errname(errno) : "data");
    // MSG_WAITFORONE: blocks for the first, then returns what is there.
    sendto(tx, "one", 3, 0, (struct sockaddr *)&ra, sizeof ra);
    sendto(tx, "two", 3, 0, (struct sockaddr *)&ra, sizeof ra);
    r = recvmmsg(rx, rm, N, MSG_WAITFORONE, NULL);
    printf("recvmmsg MSG_WAITFORONE: %d\n", r);
    // A timeout with data present.
    sendto(tx, "three", 5, 0, (struct sockaddr *)&ra, sizeof ra);
    struct timespec ts = {0, 100000000};
    r = recvmmsg(rx, rm, 1, 0, &ts);
    printf("recvmmsg with timeout, 1 queued, vlen 1: %d\n", r);
    // sendmmsg with one bad message: stops at the bad one.
    out[2].msg_hdr.msg_namelen = 3;
    r = sendmmsg(tx, out, 4, 0);
    printf("sendmmsg with bad third name: %d\n", r);
    r = sendmmsg(tx, out + 2, 2, 0);
    printf("sendmmsg starting at the bad one: %s\n", r < 0 ? errname(errno) : "sent");
    r = recvmmsg(rx, rm, N, MSG_DONTWAIT, NULL);
    printf("received: %d\n", r);
    // Connected socket: sendmmsg without names.
    MUST(connect(tx, (struct sockaddr *)&ra, sizeof ra));
    for (int i = 0; i < N; i++) out[i].msg_hdr.msg_name = NULL, out[i].msg_hdr.msg_namelen = 0;
    r = sendmmsg(tx, out, 3, 0);
    printf("connected sendmmsg: %d\n", r);
    for (int i = 0; i < N; i++) rm[i].msg_hdr.msg_name = NULL, rm[i].msg_hdr.msg_namelen = 0;
    r = recvmmsg(rx, rm, N, MSG_DONTWAIT, NULL);
    printf("received: %d\n", r);
    r = sendmmsg(tx, out, 0, 0);
    printf("sendmmsg vlen 0: %d\n", r);
    r = recvmmsg(rx, rm, 0, MSG_DONTWAIT, NULL);
    printf("recvmmsg vlen 0: %s\n", r < 0 ? errname(errno) : "0");
    return 0;
}
