/* net_server PORT
 * The TCP sink for the network rows of Perf/run, run in the server network namespace. Listens on
 * 0.0.0.0:PORT, accepts every connection, reads and discards what arrives until EOF; then, if the
 * connection carried data, writes the 8-byte count of bytes received (native byte order) so the
 * sender can check delivery, and closes. A connection that carried nothing is just closed, so a
 * connect+close client sees no extra traffic. Prints "ready port=PORT" on stdout once listening
 * and runs until killed. One thread, poll(2) over the listener and up to 1023 connections. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXC 1024
static char buf[1 << 16];

int main(int argc, char **argv) {
    if (argc != 2 || atoi(argv[1]) <= 0 || atoi(argv[1]) > 65535) {
        fprintf(stderr, "usage: net_server PORT\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), one = 1;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])),
                             .sin_addr.s_addr = htonl(INADDR_ANY) };
    if (ls < 0 || setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(ls, (struct sockaddr *)&a, sizeof a) != 0 || listen(ls, 4096) != 0) {
        perror("net_server: listen");
        return 1;
    }
    printf("ready port=%s\n", argv[1]);
    fflush(stdout);

    struct pollfd p[MAXC];
    uint64_t got[MAXC];
    int n = 1;
    p[0] = (struct pollfd){ .fd = ls, .events = POLLIN };
    for (;;) {
        /* At MAXC connections stop accepting; the kernel's backlog holds the rest. */
        p[0].events = n < MAXC ? POLLIN : 0;
        if (poll(p, n, -1) < 0) {
            if (errno == EINTR) continue;
            perror("net_server: poll");
            return 1;
        }
        for (int i = n - 1; i >= 1; i--) {
            if (!p[i].revents) continue;
            ssize_t r = read(p[i].fd, buf, sizeof buf);
            if (r > 0) { got[i] += r; continue; }
            if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (r == 0 && got[i] > 0) /* best effort: a sender that left early gets an RST */
                (void)!write(p[i].fd, &got[i], sizeof got[i]);
            close(p[i].fd);
            p[i] = p[n - 1];
            got[i] = got[n - 1];
            n--;
        }
        if (p[0].revents) {
            while (n < MAXC) {
                int c = accept4(ls, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
                if (c < 0) break; /* EAGAIN, or a connection reset before accept */
                p[n] = (struct pollfd){ .fd = c, .events = POLLIN };
                got[n++] = 0;
            }
        }
    }
}
