// Non-blocking connect, the way event loops do it (case nonblocking_connect of Tests/Network/run).
//
//   nbconnect HOST PORT get      connect non-blocking, expect EINPROGRESS, poll for POLLOUT,
//                                check SO_ERROR, send "GET /file", read the whole response
//   nbconnect HOST PORT connect  only the non-blocking connect (+ poll/SO_ERROR when in progress)
//
// Prints key=value lines (connect=, errno=, poll=, pollout=, so_error=, response_bytes=) and the
// response between "response_begin" and "response_end". Exit 0 unless the arguments are bad.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *name(int e) {
    const char *n = strerrorname_np(e);
    return n ? n : "?";
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: nbconnect HOST PORT get|connect\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    const char *host = argv[1], *port = argv[2], *mode = argv[3];
    struct addrinfo hints = {0}, *ai;
    hints.ai_socktype = SOCK_STREAM;
    int g = getaddrinfo(host, port, &hints, &ai);
    if (g != 0) {
        printf("gai=%s\n", gai_strerror(g));
        return 0;
    }
    int s = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (s < 0) {
        printf("socket=-1 errno=%s\n", name(errno));
        return 0;
    }
    int r = connect(s, ai->ai_addr, ai->ai_addrlen);
    int e = errno;
    printf("connect=%d errno=%s\n", r, r < 0 ? name(e) : "0");
    if (r < 0 && e != EINPROGRESS) return 0;
    if (r < 0) {
        struct pollfd p = {.fd = s, .events = POLLOUT};
        int pr = poll(&p, 1, 8000);
        printf("poll=%d revents=0x%x pollout=%d\n", pr, p.revents, (p.revents & POLLOUT) ? 1 : 0);
    }
    int soerr = -1;
    socklen_t len = sizeof soerr;
    int gr = getsockopt(s, SOL_SOCKET, SO_ERROR, &soerr, &len);
    printf("so_error=%d%s\n", gr == 0 ? soerr : -1, gr == 0 ? "" : " (getsockopt failed)");
    if (strcmp(mode, "get") != 0 || soerr != 0) return 0;

    char req[512];
    int n = snprintf(req, sizeof req, "GET /file HTTP/1.0\r\nHost: %s:%s\r\n\r\n", host, port);
    int off = 0;
    while (off < n) {
        ssize_t w = write(s, req + off, n - off);
        if (w > 0) {
            off += w;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p = {.fd = s, .events = POLLOUT};
            poll(&p, 1, 5000);
        } else {
            printf("write_errno=%s\n", name(errno));
            return 0;
        }
    }
    static char buf[1 << 16];
    size_t got = 0;
    for (;;) {
        struct pollfd p = {.fd = s, .events = POLLIN};
        int pr = poll(&p, 1, 8000);
        if (pr <= 0) {
            printf("read_poll=%d\n", pr);
            break;
        }
        ssize_t rd = read(s, buf + got, sizeof buf - 1 - got);
        if (rd > 0) {
            got += rd;
            if (got >= sizeof buf - 1) break;
        } else if (rd == 0) {
            break;
        } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
            printf("read_errno=%s\n", name(errno));
            break;
        }
    }
    buf[got] = 0;
    printf("response_bytes=%zu\nresponse_begin\n%s\nresponse_end\n", got, buf);
    close(s);
    return 0;
}
