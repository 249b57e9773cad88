// syscalls: socketpair socket bind sendmsg recvmsg setsockopt getsockopt fork
// expect: same
/* SCM_CREDENTIALS over AF_UNIX: the sender may claim only its own pid, uid and gid (anything
 * else is EPERM, -1 is EINVAL); a receiver with SO_PASSCRED gets the claimed or, when none is
 * sent, the sender's actual credentials; without SO_PASSCRED it gets none. Over a socketpair,
 * a path-addressed datagram (sendmsg with msg_name) and from a forked child. Only comparisons
 * are printed. Natively the case first becomes uid/gid 1000 with no groups (root may claim
 * any credentials). */
#include "common.h"
#include <grp.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

static int send_creds(int fd, const struct ucred *c, const struct sockaddr_un *to, socklen_t tolen) {
    char data = 'x';
    struct iovec iov = { &data, 1 };
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(struct ucred))]; } cm;
    memset(&cm, 0, sizeof cm);
    struct msghdr m = { .msg_name = (void *)to, .msg_namelen = tolen, .msg_iov = &iov, .msg_iovlen = 1 };
    if (c) {
        m.msg_control = cm.b;
        m.msg_controllen = sizeof cm.b;
        struct cmsghdr *h = CMSG_FIRSTHDR(&m);
        h->cmsg_level = SOL_SOCKET;
        h->cmsg_type = SCM_CREDENTIALS;
        h->cmsg_len = CMSG_LEN(sizeof *c);
        memcpy(CMSG_DATA(h), c, sizeof *c);
    }
    return sendmsg(fd, &m, MSG_DONTWAIT) < 0 ? -1 : 0;
}

/* Receive one message; print whether credentials came and how they compare. */
static void recv_creds(const char *label, int fd, pid_t pid, uid_t uid, gid_t gid) {
    char data;
    struct iovec iov = { &data, 1 };
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(struct ucred)) + 64]; } cm;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.b, .msg_controllen = sizeof cm.b };
    ssize_t n = recvmsg(fd, &m, MSG_DONTWAIT);
    if (n < 0) { printf("  %s: recv %s\n", label, errname(errno)); return; }
    struct cmsghdr *h = CMSG_FIRSTHDR(&m);
    if (!h) { printf("  %s: no credentials\n", label); return; }
    if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_CREDENTIALS) { printf("  %s: other cmsg\n", label); return; }
    struct ucred c;
    memcpy(&c, CMSG_DATA(h), sizeof c);
    printf("  %s: pid %s uid %s gid %s\n", label, c.pid == pid ? "match" : "differs", c.uid == uid ? "match" : "differs",
           c.gid == gid ? "match" : "differs");
}

static void pair(const char *name, int type) {
    pid_t p = getpid();
    uid_t u = getuid();
    gid_t g = getgid();
    int s[2];
    printf("== %s\n", name);
    MUST(socketpair(AF_UNIX, type, 0, s));
    REPORT("send without SO_PASSCRED on receiver", send_creds(s[0], NULL, NULL, 0));
    recv_creds("received", s[1], p, u, g);
    int on = 1;
    MUST(setsockopt(s[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
    REPORT("send nothing (SO_PASSCRED set)", send_creds(s[0], NULL, NULL, 0));
    recv_creds("received", s[1], p, u, g);
    struct ucred c = { p, u, g };
    REPORT("send own pid/uid/gid", send_creds(s[0], &c, NULL, 0));
    recv_creds("received", s[1], p, u, g);
    c = (struct ucred){ p, 0, g };
    REPORT("send uid 0", send_creds(s[0], &c, NULL, 0));
    c = (struct ucred){ p, u, 0 };
    REPORT("send gid 0", send_creds(s[0], &c, NULL, 0));
    c = (struct ucred){ p, 65534, g };
    REPORT("send uid 65534", send_creds(s[0], &c, NULL, 0));
    c = (struct ucred){ p + 1, u, g };
    REPORT("send pid + 1", send_creds(s[0], &c, NULL, 0));
    c = (struct ucred){ 0, u, g };
    REPORT("send pid 0", send_creds(s[0], &c, NULL, 0));
    c = (struct ucred){ 1, u, g };
    REPORT("send pid 1", send_creds(s[0], &c, NULL, 0));
    c = (struct ucred){ p, (uid_t)-1, g };
    REPORT("send uid -1", send_creds(s[0], &c, NULL, 0));
    c = (struct ucred){ p, u, (gid_t)-1 };
    REPORT("send gid -1", send_creds(s[0], &c, NULL, 0));
    recv_creds("nothing queued", s[1], p, u, g);
    int v = -1;
    socklen_t l = sizeof v;
    MUST(getsockopt(s[1], SOL_SOCKET, SO_PASSCRED, &v, &l));
    printf("SO_PASSCRED reads back: %d\n", v);
    close(s[0]); close(s[1]);
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    pair("socketpair SOCK_STREAM", SOCK_STREAM);
    pair("socketpair SOCK_DGRAM", SOCK_DGRAM);
    pair("socketpair SOCK_SEQPACKET", SOCK_SEQPACKET);

    printf("== path datagram, sendmsg with msg_name\n");
    char dir[] = "/tmp/conf-id4-creds-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "rx" };
    socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 3;
    int rx = socket(AF_UNIX, SOCK_DGRAM, 0), tx = socket(AF_UNIX, SOCK_DGRAM, 0);
    MUST(rx); MUST(tx);
    MUST(bind(rx, (struct sockaddr *)&a, alen));
    int on = 1;
    MUST(setsockopt(rx, SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
    pid_t p = getpid();
    uid_t u = getuid();
    gid_t g = getgid();
    REPORT("sendmsg to path, no credentials", send_creds(tx, NULL, &a, alen));
    recv_creds("received", rx, p, u, g);
    struct ucred c = { p, u, g };
    REPORT("sendmsg to path, own credentials", send_creds(tx, &c, &a, alen));
    recv_creds("received", rx, p, u, g);
    c = (struct ucred){ p, 0, g };
    REPORT("sendmsg to path, uid 0", send_creds(tx, &c, &a, alen));
    c = (struct ucred){ p + 1, u, g };
    REPORT("sendmsg to path, pid + 1", send_creds(tx, &c, &a, alen));
    recv_creds("nothing queued", rx, p, u, g);

    printf("== from a forked child\n");
    fflush(stdout);
    pid_t child = fork();
    MUST(child);
    if (child == 0) {
        struct ucred cc = { getpid(), getuid(), getgid() };
        int ok1 = send_creds(tx, &cc, &a, alen);
        cc.pid = getppid();
        int e2 = send_creds(tx, &cc, &a, alen) < 0 ? errno : 0;
        int ok3 = send_creds(tx, NULL, &a, alen);
        printf("child: own %s, parent's pid %s, none %s\n", ok1 ? "failed" : "ok", errname(e2), ok3 ? "failed" : "ok");
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(child, &st, 0));
    recv_creds("child's own (pid is the child's)", rx, child, u, g);
    recv_creds("child's none (pid is the child's)", rx, child, u, g);
    recv_creds("nothing queued", rx, child, u, g);
    close(rx); close(tx);
    unlink("rx");
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}
