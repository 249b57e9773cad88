/* Helpers of the net_ cases. */
#ifndef NET_UTIL_H
#define NET_UTIL_H
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* A connected TCP pair over the sandbox's loopback: *c the client end, *s the accepted one. */
static inline void pair(int *c, int *s) {
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(l, (struct sockaddr *)&a, sizeof a));
    socklen_t len = sizeof a;
    MUST(getsockname(l, (struct sockaddr *)&a, &len));
    MUST(listen(l, 1));
    *c = socket(AF_INET, SOCK_STREAM, 0);
    MUST(connect(*c, (struct sockaddr *)&a, sizeof a));
    *s = accept(l, NULL, NULL);
    MUST(*s);
    close(l);
}
#endif
