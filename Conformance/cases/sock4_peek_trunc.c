// syscalls: socket bind listen connect accept4 sendto recvmsg ioctl
// expect: same
/* MSG_PEEK and MSG_TRUNC on AF_UNIX sockets reached through filesystem names: a datagram peeked
 * with a short buffer stays whole; MSG_TRUNC returns its real length and sets the flag; a short
 * read without it drops the rest; a peek shows the sender's name; SIOCINQ is the next
 * datagram's size (dgram) or all queued bytes (seqpacket, stream); stream MSG_PEEK does not
 * consume and MSG_TRUNC on a stream is a plain read; zero-length datagrams; MSG_DONTWAIT on empty. */
#include "common.h"
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <linux/sockios.h>

static socklen_t mk(struct sockaddr_un *a, const char *path) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, path);
    return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static void rv(const char *label, int fd, size_t len, int flags) {
    char buf[64] = {0};
    struct sockaddr_un from;
    struct iovec iov = { buf, len };
    struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1 };
    memset(&from, 0, sizeof from);
    ssize_t n = recvmsg(fd, &m, flags);
    if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    size_t shown = (size_t)n < len ? (size_t)n : len;
    printf("%s: %zd \"%.*s\"%s from %s\n", label, n, (int)shown, buf, (m.msg_flags & MSG_TRUNC) ? " MSG_TRUNC" : "",
           m.msg_namelen > offsetof(struct sockaddr_un, sun_path) ? from.sun_path : "(unnamed)");
}

static void inq(const char *label, int fd) {
    int n = -1;
    if (ioctl(fd, SIOCINQ, &n) < 0) printf("%s: %s\n", label, errname(errno));
    else printf("%s: %d\n", label, n);
}

static void messages(const char *name, int rx, int tx, const struct sockaddr_un *to, socklen_t tolen) {
    printf("== %s\n", name);
    MUST(sendto(tx, "alpha-bravo", 11, 0, (const struct sockaddr *)to, tolen));
    MUST(sendto(tx, "", 0, 0, (const struct sockaddr *)to, tolen));
    MUST(sendto(tx, "charlie", 7, 0, (const struct sockaddr *)to, tolen));
    inq("SIOCINQ", rx);
    rv("peek 5", rx, 5, MSG_PEEK);
    rv("peek 5 MSG_TRUNC", rx, 5, MSG_PEEK | MSG_TRUNC);
    rv("read 5 MSG_TRUNC", rx, 5, MSG_TRUNC);
    inq("SIOCINQ", rx);
    rv("read 64 (zero-length)", rx, 64, 0);
    rv("read 3 (rest dropped)", rx, 3, 0);
    rv("read 64 on empty, MSG_DONTWAIT", rx, 64, MSG_DONTWAIT);
    inq("SIOCINQ empty", rx);
}

int main(void) {
    char dir[] = "/tmp/conf-sock4-peek-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    struct sockaddr_un a;
    socklen_t l;

    int rx = socket(AF_UNIX, SOCK_DGRAM, 0), tx = socket(AF_UNIX, SOCK_DGRAM, 0);
    l = mk(&a, "rx");
    MUST(bind(rx, (struct sockaddr *)&a, l));
    struct sockaddr_un b;
    MUST(bind(tx, (struct sockaddr *)&b, mk(&b, "tx")));
    messages("dgram, sendto a path", rx, tx, &a, l);
    close(rx); close(tx);

    int srv = socket(AF_UNIX, SOCK_SEQPACKET, 0), cl = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    l = mk(&a, "sp");
    MUST(bind(srv, (struct sockaddr *)&a, l));
    MUST(listen(srv, 1));
    MUST(connect(cl, (struct sockaddr *)&a, l));
    int acc = accept4(srv, NULL, NULL, 0);
    MUST(acc);
    messages("seqpacket, connected through a path", acc, cl, NULL, 0);
    close(acc); close(cl); close(srv);

    printf("== stream, connected through a path\n");
    srv = socket(AF_UNIX, SOCK_STREAM, 0);
    cl = socket(AF_UNIX, SOCK_STREAM, 0);
    l = mk(&a, "st");
    MUST(bind(srv, (struct sockaddr *)&a, l));
    MUST(listen(srv, 1));
    MUST(connect(cl, (struct sockaddr *)&a, l));
    acc = accept4(srv, NULL, NULL, 0);
    MUST(acc);
    MUST(send(cl, "alpha-", 6, 0));
    MUST(send(cl, "bravo", 5, 0));
    inq("SIOCINQ", acc);
    rv("peek 64", acc, 64, MSG_PEEK);
    rv("peek 3", acc, 3, MSG_PEEK);
    rv("peek 64 MSG_TRUNC", acc, 64, MSG_PEEK | MSG_TRUNC);
    rv("read 4", acc, 4, 0);
    rv("read 4 MSG_TRUNC", acc, 4, MSG_TRUNC);
    inq("SIOCINQ", acc);
    rv("read 64", acc, 64, MSG_DONTWAIT);
    rv("read 64 on empty, MSG_DONTWAIT", acc, 64, MSG_DONTWAIT);
    MUST(send(cl, "xyz", 3, 0));
    rv("MSG_WAITALL|MSG_DONTWAIT 8 with 3 queued", acc, 8, MSG_WAITALL | MSG_DONTWAIT);
    close(acc); close(cl); close(srv);
    unlink("rx"); unlink("tx"); unlink("sp"); unlink("st");
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}
