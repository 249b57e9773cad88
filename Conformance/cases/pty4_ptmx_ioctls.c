// syscalls: openat ioctl close newfstatat fstat
// expect: same
/* openpty by hand: open /dev/ptmx directly, TIOCGPTN (the number matches ptsname; not printed),
 * the slave is locked until TIOCSPTLCK 0 (open gives EIO), relocking, TIOCGPTLCK, TIOCGPTPEER
 * (a slave fd without a path lookup, with and without O_NOCTTY/O_CLOEXEC), and the master-only
 * ioctls on the slave and on /dev/null. Runs as uid 1000. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

static void drop(void) {
    become_guest_ids();
}

int main(void) {
    drop();
    int m = open("/dev/ptmx", O_RDWR | O_NOCTTY);
    MUST(m);
    unsigned n = 9999;
    REPORT("TIOCGPTN", ioctl(m, TIOCGPTN, &n));
    char name[64];
    snprintf(name, sizeof name, "/dev/pts/%u", n);
    char *sn = ptsname(m);
    FACT("ptsname equals /dev/pts/<TIOCGPTN>", sn && strcmp(sn, name) == 0);
    int lk = -1;
    REPORT("TIOCGPTLCK", ioctl(m, TIOCGPTLCK, &lk));
    printf("locked at open: %d\n", lk);
    REPORT("open slave while locked", open(name, O_RDWR | O_NOCTTY));
    REPORT("TIOCGPTPEER while locked", ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));
    int zero = 0, one = 1;
    REPORT("TIOCSPTLCK 0", ioctl(m, TIOCSPTLCK, &zero));
    REPORT("TIOCGPTLCK", ioctl(m, TIOCGPTLCK, &lk));
    printf("locked: %d\n", lk);
    int s = open(name, O_RDWR | O_NOCTTY);
    printf("open slave unlocked: %s\n", s >= 0 ? "ok" : errname(errno));
    REPORT("TIOCSPTLCK 1", ioctl(m, TIOCSPTLCK, &one));
    REPORT("open slave relocked", open(name, O_RDWR | O_NOCTTY));
    REPORT("TIOCSPTLCK 0 again", ioctl(m, TIOCSPTLCK, &zero));
    int p = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    printf("TIOCGPTPEER: %s\n", p >= 0 ? "ok" : errname(errno));
    if (p >= 0) {
        FACT("peer isatty", isatty(p));
        FACT("peer close-on-exec", fcntl(p, F_GETFD) & FD_CLOEXEC);
        printf("peer access mode O_RDWR: %s\n", (fcntl(p, F_GETFL) & O_ACCMODE) == O_RDWR ? "yes" : "no");
        struct stat a, b;
        FACT("peer is the same device as the named slave",
             s >= 0 && fstat(p, &a) == 0 && fstat(s, &b) == 0 && a.st_rdev == b.st_rdev);
        char *tn = ttyname(p);
        FACT("ttyname(peer) equals ptsname", tn && sn && strcmp(tn, sn) == 0);
        MUST(write(p, "x", 1));
        char c = 0;
        REPORT("master reads peer's byte", read(m, &c, 1));
        printf("byte: %c\n", c);
        close(p);
    }
    int ro = ioctl(m, TIOCGPTPEER, O_RDONLY | O_NOCTTY);
    printf("TIOCGPTPEER O_RDONLY: %s\n", ro >= 0 ? "ok" : errname(errno));
    if (ro >= 0) { REPORT("write to read-only peer", write(ro, "y", 1)); close(ro); }
    REPORT("TIOCGPTPEER unknown flag", ioctl(m, TIOCGPTPEER, O_NOCTTY | 0x40000000));
    if (s >= 0) {
        REPORT("TIOCGPTN on slave", ioctl(s, TIOCGPTN, &n));
        REPORT("TIOCSPTLCK on slave", ioctl(s, TIOCSPTLCK, &zero));
        REPORT("TIOCGPTPEER on slave", ioctl(s, TIOCGPTPEER, O_RDWR));
    }
    int dn = open("/dev/null", O_RDWR);
    REPORT("TIOCGPTN on /dev/null", ioctl(dn, TIOCGPTN, &n));
    REPORT("TIOCGPTPEER on /dev/null", ioctl(dn, TIOCGPTPEER, O_RDWR));
    REPORT("TIOCGPTN on pipe", ioctl(1, TIOCGPTN, &n));
    REPORT("open /dev/ptmx O_RDONLY", open("/dev/ptmx", O_RDONLY | O_NOCTTY));
    REPORT("open /dev/pts/99999", open("/dev/pts/99999", O_RDWR | O_NOCTTY));
    close(m);
    REPORT("open slave after master closed", open(name, O_RDWR | O_NOCTTY));
    return 0;
}
