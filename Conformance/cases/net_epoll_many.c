// syscalls: socket bind listen getsockname connect accept4 epoll_create1 epoll_ctl epoll_wait sendto recvfrom close
// expect: same
// One epoll instance over a listener and 64 loopback connections: every client's request is
// accepted, read and echoed; then every close is seen as EPOLLRDHUP / end-of-file.
#include "common.h"
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>

enum { N = 64 };

int main(void) {
    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    MUST(bind(l, (struct sockaddr *)&a, sizeof a));
    socklen_t len = sizeof a;
    MUST(getsockname(l, (struct sockaddr *)&a, &len));
    MUST(listen(l, N));
    int ep = epoll_create1(EPOLL_CLOEXEC);
    MUST(ep);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = l};
    MUST(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev));
    int cl[N];
    for (int i = 0; i < N; i++) {
        cl[i] = socket(AF_INET, SOCK_STREAM, 0);
        MUST(connect(cl[i], (struct sockaddr *)&a, sizeof a));
        char msg[16];
        int n = snprintf(msg, sizeof msg, "req %02d", i);
        MUST(send(cl[i], msg, n, 0));
    }
    int accepted = 0, served = 0, eofs = 0, rdhup = 0, waits = 0, bad = 0;
    int phase_close = 0;
    struct epoll_event evs[16];
    while (waits < 10000) {
        if (served == N && !phase_close) {
            char buf[16];
            int ok = 0;
            for (int i = 0; i < N; i++) {
                ssize_t n = recv(cl[i], buf, sizeof buf, 0);
                char want[16];
                int wn = snprintf(want, sizeof want, "ack %02d", i);
                if (n == wn && memcmp(buf, want, wn) == 0) ok++;
                close(cl[i]);
            }
            printf("clients got their own echo: %d\n", ok);
            phase_close = 1;
        }
        if (phase_close && eofs == N) break;
        int n = epoll_wait(ep, evs, 16, 2000);
        waits++;
        if (n <= 0) { printf("epoll_wait: %d %s\n", n, n < 0 ? errname(errno) : "timeout"); break; }
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == l) {
                int s;
                while ((s = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    accepted++;
                    struct epoll_event e = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = s};
                    MUST(epoll_ctl(ep, EPOLL_CTL_ADD, s, &e));
                }
                if (errno != EAGAIN) bad++;
                continue;
            }
            if (evs[i].events & EPOLLRDHUP) rdhup++;
            char buf[16];
            ssize_t r = recv(fd, buf, sizeof buf, 0);
            if (r > 0) {
                buf[0] = 'a', buf[1] = 'c', buf[2] = 'k';
                send(fd, buf, r, 0);
                served++;
            } else if (r == 0) {
                eofs++;
                MUST(epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL));
                close(fd);
            } else if (errno != EAGAIN) bad++;
        }
    }
    printf("accepted: %d\n", accepted);
    printf("served: %d\n", served);
    printf("end-of-file seen: %d\n", eofs);
    printf("EPOLLRDHUP reported on all closed: %s\n", rdhup >= N ? "yes" : "no");
    printf("unexpected errors: %d\n", bad);
    int n = epoll_wait(ep, evs, 16, 0);
    printf("epoll_wait at the end: %d\n", n);
    return 0;
}
