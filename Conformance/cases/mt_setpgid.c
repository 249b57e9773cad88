// syscalls: setpgid getpgid getpgrp setsid getsid execve clone wait4
// expect: same
/* setpgid rules: a parent may move its child into a new group or an existing group of the same
 * session; not once the child has exec'd (EACCES); not a child in another session (EPERM); not a
 * process that is not its child (ESRCH); not into a group of another session (EPERM); a session
 * leader may not change its group (EPERM); negative pgid is EINVAL. getpgid of a child, of a
 * missing pid (ESRCH). */
#include "common.h"
#include <signal.h>
#include <sys/wait.h>

static int p[2], q[2];

static pid_t child(int mode) {
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        close(p[1]);
        if (mode == 1) setsid();
        if (mode == 2) { write(q[1], "x", 1); execl("/bin/sleep", "sleep", "30", (char *)NULL); _exit(9); }
        write(q[1], "x", 1);
        char b;
        read(p[0], &b, 1);
        _exit(0);
    }
    char b;
    MUST(read(q[0], &b, 1));
    return c;
}

int main(void) {
    MUST(pipe(p));
    MUST(pipe(q));
    pid_t a = child(0);
    FACT("child starts in our group", getpgid(a) == getpgrp());
    REPORT("setpgid(child, child)", setpgid(a, a));
    FACT("getpgid(child) is now child", getpgid(a) == a);
    pid_t b = child(0);
    REPORT("setpgid(b, a): join a's group", setpgid(b, a));
    FACT("getpgid(b) is a", getpgid(b) == a);
    REPORT("setpgid(b, 0): own group", setpgid(b, 0));
    FACT("getpgid(b) is b", getpgid(b) == b);
    REPORT("setpgid(b, getpgrp()): back to ours", setpgid(b, getpgrp()));
    REPORT("setpgid(b, -1)", setpgid(b, -1));
    REPORT("setpgid(b, missing group)", setpgid(b, 0x3ffffff0));
    REPORT("setpgid(missing pid, 0)", setpgid(0x3ffffff0, 0));
    REPORT("setpgid(parent, 0): not our child", setpgid(getppid(), 0));
    REPORT("getpgid(missing)", getpgid(0x3ffffff0));
    REPORT("getpgid(-1)", getpgid(-1));

    pid_t s = child(1);
    usleep(20000);
    FACT("child in its own session", getsid(s) == s);
    REPORT("setpgid(session child, ours)", setpgid(s, getpgrp()));
    REPORT("setpgid(b, session child's group)", setpgid(b, s));
    REPORT("setpgid(session child, session child)", setpgid(s, s));

    pid_t e = child(2);
    usleep(100000); /* let the exec happen */
    REPORT("setpgid(exec'd child, 0)", setpgid(e, 0));
    kill(e, SIGKILL);
    waitpid(e, NULL, 0);

    /* in a child that is a session leader, setpgid(0, 0) is EPERM; setsid twice is EPERM */
    fflush(stdout);
    pid_t l = fork();
    MUST(l);
    if (l == 0) {
        setsid();
        REPORT("session leader setpgid(0, 0)", setpgid(0, 0));
        REPORT("session leader setsid again", setsid());
        fflush(stdout);
        _exit(0);
    }
    waitpid(l, NULL, 0);
    fflush(stdout);
    l = fork();
    MUST(l);
    if (l == 0) {
        setpgid(0, 0);
        REPORT("group leader setsid", setsid());
        fflush(stdout);
        _exit(0);
    }
    waitpid(l, NULL, 0);

    close(p[1]);
    int st, n = 0;
    while (wait(&st) > 0) n++;
    printf("children reaped: %d\n", n);
    return 0;
}
