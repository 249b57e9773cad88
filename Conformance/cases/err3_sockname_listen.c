// syscalls: getsockname getpeername listen bind connect
// expect: same
/* getsockname/getpeername and listen error paths: bad, closed, huge and non-socket descriptors,
 * an O_PATH descriptor of a bound socket's file, NULL/unmapped/read-only/straddling address and
 * length pointers, negative and short lengths (the name is cut, the full length reported), names
 * bound relative to the cwd (the kernel keeps what was given), unconnected sockets (ENOTCONN
 * comes before the length is read), listen on unbound, connected, datagram and socketpair
 * sockets, backlogs of -1, INT_MAX and with junk above 32 bits. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include "err_util.h"

static void show(const char *label, long r, struct sockaddr_un *a, socklen_t given, socklen_t len) {
    if (r == -1) { printf("%s: %s\n", label, errname(errno)); return; }
    size_t shown = given < len ? given : len;
    char text[128] = "";
    if (shown > 2) { memcpy(text, a->sun_path, shown - 2); text[shown - 2] = 0; }
    printf("%s: ok len %u name \"%s\"\n", label, (unsigned)len, text);
}

#define NAME(label, call, s, givenlen) do {                                   \
        struct sockaddr_un a_; memset(&a_, 0, sizeof a_);                    \
        socklen_t l_ = (givenlen);                                           \
        errno = 0;                                                           \
        long r_ = call(s, (struct sockaddr *)&a_, &l_);                      \
        show(label, r_, &a_, (givenlen), l_);                                \
    } while (0)

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(ro == MAP_FAILED ? -1 : 0);
    enter_scratch("err3-sockname");
    MUST(mkdir("d", 0755));
    int srv = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(srv);
    struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = "d/server" };
    MUST(bind(srv, (struct sockaddr *)&sa, sizeof sa));
    int pp[2];
    MUST(pipe(pp));
    int closed = fcntl(pp[0], F_DUPFD, 900);   /* a number nothing reuses */
    MUST(closed);
    close(closed);
    int opath = open("d/server", O_PATH);
    MUST(opath);

    NAME("getsockname bound d/server", getsockname, srv, sizeof(struct sockaddr_un));
    NAME("getsockname len 0", getsockname, srv, 0);
    NAME("getsockname len 2", getsockname, srv, 2);
    NAME("getsockname len 5", getsockname, srv, 5);
    NAME("getsockname len 10 (no NUL)", getsockname, srv, 10);
    NAME("getsockname len 200", getsockname, srv, 200);
    socklen_t l = (socklen_t)-1;
    struct sockaddr_un a;
    REPORT("getsockname len -1", getsockname(srv, (struct sockaddr *)&a, &l));
    l = sizeof a;
    REPORT("getsockname NULL length", getsockname(srv, (struct sockaddr *)&a, NULL));
    REPORT("getsockname (void*)1 length", getsockname(srv, (struct sockaddr *)&a, (socklen_t *)1));
    REPORT("getsockname read-only length", getsockname(srv, (struct sockaddr *)&a, (socklen_t *)ro));
    socklen_t *edge_len = (socklen_t *)(edge - 2);
    REPORT("getsockname length straddling edge", getsockname(srv, (struct sockaddr *)&a, edge_len));
    l = sizeof a;
    REPORT("getsockname NULL address, len 110", getsockname(srv, NULL, &l));
    l = 0;
    REPORT("getsockname NULL address, len 0", getsockname(srv, NULL, &l));
    printf("  len now %u\n", (unsigned)l);
    l = sizeof a;
    REPORT("getsockname (void*)1 address", getsockname(srv, (struct sockaddr *)1, &l));
    l = sizeof a;
    REPORT("getsockname read-only address", getsockname(srv, (struct sockaddr *)ro, &l));
    l = sizeof a;
    REPORT("getsockname address straddling edge", getsockname(srv, (struct sockaddr *)(edge - 6), &l));
    l = 6;
    REPORT("getsockname address ending at edge, len 6", getsockname(srv, (struct sockaddr *)(edge - 6), &l));
    l = sizeof a;
    REPORT("getsockname fd -1", getsockname(-1, (struct sockaddr *)&a, &l));
    REPORT("getsockname fd -1, NULL length", getsockname(-1, (struct sockaddr *)&a, NULL));
    REPORT("getsockname closed fd", getsockname(closed, (struct sockaddr *)&a, &l));
    REPORT("getsockname fd INT_MAX", getsockname(INT_MAX, (struct sockaddr *)&a, &l));
    REPORT("getsockname pipe", getsockname(pp[0], (struct sockaddr *)&a, &l));
    REPORT("getsockname pipe, NULL length", getsockname(pp[0], (struct sockaddr *)&a, NULL));
    REPORT("getsockname O_PATH socket file", getsockname(opath, (struct sockaddr *)&a, &l));

    REPORT("listen fd -1", listen(-1, 5));
    REPORT("listen closed fd", listen(closed, 5));
    REPORT("listen pipe", listen(pp[0], 5));
    REPORT("listen O_PATH socket file", listen(opath, 5));
    REPORT("listen backlog -1", listen(srv, -1));
    REPORT("listen backlog INT_MAX", listen(srv, INT_MAX));
    REPORT("listen backlog INT_MIN", listen(srv, INT_MIN));
    REPORT("listen backlog junk<<32 | 4", syscall(SYS_listen, srv, (0x5a5aL << 32) | 4));
    int u = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(u);
    REPORT("listen unbound stream socket", listen(u, 5));
    int dg = socket(AF_UNIX, SOCK_DGRAM, 0);
    MUST(dg);
    REPORT("listen datagram socket", listen(dg, 5));
    int sv[2];
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    REPORT("listen socketpair end", listen(sv[0], 5));

    REPORT("connect O_PATH socket file", connect(opath, (struct sockaddr *)&sa, sizeof sa));
    struct sockaddr_un nb = { .sun_family = AF_UNIX, .sun_path = "other" };
    REPORT("bind O_PATH socket file", bind(opath, (struct sockaddr *)&nb, sizeof nb));
    FACT("  other not made", access("other", F_OK) != 0);

    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(c);
    l = sizeof a;
    REPORT("getpeername unconnected", getpeername(c, (struct sockaddr *)&a, &l));
    REPORT("getpeername unconnected, NULL length", getpeername(c, (struct sockaddr *)&a, NULL));
    REPORT("getpeername listener", getpeername(srv, (struct sockaddr *)&a, &l));
    MUST(connect(c, (struct sockaddr *)&sa, sizeof sa));
    int acc = accept(srv, NULL, NULL);
    MUST(acc);
    NAME("getpeername client", getpeername, c, sizeof(struct sockaddr_un));
    NAME("getpeername client, len 4", getpeername, c, 4);
    NAME("getpeername accepted (peer unbound)", getpeername, acc, sizeof(struct sockaddr_un));
    NAME("getsockname accepted", getsockname, acc, sizeof(struct sockaddr_un));
    NAME("getsockname client (unbound)", getsockname, c, sizeof(struct sockaddr_un));
    l = (socklen_t)-1;
    REPORT("getpeername client, len -1", getpeername(c, (struct sockaddr *)&a, &l));
    REPORT("getpeername client, NULL length", getpeername(c, (struct sockaddr *)&a, NULL));
    l = sizeof a;
    REPORT("getpeername client, address straddling edge", getpeername(c, (struct sockaddr *)(edge - 6), &l));
    REPORT("getpeername client, read-only length", getpeername(c, (struct sockaddr *)&a, (socklen_t *)ro));
    REPORT("getpeername fd -1", getpeername(-1, (struct sockaddr *)&a, &l));
    REPORT("getpeername pipe", getpeername(pp[1], (struct sockaddr *)&a, &l));
    REPORT("getpeername O_PATH socket file", getpeername(opath, (struct sockaddr *)&a, &l));
    REPORT("listen connected socket", listen(c, 5));
    close(c); close(acc); close(u); close(dg); close(sv[0]); close(sv[1]);
    close(srv); close(pp[0]); close(pp[1]); close(opath);
    leave_scratch();
    return 0;
}
