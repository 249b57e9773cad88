// syscalls: getpid getppid gettid getuid geteuid getgid getegid getresuid getresgid getgroups
// expect: same
#include "common.h"
#include <sys/syscall.h>
#include <sys/wait.h>

/* Only relations are printed: the sandbox shows uid 1000 and its own pids. */
int main(void) {
    pid_t pid = getpid();
    FACT("pid positive", pid > 0);
    FACT("gettid == getpid in main thread", syscall(SYS_gettid) == pid);
    FACT("getppid != getpid", getppid() != pid);
    FACT("raw getpid == libc getpid", syscall(SYS_getpid) == pid);
    FACT("getuid == geteuid", getuid() == geteuid());
    FACT("getgid == getegid", getgid() == getegid());
    uid_t r, e, s;
    gid_t gr, ge, gs;
    MUST(getresuid(&r, &e, &s));
    MUST(getresgid(&gr, &ge, &gs));
    FACT("getresuid consistent", r == getuid() && e == geteuid() && s == geteuid());
    FACT("getresgid consistent", gr == getgid() && ge == getegid() && gs == getegid());
    FACT("getgroups works", getgroups(0, NULL) >= 0);

    int p[2];
    MUST(pipe(p));
    pid_t child = fork();
    MUST(child);
    if (child == 0) {
        char ok = (getppid() == pid && getpid() != pid) ? 'y' : 'n';
        write(p[1], &ok, 1);
        _exit(0);
    }
    char ok = '?';
    MUST(read(p[0], &ok, 1));
    int st;
    MUST(waitpid(child, &st, 0));
    FACT("child sees parent as getppid", ok == 'y');
    FACT("waitpid on the pid fork returned", WIFEXITED(st));
    return 0;
}
