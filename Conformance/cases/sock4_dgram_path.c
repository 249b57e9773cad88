// syscalls: socket bind connect sendto recvfrom sendmsg recvmsg getpeername
// expect: differs (a reply to the address recvfrom gave fails when the client bound a path with a directory)
// expect-sandbox: server sendto the address recvfrom gave: ENOENT
/* AF_UNIX datagrams through filesystem names: a connected socket sends and receives; an
 * unconnected one sends with sendto or sendmsg to a path (resolved against the cwd at call
 * time); the receiver answers to the address recvfrom gave it, the usual server pattern; a
 * receiver connected elsewhere refuses strangers (EPERM); missing names are ENOENT, files and
 * stream sockets refuse; after the peer is gone a connected send is ECONNREFUSED and then the
 * socket is unconnected. */
#include "common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <fcntl.h>

static socklen_t mk(struct sockaddr_un *a, const char *path) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, path);
    return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static int dg(void) { int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0); MUST(s); return s; }

static void rx(const char *label, int fd) {
    char buf[64] = {0};
    struct sockaddr_un from;
    socklen_t fl = sizeof from;
    ssize_t n = recvfrom(fd, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &fl);
    if (n < 0) { printf("  %s: %s\n", label, errname(errno)); return; }
    printf("  %s: \"%s\" from %s\n", label, buf, fl > offsetof(struct sockaddr_un, sun_path) ? from.sun_path : "(unnamed)");
}

int main(void) {
    char dir[] = "/tmp/conf-sock4-dgram-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    MUST(mkdir("sub", 0755));
    struct sockaddr_un a;

    int srv = dg(), cli = dg();
    MUST(bind(srv, (struct sockaddr *)&a, mk(&a, "srv")));
    REPORT("bind client sub/cli", bind(cli, (struct sockaddr *)&a, mk(&a, "sub/cli")));
    REPORT("connect client to srv", connect(cli, (struct sockaddr *)&a, mk(&a, "srv")));
    REPORT("send", send(cli, "one", 3, 0));
    rx("server got", srv);

    /* Answer to whatever address recvfrom reported. */
    char buf[64];
    struct sockaddr_un from;
    socklen_t fl = sizeof from;
    MUST(send(cli, "ping", 4, 0));
    MUST(recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    REPORT("server sendto the address recvfrom gave", sendto(srv, "pong", 4, 0, (struct sockaddr *)&from, fl));
    rx("client got", cli);

    int other = dg();
    REPORT("stranger sendto the connected client", sendto(other, "x", 1, 0, (struct sockaddr *)&a, mk(&a, "sub/cli")));
    REPORT("stranger sendto srv", sendto(other, "two", 3, 0, (struct sockaddr *)&a, mk(&a, "srv")));
    rx("server got", srv);
    REPORT("unconnected send without address", send(other, "x", 1, 0));
    struct iovec iov = { "three", 5 };
    mk(&a, "srv");
    struct msghdr m = { .msg_name = &a, .msg_namelen = mk(&a, "srv"), .msg_iov = &iov, .msg_iovlen = 1 };
    REPORT("sendmsg with msg_name srv", sendmsg(other, &m, 0));
    rx("server got", srv);
    REPORT("connected client sendto srv explicitly", sendto(cli, "four", 4, 0, (struct sockaddr *)&a, mk(&a, "srv")));
    rx("server got", srv);

    REPORT("chdir sub", chdir("sub"));
    REPORT("sendto \"srv\" from sub (no such name there)", sendto(other, "x", 1, 0, (struct sockaddr *)&a, mk(&a, "srv")));
    REPORT("sendto \"../srv\"", sendto(other, "five", 4, 0, (struct sockaddr *)&a, mk(&a, "../srv")));
    REPORT("chdir ..", chdir(".."));
    rx("server got", srv);

    MUST(close(open("file", O_CREAT | O_WRONLY, 0644)));
    REPORT("sendto a regular file", sendto(other, "x", 1, 0, (struct sockaddr *)&a, mk(&a, "file")));
    REPORT("sendto a directory", sendto(other, "x", 1, 0, (struct sockaddr *)&a, mk(&a, "sub")));
    REPORT("sendto a missing name", sendto(other, "x", 1, 0, (struct sockaddr *)&a, mk(&a, "missing")));
    int st = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(bind(st, (struct sockaddr *)&a, mk(&a, "stream")));
    MUST(listen(st, 1));
    REPORT("sendto a stream socket's name", sendto(other, "x", 1, 0, (struct sockaddr *)&a, mk(&a, "stream")));
    REPORT("connect a dgram to a stream socket's name", connect(other, (struct sockaddr *)&a, mk(&a, "stream")));

    int gone = dg();
    MUST(bind(gone, (struct sockaddr *)&a, mk(&a, "gone")));
    int c2 = dg();
    REPORT("connect to gone", connect(c2, (struct sockaddr *)&a, mk(&a, "gone")));
    close(gone);
    REPORT("send after the peer closed", send(c2, "x", 1, 0));
    REPORT("send again", send(c2, "x", 1, 0));
    struct sockaddr_un p;
    socklen_t pl = sizeof p;
    REPORT("getpeername after", getpeername(c2, (struct sockaddr *)&p, &pl));
    REPORT("sendto the stale name", sendto(c2, "x", 1, 0, (struct sockaddr *)&a, mk(&a, "gone")));
    unlink("gone");
    REPORT("sendto after unlink", sendto(c2, "x", 1, 0, (struct sockaddr *)&a, mk(&a, "gone")));

    REPORT("connect AF_UNSPEC (disconnect)", connect(cli, (struct sockaddr *)&(struct sockaddr){ .sa_family = AF_UNSPEC }, sizeof(struct sockaddr)));
    pl = sizeof p;
    REPORT("getpeername after disconnect", getpeername(cli, (struct sockaddr *)&p, &pl));
    REPORT("send after disconnect", send(cli, "x", 1, 0));
    close(srv); close(cli); close(other); close(st); close(c2);
    unlink("srv"); unlink("sub/cli"); unlink("file"); unlink("stream"); rmdir("sub");
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}
