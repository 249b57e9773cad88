// syscalls: socketpair socket bind listen connect accept4 getsockopt fork
// expect: differs (an accepted socket shows pid 0: the connect was made by the supervisor)
// expect-sandbox: accepted: len 12 pid 0 uid own gid own
/* SO_PEERCRED: a socketpair's ends carry the creator's pid, uid and gid; an unconnected socket
 * has none (pid 0, ids -1); a path-connected stream socket sees the listener's credentials
 * (recorded at listen) and the accepted socket sees the connector's (recorded at connect),
 * including a forked child's pid; a listening socket itself reports its own. SO_PEERGROUPS of
 * a socketpair is an empty list. Only comparisons are printed. Natively the case first becomes
 * uid/gid 1000 with no groups. */
#include "common.h"
#include <grp.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

static void peer(const char *label, int fd, pid_t pid) {
    struct ucred c;
    socklen_t l = sizeof c;
    memset(&c, 0x55, sizeof c);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c, &l) < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: len %u pid %s uid %s gid %s\n", label, (unsigned)l,
           c.pid == pid ? "match" : c.pid == 0 ? "0" : "differs",
           c.uid == getuid() ? "own" : c.uid == (uid_t)-1 ? "-1" : "other",
           c.gid == getgid() ? "own" : c.gid == (gid_t)-1 ? "-1" : "other");
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    pid_t me = getpid();
    int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
    const char *names[] = { "stream", "dgram", "seqpacket" };
    for (int i = 0; i < 3; i++) {
        int s[2];
        MUST(socketpair(AF_UNIX, types[i], 0, s));
        char label[64];
        snprintf(label, sizeof label, "socketpair %s end 0", names[i]);
        peer(label, s[0], me);
        snprintf(label, sizeof label, "socketpair %s end 1", names[i]);
        peer(label, s[1], me);
        close(s[0]); close(s[1]);
    }
    int s[2];
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, s));
    gid_t groups[8];
    socklen_t gl = sizeof groups;
    errno = 0;
    int r = getsockopt(s[0], SOL_SOCKET, SO_PEERGROUPS, groups, &gl);
    printf("SO_PEERGROUPS socketpair: %s len %u\n", r ? errname(errno) : "ok", (unsigned)gl);
    struct ucred c;
    socklen_t l = 4;
    REPORT("SO_PEERCRED short length", getsockopt(s[0], SOL_SOCKET, SO_PEERCRED, &c, &l));
    printf("  length after: %u\n", (unsigned)l);
    close(s[0]); close(s[1]);

    int u = socket(AF_UNIX, SOCK_STREAM, 0);
    peer("unconnected stream", u, me);
    close(u);
    u = socket(AF_UNIX, SOCK_DGRAM, 0);
    peer("unconnected dgram", u, me);
    close(u);

    char dir[] = "/tmp/conf-id4-peer-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "srv" };
    socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 4;
    int srv = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(srv);
    MUST(bind(srv, (struct sockaddr *)&a, alen));
    peer("bound, not listening", srv, me);
    MUST(listen(srv, 4));
    peer("listening", srv, me);
    int cl = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(connect(cl, (struct sockaddr *)&a, alen));
    int acc = accept4(srv, NULL, NULL, 0);
    MUST(acc);
    peer("path client", cl, me);
    peer("accepted", acc, me);
    close(acc); close(cl);

    fflush(stdout);
    int sync[2];
    MUST(pipe(sync));
    pid_t child = fork();
    MUST(child);
    if (child == 0) {
        int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
        int ok = connect(c2, (struct sockaddr *)&a, alen);
        struct ucred cc;
        socklen_t cl2 = sizeof cc;
        getsockopt(c2, SOL_SOCKET, SO_PEERCRED, &cc, &cl2);
        printf("child: connect %s, sees the parent's pid %s\n", ok ? errname(errno) : "ok", cc.pid == getppid() ? "yes" : "no");
        fflush(stdout);
        char x;
        write(sync[1], "x", 1);
        read(c2, &x, 1);   /* hold the connection until the parent looked */
        _exit(0);
    }
    char x;
    MUST(read(sync[0], &x, 1));
    acc = accept4(srv, NULL, NULL, 0);
    MUST(acc);
    peer("accepted from the child (pid is the child's)", acc, child);
    close(acc);
    int st;
    MUST(waitpid(child, &st, 0));
    close(srv);
    unlink("srv");
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}
