// syscalls: socket socketpair bind listen connect accept4 getsockopt setsockopt
// expect: same
/* Socket options as seen on AF_UNIX (path-bound, connected, accepted, socketpair) and
 * loopback IPv4/IPv6 sockets: SO_TYPE, SO_DOMAIN, SO_PROTOCOL and SO_ACCEPTCONN per kind;
 * SO_SNDBUF/SO_RCVBUF report twice the value set, clamp small values to a floor and large
 * ones to a ceiling (printed as relations, the limits are host sysctls); timeouts, linger,
 * low-water mark and boolean options round-trip; the *FORCE buffer options need
 * CAP_NET_ADMIN (EPERM) while SO_BINDTODEVICE to lo does not; bad options, levels and lengths. Natively the case
 * first becomes uid/gid 1000 with no groups (root holds CAP_NET_ADMIN). */
#include "common.h"
#include <grp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>

static int get(int fd, int level, int opt) {
    int v = -12345;
    socklen_t l = sizeof v;
    if (getsockopt(fd, level, opt, &v, &l) < 0) return -errno - 100000;
    return v;
}

static const char *dom(int d) { return d == AF_UNIX ? "AF_UNIX" : d == AF_INET ? "AF_INET" : d == AF_INET6 ? "AF_INET6" : "?"; }
static const char *typ(int t) {
    return t == SOCK_STREAM ? "SOCK_STREAM" : t == SOCK_DGRAM ? "SOCK_DGRAM" : t == SOCK_SEQPACKET ? "SOCK_SEQPACKET" : "?";
}

static void kind(const char *label, int fd) {
    if (fd < 0) { printf("%-28s %s\n", label, errname(errno)); return; }
    printf("%-28s type %s domain %s protocol %d acceptconn %d error %d\n", label, typ(get(fd, SOL_SOCKET, SO_TYPE)),
           dom(get(fd, SOL_SOCKET, SO_DOMAIN)), get(fd, SOL_SOCKET, SO_PROTOCOL), get(fd, SOL_SOCKET, SO_ACCEPTCONN),
           get(fd, SOL_SOCKET, SO_ERROR));
}

static void buffers(const char *label, int fd) {
    printf("== buffers: %s\n", label);
    int opts[] = { SO_SNDBUF, SO_RCVBUF };
    const char *names[] = { "SO_SNDBUF", "SO_RCVBUF" };
    for (int i = 0; i < 2; i++) {
        int def = get(fd, SOL_SOCKET, opts[i]);
        int v = 65536;
        REPORT("  set 65536", setsockopt(fd, SOL_SOCKET, opts[i], &v, sizeof v));
        int g = get(fd, SOL_SOCKET, opts[i]);
        printf("  %s: default positive %s, after 65536 reads %s\n", names[i], def > 0 ? "yes" : "no",
               g == 131072 ? "twice" : g == 65536 ? "same" : "other");
        v = 1;
        setsockopt(fd, SOL_SOCKET, opts[i], &v, sizeof v);
        int floor = get(fd, SOL_SOCKET, opts[i]);
        v = 0;
        setsockopt(fd, SOL_SOCKET, opts[i], &v, sizeof v);
        int zero = get(fd, SOL_SOCKET, opts[i]);
        printf("  %s: 1 reads a floor above 2048 %s, 0 reads the same floor %s\n", names[i], floor > 2048 ? "yes" : "no",
               zero == floor ? "yes" : "no");
        v = 0x7fffffff;
        REPORT("  set INT_MAX", setsockopt(fd, SOL_SOCKET, opts[i], &v, sizeof v));
        int ceil = get(fd, SOL_SOCKET, opts[i]);
        v = -1;
        setsockopt(fd, SOL_SOCKET, opts[i], &v, sizeof v);
        int neg = get(fd, SOL_SOCKET, opts[i]);
        printf("  %s: INT_MAX is clamped %s, -1 (as unsigned) reads the same ceiling %s\n", names[i],
               ceil > 0 && ceil < 0x7fffffff ? "yes" : "no", neg == ceil ? "yes" : "no");
    }
    int v = 1 << 20;
    REPORT("  SO_SNDBUFFORCE", setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof v));
    REPORT("  SO_RCVBUFFORCE", setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof v));
    short s = 4096;
    REPORT("  SO_SNDBUF with a 2-byte value", setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &s, sizeof s));
}

static void misc(const char *label, int fd) {
    printf("== misc: %s\n", label);
    struct timeval tv = { 2, 500000 }, back;
    socklen_t l = sizeof back;
    REPORT("  SO_RCVTIMEO 2.5s", setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    MUST(getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &back, &l));
    printf("  reads %ld.%06ld\n", (long)back.tv_sec, (long)back.tv_usec);
    tv = (struct timeval){ 0, 1000001 };
    REPORT("  SO_SNDTIMEO usec 1000001", setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
    struct linger lg = { 1, 7 }, lb;
    l = sizeof lb;
    REPORT("  SO_LINGER on 7", setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
    MUST(getsockopt(fd, SOL_SOCKET, SO_LINGER, &lb, &l));
    printf("  reads onoff %d linger %d\n", lb.l_onoff, lb.l_linger);
    int v = 17;
    REPORT("  SO_RCVLOWAT 17", setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &v, sizeof v));
    printf("  reads %d\n", get(fd, SOL_SOCKET, SO_RCVLOWAT));
    int bools[] = { SO_KEEPALIVE, SO_REUSEADDR, SO_PASSCRED, SO_BROADCAST, SO_DONTROUTE, SO_OOBINLINE };
    const char *bn[] = { "SO_KEEPALIVE", "SO_REUSEADDR", "SO_PASSCRED", "SO_BROADCAST", "SO_DONTROUTE", "SO_OOBINLINE" };
    for (int i = 0; i < 6; i++) {
        int before = get(fd, SOL_SOCKET, bools[i]);
        v = 5;
        int r = setsockopt(fd, SOL_SOCKET, bools[i], &v, sizeof v);
        int after = get(fd, SOL_SOCKET, bools[i]);
        char b1[32], b2[32];
        snprintf(b1, sizeof b1, "%d", before);
        snprintf(b2, sizeof b2, "%d", after);
        printf("  %s: default %s, set 5 %s, reads %s\n", bn[i], before < -100000 ? errname(-(before + 100000)) : b1,
               r ? errname(errno) : "ok", after < -100000 ? errname(-(after + 100000)) : b2);
    }
    REPORT("  SO_BINDTODEVICE lo", setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3));
    REPORT("  SO_TYPE is read-only", setsockopt(fd, SOL_SOCKET, SO_TYPE, &v, sizeof v));
    REPORT("  unknown SOL_SOCKET option 9999", setsockopt(fd, SOL_SOCKET, 9999, &v, sizeof v));
    int e = get(fd, SOL_SOCKET, 9999);
    printf("  getsockopt option 9999: %s\n", e < -100000 ? errname(-(e + 100000)) : "ok");
    REPORT("  SOL_SOCKET option, optlen 0", setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, 0));
    REPORT("  level 999", setsockopt(fd, 999, 1, &v, sizeof v));
    REPORT("  TCP_NODELAY", setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v));
    int w = -1;
    l = 2;
    errno = 0;
    int r = getsockopt(fd, SOL_SOCKET, SO_TYPE, &w, &l);
    printf("  getsockopt SO_TYPE optlen 2: %s, optlen %u\n", r ? errname(errno) : "ok", (unsigned)l);
    l = sizeof w;
    REPORT("  getsockopt bad pointer", getsockopt(fd, SOL_SOCKET, SO_TYPE, (void *)8, &l));
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    char dir[] = "/tmp/conf-sock4-opts-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "srv" };
    socklen_t al = offsetof(struct sockaddr_un, sun_path) + 4;
    int srv = socket(AF_UNIX, SOCK_STREAM, 0);
    kind("unix stream, fresh", srv);
    MUST(bind(srv, (struct sockaddr *)&a, al));
    kind("unix stream, bound", srv);
    MUST(listen(srv, 2));
    kind("unix stream, listening", srv);
    int cl = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(connect(cl, (struct sockaddr *)&a, al));
    kind("unix stream, connected", cl);
    int acc = accept4(srv, NULL, NULL, 0);
    kind("unix stream, accepted", acc);
    kind("unix dgram", socket(AF_UNIX, SOCK_DGRAM, 0));
    kind("unix seqpacket", socket(AF_UNIX, SOCK_SEQPACKET, 0));
    int sp[2];
    MUST(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp));
    kind("unix socketpair seqpacket", sp[0]);
    int tcp = socket(AF_INET, SOCK_STREAM, 0);
    kind("inet tcp", tcp);
    int udp = socket(AF_INET, SOCK_DGRAM, 0);
    kind("inet udp", udp);
    kind("inet6 tcp", socket(AF_INET6, SOCK_STREAM, 0));
    kind("inet6 udp", socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP));
    kind("inet tcp, protocol IPPROTO_TCP", socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
    kind("inet stream, protocol UDP", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));

    buffers("unix stream, connected", cl);
    buffers("unix dgram", socket(AF_UNIX, SOCK_DGRAM, 0));
    buffers("inet tcp", tcp);
    buffers("inet udp", udp);
    int def1 = get(socket(AF_UNIX, SOCK_DGRAM, 0), SOL_SOCKET, SO_SNDBUF), def2 = get(socket(AF_UNIX, SOCK_DGRAM, 0), SOL_SOCKET, SO_SNDBUF);
    FACT("two fresh unix dgram sockets have the same SO_SNDBUF", def1 == def2);
    misc("unix stream, connected", cl);
    misc("inet tcp", tcp);
    close(acc); close(cl); close(srv);
    unlink("srv");
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}
