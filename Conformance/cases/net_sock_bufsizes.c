// syscalls: socket setsockopt getsockopt
// expect: same
// SO_RCVBUF / SO_SNDBUF: the kernel doubles the value set, clamps tiny values to a floor, and
// caps large ones (printed as relations, not sysctl-dependent numbers).
#include "common.h"
#include <sys/socket.h>
#include <netinet/in.h>

static int get(int fd, int opt) {
    int v = -1;
    socklen_t len = sizeof v;
    MUST(getsockopt(fd, SOL_SOCKET, opt, &v, &len));
    return v;
}

static void check(int type, const char *tname, int opt, const char *oname) {
    int fd = socket(AF_INET, type, 0);
    FACT("default positive", get(fd, opt) > 0);
    int sizes[] = {8192, 16384, 65536, 4097};
    for (unsigned i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        int v = sizes[i];
        MUST(setsockopt(fd, SOL_SOCKET, opt, &v, sizeof v));
        printf("%s %s set %d -> %d\n", tname, oname, v, get(fd, opt));
    }
    int one = 1;
    MUST(setsockopt(fd, SOL_SOCKET, opt, &one, sizeof one));
    int floor1 = get(fd, opt);
    int zero = 0;
    MUST(setsockopt(fd, SOL_SOCKET, opt, &zero, sizeof zero));
    int floor0 = get(fd, opt);
    printf("%s %s floor: set 1 and set 0 agree: %s, floor > 2: %s\n", tname, oname, floor1 == floor0 ? "yes" : "no",
           floor1 > 2 ? "yes" : "no");
    int neg = -5;
    REPORT("set negative", setsockopt(fd, SOL_SOCKET, opt, &neg, sizeof neg));
    printf("%s %s negative -> floor: %s\n", tname, oname, get(fd, opt) == floor1 ? "yes" : "no");
    int huge = 1 << 30;
    MUST(setsockopt(fd, SOL_SOCKET, opt, &huge, sizeof huge));
    int capped = get(fd, opt);
    printf("%s %s huge is capped: %s\n", tname, oname, capped < huge ? "yes" : "no");
    int huge2 = 1 << 29;
    MUST(setsockopt(fd, SOL_SOCKET, opt, &huge2, sizeof huge2));
    printf("%s %s cap is the same for another huge value: %s\n", tname, oname, get(fd, opt) == capped ? "yes" : "no");
    short s = 4096;
    REPORT("set with 2-byte value", setsockopt(fd, SOL_SOCKET, opt, &s, sizeof s));
    close(fd);
}

int main(void) {
    check(SOCK_STREAM, "tcp", SO_RCVBUF, "SO_RCVBUF");
    check(SOCK_STREAM, "tcp", SO_SNDBUF, "SO_SNDBUF");
    check(SOCK_DGRAM, "udp", SO_RCVBUF, "SO_RCVBUF");
    check(SOCK_DGRAM, "udp", SO_SNDBUF, "SO_SNDBUF");
    return 0;
}
