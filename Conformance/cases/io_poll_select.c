// syscalls: poll ppoll select pselect6 pipe2 socketpair eventfd2 openat
// expect: same
/* poll, ppoll, select and pselect on a mix of descriptors (pipe ends, a socket pair, an eventfd,
 * a regular file, /dev/null, a closed fd) with zero timeouts; revents flags, POLLNVAL, POLLHUP,
 * negative fds ignored, select EBADF, nfds limits. */
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/socket.h>

static void flags(short r) {
    printf("%s%s%s%s%s%s%s", r ? "" : " none", (r & POLLIN) ? " IN" : "", (r & POLLOUT) ? " OUT" : "", (r & POLLHUP) ? " HUP" : "",
           (r & POLLERR) ? " ERR" : "", (r & POLLNVAL) ? " NVAL" : "", (r & POLLRDHUP) ? " RDHUP" : "");
}

int main(void) {
    int p[2], s[2];
    MUST(pipe2(p, O_NONBLOCK));
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, s));
    int ev = eventfd(0, 0);
    char path[] = "/tmp/conf-poll-XXXXXX";
    int f = mkstemp(path);
    unlink(path);
    int null = open("/dev/null", O_RDWR);
    int closed = dup(0); close(closed);
    const char *names[] = { "pipe read", "pipe write", "sock a", "sock b", "eventfd", "regular file", "/dev/null", "closed fd", "negative fd" };
    struct pollfd pf[9] = {
        { p[0], POLLIN | POLLOUT }, { p[1], POLLIN | POLLOUT }, { s[0], POLLIN | POLLOUT | POLLRDHUP }, { s[1], POLLIN | POLLOUT | POLLRDHUP },
        { ev, POLLIN | POLLOUT }, { f, POLLIN | POLLOUT }, { null, POLLIN | POLLOUT }, { closed, POLLIN }, { -5, POLLIN },
    };
    int n = poll(pf, 9, 0);
    printf("poll initial: %d\n", n);
    for (int i = 0; i < 9; i++) { printf("  %s:", names[i]); flags(pf[i].revents); printf("\n"); }

    write(p[1], "x", 1);
    send(s[1], "y", 1, 0);
    eventfd_write(ev, 1);
    shutdown(s[0], SHUT_WR);
    close(p[1]);
    pf[1].fd = -1;
    for (int i = 0; i < 9; i++) pf[i].revents = 77;
    struct timespec zero = { 0, 0 };
    n = ppoll(pf, 9, &zero, NULL);
    printf("ppoll after activity: %d\n", n);
    for (int i = 0; i < 9; i++) { printf("  %s:", names[i]); flags(pf[i].revents); printf("\n"); }
    struct pollfd none_events = { s[1], 0 };
    printf("poll with events 0 on a hung-up socket: %d", poll(&none_events, 1, 0));
    flags(none_events.revents); printf("\n");

    REPORT("poll nfds too large", poll(pf, 1 << 30, 0));
    REPORT("poll bad pointer", poll((struct pollfd *)8, 1, 0));
    printf("poll nothing, 10 ms: %d\n", poll(NULL, 0, 10));
    struct timespec bad = { 0, -1 };
    REPORT("ppoll negative nsec", ppoll(pf, 1, &bad, NULL));
    sigset_t mask; sigemptyset(&mask);
    printf("ppoll with a sigmask: %d\n", ppoll(pf, 1, &zero, &mask));

    fd_set r, w;
    FD_ZERO(&r); FD_ZERO(&w);
    FD_SET(p[0], &r); FD_SET(s[0], &r); FD_SET(s[0], &w); FD_SET(ev, &r); FD_SET(f, &r); FD_SET(null, &w);
    int maxfd = p[0];
    int all[] = { s[0], ev, f, null };
    for (int i = 0; i < 4; i++) if (all[i] > maxfd) maxfd = all[i];
    struct timeval tv = { 0, 0 };
    n = select(maxfd + 1, &r, &w, NULL, &tv);
    printf("select: %d read{pipe %d sock %d eventfd %d file %d} write{sock %d null %d}\n", n, FD_ISSET(p[0], &r),
           FD_ISSET(s[0], &r), FD_ISSET(ev, &r), FD_ISSET(f, &r), FD_ISSET(s[0], &w), FD_ISSET(null, &w));
    FACT("select zero timeout left at zero", tv.tv_sec == 0 && tv.tv_usec == 0);
    fd_set e; FD_ZERO(&e); FD_SET(closed, &e);
    tv.tv_usec = 0;
    REPORT("select with a closed fd", select(closed + 1, &e, NULL, NULL, &tv));
    REPORT("select negative nfds", select(-1, NULL, NULL, NULL, &tv));
    tv.tv_usec = -1;
    REPORT("select negative usec", select(0, NULL, NULL, NULL, &tv));
    tv.tv_sec = 0; tv.tv_usec = 20000;
    printf("select nothing 20 ms: %d\n", select(0, NULL, NULL, NULL, &tv));
    FACT("select updated the timeout to 0", tv.tv_sec == 0 && tv.tv_usec == 0);
    uint64_t v; eventfd_read(ev, &v);
    FD_ZERO(&r); FD_SET(ev, &r);
    struct timespec ts = { 0, 0 };
    printf("pselect drained eventfd: %d\n", pselect(ev + 1, &r, NULL, NULL, &ts, &mask));
    FD_ZERO(&r); FD_SET(ev, &r);
    ts.tv_nsec = 5000000;
    printf("pselect 5 ms timeout: %d\n", pselect(ev + 1, &r, NULL, NULL, &ts, NULL));
    ts.tv_nsec = 1000000000L;
    REPORT("pselect nsec 1e9", pselect(0, NULL, NULL, NULL, &ts, NULL));
    return 0;
}
