// syscalls: openat ioctl read write close poll
// expect: same
/* Hangup on a pty: after the last slave fd closes, the master first gives the slave's pending
 * output, then EIO (POLLHUP); writing to the master still succeeds; a reopened slave clears the
 * hangup. When the master closes, the slave reads EOF (0) and writes EIO, poll shows POLLHUP.
 * Runs as uid 1000. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sys/ioctl.h>

static void drop(void) {
    become_guest_ids();
}

static void pollshow(const char *label, int fd) {
    struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
    int r = poll(&p, 1, 500);
    printf("%s: poll %d%s%s%s%s\n", label, r, p.revents & POLLIN ? " IN" : "", p.revents & POLLOUT ? " OUT" : "",
           p.revents & POLLHUP ? " HUP" : "", p.revents & POLLERR ? " ERR" : "");
}

static void rd(const char *label, int fd) {
    char b[64];
    ssize_t n = read(fd, b, sizeof b);
    if (n < 0) printf("%s: %s\n", label, errname(errno));
    else printf("%s: %zd [%.*s]\n", label, n, (int)(n > 0 && b[n - 1] == '\n' ? n - 2 : n), b);
}

int main(void) {
    drop();
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    MUST(m);
    MUST(grantpt(m));
    MUST(unlockpt(m));
    char sn[64];
    MUST(ptsname_r(m, sn, sizeof sn) ? -1 : 0);
    pollshow("master before any slave open", m);
    int s = open(sn, O_RDWR | O_NOCTTY);
    MUST(s);
    pollshow("master with slave open", m);
    MUST(write(s, "last\n", 5));
    int s2 = dup(s);
    close(s);
    usleep(100000);
    pollshow("master, one dup of the slave still open", m);
    rd("master read", m);
    close(s2);
    usleep(100000);
    pollshow("master after slave closed", m);
    rd("master read after slave closed", m);
    int fl = fcntl(m, F_GETFL);
    MUST(fcntl(m, F_SETFL, fl | O_NONBLOCK));
    rd("master nonblocking read after hangup", m);
    MUST(fcntl(m, F_SETFL, fl));
    REPORT("master write after hangup", write(m, "x\n", 2));
    s = open(sn, O_RDWR | O_NOCTTY);
    printf("reopen slave: %s\n", s >= 0 ? "ok" : errname(errno));
    usleep(200000);
    pollshow("master after reopen", m);
    struct pollfd pf = { m, POLLIN, 0 };
    if (poll(&pf, 1, 300) == 1) rd("master read after reopen (echo)", m);
    if (s >= 0) {
        MUST(fcntl(s, F_SETFL, O_NONBLOCK));
        rd("slave read of input written during hangup", s);
        MUST(fcntl(s, F_SETFL, 0));
    }
    close(m);
    usleep(100000);
    if (s >= 0) {
        pollshow("slave after master closed", s);
        rd("slave read after master closed", s);
        REPORT("slave write after master closed", write(s, "y", 1));
        int q = 0;
        REPORT("slave FIONREAD after master closed", ioctl(s, FIONREAD, &q));
        close(s);
    }
    REPORT("open slave after both closed", open(sn, O_RDWR | O_NOCTTY));
    return 0;
}
