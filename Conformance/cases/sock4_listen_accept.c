// syscalls: socket bind listen connect accept accept4 fcntl getsockopt
// expect: same
/* listen and accept on AF_UNIX stream and seqpacket sockets bound to filesystem names: the
 * queue takes backlog + 1 connections, then a non-blocking connect is EAGAIN; listening again
 * raises the backlog; SO_ACCEPTCONN follows listen; accept4 flags show through fcntl
 * (SOCK_CLOEXEC as FD_CLOEXEC, SOCK_NONBLOCK as O_NONBLOCK, the listener's own O_NONBLOCK is
 * not inherited), an unknown flag is EINVAL, an empty queue is EAGAIN on a non-blocking
 * listener; listen on an unbound socket, a datagram socket, a connected socket; accept on a
 * socket not listening. */
#include "common.h"
#include <fcntl.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

static socklen_t mk(struct sockaddr_un *a, const char *path) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, path);
    return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static int acceptconn(int fd) {
    int v = -1;
    socklen_t l = sizeof v;
    return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &l) < 0 ? -1 : v;
}

static void flags(const char *label, int fd) {
    if (fd < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: ok, FD_CLOEXEC %s, O_NONBLOCK %s\n", label, (fcntl(fd, F_GETFD) & FD_CLOEXEC) ? "yes" : "no",
           (fcntl(fd, F_GETFL) & O_NONBLOCK) ? "yes" : "no");
    close(fd);
}

static void run(const char *name, int type, const char *path) {
    struct sockaddr_un a;
    socklen_t l = mk(&a, path);
    printf("== %s\n", name);
    int srv = socket(AF_UNIX, type, 0);
    MUST(srv);
    REPORT("listen unbound", listen(srv, 1));
    printf("SO_ACCEPTCONN before bind: %d\n", acceptconn(srv));
    MUST(bind(srv, (struct sockaddr *)&a, l));
    printf("SO_ACCEPTCONN bound: %d\n", acceptconn(srv));
    REPORT("accept before listen", accept(srv, NULL, NULL));
    REPORT("listen backlog 0", listen(srv, 0));
    printf("SO_ACCEPTCONN listening: %d\n", acceptconn(srv));
    int cl[8];
    for (int i = 0; i < 3; i++) {
        cl[i] = socket(AF_UNIX, type | SOCK_NONBLOCK, 0);
        char label[64];
        snprintf(label, sizeof label, "backlog 0: non-blocking connect %d", i + 1);
        REPORT(label, connect(cl[i], (struct sockaddr *)&a, l));
    }
    REPORT("listen again backlog 2", listen(srv, 2));
    for (int i = 3; i < 7; i++) {
        cl[i] = socket(AF_UNIX, type | SOCK_NONBLOCK, 0);
        char label[64];
        snprintf(label, sizeof label, "backlog 2: non-blocking connect %d", i + 1);
        REPORT(label, connect(cl[i], (struct sockaddr *)&a, l));
    }
    flags("accept4 0", accept4(srv, NULL, NULL, 0));
    flags("accept4 SOCK_CLOEXEC", accept4(srv, NULL, NULL, SOCK_CLOEXEC));
    flags("accept4 SOCK_NONBLOCK", accept4(srv, NULL, NULL, SOCK_NONBLOCK));
    REPORT("accept4 unknown flag", accept4(srv, NULL, NULL, 0x1));
    MUST(fcntl(srv, F_SETFL, O_NONBLOCK));
    flags("accept on an empty queue (listener O_NONBLOCK)", accept(srv, NULL, NULL));
    int c = socket(AF_UNIX, type | SOCK_NONBLOCK, 0);
    REPORT("connect after the queue drained", connect(c, (struct sockaddr *)&a, l));
    flags("accept (listener O_NONBLOCK)", accept(srv, NULL, NULL));
    flags("accept4 SOCK_CLOEXEC|SOCK_NONBLOCK on an empty queue", accept4(srv, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK));
    int c2 = socket(AF_UNIX, type | SOCK_NONBLOCK, 0);
    REPORT("connect again", connect(c2, (struct sockaddr *)&a, l));
    flags("accept4 SOCK_CLOEXEC|SOCK_NONBLOCK", accept4(srv, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK));
    close(c2);
    REPORT("listen on a connected socket", listen(c, 1));
    REPORT("accept on a connected socket", accept(c, NULL, NULL));
    printf("SO_ACCEPTCONN connected: %d\n", acceptconn(c));
    REPORT("connect to a listening socket from a listening socket", connect(srv, (struct sockaddr *)&a, l));
    close(c);
    for (int i = 0; i < 7; i++) close(cl[i]);
    close(srv);
    unlink(path);
}

int main(void) {
    char dir[] = "/tmp/conf-sock4-listen-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    run("stream", SOCK_STREAM, "st");
    run("seqpacket", SOCK_SEQPACKET, "sp");
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a;
    MUST(bind(d, (struct sockaddr *)&a, mk(&a, "dg")));
    REPORT("listen on a datagram socket", listen(d, 1));
    REPORT("accept4 on a datagram socket", accept4(d, NULL, NULL, 0));
    printf("SO_ACCEPTCONN dgram: %d\n", acceptconn(d));
    close(d);
    unlink("dg");
    int p[2];
    MUST(pipe(p));
    REPORT("listen on a pipe", listen(p[0], 1));
    REPORT("accept on a pipe", accept(p[0], NULL, NULL));
    close(p[0]); close(p[1]);
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}
