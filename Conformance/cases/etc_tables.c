// syscalls: openat read
// expect: same
/* The public tables of /etc every system has: services and protocols (getservbyname,
 * getprotobyname, getaddrinfo with a service name). */
#include "common.h"
#include <netdb.h>
#include <arpa/inet.h>

int main(void) {
    struct servent *s = getservbyname("http", "tcp");
    printf("getservbyname http/tcp: %d\n", s ? ntohs(s->s_port) : -1);
    s = getservbyname("ssh", "tcp");
    printf("getservbyname ssh/tcp: %d\n", s ? ntohs(s->s_port) : -1);
    s = getservbyport(htons(53), "udp");
    printf("getservbyport 53/udp: %s\n", s ? s->s_name : "none");
    struct protoent *p = getprotobyname("tcp");
    printf("getprotobyname tcp: %d\n", p ? p->p_proto : -1);
    p = getprotobynumber(17);
    printf("getprotobynumber 17: %s\n", p ? p->p_name : "none");
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *res = NULL;
    int r = getaddrinfo("localhost", "http", &hints, &res);
    printf("getaddrinfo localhost http: %s", r == 0 ? "ok" : gai_strerror(r));
    if (r == 0) printf(" port %d", ntohs(((struct sockaddr_in *)res->ai_addr)->sin_port));
    printf("\n");
    if (res) freeaddrinfo(res);
    return 0;
}
