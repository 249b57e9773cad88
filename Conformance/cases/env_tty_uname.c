// syscalls: ioctl fstat readlink uname openat
// expect: same
/* What a program sees of its terminal and host: isatty on 0/1/2 (stdin /dev/null, stdout and
 * stderr pipes in both runs), ttyname on a pipe ENOTTY, tcgetattr errors, getlogin (only
 * whether it fails), ctermid, /dev/tty without a controlling terminal, uname field shapes. */
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <termios.h>
#include <sys/ioctl.h>

static const char *kind(int fd) {
    struct stat st;
    if (fstat(fd, &st)) return errname(errno);
    return S_ISFIFO(st.st_mode) ? "fifo" : S_ISCHR(st.st_mode) ? "chr" : S_ISREG(st.st_mode) ? "reg" : S_ISSOCK(st.st_mode) ? "sock" : "other";
}

int main(void) {
    for (int fd = 0; fd < 3; fd++) {
        errno = 0;
        int t = isatty(fd);
        printf("fd %d: kind %s, isatty %d %s\n", fd, kind(fd), t, t ? "" : errname(errno));
    }
    int p[2];
    MUST(pipe(p));
    errno = 0;
    char *tn = ttyname(p[0]);
    printf("ttyname(pipe): %s\n", tn ? "name" : errname(errno));
    char buf[64];
    printf("ttyname_r(pipe): %s\n", errname(ttyname_r(p[0], buf, sizeof buf)));
    printf("ttyname_r(bad fd): %s\n", errname(ttyname_r(99, buf, sizeof buf)));
    struct termios tio;
    REPORT("tcgetattr(pipe)", tcgetattr(p[0], &tio));
    REPORT("tcgetpgrp(pipe)", tcgetpgrp(p[0]));
    struct winsize ws;
    REPORT("TIOCGWINSZ(pipe)", ioctl(p[0], TIOCGWINSZ, &ws));
    errno = 0;
    char *lg = getlogin();
    printf("getlogin: %s\n", lg ? "returns a name" : "fails");
    printf("ctermid: %s\n", ctermid(NULL));
    errno = 0;
    int tty = open("/dev/tty", O_RDWR | O_NOCTTY);
    printf("open /dev/tty: %s\n", tty >= 0 ? "ok" : errname(errno));
    int dn = open("/dev/null", O_RDWR);
    REPORT("tcgetattr(/dev/null)", tcgetattr(dn, &tio));
    FACT("isatty(/dev/null)", isatty(dn));
    int pt = posix_openpt(O_RDWR | O_NOCTTY);
    printf("posix_openpt: %s\n", pt >= 0 ? "ok" : errname(errno));
    if (pt >= 0) {
        FACT("grantpt", grantpt(pt) == 0);
        FACT("unlockpt", unlockpt(pt) == 0);
        const char *sn = ptsname(pt);
        FACT("ptsname under /dev/pts/", sn && strncmp(sn, "/dev/pts/", 9) == 0);
        int sl = sn ? open(sn, O_RDWR | O_NOCTTY) : -1;
        printf("open pts: %s\n", sl >= 0 ? "ok" : errname(errno));
        if (sl >= 0) {
            FACT("isatty(pts)", isatty(sl));
            char *n = ttyname(sl);
            FACT("ttyname(pts) equals ptsname", n && strcmp(n, sn) == 0);
            REPORT("tcgetattr(pts)", tcgetattr(sl, &tio));
            FACT("pts default ICANON|ECHO", (tio.c_lflag & (ICANON | ECHO)) == (ICANON | ECHO));
        }
    }

    struct utsname u;
    MUST(uname(&u));
    printf("sysname: %s\n", u.sysname);
    printf("machine: %s\n", u.machine);
    FACT("release looks like N.N", u.release[0] >= '0' && u.release[0] <= '9' && strchr(u.release, '.') != NULL);
    FACT("version starts with #", u.version[0] == '#');
    FACT("nodename non-empty", u.nodename[0] != 0);
    printf("domainname: %s\n", u.domainname);
    char hn[256];
    MUST(gethostname(hn, sizeof hn));
    FACT("gethostname equals nodename", strcmp(hn, u.nodename) == 0);
    FILE *f = fopen("/proc/sys/kernel/osrelease", "r");
    char rel[128] = "";
    if (f) { if (fgets(rel, sizeof rel, f)) rel[strcspn(rel, "\n")] = 0; fclose(f); }
    FACT("/proc/sys/kernel/osrelease equals release", strcmp(rel, u.release) == 0);
    f = fopen("/proc/sys/kernel/hostname", "r");
    char h2[128] = "";
    if (f) { if (fgets(h2, sizeof h2, f)) h2[strcspn(h2, "\n")] = 0; fclose(f); }
    FACT("/proc/sys/kernel/hostname equals nodename", strcmp(h2, u.nodename) == 0);
    return 0;
}
