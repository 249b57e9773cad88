// syscalls: socket bind listen connect accept4 shutdown sendto recvfrom poll rt_sigaction
// expect: same
/* shutdown on AF_UNIX sockets connected through a filesystem name, SIGPIPE ignored: after
 * SHUT_WR a send is EPIPE and the peer reads end-of-file once the queue drains; after SHUT_RD
 * queued data is still read first, then 0; poll reports POLLRDHUP and POLLHUP as each side
 * goes; shutting down twice is fine, a bad `how` is EINVAL, an unconnected AF_UNIX socket
 * accepts shutdown (no ENOTCONN), a pipe is ENOTSOCK; a send to a closed peer is EPIPE and,
 * with a handler installed, raises SIGPIPE for stream but not for seqpacket (which sends like
 * a datagram socket); MSG_NOSIGNAL suppresses it. */
#include "common.h"
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

static volatile sig_atomic_t pipes;
static void on_pipe(int sig) { (void)sig; pipes++; }

static void events(const char *label, int fd) {
    struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDHUP, 0 };
    int n = poll(&p, 1, 0);
    printf("%s: %d%s%s%s%s%s\n", label, n, (p.revents & POLLIN) ? " IN" : "", (p.revents & POLLOUT) ? " OUT" : "",
           (p.revents & POLLRDHUP) ? " RDHUP" : "", (p.revents & POLLHUP) ? " HUP" : "", (p.revents & POLLERR) ? " ERR" : "");
}

static void rd(const char *label, int fd) {
    char b[32] = {0};
    ssize_t n = recv(fd, b, sizeof b - 1, MSG_DONTWAIT);
    if (n < 0) printf("%s: %s\n", label, errname(errno));
    else printf("%s: %zd \"%s\"\n", label, n, b);
}

static void pair(int type, const char *path, int *cl, int *acc) {
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    strcpy(a.sun_path, path);
    socklen_t l = offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
    int srv = socket(AF_UNIX, type, 0);
    MUST(srv);
    MUST(bind(srv, (struct sockaddr *)&a, l));
    MUST(listen(srv, 2));
    *cl = socket(AF_UNIX, type, 0);
    MUST(connect(*cl, (struct sockaddr *)&a, l));
    *acc = accept4(srv, NULL, NULL, 0);
    MUST(*acc);
    close(srv);
    unlink(path);
}

static void run(const char *name, int type, const char *path) {
    int c, s;
    printf("== %s\n", name);
    pair(type, path, &c, &s);
    events("client fresh", c);
    MUST(send(c, "queued", 6, 0));
    REPORT("client SHUT_WR", shutdown(c, SHUT_WR));
    REPORT("client send after SHUT_WR", send(c, "x", 1, 0));
    events("client after SHUT_WR", c);
    events("server sees", s);
    rd("server read", s);
    rd("server read again (EOF)", s);
    REPORT("server send to half-closed client", send(s, "back", 4, 0));
    rd("client still reads", c);
    REPORT("server SHUT_RD", shutdown(s, SHUT_RD));
    REPORT("client send? (already SHUT_WR)", send(c, "y", 1, 0));
    rd("server read after SHUT_RD", s);
    REPORT("server SHUT_RDWR", shutdown(s, SHUT_RDWR));
    REPORT("server SHUT_RDWR again", shutdown(s, SHUT_RDWR));
    events("client after peer SHUT_RDWR", c);
    events("server after SHUT_RDWR", s);
    REPORT("server send after SHUT_RDWR", send(s, "z", 1, 0));
    REPORT("shutdown how 3", shutdown(s, 3));
    REPORT("shutdown how -1", shutdown(s, -1));
    close(c); close(s);

    pair(type, path, &c, &s);
    MUST(send(s, "pending", 7, 0));
    REPORT("client SHUT_RD with data queued", shutdown(c, SHUT_RD));
    rd("client read after own SHUT_RD", c);
    rd("client read again", c);
    REPORT("server send to a SHUT_RD client", send(s, "more", 4, 0));
    close(s);
    events("client after peer close", c);
    REPORT("client send to a closed peer", send(c, "x", 1, 0));
    int before = pipes;
    REPORT("client send MSG_NOSIGNAL", send(c, "x", 1, MSG_NOSIGNAL));
    printf("SIGPIPE with MSG_NOSIGNAL: %s\n", pipes != before ? "yes" : "no");
    struct sigaction sa = { .sa_handler = on_pipe };
    MUST(sigaction(SIGPIPE, &sa, NULL));
    before = pipes;
    REPORT("client send, SIGPIPE handled", send(c, "x", 1, 0));
    printf("SIGPIPE raised: %s\n", pipes != before ? "yes" : "no");
    signal(SIGPIPE, SIG_IGN);
    close(c);
}

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    char dir[] = "/tmp/conf-sock4-shut-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    run("stream", SOCK_STREAM, "st");
    run("seqpacket", SOCK_SEQPACKET, "sp");
    int u = socket(AF_UNIX, SOCK_STREAM, 0);
    REPORT("shutdown an unconnected stream socket", shutdown(u, SHUT_RDWR));
    close(u);
    u = socket(AF_UNIX, SOCK_DGRAM, 0);
    REPORT("shutdown an unconnected dgram socket", shutdown(u, SHUT_WR));
    REPORT("dgram sendto after SHUT_WR", sendto(u, "x", 1, 0, NULL, 0));
    close(u);
    int p[2];
    MUST(pipe(p));
    REPORT("shutdown a pipe", shutdown(p[0], SHUT_RD));
    REPORT("shutdown a closed descriptor", shutdown(999, SHUT_RD));
    close(p[0]); close(p[1]);
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}
