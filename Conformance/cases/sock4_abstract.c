// syscalls: socket bind listen connect accept4 getsockname getpeername sendto recvfrom
// expect: same
/* Abstract AF_UNIX names (leading NUL, length from addrlen, no file) between two threads: a
 * stream server thread accepts and echoes; a datagram exchange answers to the recvfrom
 * address; getsockname/getpeername give the name back with its exact length, embedded NULs
 * included; a name differing only in length is another name; a second bind of a live name is
 * EADDRINUSE and free once closed; a missing name is ECONNREFUSED; autobind picks a five-hex-
 * digit name. Names carry the pid so parallel runs do not collide; they are printed without
 * it. */
#include "common.h"
#include <ctype.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static char base[64];

static socklen_t abs_name(struct sockaddr_un *a, const char *suffix, size_t extra_nuls) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    int n = snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "%s%s", base, suffix);
    return offsetof(struct sockaddr_un, sun_path) + 1 + n + extra_nuls;
}

static void show(const char *label, const struct sockaddr_un *a, socklen_t len) {
    if (len <= offsetof(struct sockaddr_un, sun_path)) { printf("%s: unnamed, len %u\n", label, (unsigned)len); return; }
    size_t n = len - offsetof(struct sockaddr_un, sun_path);
    size_t bl = strlen(base);
    int based = n >= 1 + bl && memcmp(a->sun_path + 1, base, bl) == 0;
    printf("%s: ", label);
    for (size_t i = 0; i < n; i++) {
        char c = a->sun_path[i];
        if (i == 1 && based) { printf("<base>"); i += bl - 1; continue; }
        if (c == 0) printf("@");
        else putchar(c);
    }
    if (based) printf(" (len %u + strlen(base))\n", (unsigned)(len - bl));
    else printf(" (len %u)\n", (unsigned)len);
}

static int srv_fd;
static void *server(void *arg) {
    (void)arg;
    for (int k = 0; k < 2; k++) {
        int c = accept4(srv_fd, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0) return NULL;
        char buf[32];
        ssize_t n = recv(c, buf, sizeof buf, 0);
        if (n > 0) { buf[0] = toupper((unsigned char)buf[0]); send(c, buf, n, 0); }
        close(c);
    }
    return NULL;
}

static void *dgram_echo(void *arg) {
    int fd = *(int *)arg;
    char buf[32];
    struct sockaddr_un from;
    socklen_t fl = sizeof from;
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    if (n > 0) sendto(fd, buf, n, 0, (struct sockaddr *)&from, fl);
    return NULL;
}

int main(void) {
    snprintf(base, sizeof base, "conf-sock4-%d-", getpid());
    struct sockaddr_un a, b;
    socklen_t l, bl;

    srv_fd = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(srv_fd);
    l = abs_name(&a, "stream", 0);
    REPORT("bind abstract stream", bind(srv_fd, (struct sockaddr *)&a, l));
    MUST(listen(srv_fd, 4));
    bl = sizeof b;
    MUST(getsockname(srv_fd, (struct sockaddr *)&b, &bl));
    show("getsockname", &b, bl);
    pthread_t t;
    MUST(pthread_create(&t, NULL, server, NULL) ? -1 : 0);
    for (int k = 0; k < 2; k++) {
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        REPORT("connect from main thread", connect(c, (struct sockaddr *)&a, l));
        bl = sizeof b;
        MUST(getpeername(c, (struct sockaddr *)&b, &bl));
        show("getpeername", &b, bl);
        MUST(send(c, "echo", 4, 0));
        char buf[8] = {0};
        printf("reply: %zd \"%s\"\n", recv(c, buf, sizeof buf - 1, MSG_WAITALL), buf);
        close(c);
    }
    pthread_join(t, NULL);

    int other = socket(AF_UNIX, SOCK_STREAM, 0);
    REPORT("bind the live name again", bind(other, (struct sockaddr *)&a, l));
    close(srv_fd);
    REPORT("bind it after the owner closed", bind(other, (struct sockaddr *)&a, l));
    close(other);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    REPORT("connect to the now-unlistened name", connect(c, (struct sockaddr *)&a, l));
    l = abs_name(&a, "missing", 0);
    REPORT("connect to a missing name", connect(c, (struct sockaddr *)&a, l));
    close(c);

    int d1 = socket(AF_UNIX, SOCK_DGRAM, 0), d2 = socket(AF_UNIX, SOCK_DGRAM, 0), d3 = socket(AF_UNIX, SOCK_DGRAM, 0);
    l = abs_name(&a, "dg", 0);
    REPORT("bind abstract dgram", bind(d1, (struct sockaddr *)&a, l));
    socklen_t l2 = abs_name(&b, "dg", 2);
    REPORT("bind the same name with two trailing NULs", bind(d3, (struct sockaddr *)&b, l2));
    bl = sizeof b;
    MUST(getsockname(d3, (struct sockaddr *)&b, &bl));
    show("getsockname", &b, bl);
    struct sockaddr_un cn;
    socklen_t cl = abs_name(&cn, "client\0x", 0);
    cl += 2;   /* "client", NUL, "x" */
    memcpy(cn.sun_path + 1 + strlen(base) + 6, "\0x", 2);
    REPORT("bind client name with an embedded NUL", bind(d2, (struct sockaddr *)&cn, cl));
    pthread_t t2;
    MUST(pthread_create(&t2, NULL, dgram_echo, &d1) ? -1 : 0);
    REPORT("sendto abstract", sendto(d2, "dgram", 5, 0, (struct sockaddr *)&a, l));
    char buf[16] = {0};
    struct sockaddr_un from;
    socklen_t fl = sizeof from;
    ssize_t n = recvfrom(d2, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &fl);
    printf("echo: %zd \"%s\"\n", n, buf);
    show("  from", &from, fl);
    pthread_join(t2, NULL);
    REPORT("sendto the two-NUL name", sendto(d2, "x", 1, 0, (struct sockaddr *)&b, l2));
    fl = sizeof from;
    n = recvfrom(d3, buf, sizeof buf - 1, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
    printf("two-NUL socket got: %zd\n", n);
    show("  from", &from, fl);
    close(d1); close(d2); close(d3);

    int ab = socket(AF_UNIX, SOCK_DGRAM, 0);
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    REPORT("autobind", bind(ab, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path)));
    bl = sizeof b;
    MUST(getsockname(ab, (struct sockaddr *)&b, &bl));
    int hex = bl == offsetof(struct sockaddr_un, sun_path) + 6 && b.sun_path[0] == 0;
    for (int i = 1; hex && i < 6; i++) hex = isxdigit((unsigned char)b.sun_path[i]);
    printf("autobind name: len %u, NUL + five hex digits %s\n", (unsigned)bl, hex ? "yes" : "no");
    close(ab);
    return 0;
}
