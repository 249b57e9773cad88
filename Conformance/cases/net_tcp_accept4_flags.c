// syscalls: socket bind listen getsockname connect accept accept4 fcntl close
// expect: same
// accept4 flags: SOCK_NONBLOCK and SOCK_CLOEXEC land on the new descriptor only; bad flags; an
// empty non-blocking listener; the listener's own flags are not inherited.
#include "common.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <netinet/in.h>

static struct sockaddr_in addr;

static int client(void) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    MUST(connect(c, (struct sockaddr *)&addr, sizeof addr));
    return c;
}

static void show(const char *label, int fd) {
    if (fd < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    int fl = fcntl(fd, F_GETFL), fd_fl = fcntl(fd, F_GETFD);
    printf("%s: nonblock=%d cloexec=%d\n", label, !!(fl & O_NONBLOCK), !!(fd_fl & FD_CLOEXEC));
}

int main(void) {
    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    addr = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(l, (struct sockaddr *)&addr, sizeof addr));
    socklen_t len = sizeof addr;
    MUST(getsockname(l, (struct sockaddr *)&addr, &len));
    MUST(listen(l, 16));
    show("listener", l);
    int r = accept4(l, NULL, NULL, 0);
    printf("accept4 on empty non-blocking listener: %s\n", r < 0 ? errname(errno) : "ok");
    r = accept(l, NULL, NULL);
    printf("accept on empty non-blocking listener: %s\n", r < 0 ? errname(errno) : "ok");
    int c1 = client(), c2 = client(), c3 = client(), c4 = client(), c5 = client();
    r = accept4(l, NULL, NULL, 0x40000000);
    printf("accept4 bad flags: %s\n", r < 0 ? errname(errno) : "ok");
    r = accept4(l, NULL, NULL, O_APPEND);
    printf("accept4 O_APPEND: %s\n", r < 0 ? errname(errno) : "ok");
    show("accept4 0", accept4(l, NULL, NULL, 0));
    show("accept4 SOCK_NONBLOCK", accept4(l, NULL, NULL, SOCK_NONBLOCK));
    show("accept4 SOCK_CLOEXEC", accept4(l, NULL, NULL, SOCK_CLOEXEC));
    show("accept4 both", accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC));
    show("accept", accept(l, NULL, NULL));
    r = accept4(l, NULL, NULL, 0);
    printf("accept4 after draining: %s\n", r < 0 ? errname(errno) : "ok");
    // A too-short address buffer is truncated, and the length reports the full size.
    int c6 = client();
    struct sockaddr_in small;
    socklen_t sl = 4;
    int s6 = accept4(l, (struct sockaddr *)&small, &sl, 0);
    printf("accept4 short addrlen: %s, length now %u\n", s6 < 0 ? errname(errno) : "ok", sl);
    int c7 = client();
    socklen_t neg = (socklen_t)-1;
    r = accept4(l, (struct sockaddr *)&small, &neg, 0);
    printf("accept4 negative addrlen: %s\n", r < 0 ? errname(errno) : "ok");
    (void)c1; (void)c2; (void)c3; (void)c4; (void)c5; (void)c6; (void)c7;
    return 0;
}
