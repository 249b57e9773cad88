// syscalls: socketpair sendmsg recvmsg setsockopt getsockopt fstat
// expect: same
/* Ancillary data on AF_UNIX: SCM_RIGHTS passes descriptors (new numbers, same open file, shared
 * offset, MSG_CMSG_CLOEXEC), truncated control buffers (MSG_CTRUNC), SCM_CREDENTIALS with
 * SO_PASSCRED (pid/uid/gid of the sender, explicit and implicit), bad cmsg errors. */
#include "common.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>

static int send_fds(int s, const int *fds, int n) {
    char ctl[CMSG_SPACE(sizeof(int) * 8)];
    memset(ctl, 0, sizeof ctl);
    struct iovec iov = { "F", 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = CMSG_SPACE(sizeof(int) * n) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * n);
    memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
    return sendmsg(s, &m, 0);
}

/* Receives up to `room` fds; returns how many, sets *flags. */
static int recv_fds(int s, int *fds, int room, int rflags, int *flags) {
    char ctl[CMSG_SPACE(sizeof(int) * 8)];
    char b;
    struct iovec iov = { &b, 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = CMSG_SPACE(sizeof(int) * room) };
    if (room == 0) m.msg_controllen = 0, m.msg_control = NULL;
    if (recvmsg(s, &m, rflags) < 0) return -1;
    *flags = m.msg_flags;
    int n = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            memcpy(fds, CMSG_DATA(c), sizeof(int) * n);
        }
    return n;
}

int main(void) {
    int s[2];
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, s));
    char path[] = "/tmp/conf-scm-XXXXXX";
    int f = mkstemp(path);
    MUST(f);
    unlink(path);
    write(f, "abcdef", 6);
    lseek(f, 2, SEEK_SET);
    int p[2];
    MUST(pipe(p));

    int two[2] = { f, p[1] };
    REPORT("send two fds", send_fds(s[0], two, 2));
    int got[8] = { -1, -1 }, flags = 0;
    int n = recv_fds(s[1], got, 8, 0, &flags);
    printf("received fds: %d\n", n);
    FACT("new numbers", n == 2 && got[0] != f && got[1] != p[1]);
    struct stat a, b;
    FACT("same file (dev/ino)", n == 2 && fstat(got[0], &a) == 0 && fstat(f, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    FACT("shared offset (2)", n == 2 && lseek(got[0], 0, SEEK_CUR) == 2);
    lseek(got[0], 4, SEEK_SET);
    FACT("offset moves for the original", lseek(f, 0, SEEK_CUR) == 4);
    FACT("received fd not close-on-exec", n == 2 && fcntl(got[0], F_GETFD) == 0);
    write(got[1], "via-passed", 10);
    char buf[32] = {0};
    ssize_t r = read(p[0], buf, sizeof buf);
    printf("write through passed pipe: %zd %.*s\n", r, (int)r, buf);

    REPORT("send with MSG_CMSG_CLOEXEC receive", send_fds(s[0], &f, 1));
    n = recv_fds(s[1], got, 8, MSG_CMSG_CLOEXEC, &flags);
    FACT("MSG_CMSG_CLOEXEC sets FD_CLOEXEC", n == 1 && fcntl(got[0], F_GETFD) == FD_CLOEXEC);

    int three[3] = { f, f, f };
    send_fds(s[0], three, 3);
    n = recv_fds(s[1], got, 1, 0, &flags);
    printf("room for 1 of 3: got %d, MSG_CTRUNC %s\n", n, (flags & MSG_CTRUNC) ? "yes" : "no");
    send_fds(s[0], &f, 1);
    n = recv_fds(s[1], got, 0, 0, &flags);
    printf("no control buffer: got %d, MSG_CTRUNC %s\n", n, (flags & MSG_CTRUNC) ? "yes" : "no");

    int bad = 999;
    REPORT("send a bad fd", send_fds(s[0], &bad, 1));
    char ctl[CMSG_SPACE(sizeof(int))] = {0};
    struct iovec iov = { "x", 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = 77; c->cmsg_len = CMSG_LEN(sizeof(int));
    REPORT("send unknown cmsg type", sendmsg(s[0], &m, 0));
    c->cmsg_type = SCM_RIGHTS; c->cmsg_len = 4;
    REPORT("send cmsg_len too small", sendmsg(s[0], &m, 0));
    c->cmsg_len = 4096;
    REPORT("send cmsg_len too large", sendmsg(s[0], &m, 0));

    /* Credentials. */
    int d[2];
    MUST(socketpair(AF_UNIX, SOCK_DGRAM, 0, d));
    int on = 1, val = 0;
    socklen_t vl = sizeof val;
    REPORT("SO_PASSCRED on", setsockopt(d[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
    getsockopt(d[1], SOL_SOCKET, SO_PASSCRED, &val, &vl);
    printf("SO_PASSCRED reads back: %d\n", val);
    struct ucred uc;
    vl = sizeof uc;
    REPORT("SO_PEERCRED", getsockopt(d[0], SOL_SOCKET, SO_PEERCRED, &uc, &vl));
    FACT("SO_PEERCRED is us", uc.pid == getpid() && uc.uid == getuid() && uc.gid == getgid());

    for (int explicit = 0; explicit < 2; explicit++) {
        char cctl[CMSG_SPACE(sizeof(struct ucred))] = {0};
        struct msghdr sm = { .msg_iov = &iov, .msg_iovlen = 1 };
        if (explicit) {
            sm.msg_control = cctl; sm.msg_controllen = sizeof cctl;
            struct cmsghdr *cc = CMSG_FIRSTHDR(&sm);
            cc->cmsg_level = SOL_SOCKET; cc->cmsg_type = SCM_CREDENTIALS; cc->cmsg_len = CMSG_LEN(sizeof(struct ucred));
            struct ucred me = { getpid(), getuid(), getgid() };
            memcpy(CMSG_DATA(cc), &me, sizeof me);
        }
        REPORT(explicit ? "send with explicit SCM_CREDENTIALS" : "send without credentials", sendmsg(d[0], &sm, 0));
        char rctl[CMSG_SPACE(sizeof(struct ucred)) + 64], b1;
        struct iovec riov = { &b1, 1 };
        struct msghdr rm = { .msg_iov = &riov, .msg_iovlen = 1, .msg_control = rctl, .msg_controllen = sizeof rctl };
        ssize_t rr = recvmsg(d[1], &rm, 0);
        int found = 0;
        struct ucred rc = {0};
        for (struct cmsghdr *cc = CMSG_FIRSTHDR(&rm); rr >= 0 && cc; cc = CMSG_NXTHDR(&rm, cc))
            if (cc->cmsg_level == SOL_SOCKET && cc->cmsg_type == SCM_CREDENTIALS) { found = 1; memcpy(&rc, CMSG_DATA(cc), sizeof rc); }
        printf("  credentials received: %s pid-ok %s uid-ok %s gid-ok %s\n", found ? "yes" : "no",
               rc.pid == getpid() ? "yes" : "no", rc.uid == getuid() ? "yes" : "no", rc.gid == getgid() ? "yes" : "no");
    }
    /* From a child: the pid is the child's. */
    pid_t child = fork();
    MUST(child);
    if (child == 0) { send(d[0], "c", 1, 0); _exit(0); }
    waitpid(child, NULL, 0);
    char rctl[CMSG_SPACE(sizeof(struct ucred)) + 64], b1;
    struct iovec riov = { &b1, 1 };
    struct msghdr rm = { .msg_iov = &riov, .msg_iovlen = 1, .msg_control = rctl, .msg_controllen = sizeof rctl };
    recvmsg(d[1], &rm, 0);
    struct cmsghdr *cc = CMSG_FIRSTHDR(&rm);
    struct ucred rc = {0};
    if (cc && cc->cmsg_type == SCM_CREDENTIALS) memcpy(&rc, CMSG_DATA(cc), sizeof rc);
    FACT("child's credentials carry the child's pid", rc.pid == child);
    /* Claiming another pid needs CAP_SYS_ADMIN: try it as uid 1000 without capabilities
     * (natively root drops to 1000 first; in the sandbox the guest already is 1000). */
    fflush(stdout);
    child = fork();
    MUST(child);
    if (child == 0) {
        setgroups(0, NULL);
        if (setgid(1000) < 0 || setuid(1000) < 0) { printf("setup failed: setuid\n"); fflush(stdout); _exit(99); }
        struct ucred liar = { 1, getuid(), getgid() };
        char cctl[CMSG_SPACE(sizeof(struct ucred))] = {0};
        struct msghdr sm = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cctl, .msg_controllen = sizeof cctl };
        cc = CMSG_FIRSTHDR(&sm);
        cc->cmsg_level = SOL_SOCKET; cc->cmsg_type = SCM_CREDENTIALS; cc->cmsg_len = CMSG_LEN(sizeof liar);
        memcpy(CMSG_DATA(cc), &liar, sizeof liar);
        REPORT("unprivileged: send credentials claiming pid 1", sendmsg(d[0], &sm, 0));
        liar.pid = getpid(); liar.uid = 0;
        memcpy(CMSG_DATA(cc), &liar, sizeof liar);
        REPORT("unprivileged: send credentials claiming uid 0", sendmsg(d[0], &sm, 0));
        liar.uid = getuid();
        memcpy(CMSG_DATA(cc), &liar, sizeof liar);
        REPORT("unprivileged: send own credentials", sendmsg(d[0], &sm, 0));
        fflush(stdout);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    return 0;
}
