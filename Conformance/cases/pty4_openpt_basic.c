// syscalls: openat ioctl read write close poll readlink newfstatat
// expect: same
/* A pseudo-terminal the way programs open one: posix_openpt, grantpt, unlockpt, ptsname (only
 * whether it names /dev/pts/), open of the slave by that name, data both ways (the slave's
 * output gets ONLCR: "\n" reaches the master as "\r\n"), isatty/ttyname on both ends, and
 * ptsname on the slave and on a non-terminal. Runs as uid 1000. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <termios.h>
#include <sys/ioctl.h>

static void drop(void) {
    become_guest_ids();
}

static void show(const char *label, const char *b, ssize_t n) {
    printf("%s: %zd [", label, n);
    for (ssize_t i = 0; i < n; i++) {
        if (b[i] == '\r') printf("\\r");
        else if (b[i] == '\n') printf("\\n");
        else putchar(b[i]);
    }
    printf("]\n");
}

static ssize_t rd(int fd, char *b, size_t n) {
    struct pollfd p = { fd, POLLIN, 0 };
    if (poll(&p, 1, 2000) <= 0) { errno = ETIMEDOUT; return -1; }
    usleep(50000);
    return read(fd, b, n);
}

int main(void) {
    drop();
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    MUST(m);
    FACT("master isatty", isatty(m));
    REPORT("grantpt", grantpt(m));
    REPORT("unlockpt", unlockpt(m));
    char *sn = ptsname(m);
    FACT("ptsname starts with /dev/pts/", sn && strncmp(sn, "/dev/pts/", 9) == 0);
    char snr[64];
    int e = ptsname_r(m, snr, sizeof snr);
    printf("ptsname_r: %s\n", errname(e));
    FACT("ptsname_r equals ptsname", e == 0 && sn && strcmp(snr, sn) == 0);
    printf("ptsname_r small buffer: %s\n", errname(ptsname_r(m, snr, 5)));
    int s = open(snr, O_RDWR | O_NOCTTY);
    MUST(s);
    FACT("slave isatty", isatty(s));
    char *tn = ttyname(s);
    FACT("ttyname(slave) equals ptsname", tn && strcmp(tn, snr) == 0);
    errno = 0;
    tn = ttyname(m);
    /* natively /dev/ptmx is a node here, in the sandbox a link to pts/ptmx (either is right) */
    printf("ttyname(master): %s\n", !tn ? errname(errno) : (strcmp(tn, "/dev/ptmx") == 0 || strcmp(tn, "/dev/pts/ptmx") == 0) ? "a ptmx" : tn);
    char lnk[128];
    snprintf(lnk, sizeof lnk, "/proc/self/fd/%d", s);
    char tgt[128] = "";
    ssize_t n = readlink(lnk, tgt, sizeof tgt - 1);
    if (n > 0) tgt[n] = 0;
    FACT("/proc/self/fd link of slave equals ptsname", n > 0 && strcmp(tgt, snr) == 0);
    errno = 0;
    char *ps = ptsname(s);
    printf("ptsname(slave): %s\n", ps ? "name" : errname(errno));
    errno = 0;
    ps = ptsname(1);
    printf("ptsname(stdout pipe): %s\n", ps ? "name" : errname(errno));
    REPORT("unlockpt(stdout pipe)", unlockpt(1));

    char buf[256];
    MUST(write(s, "out\n", 4));
    n = rd(m, buf, sizeof buf);
    if (n < 0) printf("master read: %s\n", errname(errno)); else show("master read", buf, n);
    /* the master's input is echoed back and reaches the slave as a line */
    MUST(write(m, "in\n", 3));
    n = rd(s, buf, sizeof buf);
    if (n < 0) printf("slave read: %s\n", errname(errno)); else show("slave read", buf, n);
    n = rd(m, buf, sizeof buf);
    if (n < 0) printf("master echo: %s\n", errname(errno)); else show("master echo", buf, n);
    int avail = -1;
    REPORT("FIONREAD(master)", ioctl(m, FIONREAD, &avail));
    printf("master bytes waiting: %d\n", avail);
    close(s);
    close(m);
    return 0;
}
