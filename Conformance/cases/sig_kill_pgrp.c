// syscalls: kill setpgid getpgid clone wait4 rt_sigaction
// expect: same
/* Signals to a process group: kill(-pgid) reaches every member and no one outside; kill(0)
 * reaches the caller's own group; a group with no members is ESRCH; killpg with sig 0 checks
 * existence. */
#include "common.h"
#include <signal.h>
#include <sys/wait.h>

static pid_t member(pid_t pgid, int ready_fd) {
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        if (setpgid(0, pgid) != 0) _exit(90);
        write(ready_fd, "r", 1);
        for (;;) pause();
    }
    setpgid(c, pgid ? pgid : c); /* both sides, to avoid the race */
    char b;
    (void)b;
    return c;
}

static void ended(const char *label, pid_t c) {
    int st;
    pid_t r = waitpid(c, &st, WNOHANG);
    for (int i = 0; i < 200 && r == 0; i++) { usleep(10000); r = waitpid(c, &st, WNOHANG); }
    if (r == 0) printf("%s: still running\n", label);
    else if (WIFSIGNALED(st)) printf("%s: killed by %s\n", label, sigabbrev_np(WTERMSIG(st)));
    else printf("%s: exited %d\n", label, WEXITSTATUS(st));
}

int main(void) {
    int p[2];
    MUST(pipe(p));
    pid_t a = member(0, p[1]);
    pid_t b = member(a, p[1]);
    pid_t c = member(a, p[1]);
    pid_t other = member(0, p[1]);
    char buf[4];
    for (int i = 0; i < 4; i++) MUST(read(p[0], buf, 1));
    FACT("getpgid(b) is a", getpgid(b) == a);
    FACT("getpgid(other) is other", getpgid(other) == other);
    FACT("group differs from ours", getpgid(a) != getpgrp());
    REPORT("killpg(a, 0)", killpg(a, 0));
    REPORT("kill(-a, SIGTERM)", kill(-a, SIGTERM));
    ended("a", a);
    ended("b", b);
    ended("c", c);
    int st;
    FACT("other still running", waitpid(other, &st, WNOHANG) == 0);
    REPORT("kill(-a, 0) after the group is reaped", kill(-a, 0));
    REPORT("killpg(other, SIGUSR1)", killpg(other, SIGUSR1));
    ended("other", other);

    /* kill(0, sig) reaches the caller's own group: done in a child leading a new group, so the
     * signal stays inside the case */
    fflush(stdout);
    pid_t leader = fork();
    MUST(leader);
    if (leader == 0) {
        setpgid(0, 0);
        signal(SIGUSR2, SIG_IGN);
        pid_t same = fork();
        if (same == 0) {
            signal(SIGUSR2, SIG_DFL);
            write(p[1], "r", 1);
            for (;;) pause();
        }
        read(p[0], buf, 1);
        REPORT("kill(0, SIGUSR2)", kill(0, SIGUSR2));
        ended("child in the leader's group", same);
        printf("leader survived SIGUSR2 (ignored)\n");
        fflush(stdout);
        _exit(0);
    }
    ended("leader", leader);
    /* a process group with a stopped member that becomes orphaned gets SIGHUP then SIGCONT:
     * a middle process leads a new group with a stopped child, then exits */
    int q[2];
    MUST(pipe(q));
    fflush(stdout);
    pid_t mid = fork();
    MUST(mid);
    if (mid == 0) {
        setpgid(0, 0);
        pid_t g = fork();
        if (g == 0) {
            signal(SIGHUP, SIG_IGN);
            close(q[0]);
            raise(SIGSTOP);
            /* continued by the kernel's SIGCONT after the orphaning */
            write(q[1], "c", 1);
            _exit(0);
        }
        /* wait until g is stopped, then exit, orphaning the group */
        int gs;
        waitpid(g, &gs, WUNTRACED);
        _exit(WIFSTOPPED(gs) ? 0 : 1);
    }
    close(q[1]);
    int ms;
    MUST(waitpid(mid, &ms, 0));
    printf("middle process saw its child stop: %s\n", WIFEXITED(ms) && WEXITSTATUS(ms) == 0 ? "yes" : "no");
    char cb = 0;
    ssize_t got = read(q[0], &cb, 1);
    printf("orphaned stopped child was continued: %s\n", got == 1 && cb == 'c' ? "yes" : "no");
    close(q[0]);

    REPORT("kill(-1 group that does not exist)", kill(-0x3fffffff, SIGTERM));
    REPORT("killpg negative", killpg(-5, SIGTERM));
    return 0;
}
