// syscalls: socket connect openat read close
// expect: same
// getaddrinfo("localhost") and getnameinfo on the loopback addresses: only success and families.
#include "common.h"
#include <netdb.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static void lookup(const char *host, const char *service, int family, int flags) {
    struct addrinfo hints = {.ai_family = family, .ai_socktype = SOCK_STREAM, .ai_flags = flags}, *res = NULL;
    int r = getaddrinfo(host, service, &hints, &res);
    if (r != 0) { printf("getaddrinfo(%s, %s, family %d): failed\n", host ? host : "NULL", service ? service : "NULL", family); return; }
    int v4 = 0, v6 = 0, v4lo = 0, v6lo = 0, port_ok = 1;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        if (ai->ai_family == AF_INET) {
            v4 = 1;
            struct sockaddr_in *s = (struct sockaddr_in *)ai->ai_addr;
            if (s->sin_addr.s_addr == htonl(INADDR_LOOPBACK)) v4lo = 1;
            if (service && ntohs(s->sin_port) != atoi(service)) port_ok = 0;
        } else if (ai->ai_family == AF_INET6) {
            v6 = 1;
            struct sockaddr_in6 *s = (struct sockaddr_in6 *)ai->ai_addr;
            if (IN6_IS_ADDR_LOOPBACK(&s->sin6_addr)) v6lo = 1;
        }
    }
    printf("getaddrinfo(%s, %s, family %d): ok, has AF_INET %s (127.0.0.1 %s)%s%s, port %s\n", host ? host : "NULL",
           service ? service : "NULL", family, v4 ? "yes" : "no", v4lo ? "yes" : "no",
           family == AF_INET ? "" : (v6 ? ", AF_INET6 yes" : ", AF_INET6 no"), family == AF_INET || !v6 ? "" : (v6lo ? " (::1)" : " (not ::1)"),
           port_ok ? "ok" : "wrong");
    freeaddrinfo(res);
}

int main(void) {
    lookup("localhost", NULL, AF_INET, 0);
    lookup("localhost", "8080", AF_INET, 0);
    lookup("127.0.0.1", "80", AF_UNSPEC, AI_NUMERICHOST);
    lookup("::1", "80", AF_INET6, AI_NUMERICHOST);
    lookup(NULL, "1234", AF_INET, 0);
    lookup(NULL, "1234", AF_INET, AI_PASSIVE);
    struct addrinfo hints = {.ai_family = AF_INET, .ai_flags = AI_NUMERICHOST}, *res;
    int r = getaddrinfo("not-an-address", NULL, &hints, &res);
    printf("numeric host that is a name: %s\n", r == EAI_NONAME ? "EAI_NONAME" : r == 0 ? "ok" : "other error");
    hints = (struct addrinfo){.ai_family = 12345};
    r = getaddrinfo("127.0.0.1", NULL, &hints, &res);
    printf("bad family: %s\n", r == EAI_FAMILY ? "EAI_FAMILY" : r == 0 ? "ok" : "other error");

    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(80), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    r = getnameinfo((struct sockaddr *)&a, sizeof a, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
    printf("getnameinfo numeric 127.0.0.1: %s %s %s\n", r == 0 ? "ok" : "failed", r == 0 ? host : "", r == 0 ? serv : "");
    r = getnameinfo((struct sockaddr *)&a, sizeof a, host, sizeof host, NULL, 0, NI_NAMEREQD);
    printf("getnameinfo 127.0.0.1 by name: %s\n", r == 0 ? "ok" : "failed");
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons(443), .sin6_addr = in6addr_loopback};
    r = getnameinfo((struct sockaddr *)&a6, sizeof a6, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
    printf("getnameinfo numeric ::1: %s %s %s\n", r == 0 ? "ok" : "failed", r == 0 ? host : "", r == 0 ? serv : "");
    r = getnameinfo((struct sockaddr *)&a, 4, host, sizeof host, NULL, 0, NI_NUMERICHOST);
    printf("getnameinfo short length: %s\n", r == EAI_FAMILY ? "EAI_FAMILY" : r == 0 ? "ok" : "other error");
    // The resolved localhost address is usable: listen and connect to it.
    hints = (struct addrinfo){.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
    r = getaddrinfo("localhost", "0", &hints, &res);
    if (r == 0) {
        int l = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        REPORT("bind resolved localhost", bind(l, res->ai_addr, res->ai_addrlen));
        REPORT("listen", listen(l, 1));
        struct sockaddr_in b;
        socklen_t bl = sizeof b;
        getsockname(l, (struct sockaddr *)&b, &bl);
        int c = socket(AF_INET, SOCK_STREAM, 0);
        REPORT("connect to it", connect(c, (struct sockaddr *)&b, bl));
        freeaddrinfo(res);
    }
    return 0;
}
