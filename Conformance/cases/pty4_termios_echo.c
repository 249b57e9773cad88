// syscalls: openat ioctl read write close poll
// expect: same
/* termios through a pty: default flags on the slave, ECHO on (the master's input comes back
 * on the master) and off (nothing comes back), canonical line editing (backspace), raw mode by
 * cfmakeraw (a single byte is readable at once, output is not post-processed), tcsetattr
 * TCSANOW/TCSAFLUSH, the master sees the same termios, tcflush. Runs as uid 1000. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <termios.h>
#include <sys/ioctl.h>

static void drop(void) {
    become_guest_ids();
}

static void show(const char *label, int fd, int ms) {
    char b[256];
    struct pollfd p = { fd, POLLIN, 0 };
    if (poll(&p, 1, ms) <= 0) { printf("%s: nothing\n", label); return; }
    usleep(50000);
    ssize_t n = read(fd, b, sizeof b);
    if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: %zd [", label, n);
    for (ssize_t i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c == '\r') printf("\\r");
        else if (c == '\n') printf("\\n");
        else if (c < 32 || c >= 127) printf("\\x%02x", c);
        else putchar(c);
    }
    printf("]\n");
}

int main(void) {
    drop();
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    MUST(m);
    MUST(grantpt(m));
    MUST(unlockpt(m));
    int s = open(ptsname(m), O_RDWR | O_NOCTTY);
    MUST(s);
    struct termios t, mt;
    MUST(tcgetattr(s, &t));
    FACT("ICANON", t.c_lflag & ICANON);
    FACT("ECHO", t.c_lflag & ECHO);
    FACT("ISIG", t.c_lflag & ISIG);
    FACT("ONLCR", t.c_oflag & ONLCR);
    FACT("ICRNL", t.c_iflag & ICRNL);
    printf("VERASE: %d VINTR: %d VEOF: %d\n", t.c_cc[VERASE], t.c_cc[VINTR], t.c_cc[VEOF]);
    printf("CSIZE is CS8: %s\n", (t.c_cflag & CSIZE) == CS8 ? "yes" : "no");
    printf("ospeed B38400: %s\n", cfgetospeed(&t) == B38400 ? "yes" : "no");
    REPORT("tcgetattr(master)", tcgetattr(m, &mt));
    FACT("master termios equals slave's", mt.c_lflag == t.c_lflag && mt.c_iflag == t.c_iflag);

    printf("-- echo on\n");
    MUST(write(m, "ab\n", 3));
    show("master sees", m, 1000);
    show("slave reads", s, 1000);
    printf("-- carriage return and backspace\n");
    MUST(write(m, "xy\x7fz\r", 5));
    show("master sees", m, 1000);
    show("slave reads", s, 1000);
    printf("-- partial line is not readable\n");
    MUST(write(m, "part", 4));
    show("slave reads", s, 300);
    MUST(write(m, "\n", 1));
    show("slave reads after newline", s, 1000);
    show("master sees", m, 1000);

    printf("-- echo off\n");
    struct termios q = t;
    q.c_lflag &= ~ECHO;
    REPORT("tcsetattr TCSANOW", tcsetattr(s, TCSANOW, &q));
    MUST(tcgetattr(s, &q));
    FACT("ECHO", q.c_lflag & ECHO);
    MUST(write(m, "secret\n", 7));
    show("master sees", m, 300);
    show("slave reads", s, 1000);

    printf("-- raw\n");
    struct termios r = t;
    cfmakeraw(&r);
    REPORT("tcsetattr TCSAFLUSH raw", tcsetattr(s, TCSAFLUSH, &r));
    MUST(tcgetattr(m, &mt));
    FACT("master sees ICANON", mt.c_lflag & ICANON);
    FACT("master sees OPOST", mt.c_oflag & OPOST);
    MUST(write(m, "k", 1));
    show("slave reads single byte", s, 1000);
    show("master sees", m, 300);
    MUST(write(m, "\x03\r", 2));
    show("slave reads ^C and CR", s, 1000);
    MUST(write(s, "o\n", 2));
    show("master reads slave output", m, 1000);

    printf("-- flush\n");
    MUST(write(m, "junk", 4));
    usleep(50000);
    REPORT("tcflush TCIFLUSH", tcflush(s, TCIFLUSH));
    show("slave reads after flush", s, 300);
    REPORT("tcdrain", tcdrain(s));
    REPORT("tcsetattr bad action", tcsetattr(s, 42, &t));
    REPORT("tcsetattr restore", tcsetattr(s, TCSANOW, &t));
    MUST(tcgetattr(s, &q));
    FACT("restored ICANON|ECHO", (q.c_lflag & (ICANON | ECHO)) == (ICANON | ECHO));
    close(s);
    close(m);
    return 0;
}
