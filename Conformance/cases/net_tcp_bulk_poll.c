// syscalls: socket bind listen getsockname connect accept4 poll sendto recvfrom fcntl close
// expect: same
// 1 MiB through a loopback TCP connection in one process, both ends non-blocking, driven by poll;
// the bytes arrive in order and intact.
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <netinet/in.h>

enum { TOTAL = 1 << 20 };
static unsigned char out[TOTAL], in[TOTAL];

int main(void) {
    for (int i = 0; i < TOTAL; i++) out[i] = (unsigned char)(i * 7 + (i >> 8));
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(l, (struct sockaddr *)&a, sizeof a));
    socklen_t len = sizeof a;
    MUST(getsockname(l, (struct sockaddr *)&a, &len));
    MUST(listen(l, 1));
    int c = socket(AF_INET, SOCK_STREAM, 0);
    MUST(connect(c, (struct sockaddr *)&a, sizeof a));
    int s = accept4(l, NULL, NULL, SOCK_NONBLOCK);
    MUST(s);
    MUST(fcntl(c, F_SETFL, O_NONBLOCK));
    size_t sent = 0, got = 0;
    int eagain_send = 0, loops = 0, shut = 0;
    while (got < TOTAL && loops < 100000) {
        loops++;
        struct pollfd p[2] = {{.fd = c, .events = sent < TOTAL ? POLLOUT : 0}, {.fd = s, .events = POLLIN}};
        int r = poll(p, 2, 5000);
        if (r <= 0) { printf("poll: %d %s\n", r, errname(errno)); break; }
        if (p[0].revents & POLLOUT) {
            size_t chunk = TOTAL - sent < 100000 ? TOTAL - sent : 100000;
            ssize_t n = send(c, out + sent, chunk, 0);
            if (n > 0) sent += n;
            else if (n < 0 && errno == EAGAIN) eagain_send++;
            else if (n < 0) { printf("send: %s\n", errname(errno)); break; }
            if (sent == TOTAL && !shut) { shutdown(c, SHUT_WR); shut = 1; }
        }
        if (p[1].revents & POLLIN) {
            ssize_t n = recv(s, in + got, TOTAL - got, 0);
            if (n > 0) got += n;
            else if (n == 0) break;
            else if (errno != EAGAIN) { printf("recv: %s\n", errname(errno)); break; }
        }
    }
    printf("sent: %zu\n", sent);
    printf("received: %zu\n", got);
    FACT("identical", got == TOTAL && memcmp(in, out, TOTAL) == 0);
    char b;
    struct pollfd p = {.fd = s, .events = POLLIN | POLLRDHUP};
    poll(&p, 1, 2000);
    printf("after all: POLLIN=%d POLLRDHUP=%d, recv %zd\n", !!(p.revents & POLLIN), !!(p.revents & POLLRDHUP),
           recv(s, &b, 1, 0));
    // And back the other way with blocking sockets in a pipelined fashion: small writes.
    int fl = fcntl(s, F_GETFL);
    fcntl(s, F_SETFL, fl & ~O_NONBLOCK);
    fl = fcntl(c, F_GETFL);
    fcntl(c, F_SETFL, fl & ~O_NONBLOCK);
    size_t back = 0;
    for (int i = 0; i < 256; i++) back += send(s, out + i * 1000, 1000, 0);
    shutdown(s, SHUT_WR);
    size_t rb = 0;
    ssize_t n;
    while ((n = recv(c, in + rb, TOTAL - rb, 0)) > 0) rb += n;
    printf("back: sent %zu received %zu identical %s\n", back, rb, rb == back && memcmp(in, out, rb) == 0 ? "yes" : "no");
    return 0;
}
