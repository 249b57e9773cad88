// syscalls: openat ioctl setsid getsid getpgid setpgid wait4 clone close
// expect: differs (/dev/tty opens the controlling terminal itself; opens by the supervisor never acquire one)
// expect-sandbox: child2 (open without O_NOCTTY) open /dev/tty: ENXIO
/* The controlling terminal: a process without one gets ENXIO from /dev/tty and ENOTTY from
 * TIOCSCTTY before setsid; a child that calls setsid and TIOCSCTTY on the slave gets the slave as
 * its controlling terminal: /dev/tty opens (and is the same device), tcgetpgrp/tcgetsid match,
 * ttyname of /dev/tty's fd, a grandchild inherits it, TIOCNOTTY drops it. Opening a slave without
 * O_NOCTTY as session leader acquires it too. Runs as uid 1000. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>

static void drop(void) {
    become_guest_ids();
}

static char sn[64], sn2[64];

static int newpty(char *name) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    MUST(m);
    MUST(grantpt(m));
    MUST(unlockpt(m));
    MUST(ptsname_r(m, name, 64) ? -1 : 0);
    return m;
}

static void reap(const char *label, pid_t pid) {
    int st;
    MUST(waitpid(pid, &st, 0));
    printf("%s exit: %d\n", label, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static void devtty(const char *label, const char *expect) {
    int t = open("/dev/tty", O_RDWR);
    if (t < 0) { printf("%s open /dev/tty: %s\n", label, errname(errno)); return; }
    printf("%s open /dev/tty: ok\n", label);
    struct stat a, b;
    FACT("  same device as the slave (no: /dev/tty is 5:0)", fstat(t, &a) == 0 && stat(expect, &b) == 0 && a.st_rdev == b.st_rdev);
    FACT("  isatty", isatty(t));
    char *tn = ttyname(t);
    printf("  ttyname: %s\n", !tn ? errname(errno) : strcmp(tn, expect) == 0 ? "the slave" : strcmp(tn, "/dev/tty") == 0 ? "/dev/tty" : "other");
    FACT("  tcgetpgrp is own group", tcgetpgrp(t) == getpgrp());
    close(t);
}

int main(void) {
    drop();
    int m = newpty(sn);
    int m2 = newpty(sn2);
    /* The first process of the sandbox leads its own session (a deliberate property), natively
     * the case does not: the non-leader probes run in a forked child on both sides. */
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) {
    devtty("non-leader", sn);
    int s = open(sn, O_RDWR | O_NOCTTY);
    MUST(s);
    REPORT("non-leader TIOCSCTTY (not session leader)", ioctl(s, TIOCSCTTY, 0));
    errno = 0;
    pid_t fg = tcgetpgrp(s);
    printf("non-leader tcgetpgrp(slave): %s\n", fg < 0 ? errname(errno) : "a group");
    errno = 0;
    pid_t sid = tcgetsid(s);
    printf("non-leader tcgetsid(slave): %s\n", sid < 0 ? errname(errno) : "a session");
    REPORT("non-leader TIOCNOTTY", ioctl(s, TIOCNOTTY));
    close(s);
    fflush(stdout);
    _exit(0);
    }
    reap("non-leader", pid);
    fflush(stdout);

    pid = fork();
    MUST(pid);
    if (pid == 0) {
        REPORT("child setsid", setsid());
        FACT("child is session leader", getsid(0) == getpid());
        int cs = open(sn, O_RDWR | O_NOCTTY);
        MUST(cs);
        devtty("child before TIOCSCTTY", sn);
        REPORT("child TIOCSCTTY", ioctl(cs, TIOCSCTTY, 0));
        devtty("child", sn);
        FACT("child tcgetsid is own session", tcgetsid(cs) == getsid(0));
        FACT("child tcgetpgrp is own group", tcgetpgrp(cs) == getpgrp());
        int cs2 = open(sn2, O_RDWR | O_NOCTTY);
        REPORT("child TIOCSCTTY on a second pty", ioctl(cs2, TIOCSCTTY, 0));
        fflush(stdout);
        pid_t g = fork();
        if (g == 0) {
            devtty("grandchild", sn);
            REPORT("grandchild setpgid(0,0)", setpgid(0, 0));
            FACT("grandchild is foreground after setpgid", tcgetpgrp(cs) == getpgrp());
            REPORT("grandchild TIOCSCTTY (not leader)", ioctl(cs, TIOCSCTTY, 0));
            fflush(stdout);
            _exit(0);
        }
        reap("grandchild", g);
        signal(SIGHUP, SIG_IGN); /* TIOCNOTTY by the leader hangs up its foreground group */
        REPORT("child TIOCNOTTY", ioctl(cs, TIOCNOTTY));
        devtty("child after TIOCNOTTY", sn);
        fflush(stdout);
        _exit(0);
    }
    reap("child", pid);
    fflush(stdout);
    pid = fork();
    MUST(pid);
    if (pid == 0) {
        setsid();
        int cs = open(sn2, O_RDWR); /* no O_NOCTTY: a session leader acquires it */
        if (cs < 0) { printf("child2 open: %s\n", errname(errno)); _exit(1); }
        devtty("child2 (open without O_NOCTTY)", sn2);
        fflush(stdout);
        _exit(0);
    }
    reap("child2", pid);
    devtty("parent at end", sn);
    close(m); close(m2);
    return 0;
}
