// syscalls: openat ioctl setsid kill rt_sigaction rt_sigtimedwait wait4 clone close
// expect: same
/* Window size on a pty: the default 0x0, TIOCSWINSZ on the master read back by TIOCGWINSZ on
 * both ends, and SIGWINCH to the foreground process group of the slave: a child makes the slave
 * its controlling terminal (setsid + TIOCSCTTY) and waits for SIGWINCH; a resize to the same size
 * sends none, a change sends one; a resize through the slave too. Runs as uid 1000. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>

static void drop(void) {
    become_guest_ids();
}

static int waitwinch(int ms) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGWINCH);
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    return sigtimedwait(&set, NULL, &ts) == SIGWINCH;
}

int main(void) {
    drop();
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    MUST(m);
    MUST(grantpt(m));
    MUST(unlockpt(m));
    char sn[64];
    MUST(ptsname_r(m, sn, sizeof sn) ? -1 : 0);
    struct winsize w = {0};
    REPORT("TIOCGWINSZ master", ioctl(m, TIOCGWINSZ, &w));
    printf("default: %ux%u\n", w.ws_row, w.ws_col);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGWINCH);
    MUST(sigprocmask(SIG_BLOCK, &set, NULL));
    int go[2], done[2];
    MUST(pipe(go));
    MUST(pipe(done));
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) {
        close(go[1]);
        close(done[0]);
        if (setsid() < 0) { printf("child setsid: %s\n", errname(errno)); _exit(1); }
        int s = open(sn, O_RDWR | O_NOCTTY);
        if (s < 0) { printf("child open slave: %s\n", errname(errno)); _exit(1); }
        REPORT("child TIOCSCTTY", ioctl(s, TIOCSCTTY, 0));
        FACT("child is foreground", tcgetpgrp(s) == getpgrp());
        fflush(stdout);
        char c;
        MUST(write(done[1], "r", 1));
        for (int round = 0; round < 3; round++) {
            if (read(go[0], &c, 1) != 1) _exit(2);
            int got = waitwinch(c == 's' ? 500 : 3000);
            struct winsize cw = {0};
            ioctl(s, TIOCGWINSZ, &cw);
            printf("child round %d: SIGWINCH %s, size %ux%u (%ux%u px)\n", round, got ? "yes" : "no",
                   cw.ws_row, cw.ws_col, cw.ws_xpixel, cw.ws_ypixel);
            fflush(stdout);
            if (round == 2) {
                struct winsize sw = { 10, 20, 0, 0 };
                REPORT("child TIOCSWINSZ on slave", ioctl(s, TIOCSWINSZ, &sw));
                got = waitwinch(3000);
                printf("child: SIGWINCH after own resize: %s\n", got ? "yes" : "no");
                fflush(stdout);
            }
            MUST(write(done[1], "r", 1));
        }
        _exit(0);
    }
    close(go[0]);
    close(done[1]);
    char c;
    MUST(read(done[0], &c, 1));
    struct winsize nw = { 24, 80, 640, 480 };
    REPORT("TIOCSWINSZ 24x80", ioctl(m, TIOCSWINSZ, &nw));
    MUST(write(go[1], "c", 1));
    MUST(read(done[0], &c, 1));
    REPORT("TIOCSWINSZ 24x80 again", ioctl(m, TIOCSWINSZ, &nw));
    MUST(write(go[1], "s", 1));
    MUST(read(done[0], &c, 1));
    nw.ws_row = 50; nw.ws_col = 132;
    REPORT("TIOCSWINSZ 50x132", ioctl(m, TIOCSWINSZ, &nw));
    MUST(write(go[1], "c", 1));
    MUST(read(done[0], &c, 1));
    int st;
    MUST(waitpid(pid, &st, 0));
    printf("child exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    REPORT("TIOCGWINSZ master", ioctl(m, TIOCGWINSZ, &w));
    printf("final: %ux%u\n", w.ws_row, w.ws_col);
    FACT("parent got SIGWINCH (not its terminal)", waitwinch(200));
    REPORT("TIOCSWINSZ on pipe", ioctl(1, TIOCSWINSZ, &nw));
    REPORT("TIOCGWINSZ bad pointer", ioctl(m, TIOCGWINSZ, (void *)8));
    return 0;
}
