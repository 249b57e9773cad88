// syscalls: socketpair socket bind listen connect accept4 sendmsg recvmsg openat pipe2 fcntl fstat pread64
// expect: same
/* SCM_RIGHTS over AF_UNIX: a descriptor from open() (a trapped call), a pipe's ends, an O_PATH
 * descriptor, a /proc file and a socket travel over a socketpair and over a path-connected
 * stream socket; the received descriptor is the same open file (same inode, shared offset,
 * status flags kept), MSG_CMSG_CLOEXEC sets close-on-exec, several in one message arrive in
 * order, a control buffer too small for them sets MSG_CTRUNC and keeps what fits; passing a
 * closed descriptor is EBADF. */
#include "common.h"
#include <fcntl.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

static int send_fds(int s, const int *fds, int n) {
    char data = 'F';
    struct iovec iov = { &data, 1 };
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int) * 8)]; } cm;
    memset(&cm, 0, sizeof cm);
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.b, .msg_controllen = CMSG_SPACE(sizeof(int) * n) };
    struct cmsghdr *h = CMSG_FIRSTHDR(&m);
    h->cmsg_level = SOL_SOCKET;
    h->cmsg_type = SCM_RIGHTS;
    h->cmsg_len = CMSG_LEN(sizeof(int) * n);
    memcpy(CMSG_DATA(h), fds, sizeof(int) * n);
    return sendmsg(s, &m, 0) < 0 ? -1 : 0;
}

/* Receive; returns the number of descriptors stored in out. */
static int recv_fds(int s, int *out, size_t ctl, int flags, int *mflags) {
    char data;
    struct iovec iov = { &data, 1 };
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int) * 8)]; } cm;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.b, .msg_controllen = ctl };
    if (recvmsg(s, &m, flags) < 0) { printf("  recvmsg: %s\n", errname(errno)); return -1; }
    *mflags = m.msg_flags;
    int n = 0;
    for (struct cmsghdr *h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h))
        if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS) {
            int k = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            memcpy(out + n, CMSG_DATA(h), k * sizeof(int));
            n += k;
        }
    return n;
}

static int same_file(int a, int b) {
    struct stat x, y;
    return fstat(a, &x) == 0 && fstat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static void over(const char *label, int tx, int rxs) {
    printf("== %s\n", label);
    int fd = open("data", O_RDWR | O_APPEND);
    MUST(fd);
    int p[2];
    MUST(pipe2(p, O_NONBLOCK));
    int got[8], mf, n;

    REPORT("send file descriptor", send_fds(tx, &fd, 1));
    n = recv_fds(rxs, got, CMSG_SPACE(sizeof(int)), 0, &mf);
    printf("  received %d\n", n);
    if (n == 1) {
        FACT("  same inode", same_file(fd, got[0]));
        FACT("  O_APPEND kept", fcntl(got[0], F_GETFL) & O_APPEND);
        FACT("  close-on-exec", fcntl(got[0], F_GETFD) & FD_CLOEXEC);
        MUST(lseek(fd, 3, SEEK_SET));
        printf("  offset shared: %ld\n", (long)lseek(got[0], 0, SEEK_CUR));
        char b[16] = {0};
        printf("  read through it: %zd \"%s\"\n", read(got[0], b, 5), b);
        close(got[0]);
    }
    int both[2] = { p[0], p[1] };
    REPORT("send both pipe ends", send_fds(tx, both, 2));
    n = recv_fds(rxs, got, CMSG_SPACE(sizeof(int) * 2), MSG_CMSG_CLOEXEC, &mf);
    printf("  received %d\n", n);
    if (n == 2) {
        FACT("  in order (read end first)", same_file(got[0], p[0]) && (fcntl(got[0], F_GETFL) & O_ACCMODE) == O_RDONLY
             && (fcntl(got[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
        FACT("  O_NONBLOCK kept", fcntl(got[0], F_GETFL) & O_NONBLOCK);
        FACT("  MSG_CMSG_CLOEXEC set close-on-exec", (fcntl(got[0], F_GETFD) & FD_CLOEXEC) && (fcntl(got[1], F_GETFD) & FD_CLOEXEC));
        MUST(write(got[1], "via", 3));
        char b[8] = {0};
        printf("  original read end reads: %zd \"%s\"\n", read(p[0], b, sizeof b - 1), b);
        close(got[0]); close(got[1]);
    }
    int op = open("data", O_PATH);
    MUST(op);
    int pr = open("/proc/self/cmdline", O_RDONLY);
    MUST(pr);
    int three[3] = { op, pr, tx };
    REPORT("send O_PATH, /proc/self/cmdline, a socket", send_fds(tx, three, 3));
    n = recv_fds(rxs, got, CMSG_SPACE(sizeof(int) * 3), 0, &mf);
    printf("  received %d\n", n);
    if (n == 3) {
        FACT("  O_PATH still O_PATH", (fcntl(got[0], F_GETFL) & O_PATH) != 0);
        char x[256], y[256];
        ssize_t xn = pread(pr, x, sizeof x, 0), yn = pread(got[1], y, sizeof y, 0);
        FACT("  /proc file reads the same", xn > 0 && xn == yn && memcmp(x, y, xn) == 0);
        int type = 0, want = -1;
        socklen_t tl = sizeof type;
        MUST(getsockopt(tx, SOL_SOCKET, SO_TYPE, &want, &tl));
        FACT("  socket has the sender's SO_TYPE", getsockopt(got[2], SOL_SOCKET, SO_TYPE, &type, &tl) == 0 && type == want);
        for (int i = 0; i < 3; i++) close(got[i]);
    }
    int four[4] = { fd, p[0], p[1], fd };
    REPORT("send four, control buffer CMSG_SPACE(one int)", send_fds(tx, four, 4));
    n = recv_fds(rxs, got, CMSG_SPACE(sizeof(int)), 0, &mf);
    printf("  received %d, MSG_CTRUNC %s\n", n, (mf & MSG_CTRUNC) ? "yes" : "no");
    for (int i = 0; i < n; i++) close(got[i]);
    REPORT("send four, no control buffer", send_fds(tx, four, 4));
    n = recv_fds(rxs, got, 0, 0, &mf);
    printf("  received %d, MSG_CTRUNC %s\n", n, (mf & MSG_CTRUNC) ? "yes" : "no");
    int closed = dup(fd);
    close(closed);
    REPORT("send a closed descriptor", send_fds(tx, &closed, 1));
    int bad[2] = { fd, -1 };
    REPORT("send a good and -1", send_fds(tx, bad, 2));
    close(fd); close(op); close(pr); close(p[0]); close(p[1]);
}

int main(void) {
    char dir[] = "/tmp/conf-sock4-rights-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    int fd = open("data", O_CREAT | O_WRONLY, 0644);
    MUST(fd);
    MUST(write(fd, "0123456789", 10));
    close(fd);
    int s[2];
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, s));
    over("socketpair stream", s[0], s[1]);
    close(s[0]); close(s[1]);
    MUST(socketpair(AF_UNIX, SOCK_DGRAM, 0, s));
    over("socketpair dgram", s[0], s[1]);
    close(s[0]); close(s[1]);

    struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "srv" };
    socklen_t al = offsetof(struct sockaddr_un, sun_path) + 4;
    int srv = socket(AF_UNIX, SOCK_STREAM, 0), cl = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(bind(srv, (struct sockaddr *)&a, al));
    MUST(listen(srv, 1));
    MUST(connect(cl, (struct sockaddr *)&a, al));
    int acc = accept4(srv, NULL, NULL, 0);
    MUST(acc);
    over("path-connected stream, client to server", cl, acc);
    over("path-connected stream, server to client", acc, cl);
    close(acc); close(cl); close(srv);

    srv = socket(AF_UNIX, SOCK_DGRAM, 0);
    cl = socket(AF_UNIX, SOCK_DGRAM, 0);
    a = (struct sockaddr_un){ .sun_family = AF_UNIX, .sun_path = "dg" };
    MUST(bind(srv, (struct sockaddr *)&a, al));
    MUST(connect(cl, (struct sockaddr *)&a, al));
    over("path-connected dgram", cl, srv);
    close(cl); close(srv);
    unlink("dg"); unlink("srv"); unlink("data");
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}
