// syscalls: socket setsockopt getsockopt bind listen connect accept close
// expect: same
// Get/set round trips of TCP and socket-level options on an IPv4 stream socket.
#include "common.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

static void rt(int fd, int level, int opt, const char *name, int value) {
    int v = -1;
    socklen_t len = sizeof v;
    int r = getsockopt(fd, level, opt, &v, &len);
    if (r < 0) { printf("%s get: %s\n", name, errname(errno)); return; }
    printf("%s default: %d", name, v);
    r = setsockopt(fd, level, opt, &value, sizeof value);
    if (r < 0) { printf(", set %d: %s\n", value, errname(errno)); return; }
    v = -1;
    len = sizeof v;
    getsockopt(fd, level, opt, &v, &len);
    printf(", set %d -> %d (len %u)\n", value, v, len);
}

static void setonly(int fd, int level, int opt, const char *name, int value) {
    int r = setsockopt(fd, level, opt, &value, sizeof value);
    printf("%s set %d: %s\n", name, value, r < 0 ? errname(errno) : "ok");
}

int main(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    rt(fd, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY", 1);
    rt(fd, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY", 0);
    rt(fd, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY", 7);
    rt(fd, IPPROTO_TCP, TCP_CORK, "TCP_CORK", 1);
    rt(fd, IPPROTO_TCP, TCP_CORK, "TCP_CORK", 0);
    rt(fd, SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE", 1);
    rt(fd, SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE", 0);
    rt(fd, IPPROTO_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE", 60);
    setonly(fd, IPPROTO_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE", 0);
    setonly(fd, IPPROTO_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE", 32768);
    rt(fd, IPPROTO_TCP, TCP_KEEPINTVL, "TCP_KEEPINTVL", 5);
    setonly(fd, IPPROTO_TCP, TCP_KEEPINTVL, "TCP_KEEPINTVL", 0);
    rt(fd, IPPROTO_TCP, TCP_KEEPCNT, "TCP_KEEPCNT", 3);
    setonly(fd, IPPROTO_TCP, TCP_KEEPCNT, "TCP_KEEPCNT", 0);
    setonly(fd, IPPROTO_TCP, TCP_KEEPCNT, "TCP_KEEPCNT", 128);
    rt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, "TCP_USER_TIMEOUT", 5000);
    setonly(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, "TCP_USER_TIMEOUT", -1);
    rt(fd, IPPROTO_TCP, TCP_LINGER2, "TCP_LINGER2 (set 30)", 30);
    rt(fd, IPPROTO_TCP, TCP_SYNCNT, "TCP_SYNCNT", 3);
    setonly(fd, IPPROTO_TCP, TCP_SYNCNT, "TCP_SYNCNT", 0);
    setonly(fd, IPPROTO_TCP, TCP_SYNCNT, "TCP_SYNCNT", 300);
    rt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, "TCP_DEFER_ACCEPT", 0);
    rt(fd, IPPROTO_TCP, TCP_QUICKACK, "TCP_QUICKACK", 0);
    rt(fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, "TCP_NOTSENT_LOWAT", 16384);
    rt(fd, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR", 1);
    rt(fd, SOL_SOCKET, SO_OOBINLINE, "SO_OOBINLINE", 1);
    rt(fd, SOL_SOCKET, SO_DONTROUTE, "SO_DONTROUTE", 1);
    rt(fd, SOL_SOCKET, SO_RCVLOWAT, "SO_RCVLOWAT", 10);
    rt(fd, IPPROTO_IP, IP_TOS, "IP_TOS", 0x10);
    rt(fd, IPPROTO_IP, IP_TTL, "IP_TTL (set 32)", 32);
    setonly(fd, IPPROTO_IP, IP_TTL, "IP_TTL", 0);
    setonly(fd, IPPROTO_IP, IP_TTL, "IP_TTL", 256);
    int v = 0;
    socklen_t len = sizeof v;
    getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len);
    printf("SO_TYPE: %d\n", v);
    getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len);
    printf("SO_PROTOCOL: %d\n", v);
    getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len);
    printf("SO_DOMAIN: %d\n", v);
    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
    printf("SO_ACCEPTCONN before listen: %d\n", v);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(fd, (struct sockaddr *)&a, sizeof a));
    MUST(listen(fd, 1));
    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
    printf("SO_ACCEPTCONN after listen: %d\n", v);
    REPORT("set SO_ACCEPTCONN", setsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, sizeof v));
    REPORT("set SO_TYPE", setsockopt(fd, SOL_SOCKET, SO_TYPE, &v, sizeof v));
    // Options inherited through accept.
    len = sizeof a;
    MUST(getsockname(fd, (struct sockaddr *)&a, &len));
    int c = socket(AF_INET, SOCK_STREAM, 0);
    MUST(connect(c, (struct sockaddr *)&a, sizeof a));
    int s = accept(fd, NULL, NULL);
    len = sizeof v;
    getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, &len);
    printf("accepted TCP_NODELAY: %d\n", v);
    getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, &len);
    printf("accepted SO_KEEPALIVE: %d\n", v);
    getsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &v, &len);
    printf("accepted TCP_KEEPIDLE: %d\n", v);
    getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
    printf("accepted SO_ACCEPTCONN: %d\n", v);
    // Reading an int option into a short buffer.
    char small = 0x55;
    len = 1;
    int r = getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &small, &len);
    printf("TCP_NODELAY into 1 byte: %s len %u\n", r < 0 ? errname(errno) : "ok", len);
    long long big = -1;
    len = sizeof big;
    r = getsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &big, &len);
    printf("SO_KEEPALIVE into 8 bytes: %s len %u\n", r < 0 ? errname(errno) : "ok", len);
    return 0;
}
