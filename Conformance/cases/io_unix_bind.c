// syscalls: socket bind listen connect accept4 getsockopt getsockname getpeername shutdown send recv
// expect: same
/* AF_UNIX naming: abstract and pathname binds (in /tmp), connect by both, getsockname/getpeername
 * shapes, getsockopt SO_TYPE/SO_DOMAIN/SO_PROTOCOL/SO_ACCEPTCONN/SO_ERROR, and shutdown semantics
 * (SHUT_RD, SHUT_WR, SHUT_RDWR, EOF, EPIPE, ENOTCONN, EINVAL). */
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static void opts(const char *label, int fd) {
    int v[4] = { -1, -1, -1, -1 };
    socklen_t l = sizeof(int);
    getsockopt(fd, SOL_SOCKET, SO_TYPE, &v[0], &l); l = sizeof(int);
    getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v[1], &l); l = sizeof(int);
    getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v[2], &l); l = sizeof(int);
    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v[3], &l);
    printf("%s: type %s domain %s protocol %d acceptconn %d\n", label,
           v[0] == SOCK_STREAM ? "STREAM" : v[0] == SOCK_DGRAM ? "DGRAM" : v[0] == SOCK_SEQPACKET ? "SEQPACKET" : "?",
           v[1] == AF_UNIX ? "AF_UNIX" : v[1] == AF_INET ? "AF_INET" : "?", v[2], v[3]);
}

static socklen_t abstract(struct sockaddr_un *a, const char *name) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    memcpy(a->sun_path + 1, name, strlen(name));
    return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);
}

static char name[64];

static void show_name(const char *label, int fd, int peer) {
    struct sockaddr_un a;
    socklen_t l = sizeof a;
    memset(&a, 0, sizeof a);
    int r = peer ? getpeername(fd, (struct sockaddr *)&a, &l) : getsockname(fd, (struct sockaddr *)&a, &l);
    if (r < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    size_t plen = l - offsetof(struct sockaddr_un, sun_path);
    if (l <= sizeof(sa_family_t)) printf("%s: unnamed (len %u)\n", label, l);
    else if (a.sun_path[0] == 0) printf("%s: abstract, our name with exact length: %s\n", label,
                                       plen == strlen(name) + 1 && !memcmp(a.sun_path + 1, name, plen - 1) ? "yes" : "no");
    else printf("%s: path ends \"%s\" (pathlen+NUL %s)\n", label, strrchr(a.sun_path, '/') ? strrchr(a.sun_path, '/') : a.sun_path,
                plen == strlen(a.sun_path) + 1 ? "yes" : "no");
}

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    snprintf(name, sizeof name, "conf-io-unix-%d", getpid());
    struct sockaddr_un a;
    socklen_t al = abstract(&a, name);

    int srv = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    opts("fresh stream socket", srv);
    REPORT("bind abstract", bind(srv, (struct sockaddr *)&a, al));
    show_name("getsockname abstract", srv, 0);
    REPORT("listen", listen(srv, 8));
    opts("listening socket", srv);
    int dup_ = socket(AF_UNIX, SOCK_STREAM, 0);
    REPORT("bind same abstract name", bind(dup_, (struct sockaddr *)&a, al));
    int cl = socket(AF_UNIX, SOCK_STREAM, 0);
    show_name("getsockname unbound", cl, 0);
    show_name("getpeername unconnected", cl, 1);
    REPORT("connect abstract", connect(cl, (struct sockaddr *)&a, al));
    REPORT("connect again", connect(cl, (struct sockaddr *)&a, al));
    int acc = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
    FACT("accept4", acc >= 0);
    opts("accepted socket", acc);
    show_name("client getpeername", cl, 1);
    show_name("accepted getsockname", acc, 0);
    show_name("accepted getpeername", acc, 1);
    struct sockaddr_un other;
    socklen_t ol = abstract(&other, "conf-io-unix-nobody-listens-here");
    int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
    REPORT("connect missing abstract", connect(c2, (struct sockaddr *)&other, ol));
    REPORT("listen on unbound socket", listen(c2, 1));
    REPORT("accept on non-listening", accept(c2, NULL, NULL));

    /* Shutdown. */
    char buf[16];
    REPORT("shutdown bad how", shutdown(cl, 7));
    REPORT("shutdown unconnected", shutdown(c2, SHUT_RD));
    REPORT("shutdown a pipe", shutdown(0 + ({ int p[2]; pipe(p); p[0]; }), SHUT_RD));
    REPORT("client SHUT_WR", shutdown(cl, SHUT_WR));
    REPORT("send after SHUT_WR", send(cl, "x", 1, 0));
    printf("peer reads EOF: %zd\n", recv(acc, buf, sizeof buf, 0));
    printf("peer may still send: %zd\n", send(acc, "back", 4, 0));
    ssize_t r = recv(cl, buf, sizeof buf, 0);
    printf("client still receives: %zd %.*s\n", r, (int)(r > 0 ? r : 0), buf);
    REPORT("client SHUT_RD", shutdown(cl, SHUT_RD));
    printf("recv after SHUT_RD: %zd\n", recv(cl, buf, sizeof buf, MSG_DONTWAIT));
    REPORT("shutdown twice", shutdown(cl, SHUT_RDWR));
    close(cl);
    REPORT("send to closed peer", send(acc, "x", 1, 0));
    int err = -1; socklen_t el = sizeof err;
    getsockopt(acc, SOL_SOCKET, SO_ERROR, &err, &el);
    printf("SO_ERROR after EPIPE: %s\n", errname(err));
    printf("recv from closed peer: %zd\n", recv(acc, buf, sizeof buf, 0));

    /* Pathname socket in /tmp. */
    char dir[] = "/tmp/conf-io-unix-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    struct sockaddr_un p = { .sun_family = AF_UNIX };
    snprintf(p.sun_path, sizeof p.sun_path, "%s/sock", dir);
    socklen_t pl = offsetof(struct sockaddr_un, sun_path) + strlen(p.sun_path) + 1;
    int ps = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    opts("seqpacket socket", ps);
    REPORT("bind pathname", bind(ps, (struct sockaddr *)&p, pl));
    show_name("getsockname pathname", ps, 0);
    REPORT("listen", listen(ps, 2));
    int pc = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    REPORT("connect pathname", connect(pc, (struct sockaddr *)&p, pl));
    int pa = accept(ps, NULL, NULL);
    show_name("accepted getsockname (pathname)", pa, 0);
    show_name("client getpeername (pathname)", pc, 1);
    send(pc, "msg", 3, 0);
    r = recv(pa, buf, sizeof buf, 0);
    printf("seqpacket over pathname: %zd\n", r);
    int ds = socket(AF_UNIX, SOCK_DGRAM, 0);
    REPORT("connect stream-type mismatch (dgram to seqpacket)", connect(ds, (struct sockaddr *)&p, pl));
    unlink(p.sun_path);
    REPORT("connect after unlink", connect(socket(AF_UNIX, SOCK_SEQPACKET, 0), (struct sockaddr *)&p, pl));
    rmdir(dir);

    int in = socket(AF_INET, SOCK_DGRAM, 0);
    opts("inet dgram", in);
    int v; socklen_t vl = sizeof v;
    REPORT("getsockopt bad level", getsockopt(in, 999, SO_TYPE, &v, &vl));
    vl = 2;
    REPORT("getsockopt short optlen", getsockopt(in, SOL_SOCKET, SO_TYPE, &v, &vl));
    printf("  optlen after: %u\n", vl);
    vl = sizeof v;
    REPORT("getsockopt on a non-socket", getsockopt(1, SOL_SOCKET, SO_TYPE, &v, &vl));
    REPORT("setsockopt SO_TYPE (read-only)", setsockopt(in, SOL_SOCKET, SO_TYPE, &v, sizeof v));
    return 0;
}
