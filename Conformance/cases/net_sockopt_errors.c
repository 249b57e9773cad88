// syscalls: socket setsockopt getsockopt close
// expect: same
// setsockopt/getsockopt errors: unknown options and levels (ENOPROTOOPT), short or negative lengths
// (EINVAL), options of the wrong protocol, bad descriptors and pointers.
#include "common.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

int main(void) {
    int t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
    int v = 1;
    socklen_t len = sizeof v;
    REPORT("set SOL_SOCKET unknown 9999", setsockopt(t, SOL_SOCKET, 9999, &v, sizeof v));
    REPORT("get SOL_SOCKET unknown 9999", getsockopt(t, SOL_SOCKET, 9999, &v, &len));
    REPORT("set TCP unknown 9999", setsockopt(t, IPPROTO_TCP, 9999, &v, sizeof v));
    len = sizeof v;
    REPORT("get TCP unknown 9999", getsockopt(t, IPPROTO_TCP, 9999, &v, &len));
    REPORT("set IP unknown 9999", setsockopt(t, IPPROTO_IP, 9999, &v, sizeof v));
    REPORT("set unknown level 9999", setsockopt(t, 9999, 1, &v, sizeof v));
    len = sizeof v;
    REPORT("get unknown level 9999", getsockopt(t, 9999, 1, &v, &len));
    REPORT("set TCP_NODELAY on UDP", setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v));
    len = sizeof v;
    REPORT("get TCP_NODELAY on UDP", getsockopt(u, IPPROTO_TCP, TCP_NODELAY, &v, &len));
    REPORT("set UDP_CORK on TCP", setsockopt(t, IPPROTO_UDP, 1, &v, sizeof v));
    REPORT("set IPV6_V6ONLY on AF_INET", setsockopt(t, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof v));
    // Lengths.
    REPORT("set SO_REUSEADDR len 0", setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, 0));
    REPORT("set SO_REUSEADDR len 2", setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, 2));
    REPORT("set SO_REUSEADDR len 8", setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &(long long){1}, 8));
    REPORT("set TCP_NODELAY len 0", setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &v, 0));
    REPORT("set TCP_NODELAY len 2", setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &v, 2));
    REPORT("set TCP_KEEPIDLE len 1", setsockopt(t, IPPROTO_TCP, TCP_KEEPIDLE, &v, 1));
    REPORT("set IP_TTL len 1", setsockopt(t, IPPROTO_IP, IP_TTL, &(char){5}, 1));
    REPORT("set IP_TOS len 0", setsockopt(t, IPPROTO_IP, IP_TOS, &v, 0));
    REPORT("set SO_LINGER len 4", setsockopt(t, SOL_SOCKET, SO_LINGER, &v, 4));
    REPORT("set SO_RCVTIMEO len 4", setsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &v, 4));
    REPORT("set SO_RCVTIMEO bad usec", setsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){0, 2000000}, sizeof(struct timeval)));
    REPORT("set SO_RCVTIMEO negative sec", setsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){-1, 0}, sizeof(struct timeval)));
    REPORT("set SO_SNDTIMEO ok", setsockopt(t, SOL_SOCKET, SO_SNDTIMEO, &(struct timeval){1, 500000}, sizeof(struct timeval)));
    struct timeval tv;
    len = sizeof tv;
    MUST(getsockopt(t, SOL_SOCKET, SO_SNDTIMEO, &tv, &len));
    printf("SO_SNDTIMEO back: %ld.%06ld len %u\n", (long)tv.tv_sec, (long)tv.tv_usec, len);
    len = 0;
    int r = getsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, &len);
    printf("get SO_REUSEADDR len 0: %s len %u\n", r < 0 ? errname(errno) : "ok", len);
    len = (socklen_t)-1;
    REPORT("get SO_REUSEADDR len -1", getsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, &len));
    len = (socklen_t)-1;
    REPORT("get TCP_NODELAY len -1", getsockopt(t, IPPROTO_TCP, TCP_NODELAY, &v, &len));
    len = 2;
    r = getsockopt(t, SOL_SOCKET, SO_LINGER, &v, &len);
    printf("get SO_LINGER len 2: %s len %u\n", r < 0 ? errname(errno) : "ok", len);
    len = 3;
    r = getsockopt(t, IPPROTO_TCP, TCP_INFO, &v, &len);
    printf("get TCP_INFO len 3: %s len %u\n", r < 0 ? errname(errno) : "ok", len);
    // Pointers and descriptors.
    REPORT("set bad pointer", setsockopt(t, SOL_SOCKET, SO_REUSEADDR, (void *)8, sizeof v));
    len = sizeof v;
    REPORT("get bad value pointer", getsockopt(t, SOL_SOCKET, SO_REUSEADDR, (void *)8, &len));
    REPORT("get bad length pointer", getsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, (socklen_t *)8));
    REPORT("set on closed fd", setsockopt(999, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
    int f = open("/dev/null", O_RDONLY);
    REPORT("set on a file", setsockopt(f, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
    len = sizeof v;
    REPORT("get on a file", getsockopt(f, SOL_SOCKET, SO_TYPE, &v, &len));
    // Values.
    REPORT("set SO_RCVLOWAT negative", setsockopt(t, SOL_SOCKET, SO_RCVLOWAT, &(int){-1}, sizeof(int)));
    len = sizeof v;
    getsockopt(t, SOL_SOCKET, SO_RCVLOWAT, &v, &len);
    printf("SO_RCVLOWAT after negative: %d\n", v);
    REPORT("set TCP_MAXSEG 1", setsockopt(t, IPPROTO_TCP, TCP_MAXSEG, &(int){1}, sizeof(int)));
    REPORT("set TCP_MAXSEG 100000", setsockopt(t, IPPROTO_TCP, TCP_MAXSEG, &(int){100000}, sizeof(int)));
    REPORT("set TCP_CONGESTION bogus", setsockopt(t, IPPROTO_TCP, TCP_CONGESTION, "nosuchalgo", 10));
    return 0;
}
