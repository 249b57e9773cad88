// syscalls: socket bind listen connect accept4 getsockname getpeername sendto recvfrom
// expect: differs (the kernel keeps the final component of a name the supervisor bound)
// expect-sandbox: accept4 address: "cl", len 5
// expect-sandbox: recvfrom address: "cl", len 5
/* Names of AF_UNIX sockets bound through the filesystem, for stream, datagram and seqpacket:
 * getsockname gives the path exactly as bound (relative, "./", "sub/", "sub/../" or absolute)
 * with its length; getpeername of a connected socket gives the peer's bound name whatever
 * path was used to connect; accept4 and recvfrom give the peer's name, or an unnamed address
 * (length 2) for an unbound peer. Absolute names contain the scratch directory, so they are
 * compared, not printed. */
#include "common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

static char dir[] = "/tmp/conf-sock4-names-XXXXXX";

static socklen_t mk(struct sockaddr_un *a, const char *path) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, path);
    return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

/* Print an address: relative names as they are, absolute ones relative to the scratch dir. */
static void show(const char *label, const struct sockaddr_un *a, socklen_t len) {
    size_t dl = strlen(dir);
    if (len <= offsetof(struct sockaddr_un, sun_path)) { printf("%s: unnamed, len %u\n", label, (unsigned)len); return; }
    if (strncmp(a->sun_path, dir, dl) == 0)
        printf("%s: <scratch>%s, len - strlen(scratch) %u\n", label, a->sun_path + dl, (unsigned)(len - dl));
    else
        printf("%s: \"%s\", len %u\n", label, a->sun_path, (unsigned)len);
}

static void name_of(const char *label, int fd, int peer) {
    struct sockaddr_un a;
    memset(&a, 0x41, sizeof a);
    socklen_t len = sizeof a;
    int r = peer ? getpeername(fd, (struct sockaddr *)&a, &len) : getsockname(fd, (struct sockaddr *)&a, &len);
    if (r < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    show(label, &a, len);
}

static const char *shown(const char *path) {
    static char out[4][200];
    static int k;
    k = (k + 1) % 4;
    size_t dl = strlen(dir);
    if (strncmp(path, dir, dl) == 0) snprintf(out[k], sizeof out[k], "<scratch>%s", path + dl);
    else snprintf(out[k], sizeof out[k], "%s", path);
    return out[k];
}

static void conn(const char *type_name, int type, const char *bindpath, const char *connpath, const char *clientpath) {
    struct sockaddr_un a;
    printf("== %s bound as \"%s\", connected as \"%s\", client %s\n", type_name, shown(bindpath), shown(connpath),
           clientpath ? shown(clientpath) : "unbound");
    int srv = socket(AF_UNIX, type, 0);
    MUST(srv);
    REPORT("bind", bind(srv, (struct sockaddr *)&a, mk(&a, bindpath)));
    name_of("getsockname server", srv, 0);
    name_of("getpeername server", srv, 1);
    if (type != SOCK_DGRAM) MUST(listen(srv, 4));
    int cl = socket(AF_UNIX, type, 0);
    MUST(cl);
    if (clientpath) REPORT("bind client", bind(cl, (struct sockaddr *)&a, mk(&a, clientpath)));
    name_of("getsockname client", cl, 0);
    REPORT("connect", connect(cl, (struct sockaddr *)&a, mk(&a, connpath)));
    name_of("getpeername client", cl, 1);
    if (type != SOCK_DGRAM) {
        struct sockaddr_un p;
        socklen_t plen = sizeof p;
        int acc = accept4(srv, (struct sockaddr *)&p, &plen, 0);
        MUST(acc);
        show("accept4 address", &p, plen);
        name_of("getsockname accepted", acc, 0);
        name_of("getpeername accepted", acc, 1);
        close(acc);
    } else {
        MUST(send(cl, "x", 1, 0));
        struct sockaddr_un p;
        socklen_t plen = sizeof p;
        char c;
        MUST(recvfrom(srv, &c, 1, 0, (struct sockaddr *)&p, &plen));
        show("recvfrom address", &p, plen);
    }
    close(cl);
    close(srv);
    unlink(bindpath);
    if (clientpath) unlink(clientpath);
}

int main(void) {
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    MUST(mkdir("sub", 0700));
    char abs1[200], abs2[200], abs3[200];
    snprintf(abs1, sizeof abs1, "%s/abs", dir);
    snprintf(abs2, sizeof abs2, "%s/sub/cl", dir);
    snprintf(abs3, sizeof abs3, "%s/srv", dir);
    int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
    const char *names[] = { "stream", "dgram", "seqpacket" };
    for (int i = 0; i < 3; i++) {
        conn(names[i], types[i], "srv", "srv", NULL);
        conn(names[i], types[i], "./srv", abs3, "cl");
        conn(names[i], types[i], "sub/../srv", "./sub/../srv", "sub/cl");
        conn(names[i], types[i], abs1, "abs", abs2);
        conn(names[i], types[i], "sub/s", "sub/s", NULL);
    }
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    name_of("unbound getsockname", s, 0);
    name_of("unbound getpeername", s, 1);
    struct sockaddr_un a;
    socklen_t small = 4;
    MUST(bind(s, (struct sockaddr *)&a, mk(&a, "short")));
    memset(&a, 0, sizeof a);
    REPORT("getsockname into 4 bytes", getsockname(s, (struct sockaddr *)&a, &small));
    printf("  length reported %u, bytes \"%.2s\"\n", (unsigned)small, a.sun_path);
    close(s);
    unlink("short");
    rmdir("sub");
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}
